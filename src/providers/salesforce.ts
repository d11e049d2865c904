// Salesforce: https://<my-domain>.my.salesforce.com/services/oauth2/token; login. and test. hosts
// answer the client credentials flow with "request not supported on this domain".

import { hostOf, type Provider } from './types.js'

const LOGIN_HOST = /^(login|test)\.salesforce\.com$/i

export const salesforce: Provider = {
  label: 'Salesforce',
  required: ['domain'],
  example: 'provider: salesforce\ndomain: example.my.salesforce.com',
  placement: 'body',
  endpoint: p => {
    const h = hostOf(p.domain ?? '')
    if (LOGIN_HOST.test(h)) {
      return { param: 'domain', problem: 'must be your My Domain (e.g. example.my.salesforce.com): login. and test.salesforce.com refuse the client credentials flow' }
    }
    return { tokenUrl: `https://${h}/services/oauth2/token` }
  },
  urlHints: [
    {
      test: u => LOGIN_HOST.test(u.hostname),
      hint: () => 'Salesforce refuses the client credentials flow on login. and test.salesforce.com ("request not supported on this domain"): use your My Domain host, https://<my-domain>.my.salesforce.com/services/oauth2/token.'
    }
  ]
}
