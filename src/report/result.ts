// One check's entry in the report (the `report` output and report file), assembled from what the
// check found. Holds no secret and no token: every server-influenced string is redacted here.

import type { TokenAssessment } from '../assess/token.js'
import type { TokenClaims } from '../assess/jwt.js'
import { clientAuthFor } from '../client-auth/method.js'
import type { AttemptRecord } from '../client-auth/types.js'
import type { TokenGrant } from '../exchange/classify.js'
import type { Metadata } from '../endpoint/discovery.js'
import { statusOf, verdictOf, type Finding, type Status, type Verdict } from '../findings/codes.js'
import { oauthErrorOf } from '../findings/enrich.js'
import { issuerOf, type AuthPlacement, type BasicEncoding, type CheckSpec } from '../spec.js'
import { cleanServerText, redact } from '../text.js'

/** One token request as the report shows it (no credentials). */
export interface AttemptSummary {
  /** client_secret_basic, client_secret_post, private_key_jwt, … as RFC 8414 names them. */
  readonly authMethod: string
  /** Where the secret went; null for methods without a shared secret in header or body. */
  readonly placement: AuthPlacement | null
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
  /** The tenant's API host found after the token (provider: nice-cxone), or null. */
  readonly apiEndpoint: string | null
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

/** Everything a check may have found by the time it stops; only the name and findings are always there. */
export interface ResultParts {
  readonly name: string
  readonly tokenUrl: string
  readonly findings: readonly Finding[]
  readonly spec?: CheckSpec
  readonly secrets?: readonly string[]
  readonly secretDaysLeft?: number | null
  readonly certNotAfter?: string | null
  readonly metadata?: Metadata | undefined
  readonly attempts?: readonly AttemptRecord[]
  readonly winner?: AttemptRecord | undefined
  readonly grant?: TokenGrant | undefined
  readonly assessment?: TokenAssessment | undefined
  readonly probe?: ProbeSummary | null
  readonly apiEndpoint?: string | null
}

/** Assembles the report entry; every server-influenced string is redacted of secret forms here. */
export function buildResult(p: ResultParts): CheckRun {
  const secrets = p.secrets ?? []
  const scrub = (s: string): string => redact(s, secrets)
  const findings = p.findings.map(f => ({ ...f, message: scrub(f.message), hint: scrub(f.hint) }))
  const attempts = p.attempts ?? []
  const reported = p.winner ?? attempts.at(-1)
  const claims = p.assessment?.claims ?? null
  const spec = p.spec
  const method = spec ? clientAuthFor(spec) : undefined
  const winnerPlan = p.winner?.plan.family === 'client_secret' ? p.winner.plan : undefined
  return {
    accessToken: p.grant?.accessToken,
    result: {
      name: p.name,
      status: statusOf(findings),
      verdict: verdictOf(findings, p.grant !== undefined),
      tokenUrl: p.tokenUrl,
      issuer: spec ? issuerOf(spec) : null,
      discovery: p.metadata
        ? { metadataUrl: p.metadata.url, tokenEndpoint: p.metadata.tokenEndpoint, authMethods: p.metadata.authMethods, grantTypes: p.metadata.grantTypes }
        : null,
      authMethod: spec && method ? method.methodName(spec, p.winner?.plan) : '',
      placement: winnerPlan?.placement ?? null,
      basicEncoding: winnerPlan?.placement === 'header' ? winnerPlan.basicEncoding : null,
      httpStatus: reported?.httpStatus ?? null,
      latencyMs: reported?.latencyMs ?? null,
      attempts: spec ? attempts.map(a => summarizeAttempt(spec, a, secrets)) : [],
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
      apiEndpoint: p.apiEndpoint ? scrub(cleanServerText(p.apiEndpoint, 300)) : null,
      secretExpiresAt: spec === undefined || spec.secretExpiresAt === null ? null : new Date(spec.secretExpiresAt).toISOString(),
      secretDaysLeft: p.secretDaysLeft ?? null,
      clientCertNotAfter: p.certNotAfter ?? null,
      findings
    }
  }
}

/** The result for a check whose inputs were rejected before any request. */
export function inputErrorResult(name: string, tokenUrl: string, findings: readonly Finding[]): CheckResult {
  return buildResult({ name, tokenUrl, findings }).result
}

function summarizeAttempt(spec: CheckSpec, a: AttemptRecord, secrets: readonly string[]): AttemptSummary {
  const r = a.result
  const error = oauthErrorOf(a)
  const plan = a.plan
  return {
    authMethod: clientAuthFor(spec).methodName(spec, plan),
    placement: plan.family === 'client_secret' ? plan.placement : null,
    basicEncoding: plan.family === 'client_secret' && plan.placement === 'header' ? plan.basicEncoding : null,
    trimmed: plan.family === 'client_secret' ? plan.trimmed : false,
    audience: 'audience' in plan ? plan.audience : null,
    httpStatus: a.httpStatus ?? null,
    outcome: r.kind === 'failed' ? r.finding.code : r.kind,
    error: error ? redact(error.error, secrets) : null,
    latencyMs: a.latencyMs,
    tries: a.tries
  }
}
