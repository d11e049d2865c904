// NICE CXone: the token endpoint is discovered from the CXone issuer's metadata
// (cxone.niceincontact.com; FedRAMP: cxone-gov.niceincontact.com).

import type { Provider } from './types.js'

export const niceCxone: Provider = {
  label: 'NICE CXone',
  required: [],
  example: 'provider: nice-cxone   # region: fedramp for the FedRAMP cloud',
  placement: 'header',
  endpoint: p => {
    const region = (p.region ?? '').toLowerCase()
    if (region !== '' && region !== 'fedramp') return { param: 'region', problem: 'must be empty or fedramp' }
    return { issuer: region === 'fedramp' ? 'https://cxone-gov.niceincontact.com' : 'https://cxone.niceincontact.com' }
  }
}
