// The pure decisions of locating the token endpoint: which metadata to trust, which redirect to
// follow, what the regions' answers prove, what the metadata settles.
import { describe, expect, test } from '@jest/globals'
import { issuerOriginProblem, readMetadata, redirectToFollow, type Metadata } from '../../src/endpoint/discovery.js'
import { fromMetadata } from '../../src/endpoint/locate.js'
import { regionVerdict, type RegionAnswer } from '../../src/endpoint/region.js'
import { discoveredEndpointProblem } from '../../src/endpoint/url-rules.js'
import type { AttemptResult } from '../../src/exchange/classify.js'
import { finding } from '../../src/findings/codes.js'
import type { HttpOutcome } from '../../src/net/outcome.js'
import { makeSpec, privateKeyJwt, ANY_KEY_PEM } from '../helpers/spec.js'

const meta = (over: Record<string, unknown> = {}): Metadata => {
  const m = readMetadata({ issuer: 'https://id.example.com/tenant', token_endpoint: 'https://id.example.com/token', ...over }, 'https://id.example.com/.well-known/openid-configuration')
  if (typeof m === 'string') throw new Error(m)
  return m
}
const redirect = (status: number, location?: string): HttpOutcome => ({
  kind: 'response',
  status,
  headers: location === undefined ? {} : { location },
  body: '',
  latencyMs: 1,
  tries: 1
})

describe('issuer origin (OIDC Discovery §4.3, RFC 8414 §3.3)', () => {
  test('same origin, other path (Entra names the tenant by ID): trusted', () => {
    expect(issuerOriginProblem(meta({ issuer: 'https://id.example.com/0000-guid/v2.0' }), 'https://id.example.com/contoso', 'u')).toBeUndefined()
  })
  test('another host, another port, or no issuer: refused, and nothing is sent', () => {
    expect(issuerOriginProblem(meta({ issuer: 'https://evil.example.net' }), 'https://id.example.com', 'u')).toContain('no token request was sent')
    expect(issuerOriginProblem(meta({ issuer: 'https://id.example.com:8443' }), 'https://id.example.com', 'u')).toContain('not one on https://id.example.com')
    expect(issuerOriginProblem(meta({ issuer: undefined }), 'https://id.example.com', 'u')).toContain('names issuer (none)')
  })
})

describe('discovery redirects', () => {
  const start = 'https://id.example.com/.well-known/openid-configuration'
  test('a same-origin redirect is followed, resolved against the current URL', () => {
    expect(redirectToFollow(redirect(301, '/realm/.well-known/openid-configuration'), start, start, 0)).toBe('https://id.example.com/realm/.well-known/openid-configuration')
  })
  test('never across origins, never after 3 hops, never without Location or for a 200', () => {
    expect(redirectToFollow(redirect(302, 'https://other.example.com/x'), start, start, 0)).toBeUndefined()
    expect(redirectToFollow(redirect(302, '/x'), start, start, 3)).toBeUndefined()
    expect(redirectToFollow(redirect(302), start, start, 0)).toBeUndefined()
    expect(redirectToFollow(redirect(200, '/x'), start, start, 0)).toBeUndefined()
  })
})

describe('what the metadata settles', () => {
  test('the discovered token endpoint, and auto tries what the server advertises first', () => {
    const located = fromMetadata(makeSpec(), null, meta({ token_endpoint_auth_methods_supported: ['client_secret_post'] }))
    expect(located).toMatchObject({ ok: true, tokenUrl: 'https://id.example.com/token', autoFirst: 'body', findings: [] })
  })
  test('a configured token-url wins; a grant list without client_credentials warns', () => {
    const located = fromMetadata(makeSpec(), 'https://override.example.com/t', meta({ grant_types_supported: ['authorization_code'] }))
    expect(located.tokenUrl).toBe('https://override.example.com/t')
    expect(located.findings.map(f => f.code)).toEqual(['GRANT_NOT_ADVERTISED'])
  })
  test('an http:// endpoint to a remote host stops the check before sending (INSECURE_URL)', () => {
    const located = fromMetadata(makeSpec(), null, meta({ token_endpoint: 'http://id.example.com/token' }))
    expect(located.ok).toBe(false)
    expect(located.findings.map(f => f.code)).toEqual(['INSECURE_URL'])
  })
  test('an assertion algorithm the server does not list → SIGNING_ALG_NOT_ADVERTISED', () => {
    const located = fromMetadata(makeSpec(privateKeyJwt(ANY_KEY_PEM)), null, meta({ token_endpoint_auth_signing_alg_values_supported: ['ES256'] }))
    expect(located.findings.map(f => f.code)).toEqual(['SIGNING_ALG_NOT_ADVERTISED'])
  })
  test('credentials or a fragment in the discovered endpoint → DISCOVERY_FAILED', () => {
    expect(discoveredEndpointProblem('https://u:p@id.example.com/token', false)?.code).toBe('DISCOVERY_FAILED')
    expect(discoveredEndpointProblem('http://127.0.0.1:8080/token', false)).toBeUndefined()
  })
})

describe('region verdict', () => {
  const token: AttemptResult = { kind: 'token', grant: { accessToken: 't', tokenType: 'Bearer', expiresIn: 60, scope: undefined, otherSecrets: [] } }
  const rejected: AttemptResult = { kind: 'rejected', error: { error: 'invalid_client', description: '', errorCodes: [] }, shape: 'invalid_client' }
  const refused: AttemptResult = { kind: 'failed', finding: finding('CONNECTION_REFUSED', 'The token endpoint: nothing accepted a connection.') }
  const answer = (region: string, result: AttemptResult): RegionAnswer => ({ candidate: { region, tokenUrl: `https://login.${region}.example.com/oauth/token` }, result })
  test('the first region in table order that issues a token wins → REGION_DETECTED', () => {
    const v = regionVerdict(makeSpec(), [answer('a', rejected), answer('b', token), answer('c', token)])
    expect(v.tokenUrl).toBe('https://login.b.example.com/oauth/token')
    expect(v.finding.code).toBe('REGION_DETECTED')
  })
  test('every region rejected → INVALID_CLIENT listing each', () => {
    const v = regionVerdict(makeSpec(), [answer('a', rejected), answer('b', rejected)])
    expect(v.finding.code).toBe('INVALID_CLIENT')
    expect(v.finding.hint).toContain('Per region: a invalid_client, b invalid_client.')
  })
  test('one region unreachable → its transport code, not INVALID_CLIENT', () => {
    const v = regionVerdict(makeSpec(), [answer('a', rejected), answer('b', refused)])
    expect(v.tokenUrl).toBeUndefined()
    expect(v.finding.code).toBe('CONNECTION_REFUSED')
    expect(v.finding.message).toContain('1 of 2 could not be asked (first: b:')
  })
})
