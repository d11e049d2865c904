import { beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { loadYamlParser, type YamlParser } from '../../src/inputs/checks-list.js'
import { isLoopback } from '../../src/endpoint/url-rules.js'
import { DEFAULTS } from '../../src/inputs/catalogue.js'
import { parseRun, type ParsedCheck } from '../../src/inputs/run.js'

const BASE: Record<string, string> = {
  'token-url': 'https://login.example.com/oauth/token',
  'client-id': 'my-client',
  'client-secret': 'secret'
}
const runWith = (over: Record<string, string>, env: Record<string, string> = {}) =>
  parseRun(name => ({ ...BASE, ...over })[name] ?? '', name => env[name])
const parseWith = (over: Record<string, string>): ParsedCheck => runWith(over).checks[0]!
const errorsOf = (over: Record<string, string>): string[] => {
  const p = parseWith(over)
  return p.ok ? [] : p.findings.map(f => `${f.code} ${f.message}`)
}

describe('valid inputs', () => {
  test('defaults apply when the runner did not fill them', () => {
    const p = parseWith({})
    expect(p.ok).toBe(true)
    if (!p.ok) return
    expect(p.spec).toMatchObject({ clientAuth: { placement: 'auto' }, diagnose: true, timeoutMs: 10000, retries: 2, name: 'login.example.com' })
    expect(runWith({}).options).toEqual({ failOn: 'error', summary: true, exportToken: false, concurrency: 4 })
  })
  test('client-id and client-secret are kept untrimmed', () => {
    const p = parseWith({ 'client-secret': 'secret\n', 'client-id': ' id' })
    expect(p.ok && p.spec.clientSecret).toBe('secret\n')
    expect(p.ok && p.spec.clientId).toBe(' id')
  })
  test('scope whitespace is normalised, resources and extra params are split per line', () => {
    const p = parseWith({ scope: ' a\n b  c ', resource: 'https://r1/\n\nhttps://r2/', 'extra-params': 'tenant=t1\nx = y=z' })
    expect(p.ok && p.spec.scope).toBe('a b c')
    expect(p.ok && p.spec.resources).toEqual(['https://r1/', 'https://r2/'])
    expect(p.ok && p.spec.extraParams).toEqual([['tenant', 't1'], ['x', 'y=z']])
  })
  test('placement and booleans are case-insensitive in the YAML 1.2 way', () => {
    const p = parseWith({ 'auth-placement': 'Header', diagnose: 'False' })
    expect(p.ok && p.spec.clientAuth).toEqual({ method: 'client_secret', placement: 'header' })
    expect(p.ok && p.spec.diagnose).toBe(false)
  })
  test('http:// to loopback is allowed; elsewhere only with allow-insecure-http', () => {
    expect(parseWith({ 'token-url': 'http://127.0.0.1:8080/token' }).ok).toBe(true)
    expect(parseWith({ 'token-url': 'http://auth.internal/token', 'allow-insecure-http': 'true' }).ok).toBe(true)
  })
})

describe('bad inputs name the input and the expected form', () => {
  test.each([
    [{ 'client-id': '' }, 'INVALID_INPUT Input `client-id` is required'],
    [{ 'client-secret': '  ' }, 'INVALID_INPUT Input `client-secret` is required'],
    [{ 'token-url': '' }, 'INVALID_INPUT Input `token-url` is required'],
    [{ 'token-url': 'login.example.com/token' }, 'INVALID_INPUT Input `token-url` is not a URL; expected an absolute https:// URL'],
    [{ 'token-url': 'ftp://x/token' }, 'INVALID_INPUT Input `token-url` must be an https:// URL'],
    [{ 'token-url': 'https://u:p@x/token' }, 'INVALID_INPUT Input `token-url` must not contain user:password@'],
    [{ 'auth-placement': 'basic' }, 'INVALID_INPUT Input `auth-placement` must be one of `auto`, `header`, `body`; got "basic"'],
    [{ timeout: 'abc' }, 'INVALID_INPUT Input `timeout` must be a number of seconds from 0.1 to 300; got "abc"'],
    [{ timeout: '0' }, 'INVALID_INPUT Input `timeout` must be a number of seconds'],
    [{ retries: '1.5' }, 'INVALID_INPUT Input `retries` must be a whole number from 0 to 10'],
    [{ 'fail-on': 'sometimes' }, 'INVALID_INPUT Input `fail-on` must be one of `error`, `warning`, `never`'],
    [{ diagnose: 'yes' }, 'INVALID_INPUT Input `diagnose` must be `true` or `false`; got "yes"'],
    [{ resource: 'not a uri' }, 'INVALID_INPUT Input `resource` must list absolute URIs'],
    [{ 'extra-params': 'novalue' }, 'INVALID_INPUT Input `extra-params` must hold one key=value per line; line 1 has no key'],
    [{ 'extra-params': 'client_secret=x' }, 'INVALID_INPUT Input `extra-params` may not set `client_secret`'],
    [{ 'extra-params': 'scope=x' }, 'INVALID_INPUT Input `extra-params` may not set `scope`: use the `scope` input'],
    [{ 'token-url': 'http://auth.example.com/token' }, 'INSECURE_URL Input `token-url` uses plain http:// to auth.example.com']
  ])('%j', (over, expected) => {
    const errors = errorsOf(over)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(expected)
  })
  test('every problem is reported at once', () => {
    expect(errorsOf({ 'client-id': '', timeout: 'x', 'fail-on': 'x' })).toHaveLength(3)
  })
  test('the secret never appears in an error', () => {
    const all = errorsOf({ 'client-secret': 'TopSecret!', 'extra-params': '=TopSecret!', timeout: 'x' }).join(' ')
    expect(all).not.toContain('TopSecret')
  })
})

test('loopback hosts', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', 'api.localhost']) expect(isLoopback(h)).toBe(true)
  for (const h of ['10.0.0.1', 'example.com', '128.0.0.1', 'localhost.example.com']) expect(isLoopback(h)).toBe(false)
})

test("action.yml's defaults match the code's, so the bundle behaves the same outside the runner", () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, { default?: string }> }
  for (const [name, value] of Object.entries(DEFAULTS)) expect(action.inputs[name]?.default).toBe(value)
})

describe('the checks list', () => {
  let parseYaml: YamlParser
  beforeAll(async () => {
    parseYaml = await loadYamlParser()
  })
  const list = (yaml: string, env: Record<string, string> = {}, top: Record<string, string> = {}) =>
    parseRun(name => ({ checks: yaml, ...top })[name] ?? '', name => env[name], parseYaml)
  const messages = (c: ParsedCheck | undefined): string[] => (c && !c.ok ? c.findings.map(f => f.message) : [])

  test('items take top-level inputs as defaults, override them, and read secrets from env', () => {
    const run = list(
      `- name: a\n  token-url: https://a.example.com/token\n  client-id: 0123\n  client-secret-env: A_SECRET\n- name: b\n  token-url: https://b.example.com/token\n  client-id: b\n  client-secret: inline\n  timeout: 3\n  scope: [x, y]`,
      { A_SECRET: 'from-env\n' },
      { timeout: '7', 'client-secret': 'top' }
    )
    expect(run.checks.map(c => c.ok)).toEqual([true, true])
    const [a, b] = run.checks.map(c => (c.ok ? c.spec : undefined))
    expect(a).toMatchObject({ name: 'a', clientId: '0123', clientSecret: 'from-env\n', timeoutMs: 7000 })
    expect(b).toMatchObject({ name: 'b', clientSecret: 'inline', timeoutMs: 3000, scope: 'x y' })
    expect(run.secrets).toEqual(expect.arrayContaining(['from-env\n', 'inline']))
  })
  test('unknown key → INVALID_INPUT with a did-you-mean; the other checks still run', () => {
    const run = list(`- name: a\n  token-url: https://a.example.com/t\n  client-id: a\n  client-secret: s\n  scopes: x\n- name: b\n  token-url: https://b.example.com/t\n  client-id: b\n  client-secret: s`)
    expect(messages(run.checks[0])).toEqual([expect.stringContaining('Check `a`: key `scopes` is not a check key; did you mean `scope`?')])
    expect(run.checks[1]?.ok).toBe(true)
  })
  test('an env var that is not set → INVALID_INPUT naming the check, the key and the variable', () => {
    const run = list(`- name: a\n  token-url: https://a.example.com/t\n  client-id: a\n  client-secret-env: MISSING`)
    expect(messages(run.checks[0])).toEqual([expect.stringContaining('Check `a`: key `client-secret-env` names the environment variable MISSING, which is not set or empty')])
  })
  test('duplicate names → INVALID_INPUT on the later check', () => {
    const item = `  token-url: https://a.example.com/t\n  client-id: a\n  client-secret: s`
    const run = list(`- name: same\n${item}\n- name: same\n${item}`)
    expect(run.checks[0]?.ok).toBe(true)
    expect(messages(run.checks[1])).toEqual([expect.stringContaining('key `name` is also used by checks[0]')])
  })
  test('names default to the host, so two checks on one host without names collide', () => {
    const item = `  client-id: a\n  client-secret: s`
    const run = list(`- token-url: https://a.example.com/t1\n${item}\n- token-url: https://a.example.com/t2\n${item}`)
    expect(run.checks[1]?.ok).toBe(false)
  })
  test('broken YAML, or not a list → one INVALID_INPUT for `checks`, nothing runs', () => {
    expect(messages(list('- name: [unclosed').checks[0])[0]).toContain('Input `checks` is not valid YAML')
    expect(messages(list('name: a').checks[0])[0]).toContain('Input `checks` must be a YAML list')
  })
  test('run-wide inputs are not check keys', () => {
    const run = list(`- name: a\n  token-url: https://a.example.com/t\n  client-id: a\n  client-secret: s\n  fail-on: never`)
    expect(messages(run.checks[0])[0]).toContain('Run-wide inputs')
  })
})

test('secret-expires-at: a date means the end of that day in UTC, a date-time without zone is UTC too', () => {
  const at = (value: string): number | null => {
    const c = parseWith({ 'secret-expires-at': value })
    return c.ok ? c.spec.secretExpiresAt : null
  }
  expect(at('2027-03-01')).toBe(Date.parse('2027-03-01T23:59:59Z'))
  expect(at('2027-03-01T12:00')).toBe(Date.parse('2027-03-01T12:00:00Z'))
  expect(at('2027-03-01T12:00:00+02:00')).toBe(Date.parse('2027-03-01T10:00:00Z'))
  expect(errorsOf({ 'secret-expires-at': '2027-02-30' })[0]).toContain('secret-expires-at')
})

describe('grant-type and the password grant', () => {
  const base = { 'token-url': 'https://login.example.com/oauth/token', 'client-id': 'id', 'client-secret': 's3cret-value' }
  const parsed = (inputs: Record<string, string>) => parseRun(name => ({ ...base, ...inputs })[name] ?? '', () => undefined)
  test('default client_credentials; username/password without grant-type: password → INVALID_INPUT', () => {
    const ok = parsed({}).checks[0]!
    expect(ok.ok && ok.spec.grant).toEqual({ type: 'client_credentials' })
    const bad = parsed({ username: 'u' }).checks[0]!
    expect(!bad.ok && bad.findings[0]?.message).toContain('Input `username` only applies with grant-type: password')
  })
  test('an unknown grant-type → INVALID_INPUT listing the grants', () => {
    const bad = parsed({ 'grant-type': 'implicit' }).checks[0]!
    expect(!bad.ok && bad.findings[0]?.message).toBe('Input `grant-type` must be one of `client_credentials`, `password`; got "implicit".')
  })
  test('every form of username and password is collected for masking, even when the check cannot run', () => {
    const run = parsed({ 'grant-type': 'password', username: 'AKID 1', password: 'pa ss=\n', 'timeout': 'x' })
    expect(run.checks[0]!.ok).toBe(false)
    for (const form of ['AKID 1', 'AKID+1', 'AKID%201', 'pa ss=\n', 'pa ss=', 'pa+ss%3D', 'pa%20ss%3D']) expect(run.secrets).toContain(form)
  })
  test('checks items take username-env and password-env', () => {
    const env: Record<string, string> = { AK_ID: 'id-from-env', AK_SECRET: 'secret-from-env=' }
    const run = parseRun(
      name => ({ checks: `- token-url: https://a.example.com/token\n  client-id: a\n  client-secret: s\n  grant-type: password\n  username-env: AK_ID\n  password-env: AK_SECRET` })[name] ?? '',
      name => env[name],
      text => parse(text) as unknown
    )
    const c = run.checks[0]!
    expect(c.ok && c.spec.grant).toEqual({ type: 'password', username: 'id-from-env', password: 'secret-from-env=' })
    expect(run.secrets).toContain('secret-from-env=')
    expect(run.secrets).toContain('id-from-env')
  })
})
