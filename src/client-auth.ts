// Client authentication beyond a shared secret in the header or body: JWT client assertions
// (RFC 7523 §2.2, OpenID Connect Core §9: client_secret_jwt, private_key_jwt) and mutual TLS
// (RFC 8705: tls_client_auth, self_signed_tls_client_auth). Key and certificate parsing use
// node:crypto; signing uses jose.

import { createPrivateKey, createSecretKey, randomUUID, X509Certificate, type KeyObject } from 'node:crypto'
import { SignJWT } from 'jose'
import { expiryFindings } from './assertions.js'
import { finding, type Finding } from './findings.js'
import type { CheckSpec } from './spec.js'
import type { TokenRequest } from './request.js'

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** Short-lived on purpose: an assertion is single-use (RFC 7523 §3, item 4). */
export const ASSERTION_LIFETIME_S = 60

export const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const
export const HMAC_ALGS = ['HS256', 'HS384', 'HS512'] as const

export interface LoadedKey {
  readonly key: KeyObject
  /** From the JWK when it has one. */
  readonly kid: string | undefined
  /** The algorithm the key implies (or its JWK's `alg`). */
  readonly defaultAlg: string
}

/** A PEM (PKCS#8, PKCS#1 or SEC1) or a JWK (JSON) private key; a message when it is neither. */
export function loadPrivateKey(text: string): LoadedKey | string {
  const trimmed = text.trim()
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as Record<string, unknown>
      if (typeof jwk['d'] !== 'string') return 'is a JWK without a private part (d)'
      const key = createPrivateKey({ key: jwk as never, format: 'jwk' })
      const alg = typeof jwk['alg'] === 'string' ? jwk['alg'] : algForKey(key)
      if (!alg) return 'is a key type this check cannot sign with (use RSA, EC P-256/384/521 or Ed25519)'
      return { key, kid: typeof jwk['kid'] === 'string' ? jwk['kid'] : undefined, defaultAlg: alg }
    }
    const key = createPrivateKey(trimmed)
    const alg = algForKey(key)
    if (!alg) return 'is a key type this check cannot sign with (use RSA, EC P-256/384/521 or Ed25519)'
    return { key, kid: undefined, defaultAlg: alg }
  } catch {
    return 'is not a PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK'
  }
}

function algForKey(key: KeyObject): string | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return key.asymmetricKeyType === 'rsa-pss' ? 'PS256' : 'RS256'
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve
      return curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : undefined
    }
    case 'ed25519':
      return 'EdDSA'
    default:
      return undefined
  }
}

/** Whether `alg` can be used with this key type (so a mismatch is an input error, not a 401). */
export function algFitsKey(alg: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType
  if (alg.startsWith('RS') || alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss'
  if (alg.startsWith('ES')) return type === 'ec' && algForKey(key) === alg
  if (alg === 'EdDSA') return type === 'ed25519'
  return false
}

/** RFC 7523 §3 claims: iss = sub = client_id, aud, a random jti, iat, and a short exp. */
export function assertionClaims(clientId: string, audience: string, nowS: number, jti: string): Record<string, unknown> {
  return { iss: clientId, sub: clientId, aud: audience, jti, iat: nowS, exp: nowS + ASSERTION_LIFETIME_S }
}

export async function signAssertion(spec: CheckSpec, audience: string, nowS: number): Promise<string> {
  const claims = assertionClaims(spec.clientId.trim(), audience, nowS, randomUUID())
  const key: KeyObject =
    spec.authMethod === 'client_secret_jwt' ? createSecretKey(Buffer.from(spec.clientSecret, 'utf8')) : loadedKeyOf(spec)
  const header: { alg: string; kid?: string } = { alg: spec.signingAlg }
  if (spec.keyId !== '') header.kid = spec.keyId
  return new SignJWT(claims).setProtectedHeader(header).sign(key)
}

function loadedKeyOf(spec: CheckSpec): KeyObject {
  const loaded = loadPrivateKey(spec.privateKey)
  if (typeof loaded === 'string') throw new Error('private-key was validated before and cannot fail here')
  return loaded.key
}

/** The token request for an assertion (client_id is optional in RFC 7523; most servers want it). */
export function buildAssertionRequest(spec: CheckSpec, assertion: string, base: TokenRequest): TokenRequest {
  const form = new URLSearchParams(base.body)
  form.append('client_id', spec.clientId.trim())
  form.append('client_assertion_type', ASSERTION_TYPE)
  form.append('client_assertion', assertion)
  return { ...base, body: form.toString() }
}

/** RFC 8705 §2: the certificate authenticates; the body names the client. */
export function buildTlsRequest(spec: CheckSpec, base: TokenRequest): TokenRequest {
  const form = new URLSearchParams(base.body)
  form.append('client_id', spec.clientId.trim())
  return { ...base, body: form.toString() }
}

export function usesAssertion(spec: CheckSpec): boolean {
  return spec.authMethod === 'private_key_jwt' || spec.authMethod === 'client_secret_jwt'
}

export function usesTls(spec: CheckSpec): boolean {
  return spec.authMethod === 'tls_client_auth' || spec.authMethod === 'self_signed_tls_client_auth'
}

/** Validity of the client certificate, checked before any request; like a secret's expiry. */
export function assessClientCert(spec: CheckSpec, nowMs: number): { findings: Finding[]; notAfter: string | null } {
  if (spec.clientCert === '') return { findings: [], notAfter: null }
  const cert = new X509Certificate(spec.clientCert)
  const from = Date.parse(cert.validFrom)
  const to = Date.parse(cert.validTo)
  const what = `The client certificate (${cert.subject.replace(/\n/g, ', ')})`
  const notAfter = new Date(to).toISOString()
  if (nowMs < from) {
    return { findings: [finding('CLIENT_CERT_EXPIRED', `${what} is not valid before ${new Date(from).toISOString()}.`)], notAfter }
  }
  return { findings: expiryFindings(what, to, nowMs, spec.expiryWarningDays, 'CLIENT_CERT_EXPIRED').findings, notAfter }
}

/** Whether a PEM parses as an X.509 certificate. */
export function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem)
    return true
  } catch {
    return false
  }
}

/** Every form of the key material that must be masked: the PEM's lines, the JWK's private members. */
export function keyMaterialForms(text: string): string[] {
  const forms = new Set<string>()
  const trimmed = text.trim()
  if (trimmed === '') return []
  forms.add(trimmed)
  for (const line of trimmed.split(/\r?\n/)) {
    const l = line.trim()
    if (l.length >= 8 && !l.startsWith('-----')) forms.add(l)
  }
  if (trimmed.startsWith('{')) {
    try {
      const jwk = JSON.parse(trimmed) as Record<string, unknown>
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
        const v = jwk[member]
        if (typeof v === 'string' && v.length >= 8) forms.add(v)
      }
    } catch {
      // Not JSON after all: the lines above cover it.
    }
  }
  return [...forms]
}

/** The `aud` values to try: the configured one (default: the token endpoint), then, when diagnosing, the issuer. */
export function assertionAudiences(spec: CheckSpec, issuer: string | null): string[] {
  const primary = spec.assertionAudience || spec.tokenUrl
  if (!spec.diagnose) return [primary]
  const alternative = spec.assertionAudience ? spec.tokenUrl : (issuer ?? new URL(spec.tokenUrl).origin)
  return [...new Set([primary, alternative])]
}

const AUTH_METHOD_NAMES: Readonly<Record<CheckSpec['authMethod'], string>> = {
  secret: 'client secret',
  client_secret_jwt: 'client_secret_jwt',
  private_key_jwt: 'private_key_jwt',
  tls_client_auth: 'tls_client_auth',
  self_signed_tls_client_auth: 'self_signed_tls_client_auth'
}

export interface KeyAttempt {
  readonly audience: string | null
  readonly httpStatus: number | undefined
  /** `token`, `rejected`, or a finding. */
  readonly result: AttemptResultLike
}

type AttemptResultLike = { readonly kind: 'token' } | { readonly kind: 'rejected'; readonly error: string | undefined } | { readonly kind: 'failed'; readonly finding: Finding }

/** `aud https://… → HTTP 401 invalid_client; …`, for hints. */
export function describeKeyAttempts(spec: CheckSpec, attempts: readonly KeyAttempt[]): string {
  return attempts
    .map(a => {
      const what = a.audience === null ? AUTH_METHOD_NAMES[spec.authMethod] : `aud ${a.audience}`
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
  const causes: string[] = []
  if (usesTls(spec)) {
    causes.push(
      'the certificate must be the one registered for the client (tls_client_auth: its subject DN or SAN as registered; self_signed_tls_client_auth: the certificate in the client\'s JWKS)',
      'the server (or its TLS terminator) must trust the certificate\'s CA and pass it on',
      'token-url must be the mTLS endpoint (mtls_endpoint_aliases in the metadata)'
    )
  } else {
    if (spec.authMethod === 'private_key_jwt') {
      causes.push(
        `the server must know the public key of private-key for this client (its registered JWKS)${spec.keyId ? ` under kid "${spec.keyId}"` : '; set key-id if the JWKS holds several keys'}`
      )
    } else {
      causes.push('client-secret must be the client\'s secret, used as the HMAC key')
    }
    causes.push(`the server must allow ${spec.signingAlg} for client assertions`, `the aud must be what the server expects (tried: ${attempts.map(a => a.audience).join(', ')})`)
    if (skewS !== undefined && Math.abs(skewS) > 30) {
      causes.unshift(`the runner's clock differs from the server's by ${Math.round(skewS)} s (its Date header), so iat/exp look ${skewS > 0 ? 'old' : 'future'} to it`)
    }
  }
  return [
    finding(
      'INVALID_CLIENT',
      `The token endpoint rejected the ${AUTH_METHOD_NAMES[spec.authMethod]} client authentication (HTTP ${first.httpStatus ?? '?'}${first.result.kind === 'rejected' && first.result.error ? ` ${first.result.error}` : ''}).`,
      `Check that ${causes.join('; ')}. Tried: ${tried}.`
    )
  ]
}
