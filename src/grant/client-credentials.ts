// RFC 6749 §4.4: grant_type=client_credentials, with the optional scope, plus the audience
// (Auth0), RFC 8707 resource indicators and any extra parameters the check was given.

import type { Grant } from './types.js'

export const clientCredentials: Grant = {
  type: 'client_credentials',
  params: spec => {
    const params: (readonly [string, string])[] = [['grant_type', 'client_credentials']]
    if (spec.scope !== '') params.push(['scope', spec.scope])
    if (spec.audience !== '') params.push(['audience', spec.audience])
    for (const resource of spec.resources) params.push(['resource', resource])
    for (const [key, value] of spec.extraParams) params.push([key, value])
    return params
  },
  credentials: () => [],
  rejectsUser: () => false
}
