// The token exchange: one attempt loop for every client authentication method. The method says
// what to try next and what the attempts prove; the grant says what is asked for.

import { clientAuthFor } from '../client-auth/method.js'
import type { AttemptPlan, AttemptRecord, AuthContext } from '../client-auth/types.js'
import { finding, type Finding } from '../findings/codes.js'
import { grantFor, grantRequest } from '../grant/index.js'
import { statusOfOutcome, type HttpOutcome } from '../net/outcome.js'
import type { CheckSpec } from '../spec.js'
import { classifyTokenOutcome, tokenFieldValues, type AttemptResult } from './classify.js'
import { formBody } from './request.js'
import type { Session } from './session.js'

export interface Exchange {
  readonly attempts: readonly AttemptRecord[]
  /** What the attempts prove about the client authentication. */
  readonly findings: readonly Finding[]
  /** `… → HTTP 401 invalid_client; …`, for hints. */
  readonly tried: string
}

export function authContext(session: Session, tokenUrl: string, issuer: string | null): AuthContext {
  return { tokenUrl, issuer, nowS: () => Math.floor(session.now() / 1000), secret: v => session.secret(v) }
}

/** Sends one authenticated token request for a plan to `ctx.tokenUrl` and records what came of it. */
export async function attempt(spec: CheckSpec, plan: AttemptPlan, ctx: AuthContext, session: Session): Promise<AttemptRecord> {
  // A trimmed plan (a whitespace diagnosis) trims the grant's credentials along with the client's.
  const trimmed = plan.family === 'client_secret' && plan.trimmed
  const request = await clientAuthFor(spec).authenticate(spec, plan, grantRequest(spec, ctx.tokenUrl, session.userAgent, trimmed), ctx)
  const outcome = await session.send({ method: 'POST', url: request.url, headers: request.headers, body: formBody(request) })
  // Token-shaped fields are secrets the moment they are seen, whatever the status or the encoding.
  if (outcome.kind === 'response') for (const value of tokenFieldValues(outcome.body)) session.secret(value)
  return record(plan, outcome, judgedByGrant(spec, classifyTokenOutcome(outcome, ctx.tokenUrl)), session)
}

/**
 * Two credentials, two verdicts: an error that the grant says refuses its own credentials (the
 * password grant's invalid_grant) is the user's fault, never the client secret's. It stays a
 * `failed` result, so no placement search moves on: the client was not what the server refused.
 */
export function judgedByGrant(spec: CheckSpec, result: AttemptResult): AttemptResult {
  if (result.kind !== 'failed' || !result.error || !grantFor(spec).rejectsUser(result.error.error)) return result
  const inputs = grantFor(spec)
    .credentials(spec)
    .map(c => c.input)
    .join(' and ')
  return {
    ...result,
    finding: finding(
      'USER_CREDENTIALS_REJECTED',
      `${result.finding.message.replace(/\.$/, '')}: the server refused the ${spec.grant.type} grant's ${inputs} (${result.error.error}), not client ${spec.clientId.trim()}.`
    )
  }
}

export async function exchange(spec: CheckSpec, ctx: AuthContext, session: Session): Promise<Exchange> {
  const method = clientAuthFor(spec)
  const attempts: AttemptRecord[] = []
  for (let plan = method.next(spec, attempts, ctx); plan; plan = method.next(spec, attempts, ctx)) {
    attempts.push(await attempt(spec, plan, ctx, session))
  }
  return { attempts, findings: method.conclude(spec, attempts, ctx), tried: method.describe(spec, attempts) }
}

function record(plan: AttemptPlan, outcome: HttpOutcome, result: AttemptResult, session: Session): AttemptRecord {
  const date = outcome.kind === 'network' ? NaN : Date.parse(outcome.headers['date'] ?? '')
  const base = { plan, result, httpStatus: statusOfOutcome(outcome), latencyMs: outcome.latencyMs, tries: outcome.tries }
  return Number.isNaN(date) ? base : { ...base, skewS: (date - session.now()) / 1000 }
}

/** The attempt that obtained a token, if the last one did. */
export function winnerOf(attempts: readonly AttemptRecord[]): AttemptRecord | undefined {
  const last = attempts.at(-1)
  return last?.result.kind === 'token' ? last : undefined
}
