// The grant layer: the password grant's request (RFC 6749 §4.3), two credentials judged apart
// (invalid_client vs invalid_grant), masking of every form of the grant's credentials, and the
// tenant lookup that follows a CXone token.
import { describe, expect, test } from '@jest/globals'
import { readApiEndpoint, tenantOf } from '../../src/assess/api-endpoint.js'
import { credentialForms } from '../../src/check.js'
import { buildTokenRequest, conclude, nextPlan } from '../../src/client-auth/client-secret.js'
import type { AttemptRecord, SecretPlan } from '../../src/client-auth/types.js'
import { judgedByGrant } from '../../src/exchange/attempts.js'
import type { AttemptResult } from '../../src/exchange/classify.js'
import { finding } from '../../src/findings/codes.js'
import type { CheckSpec } from '../../src/spec.js'
import { makeSpec } from '../helpers/spec.js'

const KEY_ID = 'AKCX9TQ4ZP2MNB7L6W3R5Y8H1'
const KEY_SECRET = 'kS7d+Qf/2m Zp9=' // '+', '/', a space and a trailing '=': form-encoding matters
const passwordSpec = (over: Partial<CheckSpec> = {}): CheckSpec => makeSpec({ grant: { type: 'password', username: KEY_ID, password: KEY_SECRET }, ...over })

const invalidGrant: AttemptResult = {
  kind: 'failed',
  finding: finding('OAUTH_ERROR', 'The token endpoint answered HTTP 400 invalid_grant ("invalid access key").'),
  error: { error: 'invalid_grant', description: 'invalid access key', errorCodes: [] }
}

describe('the password grant request', () => {
  test('grant_type=password with username and password form-encoded, and the client in the Basic header only', () => {
    const plan: SecretPlan = { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false }
    const r = buildTokenRequest(passwordSpec({ scope: 'openid' }), plan, 'ua')
    expect(r.body).toBe(`grant_type=password&username=${KEY_ID}&password=kS7d%2BQf%2F2m+Zp9%3D&scope=openid`)
    expect(new URLSearchParams(r.body).get('password')).toBe(KEY_SECRET)
    expect(r.headers['Authorization']).toMatch(/^Basic /)
    expect(r.body).not.toContain('client_secret')
  })
  test('in the body placement the client joins the same body', () => {
    const plan: SecretPlan = { family: 'client_secret', placement: 'body', basicEncoding: 'form', trimmed: false }
    const body = new URLSearchParams(buildTokenRequest(passwordSpec(), plan, 'ua').body)
    expect([...body.keys()]).toEqual(['grant_type', 'username', 'password', 'client_id', 'client_secret'])
  })
  test('a trimmed plan trims username and password too (diagnosis only)', () => {
    const plan: SecretPlan = { family: 'client_secret', placement: 'body', basicEncoding: 'form', trimmed: true }
    const body = new URLSearchParams(buildTokenRequest(passwordSpec({ grant: { type: 'password', username: ` ${KEY_ID}`, password: `${KEY_SECRET}\n` } }), plan, 'ua').body)
    expect([body.get('username'), body.get('password')]).toEqual([KEY_ID, KEY_SECRET])
  })
})

describe('two credentials, two verdicts', () => {
  test('invalid_grant to the password grant → USER_CREDENTIALS_REJECTED, still a failure that ends the search', () => {
    const judged = judgedByGrant(passwordSpec(), invalidGrant)
    expect(judged.kind === 'failed' && judged.finding.code).toBe('USER_CREDENTIALS_REJECTED')
    const attempts: AttemptRecord<SecretPlan>[] = [
      { plan: { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false }, result: judged, httpStatus: 400, latencyMs: 1, tries: 1 }
    ]
    expect(nextPlan(passwordSpec(), attempts)).toBeUndefined()
    expect(conclude(passwordSpec(), attempts).findings.map(f => f.code)).toEqual(['USER_CREDENTIALS_REJECTED'])
  })
  test('invalid_grant to client_credentials is not about a user (Salesforce says it for a wrong host): it stays as classified', () => {
    expect(judgedByGrant(makeSpec(), invalidGrant)).toBe(invalidGrant)
  })
  test('invalid_client with the password grant stays a client rejection, and the hint says the access key was not judged', () => {
    const rejected: AttemptResult = { kind: 'rejected', error: { error: 'invalid_client', description: '', errorCodes: [] }, shape: 'invalid_client' }
    expect(judgedByGrant(passwordSpec(), rejected)).toBe(rejected)
    const attempts: AttemptRecord<SecretPlan>[] = [
      { plan: { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false }, result: rejected, httpStatus: 401, latencyMs: 1, tries: 1 }
    ]
    const [f] = conclude(passwordSpec({ clientAuth: { method: 'client_secret', placement: 'header' }, diagnose: false }), attempts).findings
    expect(f?.code).toBe('INVALID_CLIENT')
    expect(f?.hint).toContain("the password grant's username and password were not judged")
  })
  test('with whitespace in the password, invalid_grant earns one trimmed try in the same place, not another placement', () => {
    const spec = passwordSpec({ grant: { type: 'password', username: KEY_ID, password: `${KEY_SECRET}\n` } })
    const first = { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false } as const
    const next = nextPlan(spec, [{ plan: first, result: judgedByGrant(spec, invalidGrant), httpStatus: 400, latencyMs: 1, tries: 1 }])
    expect(next).toEqual({ ...first, trimmed: true })
  })
})

test('every form of the grant\'s credentials is masked with the client secret\'s', () => {
  const forms = credentialForms(passwordSpec())
  for (const form of [KEY_ID, KEY_SECRET, 'kS7d%2BQf%2F2m+Zp9%3D', encodeURIComponent(KEY_SECRET)]) expect(forms).toContain(form)
})

describe('the tenant\'s API host', () => {
  const jwt = (claims: object): string => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`
  const grant = (...others: string[]) => ({ accessToken: 'opaque', tokenType: 'Bearer', expiresIn: 3600, scope: undefined, otherSecrets: others })
  test('the tenant comes from the id token\'s tenantId claim', () => {
    expect(tenantOf(grant('refresh.with.dots', jwt({ tenantId: 't-1' })), 'tenantId')).toBe('t-1')
    expect(tenantOf(grant(jwt({ sub: 'x' })), 'tenantId')).toBeUndefined()
  })
  test('api_endpoint must be an http(s) URL; plain http to a remote host is refused, the token is not sent there', () => {
    expect(readApiEndpoint('{"api_endpoint":"https://api-na1.niceincontact.com/"}', 'api_endpoint', false)).toBe('https://api-na1.niceincontact.com')
    expect(readApiEndpoint('{"api_endpoint":"http://api.example.com"}', 'api_endpoint', false)).toEqual({ problem: expect.stringContaining('plain http://') })
    expect(readApiEndpoint('{"api_endpoint":"javascript:alert(1)"}', 'api_endpoint', false)).toEqual({ problem: expect.stringContaining('not a plain http(s) URL') })
    expect(readApiEndpoint('[]', 'api_endpoint', false)).toEqual({ problem: 'the answer is not a JSON object' })
  })
})
