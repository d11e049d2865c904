// The one road for untrusted text (src/text.ts) and the leaks it closes: escaped, decoded and
// partial forms of a secret, invisible characters, successful answers described by shape, our own
// messages (YAML errors, refused URLs), proxy variables and the loopback rule. Pure: no network.
import { describe, expect, test } from '@jest/globals'
import { parse } from 'yaml'
import { runCheck } from '../../src/check.js'
import { fromMetadata } from '../../src/endpoint/locate.js'
import { localhostProblems, discoveredEndpointProblem } from '../../src/endpoint/url-rules.js'
import { bodyShape, classifyTokenOutcome, tokenFieldValues } from '../../src/exchange/classify.js'
import { yamlErrorText } from '../../src/inputs/checks-list.js'
import { parseRun, proxyProblems } from '../../src/inputs/run.js'
import type { HttpOutcome, HttpRequest } from '../../src/net/outcome.js'
import { retryDelayMs } from '../../src/net/retry.js'
import { networkFailure } from '../../src/net/transport.js'
import { buildReport, outputsFor } from '../../src/report/report.js'
import { Redactor, decodeText, display, redactDeep, serverText, showInvisible } from '../../src/text.js'
import { makeSpec } from '../helpers/spec.js'

const SECRET = 'Zq7/xK+9w"Lm\\p2@Rt'
const redactor = new Redactor([SECRET])

describe('decode: the logical string a server meant', () => {
  test.each([
    ['JSON with \\/ and \\u escapes, parsed', '{"error":"invalid_client","error_description":"got Zq7\\/xK+9w\\"Lm\\\\p2\\u0040Rt"}'],
    ['stray JSON escapes in text', 'got Zq7\\/xK+9w\\"Lm\\\\p2\\u0040Rt (truncated {"a":'],
    ['HTML entities, named, decimal and hex', 'got Zq7&#x2F;xK&plus;9w&quot;Lm&#92;p2&commat;Rt'],
    ['percent-encoding, upper case', `got ${encodeURIComponent(SECRET)}`],
    ['percent-encoding, lower case', `got ${encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, m => m.toLowerCase())}`],
    ['double percent-encoding', `got ${encodeURIComponent(encodeURIComponent(SECRET))}`],
    ['percent-escapes inside entities', `got ${encodeURIComponent(SECRET).replace(/%/g, '&#37;')}`]
  ])('%s decodes to the secret, and redaction removes it', (_what, text) => {
    expect(decodeText(text)).toContain(SECRET)
    const shown = redactor.redact(text)
    expect(shown).toContain('***')
    expect(decodeText(shown)).not.toContain(SECRET)
    for (let i = 0; i + 6 <= SECRET.length; i++) expect(decodeText(shown)).not.toContain(SECRET.slice(i, i + 6))
  })
  test('a JSON body is shown as its strings, not its escaping', () => {
    expect(decodeText('{"error":"x","error_description":"a\\/b \\u00e9"}')).toBe('error: x, error_description: a/b é')
  })
})

describe('redaction of fragments', () => {
  test('a run of 6 or more characters of a secret is a leak wherever it sits; 5 are not', () => {
    expect(redactor.redact(`start ${SECRET.slice(0, 6)}`)).toBe('start ***')
    expect(redactor.redact(`mid ${SECRET.slice(4, 12)} end`)).toBe('mid *** end')
    expect(redactor.redact(`tail ${SECRET.slice(0, 5)}`)).toBe(`tail ${SECRET.slice(0, 5)}`)
  })
  test('our own truncation cannot leave an unrecognisable piece', () => {
    const cut = serverText(`the secret was ${SECRET} and more`, 'the secret was '.length + 8)
    expect(cut).toContain(SECRET.slice(0, 7))
    expect(redactor.redact(cut)).not.toContain(SECRET.slice(0, 6))
  })
  test('a run that is also our own wording or a configured name is not a fragment; the whole secret still is', () => {
    const r = new Redactor(['short-s3cr3t-0123456789'], ['short-lived'], ['client-secret'])
    expect(r.redact('check short-lived failed')).toBe('check short-lived failed')
    expect(r.redact('got short-s3cr3t-0123456789')).toBe('got ***')
    expect(r.redact('got t-s3cr3t-01')).toBe('got ***')
  })
  test('a form-encoded secret decoded with + left as is, and PEM armour lines are not fragments', () => {
    const r = new Redactor(['pass word here', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'])
    expect(r.redact('got pass+word+here')).toBe('got ***')
    expect(r.redact('a PRIVATE KEY is needed')).toBe('a PRIVATE KEY is needed')
    expect(r.redact('x MIIEvQIBADANBgkq y')).toBe('x *** y')
  })
  test('values shorter than 4 characters are never redacted', () => {
    expect(new Redactor(['abc']).redact('abc abcd')).toBe('abc abcd')
  })
  test('redactDeep redacts every string of a report and shows invisible characters, keeping its shape', () => {
    const report = { a: [`x ${SECRET}`, 3, null], b: { c: 'safe\u200b' } }
    expect(redactDeep(report, redactor)).toEqual({ a: ['x ***', 3, null], b: { c: 'safe<U+200B>' } })
  })
})

describe('neutralise: invisible characters become visible escapes', () => {
  test.each([
    ['zero-width space', 'a\u200bb', 'a<U+200B>b'],
    ['right-to-left override', 'a\u202eb', 'a<U+202E>b'],
    ['bidi isolate', 'a\u2066b\u2069', 'a<U+2066>b<U+2069>'],
    ['byte order mark', '\ufeffa', '<U+FEFF>a'],
    ['tag characters', 'a\u{e0041}\u{e007f}', 'a<U+E0041><U+E007F>'],
    ['zero-width joiner and word joiner', 'a\u200db\u2060', 'a<U+200D>b<U+2060>']
  ])('%s', (_what, text, shown) => {
    expect(showInvisible(text)).toBe(shown)
    for (const target of ['log', 'summary', 'plain'] as const) {
      expect(display(text, redactor, target)).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\u{e0000}-\u{e007f}]/u)
    }
  })
  test('the log copy cannot issue a workflow command, the summary copy has no live HTML', () => {
    const evil = `x\n::add-mask::a\n::set-output name=status::healthy <img src=x> ${SECRET}`
    expect(display(evil, redactor, 'log')).not.toMatch(/::|\n/)
    expect(display(evil, redactor, 'summary')).not.toMatch(/[<>\n]/)
    expect(display(evil, redactor, 'log')).not.toContain(SECRET)
  })
})

const response = (status: number, body: string, contentType = 'application/json'): HttpOutcome => ({
  kind: 'response',
  status,
  headers: { 'content-type': contentType },
  body,
  latencyMs: 1,
  tries: 1
})
const TOKEN = 'tok_9f8e7d6c5b4a39281706'

describe('successful answers are described by shape, never quoted', () => {
  test.each([
    ['a UTF-8 BOM', `\ufeff{"access_token":"${TOKEN}","token_type":"Bearer"}`, 'application/json', 'access_token, token_type'],
    ['NaN', `{"access_token":"${TOKEN}","expires_in":NaN}`, 'application/json', 'access_token, expires_in'],
    ['a form-encoded body', `access_token=${TOKEN}&token_type=bearer`, 'application/x-www-form-urlencoded', 'access_token, token_type'],
    ['a wrong content type', `<p>access_token: ${TOKEN}</p>`, 'text/plain', 'none']
  ])('%s: MALFORMED_RESPONSE with status, content type, length and keys', (_what, body, type, keys) => {
    const r = classifyTokenOutcome(response(200, body, type), 'https://login.example.com/token')
    expect(r.kind === 'failed' && r.finding.code).toBe('MALFORMED_RESPONSE')
    const message = r.kind === 'failed' ? r.finding.message : ''
    expect(message).toContain('HTTP 200')
    expect(message).toContain(`Content-Type ${type}`)
    expect(message).toContain(`${Buffer.byteLength(body)} bytes`)
    expect(message).toContain(`fields seen: ${keys}`)
    expect(message).not.toContain(TOKEN.slice(4, 10))
  })
  test('token-shaped fields are found in every encoding, so they are masked the moment they are seen', () => {
    const escaped = TOKEN.replace(/_/g, '\\u005f')
    expect(tokenFieldValues(`\ufeff{"access_token":"${escaped}",x:NaN}`)).toContain(TOKEN)
    expect(tokenFieldValues(`refresh_token=${encodeURIComponent('a b+c/d_long')}&x=1`)).toContain('a b+c/d_long')
    expect(tokenFieldValues(`{&quot;id_token&quot;:&quot;${TOKEN}&quot;}`)).toContain(TOKEN)
    expect(tokenFieldValues('{"error":"invalid_client"}')).toEqual([])
  })
  test('a compressed body sent despite Accept-Encoding: identity is said to be one', () => {
    const gz: HttpOutcome = { kind: 'response', status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '\u001f\u008b\u0008garbage', latencyMs: 1, tries: 1 }
    const r = classifyTokenOutcome(gz, 'https://x/token')
    expect(r.kind === 'failed' && r.finding.message).toContain('Content-Type application/json, Content-Encoding gzip although identity was asked for')
  })
    test('the shape never shows a field name that is not a plain identifier', () => {
    expect(bodyShape('', '{"<script>":1,"ok_key":2')).toBe('no Content-Type, 24 bytes, fields seen: ok_key')
  })
})

describe('expires_in that means "unknown"', () => {
  test.each([
    ['null', 'null'],
    ['1e308', '1e308'],
    ['a 400-digit string', `"${'9'.repeat(400)}"`],
    ['ten years and a second', '315360001']
  ])('%s is a token with an unknown lifetime, not a malformed response', (_what, value) => {
    const r = classifyTokenOutcome(response(200, `{"access_token":"${TOKEN}","token_type":"Bearer","expires_in":${value}}`), 'https://x/token')
    expect(r.kind).toBe('token')
    expect(r.kind === 'token' && r.grant.expiresIn).toBeUndefined()
  })
  test('a negative or non-numeric expires_in is still malformed', () => {
    expect(classifyTokenOutcome(response(200, `{"access_token":"${TOKEN}","expires_in":-5}`), 'https://x/token').kind).toBe('failed')
    expect(classifyTokenOutcome(response(200, `{"access_token":"${TOKEN}","expires_in":"soon"}`), 'https://x/token').kind).toBe('failed')
  })
})

describe('our own messages', () => {
  const parseYaml = (text: string): unknown => parse(text, { schema: 'failsafe', prettyErrors: true, uniqueKeys: true })
  test('a YAML error of checks gives line and column, never the source text', () => {
    const checks = `- name: a\n  client-secret: "Hunter2-inline-secret\n  token-url: https://x/t`
    const run = parseRun(name => (name === 'checks' ? checks : ''), () => undefined, parseYaml)
    const check = run.checks[0]
    const message = check && !check.ok ? check.findings.map(f => f.message).join(' ') : ''
    expect(message).toMatch(/^Input `checks` is not valid YAML: .+ at line \d+, column \d+\.$/)
    expect(message).not.toContain('Hunter2')
    expect(yamlErrorText(new Error('Hunter2 here'))).toBe('syntax error')
  })
  test('a refused URL with user:pass@ never becomes the name or appears in a message', () => {
    for (const input of ['token-url', 'issuer']) {
      const values: Record<string, string> = { [input]: 'https://admin:Pa55-w0rd-XYZ@login.example.com/oauth/token', 'client-id': 'id', 'client-secret': 'sec-123456' }
      const run = parseRun(name => values[name] ?? '', () => undefined)
      const check = run.checks[0]
      expect(check?.ok).toBe(false)
      if (!check || check.ok) return
      expect(check.name).toBe('login.example.com')
      expect(JSON.stringify(check)).not.toContain('Pa55-w0rd')
      expect(JSON.stringify(check)).not.toContain('admin:')
      // The password is collected for masking like any other secret.
      expect(run.secrets).toContain('Pa55-w0rd-XYZ')
    }
  })
})

describe('proxies', () => {
  test.each([
    ['HTTPS_PROXY', 'proxy.corp:3128', 'it has no http:// or https:// scheme'],
    ['https_proxy', 'http://[not-an-ip', 'is not a proxy URL'],
    ['HTTP_PROXY', 'socks5://user:pw@proxy:1080', 'is not a proxy URL']
  ])('%s=%s → INVALID_INPUT naming the variable, never the value', (name, value, says) => {
    const problems = proxyProblems(n => (n === name ? value : undefined))
    expect(problems.map(f => f.code)).toEqual(['INVALID_INPUT'])
    expect(problems[0]?.message).toContain(`Environment variable ${name}`)
    expect(problems[0]?.message).toContain(says)
    expect(problems[0]?.message).not.toContain(value)
  })
  test('a proxy URL with a scheme is fine, and the lower-case name wins as in http-client', () => {
    expect(proxyProblems(n => ({ HTTPS_PROXY: 'http://user:pw@proxy.corp:3128' })[n])).toEqual([])
    expect(proxyProblems(n => ({ https_proxy: 'http://proxy:1', HTTPS_PROXY: 'garbage' })[n])).toEqual([])
  })
  test('the whole run is an input error when a proxy variable is broken', () => {
    const values: Record<string, string> = { 'token-url': 'https://login.example.com/t', 'client-id': 'id', 'client-secret': 'sec-123456' }
    const run = parseRun(n => values[n] ?? '', n => (n === 'HTTPS_PROXY' ? 'proxy:3128' : undefined))
    expect(run.checks[0]?.ok).toBe(false)
  })
  test("a proxy's 407 is its own failure naming the proxy, and it is not retried", () => {
    const error = Object.assign(new Error('tunneling socket could not be established, statusCode=407'), { code: 'ECONNRESET' })
    const failure = networkFailure(error, '10.0.0.5:3128')
    expect(failure).toEqual({ failure: 'proxy-auth', detail: 'proxy 10.0.0.5:3128 answered CONNECT with HTTP 407' })
    expect(retryDelayMs({ kind: 'network', ...failure, latencyMs: 1, tries: 1 }, 1, 0.5, 0)).toBeUndefined()
    const r = classifyTokenOutcome({ kind: 'network', ...failure, latencyMs: 1, tries: 1 }, 'https://login.example.com/token')
    expect(r.kind === 'failed' && r.finding.code).toBe('PROXY_AUTH_REQUIRED')
    expect(r.kind === 'failed' && r.finding.message).toContain('10.0.0.5:3128')
  })
  test('a proxy that cannot be reached is named too (NETWORK_ERROR), without its userinfo', () => {
    const error = Object.assign(new Error('tunneling socket could not be established, cause=connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNRESET' })
    expect(networkFailure(error, 'proxy.corp:3128')).toEqual({ failure: 'proxy', detail: 'proxy proxy.corp:3128 could not be used (ECONNREFUSED)' })
  })
})

describe('loopback means loopback; discovered endpoints pass the URL rules', () => {
  const lookup = (answers: Record<string, string[]>) => async (host: string) => answers[host] ?? []
  test('*.localhost over http counts as loopback only when every address it resolves to is loopback', async () => {
    const urls = ['http://api.localhost:8080/token']
    expect(await localhostProblems(urls, false, lookup({ 'api.localhost': ['127.0.0.1', '::1'] }))).toEqual([])
    const remote = await localhostProblems(urls, false, lookup({ 'api.localhost': ['127.0.0.1', '203.0.113.7'] }))
    expect(remote.map(f => f.code)).toEqual(['INSECURE_URL'])
    expect(remote[0]?.message).toContain('203.0.113.7')
    expect((await localhostProblems(urls, false, lookup({}))).map(f => f.code)).toEqual(['INSECURE_URL'])
    expect((await localhostProblems(urls, false, undefined)).map(f => f.code)).toEqual(['INSECURE_URL'])
    expect(await localhostProblems(urls, true, undefined)).toEqual([])
  })
  test('runCheck refuses before sending anything when a *.localhost name is not loopback', async () => {
    const sent: HttpRequest[] = []
    const spec = makeSpec({ endpoint: { kind: 'url', tokenUrl: 'http://api.localhost:1/token' } })
    const run = await runCheck(spec, {
      transport: async request => {
        sent.push(request)
        return { kind: 'network', failure: 'refused', detail: 'ECONNREFUSED', latencyMs: 1, tries: 1 }
      },
      mask: () => undefined,
      userAgent: 'test',
      lookup: async () => ['198.51.100.1']
    })
    expect(sent).toEqual([])
    expect(run.result.findings.map(f => f.code)).toEqual(['INSECURE_URL'])
  })
  test.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,x', 'ftp://files.example.com/token'])(
    'a discovered %s is refused, naming the scheme',
    url => {
      const problem = discoveredEndpointProblem(url, true)
      expect(problem?.code).toBe('DISCOVERY_FAILED')
      expect(problem?.message).toContain(`the ${new URL(url).protocol} scheme`)
      expect(problem?.message).not.toContain('passwd')
    }
  )
})

test('a discovered endpoint with user:password@ is refused and kept out of the report fields', () => {
  const metadata = { url: 'https://as.example.com/.well-known/openid-configuration', issuer: 'https://as.example.com', tokenEndpoint: 'https://u:Pw-secret-1@as.example.com/token', authMethods: null, grantTypes: null, signingAlgs: null, mtlsTokenEndpoint: null }
  const located = fromMetadata(makeSpec({ endpoint: { kind: 'discover', issuer: 'https://as.example.com', tokenUrl: null } }), null, metadata)
  expect(located.ok).toBe(false)
  expect(located.tokenUrl).toBe('')
  expect(located.metadata?.tokenEndpoint).toBe('')
  expect(JSON.stringify(located.findings)).not.toContain('Pw-secret')
})

describe('parse first, redact copies', () => {
  test('a token that contains the client secret reaches the probe and export-token whole; the report shows neither', async () => {
    const secret = 'S3cret-Value-987654'
    const token = `eyJ.${secret}.sig-abcdef`
    const spec = makeSpec({
      clientSecret: secret,
      endpoint: { kind: 'url', tokenUrl: 'https://login.example.com/token' },
      probe: { url: 'https://api.example.com/me', relativeTo: null, method: 'GET', expected: [[200, 200]], expectedText: '200' }
    })
    const probed: string[] = []
    const run = await runCheck(spec, {
      transport: async request => {
        if (request.url.startsWith('https://api.')) {
          probed.push(request.headers['Authorization'] ?? request.headers['authorization'] ?? '')
          return { kind: 'response', status: 200, headers: {}, body: '{}', latencyMs: 1, tries: 1 }
        }
        return {
          kind: 'response',
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: `read ${secret}` }),
          latencyMs: 1,
          tries: 1
        }
      },
      mask: () => undefined,
      userAgent: 'test'
    })
    expect(probed).toEqual([`Bearer ${token}`])
    expect(run.accessToken).toBe(token)
    const outputs = outputsFor(buildReport([run.result]), run.accessToken)
    expect(outputs['access-token']).toBe(token)
    expect(outputs['report']).not.toContain(secret)
    expect(outputs['scope']).toBe('read ***')
  })
})
