// Runs the bundled Action (dist/index.js) through the runner emulator (scripts/runner.js) on the
// suite's Node 24, with the result typed by the Action's own report types. Every run is swept for
// leaked secrets before its result is returned.

import type { Report } from '../../src/report/report.js'
import { runAction as runBundle, type Annotation } from '../../scripts/runner.js'
import { NODE24, ROOT } from './servers.js'

export type { Annotation }

export interface ActionRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  readonly outputs: Readonly<Record<string, string>>
  readonly summary: string
  readonly annotations: readonly Annotation[]
  /** Values registered with ::add-mask:: (unescaped). */
  readonly masks: readonly string[]
  /** `report` output parsed. */
  readonly report: ReportJson
  readonly durationMs: number
  /** Contents of the report-file output's file, read before the temp dir is removed. */
  readonly reportFile: string | undefined
}

/** The `report` output, typed by the Action's own report types. */
export type ReportJson = Report

/** Every run of this process, for a sweep across all cases. */
export const allRuns: Array<{ inputs: Readonly<Record<string, string>>; run: ActionRun }> = []

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>
  /** Values that must never appear outside ::add-mask:: lines (besides the client secret's forms). */
  readonly secrets?: readonly string[]
  /** Leave GITHUB_STEP_SUMMARY unset. */
  readonly noSummaryFile?: boolean
}

export async function runAction(inputs: Readonly<Record<string, string>>, options: RunOptions = {}): Promise<ActionRun> {
  const result = await runBundle({ root: ROOT, node: NODE24, inputs, env: options.env, noSummaryFile: options.noSummaryFile })
  const run: ActionRun = {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: result.outputs,
    summary: result.summary,
    annotations: result.annotations,
    masks: result.masks,
    report: JSON.parse(result.outputs['report'] ?? '{"status":"","checks":[]}') as ReportJson,
    durationMs: result.durationMs,
    reportFile: result.reportFile
  }
  allRuns.push({ inputs, run })
  assertNoLeak(run, [...secretFormsOf(inputs), ...(options.secrets ?? [])])
  return run
}

/** The forms of a client secret (and a password grant's username and password) that could leak: computed here independently of src/. */
export function secretFormsOf(inputs: Readonly<Record<string, string>>): string[] {
  const secret = inputs['client-secret'] ?? ''
  const id = inputs['client-id'] ?? ''
  const forms: string[] = []
  for (const s of new Set([secret, secret.trim()])) {
    if (s.length < 6) continue
    const form = (v: string): string => new URLSearchParams([['', v]]).toString().slice(1)
    forms.push(s, form(s), encodeURIComponent(s))
    for (const i of new Set([id, id.trim()])) {
      forms.push(Buffer.from(`${form(i)}:${form(s)}`).toString('base64'), Buffer.from(`${i}:${s}`).toString('base64'))
    }
  }
  // The password grant's credentials (an access key pair for NICE CXone): as given, trimmed, encoded.
  for (const value of [inputs['username'] ?? '', inputs['password'] ?? '']) {
    for (const v of new Set([value, value.trim()])) {
      if (v.length >= 6) forms.push(v, new URLSearchParams([['', v]]).toString().slice(1), encodeURIComponent(v))
    }
  }
  return forms
}

/**
 * No secret form and no masked value (tokens are masked) may appear in stdout outside
 * ::add-mask:: lines, in stderr, in the summary or in any output but access-token.
 */
export function assertNoLeak(run: ActionRun, secrets: readonly string[]): void {
  const values = [...new Set([...secrets, ...run.masks, run.outputs['access-token'] ?? ''])].filter(v => v.trim().length >= 6)
  const places: Array<[string, string]> = [
    ['stdout', run.stdout.split('\n').filter(l => !l.startsWith('::add-mask::')).join('\n')],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ['report file', run.reportFile ?? ''],
    ...Object.entries(run.outputs)
      .filter(([name]) => name !== 'access-token')
      .map(([name, value]): [string, string] => [`output ${name}`, value])
  ]
  for (const value of values) {
    for (const [place, text] of places) {
      if (text.includes(value)) {
        throw new Error(`secret leak: a masked/secret value (length ${value.length}) appears in ${place}`)
      }
    }
  }
}

/** Every finding code of the run, check by check, in order. */
export function findingCodes(run: ActionRun): string[] {
  return run.report.checks.flatMap(c => c.findings.map(f => f.code))
}

/** The first (usually only) check of the run's report. */
export function firstCheck(run: ActionRun): Report['checks'][number] {
  const check = run.report.checks[0]
  if (!check) throw new Error('the report has no check')
  return check
}

/** Annotation titles ending in a finding code: `<name>: <CODE>` → CODE. */
export function annotationCodes(run: ActionRun): string[] {
  return run.annotations.map(a => /: ([A-Z_]+)$/.exec(a.title)?.[1]).filter((c): c is string => c !== undefined)
}
