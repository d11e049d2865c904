// Runs one check: mask, locate the token endpoint, exchange, assess the token, probe the API,
// assemble the result. Orchestration only: every decision lives in the layer it belongs to. The
// network, the masking and the clock come in through CheckDeps, so this runs the same in the
// Action, in tests and in any other shell.

import { assessClientCert, assessSecretExpiry } from './assess/expiry.js'
import { findApiEndpoint, type ApiEndpointFound } from './assess/api-endpoint.js'
import { runProbe } from './assess/probe.js'
import { assessToken } from './assess/token.js'
import { keyMaterialForms } from './client-auth/keys.js'
import { secretForms, valueForms } from './client-auth/secret-encoding.js'
import { locate } from './endpoint/locate.js'
import { localhostProblems } from './endpoint/url-rules.js'
import { authContext, exchange, winnerOf } from './exchange/attempts.js'
import { Session, type CheckDeps } from './exchange/session.js'
import { finding, type Finding } from './findings/codes.js'
import { explainFailure, markIncompleteMetadata, markStaleExpiry } from './findings/enrich.js'
import { grantFor } from './grant/index.js'
import { buildResult, type CheckRun, type ResultParts } from './report/result.js'
import type { TokenGrant } from './exchange/classify.js'
import { PROVIDERS, type ProviderId } from './providers/index.js'
import type { Provider } from './providers/types.js'
import { configuredTokenUrl, issuerOf, type CheckSpec, type ProbeSpec } from './spec.js'

export type { CheckDeps } from './exchange/session.js'

export async function runCheck(spec: CheckSpec, deps: CheckDeps): Promise<CheckRun> {
  const session = new Session(deps, transportOptions(spec, deps.userAgent))
  // Mask before the first request, so no later log line can show any form of the secret.
  for (const s of credentialForms(spec)) session.secret(s)

  const expiry = assessSecretExpiry(spec, session.now())
  const cert = assessClientCert(spec, session.now())
  const findings: Finding[] = [...expiry.findings, ...cert.findings, ...spec.presetWarnings.map(w => finding('PROVIDER_RULE', w))]
  const done = (parts: Omit<ResultParts, 'name' | 'spec' | 'secrets' | 'secretDaysLeft' | 'certNotAfter' | 'findings'>): CheckRun =>
    buildResult({ name: spec.name, spec, secrets: session.known(), secretDaysLeft: expiry.daysLeft, certNotAfter: cert.notAfter, findings, ...parts })
  // An expired or not yet valid certificate fails the handshake or the check: say so before sending.
  if (cert.findings.some(f => f.code === 'CLIENT_CERT_EXPIRED')) return done({ tokenUrl: configuredTokenUrl(spec) })
  // Plain http to a *.localhost name only if it really is loopback.
  const urls = [configuredTokenUrl(spec), issuerOf(spec) ?? '', spec.probe?.url ?? '']
  const insecure = await localhostProblems(urls, spec.allowInsecureHttp, deps.lookup, spec.timeoutMs)
  if (insecure.length > 0) {
    findings.push(...insecure)
    return done({ tokenUrl: configuredTokenUrl(spec) })
  }

  // 1. Where to send the token request.
  const context = (tokenUrl: string, issuer: string | null = issuerOf(spec)) => authContext(session, tokenUrl, issuer)
  const located = await locate(spec, session, context)
  findings.push(...located.findings)
  const { tokenUrl, metadata } = located
  if (!located.ok) return done({ tokenUrl, metadata })

  // 2. The token exchange.
  const checked: CheckSpec = { ...spec, autoFirst: located.autoFirst }
  const result = await exchange(checked, context(tokenUrl, metadata?.issuer ?? null), session)
  const { attempts } = result
  const winner = winnerOf(attempts)
  const grant = winner?.result.kind === 'token' ? winner.result.grant : undefined
  if (!grant) {
    findings.push(...explainFailure(result.findings, { attempts, tried: result.tried, metadata, tokenUrl, grantType: spec.grant.type }))
    return done({ tokenUrl, metadata, attempts })
  }
  findings.push(...result.findings)
  findings.splice(0, findings.length, ...markIncompleteMetadata(markStaleExpiry(findings)))

  // 3. What the token proves, and whether the API takes it.
  const assessment = assessToken(checked, grant, session.now())
  findings.push(...assessment.findings)
  const api = await apiEndpointOf(checked, grant, metadata?.issuer ?? null, session)
  if (api.problem) findings.push(api.problem)
  const probeSpec = resolveProbe(checked.probe, api.apiEndpoint)
  const probe = probeSpec ? await runProbe(probeSpec, grant, assessment, session) : undefined
  if (probe?.problem) findings.push(probe.problem)
  return done({ tokenUrl, metadata, attempts, winner, grant, assessment, probe: probe?.summary ?? null, apiEndpoint: api.apiEndpoint })
}

/** The tenant's API host, for providers that publish it after a token (NICE CXone). */
async function apiEndpointOf(spec: CheckSpec, grant: TokenGrant, discoveredIssuer: string | null, session: Session): Promise<ApiEndpointFound> {
  const lookup = spec.provider !== null && spec.provider in PROVIDERS ? (PROVIDERS[spec.provider as ProviderId] as Provider).apiEndpoint : undefined
  const issuer = issuerOf(spec) ?? discoveredIssuer
  if (!lookup || issuer === null) return { apiEndpoint: null, problem: undefined }
  const relative = spec.probe?.relativeTo === 'api-endpoint' ? spec.probe.url : null
  return findApiEndpoint(lookup, issuer, grant, session, spec.allowInsecureHttp, relative)
}

/** An absolute probe as given; a path resolved against the API host, or no probe without one. */
function resolveProbe(probe: ProbeSpec | null, apiEndpoint: string | null): ProbeSpec | null {
  if (!probe || probe.relativeTo === null) return probe
  return apiEndpoint === null ? null : { ...probe, url: new URL(probe.url, `${apiEndpoint}/`).href, relativeTo: null }
}

function transportOptions(spec: CheckSpec, userAgent: string) {
  const auth = spec.clientAuth
  const mtls = auth.method === 'tls_client_auth' || auth.method === 'self_signed_tls_client_auth' ? auth.certificate : undefined
  return {
    timeoutMs: spec.timeoutMs,
    retries: spec.retries,
    userAgent,
    tls: { ...(spec.caCert ? { ca: spec.caCert } : {}), ...(mtls ? { cert: mtls.certPem, key: mtls.keyPem } : {}) }
  }
}

/** Every form of every credential the spec holds: the secret's, the grant's own, and the key material's lines. */
export function credentialForms(spec: CheckSpec): string[] {
  const auth = spec.clientAuth
  return [
    ...secretForms(spec.clientId, spec.clientSecret),
    ...grantFor(spec)
      .credentials(spec)
      .flatMap(c => valueForms(c.value)),
    ...(auth.method === 'private_key_jwt' ? keyMaterialForms(auth.key.text) : []),
    ...(auth.method === 'tls_client_auth' || auth.method === 'self_signed_tls_client_auth' ? keyMaterialForms(auth.certificate.keyPem) : [])
  ]
}
