import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { DEFAULTS, isLoopback, parseInputs } from '../../src/inputs.js'

const BASE: Record<string, string> = {
  'token-url': 'https://login.example.com/oauth/token',
  'client-id': 'my-client',
  'client-secret': 'secret'
}
const parseWith = (over: Record<string, string>) => parseInputs(name => ({ ...BASE, ...over })[name] ?? '')
const errorsOf = (over: Record<string, string>): string[] => {
  const p = parseWith(over)
  return p.ok ? [] : p.findings.map(f => `${f.code} ${f.message}`)
}

describe('valid inputs', () => {
  test('defaults apply when the runner did not fill them', () => {
    const p = parseWith({})
    expect(p.ok).toBe(true)
    if (!p.ok) return
    expect(p.spec).toMatchObject({ placement: 'auto', diagnose: true, timeoutMs: 10000, retries: 2, name: 'login.example.com' })
    expect(p.options).toEqual({ failOn: 'error', summary: true, exportToken: false })
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
    expect(p.ok && p.spec.placement).toBe('header')
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
    [{ 'token-url': 'http://auth.example.com/token' }, 'INSECURE_URL `token-url` uses plain http:// to auth.example.com']
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
