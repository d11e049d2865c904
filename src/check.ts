// Runs one check: mask, discover (optional), exchange (trying placements as the strategy says),
// assess the token, probe the API (optional), conclude. The network, the masking and the clock
// are passed in, so this runs the same in the Action, in tests and in the demo.

import { assessProbe, assessSecretExpiry, assessToken } from './assertions.js'
import { classifyTokenOutcome, parseJsonObject, type AttemptResult, type HttpOutcome, type OAuthError, type TokenGrant } from './classify.js'
import {
  assertionAudiences,
  assessClientCert,
  buildAssertionRequest,
  buildTlsRequest,
  concludeKeyAuth,
  keyMaterialForms,
  signAssertion,
  usesAssertion,
  usesTls,
  type KeyAttempt
} from './client-auth.js'
import { advertisedPlacement, grantAdvertised, grantNotAdvertisedFinding, metadataUrls, readMetadata, type Metadata } from './discovery.js'
import { CODES, finding, statusOf, verdictOf, type Finding, type Status, type Verdict } from './findings.js'
import type { Transport, TransportOptions } from './http.js'
import { isLoopback } from './inputs.js'
import type { TokenClaims } from './jwt.js'
import { buildTokenRequest, secretForms, type AttemptPlan, type TokenRequest } from './request.js'
import type { AuthPlacement, BasicEncoding, CheckSpec } from './spec.js'
import { mapConcurrent } from './pool.js'
import { urlHints } from './providers.js'
import { conclude, nextPlan, planSequence, type AttemptRecord } from './strategy.js'
import { cleanServerText, redact } from './text.js'
import { vendorError } from './vendors.js'

/** One token request as the report shows it (no credentials). */
export interface AttemptSummary {
  /** client_secret_basic, client_secret_post, private_key_jwt, … as RFC 8414 names them. */
  readonly authMethod: string
  readonly placement: AuthPlacement
  readonly basicEncoding: BasicEncoding | null
  readonly trimmed: boolean
  /** The client assertion's aud, for assertion methods. */
  readonly audience: string | null
  readonly httpStatus: number | null
  /** `token`, `rejected` or the finding code that ended the attempt. */
  readonly outcome: string
  /** The server's OAuth error code, if it sent one. */
  readonly error: string | null
  readonly latencyMs: number
  readonly tries: number
}

export interface DiscoverySummary {
  readonly metadataUrl: string
  readonly tokenEndpoint: string
  readonly authMethods: readonly string[] | null
  readonly grantTypes: readonly string[] | null
}

export interface ProbeSummary {
  readonly url: string
  readonly method: string
  readonly httpStatus: number | null
  readonly accepted: boolean
  readonly latencyMs: number
}

/** The `report` output's per-check entry. Holds no secret and no token. */
export interface CheckResult {
  readonly name: string
  readonly status: Status
  readonly verdict: Verdict
  readonly tokenUrl: string
  readonly issuer: string | null
  readonly discovery: DiscoverySummary | null
  /** The client authentication method that obtained a token (or was configured, when none did). */
  readonly authMethod: string
  /** For the secret methods: where the secret went when a token was obtained. */
  readonly placement: AuthPlacement | null
  readonly basicEncoding: BasicEncoding | null
  readonly httpStatus: number | null
  readonly latencyMs: number | null
  readonly attempts: readonly AttemptSummary[]
  readonly expiresIn: number | null
  readonly expiresAt: string | null
  readonly tokenType: string | null
  readonly scope: string | null
  readonly claims: TokenClaims | null
  readonly probe: ProbeSummary | null
  readonly secretExpiresAt: string | null
  readonly secretDaysLeft: number | null
  /** The client certificate's notAfter, for mutual TLS. */
  readonly clientCertNotAfter: string | null
  readonly findings: readonly Finding[]
}

export interface CheckRun {
  readonly result: CheckResult
  /** Kept out of the result so that the report can never carry it. */
  readonly accessToken: string | undefined
}

/** Requests in flight at once while looking for a region (18 Genesys Cloud regions). */
const REGION_CONCURRENCY = 6

export interface CheckDeps {
  readonly transport: Transport
  /** Registers a value with the runner's log masking (core.setSecret). */
  readonly mask: (value: string) => void
  readonly userAgent: string
  readonly now?: () => number
}

export async function runCheck(spec: CheckSpec, deps: CheckDeps): Promise<CheckRun> {
  const secrets = [...secretForms(spec.clientId, spec.clientSecret), ...keyMaterialForms(spec.privateKey), ...keyMaterialForms(spec.clientKey)]
  // Mask before the first request, so no later log line can show any form of the secret.
  for (const s of secrets) deps.mask(s)
  const now = deps.now ?? Date.now
  const transportOptions: TransportOptions = {
    timeoutMs: spec.timeoutMs,
    retries: spec.retries,
    userAgent: deps.userAgent,
    tls: {
      ...(spec.caCert ? { ca: spec.caCert } : {}),
      ...(usesTls(spec) ? { cert: spec.clientCert, key: spec.clientKey } : {})
    }
  }

  const expiry = assessSecretExpiry(spec, now())
  const cert = assessClientCert(spec, now())
  const findings: Finding[] = [...expiry.findings, ...cert.findings, ...spec.presetWarnings.map(w => finding('PROVIDER_RULE', w))]
  const base = { spec, expiry }
  // An expired or not yet valid certificate fails the handshake or the check: say so before sending.
  if (cert.findings.some(f => f.code === 'CLIENT_CERT_EXPIRED')) return finish({ ...base, findings, secrets })

  // 1. Discovery, when an issuer is given.
  let metadata: Metadata | undefined
  let checkSpec = spec
  if (spec.issuer !== '') {
    const discovered = await discover(spec.issuer, deps.transport, transportOptions)
    if (typeof discovered === 'string') {
      findings.push(finding('DISCOVERY_FAILED', `Could not read the metadata of issuer ${spec.issuer}: ${discovered}.`))
    } else {
      metadata = discovered
      if (!grantAdvertised(metadata)) findings.push(grantNotAdvertisedFinding(metadata))
      // RFC 8705 §5: mutual-TLS clients use the mTLS alias of the token endpoint when there is one.
      const discoveredUrl = (usesTls(spec) ? metadata.mtlsTokenEndpoint : null) ?? metadata.tokenEndpoint
      checkSpec = { ...spec, tokenUrl: spec.tokenUrl || discoveredUrl, autoFirst: advertisedPlacement(metadata) }
      if (usesAssertion(spec) && metadata.signingAlgs && !metadata.signingAlgs.includes(spec.signingAlg)) {
        findings.push(
          finding(
            'SIGNING_ALG_NOT_ADVERTISED',
            `signing-alg ${spec.signingAlg} is not in the server's token_endpoint_auth_signing_alg_values_supported (${metadata.signingAlgs.join(', ') || 'empty'}).`
          )
        )
      }
      const insecure = discoveredEndpointProblem(checkSpec)
      if (insecure) return finish({ ...base, spec: checkSpec, metadata, findings: [...findings, insecure], secrets })
    }
    if (checkSpec.tokenUrl === '') return finish({ ...base, findings, secrets })
  }

  // 1b. region: auto: find the region whose login host knows the client.
  if (checkSpec.regionCandidates.length > 0) {
    const region = await detectRegion(checkSpec, deps, secrets)
    if (typeof region === 'string') {
      findings.push(
        finding(
          'INVALID_CLIENT',
          `No region accepted the client credentials (${checkSpec.regionCandidates.length} tried).`,
          `${CODES.INVALID_CLIENT.hint} Per region: ${region}.`
        )
      )
      return finish({ ...base, spec: checkSpec, findings, secrets })
    }
    findings.push(
      finding(
        'REGION_DETECTED',
        `Region ${region.region} (${new URL(region.tokenUrl).host}) accepts this client.`,
        `Set region: ${region.region}, so the check and your application use that login host directly.`
      )
    )
    checkSpec = { ...checkSpec, tokenUrl: region.tokenUrl, regionCandidates: [] }
  }

  // 2. The token exchange.
  const keyAuth = usesAssertion(checkSpec) || usesTls(checkSpec)
  const attempts = keyAuth
    ? await exchangeWithKey(checkSpec, deps, transportOptions, metadata?.issuer ?? null, secrets, now)
    : await exchangeWithSecret(checkSpec, deps, transportOptions, secrets)
  const winner = attempts.at(-1)?.result.kind === 'token' ? attempts.at(-1) : undefined
  const grant = winner?.result.kind === 'token' ? winner.result.grant : undefined
  const concluded = keyAuth
    ? concludeKeyAuth(checkSpec, attempts.map(keyAttempt), attempts.skewS)
    : conclude(checkSpec, attempts).findings
  findings.push(...(grant ? concluded : explainFailure(concluded, attempts, metadata, checkSpec.tokenUrl)))
  if (grant) {
    // A recorded expiry in the past while the server still issues tokens: say which one is wrong.
    const stale = findings.findIndex(f => f.code === 'SECRET_EXPIRED')
    const f = findings[stale]
    if (f) findings[stale] = { ...f, message: `${f.message} The server still issued a token, so the recorded date may be stale: check the secret's real expiry and update secret-expires-at.` }
  }

  // 3. What the token proves, and whether the API takes it.
  let assessment: ReturnType<typeof assessToken> | undefined
  let probe: ProbeSummary | null = null
  if (grant) {
    assessment = assessToken(checkSpec, grant, now())
    findings.push(...assessment.findings)
    if (checkSpec.probe) {
      const p = checkSpec.probe
      const outcome = await deps.transport(
        {
          method: p.method,
          url: p.url,
          headers: { Authorization: `Bearer ${grant.accessToken}`, Accept: 'application/json, */*', 'User-Agent': deps.userAgent },
          body: ''
        },
        transportOptions
      )
      const problem = assessProbe(p, outcome)
      if (problem) findings.push(problem)
      probe = { url: p.url, method: p.method, httpStatus: statusOfOutcome(outcome) ?? null, accepted: !problem, latencyMs: outcome.latencyMs }
    }
  }

  return finish({ ...base, spec: checkSpec, metadata, findings, secrets, attempts, winner, grant, assessment, probe, certNotAfter: cert.notAfter })
}

/** Records that also carry the server's clock offset seen on a rejection (for assertion hints). */
type Attempts = AttemptRecord[] & { skewS?: number }

/** Client secret in the header or the body, trying placements as the strategy says. */
async function exchangeWithSecret(spec: CheckSpec, deps: CheckDeps, options: TransportOptions, secrets: string[]): Promise<Attempts> {
  const attempts: Attempts = []
  for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
    const request = buildTokenRequest(spec, plan, deps.userAgent)
    const outcome = await deps.transport({ method: 'POST', ...request }, options)
    attempts.push(record(plan, outcome, classifyTokenOutcome(outcome, spec.tokenUrl), deps, secrets))
  }
  return attempts
}

/**
 * A client assertion (one per attempt: each is single-use and masked before it is sent) or a
 * client certificate. Assertions are retried with the other plausible `aud` when diagnosing.
 */
async function exchangeWithKey(
  spec: CheckSpec,
  deps: CheckDeps,
  options: TransportOptions,
  issuer: string | null,
  secrets: string[],
  now: () => number
): Promise<Attempts> {
  const attempts: Attempts = []
  const audiences: Array<string | undefined> = usesAssertion(spec) ? assertionAudiences(spec, issuer) : [undefined]
  for (const audience of audiences) {
    const plan = { placement: 'body', basicEncoding: 'form', trimmed: false, ...(audience ? { audience } : {}) } as const
    // The grant parameters (scope, audience, resource, extra-params) without the secret fields.
    const shared = stripClientFields(buildTokenRequest(spec, { placement: 'body', basicEncoding: 'form', trimmed: false }, deps.userAgent))
    let request: TokenRequest
    if (audience !== undefined) {
      const assertion = await signAssertion(spec, audience, Math.floor(now() / 1000))
      deps.mask(assertion)
      secrets.push(assertion)
      request = buildAssertionRequest(spec, assertion, shared)
    } else {
      request = buildTlsRequest(spec, shared)
    }
    const outcome = await deps.transport({ method: 'POST', ...request }, options)
    const result = classifyTokenOutcome(outcome, spec.tokenUrl)
    attempts.push(record(plan, outcome, result, deps, secrets))
    if (result.kind === 'rejected' && outcome.kind === 'response') {
      const date = Date.parse(outcome.headers['date'] ?? '')
      if (!Number.isNaN(date)) attempts.skewS = (date - now()) / 1000
    }
    if (result.kind !== 'rejected') break
  }
  return attempts
}

/** The grant parameters of a request, without client_id / client_secret. */
function stripClientFields(request: TokenRequest): TokenRequest {
  const form = new URLSearchParams(request.body)
  form.delete('client_id')
  form.delete('client_secret')
  return { ...request, body: form.toString() }
}

function record(plan: AttemptPlan, outcome: HttpOutcome, result: AttemptResult, deps: CheckDeps, secrets: string[]): AttemptRecord {
  if (result.kind === 'token') {
    for (const s of [result.grant.accessToken, ...result.grant.otherSecrets]) {
      deps.mask(s)
      secrets.push(s)
    }
  }
  return { plan, result, httpStatus: statusOfOutcome(outcome), latencyMs: outcome.latencyMs, tries: outcome.tries }
}

function keyAttempt(a: AttemptRecord): KeyAttempt {
  const r = a.result
  return {
    audience: a.plan.audience ?? null,
    httpStatus: a.httpStatus,
    result: r.kind === 'rejected' ? { kind: 'rejected', error: r.error?.error } : r.kind === 'failed' ? r : { kind: 'token' }
  }
}

/** One request per region, bounded; the first region (in table order) that issues a token wins. */
async function detectRegion(
  spec: CheckSpec,
  deps: CheckDeps,
  secrets: string[]
): Promise<{ region: string; tokenUrl: string } | string> {
  const plan = planSequence(spec)[0]
  if (!plan) return 'no plan'
  const options: TransportOptions = { timeoutMs: spec.timeoutMs, retries: 0, userAgent: deps.userAgent }
  const results = await mapConcurrent(spec.regionCandidates, REGION_CONCURRENCY, async candidate => {
    const request = buildTokenRequest({ ...spec, tokenUrl: candidate.tokenUrl }, plan, deps.userAgent)
    const outcome = await deps.transport({ method: 'POST', ...request }, options)
    const result = classifyTokenOutcome(outcome, candidate.tokenUrl)
    if (result.kind === 'token') {
      deps.mask(result.grant.accessToken)
      secrets.push(result.grant.accessToken)
    }
    const what = result.kind === 'token' ? 'accepted' : result.kind === 'rejected' ? (result.error?.error ?? 'rejected') : result.finding.code
    return { candidate, accepted: result.kind === 'token', what }
  })
  const winner = results.find(r => r.accepted)
  return winner ? winner.candidate : results.map(r => `${r.candidate.region} ${r.what}`).join(', ')
}

/** GET the metadata: OIDC location first (the most common), then RFC 8414's. */
async function discover(issuer: string, transport: Transport, options: TransportOptions): Promise<Metadata | string> {
  const problems: string[] = []
  for (const url of metadataUrls(issuer)) {
    const outcome = await getFollowingSameOrigin(url, transport, options)
    if (outcome.kind !== 'response' || outcome.status !== 200) {
      const what =
        outcome.kind === 'network' ? `${outcome.failure} (${cleanServerText(outcome.detail, 60)})` : outcome.kind === 'too-large' ? 'larger than 1 MiB' : `HTTP ${outcome.status}`
      problems.push(`${url} → ${what}`)
      continue
    }
    const metadata = readMetadata(parseJsonObject(outcome.body), url)
    if (typeof metadata !== 'string') return metadata
    problems.push(`${url} → ${metadata}`)
  }
  return problems.join('; ')
}

/** Discovery may follow a redirect within the issuer's origin (no credentials are sent), never across. */
async function getFollowingSameOrigin(url: string, transport: Transport, options: TransportOptions): Promise<HttpOutcome> {
  let current = url
  for (let hops = 0; ; hops++) {
    const outcome = await transport({ method: 'GET', url: current, headers: { Accept: 'application/json', 'User-Agent': options.userAgent }, body: '' }, options)
    const location = outcome.kind === 'response' && outcome.status >= 300 && outcome.status < 400 ? outcome.headers['location'] : undefined
    if (!location || hops >= 3 || !URL.canParse(location, current)) return outcome
    const next = new URL(location, current)
    if (next.origin !== new URL(url).origin) return outcome
    current = next.href
  }
}

/** The discovered token endpoint must meet the rules token-url does (RFC 6749 §3.2, https). */
function discoveredEndpointProblem(spec: CheckSpec): Finding | undefined {
  const url = new URL(spec.tokenUrl)
  if (url.username !== '' || url.password !== '' || url.hash !== '') {
    return finding('DISCOVERY_FAILED', `The discovered token endpoint ${url.origin}${url.pathname} carries credentials or a #fragment, which RFC 6749 §3.2 forbids. No token request was sent.`)
  }
  if (url.protocol === 'https:' || isLoopback(url.hostname) || spec.allowInsecureHttp) return undefined
  return finding(
    'INSECURE_URL',
    `The discovered token endpoint ${url.href} uses plain http:// to a remote host: the client secret would cross the network unencrypted. No token request was sent.`
  )
}

/** Failures a provider's error details or the server's metadata can explain better. */
const OAUTH_FAILURES: ReadonlySet<string> = new Set([
  'INVALID_CLIENT',
  'UNAUTHORIZED_CLIENT',
  'UNSUPPORTED_GRANT_TYPE',
  'INVALID_REQUEST',
  'OAUTH_ERROR',
  'INVALID_SCOPE'
])

/**
 * Sharpens a failed exchange with what the provider's error details (vendors.ts), a hand-written
 * URL's classic mistakes (providers.ts) and the metadata's grant list tell.
 */
function explainFailure(
  findings: readonly Finding[],
  attempts: readonly AttemptRecord[],
  metadata: Metadata | undefined,
  tokenUrl: string
): Finding[] {
  const errors = attempts.map(a => oauthErrorOf(a)).filter((e): e is OAuthError => e !== undefined)
  const vendor = errors.map(e => vendorError(e.errorCodes)).find(v => v !== undefined)
  const grantMissing = metadata !== undefined && !grantAdvertised(metadata)
  return findings.map(f => {
    if (f.severity !== 'error') return f
    const oauthFailure = OAUTH_FAILURES.has(f.code)
    let out = f
    if (vendor && oauthFailure) {
      // Keep the list of attempts that INVALID_CLIENT's hint ends with.
      const tried = /Tried: .*$/.exec(f.hint)?.[0]
      out = finding(vendor.code, `${vendor.message} ${f.message}`, tried ? `${vendor.hint} ${tried}` : vendor.hint)
    }
    const urlHint = urlHints(tokenUrl, out.code)
    if (urlHint.length > 0) out = { ...out, hint: `${urlHint.join(' ')} ${out.hint}` }
    if (grantMissing && oauthFailure) {
      out = {
        ...out,
        hint: `The server's metadata does not list client_credentials among its grants: this platform probably does not offer the grant at all, so no secret will fix this. ${out.hint}`
      }
    }
    return out
  })
}

function oauthErrorOf(a: AttemptRecord): OAuthError | undefined {
  return a.result.kind === 'rejected' ? a.result.error : a.result.kind === 'failed' ? a.result.error : undefined
}

function statusOfOutcome(outcome: HttpOutcome): number | undefined {
  return outcome.kind === 'network' ? undefined : outcome.status
}

interface Parts {
  readonly spec: CheckSpec
  readonly expiry: { readonly daysLeft: number | null }
  readonly findings: readonly Finding[]
  readonly secrets: readonly string[]
  readonly metadata?: Metadata | undefined
  readonly attempts?: readonly AttemptRecord[]
  readonly winner?: AttemptRecord | undefined
  readonly grant?: TokenGrant | undefined
  readonly assessment?: ReturnType<typeof assessToken> | undefined
  readonly probe?: ProbeSummary | null
  readonly certNotAfter?: string | null
}

/** Assembles the report entry; every server-influenced string is redacted of secret forms here. */
function finish(p: Parts): CheckRun {
  const scrub = (s: string): string => redact(s, p.secrets)
  const findings = p.findings.map(f => ({ ...f, message: scrub(f.message), hint: scrub(f.hint) }))
  const attempts = p.attempts ?? []
  const reported = p.winner ?? attempts.at(-1)
  const claims = p.assessment?.claims ?? null
  return {
    accessToken: p.grant?.accessToken,
    result: {
      name: p.spec.name,
      status: statusOf(findings),
      verdict: verdictOf(findings, p.grant !== undefined),
      tokenUrl: p.spec.tokenUrl,
      issuer: p.spec.issuer || null,
      discovery: p.metadata
        ? { metadataUrl: p.metadata.url, tokenEndpoint: p.metadata.tokenEndpoint, authMethods: p.metadata.authMethods, grantTypes: p.metadata.grantTypes }
        : null,
      authMethod: authMethodName(p.spec, p.winner?.plan),
      placement: p.spec.authMethod === 'secret' ? (p.winner?.plan.placement ?? null) : null,
      basicEncoding: p.spec.authMethod === 'secret' && p.winner?.plan.placement === 'header' ? p.winner.plan.basicEncoding : null,
      httpStatus: reported?.httpStatus ?? null,
      latencyMs: reported?.latencyMs ?? null,
      attempts: attempts.map(a => summarizeAttempt(p.spec, a, p.secrets)),
      expiresIn: p.assessment?.expiresIn ?? null,
      expiresAt: p.assessment?.expiresAt ?? null,
      tokenType: p.grant?.tokenType !== undefined ? scrub(cleanServerText(p.grant.tokenType, 40)) : null,
      scope: p.grant?.scope !== undefined ? scrub(cleanServerText(p.grant.scope, 1000)) : null,
      claims: claims && {
        iss: claims.iss && scrub(cleanServerText(claims.iss, 200)),
        aud: claims.aud.map(a => scrub(cleanServerText(a, 200))),
        exp: claims.exp,
        iat: claims.iat,
        clientId: claims.clientId && scrub(cleanServerText(claims.clientId, 200)),
        scopes: claims.scopes && claims.scopes.map(s => scrub(cleanServerText(s, 200)))
      },
      probe: p.probe ?? null,
      secretExpiresAt: p.spec.secretExpiresAt === null ? null : new Date(p.spec.secretExpiresAt).toISOString(),
      secretDaysLeft: p.expiry.daysLeft,
      clientCertNotAfter: p.certNotAfter ?? null,
      findings
    }
  }
}

/** RFC 8414 names: what the plan sent, or the configured method when there is no plan. */
function authMethodName(spec: CheckSpec, plan: AttemptPlan | undefined): string {
  if (spec.authMethod !== 'secret') return spec.authMethod
  const placement = plan?.placement ?? (spec.placement === 'auto' ? spec.autoFirst : spec.placement)
  return placement === 'header' ? 'client_secret_basic' : 'client_secret_post'
}

function summarizeAttempt(spec: CheckSpec, a: AttemptRecord, secrets: readonly string[]): AttemptSummary {
  const r = a.result
  const error = oauthErrorOf(a)
  return {
    authMethod: authMethodName(spec, a.plan),
    placement: a.plan.placement,
    basicEncoding: spec.authMethod === 'secret' && a.plan.placement === 'header' ? a.plan.basicEncoding : null,
    trimmed: a.plan.trimmed,
    audience: a.plan.audience ?? null,
    httpStatus: a.httpStatus ?? null,
    outcome: r.kind === 'failed' ? r.finding.code : r.kind,
    error: error ? redact(error.error, secrets) : null,
    latencyMs: a.latencyMs,
    tries: a.tries
  }
}

/** The result for a check whose inputs were rejected before any request. */
export function inputErrorResult(name: string, tokenUrl: string, findings: readonly Finding[]): CheckResult {
  return {
    name,
    status: statusOf(findings),
    verdict: verdictOf(findings, false),
    tokenUrl,
    issuer: null,
    discovery: null,
    authMethod: '',
    placement: null,
    basicEncoding: null,
    httpStatus: null,
    latencyMs: null,
    attempts: [],
    expiresIn: null,
    expiresAt: null,
    tokenType: null,
    scope: null,
    claims: null,
    probe: null,
    secretExpiresAt: null,
    secretDaysLeft: null,
    clientCertNotAfter: null,
    findings
  }
}
