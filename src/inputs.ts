// Turns the raw action inputs into CheckSpecs, or into INVALID_INPUT / INSECURE_URL findings that
// name the input (and the check) and the expected form. Pure: the shell passes getters over the
// runner's INPUT_* and other environment variables.

import { byCloseness, parseChecksList, type YamlParser } from './checks-list.js'
import { algFitsKey, ASYMMETRIC_ALGS, HMAC_ALGS, isCertificate, keyMaterialForms, loadPrivateKey } from './client-auth.js'
import { secretForms } from './request.js'
import { GENESYS_REGIONS, genesysCandidates, PROVIDER_IDS, PROVIDERS, type Endpoint, type Provider, type ProviderId, type ProviderParam, type ProviderParams } from './providers.js'
import { finding, type Finding } from './findings.js'
import type { AuthMethod, CheckSpec, FailOn, PlacementSetting, ProbeSpec, RunOptions, StatusRanges } from './spec.js'

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
  'allow-insecure-http': 'false',
  'min-ttl': '60',
  'probe-method': 'GET',
  'probe-expected-status': '2xx',
  'expiry-warning-days': '14',
  concurrency: '4'
} as const

export type ParsedCheck =
  | { readonly ok: true; readonly spec: CheckSpec }
  | { readonly ok: false; readonly name: string; readonly tokenUrl: string; readonly findings: readonly Finding[] }

export interface ParsedRun {
  readonly options: RunOptions
  /** In the configured order. */
  readonly checks: readonly ParsedCheck[]
  /** Every form of every check's secret and key material, to mask before anything else happens. */
  readonly secrets: readonly string[]
}

/** Reads an environment variable; undefined when unset. */
export type EnvGetter = (name: string) => string | undefined

const PLACEMENTS: readonly PlacementSetting[] = ['auto', 'header', 'body']
const PROBE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never']
const MAX_TIMEOUT_S = 300
const MAX_RETRIES = 10
/** Form fields the Action builds itself; letting extra-params set them would hide what was sent. */
const RESERVED_PARAMS = new Set(['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type'])
const DEDICATED_PARAMS: Readonly<Record<string, string>> = { scope: 'scope', audience: 'audience', resource: 'resource' }

/** How an error names where the bad value came from. */
type Where = (input: string) => string

const topLevel: Where = input => `Input \`${input}\``

/** `parseYaml` is needed only when the `checks` input is set (see loadYamlParser). */
export function parseRun(raw: InputGetter, env: EnvGetter, parseYaml?: YamlParser): ParsedRun {
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
  if (listText.trim() === '') {
    const check = parseCheck(raw, topLevel)
    const secrets = secretsOf(raw)
    if (runErrors.length === 0) return { options, checks: [check], secrets }
    const name = check.ok ? check.spec.name : check.name
    const tokenUrl = check.ok ? check.spec.tokenUrl : check.tokenUrl
    return { options, checks: [{ ok: false, name, tokenUrl, findings: [...runErrors, ...(check.ok ? [] : check.findings)] }], secrets }
  }

  if (!parseYaml) throw new Error('parseRun needs a YAML parser when the checks input is set')
  const list = parseChecksList(listText, raw, env, parseYaml)
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
    return { ok: false as const, name: check.ok ? check.spec.name : check.name, tokenUrl: check.ok ? check.spec.tokenUrl : check.tokenUrl, findings }
  })
  return { options, checks: markDuplicateNames(checks), secrets }
}

function secretsOf(raw: InputGetter): string[] {
  return [
    ...secretForms(raw('client-id'), raw('client-secret')),
    ...keyMaterialForms(raw('private-key')),
    ...keyMaterialForms(raw('client-key'))
  ]
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
    return { ok: false, name, tokenUrl: check.ok ? check.spec.tokenUrl : check.tokenUrl, findings: [duplicate, ...(check.ok ? [] : check.findings)] }
  })
}

function withDefaults(raw: InputGetter): (name: string) => string {
  return name => {
    const value = raw(name).trim()
    return value === '' && name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : value
  }
}

function complainer(errors: Finding[], where: Where): Complain {
  return (input, problem) => errors.push(finding('INVALID_INPUT', `${where(input)} ${problem}`))
}

/** One check from a getter over its inputs (top-level inputs, or a list item over them). */
function parseCheck(raw: InputGetter, where: Where): ParsedCheck {
  const errors: Finding[] = []
  const bad = complainer(errors, where)
  const get = withDefaults(raw)

  const preset = presetOf(get, bad)
  // token-url and issuer, when given, win over the preset (whose rules still apply).
  const tokenUrlText = get('token-url') || (preset?.endpoint && 'tokenUrl' in preset.endpoint ? preset.endpoint.tokenUrl : '')
  const issuerText = get('issuer') || (preset?.endpoint && 'issuer' in preset.endpoint ? preset.endpoint.issuer : '')
  const regionAuto = preset?.regionAuto === true && get('token-url') === '' && get('issuer') === ''
  if (tokenUrlText === '' && issuerText === '' && !regionAuto && preset === undefined) {
    bad('token-url', 'is required (or set `issuer` to discover it, or `provider`): the token endpoint, e.g. https://login.example.com/oauth/token.')
  }
  const url = tokenUrlText === '' ? undefined : parseEndpoint(tokenUrlText, 'token-url', bad)
  const issuer = issuerText === '' ? undefined : parseEndpoint(issuerText, 'issuer', bad, 'https://login.example.com/realms/main')
  const clientId = raw('client-id')
  const clientSecret = raw('client-secret')
  if (clientId.trim() === '') bad('client-id', 'is required: the client (application) id from the provider\'s admin UI.')
  const auth = authOf(get, bad)
  const keyOnly = (['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'] as const).some(m => m === get('auth-method').toLowerCase())
  if (clientSecret.trim() === '' && !keyOnly) {
    bad('client-secret', 'is required: pass it from a secret, e.g. client-secret: ${{ secrets.MY_CLIENT_SECRET }}.')
  }
  const placement = auth?.placement
  const diagnose = bool(get('diagnose'), 'diagnose', bad)
  const allowInsecureHttp = bool(get('allow-insecure-http'), 'allow-insecure-http', bad)
  const timeoutS = number(get('timeout'), 'timeout', { min: 0.1, max: MAX_TIMEOUT_S, integer: false }, bad)
  const retries = number(get('retries'), 'retries', { min: 0, max: MAX_RETRIES, integer: true }, bad)
  const minTtlS = number(get('min-ttl'), 'min-ttl', { min: 0, max: 31_536_000, integer: true }, bad)
  const expiryWarningDays = number(get('expiry-warning-days'), 'expiry-warning-days', { min: 0, max: 3650, integer: true }, bad)
  const resources = resourceList(get('resource'), bad)
  const extraParams = paramList(get('extra-params'), bad)
  const scope = get('scope').split(/\s+/).filter(Boolean).join(' ')
  const requiredScopes = [...new Set(get('required-scopes').split(/\s+/).filter(Boolean))]
  const audience = get('audience')
  const expectedAudience = get('expected-audience')
  const probe = probeSpec(get, bad)
  const secretExpiresAt = expiryDate(get('secret-expires-at'), bad)
  const name = get('name') || url?.host || issuer?.host || (preset ? preset.id : '') || tokenUrlText || 'oauth-credentials'
  if (preset?.provider.requiresAudience && audience === '') {
    bad('audience', `is required for ${preset.provider.label}: the API identifier, e.g.\n${preset.provider.example}`)
  }
  const presetWarnings = preset?.provider.rules?.({ scope, audience, params: preset.params }) ?? []

  for (const [input, target] of [
    ['token-url', url],
    ['issuer', issuer],
    ['probe-url', probe ? new URL(probe.url) : undefined]
  ] as const) {
    if (target && allowInsecureHttp === false && target.protocol === 'http:' && !isLoopback(target.hostname)) {
      errors.push(
        finding(
          'INSECURE_URL',
          `${where(input)} uses plain http:// to ${target.host}: ${input === 'probe-url' ? 'the access token' : 'the client secret'} would cross the network unencrypted. No request was sent.`
        )
      )
    }
  }

  if (
    errors.length > 0 ||
    (!url && !issuer && !regionAuto) ||
    placement === undefined ||
    auth === undefined ||
    minTtlS === undefined ||
    expiryWarningDays === undefined ||
    diagnose === undefined ||
    allowInsecureHttp === undefined ||
    timeoutS === undefined ||
    retries === undefined
  ) {
    return { ok: false, name, tokenUrl: url?.href ?? issuer?.href ?? '', findings: errors }
  }
  return {
    ok: true,
    spec: {
      name,
      tokenUrl: url?.href ?? '',
      issuer: issuer?.href.replace(/\/$/, '') ?? '',
      autoFirst: preset?.provider.placement ?? 'header',
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
      allowInsecureHttp,
      minTtlS,
      requiredScopes,
      expectedAudience,
      probe,
      secretExpiresAt,
      expiryWarningDays,
      provider: preset?.id ?? null,
      regionCandidates: regionAuto ? genesysCandidates() : [],
      presetWarnings,
      authMethod: auth.method,
      privateKey: auth.privateKey,
      keyId: auth.keyId,
      signingAlg: auth.signingAlg,
      assertionAudience: get('assertion-audience'),
      clientCert: auth.clientCert,
      clientKey: auth.clientKey,
      caCert: auth.caCert
    }
  }
}

type Complain = (input: string, problem: string) => void

/** An absolute http(s) URL without credentials or fragment (RFC 6749 §3.2). */
export function parseEndpoint(
  text: string,
  input: string,
  bad: Complain,
  example = 'https://login.example.com/oauth/token'
): URL | undefined {
  if (!URL.canParse(text)) {
    bad(input, `is not a URL; expected an absolute https:// URL such as ${example}.`)
    return undefined
  }
  const url = new URL(text)
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
  const match = allowed.find(a => a.toLowerCase() === value.toLowerCase())
  if (match !== undefined) return match
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

const AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth'
] as const

interface Auth {
  readonly method: AuthMethod
  readonly placement: PlacementSetting
  readonly privateKey: string
  readonly keyId: string
  readonly signingAlg: string
  readonly clientCert: string
  readonly clientKey: string
  readonly caCert: string
}

/**
 * auth-method and auth-placement together: client_secret_basic/post are the friendly placements
 * header/body, so they must agree; the other methods need auth-placement left at auto.
 * undefined when something is wrong (already reported).
 */
function authOf(get: (name: string) => string, bad: Complain): Auth | undefined {
  const placement = oneOf(get('auth-placement'), PLACEMENTS, 'auth-placement', bad)
  const methodText = get('auth-method')
  const named = methodText === '' ? undefined : oneOf(methodText, AUTH_METHODS, 'auth-method', bad)
  if (placement === undefined || (methodText !== '' && named === undefined)) return undefined
  const secretPlacement: Partial<Record<(typeof AUTH_METHODS)[number], PlacementSetting>> = {
    client_secret_basic: 'header',
    client_secret_post: 'body'
  }
  const implied = named ? secretPlacement[named] : undefined
  if (named && implied === undefined && placement !== 'auto') {
    bad('auth-placement', `contradicts auth-method: ${named} (placement applies to client secrets only); remove it or set auto.`)
    return undefined
  }
  if (implied && placement !== 'auto' && placement !== implied) {
    bad('auth-placement', `is ${placement} but auth-method: ${named} means ${implied}; set one of them.`)
    return undefined
  }
  const method: AuthMethod = named === undefined || implied !== undefined ? 'secret' : (named as AuthMethod)
  const auth: Auth = {
    method,
    placement: implied ?? placement,
    privateKey: get('private-key'),
    keyId: get('key-id'),
    signingAlg: get('signing-alg'),
    clientCert: get('client-cert'),
    clientKey: get('client-key'),
    caCert: get('ca-cert')
  }
  let ok = true
  const wrong = (input: string, problem: string): void => {
    bad(input, problem)
    ok = false
  }
  if (auth.caCert !== '' && !isCertificate(auth.caCert)) wrong('ca-cert', 'must be a PEM certificate (-----BEGIN CERTIFICATE-----).')
  let signingAlg = auth.signingAlg
  let keyId = auth.keyId
  if (method === 'private_key_jwt') {
    const loaded = auth.privateKey === '' ? 'is required with auth-method: private_key_jwt: a PEM or JWK private key, from a secret' : loadPrivateKey(auth.privateKey)
    if (typeof loaded === 'string') wrong('private-key', `${loaded}.`)
    else {
      signingAlg ||= loaded.defaultAlg
      keyId ||= loaded.kid ?? ''
      if (!(ASYMMETRIC_ALGS as readonly string[]).includes(signingAlg) || !algFitsKey(signingAlg, loaded.key)) {
        wrong('signing-alg', `must suit the key (${loaded.defaultAlg} for this key; one of ${ASYMMETRIC_ALGS.join(', ')}); got "${clip(signingAlg)}".`)
      }
    }
  } else if (method === 'client_secret_jwt') {
    signingAlg ||= 'HS256'
    if (!(HMAC_ALGS as readonly string[]).includes(signingAlg)) wrong('signing-alg', `must be one of ${HMAC_ALGS.join(', ')} with client_secret_jwt; got "${clip(signingAlg)}".`)
  } else if (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') {
    if (auth.clientCert === '' || !isCertificate(auth.clientCert)) wrong('client-cert', `is required with auth-method: ${method}: the client certificate as PEM.`)
    if (auth.clientKey === '' || typeof loadPrivateKey(auth.clientKey) === 'string') {
      wrong('client-key', `is required with auth-method: ${method}: the certificate's private key as PEM.`)
    }
  } else {
    for (const input of ['private-key', 'key-id', 'signing-alg', 'client-cert', 'client-key'] as const) {
      if (get(input) !== '') wrong(input, 'only applies with auth-method private_key_jwt, client_secret_jwt or tls_client_auth.')
    }
  }
  return ok ? { ...auth, signingAlg, keyId } : undefined
}

const PRESET_PARAMS: readonly ProviderParam[] = ['region', 'tenant', 'domain', 'realm', 'authorization-server']

interface Preset {
  readonly id: ProviderId
  readonly provider: Provider
  readonly params: ProviderParams
  /** undefined when a parameter was missing or wrong (already reported), or with region: auto. */
  readonly endpoint: Endpoint | undefined
  readonly regionAuto: boolean
}

/** The provider preset, with its parameters checked; parameters without a provider are an error. */
function presetOf(get: (name: string) => string, bad: Complain): Preset | undefined {
  const params: Partial<Record<ProviderParam, string>> = {}
  for (const p of PRESET_PARAMS) if (get(p) !== '') params[p] = get(p)
  const name = get('provider').toLowerCase()
  if (name === '') {
    for (const p of Object.keys(params)) bad(p, 'only applies with `provider` (e.g. provider: genesys-cloud).')
    return undefined
  }
  if (!(PROVIDER_IDS as string[]).includes(name)) {
    bad('provider', `must be one of ${byCloseness(name, PROVIDER_IDS).map(p => `\`${p}\``).join(', ')}; got "${clip(name)}".`)
    return undefined
  }
  const id = name as ProviderId
  const provider: Provider = PROVIDERS[id]
  const missing = provider.required.filter(p => !params[p])
  for (const p of missing) bad(p, `is required with provider: ${id}. Example:\n${provider.example}`)
  const regionAuto = id === 'genesys-cloud' && params.region?.toLowerCase() === 'auto'
  if (missing.length > 0 || regionAuto) return { id, provider, params, endpoint: undefined, regionAuto }
  const endpoint = provider.endpoint(params)
  if ('param' in endpoint) {
    const given = params[endpoint.param] ?? ''
    const choices = id === 'genesys-cloud' ? ` Valid values: ${byCloseness(given, [...Object.keys(GENESYS_REGIONS), 'auto']).join(', ')} (or a domain such as mypurecloud.de).` : ''
    bad(endpoint.param, `${endpoint.problem}; got "${clip(given)}".${choices}`)
    return { id, provider, params, endpoint: undefined, regionAuto }
  }
  return { id, provider, params, endpoint, regionAuto }
}

function probeSpec(get: (name: string) => string, bad: Complain): ProbeSpec | null {
  // Checked even without probe-url, so a typo does not wait for the day a probe is added.
  const method = oneOf(get('probe-method'), PROBE_METHODS, 'probe-method', bad)
  const expectedText = get('probe-expected-status')
  const expected = statusRanges(expectedText)
  if (!expected) bad('probe-expected-status', `must be statuses like 200, 2xx, 200,204 or 200-299; got "${clip(expectedText)}".`)
  const text = get('probe-url')
  if (text === '') return null
  const url = parseEndpoint(text, 'probe-url', bad, 'https://api.example.com/v1/me')
  if (!url || !method || !expected) return null
  return { url: url.href, method, expected, expectedText }
}

/** `200`, `2xx`, `200,204`, `200-299`, or a comma-separated mix. */
export function statusRanges(text: string): StatusRanges | undefined {
  const ranges: Array<readonly [number, number]> = []
  for (const part of text.split(',').map(p => p.trim())) {
    const single = /^([1-5])(\d\d|xx)$/i.exec(part)
    const span = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/.exec(part)
    if (single) {
      const [, hundred, rest] = single
      ranges.push(rest!.toLowerCase() === 'xx' ? [Number(hundred) * 100, Number(hundred) * 100 + 99] : [Number(part), Number(part)])
    } else if (span && Number(span[1]) <= Number(span[2])) {
      ranges.push([Number(span[1]), Number(span[2])])
    } else {
      return undefined
    }
  }
  return ranges
}

/** ISO 8601 date (end of that day, UTC) or date-time; null when empty. */
function expiryDate(text: string, bad: Complain): number | null {
  if (text === '') return null
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text)
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)
  // A date-time without a zone is read as UTC, whatever the runner's local zone: the result must
  // not depend on the machine.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`
  const ms = dateOnly ? Date.parse(`${text}T23:59:59Z`) : dateTime ? Date.parse(zoned) : NaN
  // Date.parse rolls 2027-02-30 over into March: a date must come back as written.
  if (Number.isNaN(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== text)) {
    bad('secret-expires-at', `must be an ISO 8601 date or date-time such as 2027-03-01 or 2027-03-01T12:00:00Z; got "${clip(text)}".`)
    return null
  }
  return ms
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
