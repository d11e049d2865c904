// Turns the raw action inputs into a CheckSpec, or into INVALID_INPUT / INSECURE_URL findings that
// name the input and the expected form. Pure: the shell passes a getter over the runner's INPUT_* env.

import { finding, type Finding } from './findings.js'
import type { CheckSpec, FailOn, PlacementSetting, RunOptions } from './spec.js'

/** Reads one input exactly as given (untrimmed); '' when absent. */
export type InputGetter = (name: string) => string

/** Mirrors action.yml's defaults, so the bundle behaves the same when started without the runner. */
export const DEFAULTS = {
  'auth-placement': 'auto',
  diagnose: 'true',
  timeout: '10',
  retries: '2',
  'fail-on': 'error',
  summary: 'true',
  'export-token': 'false',
  'allow-insecure-http': 'false'
} as const

export type ParsedInputs =
  | { readonly ok: true; readonly spec: CheckSpec; readonly options: RunOptions }
  | { readonly ok: false; readonly name: string; readonly tokenUrl: string; readonly options: RunOptions; readonly findings: readonly Finding[] }

const PLACEMENTS: readonly PlacementSetting[] = ['auto', 'header', 'body']
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never']
const MAX_TIMEOUT_S = 300
const MAX_RETRIES = 10
/** Form fields the Action builds itself; letting extra-params set them would hide what was sent. */
const RESERVED_PARAMS = new Set(['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type'])
const DEDICATED_PARAMS: Readonly<Record<string, string>> = { scope: 'scope', audience: 'audience', resource: 'resource' }

export function parseInputs(raw: InputGetter): ParsedInputs {
  const errors: Finding[] = []
  const bad = (input: string, problem: string): void => {
    errors.push(finding('INVALID_INPUT', `Input \`${input}\` ${problem}`))
  }
  const get = (name: string): string => {
    const value = raw(name).trim()
    return value === '' && name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : value
  }

  const options: RunOptions = {
    failOn: oneOf(get('fail-on'), FAIL_ON, 'fail-on', bad) ?? 'error',
    summary: bool(get('summary'), 'summary', bad) ?? true,
    exportToken: bool(get('export-token'), 'export-token', bad) ?? false
  }

  const tokenUrlText = get('token-url')
  const url = parseEndpoint(tokenUrlText, 'token-url', bad)
  const clientId = raw('client-id')
  const clientSecret = raw('client-secret')
  if (clientId.trim() === '') bad('client-id', 'is required: the client (application) id from the provider\'s admin UI.')
  if (clientSecret.trim() === '') {
    bad('client-secret', 'is required: pass it from a secret, e.g. client-secret: ${{ secrets.MY_CLIENT_SECRET }}.')
  }

  const placement = oneOf(get('auth-placement'), PLACEMENTS, 'auth-placement', bad)
  const diagnose = bool(get('diagnose'), 'diagnose', bad)
  const allowInsecureHttp = bool(get('allow-insecure-http'), 'allow-insecure-http', bad)
  const timeoutS = number(get('timeout'), 'timeout', { min: 0.1, max: MAX_TIMEOUT_S, integer: false }, bad)
  const retries = number(get('retries'), 'retries', { min: 0, max: MAX_RETRIES, integer: true }, bad)
  const resources = resourceList(get('resource'), bad)
  const extraParams = paramList(get('extra-params'), bad)
  const scope = get('scope').split(/\s+/).filter(Boolean).join(' ')
  const audience = get('audience')
  const name = get('name') || url?.host || tokenUrlText || 'oauth-credentials'

  if (url && allowInsecureHttp === false && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    errors.push(
      finding(
        'INSECURE_URL',
        `\`token-url\` uses plain http:// to ${url.host}: the client secret would cross the network unencrypted. No request was sent.`
      )
    )
  }

  if (
    errors.length > 0 ||
    !url ||
    placement === undefined ||
    diagnose === undefined ||
    allowInsecureHttp === undefined ||
    timeoutS === undefined ||
    retries === undefined
  ) {
    return { ok: false, name, tokenUrl: url?.href ?? '', options, findings: errors }
  }
  return {
    ok: true,
    options,
    spec: {
      name,
      tokenUrl: url.href,
      clientId,
      clientSecret,
      placement,
      scope,
      audience,
      resources,
      extraParams,
      diagnose,
      timeoutMs: Math.round(timeoutS * 1000),
      retries,
      allowInsecureHttp
    }
  }
}

type Complain = (input: string, problem: string) => void

/** An absolute http(s) URL without credentials or fragment (RFC 6749 §3.2). */
export function parseEndpoint(text: string, input: string, bad: Complain): URL | undefined {
  if (text === '') {
    bad(input, 'is required: the token endpoint, e.g. https://login.example.com/oauth/token.')
    return undefined
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    bad(input, 'is not a URL; expected an absolute https:// URL such as https://login.example.com/oauth/token.')
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    bad(input, `must be an https:// URL, not ${url.protocol}.`)
    return undefined
  }
  if (url.username !== '' || url.password !== '') {
    bad(input, 'must not contain user:password@; pass the credentials through client-id and client-secret.')
    return undefined
  }
  if (url.hash !== '') {
    bad(input, 'must not contain a #fragment (RFC 6749 §3.2).')
    return undefined
  }
  return url
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

function oneOf<T extends string>(value: string, allowed: readonly T[], input: string, bad: Complain): T | undefined {
  const v = value.toLowerCase()
  if ((allowed as readonly string[]).includes(v)) return v as T
  bad(input, `must be one of ${allowed.map(a => `\`${a}\``).join(', ')}; got "${clip(value)}".`)
  return undefined
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function bool(value: string, input: string, bad: Complain): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  bad(input, `must be \`true\` or \`false\`; got "${clip(value)}".`)
  return undefined
}

interface NumberRule {
  readonly min: number
  readonly max: number
  readonly integer: boolean
}

function number(value: string, input: string, rule: NumberRule, bad: Complain): number | undefined {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (Number.isNaN(n) || n < rule.min || n > rule.max || (rule.integer && !Number.isInteger(n))) {
    const kind = rule.integer ? 'a whole number' : 'a number of seconds'
    bad(input, `must be ${kind} from ${rule.min} to ${rule.max}; got "${clip(value)}".`)
    return undefined
  }
  return n
}

/** RFC 8707 §2: each resource is an absolute URI without a fragment. */
function resourceList(value: string, bad: Complain): string[] {
  const lines = value.split(/\r?\n/).map(l => l.trim()).filter(Boolean)
  for (const line of lines) {
    if (!URL.canParse(line) || new URL(line).hash !== '') bad('resource', `must list absolute URIs without #fragment, one per line; "${clip(line)}" is not one.`)
  }
  return lines
}

function paramList(value: string, bad: Complain): Array<readonly [string, string]> {
  const params: Array<readonly [string, string]> = []
  const lines = value.split(/\r?\n/).map(l => l.trim())
  for (const [index, line] of lines.entries()) {
    if (line === '') continue
    const eq = line.indexOf('=')
    const key = eq > 0 ? line.slice(0, eq).trim() : ''
    if (key === '') {
      bad('extra-params', `must hold one key=value per line; line ${index + 1} has no key.`)
      continue
    }
    if (RESERVED_PARAMS.has(key)) {
      bad('extra-params', `may not set \`${key}\`: the Action sends it itself (client-id, client-secret, auth-placement).`)
      continue
    }
    const dedicated = DEDICATED_PARAMS[key]
    if (dedicated !== undefined) {
      bad('extra-params', `may not set \`${key}\`: use the \`${dedicated}\` input.`)
      continue
    }
    params.push([key, line.slice(eq + 1).trim()])
  }
  return params
}

/** Echo user text back in an error without flooding the log. */
function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine
}
