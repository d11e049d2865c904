// Where the token request goes: the configured URL, the issuer's discovered token_endpoint (which
// must meet the same URL rules), or the region that knows the client.

import type { AuthContext } from '../client-auth/types.js'
import type { Session } from '../exchange/session.js'
import { finding, type Finding } from '../findings/codes.js'
import type { AuthPlacement, CheckSpec } from '../spec.js'
import { cleanServerText } from '../text.js'
import { advertisedPlacement, discover, grantAdvertised, grantNotAdvertisedFinding, type Metadata } from './discovery.js'
import { detectRegion } from './region.js'
import { discoveredEndpointProblem } from './url-rules.js'

export type Located =
  | {
      readonly ok: true
      readonly tokenUrl: string
      readonly metadata: Metadata | undefined
      /** Which placement `auto` tries first: the metadata's word over the preset's. */
      readonly autoFirst: AuthPlacement
      readonly findings: readonly Finding[]
    }
  /** Nowhere to send the token request (or somewhere it must not go). */
  | { readonly ok: false; readonly tokenUrl: string; readonly metadata: Metadata | undefined; readonly findings: readonly Finding[] }

export async function locate(spec: CheckSpec, session: Session, context: (tokenUrl: string) => AuthContext): Promise<Located> {
  const endpoint = spec.endpoint
  if (endpoint.kind === 'url') return { ok: true, tokenUrl: endpoint.tokenUrl, metadata: undefined, autoFirst: spec.autoFirst, findings: [] }
  if (endpoint.kind === 'regions') {
    const region = await detectRegion(spec, endpoint.candidates, context, session)
    return region.tokenUrl === undefined
      ? { ok: false, tokenUrl: '', metadata: undefined, findings: [region.finding] }
      : { ok: true, tokenUrl: region.tokenUrl, metadata: undefined, autoFirst: spec.autoFirst, findings: [region.finding] }
  }

  const discovered = await discover(endpoint.issuer, session)
  if (typeof discovered === 'string') {
    const fallback = endpoint.tokenUrl === null ? '' : ' The check went on with token-url.'
    const failed = finding(
      'DISCOVERY_FAILED',
      `Could not use the metadata of issuer ${endpoint.issuer}: ${discovered}.${fallback}`,
      endpoint.tokenUrl === null ? undefined : 'Fix the issuer URL, or remove the issuer input: token-url alone is enough.'
    )
    return endpoint.tokenUrl === null
      ? { ok: false, tokenUrl: '', metadata: undefined, findings: [failed] }
      : { ok: true, tokenUrl: endpoint.tokenUrl, metadata: undefined, autoFirst: spec.autoFirst, findings: [failed] }
  }
  return fromMetadata(spec, endpoint.tokenUrl, discovered)
}

/** What the metadata settles: the token URL (RFC 8705 §5: the mTLS alias for mTLS clients), what auto tries first, and warnings. Pure. */
export function fromMetadata(spec: CheckSpec, configuredUrl: string | null, metadata: Metadata): Located {
  const findings: Finding[] = []
  if (!grantAdvertised(metadata, spec.grant.type)) findings.push(grantNotAdvertisedFinding(metadata, spec.grant.type))
  const mtls = spec.clientAuth.method === 'tls_client_auth' || spec.clientAuth.method === 'self_signed_tls_client_auth'
  const tokenUrl = configuredUrl ?? (mtls ? metadata.mtlsTokenEndpoint : null) ?? metadata.tokenEndpoint
  const auth = spec.clientAuth
  if ((auth.method === 'private_key_jwt' || auth.method === 'client_secret_jwt') && metadata.signingAlgs && !metadata.signingAlgs.includes(auth.signingAlg)) {
    findings.push(
      finding(
        'SIGNING_ALG_NOT_ADVERTISED',
        `signing-alg ${auth.signingAlg} is not in the server's token_endpoint_auth_signing_alg_values_supported (${cleanServerText(metadata.signingAlgs.join(', '), 200) || 'empty'}).`
      )
    )
  }
  const problem = discoveredEndpointProblem(tokenUrl, spec.allowInsecureHttp)
  if (problem) return { ok: false, tokenUrl, metadata, findings: [...findings, problem] }
  return { ok: true, tokenUrl, metadata, autoFirst: advertisedPlacement(metadata), findings }
}
