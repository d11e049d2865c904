// Authorization server metadata: where to find it for an issuer, and what it tells the check.
// OpenID Connect Discovery 1.0 §4 appends the well-known path to the issuer; RFC 8414 §3.1
// inserts it between the host and the issuer's path. Pure.

import { finding, type Finding } from './findings.js'
import { cleanServerText } from './text.js'
import type { AuthPlacement } from './spec.js'

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

export function grantAdvertised(meta: Metadata): boolean {
  return meta.grantTypes === null || meta.grantTypes.includes('client_credentials')
}

export function grantNotAdvertisedFinding(meta: Metadata): Finding {
  return finding(
    'GRANT_NOT_ADVERTISED',
    `The metadata at ${meta.url} lists grant_types_supported = ${cleanServerText((meta.grantTypes ?? []).join(', '), 200) || '(none)'}, without client_credentials.`
  )
}
