// Microsoft Entra ID: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token, scopes must be
// <resource>/.default, and its error bodies carry `error_codes` (AADSTS numbers) that name the cause.

import type { ErrorDetail, Provider } from './types.js'

const errorDetails: readonly ErrorDetail[] = [
  {
    errorCode: 7000215,
    code: 'INVALID_CLIENT',
    message: 'Entra ID says the client secret value is wrong (AADSTS7000215).',
    hint: 'Often the secret\'s ID (a GUID) was stored instead of its Value. In the app registration, Certificates & secrets, create a new secret and copy its Value column (reported: the portal shows it only right after creation).'
  },
  {
    errorCode: 7000222,
    code: 'SECRET_EXPIRED',
    message: 'Entra ID says the client secret has expired (AADSTS7000222).',
    hint: 'In the app registration, Certificates & secrets, create a new secret, store its Value in the repository secret, and set secret-expires-at to its expiry date so the next one is caught early.'
  },
  {
    errorCode: 700016,
    code: 'INVALID_CLIENT',
    message: 'Entra ID does not know this application in the tenant of the token URL (AADSTS700016).',
    hint: 'Check client-id (the Application (client) ID) and that the tenant in the token URL is the one the app is registered in.'
  },
  {
    errorCode: 90002,
    code: 'ENDPOINT_NOT_FOUND',
    message: 'Entra ID does not know the tenant in the token URL (AADSTS90002).',
    hint: 'Fix the tenant segment of https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token: the Directory (tenant) ID or a verified domain such as contoso.onmicrosoft.com.'
  }
]

export const entraId: Provider = {
  label: 'Microsoft Entra ID',
  required: ['tenant'],
  example: 'provider: entra-id\ntenant: contoso.onmicrosoft.com   # or the Directory (tenant) ID\nscope: https://graph.microsoft.com/.default',
  placement: 'body',
  endpoint: p => ({ tokenUrl: `https://login.microsoftonline.com/${encodeURIComponent(p.tenant ?? '')}/oauth2/v2.0/token` }),
  rules: ({ scope }) => {
    if (scope === '') return ['Entra ID requires a scope for client credentials: <resource>/.default, e.g. https://graph.microsoft.com/.default.']
    const bad = scope.split(' ').filter(s => !s.endsWith('/.default'))
    return bad.length > 0
      ? [`Entra ID client credentials take only <resource>/.default scopes; ${bad.join(', ')} will be refused. Use e.g. https://graph.microsoft.com/.default.`]
      : []
  },
  errorDetails
}
