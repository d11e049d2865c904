// Okta: the org server (/oauth2/v1/token) grants only okta.* scopes; a custom authorization server
// (/oauth2/<id>/v1/token) needs a scope. Basic is the default client authentication.

import { hostOf, type Provider } from './types.js'

export const okta: Provider = {
  label: 'Okta',
  required: ['domain'],
  example: 'provider: okta\ndomain: example.okta.com\nauthorization-server: default   # empty for the org server\nscope: api.read',
  placement: 'header',
  endpoint: p => {
    const server = p['authorization-server'] ?? ''
    const path = server === '' ? '/oauth2/v1/token' : `/oauth2/${encodeURIComponent(server)}/v1/token`
    return { tokenUrl: `https://${hostOf(p.domain ?? '')}${path}` }
  },
  rules: ({ scope, params }) => {
    const custom = (params['authorization-server'] ?? '') !== ''
    if (custom && scope === '') return ['Okta custom authorization servers refuse client credentials without a scope: set scope to one defined on the server.']
    const nonOkta = scope.split(' ').filter(s => s !== '' && !s.startsWith('okta.'))
    if (!custom && nonOkta.length > 0) {
      return [`Okta's org authorization server grants only okta.* scopes; ${nonOkta.join(', ')} needs a custom server (set authorization-server, e.g. default).`]
    }
    return []
  }
}
