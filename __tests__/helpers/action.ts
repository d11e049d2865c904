// Runs the bundled Action (dist/index.js) through the runner emulator (scripts/runner.js) on the
// suite's Node 24, with the result typed by the Action's own report types. Every run is swept for
// leaked secrets before its result is returned.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CREDENTIAL_INPUTS, KEY_MATERIAL_INPUTS } from '../../src/inputs/catalogue.js'
import type { Report } from '../../src/report/report.js'
import { actionDefaults, runAction as runBundle, type Annotation } from '../../scripts/runner.js'
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
  assertNoLeak(run, [...secretFormsOf(inputs), ...(options.secrets ?? [])], inputs)
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

/** Shorter values are not swept: they would match ordinary text by chance. */
const MIN_SWEPT = 6
/** A run of this many characters of a secret, found where it should not be, is a leak. */
export const SWEPT_FRAGMENT = 6

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', bsol: '\\', plus: '+', equals: '=', colon: ':',
  commat: '@', percnt: '%', num: '#', excl: '!', quest: '?', semi: ';', comma: ',', period: '.', lowbar: '_',
  ast: '*', verbar: '|', grave: '`', tilde: '~', lsqb: '[', rsqb: ']', lpar: '(', rpar: ')', dollar: '$', nbsp: ' '
}

/**
 * The logical string of a text, decoded as a reader (or a browser, or a second program) would:
 * JSON escapes, HTML character references and percent-encoding in either case, repeatedly.
 * Written here, independently of src/text.ts, so that a bug there cannot blind the sweep.
 */
export function decodeAll(text: string): string {
  let out = text
  for (let round = 0; round < 5; round++) {
    const next = out
      .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\([/"\\])/g, '$1')
      .replace(/&#[xX]([0-9a-fA-F]{1,6});?/g, (_m, h: string) => safeChar(parseInt(h, 16)))
      .replace(/&#(\d{1,7});?/g, (_m, d: string) => safeChar(parseInt(d, 10)))
      .replace(/&([A-Za-z]{2,8});/g, (m, n: string) => NAMED[n] ?? m)
      .replace(/(?:%[0-9a-fA-F]{2})+/g, run => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'))
    if (next === out) break
    out = next
  }
  return out
}

function safeChar(n: number): string {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd'
}

/** Our own text (the bundle's literals) and the step's non-secret inputs: a fragment found there is not a leak. */
let bundleText: string | undefined
function benignText(run: ActionRun, inputs: Readonly<Record<string, string>>, secrets: readonly string[]): string {
  bundleText ??= readFileSync(join(ROOT, 'dist/index.js'), 'utf8')
  const secretInputs: readonly string[] = [...CREDENTIAL_INPUTS, ...KEY_MATERIAL_INPUTS]
  const plain = Object.entries({ ...actionDefaults(ROOT), ...inputs })
    .filter(([name]) => !secretInputs.includes(name))
    .map(([, value]) => secrets.reduce((v, s) => (s.length >= MIN_SWEPT ? v.split(s).join(' ') : v), value))
  // Names and token URLs of the checks are configured values too (a checks-file's items are not inputs).
  return [bundleText, ...plain, run.report.checks.map(c => `${c.name} ${c.tokenUrl}`).join(' ')].join('\n')
}

function grams(text: string): Set<string> {
  const set = new Set<string>()
  for (let i = 0; i + SWEPT_FRAGMENT <= text.length; i++) set.add(text.slice(i, i + SWEPT_FRAGMENT))
  return set
}

/**
 * No secret form and no masked value (tokens are masked) may appear in stdout outside
 * ::add-mask:: lines, in stderr, in the summary, in the report file or in any output but
 * access-token: not as it is, not in any escaping that decodes to it (JSON \/ and \uXXXX, HTML
 * entities, percent-encoding in either case), and not as a run of SWEPT_FRAGMENT or more of its
 * characters, unless that run is also our own wording or a configured, non-secret value.
 */
export function assertNoLeak(run: ActionRun, secrets: readonly string[], inputs: Readonly<Record<string, string>> = {}): void {
  const values = [...new Set([...secrets, ...run.masks, run.outputs['access-token'] ?? ''])].filter(v => v.trim().length >= MIN_SWEPT)
  const places: Array<[string, string]> = [
    ['stdout', run.stdout.split('\n').filter(l => !l.startsWith('::add-mask::')).join('\n')],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ['report file', run.reportFile ?? ''],
    ...Object.entries(run.outputs)
      .filter(([name]) => name !== 'access-token')
      .map(([name, value]): [string, string] => [`output ${name}`, value])
  ]
  let benign: string | undefined
  for (const [place, text] of places) {
    const decoded = decodeAll(text)
    const views: Array<[string, string]> = decoded === text ? [['as it is', text]] : [['as it is', text], ['decoded', decoded]]
    for (const [how, view] of views) {
      const present = grams(view)
      for (const value of values) {
        if (view.includes(value)) throw new Error(`secret leak: a masked/secret value (length ${value.length}) appears in ${place} (${how})`)
        for (let i = 0; i + SWEPT_FRAGMENT <= value.length; i++) {
          const gram = value.slice(i, i + SWEPT_FRAGMENT)
          if (!present.has(gram)) continue
          benign ??= benignText(run, inputs, values)
          if (benign.includes(gram)) continue
          throw new Error(`secret leak: a ${SWEPT_FRAGMENT}-character fragment of a masked/secret value (length ${value.length}) appears in ${place} (${how})`)
        }
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
