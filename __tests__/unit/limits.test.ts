// GitHub's limits for one step, held by the pure report layer: at most 10 annotations per severity,
// a job summary under 1 MiB, a `report` output under its budget, a failure message that names at
// most 10 checks. Synthetic results, so thousands of checks cost milliseconds.

import { describe, expect, test } from '@jest/globals'
import { finding, type Finding } from '../../src/findings/codes.js'
import { ANNOTATIONS_PER_SEVERITY, planAnnotations } from '../../src/report/annotations.js'
import { buildReport, failureMessage, outputsFor, REPORT_OUTPUT_MAX_BYTES, reportJsonPieces, reportOutput, type CompactReport } from '../../src/report/report.js'
import { COMPACT_FROM, renderSummary, SUMMARY_MAX_BYTES } from '../../src/report/summary.js'
import { makeResult } from '../helpers/results.js'

const pad = (i: number): string => String(i).padStart(4, '0')
const invalid = (): Finding => finding('INVALID_CLIENT', 'The server rejected the client credentials (invalid_client).')
const shortTtl = (): Finding => finding('TOKEN_TTL_TOO_SHORT', 'The token lives 30 s, less than min-ttl 60 s.')
const placed = (): Finding => finding('AUTH_PLACEMENT_DETECTED', 'The server accepted the credentials in the Basic header.')
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

describe('annotations within GitHub budget', () => {
  test('a single check keeps an annotation for each of its findings', () => {
    const one = makeResult('svc', [finding('INVALID_INPUT', 'a'), finding('INVALID_INPUT', 'b'), shortTtl()])
    const plan = planAnnotations([one], { summary: true })
    expect(plan.annotations.map(a => [a.level, a.title])).toEqual([
      ['error', 'svc: INVALID_INPUT'],
      ['error', 'svc: INVALID_INPUT'],
      ['warning', 'svc: TOKEN_TTL_TOO_SHORT']
    ])
    expect(plan.leftOut).toEqual({ error: 0, warning: 0, notice: 0 })
  })

  test('1,000 failing checks → 10 error annotations: 9 checks worst first, then "991 more" pointing to the summary', () => {
    // Also a warning on every failing check: one annotation per check, so warnings are counted alone.
    const checks = Array.from({ length: 1000 }, (_, i) => makeResult(`svc-${pad(i)}`, [invalid(), finding('SECRET_EXPIRING', 'soon')]))
    const plan = planAnnotations(checks, { summary: true })
    const errors = plan.annotations.filter(a => a.level === 'error')
    expect(errors).toHaveLength(ANNOTATIONS_PER_SEVERITY)
    expect(errors.slice(0, 9).map(a => a.title)).toEqual(Array.from({ length: 9 }, (_, i) => `svc-${pad(i)}: INVALID_CLIENT`))
    expect(errors[9]?.title).toBe('991 more checks with errors')
    expect(errors[9]?.message).toContain('991 more checks have errors (INVALID_CLIENT ×991)')
    expect(errors[9]?.message).toContain('svc-0009, svc-0010')
    expect(errors[9]?.message).toContain('and 981 more')
    expect(errors[9]?.message).toContain('job summary')
    expect(errors[9]?.message).toContain('report-file')
    expect(plan.leftOut.error).toBe(991)
    expect(plan.annotations.filter(a => a.level === 'warning')).toHaveLength(ANNOTATIONS_PER_SEVERITY)
    for (const a of plan.annotations) expect(a.message).not.toContain('\n')
  })

  test("the step's failure message is an error annotation too: reserved, 9 are planned", () => {
    const checks = Array.from({ length: 30 }, (_, i) => makeResult(`svc-${pad(i)}`, [invalid()]))
    const errors = planAnnotations(checks, { summary: true, reserved: { error: 1 } }).annotations
    expect(errors).toHaveLength(ANNOTATIONS_PER_SEVERITY - 1)
    expect(errors[8]?.title).toBe('22 more checks with errors')
  })

  test('failing checks come before degraded ones within a severity; without a summary the log is named', () => {
    const degraded = Array.from({ length: 20 }, (_, i) => makeResult(`a-${pad(i)}`, [finding('SECRET_EXPIRING', 'soon')]))
    const failing = Array.from({ length: 20 }, (_, i) => makeResult(`z-${pad(i)}`, [invalid(), finding('SECRET_EXPIRING', 'soon')]))
    const plan = planAnnotations([...degraded, ...failing], { summary: false })
    const warnings = plan.annotations.filter(a => a.level === 'warning')
    expect(warnings[0]?.title).toBe('z-0000: SECRET_EXPIRING')
    expect(warnings[9]?.title).toBe('31 more checks with warnings')
    expect(warnings[9]?.message).toContain('step log')
    expect(warnings[9]?.message).not.toContain('job summary')
  })

  test('up to 10 checks with two errors each → one annotation per check, no "more" line', () => {
    const checks = Array.from({ length: 10 }, (_, i) => makeResult(`svc-${i}`, [invalid(), finding('INVALID_INPUT', 'x')]))
    const errors = planAnnotations(checks, { summary: true }).annotations
    expect(errors).toHaveLength(10)
    expect(errors.every(a => !a.title.includes('more'))).toBe(true)
  })

  test('placement notices of many checks roll up into one, and other notices share the rest of the budget', () => {
    const checks = Array.from({ length: 40 }, (_, i) => makeResult(`svc-${pad(i)}`, [placed()], { placement: i % 2 ? 'body' : 'header' }))
    const plan = planAnnotations(checks, { summary: true })
    expect(plan.annotations).toHaveLength(1)
    expect(plan.annotations[0]).toMatchObject({ level: 'notice', title: '40 checks: AUTH_PLACEMENT_DETECTED' })
    const unknown = (): Finding => finding('TOKEN_LIFETIME_UNKNOWN', 'no expires_in')
    const mixed = planAnnotations([...checks, ...Array.from({ length: 12 }, (_, i) => makeResult(`ttl-${pad(i)}`, [unknown()]))], { summary: true })
    expect(mixed.annotations.map(a => a.title)).toEqual([
      '40 checks: AUTH_PLACEMENT_DETECTED',
      ...Array.from({ length: 8 }, (_, i) => `ttl-${pad(i)}: TOKEN_LIFETIME_UNKNOWN`),
      '4 more checks with notices'
    ])
    expect(mixed.leftOut.notice).toBe(4)
    expect(plan.annotations[0]?.message).toContain('svc-0000 (header), svc-0001 (body)')
    expect(plan.annotations[0]?.message).toContain('and 30 more')
    expect(plan.annotations[0]?.message).toContain('pin auth-placement')
  })

  test('two placement notices stay separate', () => {
    const plan = planAnnotations([makeResult('a', [placed()]), makeResult('b', [placed()])], { summary: true })
    expect(plan.annotations.map(a => a.title)).toEqual(['a: AUTH_PLACEMENT_DETECTED', 'b: AUTH_PLACEMENT_DETECTED'])
  })

  test('check names cannot issue workflow commands through an annotation', () => {
    const checks = Array.from({ length: 12 }, (_, i) => makeResult(`::error::x-${i}`, [invalid()]))
    for (const a of planAnnotations(checks, { summary: true }).annotations) {
      expect(a.title).not.toContain('::')
      expect(a.message).not.toContain('::')
    }
  })
})

describe('job summary under 1 MiB', () => {
  const long = 'x'.repeat(900)
  /** 5,000 failing checks, each with long findings full of characters that escaping expands. */
  const many = (n: number): ReturnType<typeof buildReport> =>
    buildReport(
      Array.from({ length: n }, (_, i) =>
        makeResult(`svc-${pad(i)}-${'<&>'.repeat(20)}`, [finding('INVALID_CLIENT', `<${long}>`, `|${long}|`), finding('SECRET_EXPIRING', `*${long}*`, `[${long}]`)])
      )
    )

  test('5,000 checks with long findings: under the cap, compact table, and a closing line saying what was left out', () => {
    const md = renderSummary(many(5000))
    expect(bytes(md)).toBeLessThan(SUMMARY_MAX_BYTES)
    expect(bytes(md)).toBeLessThan(1024 * 1024)
    expect(md).toContain('| Check | Status | Verdict | Main finding |')
    expect(md).not.toContain('<details>')
    const closing = md.trimEnd().split('\n').at(-1) ?? ''
    expect(closing).toMatch(/^_Left out of this summary to stay under GitHub's 1 MiB limit for a step summary: .*the details of \d+ of 5000 checks that are not healthy.*report-file/)
    expect(md).toContain('5000 failing · 0 degraded · 0 healthy')
  })

  test('a small limit cuts table rows too, and says how many', () => {
    const md = renderSummary(many(200), { maxBytes: 20_000 })
    expect(bytes(md)).toBeLessThanOrEqual(20_000)
    expect(md).toMatch(/_Left out of this summary to stay under GitHub's 1 MiB limit for a step summary: \d+ table rows; the details of 200 of 200 checks/)
  })

  test(`from ${COMPACT_FROM} checks: details only for checks that are not healthy, and the closing line says so`, () => {
    const checks = [
      ...Array.from({ length: COMPACT_FROM - 1 }, (_, i) => makeResult(`ok-${pad(i)}`, [placed()])),
      makeResult('broken', [invalid()])
    ]
    const md = renderSummary(buildReport(checks))
    expect(md).toContain('### ❌ broken')
    expect(md).not.toContain('### ✅ ok-0000')
    expect(md).toContain(`_Left out of this summary with ${COMPACT_FROM} checks: the notices of ${COMPACT_FROM - 1} healthy checks; the attempts of each check.`)
  })

  test('a few checks keep the full table and every detail, with no closing line', () => {
    const md = renderSummary(buildReport([makeResult('a', [invalid()]), makeResult('b', [placed()])]))
    expect(md).toContain('| Check | Status | Auth | HTTP | Latency | Expires in | Main finding |')
    expect(md).toContain('### ✅ b')
    expect(md).toContain('<details><summary>Attempts</summary>')
    expect(md).not.toContain('_Left out')
  })
})

describe('outputs within their budget', () => {
  test('the report file is written in pieces that join to exactly JSON.stringify(report)', () => {
    for (const n of [0, 1, 99, 100, 101, 250]) {
      const report = buildReport(Array.from({ length: n }, (_, i) => makeResult(`svc-${pad(i)}`, i % 2 ? [invalid()] : [])))
      expect([...reportJsonPieces(report)].join('')).toBe(JSON.stringify(report))
    }
  })

  test('a small report is the full report', () => {
    const report = buildReport([makeResult('a', [invalid()])])
    expect(JSON.parse(outputsFor(report, undefined)['report'] ?? '')).toEqual(JSON.parse(JSON.stringify(report)))
  })

  test('5,000 checks → a compact report under the budget, naming the report-file', () => {
    const report = buildReport(Array.from({ length: 5000 }, (_, i) => makeResult(`svc-${pad(i)}`, [invalid(), finding('SECRET_EXPIRING', 'x'.repeat(300))])))
    expect(bytes(JSON.stringify(report))).toBeGreaterThan(REPORT_OUTPUT_MAX_BYTES)
    const output = outputsFor(report, undefined)['report'] ?? ''
    expect(bytes(output)).toBeLessThanOrEqual(REPORT_OUTPUT_MAX_BYTES)
    const compact = JSON.parse(output) as CompactReport
    expect(compact).toMatchObject({ status: 'failing', compact: true, fullReport: 'report-file', checksLeftOut: 0, counts: { failing: 5000, degraded: 0, healthy: 0 } })
    expect(compact.checks[4999]).toEqual({ name: 'svc-4999', status: 'failing', verdict: 'invalid', codes: ['INVALID_CLIENT', 'SECRET_EXPIRING'] })
  })

  test('when even the compact list is too big, the worst checks are kept and the rest counted', () => {
    const checks = Array.from({ length: 300 }, (_, i) => makeResult(`svc-${pad(i)}-${'n'.repeat(200)}`, i % 3 === 0 ? [invalid()] : []))
    const output = reportOutput(buildReport(checks), 20_000)
    expect(bytes(output)).toBeLessThanOrEqual(20_000)
    const compact = JSON.parse(output) as CompactReport
    expect(compact.checksLeftOut).toBe(300 - compact.checks.length)
    expect(compact.checks.length).toBeGreaterThan(50)
    expect(compact.checks.slice(0, 100).every(c => c.status === 'failing')).toBe(true)
  })

  test('the failure message names at most 10 checks, worst first, and counts the rest', () => {
    const checks = [makeResult('degraded-one', [shortTtl()]), ...Array.from({ length: 1000 }, (_, i) => makeResult(`svc-${pad(i)}`, [invalid()]))]
    const message = failureMessage(buildReport(checks), 'warning')
    expect(message).toBe(
      `OAuth credential check failing: ${Array.from({ length: 10 }, (_, i) => `svc-${pad(i)}`).join(', ')} and 991 more (all in the job summary and the report-file) (fail-on: warning).`
    )
  })

  test('a few failing checks are all named', () => {
    expect(failureMessage(buildReport([makeResult('a', [invalid()]), makeResult('b', [])]), 'error')).toBe('OAuth credential check failing: a (fail-on: error).')
  })
})
