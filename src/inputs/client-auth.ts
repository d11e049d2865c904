// auth-method, auth-placement and the key inputs, parsed into a ClientAuthSpec: keys and
// certificates are loaded here, once. client_secret_basic/post are the friendly placements
// header/body, so they must agree; the other methods need auth-placement left at auto.

import { X509Certificate } from 'node:crypto'
import { algFitsKey, ASYMMETRIC_ALGS, HMAC_ALGS, isCertificate, loadPrivateKey } from '../client-auth/keys.js'
import type { AuthMethodName } from '../client-auth/types.js'
import type { ClientAuthSpec, PlacementSetting } from '../spec.js'
import { clip, oneOf, type Complain } from './values.js'

const PLACEMENTS: readonly PlacementSetting[] = ['auto', 'header', 'body']

const AUTH_METHODS: readonly AuthMethodName[] = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth'
]

const SECRET_PLACEMENT: Partial<Record<AuthMethodName, PlacementSetting>> = { client_secret_basic: 'header', client_secret_post: 'body' }

/** Methods that need no client secret. */
export const KEY_ONLY_METHODS: readonly AuthMethodName[] = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth']

const KEY_INPUTS = ['private-key', 'key-id', 'signing-alg', 'client-cert', 'client-key'] as const

export interface ParsedClientAuth {
  readonly clientAuth: ClientAuthSpec
  readonly caCert: string | null
}

/** undefined when something is wrong (already reported). */
export function parseClientAuth(get: (name: string) => string, bad: Complain): ParsedClientAuth | undefined {
  const placement = oneOf(get('auth-placement'), PLACEMENTS, 'auth-placement', bad)
  const methodText = get('auth-method')
  const named = methodText === '' ? undefined : oneOf(methodText, AUTH_METHODS, 'auth-method', bad)
  if (placement === undefined || (methodText !== '' && named === undefined)) return undefined
  const implied = named ? SECRET_PLACEMENT[named] : undefined
  if (named && implied === undefined && placement !== 'auto') {
    bad('auth-placement', `contradicts auth-method: ${named} (placement applies to client secrets only); remove it or set auto.`)
    return undefined
  }
  if (implied && placement !== 'auto' && placement !== implied) {
    bad('auth-placement', `is ${placement} but auth-method: ${named} means ${implied}; set one of them.`)
    return undefined
  }

  let ok = true
  const wrong = (input: string, problem: string): void => {
    bad(input, problem)
    ok = false
  }
  const caText = get('ca-cert')
  if (caText !== '' && !isCertificate(caText)) wrong('ca-cert', 'must be a PEM certificate (-----BEGIN CERTIFICATE-----).')
  const clientAuth = named === undefined || implied !== undefined ? secretAuth(implied ?? placement, get, wrong) : keyAuth(named, get, wrong)
  return ok && clientAuth ? { clientAuth, caCert: caText === '' ? null : caText } : undefined
}

function secretAuth(placement: PlacementSetting, get: (name: string) => string, wrong: Complain): ClientAuthSpec {
  for (const input of KEY_INPUTS) {
    if (get(input) !== '') wrong(input, 'only applies with auth-method private_key_jwt, client_secret_jwt or tls_client_auth.')
  }
  return { method: 'client_secret', placement }
}

function keyAuth(method: AuthMethodName, get: (name: string) => string, wrong: Complain): ClientAuthSpec | undefined {
  const keyId = get('key-id') || null
  const assertionAudience = get('assertion-audience') || null
  if (method === 'private_key_jwt') {
    const text = get('private-key')
    const loaded = text === '' ? 'is required with auth-method: private_key_jwt: a PEM or JWK private key, from a secret' : loadPrivateKey(text)
    if (typeof loaded === 'string') {
      wrong('private-key', `${loaded}.`)
      return undefined
    }
    const signingAlg = get('signing-alg') || loaded.defaultAlg
    if (!(ASYMMETRIC_ALGS as readonly string[]).includes(signingAlg) || !algFitsKey(signingAlg, loaded.key)) {
      wrong('signing-alg', `must suit the key (${loaded.defaultAlg} for this key; one of ${ASYMMETRIC_ALGS.join(', ')}); got "${clip(signingAlg)}".`)
      return undefined
    }
    return { method, key: { key: loaded.key, text }, signingAlg, keyId: keyId ?? loaded.kid ?? null, assertionAudience }
  }
  if (method === 'client_secret_jwt') {
    const signingAlg = get('signing-alg') || 'HS256'
    if (!(HMAC_ALGS as readonly string[]).includes(signingAlg)) {
      wrong('signing-alg', `must be one of ${HMAC_ALGS.join(', ')} with client_secret_jwt; got "${clip(signingAlg)}".`)
      return undefined
    }
    return { method, signingAlg, keyId, assertionAudience }
  }
  if (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') {
    const certPem = get('client-cert')
    const keyPem = get('client-key')
    const certOk = certPem !== '' && isCertificate(certPem)
    const keyOk = keyPem !== '' && typeof loadPrivateKey(keyPem) !== 'string'
    if (!certOk) wrong('client-cert', `is required with auth-method: ${method}: the client certificate as PEM.`)
    if (!keyOk) wrong('client-key', `is required with auth-method: ${method}: the certificate's private key as PEM.`)
    return certOk && keyOk ? { method, certificate: { certPem, keyPem, cert: new X509Certificate(certPem) } } : undefined
  }
  return undefined
}
