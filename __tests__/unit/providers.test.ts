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
    [{ provider: 'nice-cxone' }, { endpoint: { kind: 'discover', issuer: 'https://cxone.niceincontact.com', tokenUrl: null } }],
    [{ provider: 'nice-cxone', region: 'fedramp' }, { endpoint: { issuer: 'https://cxone-gov.niceincontact.com' } }],
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
