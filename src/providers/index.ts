// The provider registry: one line per provider file. Lookups over all of them (URL hints for a
// hand-written token URL, error details in an OAuth error body) live here too. Pure.

import type { FindingCode } from '../findings/codes.js'
import { auth0 } from './auth0.js'
import { cognito } from './cognito.js'
import { entraId } from './entra-id.js'
import { genesysCloud } from './genesys-cloud.js'
import { keycloak } from './keycloak.js'
import { niceCxone } from './nice-cxone.js'
import { okta } from './okta.js'
import { salesforce } from './salesforce.js'
import type { ErrorDetail, Provider } from './types.js'

export const PROVIDERS = {
  'genesys-cloud': genesysCloud,
  'nice-cxone': niceCxone,
  'entra-id': entraId,
  auth0,
  okta,
  keycloak,
  cognito,
  salesforce
} as const satisfies Record<string, Provider>

export type ProviderId = keyof typeof PROVIDERS
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[]

const ALL: readonly Provider[] = Object.values(PROVIDERS)

/** Hints for a hand-written token URL that points at a classic wrong place; the first match is the most specific. */
export function urlHints(tokenUrl: string, code: FindingCode): string[] {
  if (!URL.canParse(tokenUrl)) return []
  const url = new URL(tokenUrl)
  const matching = ALL.flatMap(p => p.urlHints ?? []).filter(h => h.test(url) && (!h.codes || h.codes.includes(code)))
  return matching.slice(0, 1).map(h => h.hint(url))
}

/** A provider's error detail that names the cause (Entra's AADSTS numbers), if the answer carries one. */
export function vendorError(errorCodes: readonly number[]): (ErrorDetail & { readonly vendor: string }) | undefined {
  for (const p of ALL) {
    const detail = p.errorDetails?.find(d => errorCodes.includes(d.errorCode))
    if (detail) return { ...detail, vendor: p.label }
  }
  return undefined
}
