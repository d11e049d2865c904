// Reads the claims of an access token that happens to be a JWT. No signature check: the check
// only reports what the token says; the API (probe-url) is the one that verifies it.

import { decodeJwt } from 'jose'

/** The claims the report shows. Server-controlled values: clean before printing. */
export interface TokenClaims {
  readonly iss: string | null
  readonly aud: readonly string[]
  readonly exp: number | null
  readonly iat: number | null
  /** `azp`, or `client_id` (RFC 9068), or Entra's `appid`. */
  readonly clientId: string | null
  /** Space-separated `scope` (RFC 9068) or the `scp` claim (Entra, Okta), as a list. */
  readonly scopes: readonly string[] | null
}

export function readClaims(token: string): TokenClaims | undefined {
  if (token.split('.').length !== 3) return undefined
  let payload: Record<string, unknown>
  try {
    payload = decodeJwt(token)
  } catch {
    return undefined
  }
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  const aud = payload['aud']
  const scope = payload['scope'] ?? payload['scp']
  return {
    iss: str(payload['iss']),
    aud: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [],
    exp: num(payload['exp']),
    iat: num(payload['iat']),
    clientId: str(payload['azp']) ?? str(payload['client_id']) ?? str(payload['appid']),
    scopes:
      typeof scope === 'string'
        ? scope.split(' ').filter(Boolean)
        : Array.isArray(scope)
          ? scope.filter((s): s is string => typeof s === 'string')
          : null
  }
}
