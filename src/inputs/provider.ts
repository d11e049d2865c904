// The provider preset of a check, with its parameters checked; parameters without a provider are
// an error. Provider-specific knowledge stays in providers/.

import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../providers/index.js'
import type { Endpoint, Provider, ProviderParam, ProviderParams } from '../providers/types.js'
import type { RegionCandidate } from '../spec.js'
import { byCloseness } from '../suggest.js'
import { PROVIDER_PARAMS } from './catalogue.js'
import { clip, type Complain } from './values.js'

export interface Preset {
  readonly id: ProviderId
  readonly provider: Provider
  readonly params: ProviderParams
  /** undefined when a parameter was missing or wrong (already reported), or with region: auto. */
  readonly endpoint: Endpoint | undefined
  /** `region: auto`: the regions to ask; null otherwise. */
  readonly regions: readonly RegionCandidate[] | null
}

export function parsePreset(get: (name: string) => string, bad: Complain): Preset | undefined {
  const params: Partial<Record<ProviderParam, string>> = {}
  for (const p of PROVIDER_PARAMS as readonly ProviderParam[]) if (get(p) !== '') params[p] = get(p)
  const name = get('provider').toLowerCase()
  if (name === '') {
    for (const p of Object.keys(params)) bad(p, 'only applies with `provider` (e.g. provider: genesys-cloud).')
    return undefined
  }
  if (!(PROVIDER_IDS as string[]).includes(name)) {
    bad('provider', `must be one of ${byCloseness(name, PROVIDER_IDS).map(p => `\`${p}\``).join(', ')}; got "${clip(name)}".`)
    return undefined
  }
  const id = name as ProviderId
  const provider: Provider = PROVIDERS[id]
  const missing = provider.required.filter(p => !params[p])
  for (const p of missing) bad(p, `is required with provider: ${id}. Example:\n${provider.example}`)
  const regions = provider.regions && params.region?.toLowerCase() === 'auto' ? provider.regions.candidates() : null
  if (missing.length > 0 || regions) return { id, provider, params, endpoint: undefined, regions }
  const endpoint = provider.endpoint(params)
  if ('param' in endpoint) {
    const given = params[endpoint.param] ?? ''
    const choices = endpoint.param === 'region' && provider.regions ? provider.regions.choices(given) : ''
    bad(endpoint.param, `${endpoint.problem}; got "${clip(given)}".${choices}`)
    return { id, provider, params, endpoint: undefined, regions }
  }
  return { id, provider, params, endpoint, regions }
}
