// What one check is asked to do, after the inputs were read and parsed: keys and certificates are
// parsed objects, the endpoint is a union, and nothing optional is an empty-string sentinel.

import type { KeyObject, X509Certificate } from 'node:crypto'

/** Where the client credentials go (golang.org/x/oauth2 calls this the AuthStyle). */
export type AuthPlacement = 'header' | 'body'
export type PlacementSetting = AuthPlacement | 'auto'

/**
 * How the Basic value is built. RFC 6749 §2.3.1 says `form`: form-encode id and secret before
 * base64. Many clients and servers skip that step (`raw`); the two differ only for values with
 * characters that form-encoding changes.
 */
export type BasicEncoding = 'form' | 'raw'

export type FailOn = 'error' | 'warning' | 'never'

/** Accepted HTTP statuses, as inclusive ranges: `2xx` is [[200, 299]]. */
export type StatusRanges = readonly (readonly [number, number])[]

export interface ProbeSpec {
  /** Absolute, or (with `relativeTo`) a path resolved against the API host found after the token. */
  readonly url: string
  /** `api-endpoint`: the path is resolved against the tenant's API host (provider: nice-cxone). */
  readonly relativeTo: 'api-endpoint' | null
  readonly method: string
  readonly expected: StatusRanges
  /** As the user wrote it, for messages. */
  readonly expectedText: string
}

export interface RegionCandidate {
  readonly region: string
  readonly tokenUrl: string
}

/** Where the token request goes, before any network: a URL, an issuer to discover, or regions to try. */
export type EndpointSpec =
  | { readonly kind: 'url'; readonly tokenUrl: string }
  /** `tokenUrl`, when also given, wins over the discovered token_endpoint (the metadata still informs). */
  | { readonly kind: 'discover'; readonly issuer: string; readonly tokenUrl: string | null }
  /** `region: auto`: every candidate's token URL is asked; the first that issues a token wins. */
  | { readonly kind: 'regions'; readonly candidates: readonly RegionCandidate[] }

/** A private key for signing client assertions, parsed once from PEM or JWK. */
export interface SigningKey {
  readonly key: KeyObject
  /** The PEM or JWK text as given, for masking. */
  readonly text: string
}

/** A client certificate and its key for mutual TLS, as PEM (what TLS takes) and parsed. */
export interface ClientCertificate {
  readonly certPem: string
  readonly keyPem: string
  readonly cert: X509Certificate
}

/**
 * How the client authenticates, keyed by the method family (client-auth/method.ts holds one
 * implementation per family). `client_secret` covers client_secret_basic and client_secret_post,
 * chosen by `placement` (auto searches). The others are RFC 7523 and RFC 8705 methods.
 */
export type ClientAuthSpec =
  | { readonly method: 'client_secret'; readonly placement: PlacementSetting }
  | {
      readonly method: 'client_secret_jwt'
      readonly signingAlg: string
      readonly keyId: string | null
      /** The assertion's `aud`; null means the token endpoint. */
      readonly assertionAudience: string | null
    }
  | {
      readonly method: 'private_key_jwt'
      readonly key: SigningKey
      readonly signingAlg: string
      readonly keyId: string | null
      readonly assertionAudience: string | null
    }
  | { readonly method: 'tls_client_auth' | 'self_signed_tls_client_auth'; readonly certificate: ClientCertificate }

export type ClientAuthFamily = ClientAuthSpec['method']

/**
 * The grant being requested (grant/index.ts holds one implementation per grant type). With
 * `password` (RFC 6749 §4.3) a second credential, the resource owner's, rides in the body: untrimmed,
 * exactly as stored, like the client secret (NICE CXone: an API user's access key ID and secret).
 */
export type GrantSpec =
  | { readonly type: 'client_credentials' }
  | { readonly type: 'password'; readonly username: string; readonly password: string }

export type GrantType = GrantSpec['type']

export interface CheckSpec {
  readonly name: string
  readonly endpoint: EndpointSpec
  /** Which placement `auto` tries first (the preset's; discovery may say otherwise). */
  readonly autoFirst: AuthPlacement
  /** Untrimmed, exactly as stored: whitespace in a secret is a fault we diagnose. */
  readonly clientId: string
  /** '' for methods that need no shared secret. */
  readonly clientSecret: string
  readonly clientAuth: ClientAuthSpec
  readonly grant: GrantSpec
  readonly scope: string
  readonly audience: string
  readonly resources: readonly string[]
  readonly extraParams: readonly (readonly [string, string])[]
  readonly diagnose: boolean
  readonly timeoutMs: number
  readonly retries: number
  readonly allowInsecureHttp: boolean
  /** Seconds the token must at least live; 0 turns the check off. */
  readonly minTtlS: number
  readonly requiredScopes: readonly string[]
  readonly expectedAudience: string | null
  readonly probe: ProbeSpec | null
  /** Epoch milliseconds, or null when not given. */
  readonly secretExpiresAt: number | null
  readonly expiryWarningDays: number
  /** The preset in use, if any. */
  readonly provider: string | null
  /** Provider rules the request breaks, found before sending (PROVIDER_RULE). */
  readonly presetWarnings: readonly string[]
  /** A private CA's PEM certificate, trusted in addition to the default ones. */
  readonly caCert: string | null
}

export interface RunOptions {
  readonly failOn: FailOn
  readonly summary: boolean
  readonly exportToken: boolean
  /** How many checks run at once. */
  readonly concurrency: number
}

/** The token URL as configured, before discovery or region detection ('' when it is to be found). */
export function configuredTokenUrl(spec: CheckSpec): string {
  return spec.endpoint.kind === 'regions' ? '' : (spec.endpoint.tokenUrl ?? '')
}

/** The issuer, when discovery was asked for. */
export function issuerOf(spec: CheckSpec): string | null {
  return spec.endpoint.kind === 'discover' ? spec.endpoint.issuer : null
}
