// End-to-end for provider presets: their rules and hints, with token-url pointing the preset at
// a local stand-in (token-url wins over the preset's URL, the preset's rules still apply).
import { expect, test } from '@jest/globals'
import { findingCodes, runAction } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

const creds = (): Record<string, string> => ({ 'client-id': servers.clients.main.id, 'client-secret': servers.clients.main.secret })
const codes = findingCodes

test('genesys-cloud preset against a Basic-only stand-in: auto tries the header first and succeeds in one request', async () => {
  const run = await runAction({ ...creds(), provider: 'genesys-cloud', region: 'eu-central-1', 'token-url': servers.urls['basicOnlyToken']! })
  expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'header' })
  expect(run.report.checks[0]?.attempts).toHaveLength(1)
})

test('entra-id preset with a scope that is not /.default → PROVIDER_RULE warning before sending', async () => {
  const run = await runAction({ ...creds(), provider: 'entra-id', tenant: 'contoso.onmicrosoft.com', scope: 'api:read', 'token-url': servers.urls['token']! })
  expect(codes(run)).toContain('PROVIDER_RULE')
  expect(run.outputs['status']).toBe('degraded')
  expect(run.annotations.find(a => a.title.endsWith('PROVIDER_RULE'))?.message).toContain('/.default')
})

test('auth0 preset without audience → INVALID_INPUT, nothing sent', async () => {
  const run = await runAction({ ...creds(), provider: 'auth0', domain: 'example.eu.auth0.com' })
  expect(codes(run)).toEqual(['INVALID_INPUT'])
  expect(run.annotations[0]?.message).toContain('`audience` is required for Auth0')
  expect(run.exitCode).toBe(1)
})

test('unknown provider → INVALID_INPUT with the valid values', async () => {
  const run = await runAction({ ...creds(), provider: 'keycloack' })
  expect(run.annotations[0]?.message).toMatch(/must be one of `keycloak`/)
})

test('a 404 on Keycloak\'s pre-v17 /auth/realms path → ENDPOINT_NOT_FOUND with the v17+ path', async () => {
  const url = `${servers.urls['faults']}/auth/realms/main/protocol/openid-connect/token`
  const run = await runAction({ ...creds(), 'token-url': url, retries: '0' })
  expect(codes(run)).toEqual(['ENDPOINT_NOT_FOUND'])
  expect(run.report.checks[0]?.findings[0]?.hint).toContain(`${servers.urls['faults']}/realms/main/protocol/openid-connect/token`)
})
