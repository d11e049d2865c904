import { describe, expect, test } from '@jest/globals'
import { classifyTokenOutcome } from '../../src/exchange/classify.js'
import type { HttpOutcome } from '../../src/net/outcome.js'

const URL_ = 'https://login.example.com/oauth/token'
const response = (status: number, body: unknown, headers: Record<string, string> = {}): HttpOutcome => ({
  kind: 'response',
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  latencyMs: 5,
  tries: 1
})
const failedCode = (o: HttpOutcome): string => {
  const r = classifyTokenOutcome(o, URL_)
  return r.kind === 'failed' ? r.finding.code : r.kind
}

describe('successful token responses (RFC 6749 §5.1)', () => {
  test('a token with lifetime and scope', () => {
    const r = classifyTokenOutcome(response(200, { access_token: 'abc', token_type: 'Bearer', expires_in: 3600, scope: 'a b' }), URL_)
    expect(r).toEqual({ kind: 'token', grant: { accessToken: 'abc', tokenType: 'Bearer', expiresIn: 3600, scope: 'a b', otherSecrets: [] } })
  })
  test('expires_in as a numeric string (Entra v1) is accepted', () => {
    const r = classifyTokenOutcome(response(200, { access_token: 'abc', token_type: 'Bearer', expires_in: '3599' }), URL_)
    expect(r.kind === 'token' && r.grant.expiresIn).toBe(3599)
  })
  test('refresh and id tokens are kept for masking', () => {
    const r = classifyTokenOutcome(response(200, { access_token: 'a', refresh_token: 'r', id_token: 'i' }), URL_)
    expect(r.kind === 'token' && r.grant.otherSecrets).toEqual(['r', 'i'])
  })
  test.each([
    ['no access_token', { token_type: 'Bearer' }],
    ['access_token not a string', { access_token: 123 }],
    ['expires_in not a number', { access_token: 'a', expires_in: 'soon' }],
    ['scope not a string', { access_token: 'a', scope: ['a'] }]
  ])('MALFORMED_RESPONSE: %s', (_name, body) => {
    expect(failedCode(response(200, body))).toBe('MALFORMED_RESPONSE')
  })
  test('MALFORMED_RESPONSE: a 200 text body', () => {
    expect(failedCode(response(200, 'OK', { 'content-type': 'text/plain' }))).toBe('MALFORMED_RESPONSE')
  })
})

describe('errors (RFC 6749 §5.2)', () => {
  test('invalid_client is a rejection, so other placements may be tried', () => {
    const r = classifyTokenOutcome(response(401, { error: 'invalid_client', error_description: 'Bad client credentials' }), URL_)
    expect(r).toEqual({
      kind: 'rejected',
      error: { error: 'invalid_client', description: 'Bad client credentials', errorCodes: [] },
      shape: 'invalid_client ("Bad client credentials")'
    })
  })
  test('a bare 401 without an OAuth body is a rejection too', () => {
    expect(classifyTokenOutcome(response(401, ''), URL_)).toEqual({ kind: 'rejected', error: undefined, shape: 'without a body' })
  })
  test('invalid_client with HTTP 400 (Genesys, Okta) is a rejection', () => {
    expect(classifyTokenOutcome(response(400, { error: 'invalid_client' }), URL_).kind).toBe('rejected')
  })
  test.each([
    ['unauthorized_client', 'UNAUTHORIZED_CLIENT'],
    ['unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE'],
    ['invalid_scope', 'INVALID_SCOPE'],
    ['invalid_request', 'INVALID_REQUEST'],
    ['invalid_grant', 'OAUTH_ERROR'],
    ['invalid_target', 'OAUTH_ERROR']
  ])('%s → %s', (error, code) => {
    expect(failedCode(response(400, { error, error_description: 'x' }))).toBe(code)
  })
  test('Entra error_codes are read', () => {
    const r = classifyTokenOutcome(response(401, { error: 'invalid_client', error_codes: [7000215] }), URL_)
    expect(r.kind === 'rejected' && r.error?.errorCodes).toEqual([7000215])
  })
  test.each([200, 400, 401, 404])('an HTML page (not a block page) with HTTP %i means this is not the token endpoint', status => {
    expect(failedCode(response(status, '<html><body>Sign in</body></html>', { 'content-type': 'text/html' }))).toBe('ENDPOINT_NOT_FOUND')
  })
  test('a 403 with a non-OAuth JSON body is OAUTH_ERROR whose hint does not guess a WAF', () => {
    const r = classifyTokenOutcome(response(403, { message: 'denied' }), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe('OAUTH_ERROR')
    expect(r.kind === 'failed' && r.finding.hint).toContain('not an RFC 6749 §5.2 error')
  })
})

describe('non-standard answers (rejection table, exchange/rejection.ts)', () => {
  const rejectedShape = (o: HttpOutcome): string | undefined => {
    const r = classifyTokenOutcome(o, URL_)
    return r.kind === 'rejected' ? r.shape : undefined
  }
  test('a bodiless 403 from the server itself is a rejection of the client authentication, not a WAF', () => {
    expect(rejectedShape(response(403, '', { 'content-type': '' }))).toBe('without a body')
    // A CDN in the path passes the server's bodiless answer through: its presence header is no evidence.
    expect(rejectedShape(response(403, '', { 'content-type': '', 'cf-ray': '8a1b2c3d4e5f-AMS' }))).toBe('without a body')
  })
  test.each([
    [400, { error: 'authorization_type_invalid' }],
    [401, { error: 'authorization_type_invalid', error_description: 'Authorization type is invalid' }],
    [401, { error: 'unauthorized', error_description: 'Full authentication is required to access this resource' }],
    [400, { error: 'invalid_request', error_description: 'Client authentication failed' }],
    [400, { error: 'invalid_request', error_description: 'Unknown client' }],
    [401, { error: 'access_denied', error_description: 'Bad client credentials' }]
  ])('HTTP %i %j is a rejection', (status, body) => {
    expect(classifyTokenOutcome(response(status, body), URL_).kind).toBe('rejected')
  })
  test.each([
    [400, { error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' }, 'UNAUTHORIZED_CLIENT'],
    [400, { error: 'invalid_request', error_description: 'The client is not authorized to use the client_credentials grant' }, 'UNAUTHORIZED_CLIENT'],
    [400, { error: 'unsupported_grant_type', error_description: 'grant type not allowed for this client' }, 'UNAUTHORIZED_CLIENT'],
    [400, { error: 'scope_invalid' }, 'INVALID_SCOPE'],
    [400, { error: 'invalid_request', error_description: 'Unknown scope: api:admin' }, 'INVALID_SCOPE'],
    [400, { error: 'invalid_request', error_description: 'requested scope is not allowed' }, 'INVALID_SCOPE']
  ])('HTTP %i %j names its real cause → %s', (status, body, code) => {
    const r = classifyTokenOutcome(response(status, body), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe(code)
    expect(r.kind === 'failed' && r.finding.message).toMatch(/read as (unauthorized_client|invalid_scope) from its (description|non-standard code)/)
  })
  test.each([
    [400, { error: 'invalid_request', error_description: 'missing required parameter: audience' }, 'INVALID_REQUEST'],
    [400, { error: 'invalid_grant', error_description: 'Bad credentials' }, 'OAUTH_ERROR'],
    [400, { error: 'unauthorized_client', error_description: 'client not allowed' }, 'UNAUTHORIZED_CLIENT'],
    [400, { error: 'invalid_scope' }, 'INVALID_SCOPE'],
    [400, { error: 'invalid_request', error_description: 'client_id is missing' }, 'INVALID_REQUEST'],
    [400, { error: 'invalid_request', error_description: 'multiple client authentication methods' }, 'INVALID_REQUEST']
  ])('standard or unrelated answers keep the standard reading: %i %j → %s', (status, body, code) => {
    expect(failedCode(response(status, body))).toBe(code)
  })
})

describe('gateway or WAF, told by evidence (BLOCKED_BY_GATEWAY)', () => {
  const blockPage = '<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>'
  test('an HTML block page with Cloudflare headers → BLOCKED_BY_GATEWAY naming the evidence', () => {
    const r = classifyTokenOutcome(response(403, blockPage, { 'content-type': 'text/html', server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f-AMS' }), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe('BLOCKED_BY_GATEWAY')
    expect(r.kind === 'failed' && r.finding.message).toContain('(evidence: the cf-ray header, the server: Cloudflare header, an HTML block page)')
    expect(r.kind === 'failed' && r.finding.message).toContain('(Cloudflare)')
  })
  test('an HTML 403 without any header is a block page too', () => {
    expect(failedCode(response(403, '<html><body>Forbidden</body></html>', { 'content-type': 'text/html' }))).toBe('BLOCKED_BY_GATEWAY')
  })
  test.each([
    [{ 'x-amzn-waf-action': 'block' }, '', 'AWS WAF'],
    [{ 'x-sucuri-block': 'BNP001' }, 'Access Denied', 'Sucuri'],
    [{ 'x-akamai-request-id': '1' }, 'Access Denied. Reference #18', 'Akamai'],
    [{ server: 'AkamaiGHost' }, 'Access Denied', 'Akamai']
  ])('WAF header %j with body %j → BLOCKED_BY_GATEWAY (%s)', (headers, body, who) => {
    const r = classifyTokenOutcome(response(403, body, { 'content-type': 'text/plain', ...headers }), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe('BLOCKED_BY_GATEWAY')
    expect(r.kind === 'failed' && r.finding.message).toContain(`(${who})`)
  })
  test('an OAuth error passed through a CDN is the server\'s answer, not the CDN\'s', () => {
    expect(classifyTokenOutcome(response(401, { error: 'invalid_client' }, { 'cf-ray': 'x', server: 'cloudflare' }), URL_).kind).toBe('rejected')
  })
})

describe('transport-level answers', () => {
  test.each([
    [404, 'ENDPOINT_NOT_FOUND'],
    [405, 'ENDPOINT_NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [500, 'SERVER_ERROR'],
    [503, 'SERVER_ERROR']
  ])('HTTP %i → %s', (status, code) => {
    expect(failedCode(response(status, 'x', { 'content-type': 'text/plain' }))).toBe(code)
  })
  test('an HTML login page with 200 → ENDPOINT_NOT_FOUND', () => {
    expect(failedCode(response(200, '<!DOCTYPE html><html>login</html>', { 'content-type': 'text/html' }))).toBe('ENDPOINT_NOT_FOUND')
  })
  test('a redirect → REDIRECT_BLOCKED naming the full target, its query left out', () => {
    const r = classifyTokenOutcome(response(307, '', { location: 'https://elsewhere.example.net/oauth/token?session=abc123' }), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe('REDIRECT_BLOCKED')
    expect(r.kind === 'failed' && r.finding.message).toBe(
      'The token endpoint at https://login.example.com/oauth/token answered HTTP 307 redirecting to https://elsewhere.example.net/oauth/token (query left out); the redirect was not followed, so the credentials were not re-sent.'
    )
    expect(r.kind === 'failed' && r.finding.message).not.toContain('abc123')
    expect(r.kind === 'failed' && r.finding.hint).not.toContain('trailing slash')
  })
  test('a redirect that only adds a trailing slash → the hint says to use the slash form', () => {
    const r = classifyTokenOutcome(response(301, '', { location: '/oauth/token/' }), URL_)
    expect(r.kind === 'failed' && r.finding.message).toContain('redirecting to https://login.example.com/oauth/token/;')
    expect(r.kind === 'failed' && r.finding.hint).toBe(
      'The server wants the token URL with the trailing slash: set token-url to https://login.example.com/oauth/token/ (the same URL plus the final "/").'
    )
  })
  test('too large → RESPONSE_TOO_LARGE', () => {
    expect(failedCode({ kind: 'too-large', status: 200, headers: {}, latencyMs: 1, tries: 1 })).toBe('RESPONSE_TOO_LARGE')
  })
  test.each([
    ['dns', 'DNS_FAILURE'],
    ['refused', 'CONNECTION_REFUSED'],
    ['tls', 'TLS_ERROR'],
    ['timeout', 'TIMEOUT'],
    ['network', 'NETWORK_ERROR']
  ] as const)('network failure %s → %s', (failure, code) => {
    expect(failedCode({ kind: 'network', failure, detail: 'E', latencyMs: 1, tries: 3 })).toBe(code)
  })
  test('server text in a finding is one line with no control characters', () => {
    const r = classifyTokenOutcome(response(400, { error: 'invalid_request', error_description: 'line1\n::error::x\r\u0007' }), URL_)
    const message = r.kind === 'failed' ? r.finding.message : ''
    for (const c of ['\n', '\r', '\u0007']) expect(message).not.toContain(c)
  })
})
