// runCheck end to end over a fake Transport: the orchestration (locate → exchange → assess → probe
// → result) without a network. The real transport and servers are covered by the integration and
// end-to-end suites; here each answer is chosen by the test.
import { describe, expect, test } from '@jest/globals'
import { runCheck } from '../../src/check.js'
import { explainFailure } from '../../src/findings/enrich.js'
import { finding } from '../../src/findings/codes.js'
import type { HttpOutcome, HttpRequest, Transport } from '../../src/net/outcome.js'
import { makeSpec, secret } from '../helpers/spec.js'

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpOutcome => ({
  kind: 'response',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
  latencyMs: 5,
  tries: 1
})
const TOKEN = json(200, { access_token: 'at-123456789', token_type: 'Bearer', expires_in: 3600 })
const BAD_CLIENT = json(401, { error: 'invalid_client', error_description: 'Bad client credentials' })

/** A fake network: records every request and answers with `answer`. */
function fake(answer: (r: HttpRequest) => HttpOutcome): { transport: Transport; sent: HttpRequest[]; masked: string[]; deps: Parameters<typeof runCheck>[1] } {
  const sent: HttpRequest[] = []
  const masked: string[] = []
  const transport: Transport = async r => {
    sent.push(r)
    return answer(r)
  }
  return { transport, sent, masked, deps: { transport, mask: v => void masked.push(v), userAgent: 'test', now: () => Date.parse('2026-01-01T00:00:00Z') } }
}
const basicOnly = (r: HttpRequest): HttpOutcome => (r.headers['Authorization']?.startsWith('Basic ') ? TOKEN : BAD_CLIENT)

describe('runCheck', () => {
  test('server wants Basic, auto: one request, healthy, the secret masked before it is sent, the token masked', async () => {
    const f = fake(basicOnly)
    const order: string[] = []
    const run = await runCheck(makeSpec(), { ...f.deps, mask: v => void order.push(`mask:${v}`), transport: async r => (order.push('send'), basicOnly(r)) })
    expect(run.result).toMatchObject({ status: 'healthy', verdict: 'valid', authMethod: 'client_secret_basic', placement: 'header', httpStatus: 200, expiresIn: 3600 })
    expect(run.result.findings.map(x => x.code)).toEqual(['AUTH_PLACEMENT_DETECTED'])
    expect(run.accessToken).toBe('at-123456789')
    expect(order.indexOf('mask:plainSecret123')).toBeLessThan(order.indexOf('send'))
    expect(order).toContain('mask:at-123456789')
  })

  test('server wants the body but the check sends the header: AUTH_PLACEMENT_MISMATCH, misconfigured, both attempts reported', async () => {
    const f = fake(r => (new URLSearchParams(r.body).has('client_secret') ? TOKEN : BAD_CLIENT))
    const run = await runCheck(makeSpec(secret('header')), f.deps)
    expect(run.result.findings.map(x => x.code)).toEqual(['AUTH_PLACEMENT_MISMATCH'])
    expect(run.result).toMatchObject({ status: 'failing', verdict: 'misconfigured', placement: 'body' })
    expect(run.result.attempts.map(a => [a.authMethod, a.outcome])).toEqual([
      ['client_secret_basic', 'rejected'],
      ['client_secret_post', 'token']
    ])
  })

  test('discovery: metadata on the issuer origin → its token endpoint is used; the report names it', async () => {
    const f = fake(r =>
      r.method === 'GET'
        ? json(200, { issuer: 'https://id.example.com', token_endpoint: 'https://id.example.com/oauth/token', token_endpoint_auth_methods_supported: ['client_secret_post'] })
        : new URLSearchParams(r.body).has('client_secret')
          ? TOKEN
          : BAD_CLIENT
    )
    const run = await runCheck(makeSpec({ endpoint: { kind: 'discover', issuer: 'https://id.example.com', tokenUrl: null } }), f.deps)
    expect(f.sent.map(r => `${r.method} ${r.url}`)).toEqual(['GET https://id.example.com/.well-known/openid-configuration', 'POST https://id.example.com/oauth/token'])
    expect(run.result).toMatchObject({ status: 'healthy', tokenUrl: 'https://id.example.com/oauth/token', issuer: 'https://id.example.com', placement: 'body' })
  })

  test('discovery names an issuer on another origin: DISCOVERY_FAILED, and no token request is sent', async () => {
    const f = fake(() => json(200, { issuer: 'https://evil.example.net', token_endpoint: 'https://evil.example.net/token' }))
    const run = await runCheck(makeSpec({ endpoint: { kind: 'discover', issuer: 'https://id.example.com', tokenUrl: null } }), f.deps)
    expect(run.result.findings.map(x => x.code)).toEqual(['DISCOVERY_FAILED'])
    expect(f.sent.every(r => r.method === 'GET')).toBe(true)
  })

  test('a server echoing the secret: the result never carries it', async () => {
    const f = fake(() => json(401, { error: 'invalid_client', error_description: 'got secret plainSecret123' }))
    const run = await runCheck(makeSpec(), f.deps)
    expect(run.result.findings.map(x => x.code)).toEqual(['INVALID_CLIENT'])
    expect(JSON.stringify(run.result)).not.toContain('plainSecret123')
  })

  test('the probe receives the real token, and its refusal is PROBE_FAILED', async () => {
    const f = fake(r => (r.url.startsWith('https://api.') ? json(403, {}) : TOKEN))
    const probe = { url: 'https://api.example.com/me', relativeTo: null, method: 'GET', expected: [[200, 299]] as const, expectedText: '2xx' }
    const run = await runCheck(makeSpec({ probe }), f.deps)
    expect(f.sent.at(-1)?.headers['Authorization']).toBe('Bearer at-123456789')
    expect(run.result.findings.map(x => x.code)).toContain('PROBE_FAILED')
    expect(run.result.probe).toMatchObject({ httpStatus: 403, accepted: false })
  })
})

describe('explainFailure', () => {
  test('a hand-written Genesys API URL gets the login-host hint; the metadata without the grant adds its hint', () => {
    const [f] = explainFailure([finding('INVALID_CLIENT', 'rejected')], {
      attempts: [],
      tried: '',
      grantType: 'client_credentials',
      metadata: { url: 'm', issuer: null, tokenEndpoint: 't', authMethods: null, grantTypes: ['authorization_code'], signingAlgs: null, mtlsTokenEndpoint: null },
      tokenUrl: 'https://api.mypurecloud.de/api/v2/oauth/token'
    })
    expect(f?.hint).toContain('This is a Genesys Cloud API URL; tokens come from the login host: https://login.mypurecloud.de/oauth/token')
    expect(f?.hint).toContain('does not list client_credentials among its grants')
  })
  test('warnings and notices are left as they are', () => {
    const notice = finding('AUTH_PLACEMENT_DETECTED', 'x')
    expect(explainFailure([notice], { attempts: [], tried: '', grantType: 'client_credentials', metadata: undefined, tokenUrl: 'https://api.mypurecloud.de/x' })).toEqual([notice])
  })
})
