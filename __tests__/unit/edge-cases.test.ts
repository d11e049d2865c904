// Situations found in review, each pinned to the finding a user must see.
import { describe, expect, test } from '@jest/globals'
import { assessToken } from '../../src/assess/token.js'
import type { AttemptResult } from '../../src/exchange/classify.js'
import { classifyTokenOutcome } from '../../src/exchange/classify.js'
import { loadYamlParser } from '../../src/inputs/checks-list.js'
import { finding, verdictOf } from '../../src/findings/codes.js'
import { parseRun } from '../../src/inputs/run.js'
import { secretForms } from '../../src/client-auth/secret-encoding.js'
import { inputErrorResult } from '../../src/report/result.js'
import { configuredTokenUrl } from '../../src/spec.js'
import { runChecks } from '../../src/run-checks.js'
import { conclude } from '../../src/client-auth/client-secret.js'
import type { AttemptRecord, SecretPlan } from '../../src/client-auth/types.js'
import { makeSpec, secret } from '../helpers/spec.js'

const rejected: AttemptResult = { kind: 'rejected', error: { error: 'invalid_client', description: 'Bad client credentials', errorCodes: [] }, shape: 'invalid_client ("Bad client credentials")' }
const invalidRequest: AttemptResult = { kind: 'failed', finding: finding('INVALID_REQUEST', 'missing Authorization') }
const token: AttemptResult = { kind: 'token', grant: { accessToken: 't', tokenType: 'Bearer', expiresIn: 60, scope: undefined, otherSecrets: [] } }
const rec = (placement: 'header' | 'body', result: AttemptResult, basicEncoding: 'form' | 'raw' = 'form'): AttemptRecord<SecretPlan> => ({
  plan: { family: 'client_secret', placement, basicEncoding, trimmed: false },
  result,
  httpStatus: result.kind === 'token' ? 200 : 401,
  latencyMs: 1,
  tries: 1
})

describe('hostile or odd token responses', () => {
  test.each([1e300, '99999999999999999999', 315_360_001])('expires_in %p is MALFORMED_RESPONSE, not a crash', expiresIn => {
    const r = classifyTokenOutcome({ kind: 'response', status: 200, headers: {}, body: JSON.stringify({ access_token: 'a', expires_in: expiresIn }), latencyMs: 1, tries: 1 }, 'https://x/token')
    expect(r.kind === 'failed' && r.finding.code).toBe('MALFORMED_RESPONSE')
  })
  test('a JWT exp centuries away is not trusted as a lifetime', () => {
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url')
    const jwt = `${b64({ alg: 'none' })}.${b64({ exp: 1e20 })}.x`
    const a = assessToken(makeSpec(), { accessToken: jwt, tokenType: 'Bearer', expiresIn: undefined, scope: undefined, otherSecrets: [] }, Date.now())
    expect(a.findings.map(f => f.code)).toEqual(['TOKEN_LIFETIME_UNKNOWN'])
  })
})

describe('conclusions', () => {
  test('header rejected, body answered invalid_request: the rejection is what counts → INVALID_CLIENT', () => {
    const c = conclude(makeSpec(), [rec('header', rejected), rec('body', invalidRequest)])
    expect(c.findings.map(f => f.code)).toEqual(['INVALID_CLIENT'])
    expect(c.findings[0]?.hint).toContain('INVALID_REQUEST')
    expect(c.findings[0]?.message).toContain('client my-client')
  })
  test('body configured, only the raw Basic value works: the fix says raw, not just "header"', () => {
    const spec = makeSpec({ ...secret('body'), clientSecret: 'p@ss+word' })
    const c = conclude(spec, [rec('body', rejected), rec('header', rejected), rec('header', token, 'raw')])
    expect(c.findings[0]?.code).toBe('AUTH_PLACEMENT_MISMATCH')
    expect(c.findings[0]?.hint).toContain('raw id:secret')
  })
  test('a server that issued a token did not find the credentials invalid: verdict misconfigured', () => {
    expect(verdictOf([finding('SECRET_EXPIRED', 'stale date')], true)).toBe('misconfigured')
    expect(verdictOf([finding('SECRET_EXPIRED', 'expired')], false)).toBe('invalid')
  })
})

describe('inputs', () => {
  test("the step's name is not copied into list items (it would make them collide)", async () => {
    const parseYaml = await loadYamlParser()
    const checks = '- token-url: https://a.example.com/t\n- token-url: https://b.example.com/t\n'
    const run = parseRun(n => ({ checks, name: 'nightly', 'client-id': 'c', 'client-secret': 'secret-value' })[n] ?? '', () => undefined, parseYaml)
    expect(run.checks.map(c => (c.ok ? c.spec.name : `error: ${c.name}`))).toEqual(['a.example.com', 'b.example.com'])
  })
  test('an empty item value falls back to the step input, not to the action default', async () => {
    const parseYaml = await loadYamlParser()
    const run = parseRun(n => ({ checks: '- token-url: https://a.example.com/t\n  timeout:\n', timeout: '3', 'client-id': 'c', 'client-secret': 's3cret-value' })[n] ?? '', () => undefined, parseYaml)
    expect(run.checks[0]?.ok && run.checks[0].spec.timeoutMs).toBe(3000)
  })
  test('a secret with runs of whitespace is also redacted in its one-line form', () => {
    expect(secretForms('id', 'abcd  efgh\tijkl')).toContain('abcd efgh ijkl')
  })
})

test('a check that throws becomes CHECK_CRASHED; the other checks keep their results', async () => {
  const parseYaml = await loadYamlParser()
  const checks = '- name: one\n  token-url: https://a.example.com/t\n- name: two\n  token-url: https://b.example.com/t\n'
  const parsed = parseRun(n => ({ checks, 'client-id': 'c', 'client-secret': 'secret-value' })[n] ?? '', () => undefined, parseYaml)
  const runs = await runChecks(parsed.checks, 2, async spec => {
    if (spec.name === 'one') throw new Error('boom')
    return { accessToken: undefined, result: inputErrorResult(spec.name, configuredTokenUrl(spec), []) }
  })
  expect(runs.map(r => [r.result.name, r.result.findings.map(f => f.code).join(',')])).toEqual([
    ['one', 'CHECK_CRASHED'],
    ['two', '']
  ])
  expect(runs[0]?.result.findings[0]?.message).toContain('boom')
})
