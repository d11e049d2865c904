// NICE CXone (../shared/FIELD-NOTES.md, NICE CXone, from NICE's developer pages "API Authentication
// and Authorization" and its developer FAQ): back-end apps use the OAuth 2.0 password grant
// (RFC 6749 §4.3), not client_credentials. The app registered with NICE authenticates as the client
// (client_secret_basic or client_secret_post, as the metadata lists), and an API user's access key
// ID and secret go as username and password. The token endpoint is discovered from the issuer
// (cxone.niceincontact.com; FedRAMP cxone-gov.niceincontact.com). After the token, the tenant's API
// host is `api_endpoint` in {issuer}/.well-known/cxone-configuration?tenantId=<tenant>.

import { GENESYS_REGIONS } from './genesys-cloud.js'
import type { Provider, UrlHint } from './types.js'

export const CXONE_ISSUER = 'https://cxone.niceincontact.com'
export const CXONE_FEDRAMP_ISSUER = 'https://cxone-gov.niceincontact.com'

const THE_REAL_WAY =
  `CXone back-end apps get tokens with the password grant (RFC 6749 §4.3), not client_credentials: set provider: nice-cxone ` +
  `(the token endpoint is discovered at ${CXONE_ISSUER}; region: fedramp for ${CXONE_FEDRAMP_ISSUER}), keep client-id and client-secret ` +
  `of the app registered with NICE, and pass the API user's access key ID as username and access key secret as password.`

const onGenesysCloud = (u: URL): boolean => Object.values(GENESYS_REGIONS).some(d => u.hostname === d || u.hostname.endsWith(`.${d}`))

/** Token URLs seen written by hand for CXone that are not CXone token endpoints (FIELD-NOTES). */
const urlHints: readonly UrlHint[] = [
  {
    test: u => u.hostname === 'api.cxone.com' || u.hostname.endsWith('.api.cxone.com'),
    hint: u => `${u.hostname} is not a NICE CXone token endpoint. ${THE_REAL_WAY}`
  },
  {
    // The shape of a Genesys Cloud API URL (itself the wrong host for a Genesys token): on any
    // other host it is the founding case's guess at a CXone token URL.
    test: u => /^\/api\/v2\/oauth\/token\/?$/.test(u.pathname) && !onGenesysCloud(u),
    hint: () => `/api/v2/oauth/token is not a NICE CXone token endpoint (it is the shape of a Genesys Cloud API URL). If this is CXone: ${THE_REAL_WAY}`
  },
  {
    // The legacy per-area access-key endpoint (a JSON body with the key pair): NICE says not to
    // build new integrations on it.
    test: u => /(^|\.)nice-incontact\.com$/.test(u.hostname) && u.pathname.startsWith('/authentication/v1/token/access-key'),
    hint: () => `This is NICE CXone's legacy access-key endpoint, which takes a JSON body and which NICE says not to build new integrations on. ${THE_REAL_WAY}`
  }
]

export const niceCxone: Provider = {
  label: 'NICE CXone',
  required: [],
  example: [
    'provider: nice-cxone   # region: fedramp for the FedRAMP cloud',
    'client-id: ${{ secrets.CXONE_CLIENT_ID }}',
    'client-secret: ${{ secrets.CXONE_CLIENT_SECRET }}',
    'username: ${{ secrets.CXONE_ACCESS_KEY_ID }}',
    'password: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}'
  ].join('\n'),
  placement: 'header',
  grant: 'password',
  endpoint: p => {
    const region = (p.region ?? '').toLowerCase()
    if (region !== '' && region !== 'fedramp') return { param: 'region', problem: 'must be empty or fedramp' }
    return { issuer: region === 'fedramp' ? CXONE_FEDRAMP_ISSUER : CXONE_ISSUER }
  },
  rules: ({ grant }) =>
    grant === 'client_credentials'
      ? [
          'NICE CXone back-end apps authenticate with the password grant and an API user\'s access key pair, not client_credentials. Set:\n' +
            'grant-type: password   # the default with provider: nice-cxone\n' +
            'username: ${{ secrets.CXONE_ACCESS_KEY_ID }}\n' +
            'password: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}'
        ]
      : [],
  apiEndpoint: {
    // Which claim names the tenant is not in NICE's pages: public integrations (FIELD-NOTES cites a
    // white-label vendor's article and an open-source CXone extension) read the tenant from the id
    // token and pass it as tenantId. `tenantId` is the claim name as reported, not verified.
    tenantClaim: 'tenantId',
    documentUrl: (issuer, tenant) => `${issuer.replace(/\/+$/, '')}/.well-known/cxone-configuration?tenantId=${encodeURIComponent(tenant)}`,
    field: 'api_endpoint'
  },
  urlHints
}
