// Auth0: https://<tenant-domain>/oauth/token; `audience` is required for client credentials.

import { hostOf, type Provider } from './types.js'

export const auth0: Provider = {
  label: 'Auth0',
  required: ['domain'],
  example: 'provider: auth0\ndomain: example.eu.auth0.com\naudience: https://api.example.com',
  placement: 'body',
  requiresAudience: true,
  endpoint: p => ({ tokenUrl: `https://${hostOf(p.domain ?? '')}/oauth/token` })
}
