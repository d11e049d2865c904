// What one HTTP exchange gives the pure core: plain data, whether the server answered, the body
// was too large, or the network failed. The transport fills it in; everything else reads it.

/** `proxy-auth`: the proxy answered CONNECT with 407; `proxy`: any other failure of the proxy itself. */
export type NetworkFailure = 'dns' | 'refused' | 'tls' | 'timeout' | 'network' | 'proxy-auth' | 'proxy'

export type HttpOutcome =
  | {
      readonly kind: 'response'
      readonly status: number
      /** Lower-cased names. */
      readonly headers: Readonly<Record<string, string>>
      readonly body: string
      readonly latencyMs: number
      readonly tries: number
    }
  | {
      readonly kind: 'too-large'
      readonly status: number
      readonly headers: Readonly<Record<string, string>>
      readonly latencyMs: number
      readonly tries: number
    }
  | {
      readonly kind: 'network'
      readonly failure: NetworkFailure
      /** The error code or message from Node (not from the server). */
      readonly detail: string
      readonly latencyMs: number
      readonly tries: number
    }

export interface HttpRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** May hold the client secret: never logged, never part of an error. */
  readonly body: string
}

export interface TlsMaterial {
  /** PEM; trusted in addition to Node's built-in roots. */
  readonly ca?: string
  /** PEM client certificate and key, presented when the server asks. */
  readonly cert?: string
  readonly key?: string
}

export interface TransportOptions {
  readonly timeoutMs: number
  readonly retries: number
  readonly userAgent: string
  readonly maxBodyBytes?: number
  /** Client certificate and extra trusted CA for https (RFC 8705 mutual TLS, private CAs). */
  readonly tls?: TlsMaterial
  /** An overall deadline (epoch ms) for every try and wait of this request, when it has one. */
  readonly deadlineMs?: number
  /** For tests: a deterministic clock for backoff. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** Something that performs HTTP exchanges; tests may pass their own. */
export type Transport = (request: HttpRequest, options: TransportOptions) => Promise<HttpOutcome>

export function statusOfOutcome(outcome: HttpOutcome): number | undefined {
  return outcome.kind === 'network' ? undefined : outcome.status
}
