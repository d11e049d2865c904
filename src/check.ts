// Runs one check: mask, discover (optional), exchange (trying placements as the strategy says),
// assess the token, probe the API (optional), conclude. The network, the masking and the clock
// are passed in, so this runs the same in the Action, in tests and in the demo.

import { assessProbe, assessSecretExpiry, assessToken, type TokenAssessment } from './assertions.js'
import { classifyTokenOutcome, parseJsonObject, type AttemptResult, type HttpOutcome, type OAuthError, type TokenGrant } from './classify.js'
import {
  assertionAudiences,
  assessClientCert,
  buildAssertionRequest,
  buildTlsRequest,
  concludeKeyAuth,
  describeKeyAttempts,
  keyMaterialForms,
  signAssertion,
  usesAssertion,
  usesTls,
  type KeyAttempt
} from './client-auth.js'
import { advertisedPlacement, grantAdvertised, grantNotAdvertisedFinding, metadataUrls, readMetadata, type Metadata } from './discovery.js'
import { CODES, finding, inGroup, statusOf, verdictOf, type Finding, type Status, type Verdict } from './findings.js'
import type { HttpRequest, Transport, TransportOptions } from './http.js'
import { isLoopback } from './inputs.js'
import type { TokenClaims } from './jwt.js'
import { buildTokenRequest, secretForms, type AttemptPlan, type TokenRequest } from './request.js'
import type { AuthPlacement, BasicEncoding, CheckSpec, ProbeSpec } from './spec.js'
import { mapConcurrent } from './pool.js'
import { urlHints } from './providers.js'
import { conclude, describeAttempts, nextPlan, planSequence, type AttemptRecord } from './strategy.js'
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

/**
 * What the steps of one check share: the network with the check's options, the clock, and every
 * secret known so far. Each answer is redacted of those secrets before anything reads it, so no
 * later cleaning or truncation can cut a secret into an unrecognisable piece.
 */
class Session {
  private readonly secrets: string[] = []

  constructor(
    readonly deps: CheckDeps,
    readonly options: TransportOptions
  ) {}

  /** Masks a credential (a secret form, an assertion, a token) and redacts it from then on. */
  secret(value: string): void {
    if (value === '' || this.secrets.includes(value)) return
    this.deps.mask(value)
    this.secrets.push(value)
  }

  async send(request: HttpRequest, options: TransportOptions = this.options): Promise<HttpOutcome> {
    return scrubOutcome(await this.deps.transport(request, options), this.secrets)
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }

  known(): readonly string[] {
    return this.secrets
  }

  now(): number {
    return (this.deps.now ?? Date.now)()
  }
}

function scrubOutcome(outcome: HttpOutcome, secrets: readonly string[]): HttpOutcome {
  if (outcome.kind === 'network') return outcome
  const headers = Object.fromEntries(Object.entries(outcome.headers).map(([k, v]) => [k, redact(v, secrets)]))
  return outcome.kind === 'response' ? { ...outcome, headers, body: redact(outcome.body, secrets) } : { ...outcome, headers }
}

export async function runCheck(spec: CheckSpec, deps: CheckDeps): Promise<CheckRun> {
  const session = new Session(deps, {
    timeoutMs: spec.timeoutMs,
    retries: spec.retries,
    userAgent: deps.userAgent,
    tls: {
      ...(spec.caCert ? { ca: spec.caCert } : {}),
      ...(usesTls(spec) ? { cert: spec.clientCert, key: spec.clientKey } : {})
    }
  })
  // Mask before the first request, so no later log line can show any form of the secret.
  for (const s of [...secretForms(spec.clientId, spec.clientSecret), ...keyMaterialForms(spec.privateKey), ...keyMaterialForms(spec.clientKey)]) {
    session.secret(s)
  }

  const expiry = assessSecretExpiry(spec, session.now())
  const cert = assessClientCert(spec, session.now())
  const findings: Finding[] = [...expiry.findings, ...cert.findings, ...spec.presetWarnings.map(w => finding('PROVIDER_RULE', w))]
  const done = (parts: Omit<Parts, 'expiry' | 'secrets' | 'certNotAfter'>): CheckRun =>
    finish({ ...parts, expiry, certNotAfter: cert.notAfter, secrets: session.known() })
  // An expired or not yet valid certificate fails the handshake or the check: say so before sending.
  if (cert.findings.some(f => f.code === 'CLIENT_CERT_EXPIRED')) return done({ spec, findings })

  // 1. Where to send the token request: discovery, then region detection.
  const located = await locate(spec, session)
  findings.push(...located.findings)
  const checkSpec = located.spec
  const metadata = located.metadata
  if (located.stop) return done({ spec: checkSpec, metadata, findings })

  // 2. The token exchange.
  const keyAuth = usesAssertion(checkSpec) || usesTls(checkSpec)
  const exchange = keyAuth ? await exchangeWithKey(checkSpec, session, metadata?.issuer ?? null) : await exchangeWithSecret(checkSpec, session)
  const { attempts } = exchange
  const winner = attempts.at(-1)?.result.kind === 'token' ? attempts.at(-1) : undefined
  const grant = winner?.result.kind === 'token' ? winner.result.grant : undefined
  const keyAttempts = attempts.map(keyAttempt)
  const concluded = keyAuth ? concludeKeyAuth(checkSpec, keyAttempts, exchange.skewS) : conclude(checkSpec, attempts).findings
  const tried = keyAuth ? describeKeyAttempts(checkSpec, keyAttempts) : describeAttempts(attempts)
  findings.push(...(grant ? concluded : explainFailure(concluded, { attempts, tried, metadata, tokenUrl: checkSpec.tokenUrl })))
  if (grant) markStaleExpiry(findings)

  // 3. What the token proves, and whether the API takes it.
  if (!grant) return done({ spec: checkSpec, metadata, findings, attempts, winner })
  const assessment = assessToken(checkSpec, grant, session.now())
  findings.push(...assessment.findings)
  const probe = checkSpec.probe ? await runProbe(checkSpec.probe, grant, assessment, session) : undefined
  if (probe?.problem) findings.push(probe.problem)
  return done({ spec: checkSpec, metadata, findings, attempts, winner, grant, assessment, probe: probe?.summary ?? null })
}

/** A recorded expiry in the past while the server still issues tokens: the date is what is wrong. */
function markStaleExpiry(findings: Finding[]): void {
  const index = findings.findIndex(f => f.code === 'SECRET_EXPIRED')
  const f = findings[index]
  if (!f) return
  findings[index] = {
    ...f,
    message: `${f.message} The server still issued a token, so the recorded date is probably stale.`,
    hint: 'Check when the secret really expires (in the provider\'s admin UI) and update secret-expires-at; rotate the secret if it is indeed past its date.'
  }
}

interface Located {
  readonly spec: CheckSpec
  readonly metadata: Metadata | undefined
  readonly findings: readonly Finding[]
  /** Nowhere to send the token request (or somewhere it must not go). */
  readonly stop: boolean
}

/** Discovery (with `issuer`) and region detection (with `region: auto`) settle the token URL. */
async function locate(spec: CheckSpec, session: Session): Promise<Located> {
  const findings: Finding[] = []
  let checkSpec = spec
  let metadata: Metadata | undefined
  if (spec.issuer !== '') {
    const discovered = await discover(spec.issuer, session)
    if (typeof discovered === 'string') {
      const fallback = spec.tokenUrl === '' ? '' : ` The check went on with token-url.`
      findings.push(
        finding(
          'DISCOVERY_FAILED',
          `Could not use the metadata of issuer ${spec.issuer}: ${discovered}.${fallback}`,
          spec.tokenUrl === '' ? undefined : 'Fix the issuer URL, or remove the issuer input: token-url alone is enough.'
        )
      )
      if (spec.tokenUrl === '') return { spec, metadata, findings, stop: true }
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
            `signing-alg ${spec.signingAlg} is not in the server's token_endpoint_auth_signing_alg_values_supported (${cleanServerText(metadata.signingAlgs.join(', '), 200) || 'empty'}).`
          )
        )
      }
      const problem = discoveredEndpointProblem(checkSpec)
      if (problem) return { spec: checkSpec, metadata, findings: [...findings, problem], stop: true }
    }
  }
  if (checkSpec.regionCandidates.length === 0) return { spec: checkSpec, metadata, findings, stop: false }

  const region = await detectRegion(checkSpec, session)
  findings.push(region.finding)
  return region.tokenUrl === undefined
    ? { spec: checkSpec, metadata, findings, stop: true }
    : { spec: { ...checkSpec, tokenUrl: region.tokenUrl, regionCandidates: [] }, metadata, findings, stop: false }
}

async function runProbe(
  probe: ProbeSpec,
  grant: TokenGrant,
  assessment: TokenAssessment,
  session: Session
): Promise<{ problem: Finding | undefined; summary: ProbeSummary }> {
  const outcome = await session.send({
    method: probe.method,
    url: probe.url,
    headers: { Authorization: `Bearer ${grant.accessToken}`, Accept: 'application/json, */*', 'User-Agent': session.deps.userAgent },
    body: ''
  })
  const problem = assessProbe(probe, outcome, {
    scope: grant.scope ?? assessment.claims?.scopes?.join(' ') ?? null,
    aud: assessment.claims?.aud ?? null
  })
  return {
    problem,
    summary: { url: probe.url, method: probe.method, httpStatus: statusOfOutcome(outcome) ?? null, accepted: !problem, latencyMs: outcome.latencyMs }
  }
}

interface Exchange {
  readonly attempts: readonly AttemptRecord[]
  /** The server's clock minus ours, from the Date header of a rejection (assertion hints). */
  readonly skewS?: number
}

/** Client secret in the header or the body, trying placements as the strategy says. */
async function exchangeWithSecret(spec: CheckSpec, session: Session): Promise<Exchange> {
  const attempts: AttemptRecord[] = []
  for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
    const outcome = await session.send({ method: 'POST', ...buildTokenRequest(spec, plan, session.deps.userAgent) })
    attempts.push(record(plan, outcome, classifyTokenOutcome(outcome, spec.tokenUrl), session))
  }
  return { attempts }
}

/**
 * A client assertion (one per attempt: each is single-use and masked before it is sent) or a
 * client certificate. Assertions are retried with the other plausible `aud` when diagnosing.
 */
async function exchangeWithKey(spec: CheckSpec, session: Session, issuer: string | null): Promise<Exchange> {
  const attempts: AttemptRecord[] = []
  let skewS: number | undefined
  const grantParams = grantRequest(spec, session.deps.userAgent)
  const audiences: Array<string | undefined> = usesAssertion(spec) ? assertionAudiences(spec, issuer) : [undefined]
  for (const audience of audiences) {
    let request: TokenRequest
    if (audience === undefined) {
      request = buildTlsRequest(spec, grantParams)
    } else {
      const assertion = await signAssertion(spec, audience, Math.floor(session.now() / 1000))
      session.secret(assertion)
      request = buildAssertionRequest(spec, assertion, grantParams)
    }
    const outcome = await session.send({ method: 'POST', ...request })
    const result = classifyTokenOutcome(outcome, spec.tokenUrl)
    const plan: AttemptPlan = { placement: 'body', basicEncoding: 'form', trimmed: false, ...(audience ? { audience } : {}) }
    attempts.push(record(plan, outcome, result, session))
    if (result.kind === 'rejected' && outcome.kind === 'response') {
      const date = Date.parse(outcome.headers['date'] ?? '')
      if (!Number.isNaN(date)) skewS = (date - session.now()) / 1000
    }
    if (result.kind !== 'rejected') break
  }
  return skewS === undefined ? { attempts } : { attempts, skewS }
}

/** The grant parameters (scope, audience, resource, extra-params) without any client credentials. */
function grantRequest(spec: CheckSpec, userAgent: string): TokenRequest {
  const request = buildTokenRequest(spec, { placement: 'body', basicEncoding: 'form', trimmed: false }, userAgent)
  const form = new URLSearchParams(request.body)
  form.delete('client_id')
  form.delete('client_secret')
  return { ...request, body: form.toString() }
}

/** Masks what a token response carries (access, refresh and id tokens) the moment it is read. */
function keepTokens(result: AttemptResult, session: Session): void {
  if (result.kind === 'token') for (const s of [result.grant.accessToken, ...result.grant.otherSecrets]) session.secret(s)
}

function record(plan: AttemptPlan, outcome: HttpOutcome, result: AttemptResult, session: Session): AttemptRecord {
  keepTokens(result, session)
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

/**
 * One request per region, bounded; the first region (in table order) that issues a token wins.
 * INVALID_CLIENT only when every region answered and rejected the client: a region that could not
 * be reached proves nothing about the credentials.
 */
async function detectRegion(spec: CheckSpec, session: Session): Promise<{ finding: Finding; tokenUrl?: string }> {
  const plan = planSequence(spec)[0]
  if (!plan) throw new Error('a check always has a first plan')
  const results = await mapConcurrent(spec.regionCandidates, REGION_CONCURRENCY, async candidate => {
    const outcome = await session.send({ method: 'POST', ...buildTokenRequest({ ...spec, tokenUrl: candidate.tokenUrl }, plan, session.deps.userAgent) })
    const result = classifyTokenOutcome(outcome, candidate.tokenUrl)
    keepTokens(result, session)
    return { candidate, result }
  })
  const winner = results.find(r => r.result.kind === 'token')
  if (winner) {
    const { region, tokenUrl } = winner.candidate
    return {
      tokenUrl,
      finding: finding(
        'REGION_DETECTED',
        `Region ${region} (${new URL(tokenUrl).host}) accepts this client.`,
        `Set region: ${region}, so the check and your application use that login host directly.`
      )
    }
  }
  const perRegion = results
    .map(r => `${r.candidate.region} ${r.result.kind === 'rejected' ? (r.result.error?.error ?? 'rejected') : r.result.kind === 'failed' ? r.result.finding.code : 'token'}`)
    .join(', ')
  const unreachable = results.find(r => r.result.kind === 'failed')
  if (unreachable?.result.kind === 'failed') {
    const f = unreachable.result.finding
    return {
      finding: finding(
        f.code,
        `No region accepted the client, and ${results.filter(r => r.result.kind === 'failed').length} of ${results.length} could not be asked (first: ${unreachable.candidate.region}: ${f.message})`.replace(/\.?\)$/, ').'),
        `${f.hint} Per region: ${perRegion}.`
      )
    }
  }
  return {
    finding: finding(
      'INVALID_CLIENT',
      `Every region (${results.length}) rejected the client ${spec.clientId.trim()}.`,
      `${CODES.INVALID_CLIENT.hint} Per region: ${perRegion}.`
    )
  }
}

/**
 * GET the metadata: OIDC location first (the most common), then RFC 8414's. The document's issuer
 * must be on the issuer's origin (OpenID Connect Discovery §4.3, RFC 8414 §3.3): otherwise a typo
 * or a hijacked document could send the secret to another host. The path may differ (Entra ID
 * names the tenant by its ID where the input may use a domain).
 */
async function discover(issuer: string, session: Session): Promise<Metadata | string> {
  const problems: string[] = []
  for (const url of metadataUrls(issuer)) {
    const outcome = await getFollowingSameOrigin(url, session)
    if (outcome.kind !== 'response' || outcome.status !== 200) {
      const what =
        outcome.kind === 'network' ? `${outcome.failure} (${cleanServerText(outcome.detail, 60)})` : outcome.kind === 'too-large' ? 'larger than 1 MiB' : `HTTP ${outcome.status}`
      problems.push(`${url} → ${what}`)
      continue
    }
    const metadata = readMetadata(parseJsonObject(outcome.body), url)
    if (typeof metadata === 'string') {
      problems.push(`${url} → ${metadata}`)
      continue
    }
    const claimed = metadata.issuer !== null && URL.canParse(metadata.issuer) ? new URL(metadata.issuer).origin : null
    if (claimed !== new URL(issuer).origin) {
      return `${url} names issuer ${cleanServerText(metadata.issuer ?? '(none)', 120)}, not one on ${new URL(issuer).origin}; no token request was sent`
    }
    return metadata
  }
  return problems.join('; ')
}

/** Discovery may follow a redirect within the issuer's origin (no credentials are sent), never across. */
async function getFollowingSameOrigin(url: string, session: Session): Promise<HttpOutcome> {
  let current = url
  for (let hops = 0; ; hops++) {
    const outcome = await session.send({ method: 'GET', url: current, headers: { Accept: 'application/json', 'User-Agent': session.deps.userAgent }, body: '' })
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

/**
 * Sharpens a failed exchange with what the provider's error details (vendors.ts), a hand-written
 * URL's classic mistakes (providers.ts) and the metadata's grant list tell.
 */
function explainFailure(
  findings: readonly Finding[],
  context: { attempts: readonly AttemptRecord[]; tried: string; metadata: Metadata | undefined; tokenUrl: string }
): Finding[] {
  const errors = context.attempts.map(a => oauthErrorOf(a)).filter((e): e is OAuthError => e !== undefined)
  const vendor = errors.map(e => vendorError(e.errorCodes)).find(v => v !== undefined)
  const grantMissing = context.metadata !== undefined && !grantAdvertised(context.metadata)
  return findings.map(f => {
    if (f.severity !== 'error') return f
    const oauthFailure = inGroup(f.code, 'oauth')
    let out = f
    if (vendor && oauthFailure) {
      // The vendor's sharper diagnosis replaces the generic one; the server's own words stay in the message.
      const tried = context.attempts.length > 1 ? ` Tried: ${context.tried}.` : ''
      out = finding(vendor.code, `${vendor.message} ${f.message}`, `${vendor.hint}${tried}`)
    }
    const urlHint = urlHints(context.tokenUrl, out.code)
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
