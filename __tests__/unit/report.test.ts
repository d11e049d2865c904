import { describe, expect, test } from '@jest/globals'
import type { CheckResult } from '../../src/report/result.js'
import { finding } from '../../src/findings/codes.js'
import { buildReport, outputsFor, shouldFail } from '../../src/report/report.js'
import { annotation, logLine, renderSummary } from '../../src/report/summary.js'
import { cleanServerText, escapeSummary, redact, safeLogText } from '../../src/text.js'

const EVIL = '::set-output name=status::healthy\n::error::pwned\n##[add-mask]x <script>alert(1)</script> | *b* [l](http://evil)'

const check = (over: Partial<CheckResult> = {}): CheckResult => ({
  name: 'svc',
  status: 'healthy',
  verdict: 'valid',
  tokenUrl: 'https://login.example.com/oauth/token',
  issuer: null,
  discovery: null,
  authMethod: 'client_secret_basic',
  placement: 'header',
  basicEncoding: 'form',
  httpStatus: 200,
  latencyMs: 42,
  attempts: [],
  expiresIn: 3600,
  expiresAt: null,
  tokenType: 'Bearer',
  scope: 'a',
  claims: null,
  probe: null,
  apiEndpoint: null,
  secretExpiresAt: null,
  secretDaysLeft: null,
  clientCertNotAfter: null,
  findings: [],
  ...over
})

describe('server text', () => {
  test('cleaned to one line without controls, and truncated', () => {
    expect(cleanServerText('a\nb\r\u0000c\u202ed', 100)).toBe('a b c d')
    expect(cleanServerText('x'.repeat(50), 10)).toHaveLength(10)
  })
  test('redaction replaces every secret form, longest first', () => {
    expect(redact('secret=abc+def, encoded abc%2Bdef', ['abc+def', 'abc%2Bdef', 'abc'])).toBe('secret=***, encoded ***')
  })
  test('log text cannot start or contain a workflow command', () => {
    const safe = safeLogText(EVIL)
    expect(safe).not.toContain('::')
    expect(safe).not.toContain('##[')
    expect(safe).not.toContain('\n')
  })
  test('summary text has no live HTML or Markdown', () => {
    const safe = escapeSummary(EVIL)
    expect(safe).not.toMatch(/[<>|*[\]\n`]/)
    expect(safe).toContain('&lt;script&gt;')
  })
})

describe('summary', () => {
  const failing = check({
    name: 'genesys <eu>',
    status: 'failing',
    verdict: 'invalid',
    placement: null,
    httpStatus: 401,
    expiresIn: null,
    findings: [finding('INVALID_CLIENT', `rejected: ${EVIL}`)]
  })
  test('one row per check, worst first, with the main finding code', () => {
    const md = renderSummary(buildReport([check(), failing]))
    const rows = md.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Check') && !l.startsWith('| #'))
    expect(rows[0]).toContain('❌ failing')
    expect(rows[0]).toContain('`INVALID_CLIENT`')
    expect(rows[1]).toContain('✅ healthy')
    expect(md).toContain('1 failing · 0 degraded · 1 healthy')
  })
  test('details show message and fix, with server text escaped', () => {
    const md = renderSummary(buildReport([failing]))
    expect(md).toContain('**Fix:**')
    expect(md).not.toContain('<script>')
    expect(md).not.toContain('genesys <eu>')
    expect(md.split('\n').some(l => l.startsWith('::'))).toBe(false)
  })
  test('log line and annotation are single, command-free lines', () => {
    expect(logLine(failing)).not.toContain('::')
    const a = annotation(failing, failing.findings[0]!)
    expect(a.title).toBe('genesys <eu>: INVALID_CLIENT')
    expect(a.message).toContain('Fix:')
    expect(a.message).not.toContain('\n')
  })
})

describe('outputs and failing the step', () => {
  test('single-check outputs', () => {
    const out = outputsFor(buildReport([check()]), undefined)
    expect(out).toMatchObject({ status: 'healthy', placement: 'header', 'http-status': '200', 'expires-in': '3600', scope: 'a', 'latency-ms': '42' })
    expect(out['access-token']).toBeUndefined()
    expect(JSON.parse(out['report'] ?? '')).toMatchObject({ status: 'healthy', checks: [{ name: 'svc' }] })
  })
  test('access-token only when exported', () => {
    expect(outputsFor(buildReport([check()]), 'tok')['access-token']).toBe('tok')
  })
  test.each([
    ['failing', 'error', true],
    ['degraded', 'error', false],
    ['degraded', 'warning', true],
    ['failing', 'never', false],
    ['healthy', 'warning', false]
  ] as const)('%s with fail-on %s fails: %s', (status, failOn, fails) => {
    const findings = status === 'failing' ? [finding('INVALID_CLIENT', 'x')] : []
    expect(shouldFail(buildReport([check({ status, findings })]), failOn)).toBe(fails)
  })
  test('bad inputs fail the step even with fail-on: never', () => {
    expect(shouldFail(buildReport([check({ status: 'failing', findings: [finding('INVALID_INPUT', 'x')] })]), 'never')).toBe(true)
  })
})
