// The closed set of finding codes: one table holds each code's severity, verdict and default fix,
// so the summary, the annotations and the README's troubleshooting section cannot drift apart.

export type Severity = 'error' | 'warning' | 'notice'

/** What a failing check says about the credentials themselves. */
export type Verdict = 'valid' | 'invalid' | 'misconfigured' | 'indeterminate'

export type Status = 'healthy' | 'degraded' | 'failing'

/**
 * `input`: the step is misconfigured and nothing was checked (always fails the step);
 * `oauth`: the server's own OAuth error answer, which provider details and metadata can sharpen;
 * `check`: everything else a check can find.
 */
export type CodeGroup = 'input' | 'oauth' | 'check'

interface CodeInfo {
  readonly group: CodeGroup
  readonly severity: Severity
  /** The verdict this code implies when it is the deciding finding of a check. */
  readonly verdict: Verdict
  /** Short human title, as the README's troubleshooting entry is headed. */
  readonly title: string
  /** The default fix; a finding may carry a more specific one. */
  readonly hint: string
}

export const CODES = {
  INVALID_INPUT: {
    group: 'input',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'An input is missing or malformed',
    hint: 'Fix the named input in the workflow file; no request was sent.'
  },
  INSECURE_URL: {
    group: 'input',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'Plain http:// to a non-loopback host',
    hint: 'Use the https:// URL of the endpoint. Only for a test server on a private network, set allow-insecure-http: true.'
  },
  DNS_FAILURE: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The host name does not resolve',
    hint: 'Check the host name for typos and, for regional providers, that the region part of the host is right.'
  },
  CONNECTION_REFUSED: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'Nothing accepts connections at that address',
    hint: 'Check the port and scheme of the URL, and that the server is up and reachable from the runner (firewall, self-hosted runner network).'
  },
  TLS_ERROR: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The TLS handshake or certificate check failed',
    hint: 'The server certificate is not trusted (self-signed, private CA, expired or wrong host name), or the port does not speak TLS. For a private CA, pass its PEM certificate as ca-cert (or point NODE_EXTRA_CA_CERTS at its file in the step env).'
  },
  TIMEOUT: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The server did not answer in time',
    hint: 'No complete answer arrived within the timeout: the server is hung or slow, or a firewall silently drops the packets. Check the server and the network path from the runner, or raise timeout if it is just slow.'
  },
  NETWORK_ERROR: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The connection failed',
    hint: 'The connection broke before a complete answer arrived. Check proxies (HTTPS_PROXY / NO_PROXY) and the server; a rerun tells a blip from an outage.'
  },
  PROXY_AUTH_REQUIRED: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The proxy requires authentication',
    hint: 'The proxy named in HTTPS_PROXY answered HTTP 407 to the tunnel request, so nothing reached the server and the credentials were not tested. Put the proxy credentials in HTTPS_PROXY (http://user:password@proxy:port, from a secret), or add the token host to NO_PROXY if it must be reached directly.'
  },
  ENDPOINT_NOT_FOUND: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The URL is not a token endpoint',
    hint: 'The URL answered 404/405 or with an HTML page: it is not the token endpoint. Take the token_endpoint value from the provider\'s /.well-known/openid-configuration.'
  },
  REDIRECT_BLOCKED: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The token endpoint redirected',
    hint: 'A token endpoint must answer directly; following a redirect would re-send the credentials to another URL. Use the final URL as token-url after checking that you trust it.'
  },
  BLOCKED_BY_GATEWAY: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'A gateway or WAF answered instead of the authorization server',
    hint: 'The request was stopped before the authorization server saw it, so the credentials were not judged. Ask whoever runs the gateway or WAF to allow the runner\'s address (or the token endpoint\'s path) and retry; a self-hosted runner inside the allowed network avoids it.'
  },
  RATE_LIMITED: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The server is rate limiting (HTTP 429)',
    hint: 'The server refused to answer for now. Schedule checks less often, or spread them (fewer parallel checks against the same provider).'
  },
  SERVER_ERROR: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The server failed (HTTP 5xx)',
    hint: 'The authorization server failed; the credentials could not be judged. Check the provider\'s status page and retry later.'
  },
  RESPONSE_TOO_LARGE: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The response is larger than 1 MiB',
    hint: 'No token response is that large: the URL probably serves something else (a file or a page). Check token-url.'
  },
  MALFORMED_RESPONSE: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The response is not an OAuth token response',
    hint: 'A successful answer must be JSON with a string access_token (RFC 6749 §5.1). Check that token-url is the token endpoint and not a proxy or a web page.'
  },
  AUTH_PLACEMENT_MISMATCH: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The credentials work, but only in the other place',
    hint: 'The server rejected the credentials where they were sent and accepted them in the other place. Change auth-placement (and the application) to the placement that worked.'
  },
  BASIC_ENCODING_MISMATCH: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The server reads the Basic header without form-decoding',
    hint: 'The server accepted the id and secret in the Basic header only when they were not form-encoded first (RFC 6749 §2.3.1 says they should be). Send the raw values, or rotate to a secret with only letters and digits.'
  },
  AUTH_PLACEMENT_DETECTED: {
    group: 'check',
    severity: 'notice',
    verdict: 'valid',
    title: 'Auto-detected where the server wants the credentials',
    hint: 'Pin auth-placement to the value that worked, so the check sends exactly what the application sends.'
  },
  INVALID_CLIENT: {
    group: 'oauth',
    severity: 'error',
    verdict: 'invalid',
    title: 'The server rejected the client credentials',
    hint: 'The client id or secret is wrong, expired or rotated, or the client belongs to another tenant, region or environment. Copy the secret value again (not its id), and check the host.'
  },
  USER_CREDENTIALS_REJECTED: {
    group: 'oauth',
    severity: 'error',
    verdict: 'invalid',
    title: 'The server rejected the user credentials of the password grant',
    hint: 'The client was not what the server refused: it answered invalid_grant to username and password (RFC 6749 §5.2: invalid, expired or revoked). Check that both hold the current pair and that the user is active. For NICE CXone they are an API user\'s access key ID and access key secret: generate a new access key for that user in CXone and store both halves. Leave client-id and client-secret as they are.'
  },
  UNAUTHORIZED_CLIENT: {
    group: 'oauth',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The client may not use the client_credentials grant',
    hint: 'The credentials were accepted, but the client is not allowed this grant. Enable client credentials for the app (Keycloak: service accounts; Auth0: the grant type and an API authorization).'
  },
  UNSUPPORTED_GRANT_TYPE: {
    group: 'oauth',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The server does not support client_credentials here',
    hint: 'The server has no client_credentials grant at this endpoint, or did not parse the form body. Check the endpoint and that nothing between the runner and the server rewrites the body.'
  },
  INVALID_SCOPE: {
    group: 'oauth',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'A requested scope is unknown or not granted',
    hint: 'Request only scopes the client was granted. Entra ID wants <resource>/.default; Okta custom servers need a scope; Okta\'s org server rejects custom scopes.'
  },
  INVALID_REQUEST: {
    group: 'oauth',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The server rejected the request as malformed',
    hint: 'A parameter is missing or duplicated (for example audience for Auth0), or the credentials were sent in two places. Read the server\'s error description.'
  },
  OAUTH_ERROR: {
    group: 'oauth',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The server refused the request',
    hint: 'The server answered with an error this check has no specific advice for; its description is in the message.'
  },
  SECRET_WHITESPACE: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The stored id or secret has leading or trailing whitespace',
    hint: 'The stored value ends (or starts) with whitespace, typically a newline from copy-paste or `echo`. Store the value again without it (printf %s, not echo).'
  },
  DISCOVERY_FAILED: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The issuer\'s metadata could not be read',
    hint: 'Check the issuer URL: its /.well-known/openid-configuration (or RFC 8414 /.well-known/oauth-authorization-server) must return JSON with a token_endpoint. Or set token-url directly.'
  },
  GRANT_NOT_ADVERTISED: {
    group: 'check',
    severity: 'warning',
    verdict: 'misconfigured',
    title: 'The server does not advertise the requested grant',
    hint: 'The metadata\'s grant_types_supported lacks the requested grant: the platform may not offer it at all, and rotating the secret will not help. Use a grant the metadata lists (NICE CXone back-end apps, for example, use the password grant with an API user\'s access key pair: provider: nice-cxone).'
  },
  METADATA_INCOMPLETE: {
    group: 'check',
    severity: 'notice',
    verdict: 'valid',
    title: 'The metadata omits the grant the server just honoured',
    hint: 'The server issued a token although its metadata\'s grant_types_supported lacks the grant that was requested: the metadata is incomplete, nothing needs changing on your side. Tools that trust the metadata may refuse this grant; the server\'s operators can add it.'
  },
  TOKEN_TTL_TOO_SHORT: {
    group: 'check',
    severity: 'warning',
    verdict: 'valid',
    title: 'The token lives shorter than min-ttl',
    hint: 'The application will have to fetch tokens more often than expected. Raise the token lifetime for this client on the server, or lower min-ttl if this is intended.'
  },
  TOKEN_LIFETIME_UNKNOWN: {
    group: 'check',
    severity: 'notice',
    verdict: 'valid',
    title: 'The token\'s lifetime is unknown',
    hint: 'The response has no expires_in and the token is not a JWT with exp, so min-ttl could not be checked. RFC 6749 §5.1 recommends expires_in.'
  },
  SCOPE_MISSING: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The token lacks a required scope',
    hint: 'Grant the missing scopes to the client on the server (and request them with scope), or drop them from required-scopes.'
  },
  SCOPE_UNVERIFIED: {
    group: 'check',
    severity: 'notice',
    verdict: 'valid',
    title: 'Granted scopes could not be checked',
    hint: 'The response has no scope and the token carries no scope/scp claim. By RFC 6749 §5.1 that means the requested scope was granted as asked; add a probe-url to prove it.'
  },
  AUDIENCE_MISMATCH: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The token is for another audience',
    hint: 'Request the right audience (audience for Auth0, resource for RFC 8707 servers, <resource>/.default scope for Entra ID), or fix expected-audience.'
  },
  TOKEN_TYPE_UNEXPECTED: {
    group: 'check',
    severity: 'warning',
    verdict: 'valid',
    title: 'The token type is not Bearer',
    hint: 'Most APIs accept only Bearer tokens (RFC 6750). Check which token type the API expects and how the client is registered.'
  },
  DPOP_TOKEN: {
    group: 'check',
    severity: 'notice',
    verdict: 'valid',
    title: 'The token is DPoP-bound',
    hint: 'A DPoP token (RFC 9449) must be sent with a DPoP proof for each request; a plain Bearer header will be refused.'
  },
  PROBE_FAILED: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The API did not accept the token',
    hint: '401: the API does not accept this token (wrong audience, region or environment). 403: the token is accepted but lacks a permission or scope. Other statuses: check probe-url and probe-method.'
  },
  SECRET_EXPIRING: {
    group: 'check',
    severity: 'warning',
    verdict: 'valid',
    title: 'The client secret expires soon',
    hint: 'Create a new secret on the server, store it in the repository secret, then delete the old one. Update secret-expires-at afterwards.'
  },
  SECRET_EXPIRED: {
    group: 'check',
    severity: 'error',
    verdict: 'invalid',
    title: 'The client secret has expired',
    hint: 'Create a new secret on the server (Entra: Certificates & secrets), store its value (not its ID) in the repository secret, and update secret-expires-at.'
  },
  PROVIDER_RULE: {
    group: 'check',
    severity: 'warning',
    verdict: 'misconfigured',
    title: 'The request breaks a rule of the selected provider',
    hint: 'Adjust the request as the message says (Entra ID wants <resource>/.default scopes; Okta custom servers need a scope, the org server only okta.* scopes; NICE CXone back-end apps use the password grant).'
  },
  REGION_DETECTED: {
    group: 'check',
    severity: 'notice',
    verdict: 'valid',
    title: 'Found the region that knows this client',
    hint: 'Set region to the value in the message, so the check (and your application) use that region\'s login host directly.'
  },
  CLIENT_CERT_EXPIRED: {
    group: 'check',
    severity: 'error',
    verdict: 'invalid',
    title: 'The client certificate is expired or not yet valid',
    hint: 'Issue a new client certificate, register it (or its CA and subject) with the server, and store the new certificate and key in the repository secrets.'
  },
  ASSERTION_AUDIENCE_MISMATCH: {
    group: 'check',
    severity: 'error',
    verdict: 'misconfigured',
    title: 'The server wants another aud in the client assertion',
    hint: 'The server accepted the assertion only with another audience. Set assertion-audience to the value that worked (and have the application use it).'
  },
  CHECK_CRASHED: {
    group: 'check',
    severity: 'error',
    verdict: 'indeterminate',
    title: 'The check itself failed unexpectedly',
    hint: 'This is a bug in oauth-credential-health, not in your credentials: please report it with the message (it holds no secret). The other checks of the step still ran.'
  },
  API_ENDPOINT_UNKNOWN: {
    group: 'check',
    severity: 'warning',
    verdict: 'indeterminate',
    title: 'The tenant\'s API host could not be found',
    hint: 'The token works, but the tenant configuration (NICE CXone: {issuer}/.well-known/cxone-configuration?tenantId=<tenant>) did not give an api_endpoint, so a relative probe-url could not run. Give probe-url as a full https:// URL on your API host, or retry later if the issuer was failing.'
  },
  SIGNING_ALG_NOT_ADVERTISED: {
    group: 'check',
    severity: 'warning',
    verdict: 'misconfigured',
    title: 'The signing algorithm is not among those the server advertises',
    hint: 'Pick one of token_endpoint_auth_signing_alg_values_supported with signing-alg (and a key of that type), or the server may refuse the assertion.'
  }
} as const satisfies Record<string, CodeInfo>

export type FindingCode = keyof typeof CODES

export interface Finding {
  readonly code: FindingCode
  readonly severity: Severity
  readonly message: string
  readonly hint: string
}

/** A finding with the table's severity, and its hint unless a sharper one is given. */
export function finding(code: FindingCode, message: string, hint?: string): Finding {
  const info: CodeInfo = CODES[code]
  return { code, severity: info.severity, message, hint: hint ?? info.hint }
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 }
const STATUS_RANK: Record<Status, number> = { failing: 0, degraded: 1, healthy: 2 }

export function inGroup(code: FindingCode, group: CodeGroup): boolean {
  return (CODES[code] as CodeInfo).group === group
}

export function statusOf(findings: readonly Finding[]): Status {
  if (findings.some(f => f.severity === 'error')) return 'failing'
  if (findings.some(f => f.severity === 'warning')) return 'degraded'
  return 'healthy'
}

/** Worst first; stable otherwise. */
export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
}

export function worstStatus(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((worst, s) => (STATUS_RANK[s] < STATUS_RANK[worst] ? s : worst), 'healthy')
}

export function compareStatus(a: Status, b: Status): number {
  return STATUS_RANK[a] - STATUS_RANK[b]
}

/**
 * The verdict follows the errors by rank: the server's own judgement of the credentials wins over
 * configuration, which wins over "we could not tell".
 */
export function verdictOf(findings: readonly Finding[], gotToken: boolean): Verdict {
  const errors = findings.filter(f => f.severity === 'error').map(f => CODES[f.code].verdict as Verdict)
  // A server that issued a token accepted the credentials: whatever else is wrong, they are not invalid.
  const invalid = errors.includes('invalid') && !gotToken
  if (invalid) return 'invalid'
  if (errors.includes('misconfigured') || errors.includes('invalid')) return 'misconfigured'
  if (errors.includes('indeterminate')) return 'indeterminate'
  return gotToken ? 'valid' : 'indeterminate'
}
