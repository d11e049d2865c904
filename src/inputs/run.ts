// The step's inputs: run-wide options, and either one check (the top-level inputs) or the `checks`
// list. Every secret of every check is collected for masking, even from inputs that fail to parse.

import { keyMaterialForms } from '../client-auth/keys.js'
import { secretForms } from '../client-auth/secret-encoding.js'
import { finding, type Finding } from '../findings/codes.js'
import type { FailOn, RunOptions } from '../spec.js'
import { KEY_MATERIAL_INPUTS, type EnvGetter, type InputGetter } from './catalogue.js'
import { parseCheck, type ParsedCheck } from './check.js'
import { parseChecksList, type YamlParser } from './checks-list.js'
import { bool, complainer, number, oneOf, topLevel, withDefaults, type Where } from './values.js'

export type { ParsedCheck } from './check.js'

export interface ParsedRun {
  readonly options: RunOptions
  /** In the configured order. */
  readonly checks: readonly ParsedCheck[]
  /** Every form of every check's secret and key material, to mask before anything else happens. */
  readonly secrets: readonly string[]
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never']

/** The `checks-file` input's file as the shell read it (see inputs/checks-file.ts). */
export type ListFile = { readonly path: string; readonly text: string } | { readonly path: string; readonly error: string }

/**
 * `parseYaml` is needed only when `checks` or `checks-file` is set (see loadYamlParser); `listFile`
 * only when `checks-file` is.
 */
export function parseRun(raw: InputGetter, env: EnvGetter, parseYaml?: YamlParser, listFile?: ListFile): ParsedRun {
  const runErrors: Finding[] = []
  const get = withDefaults(raw)
  const bad = complainer(runErrors, topLevel)
  const options: RunOptions = {
    failOn: oneOf(get('fail-on'), FAIL_ON, 'fail-on', bad) ?? 'error',
    summary: bool(get('summary'), 'summary', bad) ?? true,
    exportToken: bool(get('export-token'), 'export-token', bad) ?? false,
    concurrency: number(get('concurrency'), 'concurrency', { min: 1, max: 64, integer: true }, bad) ?? 4
  }

  const listText = raw('checks')
  const filePath = raw('checks-file').trim()
  if (filePath !== '') {
    if (!parseYaml || !listFile) throw new Error('parseRun needs a YAML parser and the file when checks-file is set')
    if (listText.trim() !== '') {
      // Still masked: the inline list may hold secrets even though it will not run.
      const inline = parseChecksList(listText, raw, env, parseYaml)
      const both = finding('INVALID_INPUT', 'Inputs `checks` and `checks-file` are both set; use one: `checks` for a list in the workflow, `checks-file` for a list in a file.')
      return { options, checks: [{ ok: false, name: 'checks', tokenUrl: '', findings: [...runErrors, both] }], secrets: inline.items.flatMap(item => secretsOf(item.get)) }
    }
    const source = `Input \`checks-file\` (${listFile.path})`
    if ('error' in listFile) {
      return { options, checks: [{ ok: false, name: 'checks', tokenUrl: '', findings: [...runErrors, finding('INVALID_INPUT', `${source} ${listFile.error}`)] }], secrets: [] }
    }
    return parseList(listFile.text, source, raw, env, parseYaml, options, runErrors)
  }
  if (listText.trim() === '') {
    const check = parseCheck(raw, topLevel)
    const secrets = secretsOf(raw)
    if (runErrors.length === 0) return { options, checks: [check], secrets }
    const name = check.ok ? check.spec.name : check.name
    const tokenUrl = check.ok ? tokenUrlOf(check) : check.tokenUrl
    return { options, checks: [{ ok: false, name, tokenUrl, findings: [...runErrors, ...(check.ok ? [] : check.findings)] }], secrets }
  }

  if (!parseYaml) throw new Error('parseRun needs a YAML parser when the checks input is set')
  return parseList(listText, 'Input `checks`', raw, env, parseYaml, options, runErrors)
}

function parseList(text: string, source: string, raw: InputGetter, env: EnvGetter, parseYaml: YamlParser, options: RunOptions, runErrors: readonly Finding[]): ParsedRun {
  const list = parseChecksList(text, raw, env, parseYaml, source)
  const secrets = list.items.flatMap(item => secretsOf(item.get))
  if (list.errors.length > 0 || runErrors.length > 0) {
    // Nothing runs when the list itself or a run-wide input is broken.
    return { options, checks: [{ ok: false, name: 'checks', tokenUrl: '', findings: [...runErrors, ...list.errors] }], secrets }
  }
  const checks = list.items.map(item => {
    const where: Where = input => `Check \`${item.label}\`: key \`${input}\``
    const check = parseCheck(item.get, where)
    if (item.errors.length === 0) return check
    const findings = [...item.errors, ...(check.ok ? [] : check.findings)]
    return { ok: false as const, name: check.ok ? check.spec.name : check.name, tokenUrl: tokenUrlOf(check), findings }
  })
  return { options, checks: markDuplicateNames(checks), secrets }
}

/** The token URL as configured (for a check that cannot run, what it would have used). */
export function tokenUrlOf(check: ParsedCheck): string {
  if (!check.ok) return check.tokenUrl
  const endpoint = check.spec.endpoint
  return endpoint.kind === 'url' ? endpoint.tokenUrl : endpoint.kind === 'discover' ? (endpoint.tokenUrl ?? endpoint.issuer) : ''
}

/** Every form of the credentials a getter holds, read raw: a bad input must not make a secret printable. */
function secretsOf(raw: InputGetter): string[] {
  return [...secretForms(raw('client-id'), raw('client-secret')), ...KEY_MATERIAL_INPUTS.flatMap(input => keyMaterialForms(raw(input)))]
}

/** `name` must be unique: later checks with a name already used get INVALID_INPUT. */
function markDuplicateNames(checks: readonly ParsedCheck[]): ParsedCheck[] {
  const seen = new Map<string, number>()
  return checks.map((check, index) => {
    const name = check.ok ? check.spec.name : check.name
    const first = seen.get(name)
    if (first === undefined) {
      seen.set(name, index)
      return check
    }
    const duplicate = finding(
      'INVALID_INPUT',
      `Check \`${name}\`: key \`name\` is also used by checks[${first}]; every check needs its own name (it defaults to the token URL's host).`
    )
    return { ok: false, name, tokenUrl: tokenUrlOf(check), findings: [duplicate, ...(check.ok ? [] : check.findings)] }
  })
}
