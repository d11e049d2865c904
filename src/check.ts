// Runs one check: mask, exchange (trying placements as the strategy says), conclude. The network
// and the masking are passed in, so this runs the same in the Action, in tests and in the demo.

import { classifyTokenOutcome, type HttpOutcome } from './classify.js'
import { statusOf, verdictOf, type Finding, type Status, type Verdict } from './findings.js'
import type { Transport } from './http.js'
import { buildTokenRequest, secretForms } from './request.js'
import type { AuthPlacement, BasicEncoding, CheckSpec } from './spec.js'
import { conclude, nextPlan, type AttemptRecord } from './strategy.js'
import { redact } from './text.js'

/** One token request as the report shows it (no credentials). */
export interface AttemptSummary {
  readonly placement: AuthPlacement
  readonly basicEncoding: BasicEncoding | null
  readonly trimmed: boolean
  readonly httpStatus: number | null
  /** `token`, `rejected` or the finding code that ended the attempt. */
  readonly outcome: string
  /** The server's OAuth error code, if it sent one. */
  readonly error: string | null
  readonly latencyMs: number
  readonly tries: number
}

/** The `report` output's per-check entry. Holds no secret and no token. */
export interface CheckResult {
  readonly name: string
  readonly status: Status
  readonly verdict: Verdict
  readonly tokenUrl: string
  readonly placement: AuthPlacement | null
  readonly basicEncoding: BasicEncoding | null
  readonly httpStatus: number | null
  readonly latencyMs: number | null
  readonly attempts: readonly AttemptSummary[]
  readonly expiresIn: number | null
  readonly tokenType: string | null
  readonly scope: string | null
  readonly findings: readonly Finding[]
}

export interface CheckRun {
  readonly result: CheckResult
  /** Kept out of the result so that the report can never carry it. */
  readonly accessToken: string | undefined
}

export interface CheckDeps {
  readonly transport: Transport
  /** Registers a value with the runner's log masking (core.setSecret). */
  readonly mask: (value: string) => void
  readonly userAgent: string
}

export async function runCheck(spec: CheckSpec, deps: CheckDeps): Promise<CheckRun> {
  const secrets = secretForms(spec.clientId, spec.clientSecret)
  // Mask before the first request, so no later log line can show any form of the secret.
  for (const s of secrets) deps.mask(s)

  const attempts: AttemptRecord[] = []
  for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
    const request = buildTokenRequest(spec, plan, deps.userAgent)
    const outcome = await deps.transport(
      { method: 'POST', ...request },
      { timeoutMs: spec.timeoutMs, retries: spec.retries, userAgent: deps.userAgent }
    )
    const result = classifyTokenOutcome(outcome, spec.tokenUrl)
    if (result.kind === 'token') {
      for (const s of [result.grant.accessToken, ...result.grant.otherSecrets]) {
        deps.mask(s)
        secrets.push(s)
      }
    }
    attempts.push({ plan, result, httpStatus: statusOfOutcome(outcome), latencyMs: outcome.latencyMs, tries: outcome.tries })
  }

  const { findings, winner } = conclude(spec, attempts)
  const clean = findings.map(f => ({ ...f, message: redact(f.message, secrets), hint: redact(f.hint, secrets) }))
  const grant = winner?.result.kind === 'token' ? winner.result.grant : undefined
  const reported = winner ?? attempts.at(-1)
  return {
    accessToken: grant?.accessToken,
    result: {
      name: spec.name,
      status: statusOf(clean),
      verdict: verdictOf(clean, grant !== undefined),
      tokenUrl: spec.tokenUrl,
      placement: winner?.plan.placement ?? null,
      basicEncoding: winner?.plan.placement === 'header' ? winner.plan.basicEncoding : null,
      httpStatus: reported?.httpStatus ?? null,
      latencyMs: reported?.latencyMs ?? null,
      attempts: attempts.map(a => summarizeAttempt(a, secrets)),
      expiresIn: grant?.expiresIn ?? null,
      tokenType: grant?.tokenType !== undefined ? redact(grant.tokenType, secrets) : null,
      scope: grant?.scope !== undefined ? redact(grant.scope, secrets) : null,
      findings: clean
    }
  }
}

function statusOfOutcome(outcome: HttpOutcome): number | undefined {
  return outcome.kind === 'network' ? undefined : outcome.status
}

function summarizeAttempt(a: AttemptRecord, secrets: readonly string[]): AttemptSummary {
  const r = a.result
  return {
    placement: a.plan.placement,
    basicEncoding: a.plan.placement === 'header' ? a.plan.basicEncoding : null,
    trimmed: a.plan.trimmed,
    httpStatus: a.httpStatus ?? null,
    outcome: r.kind === 'failed' ? r.finding.code : r.kind,
    error: r.kind === 'rejected' && r.error ? redact(r.error.error, secrets) : null,
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
    placement: null,
    basicEncoding: null,
    httpStatus: null,
    latencyMs: null,
    attempts: [],
    expiresIn: null,
    tokenType: null,
    scope: null,
    findings
  }
}
