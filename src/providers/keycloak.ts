// Keycloak: <base>/realms/<realm>/protocol/openid-connect/token; before v17 the path began with
// /auth, and the old path now answers 404.

import { baseUrlOf, type Provider } from './types.js'

export const keycloak: Provider = {
  label: 'Keycloak',
  required: ['domain', 'realm'],
  example: 'provider: keycloak\ndomain: https://sso.example.com\nrealm: main',
  placement: 'header',
  endpoint: p => ({ tokenUrl: `${baseUrlOf(p.domain ?? '')}/realms/${encodeURIComponent(p.realm ?? '')}/protocol/openid-connect/token` }),
  urlHints: [
    {
      test: u => /\/auth\/realms\/[^/]+\/protocol\/openid-connect\/token$/.test(u.pathname),
      codes: ['ENDPOINT_NOT_FOUND'],
      hint: u => `Keycloak 17 and later dropped the /auth prefix: try ${u.origin}${u.pathname.replace(/^\/auth\//, '/')}.`
    }
  ]
}
