// region: auto against local servers standing in for regions. The region table is injected
// through the spec's candidates (only the real Genesys Cloud table ships); the exchange goes
// through the real transport to a real authorization server.
import { expect, test } from '@jest/globals'
import { runCheck } from '../../src/check.js'
import { send } from '../../src/net/transport.js'
import { makeSpec, secret } from '../helpers/spec.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

const regionSpec = (candidates: Array<{ region: string; tokenUrl: string }>) =>
  makeSpec({
    provider: 'genesys-cloud',
    ...secret('header'),
    endpoint: { kind: 'regions', candidates },
    clientId: servers.clients.main.id,
    clientSecret: servers.clients.main.secret,
    retries: 0
  })
const deps = () => {
  const masked: string[] = []
  return { masked, deps: { transport: send, mask: (v: string) => void masked.push(v), userAgent: 'test' } }
}

test('the one region that knows the client is found → REGION_DETECTED, then a normal healthy check there', async () => {
  const { deps: d, masked } = deps()
  const run = await runCheck(
    regionSpec([
      { region: 'us-east-1', tokenUrl: `${servers.urls['faults']}/oauth-error/invalid_client` },
      { region: 'eu-central-1', tokenUrl: servers.urls['basicOnlyToken']! },
      { region: 'ap-south-1', tokenUrl: servers.urls['refused']! }
    ]),
    d
  )
  expect(run.result.findings.map(f => f.code)).toEqual(['REGION_DETECTED'])
  expect(run.result.findings[0]?.hint).toContain('Set region: eu-central-1')
  expect(run.result.status).toBe('healthy')
  expect(run.result.tokenUrl).toBe(servers.urls['basicOnlyToken'])
  expect(masked).toContain(run.accessToken)
})

test('every region answers and rejects the client → INVALID_CLIENT listing each region', async () => {
  const { deps: d } = deps()
  const run = await runCheck(
    regionSpec([
      { region: 'us-east-1', tokenUrl: `${servers.urls['faults']}/oauth-error/invalid_client` },
      { region: 'ap-south-1', tokenUrl: servers.urls['bodyOnlyToken']! }
    ]),
    d
  )
  expect(run.result.findings.map(f => f.code)).toEqual(['INVALID_CLIENT'])
  expect(run.result.findings[0]?.hint).toContain('us-east-1 invalid_client, ap-south-1 invalid_client')
  expect(run.result.status).toBe('failing')
})

test('no region reachable is not INVALID_CLIENT: the transport code says what happened (indeterminate)', async () => {
  const { deps: d } = deps()
  const run = await runCheck(
    regionSpec([
      { region: 'us-east-1', tokenUrl: servers.urls['refused']! },
      { region: 'eu-central-1', tokenUrl: `${servers.urls['faults']}/oauth-error/invalid_client` }
    ]),
    d
  )
  expect(run.result.findings.map(f => f.code)).toEqual(['CONNECTION_REFUSED'])
  expect(run.result.verdict).toBe('indeterminate')
  expect(run.result.findings[0]?.hint).toContain('us-east-1 CONNECTION_REFUSED, eu-central-1 invalid_client')
})
