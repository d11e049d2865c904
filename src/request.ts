// Builds the token request for one attempt (RFC 6749 §4.4). Pure: no network, no logging.

import type { AuthPlacement, BasicEncoding, CheckSpec } from './spec.js'

/** One way of presenting the credentials. */
export interface AttemptPlan {
  readonly placement: AuthPlacement
  /** Only meaningful for `header`. */
  readonly basicEncoding: BasicEncoding
  /** Send the id and secret with surrounding whitespace removed (diagnosis only). */
  readonly trimmed: boolean
  /** For client assertions: the `aud` this attempt used. */
  readonly audience?: string
}

export interface TokenRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** Holds the secret for `body` placement: never log it. */
  readonly body: string
}

/** application/x-www-form-urlencoded, as RFC 6749 Appendix B defines it (space becomes '+'). */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}

/** RFC 6749 §2.3.1: form-encode id and secret, join with ':', base64. `raw` skips the encoding. */
export function basicValue(clientId: string, clientSecret: string, encoding: BasicEncoding): string {
  const enc = encoding === 'form' ? formEncode : (s: string): string => s
  return Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64')
}

/** True when form-encoding changes the id or the secret, so `form` and `raw` Basic values differ. */
export function encodingMatters(clientId: string, clientSecret: string): boolean {
  // A raw id containing ':' cannot be sent in Basic at all: the server would split inside it.
  return (formEncode(clientId) !== clientId || formEncode(clientSecret) !== clientSecret) && !clientId.includes(':')
}

export function credentialsOf(spec: CheckSpec, plan: AttemptPlan): { id: string; secret: string } {
  return plan.trimmed
    ? { id: spec.clientId.trim(), secret: spec.clientSecret.trim() }
    : { id: spec.clientId, secret: spec.clientSecret }
}

export function buildTokenRequest(spec: CheckSpec, plan: AttemptPlan, userAgent: string): TokenRequest {
  const { id, secret } = credentialsOf(spec, plan)
  const form = new URLSearchParams()
  form.append('grant_type', 'client_credentials')
  if (spec.scope !== '') form.append('scope', spec.scope)
  if (spec.audience !== '') form.append('audience', spec.audience)
  for (const resource of spec.resources) form.append('resource', resource)
  for (const [key, value] of spec.extraParams) form.append(key, value)

  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
    'User-Agent': userAgent
  }
  // Never both in one request: RFC 6749 §2.3 allows one method per request, and strict servers
  // answer invalid_request when they see two.
  if (plan.placement === 'header') {
    headers['Authorization'] = `Basic ${basicValue(id, secret, plan.basicEncoding)}`
  } else {
    form.append('client_id', id)
    form.append('client_secret', secret)
  }
  return { url: spec.tokenUrl, headers, body: form.toString() }
}

/** Every form in which the secret (or the whole credential) can appear on the wire or in a log. */
export function secretForms(clientId: string, clientSecret: string): string[] {
  const forms = new Set<string>()
  for (const secret of new Set([clientSecret, clientSecret.trim()])) {
    if (secret === '') continue
    const id = secret === clientSecret ? clientId : clientId.trim()
    forms.add(secret)
    forms.add(formEncode(secret))
    forms.add(encodeURIComponent(secret))
    for (const line of secret.split(/\r?\n/)) if (line.trim() !== '') forms.add(line)
    // Server text is cleaned to one line with single spaces before it is shown: match that too.
    forms.add(secret.replace(/\s+/g, ' ').trim())
    for (const encoding of ['form', 'raw'] as const) {
      forms.add(basicValue(id, secret, encoding))
      forms.add(basicValue(id.trim(), secret, encoding))
    }
  }
  return [...forms]
}
