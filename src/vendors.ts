// Provider error details that change the diagnosis, as data. Matched on the `error_codes` array
// that Microsoft Entra ID adds to its OAuth error bodies.

import type { FindingCode } from './findings.js'

export interface VendorError {
  readonly vendor: string
  readonly errorCode: number
  readonly code: FindingCode
  readonly message: string
  readonly hint: string
}

export const VENDOR_ERRORS: readonly VendorError[] = [
  {
    vendor: 'Microsoft Entra ID',
    errorCode: 7000215,
    code: 'INVALID_CLIENT',
    message: 'Entra ID says the client secret value is wrong (AADSTS7000215).',
    hint: 'Often the secret\'s ID (a GUID) was stored instead of its Value. In the app registration, Certificates & secrets, create a new secret and copy its Value column right away (it is shown once).'
  },
  {
    vendor: 'Microsoft Entra ID',
    errorCode: 7000222,
    code: 'SECRET_EXPIRED',
    message: 'Entra ID says the client secret has expired (AADSTS7000222).',
    hint: 'In the app registration, Certificates & secrets, create a new secret, store its Value in the repository secret, and set secret-expires-at to its expiry date so the next one is caught early.'
  },
  {
    vendor: 'Microsoft Entra ID',
    errorCode: 700016,
    code: 'INVALID_CLIENT',
    message: 'Entra ID does not know this application in the tenant of the token URL (AADSTS700016).',
    hint: 'Check client-id (the Application (client) ID) and that the tenant in the token URL is the one the app is registered in; a multi-tenant app must be consented in that tenant.'
  },
  {
    vendor: 'Microsoft Entra ID',
    errorCode: 90002,
    code: 'ENDPOINT_NOT_FOUND',
    message: 'Entra ID does not know the tenant in the token URL (AADSTS90002).',
    hint: 'Fix the tenant segment of https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token: the Directory (tenant) ID or a verified domain such as contoso.onmicrosoft.com.'
  }
]

export function vendorError(errorCodes: readonly number[]): VendorError | undefined {
  return VENDOR_ERRORS.find(v => errorCodes.includes(v.errorCode))
}
