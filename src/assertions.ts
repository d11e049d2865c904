// What a token must prove beyond "it came back": lifetime, scopes, audience, type, the secret's own
// expiry, and the API's answer to the token. Pure: time and the probe's outcome are passed in.

import { MAX_LIFETIME_S, transportFinding, type HttpOutcome, type TokenGrant } from './classify.js'
import { finding, type Finding } from './findings.js'
import { readClaims, type TokenClaims } from './jwt.js'
import type { CheckSpec, ProbeSpec, StatusRanges } from './spec.js'
import { cleanServerText } from './text.js'

const DAY_MS = 86_400_000

export interface TokenAssessment {
  readonly findings: readonly Finding[]
  readonly expiresIn: number | null
  readonly expiresAt: string | null
  readonly claims: TokenClaims | null
}

export function assessToken(spec: CheckSpec, grant: TokenGrant, nowMs: number): TokenAssessment {
  const findings: Finding[] = []
  const claims = readClaims(grant.accessToken) ?? null

  // Lifetime: expires_in, else the JWT's exp.
  const exp = claims?.exp ?? null
  const fromExp = exp === null ? null : Math.max(0, Math.round(exp - nowMs / 1000))
  // An exp beyond any plausible lifetime is treated as absent rather than trusted.
  const expiresIn = grant.expiresIn ?? (fromExp !== null && fromExp <= MAX_LIFETIME_S ? fromExp : null)
  if (expiresIn === null) {
    // min-ttl: 0 turns the lifetime check off, and with it the notice that it could not be made.
    if (spec.minTtlS > 0) findings.push(finding('TOKEN_LIFETIME_UNKNOWN', 'The token response has no expires_in and the token carries no exp claim.'))
  } else if (expiresIn < spec.minTtlS) {
    findings.push(finding('TOKEN_TTL_TOO_SHORT', `The token lives ${expiresIn} s, less than min-ttl (${spec.minTtlS} s).`))
  }

  // Scopes: the response's scope wins (RFC 6749 §5.1), else the JWT's scope/scp claim.
  if (spec.requiredScopes.length > 0) {
    const granted = grant.scope !== undefined ? grant.scope.split(' ').filter(Boolean) : claims?.scopes
    if (!granted) {
      findings.push(
        finding('SCOPE_UNVERIFIED', `Neither the response nor the token says which scopes were granted, so required-scopes (${spec.requiredScopes.join(' ')}) could not be checked.`)
      )
    } else {
      const missing = spec.requiredScopes.filter(s => !granted.includes(s))
      if (missing.length > 0) {
        findings.push(
          finding(
            'SCOPE_MISSING',
            `The token lacks required scope(s) ${missing.join(', ')}; granted: ${cleanServerText(granted.join(' '), 200) || '(none)'}.`
          )
        )
      }
    }
  }

  if (spec.expectedAudience !== '') {
    if (!claims) {
      findings.push(
        finding(
          'AUDIENCE_MISMATCH',
          `expected-audience is set, but the access token is not a JWT, so its audience cannot be read.`,
          'Opaque tokens carry no readable audience: remove expected-audience and use probe-url to prove the API accepts the token.'
        )
      )
    } else if (!claims.aud.includes(spec.expectedAudience)) {
      findings.push(
        finding(
          'AUDIENCE_MISMATCH',
          `The token's aud is ${cleanServerText(claims.aud.join(', '), 200) || '(empty)'}, not ${spec.expectedAudience}.`
        )
      )
    }
  }

  const type = grant.tokenType?.toLowerCase()
  if (type === 'dpop') {
    findings.push(finding('DPOP_TOKEN', 'The server issued a DPoP-bound token (token_type DPoP).'))
  } else if (type !== 'bearer') {
    const shown = grant.tokenType === undefined ? 'missing' : `"${cleanServerText(grant.tokenType, 40)}"`
    findings.push(finding('TOKEN_TYPE_UNEXPECTED', `The token_type is ${shown}, not Bearer.`))
  }

  return {
    findings,
    expiresIn,
    expiresAt: expiresIn === null ? null : new Date(nowMs + expiresIn * 1000).toISOString(),
    claims
  }
}

/**
 * Expiry of a credential (the secret, a client certificate): past → `expiredCode`, fewer than
 * expiry-warning-days whole days left (rounded down) → SECRET_EXPIRING. `what` names it in messages.
 */
export function expiryFindings(
  what: string,
  expiresAtMs: number,
  nowMs: number,
  warningDays: number,
  expiredCode: 'SECRET_EXPIRED' | 'CLIENT_CERT_EXPIRED'
): { findings: Finding[]; daysLeft: number } {
  const at = new Date(expiresAtMs).toISOString()
  const daysLeft = Math.floor((expiresAtMs - nowMs) / DAY_MS)
  if (expiresAtMs <= nowMs) return { findings: [finding(expiredCode, `${what} expired on ${at}.`)], daysLeft }
  if (daysLeft < warningDays) {
    return { findings: [finding('SECRET_EXPIRING', `${what} expires in ${daysLeft} day(s), on ${at} (warning at ${warningDays} days).`)], daysLeft }
  }
  return { findings: [], daysLeft }
}

export function assessSecretExpiry(spec: CheckSpec, nowMs: number): { findings: Finding[]; daysLeft: number | null } {
  if (spec.secretExpiresAt === null) return { findings: [], daysLeft: null }
  return expiryFindings('The client secret (secret-expires-at)', spec.secretExpiresAt, nowMs, spec.expiryWarningDays, 'SECRET_EXPIRED')
}

export function statusAccepted(status: number, ranges: StatusRanges): boolean {
  return ranges.some(([lo, hi]) => status >= lo && status <= hi)
}

/** RFC 6750 §3: `Bearer error="invalid_token", error_description="..."`. */
export function bearerError(header: string | undefined): string | undefined {
  if (!header) return undefined
  const error = /error="([^"]*)"/i.exec(header)?.[1]
  const description = /error_description="([^"]*)"/i.exec(header)?.[1]
  if (!error) return undefined
  return cleanServerText(description ? `${error}: ${description}` : error, 200)
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
  const body = outcome.kind === 'response' ? cleanServerText(outcome.body, 120) : ''
  const excerpt = body ? `: "${body}"` : ''
  const hint =
    status === 401
      ? 'The API did not accept the token: it is probably for another audience, region or environment than the API expects (check audience/resource/scope and the hosts of token-url and probe-url).'
      : status === 403
        ? 'The API accepted the token but refused the call: the client lacks a permission, role or scope for it. Grant it on the server (or request the scope).'
        : undefined
  const facts =
    status === 403 && token.scope !== null
      ? ` The token's scope: ${cleanServerText(token.scope, 200) || '(none)'}.`
      : status === 401 && token.aud !== null
        ? ` The token's aud: ${cleanServerText(token.aud.join(', '), 200) || '(none)'}.`
        : ''
  return finding(
    'PROBE_FAILED',
    `${probe.method} ${probe.url} answered HTTP ${status}, expected ${probe.expectedText}${because}${excerpt}.${facts}`,
    hint
  )
}
