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
    expect(r).toEqual({ kind: 'rejected', error: { error: 'invalid_client', description: 'Bad client credentials', errorCodes: [] } })
  })
  test('a bare 401 without an OAuth body is a rejection too', () => {
    expect(classifyTokenOutcome(response(401, ''), URL_)).toEqual({ kind: 'rejected', error: undefined })
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
  test('an HTML page with any status means this is not the token endpoint', () => {
    expect(failedCode(response(403, '<html><body>Forbidden</body></html>', { 'content-type': 'text/html' }))).toBe('ENDPOINT_NOT_FOUND')
  })
  test('a 403 with a non-OAuth JSON body is OAUTH_ERROR with a gateway hint', () => {
    const r = classifyTokenOutcome(response(403, { message: 'denied' }), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe('OAUTH_ERROR')
    expect(r.kind === 'failed' && r.finding.hint).toContain('WAF')
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
  test('a redirect → REDIRECT_BLOCKED naming the target host', () => {
    const r = classifyTokenOutcome(response(307, '', { location: 'https://elsewhere.example.net/oauth/token' }), URL_)
    expect(r.kind === 'failed' && r.finding.code).toBe('REDIRECT_BLOCKED')
    expect(r.kind === 'failed' && r.finding.message).toContain('elsewhere.example.net')
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
