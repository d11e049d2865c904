// End to end for NICE CXone, the platform this project started from, checked the way it
// authenticates: discovery at the issuer, the password grant with an API user's access key pair,
// the tenant's API host from cxone-configuration, a probe there. `issuer` points the preset at the
// local stand-in (servers/cxone.js); every run is swept for leaks of the client secret, the access
// keys and the tokens (runAction's sweep; tokens are in the masks it checks).
import { expect, test } from '@jest/globals'
import { annotationCodes, findingCodes, firstCheck, runAction } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

const AGENTS = '/incontactapi/services/v31.0/agents'

/** The README's CXone example with its four secrets, pointed at the stand-in. */
const cxone = (over: Record<string, string> = {}): Record<string, string> => ({
  provider: 'nice-cxone',
  issuer: servers.urls['cxoneIssuer']!,
  'client-id': servers.cxone.clientId,
  'client-secret': servers.cxone.clientSecret,
  username: servers.cxone.accessKeyId,
  password: servers.cxone.accessKeySecret,
  'probe-url': AGENTS,
  retries: '0',
  ...over
})
const secrets = (): string[] => [servers.cxone.accessKeyId, servers.cxone.accessKeySecret, servers.cxone.clientSecret, encodeURIComponent(servers.cxone.accessKeySecret)]

test('a correct CXone setup is healthy: password grant, Basic as advertised, the API host reported and the relative probe accepted there', async () => {
  const run = await runAction(cxone(), { secrets: secrets() })
  expect(run.exitCode).toBe(0)
  expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'header', 'http-status': '200', 'expires-in': '3600', 'api-endpoint': servers.urls['cxoneApi'] })
  const check = firstCheck(run)
  expect(check).toMatchObject({ verdict: 'valid', authMethod: 'client_secret_basic', apiEndpoint: servers.urls['cxoneApi'], tokenUrl: servers.urls['cxoneToken'] })
  expect(check.attempts).toHaveLength(1)
  expect(check.probe).toMatchObject({ url: `${servers.urls['cxoneApi']}${AGENTS}`, httpStatus: 200, accepted: true })
  expect(findingCodes(run)).toEqual(['AUTH_PLACEMENT_DETECTED'])
  // The summary neutralises links (`://` as `&#58;//`), so compare the host part.
  expect(run.summary).toContain(`API host: http&#58;//${new URL(servers.urls['cxoneApi']!).host}`)
  // Every form of the access key secret was masked before the first request.
  expect(run.masks).toEqual(expect.arrayContaining([servers.cxone.accessKeySecret, encodeURIComponent(servers.cxone.accessKeySecret), servers.cxone.accessKeyId]))
})

test('client_credentials with provider: nice-cxone → PROVIDER_RULE showing the inputs, and the failure says the platform does not offer the grant', async () => {
  const run = await runAction(cxone({ 'grant-type': 'client_credentials', username: '', password: '' }), { secrets: secrets() })
  expect(run.outputs['status']).toBe('failing')
  expect(findingCodes(run)).toEqual(['PROVIDER_RULE', 'GRANT_NOT_ADVERTISED', 'UNAUTHORIZED_CLIENT'])
  const rule = run.annotations.find(a => a.title.endsWith('PROVIDER_RULE'))!
  expect(rule.level).toBe('warning')
  expect(rule.message).toContain('NICE CXone back-end apps authenticate with the password grant and an API user\'s access key pair, not client_credentials')
  expect(rule.message).toContain('username: ${{ secrets.CXONE_ACCESS_KEY_ID }}')
  expect(rule.message).toContain('password: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}')
  const failure = firstCheck(run).findings.find(f => f.code === 'UNAUTHORIZED_CLIENT')!
  expect(failure.hint).toMatch(/^The server's metadata does not list client_credentials among its grants/)
  expect(firstCheck(run).apiEndpoint).toBeNull()
})

test('a wrong access key → USER_CREDENTIALS_REJECTED (verdict invalid), never INVALID_CLIENT, and no other placement is tried', async () => {
  const run = await runAction(cxone({ password: 'kS7d+Qf/2mZp9xW3vB6nL8rT4yH1jC5X=' }), { secrets: [...secrets(), 'kS7d+Qf/2mZp9xW3vB6nL8rT4yH1jC5X='] })
  expect(run.exitCode).toBe(1)
  expect(findingCodes(run)).toEqual(['USER_CREDENTIALS_REJECTED'])
  expect(annotationCodes(run)).not.toContain('INVALID_CLIENT')
  const check = firstCheck(run)
  expect(check).toMatchObject({ status: 'failing', verdict: 'invalid', httpStatus: 400 })
  expect(check.attempts).toHaveLength(1)
  const f = check.findings[0]!
  expect(f.message).toContain('invalid_grant')
  expect(f.message).toContain(`not client ${servers.cxone.clientId}`)
  expect(f.hint).toContain('access key ID and access key secret')
  expect(f.hint).toContain('Leave client-id and client-secret as they are')
  expect(f.hint).not.toMatch(/Copy the secret value again/)
})

test('a wrong client secret → INVALID_CLIENT naming client-id and client-secret, not the access key', async () => {
  const wrong = 'Cx0neClientSecret+/9kQ=X'
  const run = await runAction(cxone({ 'client-secret': wrong }), { secrets: [...secrets(), wrong] })
  expect(findingCodes(run)).toEqual(['INVALID_CLIENT'])
  const check = firstCheck(run)
  expect(check.verdict).toBe('invalid')
  // Every way of presenting the client was tried (the secret's '+/=' make the raw Basic value differ).
  expect(check.attempts.map(a => [a.placement, a.basicEncoding, a.error])).toEqual([
    ['header', 'form', 'invalid_client'],
    ['body', null, 'invalid_client'],
    ['header', 'raw', 'invalid_client']
  ])
  expect(check.findings[0]!.hint).toContain('This is about client-id and client-secret; the password grant\'s username and password were not judged.')
})

test('an access key secret stored with a trailing newline → SECRET_WHITESPACE naming password, found by a trimmed retry in the same place', async () => {
  const run = await runAction(cxone({ password: `${servers.cxone.accessKeySecret}\n` }), { secrets: secrets() })
  expect(findingCodes(run)).toEqual(['SECRET_WHITESPACE'])
  const check = firstCheck(run)
  expect(check.findings[0]!.message).toContain('The stored password has leading or trailing whitespace (it ends with a newline)')
  expect(check.attempts.map(a => [a.authMethod, a.trimmed, a.outcome])).toEqual([
    ['client_secret_basic', false, 'USER_CREDENTIALS_REJECTED'],
    ['client_secret_basic', true, 'token']
  ])
})

test('the body placement works the same: client_secret_post with the access keys form-encoded in one body', async () => {
  const run = await runAction(cxone({ 'auth-placement': 'body' }), { secrets: secrets() })
  expect(run.outputs).toMatchObject({ status: 'healthy', placement: 'body', 'api-endpoint': servers.urls['cxoneApi'] })
})

test('a tenant the cxone-configuration does not know → API_ENDPOINT_UNKNOWN warning, the token still counts, the relative probe is skipped', async () => {
  const run = await runAction(cxone({ username: servers.cxone.orphanKeyId, password: servers.cxone.orphanKeySecret }), {
    secrets: [...secrets(), servers.cxone.orphanKeySecret]
  })
  expect(run.outputs).toMatchObject({ status: 'degraded', 'api-endpoint': '' })
  expect(findingCodes(run)).toEqual(['AUTH_PLACEMENT_DETECTED', 'API_ENDPOINT_UNKNOWN'])
  const check = firstCheck(run)
  expect(check.verdict).toBe('valid')
  expect(check.probe).toBeNull()
  expect(check.findings[1]!.message).toContain('cxone-configuration?tenantId=retired-tenant answered HTTP 404')
  expect(check.findings[1]!.message).toContain(`probe-url ${AGENTS} was not called`)
})

test('the founding case: client_credentials in the body to /api/v2/oauth/token, 401 "Bad client credentials" → INVALID_CLIENT with the CXone hint', async () => {
  const run = await runAction(
    { 'token-url': servers.urls['cxoneFounding']!, 'client-id': servers.cxone.clientId, 'client-secret': servers.cxone.clientSecret, 'auth-placement': 'body', retries: '0' },
    { secrets: secrets() }
  )
  expect(findingCodes(run)).toEqual(['INVALID_CLIENT'])
  const f = firstCheck(run).findings[0]!
  expect(f.message).toContain('invalid_client ("Bad client credentials")')
  expect(f.hint).toMatch(/^\/api\/v2\/oauth\/token is not a NICE CXone token endpoint/)
  expect(f.hint).toContain('set provider: nice-cxone (the token endpoint is discovered at https://cxone.niceincontact.com')
  expect(f.hint).toContain('pass the API user\'s access key ID as username and access key secret as password')
})

test('the founding URL itself, https://api.cxone.com/api/v2/oauth/token, unreachable → the same pointed hint on a network failure', async () => {
  // Through a local proxy address where nothing listens, so nothing leaves the machine (not even DNS).
  const proxy = new URL(servers.urls['refused']!).origin
  const run = await runAction(
    { 'token-url': 'https://api.cxone.com/api/v2/oauth/token', 'client-id': servers.cxone.clientId, 'client-secret': servers.cxone.clientSecret, retries: '0', timeout: '5' },
    { secrets: secrets(), env: { HTTPS_PROXY: proxy } }
  )
  const f = firstCheck(run).findings[0]!
  expect(f.code).toBe('NETWORK_ERROR')
  expect(f.hint).toMatch(/^api\.cxone\.com is not a NICE CXone token endpoint/)
  expect(f.hint).toContain('provider: nice-cxone')
})

test('a checks list reads the access keys with username-env / password-env, masks them, and judges each check on its own', async () => {
  const item = (name: string, secretVar: string): string =>
    [
      `- name: ${name}`,
      '  provider: nice-cxone',
      `  issuer: ${servers.urls['cxoneIssuer']!}`,
      '  client-id-env: CX_ID',
      '  client-secret-env: CX_SECRET',
      '  username-env: CX_KEY_ID',
      `  password-env: ${secretVar}`,
      `  probe-url: ${AGENTS}`
    ].join('\n')
  const wrongKey = 'kS7d+Qf/2mZp9xW3vB6nL8rT4yH1jC5Z='
  const run = await runAction(
    { checks: `${item('cxone-prod', 'CX_KEY_SECRET')}\n${item('cxone-stale', 'CX_OLD_KEY_SECRET')}`, retries: '0' },
    {
      env: {
        CX_ID: servers.cxone.clientId,
        CX_SECRET: servers.cxone.clientSecret,
        CX_KEY_ID: servers.cxone.accessKeyId,
        CX_KEY_SECRET: servers.cxone.accessKeySecret,
        CX_OLD_KEY_SECRET: wrongKey
      },
      secrets: [...secrets(), wrongKey, encodeURIComponent(wrongKey)]
    }
  )
  const [prod, stale] = run.report.checks
  expect(prod).toMatchObject({ name: 'cxone-prod', status: 'healthy', apiEndpoint: servers.urls['cxoneApi'] })
  expect(stale).toMatchObject({ name: 'cxone-stale', status: 'failing', verdict: 'invalid' })
  expect(stale?.findings.map(f => f.code)).toEqual(['USER_CREDENTIALS_REJECTED'])
  expect(run.masks).toEqual(expect.arrayContaining([servers.cxone.accessKeySecret, wrongKey]))
})
