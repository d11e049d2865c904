// Authorization server metadata: where to find it for an issuer, whether to trust it, and what it
// tells the check. OpenID Connect Discovery 1.0 §4 appends the well-known path to the issuer;
// RFC 8414 §3.1 inserts it between the host and the issuer's path. Only `discover` does I/O, through
// the session it is given.

import { parseJsonObject } from '../exchange/classify.js'
import type { Session } from '../exchange/session.js'
import { finding, type Finding } from '../findings/codes.js'
import type { HttpOutcome } from '../net/outcome.js'
import type { AuthPlacement, GrantType } from '../spec.js'
import { cleanServerText, serverText } from '../text.js'

export interface Metadata {
  /** Where the metadata was read. */
  readonly url: string
  readonly issuer: string | null
  readonly tokenEndpoint: string
  /** null when the server does not say (RFC 8414: then client_secret_basic). */
  readonly authMethods: readonly string[] | null
  readonly grantTypes: readonly string[] | null
  /** token_endpoint_auth_signing_alg_values_supported, for client assertions. */
  readonly signingAlgs: readonly string[] | null
  /** RFC 8705 §5: mtls_endpoint_aliases.token_endpoint, for mutual-TLS clients. */
  readonly mtlsTokenEndpoint: string | null
}

export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer)
  const path = url.pathname.replace(/\/$/, '')
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`
  ]
}

/** A parsed metadata document, or why it is not one. */
export function readMetadata(json: Readonly<Record<string, unknown>> | undefined, url: string): Metadata | string {
  if (!json) return 'not a JSON object'
  const tokenEndpoint = json['token_endpoint']
  if (typeof tokenEndpoint !== 'string' || !URL.canParse(tokenEndpoint)) return 'no token_endpoint URL in it'
  const list = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null)
  const issuer = json['issuer']
  const aliases = json['mtls_endpoint_aliases']
  const mtls = aliases !== null && typeof aliases === 'object' ? (aliases as Record<string, unknown>)['token_endpoint'] : undefined
  return {
    url,
    issuer: typeof issuer === 'string' ? issuer : null,
    tokenEndpoint,
    authMethods: list(json['token_endpoint_auth_methods_supported']),
    grantTypes: list(json['grant_types_supported']),
    signingAlgs: list(json['token_endpoint_auth_signing_alg_values_supported']),
    mtlsTokenEndpoint: typeof mtls === 'string' && URL.canParse(mtls) ? mtls : null
  }
}

/** Which placement `auto` should try first: what the server advertises (RFC 8414 §2 default: Basic). */
export function advertisedPlacement(meta: Metadata): AuthPlacement {
  const methods = meta.authMethods
  if (!methods || methods.includes('client_secret_basic')) return 'header'
  return methods.includes('client_secret_post') ? 'body' : 'header'
}

/** Whether the metadata lists the grant (RFC 8414 §2: absent means the server does not say). */
export function grantAdvertised(meta: Metadata, grantType: GrantType = 'client_credentials'): boolean {
  return meta.grantTypes === null || meta.grantTypes.includes(grantType)
}

export function grantNotAdvertisedFinding(meta: Metadata, grantType: GrantType = 'client_credentials'): Finding {
  return finding(
    'GRANT_NOT_ADVERTISED',
    `The metadata at ${meta.url} lists grant_types_supported = ${serverText((meta.grantTypes ?? []).join(', '), 200) || '(none)'}, without ${grantType}.`
  )
}

/**
 * The document's issuer must be on the configured issuer's origin (OpenID Connect Discovery §4.3,
 * RFC 8414 §3.3): otherwise a typo or a hijacked document could send the secret to another host.
 * The path may differ (reported: Entra ID names the tenant by its ID where the input may use a domain).
 */
export function issuerOriginProblem(metadata: Metadata, issuer: string, url: string): string | undefined {
  const claimed = metadata.issuer !== null && URL.canParse(metadata.issuer) ? new URL(metadata.issuer).origin : null
  const expected = new URL(issuer).origin
  if (claimed === expected) return undefined
  return `${url} names issuer ${serverText(metadata.issuer ?? '(none)', 120)}, not one on ${expected}; no token request was sent`
}

/** Discovery may follow a redirect within the metadata URL's origin (no credentials are sent), never across, at most 3 hops. */
export function redirectToFollow(outcome: HttpOutcome, current: string, start: string, hops: number): string | undefined {
  const location = outcome.kind === 'response' && outcome.status >= 300 && outcome.status < 400 ? outcome.headers['location'] : undefined
  if (!location || hops >= 3 || !URL.canParse(location, current)) return undefined
  const next = new URL(location, current)
  return next.origin === new URL(start).origin ? next.href : undefined
}

/** GET the metadata: OIDC location first (the most common), then RFC 8414's. A string says why none could be used. */
export async function discover(issuer: string, session: Session): Promise<Metadata | string> {
  const problems: string[] = []
  for (const url of metadataUrls(issuer)) {
    const outcome = await getFollowingSameOrigin(url, session)
    if (outcome.kind !== 'response' || outcome.status !== 200) {
      const what =
        outcome.kind === 'network' ? `${outcome.failure} (${cleanServerText(outcome.detail, 60)})` : outcome.kind === 'too-large' ? 'larger than 1 MiB' : `HTTP ${outcome.status}`
      problems.push(`${url} → ${what}`)
      continue
    }
    const metadata = readMetadata(parseJsonObject(outcome.body), url)
    if (typeof metadata === 'string') {
      problems.push(`${url} → ${metadata}`)
      continue
    }
    return issuerOriginProblem(metadata, issuer, url) ?? metadata
  }
  return problems.join('; ')
}

async function getFollowingSameOrigin(url: string, session: Session): Promise<HttpOutcome> {
  let current = url
  for (let hops = 0; ; hops++) {
    const outcome = await session.send({ method: 'GET', url: current, headers: { Accept: 'application/json', 'User-Agent': session.userAgent }, body: '' })
    const next = redirectToFollow(outcome, current, url, hops)
    if (next === undefined) return outcome
    current = next
  }
}
