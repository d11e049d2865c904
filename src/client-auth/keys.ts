// Key material for client authentication: private keys (PEM or JWK) for RFC 7523 assertions,
// certificates for RFC 8705 mutual TLS, and the forms of both that must be masked. node:crypto.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'

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
