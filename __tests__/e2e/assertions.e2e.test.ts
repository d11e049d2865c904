// End-to-end for what a token must prove beyond being issued: discovery, lifetime, scopes,
// audience, type, the API's answer and the secret's expiry. dist/index.js on Node 24.
import { describe, expect, test } from '@jest/globals'
import { annotationCodes, findingCodes, firstCheck, runAction } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

const url = (name: string): string => servers.urls[name]!
const fault = (path: string): string => `${url('faults')}${path}`
const creds = (c: 'main' | 'short' | 'limited' = 'main'): Record<string, string> => ({
  'client-id': servers.clients[c].id,
  'client-secret': servers.clients[c].secret
})
const codes = findingCodes
const check = firstCheck
const daysFromNow = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

describe('discovery', () => {
  test('issuer only (OpenID Connect discovery): the token endpoint is found and reported', async () => {
    const run = await runAction({ ...creds(), issuer: url('issuer'), 'auth-placement': 'header' })
    expect(run.outputs['status']).toBe('healthy')
    expect(check(run).tokenUrl).toBe(url('token'))
    expect(check(run).discovery?.metadataUrl).toBe(`${url('issuer')}/.well-known/openid-configuration`)
  })
  test('metadata advertising only client_secret_post: auto tries the body first', async () => {
    const run = await runAction({ ...creds(), issuer: url('bodyOnlyBase') })
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'body' })
    expect(check(run).attempts).toHaveLength(1)
  })
  test('RFC 8414 location (inserted before the issuer path) is used when OIDC has none', async () => {
    const run = await runAction({ ...creds(), issuer: fault('/as8414') })
    expect(run.outputs['status']).toBe('healthy')
    expect(check(run).tokenUrl).toBe(fault('/token'))
    expect(check(run).discovery?.metadataUrl).toBe(fault('/.well-known/oauth-authorization-server/as8414'))
  })
  test('metadata without client_credentials (like NICE CXone) → GRANT_NOT_ADVERTISED, and the failure says the grant is unavailable', async () => {
    const run = await runAction({ ...creds(), issuer: fault('/nocc') })
    expect(codes(run)).toEqual(['GRANT_NOT_ADVERTISED', 'UNSUPPORTED_GRANT_TYPE'])
    expect(run.report.checks[0]?.findings[1]?.hint).toContain('does not offer the grant')
    expect(run.exitCode).toBe(1)
  })
  test('no metadata at either location → DISCOVERY_FAILED naming both URLs', async () => {
    const run = await runAction({ ...creds(), issuer: fault('/nowhere') })
    expect(codes(run)).toEqual(['DISCOVERY_FAILED'])
    expect(check(run).findings[0]?.message).toContain('openid-configuration')
    expect(check(run).findings[0]?.message).toContain('oauth-authorization-server')
    expect(run.outputs['status']).toBe('failing')
  })
  test('token-url and issuer together: token-url wins, metadata still read; the token proves the metadata incomplete → METADATA_INCOMPLETE notice', async () => {
    const run = await runAction({ ...creds(), issuer: fault('/nocc'), 'token-url': url('token') })
    expect(check(run).tokenUrl).toBe(url('token'))
    expect(codes(run)).toEqual(['METADATA_INCOMPLETE', 'AUTH_PLACEMENT_DETECTED'])
    const notice = check(run).findings[0]
    expect(notice?.severity).toBe('notice')
    expect(notice?.message).toContain('the metadata is incomplete')
    expect(notice?.hint).not.toContain('may not offer')
    expect(run.outputs['status']).toBe('healthy')
    expect(check(run).verdict).toBe('valid')
  })
})

describe('the token itself', () => {
  test('a 30 s token with min-ttl 60 → TOKEN_TTL_TOO_SHORT: degraded, passes with fail-on error', async () => {
    const run = await runAction({ ...creds('short'), 'token-url': url('token'), 'auth-placement': 'header' })
    expect(codes(run)).toEqual(['TOKEN_TTL_TOO_SHORT'])
    expect(run.outputs).toMatchObject({ status: 'degraded', 'expires-in': '30' })
    expect(run.exitCode).toBe(0)
    expect(run.annotations[0]?.level).toBe('warning')
  })
  test('…and fails with fail-on warning', async () => {
    const run = await runAction({ ...creds('short'), 'token-url': url('token'), 'auth-placement': 'header', 'fail-on': 'warning' })
    expect(run.exitCode).toBe(1)
  })
  test('no expires_in, opaque token → TOKEN_LIFETIME_UNKNOWN notice, still healthy', async () => {
    const run = await runAction({ ...creds(), 'token-url': fault('/token-no-expiry'), 'auth-placement': 'header' })
    expect(codes(run)).toEqual(['TOKEN_LIFETIME_UNKNOWN'])
    expect(run.outputs['status']).toBe('healthy')
  })
  test('required scope not granted → SCOPE_MISSING naming it', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', scope: 'api:read', 'required-scopes': 'api:read api:write' })
    expect(codes(run)).toEqual(['SCOPE_MISSING'])
    expect(check(run).findings[0]?.message).toContain('api:write')
    expect(run.exitCode).toBe(1)
  })
  test('required scopes granted: healthy', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', scope: 'api:read api:write', 'required-scopes': 'api:write' })
    expect(codes(run)).toEqual([])
  })
  test('no scope in the response nor the token → SCOPE_UNVERIFIED notice', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', 'required-scopes': 'api:read' })
    expect(codes(run)).toEqual(['SCOPE_UNVERIFIED'])
  })
  test('JWT access token for another audience → AUDIENCE_MISMATCH; claims reported', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', resource: 'https://api.test/', 'expected-audience': 'https://other.test/' })
    expect(codes(run)).toEqual(['AUDIENCE_MISMATCH'])
    expect(check(run).claims).toMatchObject({ aud: ['https://api.test/'], iss: url('issuer') })
  })
  test('JWT access token for the expected audience: healthy', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', resource: 'https://api.test/', 'expected-audience': 'https://api.test/' })
    expect(codes(run)).toEqual([])
  })
  test('token_type mac → TOKEN_TYPE_UNEXPECTED warning; DPoP → DPOP_TOKEN notice', async () => {
    const mac = await runAction({ ...creds(), 'token-url': fault('/token-type?type=mac'), 'auth-placement': 'header' })
    expect(codes(mac)).toEqual(['TOKEN_TYPE_UNEXPECTED'])
    expect(mac.outputs['status']).toBe('degraded')
    const dpop = await runAction({ ...creds(), 'token-url': fault('/token-type?type=DPoP'), 'auth-placement': 'header' })
    expect(codes(dpop)).toEqual(['DPOP_TOKEN'])
    expect(dpop.outputs['status']).toBe('healthy')
  })
})

describe('the API accepts the token (probe)', () => {
  test('valid token on /me → healthy, probe reported', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', 'probe-url': `${url('api')}/me` })
    expect(codes(run)).toEqual([])
    expect(check(run).probe).toMatchObject({ method: 'GET', httpStatus: 200, accepted: true })
  })
  test('token accepted but lacking api:write on /admin → PROBE_FAILED 403, permission hint', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', scope: 'api:read', 'probe-url': `${url('api')}/admin` })
    expect(codes(run)).toEqual(['PROBE_FAILED'])
    const f = check(run).findings[0]!
    expect(f.message).toContain('HTTP 403')
    expect(f.message).toContain('insufficient_scope')
    expect(f.hint).toContain('accepted the token but refused')
    expect(run.exitCode).toBe(1)
  })
  test('a token the API does not know → PROBE_FAILED 401, wrong audience/environment hint', async () => {
    const run = await runAction({ ...creds(), 'token-url': fault('/token'), 'auth-placement': 'header', 'probe-url': `${url('api')}/me` })
    expect(codes(run)).toEqual(['PROBE_FAILED'])
    expect(check(run).findings[0]?.message).toContain('invalid_token')
    expect(check(run).findings[0]?.hint).toContain('did not accept the token')
  })
  test('probe-expected-status 403 turns a refusal into the expected answer', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', 'probe-url': `${url('api')}/admin`, 'probe-expected-status': '403' })
    expect(codes(run)).toEqual([])
  })
  test('probe unreachable → CONNECTION_REFUSED naming the probe', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', 'probe-url': url('refused'), retries: '0' })
    expect(codes(run)).toEqual(['CONNECTION_REFUSED'])
    expect(check(run).findings[0]?.message).toContain('The probe')
  })
})

describe('secret expiry', () => {
  test('expires in 5 days → SECRET_EXPIRING warning with the days left', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', 'secret-expires-at': daysFromNow(5) })
    expect(codes(run)).toEqual(['SECRET_EXPIRING'])
    expect(run.outputs['status']).toBe('degraded')
    expect(check(run).secretDaysLeft).toBe(5)
    expect(annotationCodes(run)).toEqual(['SECRET_EXPIRING'])
  })
  test('expired yesterday → SECRET_EXPIRED error', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'auth-placement': 'header', 'secret-expires-at': daysFromNow(-1) })
    expect(codes(run)).toEqual(['SECRET_EXPIRED'])
    expect(run.exitCode).toBe(1)
  })
  test('an unparseable date → INVALID_INPUT, nothing sent', async () => {
    const run = await runAction({ ...creds(), 'token-url': fault('/token?key=exp-input'), 'secret-expires-at': 'next week' })
    expect(codes(run)).toEqual(['INVALID_INPUT'])
    expect(check(run).findings[0]?.message).toContain('secret-expires-at')
  })
})

describe('Microsoft Entra ID error details', () => {
  test.each([
    ['7000215', 'INVALID_CLIENT', 'Value'],
    ['7000222', 'SECRET_EXPIRED', 'new secret'],
    ['700016', 'INVALID_CLIENT', 'tenant'],
    ['90002', 'ENDPOINT_NOT_FOUND', 'tenant segment']
  ])('AADSTS%s → %s', async (aadsts, code, hint) => {
    const run = await runAction({ ...creds(), 'token-url': fault(`/entra/${aadsts}`), 'auth-placement': 'body' })
    expect(codes(run)).toEqual([code])
    expect(check(run).findings[0]?.message).toContain(`AADSTS${aadsts}`)
    expect(check(run).findings[0]?.hint).toContain(hint)
    expect(run.exitCode).toBe(1)
  })
})

describe('inputs of these checks', () => {
  test.each([
    [{ 'probe-expected-status': 'ok' }, 'probe-expected-status'],
    [{ 'probe-method': 'FETCH' }, 'probe-method'],
    [{ 'min-ttl': '-5' }, 'min-ttl'],
    [{ 'token-url': '' }, 'token-url` is required (or set `issuer`']
  ])('%j → INVALID_INPUT naming it', async (over, named) => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'probe-url': `${url('api')}/me`, ...over })
    expect(codes(run)).toEqual(['INVALID_INPUT'])
    expect(check(run).findings[0]?.message).toContain(named)
  })
  test('probe-url over plain http to a remote host → INSECURE_URL (the token would be exposed)', async () => {
    const run = await runAction({ ...creds(), 'token-url': url('token'), 'probe-url': 'http://api.example.com/me' })
    expect(codes(run)).toEqual(['INSECURE_URL'])
    expect(check(run).findings[0]?.message).toContain('access token')
  })
})

test('metadata whose issuer is on another origin → DISCOVERY_FAILED, no token request', async () => {
  const run = await runAction({ ...creds(), issuer: fault('/impostor') })
  expect(codes(run)).toEqual(['DISCOVERY_FAILED'])
  expect(check(run).findings[0]?.message).toContain('login.impostor.example')
  expect(check(run).attempts).toHaveLength(0)
})
