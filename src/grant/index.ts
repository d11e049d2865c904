// The grant registry: one line per grant file. Builds the unauthenticated token request.

import type { TokenRequest } from '../exchange/request.js'
import type { CheckSpec, GrantType } from '../spec.js'
import { clientCredentials } from './client-credentials.js'
import { password } from './password.js'
import type { Grant, GrantCredential } from './types.js'

const GRANTS: Readonly<Record<GrantType, Grant>> = {
  client_credentials: clientCredentials,
  password
}

export const GRANT_TYPES = Object.keys(GRANTS) as GrantType[]

export function grantFor(spec: CheckSpec): Grant {
  return GRANTS[spec.grant.type]
}

/** The token request with the grant's parameters and no client authentication yet. */
export function grantRequest(spec: CheckSpec, tokenUrl: string, userAgent: string, trimmed = false): TokenRequest {
  return {
    url: tokenUrl,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': userAgent },
    params: grantFor(spec).params(spec, trimmed)
  }
}

/** The grant's own credentials that have leading or trailing whitespace. */
export function grantCredentialsWithWhitespace(spec: CheckSpec): GrantCredential[] {
  return grantFor(spec).credentials(spec).filter(c => c.value !== c.value.trim())
}
