// Renders the job summary (GitHub-flavoured Markdown) and the plain log lines. Pure. Every string
// that is not a literal of this file goes through escapeSummary / safeLogText.

import { bySeverity, compareStatus, type Finding, type Severity, type Status } from '../findings/codes.js'
import { escapeSummary as esc, safeLogText } from '../text.js'
import type { Report } from './report.js'
import type { CheckResult } from './result.js'

const STATUS_ICON: Readonly<Record<Status, string>> = { healthy: '✅', degraded: '⚠️', failing: '❌' }
const SEVERITY_ICON: Readonly<Record<Severity, string>> = { error: '❌', warning: '⚠️', notice: 'ℹ️' }

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds < 120) return `${seconds} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`
  return `${Math.round(seconds / 86400)} d`
}

function mainFinding(check: CheckResult): Finding | undefined {
  return [...check.findings].sort(bySeverity)[0]
}

const SECRET_METHODS: ReadonlySet<string> = new Set(['client_secret_basic', 'client_secret_post', ''])

/** Where the secret went (header/body), or the key-based method that was used. */
function placementText(check: CheckResult): string {
  // tokenType is set when a token was issued (a server that omits token_type shows —).
  if (!SECRET_METHODS.has(check.authMethod)) return check.tokenType !== null ? check.authMethod : '—'
  if (check.placement === null) return '—'
  if (check.placement === 'body') return 'body'
  return check.basicEncoding === 'raw' ? 'header (raw)' : 'header'
}

function attemptWay(a: CheckResult['attempts'][number]): string {
  if (!SECRET_METHODS.has(a.authMethod)) return a.audience ? `${a.authMethod}, aud ${esc(a.audience, 120)}` : a.authMethod
  return a.placement === 'header' ? `header (${a.basicEncoding ?? 'form'})` : 'body'
}

/** Worst first, then by name; the report itself keeps the configured order. */
export function sortForDisplay(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => compareStatus(a.status, b.status) || a.name.localeCompare(b.name))
}

/** GitHub rejects a step summary over 1 MiB (1,048,576 B); this leaves room for what others append. */
export const SUMMARY_MAX_BYTES = 1_000_000

/** From this many checks on: one compact table, and details only for the checks that are not healthy. */
export const COMPACT_FROM = 50

/** Kept free for the closing line, whatever the table and the details took. */
const CLOSING_RESERVE_BYTES = 1_000

export interface SummaryOptions {
  /** Tests lower it to exercise the cut; the Action uses SUMMARY_MAX_BYTES. */
  readonly maxBytes?: number
  /** Markdown after the details (the working requests as code), within the same budget. */
  readonly appendix?: string
}

/** Lines whose UTF-8 size is counted as they are added, so the summary can stop before a limit. */
class Budget {
  readonly lines: string[] = []
  bytes = 0
  constructor(private readonly limit: number) {}
  /** Adds all the lines, or none when they would not fit. */
  add(...lines: string[]): boolean {
    const size = lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8') + 1, 0)
    if (this.bytes + size > this.limit) return false
    this.lines.push(...lines)
    this.bytes += size
    return true
  }
}

/**
 * The job summary, always under `maxBytes` (SUMMARY_MAX_BYTES): with many checks one compact
 * table and details only for unhealthy checks; rows and details that would not fit are left out,
 * worst checks first in, and a closing line says what was left out and where the full report is.
 */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES
  const out = new Budget(maxBytes - CLOSING_RESERVE_BYTES)
  const compact = report.checks.length >= COMPACT_FROM
  out.add(`## ${STATUS_ICON[report.status]} OAuth credential health: ${report.status}`, '')
  if (report.checks.length > 1) {
    const count = (s: Status): number => report.checks.filter(c => c.status === s).length
    out.add(`${count('failing')} failing · ${count('degraded')} degraded · ${count('healthy')} healthy`, '')
  }
  const ordered = sortForDisplay(report.checks)
  if (compact) out.add('| Check | Status | Verdict | Main finding |', '|---|---|---|---|')
  else out.add('| Check | Status | Auth | HTTP | Latency | Expires in | Main finding |', '|---|---|---|---|---|---|---|')
  let rowsLeftOut = 0
  for (const c of ordered) {
    if (rowsLeftOut > 0 || !out.add(compact ? compactRow(c) : fullRow(c))) rowsLeftOut++
  }

  const detailed = ordered.filter(c => (compact ? c.status !== 'healthy' : c.findings.length > 0))
  let detailsLeftOut = 0
  for (const c of detailed) {
    if (detailsLeftOut > 0 || !out.add(...details(c, !compact))) detailsLeftOut++
  }

  const appendix = options.appendix?.replace(/\n+$/, '') ?? ''
  const appendixLeftOut = appendix !== '' && !out.add(...appendix.split('\n'))

  const leftOut: string[] = []
  if (rowsLeftOut > 0) leftOut.push(`${rowsLeftOut} table rows`)
  if (detailsLeftOut > 0) leftOut.push(`the details of ${detailsLeftOut} of ${detailed.length} checks ${compact ? 'that are not healthy' : 'with findings'}`)
  if (appendixLeftOut) leftOut.push('the working requests as code')
  if (compact) {
    const quiet = ordered.filter(c => c.status === 'healthy' && c.findings.length > 0).length
    if (quiet > 0) leftOut.push(`the notices of ${quiet} healthy checks`)
    if (detailed.some(c => c.attempts.length > 0)) leftOut.push('the attempts of each check')
  }
  const lines = out.lines
  if (leftOut.length > 0) {
    const why = rowsLeftOut > 0 || detailsLeftOut > 0 || appendixLeftOut ? 'to stay under GitHub\'s 1 MiB limit for a step summary' : `with ${report.checks.length} checks`
    lines.push(
      '',
      `_Left out of this summary ${why}: ${leftOut.join('; ')}. The full report is in the file named by the \`report-file\` output; upload it with actions/upload-artifact to keep it._`
    )
  }
  return `${lines.join('\n')}\n`
}

function fullRow(c: CheckResult): string {
  const main = mainFinding(c)
  return (
    `| ${esc(c.name, 80)} | ${STATUS_ICON[c.status]} ${c.status} | ${placementText(c)} | ${c.httpStatus ?? '—'} | ` +
    `${c.latencyMs === null ? '—' : `${c.latencyMs} ms`} | ${formatDuration(c.expiresIn)} | ${main ? `\`${main.code}\`` : '—'} |`
  )
}

function compactRow(c: CheckResult): string {
  const main = mainFinding(c)
  return `| ${esc(c.name, 80)} | ${STATUS_ICON[c.status]} ${c.status} | ${c.verdict} | ${main ? `\`${main.code}\`` : '—'} |`
}

/** One check's section: facts, findings with their fixes and, when asked, the attempts table. */
function details(c: CheckResult, withAttempts: boolean): string[] {
  const lines: string[] = []
  lines.push('', `### ${STATUS_ICON[c.status]} ${esc(c.name, 80)}`, '')
  const facts = [`Token URL: ${esc(c.tokenUrl || '—', 200)}`, `verdict: **${c.verdict}**`]
  if (c.issuer) facts.push(`issuer: ${esc(c.issuer, 200)}`)
  if (c.apiEndpoint) facts.push(`API host: ${esc(c.apiEndpoint, 200)}`)
  if (c.probe) facts.push(`probe: ${c.probe.method} ${esc(c.probe.url, 200)} → ${c.probe.httpStatus === null ? 'no answer' : `HTTP ${c.probe.httpStatus}`}`)
  if (c.secretExpiresAt) facts.push(`secret expires: ${c.secretExpiresAt.slice(0, 10)} (${c.secretDaysLeft} days)`)
  lines.push(facts.join(' · '), '')
  for (const f of [...c.findings].sort(bySeverity)) {
    lines.push(`- ${SEVERITY_ICON[f.severity]} **\`${f.code}\`**: ${esc(f.message, 1000)}`)
    lines.push(`  <br>**Fix:** ${esc(f.hint, 1000)}`)
  }
  if (withAttempts && c.attempts.length > 0) {
    lines.push('', '<details><summary>Attempts</summary>', '')
    lines.push('| # | Sent as | Trimmed | HTTP | Outcome | Latency | Tries |', '|---|---|---|---|---|---|---|')
    c.attempts.forEach((a, i) => {
      const where = attemptWay(a)
      const outcome = a.error ? `${a.outcome}: ${a.error}` : a.outcome
      lines.push(`| ${i + 1} | ${where} | ${a.trimmed ? 'yes' : 'no'} | ${a.httpStatus ?? '—'} | ${esc(outcome, 120)} | ${a.latencyMs} ms | ${a.tries} |`)
    })
    lines.push('', '</details>')
  }
  return lines
}

/** One log line per check, safe to print with core.info. */
export function logLine(check: CheckResult): string {
  const main = mainFinding(check)
  const detail = main ? ` — ${main.code}: ${main.message}` : ''
  const api = check.apiEndpoint ? ` · API host ${check.apiEndpoint}` : ''
  return safeLogText(`${STATUS_ICON[check.status]} ${check.name}: ${check.status} (${check.verdict})${api}${detail}`, 1000)
}

/** The annotation for one finding: a title `<check>: <CODE>` and a message with the fix. */
export function annotation(check: CheckResult, f: Finding): { title: string; message: string } {
  return {
    title: safeLogText(`${check.name}: ${f.code}`, 200),
    message: safeLogText(`${f.message} Fix: ${f.hint}`, 2000)
  }
}
