// End-to-end: servers that bend RFC 6749 §5.2, and a second, independent authorization server.
// dist/index.js on Node 24 against: gates in front of oidc-provider that reject a failed client
// authentication with a bodiless 403, with `authorization_type_invalid`, or with invalid_request and
// the cause in the description; fault routes (a WAF block page, a bare 403, a trailing-slash
// redirect); and Authlib (Debian's python3-authlib on Flask), which holds each client to its
// registered auth method and reads Basic values without form-decoding them.
import { describe, expect, test } from '@jest/globals'
import { annotationCodes, findingCodes, firstCheck, runAction, type ActionRun } from '../helpers/action.js'
import { faultCount, useServers } from '../helpers/servers.js'

const servers = useServers()

const url = (name: string): string => servers.urls[name]!
const fault = (path: string): string => `${url('faults')}${path}`
const main = (): Record<string, string> => ({ 'client-id': servers.clients.main.id, 'client-secret': servers.clients.main.secret })
const codes = findingCodes
const check = firstCheck
const first = (run: ActionRun): { code: string; message: string; hint: string } => {
  const f = check(run).findings[0]
  if (!f) throw new Error('no finding')
  return f
}
const attemptsOf = (run: ActionRun): string[] => check(run).attempts.map(a => `${a.placement}${a.basicEncoding === 'raw' ? '(raw)' : ''}:${a.httpStatus}:${a.outcome}`)

function expectFailing(run: ActionRun, expected: string[], verdict: string): void {
  expect(codes(run)).toEqual(expected)
  expect(run.outputs['status']).toBe('failing')
  expect(check(run).verdict).toBe(verdict)
  expect(run.exitCode).toBe(1)
  for (const code of expected) expect(annotationCodes(run)).toContain(code)
}

describe('a server that rejects with HTTP 403 and no body (body placement only)', () => {
  test('auto: the bodiless 403 to the Basic header counts as a rejection, the body is found', async () => {
    const run = await runAction({ ...main(), 'token-url': url('bare403Token') })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'body', 'http-status': '200' })
    expect(check(run).verdict).toBe('valid')
    expect(attemptsOf(run)).toEqual(['header:403:rejected', 'body:200:token'])
    expect(codes(run)).toEqual(['AUTH_PLACEMENT_DETECTED'])
    expect(first(run).hint).toContain('Pin auth-placement: body')
  })
  test('explicit header → AUTH_PLACEMENT_MISMATCH naming body, not OAUTH_ERROR', async () => {
    const run = await runAction({ ...main(), 'token-url': url('bare403Token'), 'auth-placement': 'header' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'], 'misconfigured')
    expect(run.outputs['placement']).toBe('body')
    expect(first(run).hint).toContain('Set auth-placement: body')
  })
  test('wrong secret → INVALID_CLIENT, verdict invalid; says the answers cannot tell the causes apart and lists each', async () => {
    const run = await runAction({ ...main(), 'client-secret': 'wrong-secret-value-123', 'token-url': url('bare403Token') })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(run.outputs['http-status']).toBe('403')
    expect(first(run).message).toContain('(HTTP 403 without a body)')
    expect(first(run).message).toContain('cannot tell these causes apart')
    expect(first(run).hint).toContain(
      'Tried: Basic header (client_secret_basic) → HTTP 403 without a body; form body (client_secret_post) → HTTP 403 without a body.'
    )
    expect(first(run).hint).not.toMatch(/WAF|gateway/)
  })
  test('secret stored with a trailing newline, explicit body → SECRET_WHITESPACE', async () => {
    const run = await runAction({ ...main(), 'client-secret': `${servers.clients.main.secret}\n`, 'token-url': url('bare403Token'), 'auth-placement': 'body' })
    expectFailing(run, ['SECRET_WHITESPACE'], 'misconfigured')
    expect(first(run).message).toContain('ends with a newline')
  })
})

describe('a server that rejects with 400 authorization_type_invalid (raw Basic only)', () => {
  const special = (): Record<string, string> => ({ 'client-id': servers.clients.special.id, 'client-secret': servers.clients.special.secret })
  test('explicit header, form-encoded Basic → BASIC_ENCODING_MISMATCH naming client-secret, with the rotation advice', async () => {
    const run = await runAction({ ...special(), 'token-url': url('typeInvalidToken'), 'auth-placement': 'header' })
    expectFailing(run, ['BASIC_ENCODING_MISMATCH'], 'misconfigured')
    expect(first(run).message).toContain('form-encoding changes the client-secret.')
    expect(first(run).hint).toContain('Rotating to a secret of only letters, digits and - . _ *')
    expect(run.outputs).toMatchObject({ placement: 'header' })
    expect(check(run).basicEncoding).toBe('raw')
  })
  test('auto finds the raw Basic value after two authorization_type_invalid answers', async () => {
    const run = await runAction({ ...special(), 'token-url': url('typeInvalidToken') })
    expect(run.outputs['status']).toBe('healthy')
    expect(attemptsOf(run)).toEqual(['header:400:rejected', 'body:400:rejected', 'header(raw):200:token'])
    expect(codes(run)).toEqual(['AUTH_PLACEMENT_DETECTED'])
  })
  test('explicit body → AUTH_PLACEMENT_MISMATCH whose fix says raw Basic and names client-secret', async () => {
    const run = await runAction({ ...special(), 'token-url': url('typeInvalidToken'), 'auth-placement': 'body' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'], 'misconfigured')
    expect(first(run).hint).toContain('raw id:secret')
    expect(first(run).hint).toContain('form-encoding changes the client-secret.')
  })
  test('wrong secret → INVALID_CLIENT, verdict invalid, the non-standard code shown', async () => {
    const run = await runAction({ ...main(), 'client-secret': 'wrong-secret-value-123', 'token-url': url('typeInvalidToken') })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(first(run).message).toContain('authorization_type_invalid ("Authorization type is invalid")')
    expect(first(run).message).toContain('cannot tell these causes apart')
  })
})

describe('a server that says everything with invalid_request and a description (body only)', () => {
  test('explicit header → AUTH_PLACEMENT_MISMATCH naming body', async () => {
    const run = await runAction({ ...main(), 'token-url': url('describedToken'), 'auth-placement': 'header' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'], 'misconfigured')
    expect(first(run).hint).toContain('Set auth-placement: body')
  })
  test('wrong secret → INVALID_CLIENT, verdict invalid', async () => {
    const run = await runAction({ ...main(), 'client-secret': 'wrong-secret-value-123', 'token-url': url('describedToken') })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(first(run).message).toContain('invalid_request ("client authentication failed")')
  })
  test('client without the grant: invalid_request "requested grant type is not allowed for this client" → UNAUTHORIZED_CLIENT', async () => {
    const c = servers.clients.nogrant
    const run = await runAction({ 'client-id': c.id, 'client-secret': c.secret, 'token-url': url('describedToken'), 'auth-placement': 'body' })
    expectFailing(run, ['UNAUTHORIZED_CLIENT'], 'misconfigured')
    expect(first(run).message).toBe(
      'The token endpoint answered HTTP 400 invalid_request ("requested grant type is not allowed for this client"); read as unauthorized_client from its description.'
    )
    expect(first(run).hint).toContain('Enable client credentials for the app')
    expect(first(run).hint).not.toContain('missing')
  })
})

describe('gateways, bare answers and redirects (fault server)', () => {
  test('a WAF block page with Cloudflare headers → BLOCKED_BY_GATEWAY, verdict indeterminate, sent once', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/waf?key=e2e-waf'), retries: '2' })
    expectFailing(run, ['BLOCKED_BY_GATEWAY'], 'indeterminate')
    expect(first(run).message).toContain('(evidence: the cf-ray header, the server: Cloudflare header, an HTML block page)')
    expect(first(run).message).toContain('(Cloudflare)')
    expect(first(run).hint).toContain('allow the runner')
    expect(await faultCount(servers, 'e2e-waf')).toBe(1)
  })
  test('Basic gets the server\'s OAuth error, the body a text page of another shape → BLOCKED_BY_GATEWAY listing both attempts', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/mixed') })
    expectFailing(run, ['BLOCKED_BY_GATEWAY'], 'indeterminate')
    expect(first(run).message).toContain(
      'answered the Basic header (client_secret_basic) with an OAuth error (HTTP 401 invalid_client ("client authentication failed")) but the form body (client_secret_post) with HTTP 403 and a body of another shape'
    )
    expect(first(run).message).toContain('"Request blocked by security policy"')
    expect(first(run).hint).toContain('Attempts: Basic header (client_secret_basic) → HTTP 401 invalid_client ("client authentication failed"); form body (client_secret_post) → HTTP 403 OAUTH_ERROR.')
  })
  test('a bodiless 403 from the server itself is not blamed on a WAF: INVALID_CLIENT, verdict invalid', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/403-empty') })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(`${first(run).message} ${first(run).hint}`).not.toMatch(/WAF|gateway|allow-list/)
  })
  test('a redirect that adds a trailing slash → REDIRECT_BLOCKED showing the full target and the slash fix', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/slash'), retries: '0' })
    expectFailing(run, ['REDIRECT_BLOCKED'], 'misconfigured')
    expect(first(run).message).toContain(`at ${fault('/slash')} answered HTTP 308 redirecting to ${fault('/slash/')};`)
    expect(first(run).hint).toBe(`The server wants the token URL with the trailing slash: set token-url to ${fault('/slash/')} (the same URL plus the final "/").`)
  })
  test('a non-standard scope_invalid code → INVALID_SCOPE', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/oauth-error/scope_invalid') })
    expectFailing(run, ['INVALID_SCOPE'], 'misconfigured')
    expect(first(run).message).toContain('read as invalid_scope from its non-standard code')
  })
})

describe('Authlib: a second, independent server that enforces each client\'s auth method', () => {
  const client = (name: 'basic' | 'post' | 'special' | 'specialId' | 'nogrant'): Record<string, string> => ({
    'client-id': servers.clients.authlib[name].id,
    'client-secret': servers.clients.authlib[name].secret,
    'token-url': url('authlibToken')
  })
  test('client_secret_basic client, auto → healthy in the header, one request', async () => {
    const run = await runAction(client('basic'))
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'header', 'expires-in': '3600' })
    expect(attemptsOf(run)).toEqual(['header:200:token'])
  })
  test('client_secret_post client, auto → the header gets 401 invalid_client, the body wins', async () => {
    const run = await runAction(client('post'))
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'body' })
    expect(attemptsOf(run)).toEqual(['header:401:rejected', 'body:200:token'])
  })
  test('basic-only client sent in the body → AUTH_PLACEMENT_MISMATCH naming header', async () => {
    const run = await runAction({ ...client('basic'), 'auth-placement': 'body' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'], 'misconfigured')
    expect(first(run).hint).toContain('Set auth-placement: header')
  })
  test('post-only client sent in the header → AUTH_PLACEMENT_MISMATCH naming body', async () => {
    const run = await runAction({ ...client('post'), 'auth-placement': 'header' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'], 'misconfigured')
    expect(first(run).hint).toContain('Set auth-placement: body')
  })
  test('Authlib does not form-decode Basic: a secret with special characters → BASIC_ENCODING_MISMATCH naming client-secret', async () => {
    const run = await runAction({ ...client('special'), 'auth-placement': 'header' })
    expectFailing(run, ['BASIC_ENCODING_MISMATCH'], 'misconfigured')
    expect(first(run).message).toContain('form-encoding changes the client-secret.')
  })
  test('…and an id with "@" and a plain secret: the fix names client-id and offers no new secret', async () => {
    const run = await runAction({ ...client('specialId'), 'auth-placement': 'header' })
    expectFailing(run, ['BASIC_ENCODING_MISMATCH'], 'misconfigured')
    expect(first(run).message).toContain('form-encoding changes the client-id.')
    expect(first(run).hint).not.toContain('Rotating')
    expect(first(run).hint).toContain('a new secret would not help')
  })
  test('client registered without client_credentials → UNAUTHORIZED_CLIENT', async () => {
    const run = await runAction({ ...client('nogrant'), 'auth-placement': 'header' })
    expectFailing(run, ['UNAUTHORIZED_CLIENT'], 'misconfigured')
  })
  test('wrong secret → INVALID_CLIENT, verdict invalid', async () => {
    const run = await runAction({ ...client('basic'), 'client-secret': 'wrong-secret-value-123' })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(run.outputs['http-status']).toBe('401')
  })
  test('a scope the server does not know → INVALID_SCOPE', async () => {
    const run = await runAction({ ...client('basic'), 'auth-placement': 'header', scope: 'api:admin' })
    expectFailing(run, ['INVALID_SCOPE'], 'misconfigured')
  })
})
