// What a provider preset is: data about one vendor's token endpoint, the placement it documents,
// the parameters it needs, its request rules, hints for hand-written URLs and its error details.
// Each provider lives in its own file; index.ts lists them. Facts: ../shared/FIELD-NOTES.md.

import type { FindingCode } from '../findings/codes.js'
import type { AuthPlacement, GrantType, RegionCandidate } from '../spec.js'

export type ProviderParam = 'region' | 'tenant' | 'domain' | 'realm' | 'authorization-server'
export type ProviderParams = Readonly<Partial<Record<ProviderParam, string>>>

/** What a preset produces: a token URL or an issuer to discover. */
export type Endpoint = { readonly tokenUrl: string } | { readonly issuer: string }

/** A problem with one parameter, for an INVALID_INPUT naming it. */
export interface ParamProblem {
  readonly param: ProviderParam
  readonly problem: string
}

/** Hints for a hand-written token URL that points at a classic wrong place. */
export interface UrlHint {
  /** Matches the token URL. */
  readonly test: (url: URL) => boolean
  /** Only for failures with these codes; any failure when absent. */
  readonly codes?: readonly FindingCode[]
  readonly hint: (url: URL) => string
}

/** A provider's error detail (Entra's `error_codes`) that names the real cause. */
export interface ErrorDetail {
  readonly errorCode: number
  readonly code: FindingCode
  readonly message: string
  readonly hint: string
}

/** What a request-shape rule sees, before sending. */
export interface RuleInput {
  readonly scope: string
  readonly audience: string
  readonly params: ProviderParams
  readonly grant: GrantType
  /** Whether `grant-type` was set (rather than taken from the preset's default). */
  readonly grantTypeGiven: boolean
}

/**
 * Where the tenant's API host is published after a token was issued: a document on the issuer,
 * found by a claim of the tokens (NICE CXone's cxone-configuration and `api_endpoint`).
 */
export interface ApiEndpointLookup {
  /** The claim of the id token (or a JWT access token) that names the tenant. */
  readonly tenantClaim: string
  readonly documentUrl: (issuer: string, tenant: string) => string
  /** The field of that JSON document holding the API host's base URL. */
  readonly field: string
}

export interface Provider {
  readonly label: string
  readonly required: readonly ProviderParam[]
  /** A minimal `with:` block, shown when a parameter is missing. */
  readonly example: string
  /** Which placement the provider expects; `auto` tries it first. */
  readonly placement: AuthPlacement
  /** Returns the endpoint, or a problem with one parameter. */
  readonly endpoint: (p: ProviderParams) => Endpoint | ParamProblem
  /** Request-shape rules checked before sending: a message when the rule is broken. */
  readonly rules?: (request: RuleInput) => string[]
  /** The grant the preset requests when `grant-type` is not set (client_credentials otherwise). */
  readonly grant?: GrantType
  /** How to find the tenant's API host after a token (lets probe-url be a path on it). */
  readonly apiEndpoint?: ApiEndpointLookup
  /** Parameters the request itself must carry. */
  readonly requiresAudience?: boolean
  /** `region: auto`: every region's token URL, and the valid values to suggest for a bad region. */
  readonly regions?: {
    readonly candidates: () => readonly RegionCandidate[]
    readonly choices: (given: string) => string
  }
  readonly urlHints?: readonly UrlHint[]
  readonly errorDetails?: readonly ErrorDetail[]
}

export const hostOf = (domain: string): string => domain.replace(/^https?:\/\//, '').replace(/\/+$/, '')
export const baseUrlOf = (domain: string): string => (/^https?:\/\//.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '')
