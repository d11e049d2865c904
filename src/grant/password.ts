// RFC 6749 §4.3: grant_type=password with the resource owner's username and password, plus the
// optional scope, audience, RFC 8707 resources and extra parameters. A confidential client still
// authenticates (§4.3.2), so two credentials are judged: the client's (invalid_client) and the
// user's (invalid_grant, §5.2). NICE CXone back-end apps send an API user's access key ID and
// secret this way (../shared/FIELD-NOTES.md, NICE CXone).

import type { GrantSpec } from '../spec.js'
import type { Grant } from './types.js'

type PasswordGrant = Extract<GrantSpec, { type: 'password' }>

export const password: Grant = {
  type: 'password',
  params: (spec, trimmed) => {
    const grant = spec.grant as PasswordGrant
    const user = trimmed ? grant.username.trim() : grant.username
    const secret = trimmed ? grant.password.trim() : grant.password
    // URLSearchParams form-encodes them (RFC 6749 Appendix B): access keys may end in '='.
    const params: (readonly [string, string])[] = [
      ['grant_type', 'password'],
      ['username', user],
      ['password', secret]
    ]
    if (spec.scope !== '') params.push(['scope', spec.scope])
    if (spec.audience !== '') params.push(['audience', spec.audience])
    for (const resource of spec.resources) params.push(['resource', resource])
    for (const [key, value] of spec.extraParams) params.push([key, value])
    return params
  },
  credentials: spec => {
    const grant = spec.grant as PasswordGrant
    return [
      { input: 'username', value: grant.username },
      { input: 'password', value: grant.password }
    ]
  },
  // §5.2 invalid_grant: "the provided authorization grant (e.g., ..., resource owner credentials) is
  // invalid, expired, revoked". The client was accepted; the user's credentials were not.
  rejectsUser: error => error === 'invalid_grant'
}
