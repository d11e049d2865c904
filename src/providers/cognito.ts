// Amazon Cognito: https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token.

import { hostOf, type Provider } from './types.js'

export const cognito: Provider = {
  label: 'Amazon Cognito',
  required: ['domain'],
  example: 'provider: cognito\ndomain: example.auth.eu-west-1.amazoncognito.com',
  placement: 'header',
  endpoint: p => ({ tokenUrl: `https://${hostOf(p.domain ?? '')}/oauth2/token` })
}
