// Which annotations a run prints, within GitHub's budget: the runner shows at most 10 error, 10
// warning and 10 notice annotations per step and drops the rest silently (actions/toolkit,
// docs/problem-matchers.md). Pure: main.ts prints what this returns.

import { type Finding, type FindingCode, type Severity } from '../findings/codes.js'
import { safeLogText } from '../text.js'
import type { CheckResult } from './result.js'
import { annotation, sortForDisplay } from './summary.js'

/** GitHub's per-step limit for each of error, warning and notice. */
export const ANNOTATIONS_PER_SEVERITY = 10

/** From this many checks on, the notices that only recommend pinning a placement become one. */
export const PLACEMENT_ROLLUP_AT = 3

/** How many checks a roll-up or an "N more" annotation names before it only counts. */
const NAMES_SHOWN = 10

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice']

const PLURAL: Readonly<Record<Severity, string>> = { error: 'errors', warning: 'warnings', notice: 'notices' }

export interface Annotation {
  readonly level: Severity
  readonly title: string
  readonly message: string
}

export interface AnnotationPlan {
  readonly annotations: readonly Annotation[]
  /** Checks that needed an annotation of a severity but did not get their own, per severity. */
  readonly leftOut: Readonly<Record<Severity, number>>
}

export interface AnnotationOptions {
  /** Whether a job summary is written: where the "N more" annotation sends the reader. */
  readonly summary: boolean
  /** Annotations the shell prints itself, taken from the budget: the failure message is an error annotation. */
  readonly reserved?: Partial<Readonly<Record<Severity, number>>>
}

/** The annotation for one finding: a title `<check>: <CODE>` and a message with the fix. */
export function annotationFor(check: CheckResult, f: Finding): Annotation {
  return { level: f.severity, ...annotation(check, f) }
}

/**
 * Per severity: while every finding of that severity fits in the budget, each gets its annotation
 * (a single check keeps all of its messages). Past the budget, each check gets one: its worst
 * finding of that severity, worst check first; the tenth then says how many more checks there are
 * and where they are listed. Placement notices of three or more checks become one notice first.
 */
export function planAnnotations(checks: readonly CheckResult[], options: AnnotationOptions): AnnotationPlan {
  const ordered = sortForDisplay(checks)
  const placement = ordered.filter(c => c.findings.some(f => f.code === 'AUTH_PLACEMENT_DETECTED'))
  const rollUp = placement.length >= PLACEMENT_ROLLUP_AT
  const counted = (f: Finding): boolean => !(rollUp && f.code === 'AUTH_PLACEMENT_DETECTED')

  const annotations: Annotation[] = []
  const leftOut: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  for (const severity of SEVERITIES) {
    const perCheck = ordered
      .map(check => ({ check, findings: check.findings.filter(f => f.severity === severity && counted(f)) }))
      .filter(entry => entry.findings.length > 0)
    const rolled = severity === 'notice' && rollUp ? [placementRollUp(placement)] : []
    const budget = Math.max(2, ANNOTATIONS_PER_SEVERITY - (options.reserved?.[severity] ?? 0) - rolled.length)
    // Counted before any text is built: with thousands of checks only the shown ones are rendered.
    if (perCheck.reduce((n, e) => n + e.findings.length, 0) <= budget) {
      annotations.push(...rolled, ...perCheck.flatMap(({ check, findings }) => findings.map(f => annotationFor(check, f))))
      continue
    }
    const first = ({ check, findings }: (typeof perCheck)[number]): Annotation => annotationFor(check, findings[0]!)
    if (perCheck.length <= budget) {
      annotations.push(...rolled, ...perCheck.map(first))
      continue
    }
    const rest = perCheck.slice(budget - 1).map(e => e.check)
    leftOut[severity] = rest.length
    annotations.push(...rolled, ...perCheck.slice(0, budget - 1).map(first), moreAnnotation(severity, rest, options))
  }
  return { annotations, leftOut }
}

function moreAnnotation(severity: Severity, rest: readonly CheckResult[], options: AnnotationOptions): Annotation {
  const codes = new Map<FindingCode, number>()
  for (const check of rest) {
    for (const f of check.findings) if (f.severity === severity) codes.set(f.code, (codes.get(f.code) ?? 0) + 1)
  }
  const byCode = [...codes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, n]) => `${code} ×${n}`)
  const where = options.summary
    ? 'Every check is listed in the job summary; the full report is in the file named by the report-file output.'
    : 'Every check has a line in the step log; the full report is in the file named by the report-file output.'
  return {
    level: severity,
    title: safeLogText(`${rest.length} more checks with ${PLURAL[severity]}`, 200),
    message: safeLogText(
      `${rest.length} more checks have ${PLURAL[severity]} (${byCode.join(', ')}): ${names(rest)}. ` +
        `GitHub shows at most ${ANNOTATIONS_PER_SEVERITY} ${severity} annotations per step. ${where}`,
      2000
    )
  }
}

function placementRollUp(checks: readonly CheckResult[]): Annotation {
  const found = checks.map(c => {
    const where = c.placement === null ? '' : c.placement === 'header' && c.basicEncoding === 'raw' ? ' (header, raw)' : ` (${c.placement})`
    return `${c.name}${where}`
  })
  const shown = found.slice(0, NAMES_SHOWN).join(', ')
  const more = found.length > NAMES_SHOWN ? ` and ${found.length - NAMES_SHOWN} more` : ''
  return {
    level: 'notice',
    title: safeLogText(`${checks.length} checks: AUTH_PLACEMENT_DETECTED`, 200),
    message: safeLogText(
      `${checks.length} checks found where the server wants the credentials by trying: ${shown}${more}. ` +
        'Fix: pin auth-placement on each to the value that worked (the job summary shows it per check), so each check sends exactly what its application sends.',
      2000
    )
  }
}

function names(checks: readonly CheckResult[]): string {
  const shown = checks.slice(0, NAMES_SHOWN).map(c => c.name).join(', ')
  return checks.length > NAMES_SHOWN ? `${shown} and ${checks.length - NAMES_SHOWN} more` : shown
}
