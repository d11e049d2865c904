// The report for a person at a terminal: findings and their fixes first, then one line per check,
// then the request that works as code. Pure. Every string that is not a literal of this file goes
// through safeLogText (one line, no control characters, so no terminal escape from a server), and
// colour is added only around text that has been made safe.

import { bySeverity, type Severity, type Status } from '../findings/codes.js'
import { safeLogText } from '../text.js'
import type { Report } from './report.js'
import { curlSnippet, fetchSnippet, leftOut, MAX_SNIPPETS, placeholders, type WorkingRequest } from './snippet.js'
import { formatDuration, sortForDisplay } from './summary.js'

type Paint = (text: string) => string

interface Palette {
  readonly red: Paint
  readonly yellow: Paint
  readonly green: Paint
  readonly cyan: Paint
  readonly bold: Paint
  readonly dim: Paint
}

const sgr =
  (open: number, close: number): Paint =>
  text =>
    `\u001b[${open}m${text}\u001b[${close}m`

const COLOURS: Palette = { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39), bold: sgr(1, 22), dim: sgr(2, 22) }
const PLAIN: Palette = { red: t => t, yellow: t => t, green: t => t, cyan: t => t, bold: t => t, dim: t => t }

const STATUS_MARK: Readonly<Record<Status, string>> = { healthy: '✔', degraded: '▲', failing: '✖' }
const SEVERITY_MARK: Readonly<Record<Severity, string>> = { error: '✖', warning: '▲', notice: 'ℹ' }

export interface TerminalOptions {
  readonly color: boolean
  readonly requests: readonly WorkingRequest[]
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const p = options.color ? COLOURS : PLAIN
  const byStatus: Readonly<Record<Status, Paint>> = { healthy: p.green, degraded: p.yellow, failing: p.red }
  const bySev: Readonly<Record<Severity, Paint>> = { error: p.red, warning: p.yellow, notice: p.cyan }
  const safe = (text: string, max = 2000): string => safeLogText(text, max)
  const lines: string[] = []
  const ordered = sortForDisplay(report.checks)

  // 1. What is wrong and what to change, worst check first.
  for (const check of ordered.filter(c => c.findings.length > 0)) {
    const paint = byStatus[check.status]
    lines.push(`${paint(`${STATUS_MARK[check.status]} ${safe(check.name, 200)}`)} ${p.dim(`${check.status} · verdict ${check.verdict} · ${safe(check.tokenUrl || '—', 300)}`)}`)
    for (const f of [...check.findings].sort(bySeverity)) {
      lines.push(`  ${bySev[f.severity](`${SEVERITY_MARK[f.severity]} ${f.code}`)} ${safe(f.message)}`)
      lines.push(`    ${p.bold('Fix:')} ${safe(f.hint)}`)
    }
    if (check.attempts.length > 0) {
      const tried = check.attempts.map(a => {
        const way = a.placement === null ? a.authMethod : a.placement === 'header' ? `header (${a.basicEncoding ?? 'form'})` : 'body'
        const outcome = a.error ? `${a.outcome}: ${a.error}` : a.outcome
        return `${way}${a.trimmed ? ', trimmed' : ''} → ${a.httpStatus ?? 'no answer'} ${outcome}`
      })
      lines.push(`    ${p.dim(`Attempts: ${safe(tried.join('; '), 1000)}`)}`)
    }
    lines.push('')
  }

  // 2. One line per check, and the overall status.
  for (const check of ordered) {
    const facts = [
      check.status,
      check.httpStatus === null ? null : `HTTP ${check.httpStatus}`,
      check.authMethod || null,
      check.expiresIn === null ? null : `expires in ${formatDuration(check.expiresIn)}`,
      check.latencyMs === null ? null : `${check.latencyMs} ms`
    ].filter((f): f is string => f !== null)
    lines.push(`${byStatus[check.status](STATUS_MARK[check.status])} ${p.bold(safe(check.name, 200))}  ${p.dim(safe(facts.join(' · ')))}`)
  }
  const count = (s: Status): number => report.checks.filter(c => c.status === s).length
  const totals = report.checks.length > 1 ? ` (${count('failing')} failing, ${count('degraded')} degraded, ${count('healthy')} healthy)` : ''
  lines.push('', p.bold(byStatus[report.status](`OAuth credential health: ${report.status}${totals}`)))

  // 3. The request that works, as code.
  const more = leftOut(options.requests)
  if (more) lines.push('', p.dim(more))
  for (const w of options.requests.slice(0, MAX_SNIPPETS)) {
    lines.push('', p.bold(`The request that works for ${safe(w.name, 200)}`) + p.dim(` (set ${placeholders(w).map(n => `$${n}`).join(', ')} from your secret store):`))
    lines.push('', ...indent(curlSnippet(w)), '', p.dim('  // fetch (Node 18+)'), ...indent(fetchSnippet(w)))
  }
  return `${lines.join('\n')}\n`
}

/** Snippet lines, indented; each stripped of control characters (the snippet holds no server text unescaped). */
function indent(code: string): string[] {
  // eslint-disable-next-line no-control-regex
  return code.split('\n').map(line => `  ${line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')}`)
}
