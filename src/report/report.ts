// The run's report (the `report` output and report file) and the step outputs derived from it.

import { compareStatus, inGroup, worstStatus, type FindingCode, type Status, type Verdict } from '../findings/codes.js'
import type { FailOn } from '../spec.js'
import { safeLogText } from '../text.js'
import type { CheckResult } from './result.js'

export interface Report {
  readonly status: Status
  readonly checks: readonly CheckResult[]
}

export function buildReport(checks: readonly CheckResult[]): Report {
  return { status: worstStatus(checks.map(c => c.status)), checks }
}

export type Outputs = Readonly<Record<string, string>>

/**
 * The `report` output's budget in UTF-8 bytes. GitHub caps an output value near 1 MB; over this,
 * the output carries the compact report and the full one stays in the report file.
 */
export const REPORT_OUTPUT_MAX_BYTES = 900_000

/** One check in the compact report. */
export interface CompactCheck {
  readonly name: string
  readonly status: Status
  readonly verdict: Verdict
  readonly codes: readonly FindingCode[]
}

/** The `report` output when the full report is over its budget. */
export interface CompactReport {
  readonly status: Status
  /** Always true here: tells a reader of the output that this is not the full report. */
  readonly compact: true
  /** Where the full report is. */
  readonly fullReport: 'report-file'
  readonly note: string
  readonly counts: Readonly<Record<Status, number>>
  /** Worst first when some had to be left out, else in the configured order. */
  readonly checks: readonly CompactCheck[]
  /** Checks left out even of the compact list (very long names); all are in the report file. */
  readonly checksLeftOut: number
}

/**
 * The JSON for the `report` output: the full report when it fits in `maxBytes`, else the compact
 * one (each check's name, status, verdict and codes), cut worst-first if even that does not fit.
 */
export function reportOutput(report: Report, maxBytes = REPORT_OUTPUT_MAX_BYTES): string {
  // Measured piece by piece, stopping at the budget: 5,000 checks never become one 5 MB string here.
  let size = 0
  for (const piece of reportJsonPieces(report)) {
    size += Buffer.byteLength(piece, 'utf8')
    if (size > maxBytes) break
  }
  if (size <= maxBytes) return JSON.stringify(report)
  const count = (s: Status): number => report.checks.filter(c => c.status === s).length
  const entries: CompactCheck[] = report.checks.map(c => ({ name: c.name, status: c.status, verdict: c.verdict, codes: c.findings.map(f => f.code) }))
  const compactOf = (checks: readonly CompactCheck[]): CompactReport => ({
    status: report.status,
    compact: true,
    fullReport: 'report-file',
    note: `The full report (${report.checks.length} checks) is over this output's ${maxBytes}-byte budget; it is in the file named by the report-file output.`,
    counts: { failing: count('failing'), degraded: count('degraded'), healthy: count('healthy') },
    checks,
    checksLeftOut: entries.length - checks.length
  })
  const all = JSON.stringify(compactOf(entries))
  if (Buffer.byteLength(all, 'utf8') <= maxBytes) return all
  // Worst first, then as many as fit; the envelope is measured once with an empty list.
  const worst = [...entries].sort((a, b) => compareStatus(a.status, b.status))
  size = Buffer.byteLength(JSON.stringify(compactOf([])), 'utf8') + 16
  const kept: CompactCheck[] = []
  for (const entry of worst) {
    const entrySize = Buffer.byteLength(JSON.stringify(entry), 'utf8') + 1
    if (size + entrySize > maxBytes) break
    size += entrySize
    kept.push(entry)
  }
  return JSON.stringify(compactOf(kept))
}

/**
 * The report's JSON text in pieces of up to `checksPerPiece` checks: joined, they parse to the same
 * value as JSON.stringify(report), without holding thousands of checks as one string.
 */
export function* reportJsonPieces(report: Report, checksPerPiece = 100): Generator<string> {
  const { checks, ...rest } = report
  const head = JSON.stringify(rest)
  yield `${head.slice(0, -1)}${head === '{}' ? '' : ','}"checks":[`
  for (let i = 0; i < checks.length; i += checksPerPiece) {
    yield `${i > 0 ? ',' : ''}${checks
      .slice(i, i + checksPerPiece)
      .map(c => JSON.stringify(c))
      .join(',')}`
  }
  yield ']}'
}

/** How many failing checks the failure message names before it only counts. */
export const FAILURE_NAMES_SHOWN = 10

/** The step's failure message: at most FAILURE_NAMES_SHOWN checks by name, worst first, and a count of the rest. */
export function failureMessage(report: Report, failOn: FailOn): string {
  const notHealthy = [...report.checks].filter(c => c.status !== 'healthy').sort((a, b) => compareStatus(a.status, b.status))
  const named = notHealthy.slice(0, FAILURE_NAMES_SHOWN).map(c => safeLogText(c.name, 100))
  const rest = notHealthy.length - named.length
  const list = rest > 0 ? `${named.join(', ')} and ${rest} more (all in the job summary and the report-file)` : named.join(', ')
  return safeLogText(`OAuth credential check ${report.status}: ${list} (fail-on: ${failOn}).`, 3000)
}

/**
 * Step outputs. The single-check conveniences (placement, http-status, …) describe the one check;
 * `access-token` is set only when exporting was asked for.
 */
export function outputsFor(report: Report, accessToken: string | undefined): Outputs {
  const check = report.checks.length === 1 ? report.checks[0] : undefined
  const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v))
  const outputs: Record<string, string> = {
    status: report.status,
    report: reportOutput(report),
    placement: text(check?.placement),
    'http-status': text(check?.httpStatus),
    'expires-in': text(check?.expiresIn),
    scope: text(check?.scope),
    'latency-ms': text(check?.latencyMs),
    'api-endpoint': text(check?.apiEndpoint)
  }
  if (accessToken !== undefined) outputs['access-token'] = accessToken
  return outputs
}

/** Whether the step fails: input errors always do; otherwise `fail-on` decides. */
export function shouldFail(report: Report, failOn: FailOn): boolean {
  const inputError = report.checks.some(c => c.findings.some(f => inGroup(f.code, 'input')))
  if (inputError) return true
  if (failOn === 'never') return false
  return report.status === 'failing' || (failOn === 'warning' && report.status === 'degraded')
}
