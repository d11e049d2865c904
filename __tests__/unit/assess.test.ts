import { describe, expect, test } from '@jest/globals'
import { assessSecretExpiry } from '../../src/assess/expiry.js'
import { assessProbe, bearerError } from '../../src/assess/probe.js'
import { assessToken } from '../../src/assess/token.js'
import type { TokenGrant } from '../../src/exchange/classify.js'
import type { HttpOutcome } from '../../src/net/outcome.js'
import { advertisedPlacement, grantAdvertised, metadataUrls, readMetadata } from '../../src/endpoint/discovery.js'
import { statusRanges } from '../../src/inputs/values.js'
import { readClaims } from '../../src/assess/jwt.js'
import { vendorError } from '../../src/providers/index.js'
import { makeSpec } from '../helpers/spec.js'

const NOW = Date.parse('2026-11-26T12:00:00Z')
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url')
const jwt = (claims: object): string => `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64(claims)}.c2ln`
const grant = (over: Partial<TokenGrant> = {}): TokenGrant => ({
  accessToken: 'opaque',
  tokenType: 'Bearer',
  expiresIn: 3600,
  scope: undefined,
  otherSecrets: [],
  ...over
})
const codes = (g: TokenGrant, spec = makeSpec()): string[] => assessToken(spec, g, NOW).findings.map(f => f.code)

describe('token lifetime', () => {
  test('expires_in below min-ttl → TOKEN_TTL_TOO_SHORT', () => {
    expect(codes(grant({ expiresIn: 30 }))).toEqual(['TOKEN_TTL_TOO_SHORT'])
    expect(codes(grant({ expiresIn: 30 }), makeSpec({ minTtlS: 0 }))).toEqual([])
  })
  test('no expires_in: the JWT exp is used, and expiresAt is absolute', () => {
    const a = assessToken(makeSpec(), grant({ expiresIn: undefined, accessToken: jwt({ exp: NOW / 1000 + 45 }) }), NOW)
    expect(a.expiresIn).toBe(45)
    expect(a.expiresAt).toBe('2026-11-26T12:00:45.000Z')
    expect(a.findings.map(f => f.code)).toEqual(['TOKEN_TTL_TOO_SHORT'])
  })
  test('no expires_in and no JWT → TOKEN_LIFETIME_UNKNOWN notice', () => {
    expect(codes(grant({ expiresIn: undefined }))).toEqual(['TOKEN_LIFETIME_UNKNOWN'])
  })
})

describe('scopes', () => {
  const spec = makeSpec({ requiredScopes: ['read', 'write'] })
  test('missing scopes named', () => {
    const a = assessToken(spec, grant({ scope: 'read' }), NOW)
    expect(a.findings.map(f => f.code)).toEqual(['SCOPE_MISSING'])
    expect(a.findings[0]?.message).toContain('write')
  })
  test('all present', () => expect(codes(grant({ scope: 'write read extra' }), spec)).toEqual([]))
  test('the JWT scp claim (Entra, Okta) counts when the response has no scope', () => {
    expect(codes(grant({ accessToken: jwt({ scp: 'read write' }) }), spec)).toEqual([])
    expect(codes(grant({ accessToken: jwt({ scp: ['read'] }) }), spec)).toEqual(['SCOPE_MISSING'])
  })
  test('no scope information at all → SCOPE_UNVERIFIED notice', () => {
    expect(codes(grant(), spec)).toEqual(['SCOPE_UNVERIFIED'])
  })
})

describe('audience and type', () => {
  test('expected-audience must be in aud', () => {
    const spec = makeSpec({ expectedAudience: 'https://api.test/' })
    expect(codes(grant({ accessToken: jwt({ aud: ['https://api.test/', 'x'] }) }), spec)).toEqual([])
    expect(codes(grant({ accessToken: jwt({ aud: 'https://other/' }) }), spec)).toEqual(['AUDIENCE_MISMATCH'])
    expect(codes(grant(), spec)).toEqual(['AUDIENCE_MISMATCH'])
  })
  test('token type: bearer in any case is fine, DPoP is a notice, anything else a warning', () => {
    expect(codes(grant({ tokenType: 'bearer' }))).toEqual([])
    expect(codes(grant({ tokenType: 'DPoP' }))).toEqual(['DPOP_TOKEN'])
    expect(codes(grant({ tokenType: 'mac' }))).toEqual(['TOKEN_TYPE_UNEXPECTED'])
    expect(codes(grant({ tokenType: undefined }))).toEqual(['TOKEN_TYPE_UNEXPECTED'])
  })
  test('claims are read without a signature check; garbage is not a JWT', () => {
    expect(readClaims(jwt({ iss: 'i', aud: 'a', azp: 'c', exp: 1, iat: 0 }))).toEqual({ iss: 'i', aud: ['a'], exp: 1, iat: 0, clientId: 'c', scopes: null })
    expect(readClaims('a.b.c')).toBeUndefined()
    expect(readClaims('opaque')).toBeUndefined()
  })
})

describe('secret expiry', () => {
  const at = (iso: string, days = 14) => assessSecretExpiry(makeSpec({ secretExpiresAt: Date.parse(iso), expiryWarningDays: days }), NOW)
  test('far away: nothing', () => expect(at('2027-03-01T00:00:00Z').findings).toEqual([]))
  test('within the warning window → SECRET_EXPIRING with days left', () => {
    const r = at('2026-12-01T12:00:00Z')
    expect(r.findings.map(f => f.code)).toEqual(['SECRET_EXPIRING'])
    expect(r.daysLeft).toBe(5)
    expect(r.findings[0]?.message).toContain('5 day(s)')
  })
  test('past → SECRET_EXPIRED', () => expect(at('2026-11-01T00:00:00Z').findings.map(f => f.code)).toEqual(['SECRET_EXPIRED']))
})

describe('probe', () => {
  const probe = { url: 'https://api.example.com/me', method: 'GET', expected: statusRanges('2xx')!, expectedText: '2xx', relativeTo: null }
  const answer = (status: number, headers: Record<string, string> = {}): HttpOutcome => ({ kind: 'response', status, headers, body: '', latencyMs: 1, tries: 1 })
  test('accepted status: no finding', () => expect(assessProbe(probe, answer(204))).toBeUndefined())
  test('401 → PROBE_FAILED telling the token was not accepted, with the Bearer error', () => {
    const f = assessProbe(probe, answer(401, { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' }))
    expect(f?.code).toBe('PROBE_FAILED')
    expect(f?.message).toContain('invalid_token: expired')
    expect(f?.hint).toContain('did not accept the token')
  })
  test('403 → PROBE_FAILED telling the token was accepted but lacks permission', () => {
    expect(assessProbe(probe, answer(403))?.hint).toContain('accepted the token but refused')
  })
  test('network failures of the probe use the transport codes, naming the probe', () => {
    const f = assessProbe(probe, { kind: 'network', failure: 'refused', detail: 'ECONNREFUSED', latencyMs: 1, tries: 1 })
    expect(f?.code).toBe('CONNECTION_REFUSED')
    expect(f?.message).toContain('The probe')
  })
  test('status patterns', () => {
    expect(statusRanges('200')).toEqual([[200, 200]])
    expect(statusRanges('2xx,304')).toEqual([[200, 299], [304, 304]])
    expect(statusRanges('200-204')).toEqual([[200, 204]])
    expect(statusRanges('abc')).toBeUndefined()
    expect(statusRanges('299-200')).toBeUndefined()
    expect(bearerError('Basic realm="x"')).toBeUndefined()
  })
})

describe('discovery', () => {
  test('OIDC appends, RFC 8414 inserts before the path', () => {
    expect(metadataUrls('https://id.example.com/realms/main')).toEqual([
      'https://id.example.com/realms/main/.well-known/openid-configuration',
      'https://id.example.com/.well-known/oauth-authorization-server/realms/main'
    ])
    expect(metadataUrls('https://id.example.com/')).toEqual([
      'https://id.example.com/.well-known/openid-configuration',
      'https://id.example.com/.well-known/oauth-authorization-server'
    ])
  })
  test('metadata: auth methods order auto, absent means Basic; grants read', () => {
    const m = readMetadata({ token_endpoint: 'https://x/token', token_endpoint_auth_methods_supported: ['client_secret_post'], grant_types_supported: ['authorization_code'] }, 'u')
    expect(typeof m).toBe('object')
    if (typeof m === 'string') return
    expect(advertisedPlacement(m)).toBe('body')
    expect(grantAdvertised(m)).toBe(false)
    const plain = readMetadata({ token_endpoint: 'https://x/token' }, 'u')
    expect(typeof plain !== 'string' && advertisedPlacement(plain)).toBe('header')
    expect(typeof plain !== 'string' && grantAdvertised(plain)).toBe(true)
  })
  test('a document without token_endpoint is refused', () => {
    expect(readMetadata({ issuer: 'x' }, 'u')).toBe('no token_endpoint URL in it')
    expect(readMetadata(undefined, 'u')).toBe('not a JSON object')
  })
})

test('Entra error codes map to sharper findings', () => {
  expect(vendorError([7000222])?.code).toBe('SECRET_EXPIRED')
  expect(vendorError([7000215])?.hint).toContain('Value')
  expect(vendorError([90002])?.code).toBe('ENDPOINT_NOT_FOUND')
  expect(vendorError([1])).toBeUndefined()
})
