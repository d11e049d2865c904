// The tenant's API host, where the provider publishes it after a token (NICE CXone: GET
// {issuer}/.well-known/cxone-configuration?tenantId=<tenant> → api_endpoint). The tenant comes
// from a claim of the tokens just issued. Any failure here is a warning: the token was issued, so
// the credentials are fine; only the relative probe cannot run.

import { decodeJwt } from 'jose'
import { parseJsonObject, transportFinding, type TokenGrant } from '../exchange/classify.js'
import type { Session } from '../exchange/session.js'
import { finding, type Finding } from '../findings/codes.js'
import { isInsecure } from '../endpoint/url-rules.js'
import type { ApiEndpointLookup } from '../providers/types.js'
import { cleanServerText } from '../text.js'

export interface ApiEndpointFound {
  /** The API host's base URL (no trailing slash), or null when it could not be found. */
  readonly apiEndpoint: string | null
  readonly problem: Finding | undefined
}

/** The tenant named by the first token (id token first, then the access token) that is a JWT with the claim. */
export function tenantOf(grant: TokenGrant, claim: string): string | undefined {
  for (const token of [...grant.otherSecrets, grant.accessToken]) {
    if (token.split('.').length !== 3) continue
    try {
      const value = decodeJwt(token)[claim]
      if (typeof value === 'string' && value !== '') return value
      if (typeof value === 'number') return String(value)
    } catch {
      // Not a JWT after all (a refresh token may contain dots).
    }
  }
  return undefined
}

/** The base URL in the document, if it is an absolute http(s) URL the token may be sent to. */
export function readApiEndpoint(body: string, field: string, allowInsecureHttp: boolean): string | { problem: string } {
  const json = parseJsonObject(body)
  if (!json) return { problem: 'the answer is not a JSON object' }
  const value = json[field]
  if (typeof value !== 'string' || !URL.canParse(value)) return { problem: `it has no ${field} URL` }
  const url = new URL(value)
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.hash !== '') {
    return { problem: `its ${field} (${cleanServerText(value, 120)}) is not a plain http(s) URL` }
  }
  if (isInsecure(url, allowInsecureHttp)) return { problem: `its ${field} ${cleanServerText(url.origin, 120)} is plain http:// to a remote host; the token is not sent there` }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export async function findApiEndpoint(
  lookup: ApiEndpointLookup,
  issuer: string,
  grant: TokenGrant,
  session: Session,
  allowInsecureHttp: boolean,
  /** Said in the warning when the probe could not run for want of the host. */
  skippedProbe: string | null
): Promise<ApiEndpointFound> {
  const skipped = skippedProbe ? ` probe-url ${skippedProbe} was not called.` : ''
  const unknown = (why: string): ApiEndpointFound => ({ apiEndpoint: null, problem: finding('API_ENDPOINT_UNKNOWN', `${why}.${skipped}`) })
  const tenant = tenantOf(grant, lookup.tenantClaim)
  if (tenant === undefined) {
    return unknown(`The token was issued, but no token in the answer carries a \`${lookup.tenantClaim}\` claim, so the tenant's API host could not be looked up`)
  }
  const url = lookup.documentUrl(issuer, tenant)
  const outcome = await session.send({ method: 'GET', url, headers: { Accept: 'application/json', 'User-Agent': session.userAgent }, body: '' })
  const shown = cleanServerText(url, 300)
  if (outcome.kind !== 'network' && outcome.status !== 200) {
    // No redirect is followed: the tenant configuration comes from the issuer itself.
    return unknown(`The tenant configuration ${shown} answered HTTP ${outcome.status}`)
  }
  if (outcome.kind !== 'response') {
    const failed = transportFinding(outcome, 'The tenant configuration', url)
    return unknown(`${(failed?.message ?? 'The tenant configuration could not be read').replace(/\.$/, '')} (${shown})`)
  }
  const read = readApiEndpoint(outcome.body, lookup.field, allowInsecureHttp)
  if (typeof read !== 'string') return unknown(`The tenant configuration ${shown} could not be used: ${read.problem}`)
  return { apiEndpoint: read, problem: undefined }
}
