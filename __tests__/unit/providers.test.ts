import { describe, expect, test } from '@jest/globals'
import { parseRun, type ParsedCheck } from '../../src/inputs/run.js'
import { GENESYS_REGIONS, genesysDomain } from '../../src/providers/genesys-cloud.js'
import { PROVIDER_IDS, PROVIDERS, urlHints } from '../../src/providers/index.js'
import { configuredTokenUrl } from '../../src/spec.js'

const BASE = { 'client-id': 'id', 'client-secret': 'secret-value' }
const parse = (inputs: Record<string, string>): ParsedCheck =>
  parseRun(name => ({ ...BASE, ...inputs })[name] ?? '', () => undefined).checks[0]!
const spec = (inputs: Record<string, string>) => {
  const c = parse(inputs)
  if (!c.ok) throw new Error(c.findings.map(f => f.message).join('; '))
  return c.spec
}
const errors = (inputs: Record<string, string>): string[] => {
  const c = parse(inputs)
  return c.ok ? [] : c.findings.map(f => `${f.code} ${f.message}`)
}

describe('Genesys Cloud: every region', () => {
  test('18 regions', () => expect(Object.keys(GENESYS_REGIONS)).toHaveLength(18))
  test.each(Object.entries(GENESYS_REGIONS))('%s → https://login.%s/oauth/token, by name and by domain', (region, domain) => {
    expect(configuredTokenUrl(spec({ provider: 'genesys-cloud', region }))).toBe(`https://login.${domain}/oauth/token`)
    expect(configuredTokenUrl(spec({ provider: 'genesys-cloud', region: domain }))).toBe(`https://login.${domain}/oauth/token`)
  })
  test('the preset expects Basic: auto tries the header first', () => {
    expect(spec({ provider: 'genesys-cloud', region: 'eu-central-1' })).toMatchObject({ autoFirst: 'header', provider: 'genesys-cloud', name: 'login.mypurecloud.de' })
  })
  test('login./api. prefixes of a domain are understood', () => expect(genesysDomain('api.mypurecloud.de')).toBe('mypurecloud.de'))
  test('unknown region → INVALID_INPUT listing valid values, closest first', () => {
    const [e] = errors({ provider: 'genesys-cloud', region: 'eu-central-9' })
    expect(e).toContain('Input `region` is not a Genesys Cloud region or domain; got "eu-central-9". Valid values: eu-central-1, eu-central-2')
  })
  test('region: auto tries every region', () => {
    const s = spec({ provider: 'genesys-cloud', region: 'auto' })
    expect(configuredTokenUrl(s)).toBe('')
    const candidates = s.endpoint.kind === 'regions' ? s.endpoint.candidates : []
    expect(candidates).toHaveLength(18)
    expect(candidates[0]).toEqual({ region: 'us-east-1', tokenUrl: 'https://login.mypurecloud.com/oauth/token' })
  })
})

describe('every preset', () => {
  test.each([
    [
      { provider: 'nice-cxone', username: 'AKID', password: 'AKSECRET=' },
      { endpoint: { kind: 'discover', issuer: 'https://cxone.niceincontact.com', tokenUrl: null }, grant: { type: 'password', username: 'AKID', password: 'AKSECRET=' } }
    ],
    [{ provider: 'nice-cxone', region: 'fedramp', username: 'AKID', password: 'AKSECRET=' }, { endpoint: { issuer: 'https://cxone-gov.niceincontact.com' } }],
    [{ provider: 'entra-id', tenant: 'contoso.onmicrosoft.com', scope: 'https://graph.microsoft.com/.default' }, { endpoint: { kind: 'url', tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token' }, autoFirst: 'body' }],
    [{ provider: 'auth0', domain: 'example.eu.auth0.com', audience: 'https://api' }, { endpoint: { kind: 'url', tokenUrl: 'https://example.eu.auth0.com/oauth/token' }, autoFirst: 'body' }],
    [{ provider: 'okta', domain: 'example.okta.com', 'authorization-server': 'default', scope: 'api.read' }, { endpoint: { kind: 'url', tokenUrl: 'https://example.okta.com/oauth2/default/v1/token' } }],
    [{ provider: 'okta', domain: 'example.okta.com' }, { endpoint: { kind: 'url', tokenUrl: 'https://example.okta.com/oauth2/v1/token' } }],
    [{ provider: 'keycloak', domain: 'https://sso.example.com/', realm: 'main' }, { endpoint: { kind: 'url', tokenUrl: 'https://sso.example.com/realms/main/protocol/openid-connect/token' } }],
    [{ provider: 'keycloak', domain: 'sso.example.com', realm: 'main' }, { endpoint: { kind: 'url', tokenUrl: 'https://sso.example.com/realms/main/protocol/openid-connect/token' } }],
    [{ provider: 'cognito', domain: 'ex.auth.eu-west-1.amazoncognito.com' }, { endpoint: { kind: 'url', tokenUrl: 'https://ex.auth.eu-west-1.amazoncognito.com/oauth2/token' }, autoFirst: 'header' }],
    [{ provider: 'salesforce', domain: 'example.my.salesforce.com' }, { endpoint: { kind: 'url', tokenUrl: 'https://example.my.salesforce.com/services/oauth2/token' } }]
  ])('%j', (inputs, expected) => {
    expect(spec(inputs)).toMatchObject(expected)
  })
  test('every provider in the table is covered above', () => {
    expect(PROVIDER_IDS.sort()).toEqual(['auth0', 'cognito', 'entra-id', 'genesys-cloud', 'keycloak', 'nice-cxone', 'okta', 'salesforce'])
  })
  test('token-url wins over the preset; the preset still orders auto', () => {
    expect(spec({ provider: 'auth0', domain: 'x.auth0.com', audience: 'a', 'token-url': 'https://override.example.com/token' })).toMatchObject({
      endpoint: { kind: 'url', tokenUrl: 'https://override.example.com/token' },
      autoFirst: 'body'
    })
  })
})

describe('preset input errors', () => {
  test('unknown provider → list of valid values, closest first', () => {
    expect(errors({ provider: 'genesys' })[0]).toMatch(/Input `provider` must be one of `genesys-cloud`, /)
  })
  test.each(PROVIDER_IDS.filter(id => PROVIDERS[id].required.length > 0))('%s: a missing parameter is named, with an example', id => {
    const [e] = errors({ provider: id })
    expect(e).toContain(`is required with provider: ${id}. Example:`)
    expect(e).toContain(`provider: ${id}`)
  })
  test('Auth0 without audience → INVALID_INPUT naming audience', () => {
    expect(errors({ provider: 'auth0', domain: 'x.auth0.com' })[0]).toContain('Input `audience` is required for Auth0')
  })
  test('Salesforce login. host → INVALID_INPUT pointing at My Domain', () => {
    expect(errors({ provider: 'salesforce', domain: 'login.salesforce.com' })[0]).toContain('My Domain')
  })
  test('provider parameters without provider are an error', () => {
    expect(errors({ 'token-url': 'https://x/token', region: 'eu-central-1' })[0]).toContain('Input `region` only applies with `provider`')
  })
})

describe('provider rules, checked before sending', () => {
  test('Entra without /.default', () => {
    expect(spec({ provider: 'entra-id', tenant: 't', scope: 'User.Read' }).presetWarnings[0]).toContain('/.default')
    expect(spec({ provider: 'entra-id', tenant: 't' }).presetWarnings[0]).toContain('requires a scope')
    expect(spec({ provider: 'entra-id', tenant: 't', scope: 'api://x/.default' }).presetWarnings).toEqual([])
  })
  test('Okta custom server without a scope; org server with a custom scope', () => {
    expect(spec({ provider: 'okta', domain: 'o.okta.com', 'authorization-server': 'default' }).presetWarnings[0]).toContain('without a scope')
    expect(spec({ provider: 'okta', domain: 'o.okta.com', scope: 'api.read' }).presetWarnings[0]).toContain('okta.*')
    expect(spec({ provider: 'okta', domain: 'o.okta.com', scope: 'okta.users.read' }).presetWarnings).toEqual([])
  })
})

describe('wrong-host hints for hand-written token URLs', () => {
  test('Genesys API host or /api/v2/ path → the login host', () => {
    expect(urlHints('https://api.mypurecloud.de/oauth/token', 'ENDPOINT_NOT_FOUND')[0]).toContain('https://login.mypurecloud.de/oauth/token')
    expect(urlHints('https://login.mypurecloud.de/api/v2/oauth/token', 'ENDPOINT_NOT_FOUND')[0]).toContain('https://login.mypurecloud.de/oauth/token')
  })
  test('Keycloak /auth/realms path on a 404 → the v17+ path', () => {
    const url = 'https://sso.example.com/auth/realms/main/protocol/openid-connect/token'
    expect(urlHints(url, 'ENDPOINT_NOT_FOUND')[0]).toContain('https://sso.example.com/realms/main/protocol/openid-connect/token')
    expect(urlHints(url, 'INVALID_CLIENT')).toEqual([])
  })
  test('Salesforce login./test. hosts → My Domain', () => {
    expect(urlHints('https://test.salesforce.com/services/oauth2/token', 'OAUTH_ERROR')[0]).toContain('My Domain')
  })
  test('an ordinary URL gets no hint', () => expect(urlHints('https://login.example.com/oauth/token', 'INVALID_CLIENT')).toEqual([]))
})

describe('NICE CXone: the password grant with an access key pair', () => {
  const keys = { username: 'AKID-0001', password: 'akSecret+/=' }
  test('the preset requests the password grant by default, untrimmed', () => {
    const s = spec({ provider: 'nice-cxone', username: ' AKID-0001\n', password: keys.password })
    expect(s.grant).toEqual({ type: 'password', username: ' AKID-0001\n', password: 'akSecret+/=' })
    expect(s.presetWarnings).toEqual([])
  })
  test('without the key pair → INVALID_INPUT naming username and password, with the four-secret example', () => {
    const e = errors({ provider: 'nice-cxone' })
    expect(e[0]).toMatch(/^INVALID_INPUT Input `username` is required with grant-type: password/)
    expect(e[0]).toContain('username: ${{ secrets.CXONE_ACCESS_KEY_ID }}')
    expect(e[1]).toMatch(/^INVALID_INPUT Input `password` is required/)
  })
  test('grant-type: client_credentials → a PROVIDER_RULE warning that shows the inputs to set', () => {
    const [w] = spec({ provider: 'nice-cxone', 'grant-type': 'client_credentials' }).presetWarnings
    expect(w).toContain('password grant and an API user\'s access key pair')
    expect(w).toContain('grant-type: password')
    expect(w).toContain('username: ${{ secrets.CXONE_ACCESS_KEY_ID }}')
    expect(w).toContain('password: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}')
  })
  test('issuer wins over the preset\'s (a stand-in), the rules and the grant stay', () => {
    const s = spec({ provider: 'nice-cxone', issuer: 'http://127.0.0.1:9/', ...keys })
    expect(s.endpoint).toEqual({ kind: 'discover', issuer: 'http://127.0.0.1:9', tokenUrl: null })
    expect(s.grant.type).toBe('password')
  })
  test('a probe-url path is resolved against the API host later; without the preset it is INVALID_INPUT', () => {
    expect(spec({ provider: 'nice-cxone', ...keys, 'probe-url': '/incontactapi/services/v31.0/agents' }).probe).toMatchObject({
      url: '/incontactapi/services/v31.0/agents',
      relativeTo: 'api-endpoint'
    })
    expect(errors({ 'token-url': 'https://x.example.com/token', 'probe-url': '/v1/me' })[0]).toContain('Input `probe-url` must be a full URL')
    expect(errors({ provider: 'nice-cxone', ...keys, 'probe-url': '//evil.example.com/x' })[0]).toContain('must be a path')
  })
  test('the tenant configuration document is on the issuer, named by the tenant', () => {
    expect(PROVIDERS['nice-cxone'].apiEndpoint?.documentUrl('https://cxone.niceincontact.com', 'a b')).toBe(
      'https://cxone.niceincontact.com/.well-known/cxone-configuration?tenantId=a%20b'
    )
  })
})

describe('the founding case: hand-written CXone token URLs get the real way', () => {
  test.each([
    ['https://api.cxone.com/api/v2/oauth/token', 'api.cxone.com is not a NICE CXone token endpoint'],
    ['https://api.cxone.com/oauth/token', 'api.cxone.com is not a NICE CXone token endpoint'],
    ['https://cxone.example.com/api/v2/oauth/token', '/api/v2/oauth/token is not a NICE CXone token endpoint'],
    ['https://na1.nice-incontact.com/authentication/v1/token/access-key', 'legacy access-key endpoint']
  ])('%s', (url, start) => {
    for (const code of ['DNS_FAILURE', 'ENDPOINT_NOT_FOUND', 'INVALID_CLIENT'] as const) {
      const [hint] = urlHints(url, code)
      expect(hint).toContain(start)
      expect(hint).toContain('provider: nice-cxone')
      expect(hint).toContain('https://cxone.niceincontact.com')
      expect(hint).toContain('password grant')
      expect(hint).toContain('access key ID as username and access key secret as password')
    }
  })
  test('a Genesys Cloud /api/v2/oauth/token keeps the Genesys hint', () => {
    expect(urlHints('https://api.mypurecloud.de/api/v2/oauth/token', 'INVALID_CLIENT')[0]).toContain('https://login.mypurecloud.de/oauth/token')
  })
})
