// The API's answer to the token (probe-url): accepted, or why not (RFC 6750 §3 challenges, the
// token's scope or aud beside a 403 or 401). Pure: the outcome is passed in.

import { transportFinding, type TokenGrant } from '../exchange/classify.js'
import type { Session } from '../exchange/session.js'
import { finding, type Finding } from '../findings/codes.js'
import { statusOfOutcome, type HttpOutcome } from '../net/outcome.js'
import type { ProbeSummary } from '../report/result.js'
import type { ProbeSpec, StatusRanges } from '../spec.js'
import { serverText } from '../text.js'
import type { TokenAssessment } from './token.js'

export function statusAccepted(status: number, ranges: StatusRanges): boolean {
  return ranges.some(([lo, hi]) => status >= lo && status <= hi)
}

/** RFC 6750 §3: `Bearer error="invalid_token", error_description="..."`. */
export function bearerError(header: string | undefined): string | undefined {
  if (!header) return undefined
  const error = /error="([^"]*)"/i.exec(header)?.[1]
  const description = /error_description="([^"]*)"/i.exec(header)?.[1]
  if (!error) return undefined
  return serverText(description ? `${error}: ${description}` : error, 200)
}

/** What the token says about itself, to tell a 401 or 403 apart at a glance. */
export interface TokenFacts {
  readonly scope: string | null
  readonly aud: readonly string[] | null
}

export function assessProbe(probe: ProbeSpec, outcome: HttpOutcome, token: TokenFacts = { scope: null, aud: null }): Finding | undefined {
  if (outcome.kind === 'network') return transportFinding(outcome, 'The probe', probe.url)
  const { status } = outcome
  if (statusAccepted(status, probe.expected)) return undefined
  const challenge = bearerError(outcome.headers['www-authenticate'])
  const because = challenge ? ` (WWW-Authenticate: ${challenge})` : ''
  const body = outcome.kind === 'response' ? serverText(outcome.body, 120) : ''
  const excerpt = body ? `: "${body}"` : ''
  const hint =
    status === 401
      ? 'The API did not accept the token: it is probably for another audience, region or environment than the API expects (check audience/resource/scope and the hosts of token-url and probe-url).'
      : status === 403
        ? 'The API accepted the token but refused the call: the client lacks a permission, role or scope for it. Grant it on the server (or request the scope).'
        : undefined
  const facts =
    status === 403 && token.scope !== null
      ? ` The token's scope: ${serverText(token.scope, 200) || '(none)'}.`
      : status === 401 && token.aud !== null
        ? ` The token's aud: ${serverText(token.aud.join(', '), 200) || '(none)'}.`
        : ''
  return finding(
    'PROBE_FAILED',
    `${probe.method} ${probe.url} answered HTTP ${status}, expected ${probe.expectedText}${because}${excerpt}.${facts}`,
    hint
  )
}

/** Calls the API with the token, as the application would. */
export async function runProbe(
  probe: ProbeSpec,
  grant: TokenGrant,
  assessment: TokenAssessment,
  session: Session
): Promise<{ problem: Finding | undefined; summary: ProbeSummary }> {
  const outcome = await session.send({
    method: probe.method,
    url: probe.url,
    headers: { Authorization: `Bearer ${grant.accessToken}`, Accept: 'application/json, */*', 'User-Agent': session.userAgent },
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
