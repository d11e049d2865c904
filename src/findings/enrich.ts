// Sharpens the findings of a failed exchange with what the provider's error details, a
// hand-written URL's classic mistakes and the metadata's grant list tell. Pure.

import type { AttemptRecord } from '../client-auth/types.js'
import type { OAuthError } from '../exchange/classify.js'
import { grantAdvertised, type Metadata } from '../endpoint/discovery.js'
import { urlHints, vendorError } from '../providers/index.js'
import type { GrantType } from '../spec.js'
import { finding, inGroup, type Finding } from './codes.js'

export interface FailureContext {
  readonly attempts: readonly AttemptRecord[]
  /** `… → HTTP 401 invalid_client; …` */
  readonly tried: string
  readonly metadata: Metadata | undefined
  readonly tokenUrl: string
  /** The grant requested. */
  readonly grantType: GrantType
}

export function explainFailure(findings: readonly Finding[], context: FailureContext): Finding[] {
  const errors = context.attempts.map(oauthErrorOf).filter((e): e is OAuthError => e !== undefined)
  const vendor = errors.map(e => vendorError(e.errorCodes)).find(v => v !== undefined)
  const grantMissing = context.metadata !== undefined && !grantAdvertised(context.metadata, context.grantType)
  return findings.map(f => {
    if (f.severity !== 'error') return f
    const oauthFailure = inGroup(f.code, 'oauth')
    let out = f
    if (vendor && oauthFailure) {
      // The vendor's sharper diagnosis replaces the generic one; the server's own words stay in the message.
      const tried = context.attempts.length > 1 ? ` Tried: ${context.tried}.` : ''
      out = finding(vendor.code, `${vendor.message} ${f.message}`, `${vendor.hint}${tried}`)
    }
    const urlHint = urlHints(context.tokenUrl, out.code)
    if (urlHint.length > 0) out = { ...out, hint: `${urlHint.join(' ')} ${out.hint}` }
    // invalid_grant to the user's credentials shows the server does handle the grant.
    if (grantMissing && oauthFailure && out.code !== 'USER_CREDENTIALS_REJECTED') {
      out = {
        ...out,
        hint: `The server's metadata does not list ${context.grantType} among its grants: this platform probably does not offer the grant at all, so no secret will fix this. ${out.hint}`
      }
    }
    return out
  })
}

export function oauthErrorOf(a: AttemptRecord): OAuthError | undefined {
  return a.result.kind === 'rejected' ? a.result.error : a.result.kind === 'failed' ? a.result.error : undefined
}

/** A recorded expiry in the past while the server still issues tokens: the date is what is wrong. */
export function markStaleExpiry(findings: readonly Finding[]): Finding[] {
  return findings.map(f =>
    f.code !== 'SECRET_EXPIRED'
      ? f
      : {
          ...f,
          message: `${f.message} The server still issued a token, so the recorded date is probably stale.`,
          hint: 'Check when the secret really expires (in the provider\'s admin UI) and update secret-expires-at; rotate the secret if it is indeed past its date.'
        }
  )
}

/**
 * After a token was issued, a grant missing from the metadata means the metadata is incomplete,
 * not that the platform lacks the grant: the warning becomes a notice saying so.
 */
export function markIncompleteMetadata(findings: readonly Finding[]): Finding[] {
  return findings.map(f =>
    f.code !== 'GRANT_NOT_ADVERTISED'
      ? f
      : finding('METADATA_INCOMPLETE', `${f.message.replace(/\.$/, '')}; the server issued a token for it all the same, so the metadata is incomplete.`)
  )
}
