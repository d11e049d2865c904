// Runs the bundled Action (dist/index.js) as the GitHub runner does: a Node 24 child process with
// INPUT_* variables (action.yml defaults filled in), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
// Every run is swept for leaked secrets before its result is returned.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { Report } from '../../src/report/report.js'
import { NODE24, ROOT } from './servers.js'

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice'
  readonly title: string
  readonly message: string
}

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

const ACTION_DEFAULTS: Record<string, string> = (() => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']))
})()

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
  const dir = mkdtempSync(join(tmpdir(), 'och-e2e-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    ...(options.noSummaryFile ? {} : { GITHUB_STEP_SUMMARY: summaryFile }),
    ...options.env
  }
  for (const [name, value] of Object.entries({ ...ACTION_DEFAULTS, ...inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const started = performance.now()
  const child = spawn(NODE24, [join(ROOT, 'dist/index.js')], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exitCode = await new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
  const durationMs = performance.now() - started
  const outputs = parseOutputs(readFileSync(outputFile, 'utf8'))
  const summary = readFileSync(summaryFile, 'utf8')
  const reportPath = outputs['report-file']
  const reportFile = reportPath && existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined
  rmSync(dir, { recursive: true, force: true })
  const run: ActionRun = {
    exitCode,
    stdout,
    stderr,
    outputs,
    summary,
    annotations: parseAnnotations(stdout),
    masks: stdout
      .split('\n')
      .filter(l => l.startsWith('::add-mask::'))
      .map(l => unescapeData(l.slice('::add-mask::'.length))),
    report: JSON.parse(outputs['report'] ?? '{"status":"","checks":[]}') as ReportJson,
    durationMs,
    reportFile
  }
  allRuns.push({ inputs, run })
  assertNoLeak(run, [...secretFormsOf(inputs), ...(options.secrets ?? [])])
  return run
}

/** The forms of a client secret that could leak: computed here independently of src/. */
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
  // The alert secrets: the token, and each URL whole, percent-encoded and by its path (the secret part).
  const token = inputs['github-token'] ?? ''
  if (token.length >= 6 && !token.startsWith('${{')) forms.push(token)
  for (const url of [inputs['notify-webhook-url'] ?? '', inputs['heartbeat-url'] ?? ''].map(u => u.trim())) {
    if (url === '') continue
    forms.push(url, encodeURIComponent(url))
    if (URL.canParse(url) && new URL(url).pathname.length >= 8) forms.push(new URL(url).pathname)
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

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m) continue
    const [, name, delimiter] = m
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name!] = value.join('\n')
  }
  return outputs
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

function parseAnnotations(stdout: string): Annotation[] {
  const found: Annotation[] = []
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line)
    if (!m) continue
    const props = Object.fromEntries(
      (m[2] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map(p => {
          const eq = p.indexOf('=')
          return [p.slice(0, eq), unescapeProperty(p.slice(eq + 1))]
        })
    ) as Record<string, string>
    found.push({ level: m[1] as Annotation['level'], title: props['title'] ?? '', message: unescapeData(m[3] ?? '') })
  }
  return found
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
