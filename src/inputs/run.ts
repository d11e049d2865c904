// The step's inputs: run-wide options, and either one check (the top-level inputs) or the `checks`
// list. Every secret of every check is collected for masking, even from inputs that fail to parse.

import { alertSecretForms, parseAlertOptions, type AlertOptions } from '../alerts/options.js'
import { keyMaterialForms } from '../client-auth/keys.js'
import { secretForms, valueForms } from '../client-auth/secret-encoding.js'
import { finding, type Finding } from '../findings/codes.js'
import type { FailOn, RunOptions } from '../spec.js'
import { CREDENTIAL_INPUTS, KEY_MATERIAL_INPUTS, PLAIN_INPUTS, type EnvGetter, type InputGetter } from './catalogue.js'
import { parseCheck, type ParsedCheck } from './check.js'
import { parseChecksList, type YamlParser } from './checks-list.js'
import { bool, complainer, number, oneOf, topLevel, withDefaults, type Where } from './values.js'

export type { ParsedCheck } from './check.js'

export interface ParsedRun {
  readonly options: RunOptions
  /** Tracking issue, change notifications, heartbeat (src/alerts/). */
  readonly alerts: AlertOptions
  /** In the configured order. */
  readonly checks: readonly ParsedCheck[]
  /** Every form of every check's secret and key material, to mask before anything else happens. */
  readonly secrets: readonly string[]
  /** The configured values that are not secret (names, ids, URLs without userinfo), as given. */
  readonly plain: readonly string[]
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
  const alerts = parseAlertOptions(get, options.failOn, bad)
  const alertSecrets = alertSecretForms(raw)

  runErrors.push(...proxyProblems(env))

  const listText = raw('checks')
  const filePath = raw('checks-file').trim()
  const step: StepParts = { options, alerts, runErrors, alertSecrets, plain: plainOf(raw) }
  if (filePath !== '') {
    if (!parseYaml || !listFile) throw new Error('parseRun needs a YAML parser and the file when checks-file is set')
    if (listText.trim() !== '') {
      // Still masked: the inline list may hold secrets even though it will not run.
      const inline = parseChecksList(listText, raw, env, parseYaml)
      const both = finding('INVALID_INPUT', 'Inputs `checks` and `checks-file` are both set; use one: `checks` for a list in the workflow, `checks-file` for a list in a file.')
      return broken(step, [both], [...secretsOf(raw), ...inline.items.flatMap(item => secretsOf(item.get))])
    }
    const source = `Input \`checks-file\` (${listFile.path})`
    if ('error' in listFile) return broken(step, [finding('INVALID_INPUT', `${source} ${listFile.error}`)], secretsOf(raw))
    return parseList(listFile.text, source, raw, env, parseYaml, step)
  }
  if (listText.trim() === '') {
    const check = parseCheck(raw, topLevel)
    const secrets = [...secretsOf(raw), ...alertSecrets]
    if (runErrors.length === 0) return { options, alerts, checks: [check], secrets, plain: step.plain }
    const name = check.ok ? check.spec.name : check.name
    const tokenUrl = check.ok ? tokenUrlOf(check) : check.tokenUrl
    return { options, alerts, checks: [{ ok: false, name, tokenUrl, findings: [...runErrors, ...(check.ok ? [] : check.findings)] }], secrets, plain: step.plain }
  }

  if (!parseYaml) throw new Error('parseRun needs a YAML parser when the checks input is set')
  return parseList(listText, 'Input `checks`', raw, env, parseYaml, step)
}

/** What every way of reading the step's checks shares. */
interface StepParts {
  readonly options: RunOptions
  readonly alerts: AlertOptions
  readonly runErrors: readonly Finding[]
  readonly alertSecrets: readonly string[]
  readonly plain: readonly string[]
}

/** Nothing runs: the list or a run-wide input is broken. Its secrets are still masked. */
function broken(step: StepParts, findings: readonly Finding[], secrets: readonly string[]): ParsedRun {
  return {
    options: step.options,
    alerts: step.alerts,
    checks: [{ ok: false, name: 'checks', tokenUrl: '', findings: [...step.runErrors, ...findings] }],
    secrets: [...secrets, ...step.alertSecrets],
    plain: step.plain
  }
}

function parseList(text: string, source: string, raw: InputGetter, env: EnvGetter, parseYaml: YamlParser, step: StepParts): ParsedRun {
  const list = parseChecksList(text, raw, env, parseYaml, source)
  const secrets = [...secretsOf(raw), ...list.items.flatMap(item => secretsOf(item.get))]
  const plain = [...step.plain, ...list.items.flatMap(item => plainOf(item.get))]
  if (list.errors.length > 0 || step.runErrors.length > 0) return { ...broken(step, list.errors, secrets), plain }
  const checks = list.items.map(item => {
    const where: Where = input => `Check \`${item.label}\`: key \`${input}\``
    const check = parseCheck(item.get, where)
    if (item.errors.length === 0) return check
    const findings = [...item.errors, ...(check.ok ? [] : check.findings)]
    return { ok: false as const, name: check.ok ? check.spec.name : check.name, tokenUrl: tokenUrlOf(check), findings }
  })
  return { options: step.options, alerts: step.alerts, checks: markDuplicateNames(checks), secrets: [...secrets, ...step.alertSecrets], plain }
}

/**
 * The proxy variables http-client reads (the lower-case name first, as it does). A value it cannot
 * use must not be silently ignored or turn into a crash: INVALID_INPUT naming the variable. The
 * value itself is never quoted (it may carry the proxy's password).
 */
export function proxyProblems(env: EnvGetter): Finding[] {
  const problems: Finding[] = []
  for (const pair of [['https_proxy', 'HTTPS_PROXY'], ['http_proxy', 'HTTP_PROXY']] as const) {
    const name = pair.find(n => (env(n) ?? '') !== '')
    if (name === undefined) continue
    const value = (env(name) ?? '').trim()
    const url = /^https?:\/\//i.test(value) && URL.canParse(value) ? new URL(value) : undefined
    if (url && url.hostname !== '') continue
    problems.push(
      finding(
        'INVALID_INPUT',
        `Environment variable ${name} is not a proxy URL${/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? '' : ' (it has no http:// or https:// scheme)'}; expected a value such as http://proxy.example.com:3128. No request was sent.`
      )
    )
  }
  return problems
}

/** The token URL as configured (for a check that cannot run, what it would have used). */
export function tokenUrlOf(check: ParsedCheck): string {
  if (!check.ok) return check.tokenUrl
  const endpoint = check.spec.endpoint
  return endpoint.kind === 'url' ? endpoint.tokenUrl : endpoint.kind === 'discover' ? (endpoint.tokenUrl ?? endpoint.issuer) : ''
}

/**
 * Every form of the credentials a getter holds, read raw: a bad input must not make a secret
 * printable. The client secret with its Basic values; every other credential input (the password
 * grant's username and password) in each of its forms; key material line by line; and a password
 * written into a URL's userinfo (refused, but masked all the same).
 */
export function secretsOf(raw: InputGetter): string[] {
  return [
    ...secretForms(raw('client-id'), raw('client-secret')),
    ...CREDENTIAL_INPUTS.filter(input => input !== 'client-secret').flatMap(input => valueForms(raw(input))),
    ...KEY_MATERIAL_INPUTS.flatMap(input => keyMaterialForms(raw(input))),
    ...PLAIN_INPUTS.flatMap(input => userinfoForms(raw(input)))
  ]
}

/** `https://user:pass@host/` → the password and the userinfo, raw and decoded. */
export function userinfoForms(text: string): string[] {
  const at = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(text.trim())
  if (!at) return []
  const userinfo = at[1] ?? ''
  const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : ''
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  return [...new Set([userinfo, decode(userinfo), password, decode(password)])].filter(v => v !== '')
}

/**
 * Non-secret configured values, for the redactor's `benign` text. Left out: a URL with userinfo,
 * and the `checks` text itself (a secret may be written inline in it).
 */
function plainOf(raw: InputGetter): string[] {
  return PLAIN_INPUTS.filter(input => input !== 'checks')
    .map(input => raw(input))
    .filter(v => v.trim() !== '' && userinfoForms(v).length === 0)
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
