// What attempts with a key prove (client assertions and mutual TLS alike): accepted only with
// another `aud`, rejected (with the causes the method names), or a failure passed through. Pure.

import { finding, type Finding } from '../findings/codes.js'
import type { CheckSpec } from '../spec.js'
import type { AssertionPlan, AttemptRecord, TlsPlan } from './types.js'

export interface KeyAttempt {
  readonly audience: string | null
  readonly httpStatus: number | undefined
  /** `token`, `rejected`, or a finding. */
  readonly result: { readonly kind: 'token' } | { readonly kind: 'rejected'; readonly error: string | undefined } | { readonly kind: 'failed'; readonly finding: Finding }
}

export function keyAttempt(a: AttemptRecord<AssertionPlan | TlsPlan>): KeyAttempt {
  const r = a.result
  return {
    audience: 'audience' in a.plan ? a.plan.audience : null,
    httpStatus: a.httpStatus,
    result: r.kind === 'rejected' ? { kind: 'rejected', error: r.error?.error ?? r.shape } : r.kind === 'failed' ? r : { kind: 'token' }
  }
}

/** The server's clock minus ours, from the latest rejection that carried a Date header. */
export function skewOf(attempts: readonly AttemptRecord[]): number | undefined {
  return attempts.filter(a => a.result.kind === 'rejected' && a.skewS !== undefined).at(-1)?.skewS
}

/** `aud https://… → HTTP 401 invalid_client; …`, for hints. */
export function describeKeyAttempts(spec: CheckSpec, attempts: readonly KeyAttempt[]): string {
  return attempts
    .map(a => {
      const what = a.audience === null ? spec.clientAuth.method : `aud ${a.audience}`
      const status = a.httpStatus === undefined ? 'no answer' : `HTTP ${a.httpStatus}`
      const outcome = a.result.kind === 'failed' ? a.result.finding.code : a.result.kind === 'rejected' ? (a.result.error ?? 'rejected') : 'token issued'
      return `${what} → ${status} ${outcome}`
    })
    .join('; ')
}

/**
 * What assertion and mTLS attempts prove. `skewS` is the server clock minus ours, from the Date
 * header of a rejection, when it is known.
 */
export function concludeKeyAuth(spec: CheckSpec, attempts: readonly KeyAttempt[], skewS: number | undefined): Finding[] {
  const first = attempts[0]
  const last = attempts.at(-1)
  if (!first || !last) return []
  const tried = describeKeyAttempts(spec, attempts)
  if (last.result.kind === 'failed') return [last.result.finding]
  if (last.result.kind === 'token') {
    if (attempts.length === 1) return []
    return [
      finding(
        'ASSERTION_AUDIENCE_MISMATCH',
        `The server rejected the client assertion with aud ${first.audience ?? '?'} and accepted it with aud ${last.audience ?? '?'}.`,
        `Set assertion-audience: ${last.audience ?? ''} (and use that aud in the application's assertions). Attempts: ${tried}.`
      )
    ]
  }
  return [
    finding(
      'INVALID_CLIENT',
      `The token endpoint rejected the ${spec.clientAuth.method} client authentication (HTTP ${first.httpStatus ?? '?'}${first.result.kind === 'rejected' && first.result.error ? ` ${first.result.error}` : ''}).`,
      `${skewSentence(skewS)}Check that ${rejectionCauses(spec, attempts).join('; that ')}. Tried: ${tried}.`
    )
  ]
}

/** The runner's clock against the server's (its Date header), when they differ enough to matter. */
function skewSentence(skewS: number | undefined): string {
  if (skewS === undefined || Math.abs(skewS) <= 30) return ''
  return `The runner's clock differs from the server's by ${Math.round(skewS)} s (its Date header), so the assertion's iat and exp look ${skewS > 0 ? 'old' : 'in the future'} to the server. `
}

/** What the user can check when the server refused the key, as clauses after "Check that …". */
function rejectionCauses(spec: CheckSpec, attempts: readonly KeyAttempt[]): string[] {
  const auth = spec.clientAuth
  if (auth.method === 'tls_client_auth' || auth.method === 'self_signed_tls_client_auth') {
    return [
      'the certificate is the one registered for the client (tls_client_auth: its subject DN or SAN as registered; self_signed_tls_client_auth: the certificate in the client\'s JWKS)',
      'the server (or its TLS terminator) trusts the certificate\'s CA and passes the certificate on',
      'token-url is the mTLS endpoint (mtls_endpoint_aliases in the metadata)'
    ]
  }
  const causes: string[] = []
  if (auth.method === 'private_key_jwt') {
    causes.push(
      `the server knows the public key of private-key for this client (in its registered JWKS)${auth.keyId ? ` under kid "${auth.keyId}"` : ', and set key-id if that JWKS holds several keys'}`
    )
  } else if (auth.method === 'client_secret_jwt') {
    causes.push('client-secret is the client\'s secret, which signs the assertion as the HMAC key')
  }
  const alg = auth.method === 'private_key_jwt' || auth.method === 'client_secret_jwt' ? auth.signingAlg : ''
  causes.push(`the server allows ${alg} for client assertions`, `the aud is what the server expects (tried: ${attempts.map(a => a.audience).join(', ')})`)
  return causes
}
