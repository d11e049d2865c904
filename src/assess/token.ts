// What a token must prove beyond "it came back": lifetime, scopes, audience and type. Pure: the
// clock is passed in.

import { MAX_LIFETIME_S, type TokenGrant } from '../exchange/classify.js'
import { finding, type Finding } from '../findings/codes.js'
import type { CheckSpec } from '../spec.js'
import { serverText } from '../text.js'
import { readClaims, type TokenClaims } from './jwt.js'

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
    if (spec.minTtlS > 0) findings.push(finding('TOKEN_LIFETIME_UNKNOWN', 'The token response has no usable expires_in (absent, null or beyond ten years) and the token carries no plausible exp claim.'))
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
            `The token lacks required scope(s) ${missing.join(', ')}; granted: ${serverText(granted.join(' '), 200) || '(none)'}.`
          )
        )
      }
    }
  }

  if (spec.expectedAudience !== null) {
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
          `The token's aud is ${serverText(claims.aud.join(', '), 200) || '(empty)'}, not ${spec.expectedAudience}.`
        )
      )
    }
  }

  const type = grant.tokenType?.toLowerCase()
  if (type === 'dpop') {
    findings.push(finding('DPOP_TOKEN', 'The server issued a DPoP-bound token (token_type DPoP).'))
  } else if (type !== 'bearer') {
    const shown = grant.tokenType === undefined ? 'missing' : `"${serverText(grant.tokenType, 40)}"`
    findings.push(finding('TOKEN_TYPE_UNEXPECTED', `The token_type is ${shown}, not Bearer.`))
  }

  return {
    findings,
    expiresIn,
    expiresAt: expiresIn === null ? null : new Date(nowMs + expiresIn * 1000).toISOString(),
    claims
  }
}

