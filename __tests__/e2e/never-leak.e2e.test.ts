// End-to-end: never leak, never hang. dist/index.js on Node 24 against hostile servers and proxies
// on 127.0.0.1 (__tests__/servers/hostile.js). Each case asserts the finding code and what every
// channel shows (annotations and log, summary, outputs, report file); runAction sweeps every run
// for the secrets in every form (escaped, decoded, 6-character fragments) on top.
import { describe, expect, test } from '@jest/globals'
import { annotationCodes, decodeAll, findingCodes, firstCheck, runAction, type ActionRun } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

// Every character that JSON, HTML and percent-encoding escape, none of our own words.
const SECRET = 'Qv8/Lr+Tz"Kx\\Wp&Mn@Yb<s4Jh='
const HOSTILE_TOKEN = 'hst-Tk7Qm2Vx9Rb4Lw8Zp3Nc6Jd'
const url = (name: string): string => servers.urls[name]!
const hostile = (path: string): string => `${url('hostile')}${path}`
const client = { 'client-id': 'hostile-client', 'client-secret': SECRET, 'auth-placement': 'body', diagnose: 'false', retries: '0' }

/** What a user or an attacker can read, channel by channel. */
function channels(run: ActionRun): Array<[string, string]> {
  return [
    ['log', run.stdout.split('\n').filter(l => !l.startsWith('::add-mask::')).join('\n')],
    ['annotations', run.annotations.map(a => `${a.title} ${a.message}`).join('\n')],
    ['summary', run.summary],
    ['report output', run.outputs['report'] ?? ''],
    ['report file', run.reportFile ?? '']
  ]
}

/** Each channel shows the finding, and the redaction mark where the secret was. */
function expectRedactedEverywhere(run: ActionRun, code: string): void {
  expect(findingCodes(run)).toEqual([code])
  expect(annotationCodes(run)).toEqual([code])
  for (const [place, text] of channels(run)) {
    const shown = decodeAll(text)
    expect([place, shown.includes(code)]).toEqual([place, true])
    expect([place, shown.includes('***')]).toEqual([place, true])
  }
}

describe('a server that quotes the secret back in its own escaping', () => {
  test.each([
    ['/echo/json-escaped', 'INVALID_CLIENT', 'JSON \\/ and \\uXXXX'],
    ['/echo/html', 'INVALID_REQUEST', 'HTML character references'],
    ['/echo/percent-upper', 'INVALID_REQUEST', 'percent-encoding, upper case'],
    ['/echo/percent-lower', 'INVALID_REQUEST', 'percent-encoding, lower case'],
    ['/echo/cut', 'INVALID_REQUEST', 'cut short by the server'],
    ['/echo/500', 'SERVER_ERROR', 'form-encoded in a plain-text 500']
  ])('%s → %s, redacted in every channel (%s)', async (path, code) => {
    const run = await runAction({ ...client, 'token-url': hostile(path) })
    expect(run.exitCode).toBe(1)
    expectRedactedEverywhere(run, code)
  })
})

describe('successful answers are described, never quoted', () => {
  test.each([
    ['/token/bom', 'application/json', 'access_token, token_type, expires_in'],
    ['/token/nan', 'application/json', 'access_token, token_type, expires_in'],
    ['/token/form', 'application/x-www-form-urlencoded', 'access_token, token_type, expires_in'],
    ['/token/text', 'text/plain', 'none']
  ])('%s: MALFORMED_RESPONSE by shape (%s), the token in no channel', async (path, type, keys) => {
    const run = await runAction({ ...client, 'token-url': hostile(path) }, { secrets: [HOSTILE_TOKEN] })
    expect(findingCodes(run)).toEqual(['MALFORMED_RESPONSE'])
    const message = firstCheck(run).findings[0]?.message ?? ''
    expect(message).toContain(`HTTP 200 with a body that is not a JSON object: Content-Type ${type}`)
    expect(message).toContain(`fields seen: ${keys}`)
    for (const [place, text] of channels(run)) expect([place, decodeAll(text).includes(HOSTILE_TOKEN.slice(0, 6))]).toEqual([place, false])
    // Token-shaped fields are masked the moment they are seen, even in a body that cannot be parsed.
    if (keys !== 'none') expect(run.masks).toContain(HOSTILE_TOKEN)
  })
})

describe('parse first, redact copies', () => {
  test('a token that contains the client secret: the probe gets it whole, export-token exports it whole, no channel shows it', async () => {
    const run = await runAction({
      ...client,
      'token-url': hostile('/token/secret-inside'),
      'probe-url': hostile('/api/me'),
      'export-token': 'true'
    })
    // The probe endpoint answers 200 only to the exact token it issued.
    expect(run.outputs['status']).toBe('healthy')
    expect(firstCheck(run).probe).toMatchObject({ httpStatus: 200, accepted: true })
    expect(run.outputs['access-token']).toBe(`tok.${SECRET}.${HOSTILE_TOKEN}`)
  })
  test("a secret made of our own words cannot turn the report's status, placement or codes into ***", async () => {
    const run = await runAction({ ...client, 'client-secret': 'healthy-failing-header-Q7', 'token-url': hostile('/token/expires-null') })
    expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'body' })
    expect(firstCheck(run)).toMatchObject({ status: 'healthy', verdict: 'valid', authMethod: 'client_secret_post' })
    expect(findingCodes(run)).toEqual(['TOKEN_LIFETIME_UNKNOWN'])
  })
    test('no ::add-mask:: for a server-chosen value under 8 characters; the access token is masked', async () => {
    const run = await runAction({ ...client, 'token-url': hostile('/token/tiny') })
    expect(run.outputs['status']).toBe('healthy')
    expect(run.masks).toContain(HOSTILE_TOKEN)
    expect(run.masks).not.toContain('r')
    expect(run.masks).not.toContain('i5chr')
    expect(run.masks.every(m => m.length >= 8)).toBe(true)
  })
})

describe('odd but harmless answers', () => {
  test.each(['/token/expires-null', '/token/expires-huge'])('%s: lifetime unknown, not a failing check', async path => {
    const run = await runAction({ ...client, 'token-url': hostile(path) })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['status']).toBe('healthy')
    expect(findingCodes(run)).toEqual(['TOKEN_LIFETIME_UNKNOWN'])
    expect(run.outputs['expires-in']).toBe('')
  })
  test('every request says Accept-Encoding: identity (the server refuses anything else)', async () => {
    const run = await runAction({ ...client, 'token-url': hostile('/token/identity') })
    expect(run.outputs['status']).toBe('healthy')
  })
})

describe('invisible characters are shown, in every channel', () => {
  test('zero-width, bidi, tag characters and a BOM in a description become <U+XXXX>', async () => {
    const run = await runAction({ ...client, 'token-url': hostile('/invisible') })
    expect(findingCodes(run)).toEqual(['INVALID_REQUEST'])
    for (const [place, text] of channels(run)) {
      expect([place, /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\u{e0000}-\u{e007f}]/u.test(text)]).toEqual([place, false])
      const shown = decodeAll(text)
      for (const escape of ['<U+200B>', '<U+202E>', '<U+2066>', '<U+E0041>', '<U+FEFF>', '<U+2060>']) {
        expect([place, escape, shown.includes(escape)]).toEqual([place, escape, true])
      }
    }
  })
})

describe('discovered endpoints pass the URL rules', () => {
  test.each(['file', 'javascript', 'data'])('a %s: token endpoint is refused naming the scheme, nothing sent to it', async scheme => {
    const run = await runAction({ ...client, issuer: hostile(`/disco-${scheme}`) })
    expect(findingCodes(run)).toEqual(['DISCOVERY_FAILED'])
    for (const [place, text] of channels(run)) expect([place, decodeAll(text).includes(`the ${scheme}: scheme`)]).toEqual([place, true])
    expect(JSON.stringify(run.report)).not.toContain('passwd')
  })
})

describe('our own messages', () => {
  test('a YAML error in checks gives line and column, never the source (a secret written inline)', async () => {
    const inline = 'Inl1ne-Zx8Qw4Rt7Yp'
    const checks = `- name: a\n  token-url: https://login.example.com/t\n  client-id: a\n  client-secret: "${inline}\n    bad: [`
    const run = await runAction({ checks }, { secrets: [inline] })
    expect(findingCodes(run)).toEqual(['INVALID_INPUT'])
    expect(firstCheck(run).findings[0]?.message).toMatch(/^Input `checks` is not valid YAML: .+ at line \d+, column \d+/)
    expect(run.exitCode).toBe(1)
  })
  test('a token-url with user:password@ is refused; the check is named by its host, the password in no channel', async () => {
    const password = 'Pw-Zr8Kq3Vt5'
    const run = await runAction({ ...client, 'token-url': `https://admin:${password}@login.example.com/oauth/token` }, { secrets: [password, `admin:${password}`] })
    expect(findingCodes(run)).toEqual(['INVALID_INPUT'])
    expect(firstCheck(run).name).toBe('login.example.com')
    expect(run.masks).toContain(password)
    for (const [place, text] of channels(run)) expect([place, text.includes('admin:')]).toEqual([place, false])
  })
})

describe('proxies', () => {
  const viaProxy = (proxy: string): Record<string, string> => ({ HTTPS_PROXY: proxy, https_proxy: proxy })
  test('an HTTPS_PROXY without a scheme is INVALID_INPUT naming the variable, in every channel', async () => {
    const run = await runAction({ ...client, 'token-url': 'https://login.example.com/oauth/token' }, { env: { HTTPS_PROXY: 'proxy.corp.example:3128' } })
    expect(findingCodes(run)).toEqual(['INVALID_INPUT'])
    expect(run.exitCode).toBe(1)
    for (const [place, text] of channels(run)) expect([place, decodeAll(text).includes('Environment variable HTTPS_PROXY')]).toEqual([place, true])
  })
  test("a proxy's 407 is PROXY_AUTH_REQUIRED naming the proxy, and it is not retried", async () => {
    const proxy = url('authProxy')
    const run = await runAction({ ...client, retries: '2', 'token-url': 'https://auth.proxied.test/token' }, { env: viaProxy(proxy) })
    expect(findingCodes(run)).toEqual(['PROXY_AUTH_REQUIRED'])
    expect(annotationCodes(run)).toEqual(['PROXY_AUTH_REQUIRED'])
    expect(firstCheck(run).findings[0]?.message).toContain(`proxy ${new URL(proxy).host} answered CONNECT with HTTP 407`)
    const seen = (await (await fetch(`${proxy}/__count`)).json()) as { connects: number }
    expect(seen.connects).toBe(1)
  })
  test('loopback never goes through a proxy, even a stalled one', async () => {
    const run = await runAction({ ...client, 'token-url': hostile('/token/identity') }, { env: { ...viaProxy(url('stalledProxy')), HTTP_PROXY: url('stalledProxy'), http_proxy: url('stalledProxy') } })
    expect(run.outputs['status']).toBe('healthy')
  })
})

describe('never hang', () => {
  // The target is 3 s for timeout 2, retries 0. The bound here is generous (start-up of
  // Node on a busy CI machine): it catches a hang, it does not time performance.
  test.each([
    ['stalledProxy', 'accepts the connection and never answers CONNECT', 'did not answer CONNECT within 2000 ms'],
    ['silentProxy', 'answers CONNECT and then relays nothing', 'no complete answer within 2000 ms']
  ])('through %s (a proxy that %s): TIMEOUT, and the process exits within its budget', async (proxy, _what, says) => {
    const run = await runAction(
      { ...client, timeout: '2', retries: '0', 'token-url': 'https://auth.stalled.test/oauth/token' },
      { env: { HTTPS_PROXY: url(proxy), https_proxy: url(proxy) } }
    )
    expect(findingCodes(run)).toEqual(['TIMEOUT'])
    expect(firstCheck(run).findings[0]?.message).toContain(says)
    expect(run.exitCode).toBe(1)
    expect(run.durationMs).toBeLessThan(6000)
  })
})
