// What a client authentication method is: a closed family of ways to present the client's
// credentials (RFC 6749 §2.3, RFC 7523, RFC 8705), each one object implementing ClientAuth.
// The exchange loop (exchange/attempts.ts) drives every method the same way.

import type { AttemptResult } from '../exchange/classify.js'
import type { TokenRequest } from '../exchange/request.js'
import type { Finding } from '../findings/codes.js'
import type { AuthPlacement, BasicEncoding, CheckSpec, ClientAuthFamily } from '../spec.js'

/** RFC 8414 token_endpoint_auth_method names. */
export type AuthMethodName =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'tls_client_auth'
  | 'self_signed_tls_client_auth'

/** One way of presenting the client secret: header or body, Basic encoding, trimmed or not. */
export interface SecretPlan {
  readonly family: 'client_secret'
  readonly placement: AuthPlacement
  /** Only meaningful for `header`. */
  readonly basicEncoding: BasicEncoding
  /** Send the id and secret with surrounding whitespace removed (diagnosis only). */
  readonly trimmed: boolean
}

/** One client assertion attempt: the `aud` it carries. */
export interface AssertionPlan {
  readonly family: 'client_secret_jwt' | 'private_key_jwt'
  readonly audience: string
}

export interface TlsPlan {
  readonly family: 'tls_client_auth' | 'self_signed_tls_client_auth'
}

export type AttemptPlan = SecretPlan | AssertionPlan | TlsPlan

/** One token request and what came of it. */
export interface AttemptRecord<P extends AttemptPlan = AttemptPlan> {
  readonly plan: P
  readonly result: AttemptResult
  readonly httpStatus: number | undefined
  readonly latencyMs: number
  readonly tries: number
  /** The server's clock minus ours in seconds, from the answer's Date header (assertion hints). */
  readonly skewS?: number
}

/** What a method may use besides the spec: where the request goes, and who the server says it is. */
export interface AuthContext {
  readonly tokenUrl: string
  /** The issuer from the metadata, when discovery was used. */
  readonly issuer: string | null
  readonly nowS: () => number
  /** Registers a credential made for one request (a client assertion) with masking and redaction. */
  readonly secret: (value: string) => void
}

export interface ClientAuth<P extends AttemptPlan = AttemptPlan> {
  readonly family: ClientAuthFamily
  /** The next way to try, given what the attempts so far got; undefined when they settle it. */
  readonly next: (spec: CheckSpec, attempts: readonly AttemptRecord<P>[], ctx: AuthContext) => P | undefined
  /** Adds the client authentication to a token request built by the grant. */
  readonly authenticate: (spec: CheckSpec, plan: P, request: TokenRequest, ctx: AuthContext) => Promise<TokenRequest>
  /** What the attempts prove about the client authentication (also when a token came back). */
  readonly conclude: (spec: CheckSpec, attempts: readonly AttemptRecord<P>[], ctx: AuthContext) => Finding[]
  /** `… → HTTP 401 invalid_client; …`, for hints. */
  readonly describe: (spec: CheckSpec, attempts: readonly AttemptRecord<P>[]) => string
  /** The RFC 8414 name of what a plan sent (or, without a plan, what the check is configured for). */
  readonly methodName: (spec: CheckSpec, plan: P | undefined) => AuthMethodName
}
