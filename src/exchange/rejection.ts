// How a failed token answer is read when the server does not answer the RFC 6749 §5.2 way: one
// table, first matching rule wins, deciding from status, body shape, error code and description
// together whether the answer rejects the client's authentication (so the placement search moves
// on and the verdict is `invalid`), names a cause other than its code says, or is left to the
// standard reading. Gateways and WAFs are told apart by evidence (gatewayEvidence), never by
// status alone. Pure.

import type { FindingCode } from '../findings/codes.js'

/** What a failed answer looks like, reduced to what the rules read. */
export interface AnswerShape {
  readonly status: number
  /** No body at all, or only whitespace. */
  readonly bodiless: boolean
  /** The `error` member, lower-cased; undefined when the body is not an OAuth error. */
  readonly error: string | undefined
  readonly description: string
}

export type Reading =
  /** The server refused the client's authentication as presented. */
  | { readonly kind: 'rejection'; readonly rule: string; readonly shape: string }
  /** The description (or a non-standard code) names the real cause. */
  | { readonly kind: 'cause'; readonly rule: string; readonly code: FindingCode; readonly shape: string }

interface Rule {
  readonly id: string
  /** Any status when absent. */
  readonly statuses?: readonly number[]
  /** `none`: no body; `oauth`: a JSON object with an `error` member. */
  readonly body: 'none' | 'oauth'
  /** Error codes (lower case) the rule applies to; any code when absent. */
  readonly errors?: readonly string[]
  /** Must match the description, when present. */
  readonly description?: RegExp
  readonly reads: 'rejection' | FindingCode
  /** How the report names the shape after the status ("HTTP 403 without a body") when there is no OAuth error to quote. */
  readonly shape: string
}

/**
 * Codes that say nothing specific: a description under them may carry the real cause.
 * `invalid_grant` is left out on purpose: for the password grant it is about the user's
 * credentials, not the client's.
 */
const GENERIC = ['invalid_request', 'access_denied', 'unauthorized', 'forbidden', 'bad_request']

const GRANT_NOT_ALLOWED =
  /grant[ _-]?type\b.{0,60}\b(not (allowed|authori[sz]ed|permitted|enabled|supported for (this|the) client)|disabled|forbidden)|\b(not (allowed|authori[sz]ed|permitted)|unauthori[sz]ed)\b.{0,40}\b(grant|client[ _]credentials)\b/i
const SCOPE_REFUSED = /\bscopes?\b.{0,60}\b(unknown|invalid|not (allowed|granted|permitted|found|valid|supported)|unsupported|unrecognized)\b|\b(unknown|invalid|unsupported|unrecognized)\b.{0,20}\bscopes?\b/i
const CLIENT_REFUSED =
  /\b(unknown|invalid|bad|wrong|unrecognized|unregistered)\b.{0,20}\bclient\b(?!.{0,20}\b(grant|scope))|\bclient\b.{0,40}\b(not found|unknown|does not exist|not registered|authentication failed|credentials? (are |is )?(invalid|wrong|bad|incorrect))|\b(bad|invalid|wrong|incorrect) (client )?(credentials|secret|client secret|client_secret)\b|\bauthentication failed\b/i

export const RULES: readonly Rule[] = [
  // RFC 6749 §5.2.
  { id: 'rfc-invalid-client', body: 'oauth', errors: ['invalid_client'], reads: 'rejection', shape: 'invalid_client' },
  // RFC 6750 §3 / RFC 7235: 401 is "authenticate first"; without a body it cannot mean anything else.
  { id: 'bodiless-401', statuses: [401], body: 'none', reads: 'rejection', shape: 'without a body' },
  // Some servers answer every failed client authentication with 403 and an empty body (FIELD-NOTES).
  // A gateway's block page has a body or WAF headers; gatewayEvidence() runs before this table.
  { id: 'bodiless-403', statuses: [403], body: 'none', reads: 'rejection', shape: 'without a body' },
  // Non-standard codes for a failed client authentication (FIELD-NOTES: authorization_type_invalid).
  { id: 'nonstandard-auth-code', statuses: [400, 401, 403], body: 'oauth', errors: ['authorization_type_invalid'], reads: 'rejection', shape: 'non-standard code' },
  // Spring Security OAuth (DefaultWebResponseExceptionTranslator) turns a failed authentication into
  // 401 `unauthorized`.
  { id: 'unauthorized-401', statuses: [401], body: 'oauth', errors: ['unauthorized'], reads: 'rejection', shape: 'non-standard code' },
  // A non-standard code that carries a standard cause (FIELD-NOTES: scope_invalid).
  { id: 'nonstandard-scope-code', body: 'oauth', errors: ['scope_invalid'], reads: 'INVALID_SCOPE', shape: 'non-standard code' },
  // "requested grant type is not allowed for this client" is oidc-provider's description; FIELD-NOTES
  // records it under invalid_request (v9.13, in this suite, sends unauthorized_client). RFC 6749 says
  // unauthorized_client: the description is what counts.
  {
    id: 'described-grant-not-allowed',
    body: 'oauth',
    errors: [...GENERIC, 'unsupported_grant_type'],
    description: GRANT_NOT_ALLOWED,
    reads: 'UNAUTHORIZED_CLIENT',
    shape: 'cause in the description'
  },
  { id: 'described-scope', body: 'oauth', errors: GENERIC, description: SCOPE_REFUSED, reads: 'INVALID_SCOPE', shape: 'cause in the description' },
  { id: 'described-client', statuses: [400, 401, 403], body: 'oauth', errors: GENERIC, description: CLIENT_REFUSED, reads: 'rejection', shape: 'cause in the description' }
]

/** The first rule that matches, or undefined for the standard reading (RFC 6749 §5.2 code table). */
export function readAnswer(answer: AnswerShape): Reading | undefined {
  for (const rule of RULES) {
    if (!matches(rule, answer)) continue
    return rule.reads === 'rejection'
      ? { kind: 'rejection', rule: rule.id, shape: rule.shape }
      : { kind: 'cause', rule: rule.id, code: rule.reads, shape: rule.shape }
  }
  return undefined
}

function matches(rule: Rule, answer: AnswerShape): boolean {
  if (rule.statuses && !rule.statuses.includes(answer.status)) return false
  if (rule.body === 'none') return answer.bodiless
  if (answer.error === undefined) return false
  if (rule.errors && !rule.errors.includes(answer.error)) return false
  return !rule.description || rule.description.test(answer.description)
}

/** Headers that only a CDN or WAF in front of the server sets (names lower case). */
/** `blocks`: the header is set only when the WAF itself acted; the others only say a CDN is in the path. */
const WAF_HEADERS: readonly { readonly name: string; readonly value?: RegExp; readonly prefix?: boolean; readonly who: string; readonly blocks?: true }[] = [
  { name: 'cf-ray', who: 'Cloudflare' },
  { name: 'server', value: /^cloudflare/i, who: 'Cloudflare' },
  { name: 'cf-mitigated', who: 'Cloudflare', blocks: true },
  { name: 'x-amzn-waf-', prefix: true, who: 'AWS WAF', blocks: true },
  { name: 'x-akamai-', prefix: true, who: 'Akamai' },
  { name: 'server', value: /^akamaighost/i, who: 'Akamai' },
  { name: 'x-sucuri-block', who: 'Sucuri', blocks: true },
  { name: 'x-sucuri-', prefix: true, who: 'Sucuri' },
  { name: 'server', value: /^sucuri/i, who: 'Sucuri' }
]

/** Words of a block or challenge page (not of a token endpoint, nor of a 404 page). */
const BLOCK_PAGE = /access denied|request (was )?(blocked|rejected)|you have been blocked|attention required|web application firewall|\bwaf\b|captcha|security (check|policy)|forbidden/i

export interface GatewayEvidence {
  /** Who, when a header names it: "Cloudflare". */
  readonly who: string | undefined
  /** What gave it away, for the message: `the cf-ray header`, `an HTML block page`. */
  readonly evidence: readonly string[]
}

/**
 * Evidence that a CDN, gateway or WAF answered instead of the authorization server: its headers,
 * or an HTML block page. A bodiless 403 alone is no evidence (authorization servers send those).
 */
export function gatewayEvidence(status: number, headers: Readonly<Record<string, string>>, body: string, isHtml: boolean, isOAuthError: boolean): GatewayEvidence | undefined {
  if (status < 400 || isOAuthError) return undefined
  const evidence: string[] = []
  let who: string | undefined
  let blocked = false
  for (const h of WAF_HEADERS) {
    const names = h.prefix ? Object.keys(headers).filter(n => n.startsWith(h.name)) : headers[h.name] !== undefined ? [h.name] : []
    const hit = names.find(n => !h.value || h.value.test(headers[n] ?? ''))
    if (!hit) continue
    who ??= h.who
    blocked ||= h.blocks === true
    const shown = h.name === 'server' ? `server: ${h.who}` : hit
    if (!evidence.includes(`the ${shown} header`)) evidence.push(`the ${shown} header`)
  }
  const blockPage = isHtml && (status === 403 || status === 406 || status === 451 || BLOCK_PAGE.test(body))
  if (blockPage) evidence.push('an HTML block page')
  if (blockPage || blocked) return { who, evidence }
  // A CDN's presence headers on an empty or JSON answer are the server's answer passed through;
  // on another body (HTML, text) they mark the CDN's own page.
  const trimmed = body.trim()
  return evidence.length > 0 && trimmed !== '' && !trimmed.startsWith('{') ? { who, evidence } : undefined
}
