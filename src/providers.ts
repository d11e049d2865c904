// Provider presets, as data: name the provider (and its region, tenant, domain, realm) instead of
// hunting for the token URL. One row per provider: URL template, the placement it expects, the
// parameters it needs, its rules; plus hints for hand-written URLs that point at the wrong host.
// Pure. Facts: ../shared/FIELD-NOTES.md.

import type { FindingCode } from './findings.js'
import type { AuthPlacement } from './spec.js'

/** Genesys Cloud regions (AWS-style name → domain), from the official SDK, 2026. */
export const GENESYS_REGIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud'
}

export type ProviderParam = 'region' | 'tenant' | 'domain' | 'realm' | 'authorization-server'
export type ProviderParams = Readonly<Partial<Record<ProviderParam, string>>>

/** What a preset produces: a token URL or an issuer to discover. */
export type Endpoint = { readonly tokenUrl: string } | { readonly issuer: string }

export interface Provider {
  readonly label: string
  readonly required: readonly ProviderParam[]
  /** A minimal `with:` block, shown when a parameter is missing. */
  readonly example: string
  /** Which placement the provider expects; `auto` tries it first. */
  readonly placement: AuthPlacement
  /** Returns the endpoint, or a problem with one parameter. */
  readonly endpoint: (p: ProviderParams) => Endpoint | { readonly param: ProviderParam; readonly problem: string }
  /** Request-shape rules checked before sending: a message when the rule is broken. */
  readonly rules?: (request: { readonly scope: string; readonly audience: string; readonly params: ProviderParams }) => string[]
  /** Parameters the request itself must carry. */
  readonly requiresAudience?: boolean
}

const host = (domain: string): string => domain.replace(/^https?:\/\//, '').replace(/\/+$/, '')
const baseUrl = (domain: string): string => (/^https?:\/\//.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '')

export const PROVIDERS = {
  'genesys-cloud': {
    label: 'Genesys Cloud',
    required: ['region'],
    example: 'provider: genesys-cloud\nregion: eu-central-1   # or the domain, e.g. mypurecloud.de',
    placement: 'header',
    endpoint: p => {
      const domain = genesysDomain(p.region ?? '')
      if (!domain) return { param: 'region', problem: `is not a Genesys Cloud region or domain` }
      return { tokenUrl: `https://login.${domain}/oauth/token` }
    }
  },
  'nice-cxone': {
    label: 'NICE CXone',
    required: [],
    example: 'provider: nice-cxone   # region: fedramp for the FedRAMP cloud',
    placement: 'header',
    endpoint: p => {
      const region = (p.region ?? '').toLowerCase()
      if (region !== '' && region !== 'fedramp') return { param: 'region', problem: 'must be empty or fedramp' }
      return { issuer: region === 'fedramp' ? 'https://cxone-gov.niceincontact.com' : 'https://cxone.niceincontact.com' }
    }
  },
  'entra-id': {
    label: 'Microsoft Entra ID',
    required: ['tenant'],
    example: 'provider: entra-id\ntenant: contoso.onmicrosoft.com   # or the Directory (tenant) ID\nscope: https://graph.microsoft.com/.default',
    placement: 'body',
    endpoint: p => ({ tokenUrl: `https://login.microsoftonline.com/${encodeURIComponent(p.tenant ?? '')}/oauth2/v2.0/token` }),
    rules: ({ scope }) => {
      if (scope === '') return ['Entra ID requires a scope for client credentials: <resource>/.default, e.g. https://graph.microsoft.com/.default.']
      const bad = scope.split(' ').filter(s => !s.endsWith('/.default'))
      return bad.length > 0
        ? [`Entra ID client credentials take only <resource>/.default scopes; ${bad.join(', ')} will be refused (AADSTS1002012). Use e.g. https://graph.microsoft.com/.default.`]
        : []
    }
  },
  auth0: {
    label: 'Auth0',
    required: ['domain'],
    example: 'provider: auth0\ndomain: example.eu.auth0.com\naudience: https://api.example.com',
    placement: 'body',
    requiresAudience: true,
    endpoint: p => ({ tokenUrl: `https://${host(p.domain ?? '')}/oauth/token` })
  },
  okta: {
    label: 'Okta',
    required: ['domain'],
    example: 'provider: okta\ndomain: example.okta.com\nauthorization-server: default   # empty for the org server\nscope: api.read',
    placement: 'header',
    endpoint: p => {
      const server = p['authorization-server'] ?? ''
      const path = server === '' ? '/oauth2/v1/token' : `/oauth2/${encodeURIComponent(server)}/v1/token`
      return { tokenUrl: `https://${host(p.domain ?? '')}${path}` }
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
  },
  keycloak: {
    label: 'Keycloak',
    required: ['domain', 'realm'],
    example: 'provider: keycloak\ndomain: https://sso.example.com\nrealm: main',
    placement: 'header',
    endpoint: p => ({ tokenUrl: `${baseUrl(p.domain ?? '')}/realms/${encodeURIComponent(p.realm ?? '')}/protocol/openid-connect/token` })
  },
  cognito: {
    label: 'Amazon Cognito',
    required: ['domain'],
    example: 'provider: cognito\ndomain: example.auth.eu-west-1.amazoncognito.com',
    placement: 'header',
    endpoint: p => ({ tokenUrl: `https://${host(p.domain ?? '')}/oauth2/token` })
  },
  salesforce: {
    label: 'Salesforce',
    required: ['domain'],
    example: 'provider: salesforce\ndomain: example.my.salesforce.com',
    placement: 'body',
    endpoint: p => {
      const h = host(p.domain ?? '')
      if (/^(login|test)\.salesforce\.com$/i.test(h)) {
        return { param: 'domain', problem: 'must be your My Domain (e.g. example.my.salesforce.com): login. and test.salesforce.com refuse the client credentials flow' }
      }
      return { tokenUrl: `https://${h}/services/oauth2/token` }
    }
  }
} as const satisfies Record<string, Provider>

export type ProviderId = keyof typeof PROVIDERS
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[]

/** An AWS-style region name or one of the domains, to the domain; undefined when unknown. */
export function genesysDomain(region: string): string | undefined {
  const r = region.trim().toLowerCase().replace(/^(login|api)\./, '')
  return GENESYS_REGIONS[r] ?? Object.values(GENESYS_REGIONS).find(d => d === r)
}

/** Every region's token URL, for `region: auto`. */
export function genesysCandidates(): Array<{ region: string; tokenUrl: string }> {
  return Object.entries(GENESYS_REGIONS).map(([region, domain]) => ({ region, tokenUrl: `https://login.${domain}/oauth/token` }))
}

export interface UrlHint {
  /** Matches the token URL. */
  readonly test: (url: URL) => boolean
  /** Only for failures with these codes; any failure when absent. */
  readonly codes?: readonly FindingCode[]
  readonly hint: (url: URL) => string
}

/** Hints for hand-written token URLs that point at a classic wrong place. */
export const URL_HINTS: readonly UrlHint[] = [
  {
    test: u => genesysHost(u) !== undefined && (/^api\./.test(u.hostname) || u.pathname.startsWith('/api/v2/')),
    hint: u => `This is a Genesys Cloud API URL; tokens come from the login host: https://login.${genesysHost(u)}/oauth/token (or set provider: genesys-cloud with region).`
  },
  {
    test: u => genesysHost(u) !== undefined && !/^login\./.test(u.hostname),
    hint: u => `Genesys Cloud's token endpoint is https://login.${genesysHost(u)}/oauth/token.`
  },
  {
    test: u => /\/auth\/realms\/[^/]+\/protocol\/openid-connect\/token$/.test(u.pathname),
    codes: ['ENDPOINT_NOT_FOUND'],
    hint: u => `Keycloak 17 and later dropped the /auth prefix: try ${u.origin}${u.pathname.replace(/^\/auth\//, '/')}.`
  },
  {
    test: u => /^(login|test)\.salesforce\.com$/i.test(u.hostname),
    hint: () => 'Salesforce refuses the client credentials flow on login. and test.salesforce.com ("request not supported on this domain"): use your My Domain host, https://<my-domain>.my.salesforce.com/services/oauth2/token.'
  }
]

/** The Genesys Cloud domain of a host such as api.mypurecloud.de, if it is one. */
function genesysHost(url: URL): string | undefined {
  const domains = Object.values(GENESYS_REGIONS).sort((a, b) => b.length - a.length)
  return domains.find(d => url.hostname === d || url.hostname.endsWith(`.${d}`))
}

export function urlHints(tokenUrl: string, code: FindingCode): string[] {
  if (!URL.canParse(tokenUrl)) return []
  const url = new URL(tokenUrl)
  const matching = URL_HINTS.filter(h => h.test(url) && (!h.codes || h.codes.includes(code)))
  // The first matching hint is the most specific (the table is ordered that way).
  return matching.slice(0, 1).map(h => h.hint(url))
}
