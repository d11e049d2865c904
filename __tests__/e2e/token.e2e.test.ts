// End-to-end: dist/index.js on Node 24, started as the runner starts it, against real local servers.
// Each case asserts the exact finding code, status, outputs and annotations a user would see; every
// run is swept for leaked secrets by runAction itself.
import { describe, expect, test } from '@jest/globals'
import { annotationCodes, findingCodes, runAction, type ActionRun } from '../helpers/action.js'
import { faultCount, useServers } from '../helpers/servers.js'

const servers = useServers()

const url = (name: string): string => servers.urls[name]!
const fault = (path: string): string => `${url('faults')}${path}`
const main = (): Record<string, string> => ({ 'client-id': servers.clients.main.id, 'client-secret': servers.clients.main.secret })
const codes = findingCodes
const count = (key: string): Promise<number> => faultCount(servers, key)

/** A failing check: exit 1, status failing, exactly these codes, each annotated. */
function expectFailing(run: ActionRun, expected: string[], verdict?: string): void {
  expect(codes(run)).toEqual(expected)
  expect(run.outputs['status']).toBe('failing')
  expect(run.exitCode).toBe(1)
  for (const code of expected) expect(annotationCodes(run)).toContain(code)
  if (verdict) expect(run.report.checks[0]?.verdict).toBe(verdict)
}

describe('healthy credentials', () => {
  test('server wants Basic, placement auto: healthy, placement header, AUTH_PLACEMENT_DETECTED notice', async () => {
    const run = await runAction({ ...main(), 'token-url': url('basicOnlyToken'), scope: 'api:read' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'header', 'http-status': '200', 'expires-in': '3600', scope: 'api:read' })
    expect(Number(run.outputs['latency-ms'])).toBeGreaterThanOrEqual(0)
    expect(codes(run)).toEqual(['AUTH_PLACEMENT_DETECTED'])
    expect(run.annotations).toEqual([expect.objectContaining({ level: 'notice', title: `${new URL(url('basicOnlyToken')).host}: AUTH_PLACEMENT_DETECTED` })])
    expect(run.report.checks[0]).toMatchObject({ verdict: 'valid', basicEncoding: 'form', tokenType: 'Bearer' })
    expect(run.summary).toContain('✅ OAuth credential health: healthy')
  })
  test('server wants the body, placement auto: header is rejected, body wins', async () => {
    const run = await runAction({ ...main(), 'token-url': url('bodyOnlyToken') })
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'body' })
    expect(run.report.checks[0]?.attempts.map(a => `${a.placement}:${a.outcome}`)).toEqual(['header:rejected', 'body:token'])
  })
  test('explicit header that works: no findings, one request, custom name', async () => {
    const run = await runAction({ ...main(), 'token-url': url('token'), 'auth-placement': 'header', name: 'genesys-eu' })
    expect(run.exitCode).toBe(0)
    expect(codes(run)).toEqual([])
    expect(run.report.checks[0]).toMatchObject({ name: 'genesys-eu', placement: 'header', attempts: [expect.objectContaining({ tries: 1 })] })
    expect(run.summary).toContain('| genesys-eu | ✅ healthy | header | 200 |')
  })
  test('export-token: the token is an output, and masked', async () => {
    const run = await runAction({ ...main(), 'token-url': url('token'), 'export-token': 'true' })
    const token = run.outputs['access-token'] ?? ''
    expect(token.length).toBeGreaterThan(10)
    expect(run.masks).toContain(token)
  })
  test('without export-token there is no access-token output', async () => {
    const run = await runAction({ ...main(), 'token-url': url('token') })
    expect(run.outputs['access-token']).toBeUndefined()
  })
  test('server does not form-decode Basic, placement auto: the raw value is found', async () => {
    const special = servers.clients.special
    const run = await runAction({ 'client-id': special.id, 'client-secret': special.secret, 'token-url': url('rawBasicToken') })
    expect(run.outputs['status']).toBe('healthy')
    expect(run.report.checks[0]).toMatchObject({ placement: 'header', basicEncoding: 'raw' })
  })
})

describe('credentials in the wrong place', () => {
  test('the real case: body sent, server wants Basic → AUTH_PLACEMENT_MISMATCH with "Set auth-placement: header"', async () => {
    const run = await runAction({ ...main(), 'token-url': url('basicOnlyToken'), 'auth-placement': 'body' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'], 'misconfigured')
    expect(run.outputs['placement']).toBe('header')
    expect(run.annotations[0]?.message).toContain('Set auth-placement: header')
    expect(run.summary).toContain('AUTH_PLACEMENT_MISMATCH')
  })
  test('header sent, server wants the body → AUTH_PLACEMENT_MISMATCH naming body', async () => {
    const run = await runAction({ ...main(), 'token-url': url('bodyOnlyToken'), 'auth-placement': 'header' })
    expectFailing(run, ['AUTH_PLACEMENT_MISMATCH'])
    expect(run.annotations[0]?.message).toContain('Set auth-placement: body')
  })
  test('form-encoded Basic, server reads it raw → BASIC_ENCODING_MISMATCH', async () => {
    const special = servers.clients.special
    const run = await runAction({ 'client-id': special.id, 'client-secret': special.secret, 'token-url': url('rawBasicToken'), 'auth-placement': 'header' })
    expectFailing(run, ['BASIC_ENCODING_MISMATCH'], 'misconfigured')
  })
  test('diagnose: false reports INVALID_CLIENT after one request', async () => {
    const run = await runAction({ ...main(), 'token-url': url('basicOnlyToken'), 'auth-placement': 'body', diagnose: 'false' })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(run.report.checks[0]?.attempts).toHaveLength(1)
  })
})

describe('credential and grant errors from the real server', () => {
  test('wrong secret → INVALID_CLIENT, hint lists what was tried', async () => {
    const run = await runAction({ 'client-id': servers.clients.main.id, 'client-secret': 'wrong-secret-value-123', 'token-url': url('token') })
    expectFailing(run, ['INVALID_CLIENT'], 'invalid')
    expect(run.outputs['http-status']).toBe('401')
    const hint = run.report.checks[0]?.findings[0]?.hint ?? ''
    expect(hint).toContain('Basic header (client_secret_basic) → HTTP 401')
    expect(hint).toContain('form body (client_secret_post) → HTTP 401')
  })
  test('secret stored with a trailing newline → SECRET_WHITESPACE, secret not printed', async () => {
    const run = await runAction({ ...main(), 'client-secret': `${servers.clients.main.secret}\n`, 'token-url': url('token'), 'auth-placement': 'header' })
    expectFailing(run, ['SECRET_WHITESPACE'], 'misconfigured')
    expect(run.report.checks[0]?.findings[0]?.message).toContain('newline')
  })
  test('client without the grant → UNAUTHORIZED_CLIENT', async () => {
    const c = servers.clients.nogrant
    const run = await runAction({ 'client-id': c.id, 'client-secret': c.secret, 'token-url': url('token') })
    expectFailing(run, ['UNAUTHORIZED_CLIENT'], 'misconfigured')
  })
  test('scope not granted to the client → INVALID_SCOPE', async () => {
    const c = servers.clients.limited
    const run = await runAction({ 'client-id': c.id, 'client-secret': c.secret, 'token-url': url('token'), scope: 'api:write' })
    expectFailing(run, ['INVALID_SCOPE'], 'misconfigured')
  })
  test.each([
    ['unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE'],
    ['invalid_request', 'INVALID_REQUEST'],
    ['invalid_grant', 'OAUTH_ERROR']
  ])('OAuth error %s → %s, sent once (4xx are not retried)', async (error, code) => {
    const key = `e2e-${error}`
    const run = await runAction({ ...main(), 'token-url': fault(`/oauth-error/${error}?key=${key}`), retries: '2' })
    expectFailing(run, [code], 'misconfigured')
    expect(await count(key)).toBe(1)
  })
})

describe('transport failures', () => {
  test.each([
    ['/html-404', 'ENDPOINT_NOT_FOUND', 'misconfigured'],
    ['/html-200', 'ENDPOINT_NOT_FOUND', 'misconfigured'],
    ['/redirect', 'REDIRECT_BLOCKED', 'misconfigured'],
    ['/503', 'SERVER_ERROR', 'indeterminate'],
    ['/huge', 'RESPONSE_TOO_LARGE', 'indeterminate'],
    ['/text', 'MALFORMED_RESPONSE', 'misconfigured'],
    ['/no-access-token', 'MALFORMED_RESPONSE', 'misconfigured'],
    ['/wrong-types', 'MALFORMED_RESPONSE', 'misconfigured'],
    ['/reset', 'NETWORK_ERROR', 'indeterminate']
  ])('%s → %s', async (path, code, verdict) => {
    const run = await runAction({ ...main(), 'token-url': fault(path), retries: '0' })
    expectFailing(run, [code], verdict)
  })
  test('redirect: the target host is named and nothing is sent there', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/redirect'), retries: '0' })
    expect(run.report.checks[0]?.findings[0]?.message).toContain('elsewhere.example.net')
  })
  test('429 → RATE_LIMITED when retries are used up', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/flaky-429?key=e2e-429a'), retries: '0' })
    expectFailing(run, ['RATE_LIMITED'], 'indeterminate')
  })
  test('429 then success → healthy after a retry honouring Retry-After', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/flaky-429?key=e2e-429b'), retries: '1', 'auth-placement': 'header' })
    expect(run.outputs['status']).toBe('healthy')
    expect(run.report.checks[0]?.attempts[0]?.tries).toBe(2)
  })
  test('a server that hangs → TIMEOUT after each try', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/hang'), timeout: '0.5', retries: '1' })
    expectFailing(run, ['TIMEOUT'], 'indeterminate')
    expect(run.report.checks[0]?.attempts[0]?.tries).toBe(2)
  })
  test('nothing listening → CONNECTION_REFUSED', async () => {
    const run = await runAction({ ...main(), 'token-url': url('refused'), retries: '0' })
    expectFailing(run, ['CONNECTION_REFUSED'], 'indeterminate')
  })
  test('self-signed certificate → TLS_ERROR', async () => {
    const run = await runAction({ ...main(), 'token-url': url('selfSignedTls') })
    expectFailing(run, ['TLS_ERROR'], 'indeterminate')
  })
  test('unknown host → DNS_FAILURE', async () => {
    const run = await runAction({ ...main(), 'token-url': 'https://no-such-host.invalid/oauth/token', timeout: '5', retries: '0' })
    expectFailing(run, ['DNS_FAILURE'], 'indeterminate')
  })
})

describe('inputs', () => {
  test('missing client-id and a bad timeout → INVALID_INPUT for each, no request sent', async () => {
    const run = await runAction({ 'client-secret': 'some-secret-value', 'token-url': fault('/token?key=e2e-input'), timeout: 'abc' })
    expectFailing(run, ['INVALID_INPUT', 'INVALID_INPUT'], 'misconfigured')
    expect(run.annotations.map(a => a.message).join('\n')).toMatch(/`client-id` is required[\s\S]*`timeout` must be a number/)
    expect(await count('e2e-input')).toBe(0)
    expect(run.stderr).toBe('')
  })
  test('unknown auth-placement names the allowed values', async () => {
    const run = await runAction({ ...main(), 'token-url': url('token'), 'auth-placement': 'basic' })
    expectFailing(run, ['INVALID_INPUT'])
    expect(run.annotations[0]?.message).toContain('must be one of `auto`, `header`, `body`')
  })
  test('http:// to a remote host → INSECURE_URL, nothing sent', async () => {
    const run = await runAction({ ...main(), 'token-url': 'http://auth.example.com/oauth/token' })
    expectFailing(run, ['INSECURE_URL'], 'misconfigured')
  })
  test('input errors fail the step even with fail-on: never', async () => {
    const run = await runAction({ ...main(), 'token-url': 'not a url', 'fail-on': 'never' })
    expect(run.exitCode).toBe(1)
  })
})

describe('fail-on and summary', () => {
  test('fail-on: never keeps the step green but still reports', async () => {
    const run = await runAction({ ...main(), 'client-secret': 'wrong-secret-value-123', 'token-url': url('token'), 'fail-on': 'never' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['status']).toBe('failing')
    expect(run.summary).toContain('INVALID_CLIENT')
  })
  test('summary: false writes no summary', async () => {
    const run = await runAction({ ...main(), 'token-url': url('token'), summary: 'false' })
    expect(run.summary).toBe('')
  })
  test('no GITHUB_STEP_SUMMARY (local run): no crash, outputs still set', async () => {
    const run = await runAction({ ...main(), 'token-url': url('token') }, { noSummaryFile: true })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['status']).toBe('healthy')
  })
})

describe('hostile servers', () => {
  test('workflow commands, HTML and Markdown in an error description are neutralised', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/inject') })
    expectFailing(run, ['INVALID_CLIENT'])
    const commandLines = run.stdout.split('\n').filter(l => /^\s*::/.test(l)).map(l => l.trim().split('::')[1]?.split(' ')[0])
    expect(new Set(commandLines)).toEqual(new Set(['add-mask', 'error']))
    expect(run.stdout).not.toMatch(/^\s*::set-output/m)
    expect(run.stdout).not.toContain('##[add-mask]')
    expect(run.outputs['status']).toBe('failing')
    expect(run.summary).not.toContain('<script>')
    expect(run.summary).not.toContain('[link](')
  })
  test('a server that echoes the secret back: redacted everywhere', async () => {
    const run = await runAction({ ...main(), 'token-url': fault('/echo-secret'), 'auth-placement': 'body', diagnose: 'false' })
    expectFailing(run, ['INVALID_CLIENT'])
    expect(run.report.checks[0]?.findings[0]?.message).toContain('***')
  })
})

describe('corporate proxy', () => {
  test('HTTP_PROXY / HTTPS_PROXY carry the token request (the runner env of self-hosted runners)', async () => {
    const port = new URL(url('basicOnlyToken')).port
    // A made-up host: not loopback for the proxy logic, tunnelled to 127.0.0.1 by the test proxy.
    const tokenUrl = `http://auth.proxied.test:${port}/token`
    const env = { http_proxy: url('proxy'), HTTP_PROXY: url('proxy'), https_proxy: url('proxy'), HTTPS_PROXY: url('proxy') }
    const run = await runAction({ ...main(), 'token-url': tokenUrl, 'allow-insecure-http': 'true', 'auth-placement': 'header' }, { env })
    expect(run.outputs['status']).toBe('healthy')
    const log = (await (await fetch(`${url('proxy')}/__log`)).json()) as { connects: string[] }
    expect(log.connects).toContain(`auth.proxied.test:${port}`)
  })
  test('NO_PROXY bypasses it: the made-up host then does not resolve → DNS_FAILURE', async () => {
    const tokenUrl = `http://auth.noproxy.test:${new URL(url('basicOnlyToken')).port}/token`
    const env = { http_proxy: url('proxy'), HTTP_PROXY: url('proxy'), no_proxy: 'noproxy.test', NO_PROXY: 'noproxy.test' }
    const run = await runAction({ ...main(), 'token-url': tokenUrl, 'allow-insecure-http': 'true', retries: '0', timeout: '5' }, { env })
    expect(findingCodes(run)).toEqual(['DNS_FAILURE'])
  })
})

describe('redaction survives cleaning and truncation', () => {
  test('a secret echoed where the message is cut is redacted before the cut (no fragment survives)', async () => {
    for (const pad of [260, 280, 290]) {
      const run = await runAction({ ...main(), 'token-url': fault(`/echo-secret?pad=${pad}`), 'auth-placement': 'body', diagnose: 'false' })
      const message = run.report.checks[0]?.findings[0]?.message ?? ''
      expect(message).not.toContain(servers.clients.main.secret.slice(0, 8))
    }
  })
  test('a secret with runs of whitespace, echoed and then folded to one line, is still redacted', async () => {
    const secret = 'spaced  out\tsecret  value-123'
    const run = await runAction(
      { 'client-id': 'someone', 'client-secret': secret, 'token-url': fault('/echo-secret'), 'auth-placement': 'body', diagnose: 'false' },
      { secrets: [secret.replace(/\s+/g, ' ')] }
    )
    expect(run.report.checks[0]?.findings[0]?.message).toContain('***')
  })
})
