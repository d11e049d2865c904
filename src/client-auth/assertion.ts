// client_secret_jwt and private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): a signed JWT
// client assertion, one per attempt (each is single-use and masked before it is sent). When
// diagnosing, a rejected assertion is tried once more with the other plausible `aud`.

import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { withParams, type TokenRequest } from '../exchange/request.js'
import { configuredTokenUrl, type CheckSpec } from '../spec.js'
import { concludeKeyAuth, describeKeyAttempts, keyAttempt, skewOf } from './key-based.js'
import type { AssertionPlan, ClientAuth } from './types.js'

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** Short-lived on purpose: an assertion is single-use (RFC 7523 §3, item 4). */
export const ASSERTION_LIFETIME_S = 60

type AssertionAuth = Extract<CheckSpec['clientAuth'], { method: 'client_secret_jwt' | 'private_key_jwt' }>

function assertionAuth(spec: CheckSpec): AssertionAuth {
  const auth = spec.clientAuth
  if (auth.method !== 'client_secret_jwt' && auth.method !== 'private_key_jwt') throw new Error(`not an assertion method: ${auth.method}`)
  return auth
}

/** RFC 7523 §3 claims: iss = sub = client_id, aud, a random jti, iat, and a short exp. */
export function assertionClaims(clientId: string, audience: string, nowS: number, jti: string): Record<string, unknown> {
  return { iss: clientId, sub: clientId, aud: audience, jti, iat: nowS, exp: nowS + ASSERTION_LIFETIME_S }
}

export async function signAssertion(spec: CheckSpec, audience: string, nowS: number): Promise<string> {
  const auth = assertionAuth(spec)
  const claims = assertionClaims(spec.clientId.trim(), audience, nowS, randomUUID())
  const key: KeyObject = auth.method === 'client_secret_jwt' ? createSecretKey(Buffer.from(spec.clientSecret, 'utf8')) : auth.key.key
  const header: { alg: string; kid?: string } = { alg: auth.signingAlg }
  if (auth.keyId) header.kid = auth.keyId
  return new SignJWT(claims).setProtectedHeader(header).sign(key)
}

/** The token request for an assertion (client_id is optional in RFC 7523; most servers want it). */
export function buildAssertionRequest(spec: CheckSpec, assertion: string, base: TokenRequest): TokenRequest {
  return withParams(base, ['client_id', spec.clientId.trim()], ['client_assertion_type', ASSERTION_TYPE], ['client_assertion', assertion])
}

/** The `aud` values to try: the configured one (default: the token endpoint), then, when diagnosing, the issuer. */
export function assertionAudiences(spec: CheckSpec, issuer: string | null, tokenUrl = configuredTokenUrl(spec)): string[] {
  const configured = assertionAuth(spec).assertionAudience
  const primary = configured ?? tokenUrl
  if (!spec.diagnose) return [primary]
  const alternative = configured !== null ? tokenUrl : (issuer ?? new URL(tokenUrl).origin)
  return [...new Set([primary, alternative])]
}

export const clientAssertion: ClientAuth<AssertionPlan> = {
  family: 'private_key_jwt',
  next: (spec, attempts, ctx) => {
    const last = attempts.at(-1)
    if (last && last.result.kind !== 'rejected') return undefined
    const audience = assertionAudiences(spec, ctx.issuer, ctx.tokenUrl).find(aud => !attempts.some(a => a.plan.audience === aud))
    return audience === undefined ? undefined : { family: assertionAuth(spec).method, audience }
  },
  authenticate: async (spec, plan, request, ctx) => {
    const assertion = await signAssertion(spec, plan.audience, ctx.nowS())
    ctx.secret(assertion)
    return buildAssertionRequest(spec, assertion, request)
  },
  conclude: (spec, attempts) => concludeKeyAuth(spec, attempts.map(keyAttempt), skewOf(attempts)),
  describe: (spec, attempts) => describeKeyAttempts(spec, attempts.map(keyAttempt)),
  methodName: spec => assertionAuth(spec).method
}
