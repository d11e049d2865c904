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

export type FailOn = 'error' | 'warning' | 'never'

export interface CheckSpec {
  readonly name: string
  readonly tokenUrl: string
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
}

export interface RunOptions {
  readonly failOn: FailOn
  readonly summary: boolean
  readonly exportToken: boolean
}
