// The grant registry: one line per grant file. Builds the unauthenticated token request.

import type { TokenRequest } from '../exchange/request.js'
import type { CheckSpec, GrantType } from '../spec.js'
import { clientCredentials } from './client-credentials.js'
import type { Grant } from './types.js'

const GRANTS: Readonly<Record<GrantType, Grant>> = {
  client_credentials: clientCredentials
}

export function grantFor(spec: CheckSpec): Grant {
  return GRANTS[spec.grant.type]
}

/** The token request with the grant's parameters and no client authentication yet. */
export function grantRequest(spec: CheckSpec, tokenUrl: string, userAgent: string): TokenRequest {
  return {
    url: tokenUrl,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': userAgent },
    params: grantFor(spec).params(spec)
  }
}
