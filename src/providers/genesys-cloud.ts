// Genesys Cloud: POST https://login.<domain>/oauth/token with a Basic header (documented); the API
// host api.<domain> is a classic wrong token host; a client used in the wrong region gets
// invalid_client, so `region: auto` asks every region.

import { byCloseness } from '../suggest.js'
import type { Provider, UrlHint } from './types.js'

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

/** An AWS-style region name or one of the domains, to the domain; undefined when unknown. */
export function genesysDomain(region: string): string | undefined {
  const r = region.trim().toLowerCase().replace(/^(login|api)\./, '')
  return GENESYS_REGIONS[r] ?? Object.values(GENESYS_REGIONS).find(d => d === r)
}

/** Every region's token URL, for `region: auto`. */
export function genesysCandidates(): Array<{ region: string; tokenUrl: string }> {
  return Object.entries(GENESYS_REGIONS).map(([region, domain]) => ({ region, tokenUrl: `https://login.${domain}/oauth/token` }))
}

/** The Genesys Cloud domain of a host such as api.mypurecloud.de, if it is one. */
function genesysHost(url: URL): string | undefined {
  const domains = Object.values(GENESYS_REGIONS).sort((a, b) => b.length - a.length)
  return domains.find(d => url.hostname === d || url.hostname.endsWith(`.${d}`))
}

const urlHints: readonly UrlHint[] = [
  {
    test: u => genesysHost(u) !== undefined && (/^api\./.test(u.hostname) || u.pathname.startsWith('/api/v2/')),
    hint: u => `This is a Genesys Cloud API URL; tokens come from the login host: https://login.${genesysHost(u)}/oauth/token (or set provider: genesys-cloud with region).`
  },
  {
    test: u => genesysHost(u) !== undefined && !/^login\./.test(u.hostname),
    hint: u => `Genesys Cloud's token endpoint is https://login.${genesysHost(u)}/oauth/token.`
  }
]

export const genesysCloud: Provider = {
  label: 'Genesys Cloud',
  required: ['region'],
  example: 'provider: genesys-cloud\nregion: eu-central-1   # or the domain, e.g. mypurecloud.de',
  placement: 'header',
  endpoint: p => {
    const domain = genesysDomain(p.region ?? '')
    if (!domain) return { param: 'region', problem: `is not a Genesys Cloud region or domain` }
    return { tokenUrl: `https://login.${domain}/oauth/token` }
  },
  regions: {
    candidates: genesysCandidates,
    choices: given => ` Valid values: ${byCloseness(given, [...Object.keys(GENESYS_REGIONS), 'auto']).join(', ')} (or a domain such as mypurecloud.de).`
  },
  urlHints
}
