import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto'
import type { CheckSpec, ClientAuthSpec, PlacementSetting } from '../../src/spec.js'

export const TOKEN_URL = 'https://login.example.com/oauth/token'

/** A valid spec with overrides, for unit tests of the pure core. */
export function makeSpec(over: Partial<CheckSpec> = {}): CheckSpec {
  return {
    name: 'test',
    endpoint: { kind: 'url', tokenUrl: TOKEN_URL },
    autoFirst: 'header',
    clientId: 'my-client',
    clientSecret: 'plainSecret123',
    clientAuth: { method: 'client_secret', placement: 'auto' },
    grant: { type: 'client_credentials' },
    scope: '',
    audience: '',
    resources: [],
    extraParams: [],
    diagnose: true,
    timeoutMs: 1000,
    retries: 0,
    allowInsecureHttp: false,
    minTtlS: 60,
    requiredScopes: [],
    expectedAudience: null,
    probe: null,
    secretExpiresAt: null,
    expiryWarningDays: 14,
    expiryThresholds: [14],
    provider: null,
    presetWarnings: [],
    caCert: null,
    ...over
  }
}

/** The shared secret in the given placement. */
export function secret(placement: PlacementSetting): { clientAuth: ClientAuthSpec } {
  return { clientAuth: { method: 'client_secret', placement } }
}

/** private_key_jwt with a key given as PEM or JWK text. */
export function privateKeyJwt(text: string, over: { signingAlg?: string; keyId?: string | null; assertionAudience?: string | null } = {}): { clientAuth: ClientAuthSpec } {
  const key = text.trim().startsWith('{') ? createPrivateKey({ key: JSON.parse(text) as never, format: 'jwk' }) : createPrivateKey(text)
  return { clientAuth: { method: 'private_key_jwt', key: { key, text }, signingAlg: 'RS256', keyId: null, assertionAudience: null, ...over } }
}

/** A throwaway RSA key, for specs whose key is never used to sign. */
export const ANY_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()

/** tls_client_auth with a PEM certificate (its key is not used by the pure core). */
export function tlsClientAuth(certPem: string, keyPem = ''): { clientAuth: ClientAuthSpec } {
  return { clientAuth: { method: 'tls_client_auth', certificate: { certPem, keyPem, cert: new X509Certificate(certPem) } } }
}
