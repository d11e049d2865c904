// Every input of the Action, once: where it applies (the step, or each check), its default (as in
// action.yml, which a test holds this table against), and how it is read. The defaults, the keys a
// `checks` item may set, the list-joined keys and the provider parameters are all derived here.

export interface InputDef {
  /** `run`: the step as a whole; `check`: each check (a `checks` item may set it). */
  readonly scope: 'run' | 'check'
  readonly default: string
  /** A value to mask in every form before anything else happens. */
  readonly secret?: 'credential' | 'key-material'
  /** A `checks` item may read it from an environment variable with `<name>-env`. */
  readonly fromEnv?: true
  /** A `checks` item may give a list, joined with this separator. */
  readonly listJoin?: ' ' | '\n' | ','
  /** A parameter of a provider preset. */
  readonly providerParam?: true
}

const check = (over: Omit<InputDef, 'scope' | 'default'> & { default?: string } = {}): InputDef => ({ scope: 'check', default: '', ...over })
const run = (defaultValue: string, over: Omit<InputDef, 'scope' | 'default'> = {}): InputDef => ({ scope: 'run', default: defaultValue, ...over })

export const INPUTS = {
  'token-url': check(),
  issuer: check(),
  provider: check(),
  region: check({ providerParam: true }),
  tenant: check({ providerParam: true }),
  domain: check({ providerParam: true }),
  realm: check({ providerParam: true }),
  'authorization-server': check({ providerParam: true }),
  'client-id': check({ fromEnv: true }),
  'client-secret': check({ fromEnv: true, secret: 'credential' }),
  'grant-type': check(),
  username: check({ fromEnv: true, secret: 'credential' }),
  password: check({ fromEnv: true, secret: 'credential' }),
  checks: run(''),
  'checks-file': run(''),
  concurrency: run('4'),
  'auth-placement': check({ default: 'auto' }),
  'auth-method': check(),
  'private-key': check({ secret: 'key-material' }),
  'key-id': check(),
  'signing-alg': check(),
  'assertion-audience': check(),
  'client-cert': check(),
  'client-key': check({ secret: 'key-material' }),
  'ca-cert': check(),
  scope: check({ listJoin: ' ' }),
  audience: check(),
  resource: check({ listJoin: '\n' }),
  'extra-params': check({ listJoin: '\n' }),
  diagnose: check({ default: 'true' }),
  timeout: check({ default: '10' }),
  retries: check({ default: '2' }),
  'fail-on': run('error'),
  summary: run('true'),
  'junit-file': run(''),
  name: check(),
  'export-token': run('false'),
  'allow-insecure-http': check({ default: 'false' }),
  'min-ttl': check({ default: '60' }),
  'required-scopes': check({ listJoin: ' ' }),
  'expected-audience': check(),
  'probe-url': check(),
  'probe-method': check({ default: 'GET' }),
  'probe-expected-status': check({ default: '2xx' }),
  'secret-expires-at': check(),
  'expiry-warning-days': check({ default: '14', listJoin: ',' }),
  // Alerts (src/alerts/): the step's tracking issues, change notifications and heartbeat.
  'tracking-issue': run('false'),
  'github-token': run('${{ github.token }}', { secret: 'credential' }),
  'issue-labels': run('oauth-credential-health'),
  'issue-assignees': run(''),
  'issue-on': run(''),
  'notify-webhook-url': run('', { secret: 'credential' }),
  'notify-format': run('json'),
  'heartbeat-url': run('', { secret: 'credential' })
} as const satisfies Record<string, InputDef>

export type InputName = keyof typeof INPUTS

const ENTRIES = Object.entries(INPUTS) as [InputName, InputDef][]

/** Mirrors action.yml's defaults, so the bundle behaves the same when started without the runner. */
export const DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(ENTRIES.filter(([, d]) => d.default !== '').map(([n, d]) => [n, d.default]))

/** Keys a `checks` item may set: the per-check inputs, plus `<name>-env` for those read from the environment. */
export const CHECK_KEYS: readonly string[] = ENTRIES.filter(([, d]) => d.scope === 'check').flatMap(([n, d]) => (d.fromEnv ? [n, `${n}-env`] : [n]))

/** Keys read from an environment variable by `<name>-env`. */
export const ENV_KEYS: readonly InputName[] = ENTRIES.filter(([, d]) => d.fromEnv).map(([n]) => n)

/** Lists are accepted for these keys and joined the way the single input expects. */
export const LIST_JOIN: Readonly<Record<string, string>> = Object.fromEntries(ENTRIES.flatMap(([n, d]) => (d.listJoin ? [[n, d.listJoin]] : [])))

export const PROVIDER_PARAMS: readonly InputName[] = ENTRIES.filter(([, d]) => d.providerParam).map(([n]) => n)

/** Inputs whose values are credentials (the client secret, the password grant's username and password): masked in every form. */
export const CREDENTIAL_INPUTS: readonly InputName[] = ENTRIES.filter(([, d]) => d.secret === 'credential').map(([n]) => n)

/** Inputs whose values are key material (PEM or JWK): masked line by line. */
export const KEY_MATERIAL_INPUTS: readonly InputName[] = ENTRIES.filter(([, d]) => d.secret === 'key-material').map(([n]) => n)

/** Inputs whose values are not secret and may be shown as configured (names, ids, URLs). */
export const PLAIN_INPUTS: readonly InputName[] = ENTRIES.filter(([, d]) => d.secret === undefined).map(([n]) => n)

/** Reads one input exactly as given (untrimmed); '' when absent. */
export type InputGetter = (name: string) => string

/** Reads an environment variable; undefined when unset. */
export type EnvGetter = (name: string) => string | undefined
