// What one check is asked to do, after the inputs were read and validated.

/** Where the client credentials go (golang.org/x/oauth2 calls this the AuthStyle). */
export type AuthPlacement = 'header' | 'body'
export type PlacementSetting = AuthPlacement | 'auto'

/**
 * How the Basic value is built. RFC 6749 §2.3.1 says `form`: form-encode id and secret before
 * base64. Many clients and servers skip that step (`raw`); the two differ only for values with
 * characters that form-encoding changes.
 */
export type BasicEncoding = 'form' | 'raw'

/**
 * How the client authenticates. `secret` is the shared secret in the Basic header or the body,
 * as `placement` says (client_secret_basic / client_secret_post); the others are RFC 7523 and
 * RFC 8705 methods.
 */
export type AuthMethod = 'secret' | 'client_secret_jwt' | 'private_key_jwt' | 'tls_client_auth' | 'self_signed_tls_client_auth'

export type FailOn = 'error' | 'warning' | 'never'

/** Accepted HTTP statuses, as inclusive ranges: `2xx` is [[200, 299]]. */
export type StatusRanges = readonly (readonly [number, number])[]

export interface ProbeSpec {
  readonly url: string
  readonly method: string
  readonly expected: StatusRanges
  /** As the user wrote it, for messages. */
  readonly expectedText: string
}

export interface CheckSpec {
  readonly name: string
  /** '' when it is to be discovered from `issuer`. */
  readonly tokenUrl: string
  /** '' unless discovery was asked for. */
  readonly issuer: string
  /** Which placement `auto` tries first (discovery may say body). */
  readonly autoFirst: AuthPlacement
  /** Untrimmed, exactly as stored: whitespace in a secret is a fault we diagnose. */
  readonly clientId: string
  readonly clientSecret: string
  readonly placement: PlacementSetting
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
  readonly expectedAudience: string
  readonly probe: ProbeSpec | null
  /** Epoch milliseconds, or null when not given. */
  readonly secretExpiresAt: number | null
  readonly expiryWarningDays: number
  /** The preset in use, if any. */
  readonly provider: string | null
  /** `region: auto`: every region's token URL to try; empty otherwise. */
  readonly regionCandidates: readonly { readonly region: string; readonly tokenUrl: string }[]
  /** Provider rules the request breaks, found before sending (PROVIDER_RULE). */
  readonly presetWarnings: readonly string[]
  readonly authMethod: AuthMethod
  /** PEM or JWK text, for private_key_jwt; '' otherwise. */
  readonly privateKey: string
  /** The JWS `kid` header; '' for none. */
  readonly keyId: string
  /** The JWS algorithm for client assertions; '' unless an assertion method is used. */
  readonly signingAlg: string
  /** The assertion's `aud`; '' means the token endpoint. */
  readonly assertionAudience: string
  /** PEM texts for mutual TLS and a private CA; '' when not given. */
  readonly clientCert: string
  readonly clientKey: string
  readonly caCert: string
}

export interface RunOptions {
  readonly failOn: FailOn
  readonly summary: boolean
  readonly exportToken: boolean
  /** How many checks run at once. */
  readonly concurrency: number
}
