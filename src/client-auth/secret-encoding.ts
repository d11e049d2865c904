// The shared client secret on the wire: form-encoding, the Basic value (RFC 6749 §2.3.1), and
// every form in which the secret can appear, for masking. Pure.

import type { BasicEncoding } from '../spec.js'

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

/**
 * Every form in which one credential value (a secret, a password, an access key) can appear on the
 * wire or in a log, as stored and trimmed: as is, form- and percent-encoded, line by line, and as
 * cleaned server text shows it.
 */
export function valueForms(value: string): string[] {
  const forms = new Set<string>()
  for (const v of new Set([value, value.trim()])) {
    if (v === '') continue
    forms.add(v)
    forms.add(formEncode(v))
    forms.add(encodeURIComponent(v))
    for (const line of v.split(/\r?\n/)) if (line.trim() !== '') forms.add(line)
    // Server text is cleaned to one line with single spaces before it is shown: match that too.
    forms.add(v.replace(/\s+/g, ' ').trim())
  }
  return [...forms]
}

/** Which of the two values form-encoding changes, as the inputs name them: `client-secret`, `client-id and client-secret`. */
export function encodingChangedNames(clientId: string, clientSecret: string): string {
  const changed = [formEncode(clientId) !== clientId ? 'client-id' : '', formEncode(clientSecret) !== clientSecret ? 'client-secret' : ''].filter(Boolean)
  return changed.join(' and ')
}

/** True when form-encoding leaves the secret as it is (only letters, digits and `*-._`). */
export function secretSurvivesEncoding(clientSecret: string): boolean {
  return formEncode(clientSecret) === clientSecret
}

/** Every form in which the secret (or the whole credential) can appear on the wire or in a log. */
export function secretForms(clientId: string, clientSecret: string): string[] {
  const forms = new Set<string>(valueForms(clientSecret))
  for (const secret of new Set([clientSecret, clientSecret.trim()])) {
    if (secret === '') continue
    const id = secret === clientSecret ? clientId : clientId.trim()
    for (const encoding of ['form', 'raw'] as const) {
      forms.add(basicValue(id, secret, encoding))
      forms.add(basicValue(id.trim(), secret, encoding))
    }
  }
  return [...forms]
}
