// The text this Action writes itself: finding codes, titles and hints, input names, and the words of
// the report's enumerated fields. Runs of a secret that also occur here are our own words, not a
// leak (see Redactor's `benign`), so a secret that happens to contain "failing" or "header" cannot
// turn the report's status or placement into ***.

import { CODES, type Severity, type Status, type Verdict } from './findings/codes.js'
import { INPUTS } from './inputs/catalogue.js'
import type { AuthPlacement, BasicEncoding, ClientAuthFamily } from './spec.js'

// Records, not lists: the compiler then insists on every member of each union.
const STATUSES: Record<Status, true> = { healthy: true, degraded: true, failing: true }
const VERDICTS: Record<Verdict, true> = { valid: true, invalid: true, misconfigured: true, indeterminate: true }
const SEVERITIES: Record<Severity, true> = { error: true, warning: true, notice: true }
const PLACEMENTS: Record<AuthPlacement | BasicEncoding, true> = { header: true, body: true, form: true, raw: true }
const FAMILIES: Record<ClientAuthFamily, true> = {
  client_secret: true,
  client_secret_jwt: true,
  private_key_jwt: true,
  tls_client_auth: true,
  self_signed_tls_client_auth: true
}

export const OWN_WORDS: readonly string[] = [
  ...Object.entries(CODES).flatMap(([code, c]) => [code, c.title, c.hint]),
  ...Object.keys(INPUTS).flatMap(name => [name, `${name}-env`]),
  ...[STATUSES, VERDICTS, SEVERITIES, PLACEMENTS, FAMILIES].flatMap(words => Object.keys(words)),
  'client_secret_basic',
  'client_secret_post',
  'token',
  'rejected',
  'checks',
  'oauth-credential-health'
]
