// Classifies what came back from one HTTP exchange into a token, a credential rejection, or a
// finding. Pure: the transport hands over plain data (HttpOutcome).

import { finding, type Finding, type FindingCode } from '../findings/codes.js'
import type { HttpOutcome, NetworkFailure } from '../net/outcome.js'
import { cleanServerText } from '../text.js'
import { gatewayEvidence, readAnswer } from './rejection.js'

/** RFC 6749 §5.2 error response, plus the vendor extras that change a diagnosis. */
export interface OAuthError {
  readonly error: string
  readonly description: string
  readonly errorCodes: readonly number[]
}

export interface TokenGrant {
  readonly accessToken: string
  readonly tokenType: string | undefined
  readonly expiresIn: number | undefined
  readonly scope: string | undefined
  /** Other credentials in the response (refresh_token, id_token): masked like the access token. */
  readonly otherSecrets: readonly string[]
}

export type AttemptResult =
  | { readonly kind: 'token'; readonly grant: TokenGrant }
  /**
   * The server did not accept the client's authentication as presented: invalid_client, or
   * another shape the rejection table (rejection.ts) reads so. `shape` names which, for reports.
   */
  | { readonly kind: 'rejected'; readonly error: OAuthError | undefined; readonly shape: string }
  /** `error` is the server's OAuth error, when the failure is one. */
  | { readonly kind: 'failed'; readonly finding: Finding; readonly error?: OAuthError }

const NETWORK_CODES: Readonly<Record<NetworkFailure, FindingCode>> = {
  dns: 'DNS_FAILURE',
  refused: 'CONNECTION_REFUSED',
  tls: 'TLS_ERROR',
  timeout: 'TIMEOUT',
  network: 'NETWORK_ERROR'
}

const OAUTH_ERROR_CODES: Readonly<Record<string, FindingCode>> = {
  unauthorized_client: 'UNAUTHORIZED_CLIENT',
  unsupported_grant_type: 'UNSUPPORTED_GRANT_TYPE',
  invalid_scope: 'INVALID_SCOPE',
  invalid_request: 'INVALID_REQUEST'
}

/** `subject` names what was called, e.g. "The token endpoint". */
export function transportFinding(outcome: HttpOutcome, subject: string, url: string): Finding | undefined {
  const host = hostOf(url)
  const tries = outcome.tries > 1 ? ` (after ${outcome.tries} tries)` : ''
  if (outcome.kind === 'network') {
    const what: Record<NetworkFailure, string> = {
      dns: `the host name ${host} does not resolve`,
      refused: `nothing accepted a connection at ${host}`,
      tls: /EPROTO|WRONG_VERSION/.test(outcome.detail)
        ? `${host} does not speak TLS on that port (is it an http:// port?)`
        : `the TLS connection to ${host} failed`,
      timeout: `${host} did not answer in time`,
      network: `the connection to ${host} failed`
    }
    return finding(NETWORK_CODES[outcome.failure], `${subject}: ${what[outcome.failure]} (${cleanServerText(outcome.detail, 120)})${tries}.`)
  }
  if (outcome.kind === 'too-large') {
    return finding('RESPONSE_TOO_LARGE', `${subject} at ${host} sent more than 1 MiB (HTTP ${outcome.status}); the rest was not read.`)
  }
  const { status } = outcome
  if (status >= 300 && status < 400) {
    const location = outcome.headers['location'] ?? ''
    const target = location === '' ? undefined : redirectTarget(location, url)
    const shown = target === undefined ? 'no Location' : target.shown
    return finding(
      'REDIRECT_BLOCKED',
      `${subject} at ${shownUrl(url)} answered HTTP ${status} redirecting to ${shown}; the redirect was not followed, so the credentials were not re-sent.`,
      target?.slashOnly
        ? `The server wants the token URL with${target.withSlash ? '' : 'out'} the trailing slash: set token-url to ${shown} (the same URL${target.withSlash ? ' plus' : ' minus'} the final "/").`
        : undefined
    )
  }
  if (status === 429) {
    const after = outcome.headers['retry-after']
    const wait = after ? ` Retry-After: ${cleanServerText(after, 40)}.` : ''
    return finding('RATE_LIMITED', `${subject} at ${host} answered HTTP 429 Too Many Requests${tries}.${wait}`)
  }
  if (status >= 500) {
    return finding('SERVER_ERROR', `${subject} at ${host} answered HTTP ${status}${tries}${excerpt(outcome.body)}.`)
  }
  if (status === 404 || status === 405) {
    return finding('ENDPOINT_NOT_FOUND', `${subject} at ${url} answered HTTP ${status}: there is no token endpoint at that path.`)
  }
  return undefined
}

/** RFC 6749 §5.1 (success) and §5.2 (error) for a token endpoint answer. */
export function classifyTokenOutcome(outcome: HttpOutcome, url: string): AttemptResult {
  const subject = 'The token endpoint'
  const transport = transportFinding(outcome, subject, url)
  if (transport) return { kind: 'failed', finding: transport }
  if (outcome.kind !== 'response') throw new Error('unreachable: transportFinding covers non-responses')

  const { status, body } = outcome
  const contentType = outcome.headers['content-type'] ?? ''
  const json = parseJsonObject(body)
  const oauthError = json ? readOAuthError(json) : undefined

  const html = looksLikeHtml(contentType, body) && !json
  const gateway = gatewayEvidence(status, outcome.headers, body, html, oauthError !== undefined)
  if (gateway) {
    const who = gateway.who ? ` (${gateway.who})` : ''
    return {
      kind: 'failed',
      finding: finding(
        'BLOCKED_BY_GATEWAY',
        `${subject} at ${hostOf(url)}: the HTTP ${status} answer came from a gateway or WAF${who} in front of the authorization server, not from the server itself (evidence: ${gateway.evidence.join(', ')}), so the credentials were not judged${excerpt(body)}.`
      )
    }
  }
  if (html) {
    return {
      kind: 'failed',
      finding: finding(
        'ENDPOINT_NOT_FOUND',
        `${subject} at ${url} answered HTTP ${status} with an HTML page, not an OAuth response: this URL is a web page, not the token endpoint.`
      )
    }
  }
  if (oauthError || status < 200 || status >= 300) {
    const reading = readAnswer({ status, bodiless: body.trim() === '', error: oauthError?.error.toLowerCase(), description: oauthError?.description ?? '' })
    if (reading?.kind === 'rejection') return { kind: 'rejected', error: oauthError, shape: oauthError ? describe(oauthError, 60) : reading.shape }
    if (reading?.kind === 'cause' && oauthError) {
      const code = reading.code
      return {
        kind: 'failed',
        finding: finding(code, `${subject} answered HTTP ${status} ${describe(oauthError)}; read as ${code.toLowerCase()} from its ${reading.shape === 'non-standard code' ? 'non-standard code' : 'description'}.`),
        error: oauthError
      }
    }
  }
  if (oauthError) {
    const code = OAUTH_ERROR_CODES[oauthError.error] ?? 'OAUTH_ERROR'
    return { kind: 'failed', finding: finding(code, `${subject} answered HTTP ${status} ${describe(oauthError)}.`), error: oauthError }
  }
  if (status < 200 || status >= 300) {
    return {
      kind: 'failed',
      finding: finding(
        'OAUTH_ERROR',
        `${subject} answered HTTP ${status} without an OAuth error body${excerpt(body)}.`,
        'The answer is not an RFC 6749 §5.2 error, so it does not say what was wrong; its text is in the message. If the text names a firewall, gateway or IP allow-list, check the network rules for the runner\'s address; otherwise ask the server\'s operators what it means.'
      )
    }
  }
  if (!json) {
    return {
      kind: 'failed',
      finding: finding('MALFORMED_RESPONSE', `${subject} answered HTTP ${status} with a body that is not a JSON object${excerpt(body)}.`)
    }
  }
  return readGrant(json, status)
}

function readGrant(json: Readonly<Record<string, unknown>>, status: number): AttemptResult {
  const problems: string[] = []
  const accessToken = json['access_token']
  if (typeof accessToken !== 'string' || accessToken === '') problems.push('no string access_token')
  const tokenType = json['token_type']
  if (tokenType !== undefined && typeof tokenType !== 'string') problems.push('token_type is not a string')
  const expiresIn = readExpiresIn(json['expires_in'])
  if (expiresIn === null) problems.push('expires_in is not a plausible number of seconds')
  const scope = json['scope']
  if (scope !== undefined && typeof scope !== 'string') problems.push('scope is not a space-separated string')
  if (problems.length > 0 || typeof accessToken !== 'string') {
    return {
      kind: 'failed',
      finding: finding('MALFORMED_RESPONSE', `The token endpoint answered HTTP ${status} with JSON that is not a token response: ${problems.join(', ')}.`)
    }
  }
  const otherSecrets = ['refresh_token', 'id_token']
    .map(k => json[k])
    .filter((v): v is string => typeof v === 'string' && v !== '')
  return {
    kind: 'token',
    grant: {
      accessToken,
      tokenType: typeof tokenType === 'string' ? tokenType : undefined,
      expiresIn: expiresIn ?? undefined,
      scope: typeof scope === 'string' ? scope : undefined,
      otherSecrets
    }
  }
}

/** Ten years: a longer token lifetime is not plausible, and would overflow date arithmetic. */
export const MAX_LIFETIME_S = 315_360_000

/** A number, or a numeric string (Entra's v1 endpoint sends "3599"); null when it is neither. */
function readExpiresIn(value: unknown): number | undefined | null {
  if (value === undefined) return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : NaN
  return Number.isFinite(n) && n >= 0 && n <= MAX_LIFETIME_S ? n : null
}

export function parseJsonObject(body: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function readOAuthError(json: Readonly<Record<string, unknown>>): OAuthError | undefined {
  const error = json['error']
  if (typeof error !== 'string' || error === '') return undefined
  const description = json['error_description']
  const codes = json['error_codes']
  return {
    error: cleanServerText(error, 80),
    description: typeof description === 'string' ? cleanServerText(description) : '',
    errorCodes: Array.isArray(codes) ? codes.filter((c): c is number => typeof c === 'number') : []
  }
}

/** `invalid_client ("Bad client credentials")` */
/** `invalid_client ("Bad client credentials")`; `max` shortens the description for lists. */
export function describe(error: OAuthError, max = 300): string {
  return error.description === '' ? error.error : `${error.error} ("${cleanServerText(error.description, max)}")`
}

function looksLikeHtml(contentType: string, body: string): boolean {
  return /html/i.test(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(body)
}

function excerpt(body: string): string {
  const text = cleanServerText(body, 120)
  return text === '' ? '' : `: "${text}"`
}

/** Origin and path of a URL, cleaned for display; the query and fragment (which may carry secrets) are left out. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url)
    const dropped = u.search !== '' || u.hash !== '' ? ' (query left out)' : ''
    return `${cleanServerText(u.origin + u.pathname, 200)}${dropped}`
  } catch {
    return 'an unparseable URL'
  }
}

/** Where a redirect points, for display, and whether only a trailing slash differs from `base`. */
function redirectTarget(location: string, base: string): { shown: string; slashOnly: boolean; withSlash: boolean } {
  try {
    const to = new URL(location, base)
    const from = new URL(base)
    const sameOrigin = to.origin === from.origin
    const withSlash = sameOrigin && to.pathname === `${from.pathname}/`
    const withoutSlash = sameOrigin && `${to.pathname}/` === from.pathname
    return { shown: shownUrl(to.href), slashOnly: withSlash || withoutSlash, withSlash }
  } catch {
    return { shown: 'an unparseable Location', slashOnly: false, withSlash: false }
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
