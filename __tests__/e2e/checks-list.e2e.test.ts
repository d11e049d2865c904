// End-to-end for many checks in one step: the `checks` list, secrets from env, bounded
// concurrency, one summary, the report file. dist/index.js on Node 24.
import { describe, expect, test } from '@jest/globals'
import { runAction } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

const url = (name: string): string => servers.urls[name]!

describe('a mixed list', () => {
  test('per-check statuses, codes and order; worst status wins; one summary; report file', async () => {
    const { main, short, special } = servers.clients
    const env = { MAIN_SECRET: main.secret, SHORT_SECRET: short.secret, SPECIAL_SECRET: special.secret, WRONG_SECRET: 'wrong-secret-value-000' }
    const checks = `
- name: basic-only-auto
  token-url: ${url('basicOnlyToken')}
  client-id: ${main.id}
  client-secret-env: MAIN_SECRET
- name: wrong-secret
  token-url: ${url('token')}
  client-id: ${main.id}
  client-secret-env: WRONG_SECRET
- name: short-lived
  token-url: ${url('token')}
  client-id: ${short.id}
  client-secret-env: SHORT_SECRET
  auth-placement: header
- name: body-only
  token-url: ${url('bodyOnlyToken')}
  client-id: ${special.id}
  client-secret-env: SPECIAL_SECRET
  auth-placement: body
- name: refused
  token-url: ${url('refused')}
  client-id: ${main.id}
  client-secret-env: MAIN_SECRET
  retries: 0
- name: discovered
  issuer: ${url('issuer')}
  client-id: ${main.id}
  client-secret-env: MAIN_SECRET
  auth-placement: header
`
    const run = await runAction({ checks, concurrency: '3' }, { env, secrets: Object.values(env) })
    const rows = run.report.checks.map(c => [c.name, c.status, c.findings.map(f => f.code).join(',')])
    expect(rows).toEqual([
      ['basic-only-auto', 'healthy', 'AUTH_PLACEMENT_DETECTED'],
      ['wrong-secret', 'failing', 'INVALID_CLIENT'],
      ['short-lived', 'degraded', 'TOKEN_TTL_TOO_SHORT'],
      ['body-only', 'healthy', ''],
      ['refused', 'failing', 'CONNECTION_REFUSED'],
      ['discovered', 'healthy', '']
    ])
    expect(run.outputs['status']).toBe('failing')
    expect(run.exitCode).toBe(1)
    // Single-check conveniences are empty with more than one check.
    expect(run.outputs).toMatchObject({ placement: '', 'http-status': '', 'expires-in': '', scope: '', 'latency-ms': '' })
    // Annotations are titled with the check's name.
    expect(run.annotations.map(a => a.title)).toEqual(
      expect.arrayContaining(['wrong-secret: INVALID_CLIENT', 'short-lived: TOKEN_TTL_TOO_SHORT', 'refused: CONNECTION_REFUSED'])
    )
    // One summary: counts, then rows worst first (then by name), details only for checks with findings.
    expect(run.summary.match(/OAuth credential health/g)).toHaveLength(1)
    expect(run.summary).toContain('2 failing · 1 degraded · 3 healthy')
    const order = run.summary
      .split('\n')
      .filter(l => /^\| [a-z-]+ \|/.test(l))
      .map(l => l.split('|')[1]?.trim())
    expect(order).toEqual(['refused', 'wrong-secret', 'short-lived', 'basic-only-auto', 'body-only', 'discovered'])
    expect(run.summary).not.toContain('### ✅ body-only')
    // The report file holds the same report, under RUNNER_TEMP.
    expect(run.outputs['report-file']).toMatch(/oauth-credential-health-report\.json$/)
    expect(JSON.parse(run.reportFile ?? '')).toEqual(run.report)
  })
})

describe('list validation', () => {
  const item = (name: string, extra = ''): string =>
    `- name: ${name}\n  token-url: ${url('token')}\n  client-id: ${servers.clients.main.id}\n  client-secret-env: MAIN_SECRET\n  auth-placement: header\n${extra}`
  const env = (): Record<string, string> => ({ MAIN_SECRET: servers.clients.main.secret })

  test('a missing env var fails that check only, naming check, key and variable', async () => {
    const checks = `${item('ok')}- name: no-env\n  token-url: ${url('token')}\n  client-id: x\n  client-secret-env: NOT_SET_ANYWHERE\n`
    const run = await runAction({ checks }, { env: env(), secrets: Object.values(env()) })
    expect(run.report.checks.map(c => [c.name, c.status])).toEqual([
      ['ok', 'healthy'],
      ['no-env', 'failing']
    ])
    expect(run.report.checks[1]?.findings[0]?.message).toContain('Check `no-env`: key `client-secret-env` names the environment variable NOT_SET_ANYWHERE')
    expect(run.exitCode).toBe(1)
  })
  test('a duplicate name and an unknown key are INVALID_INPUT; the valid check still runs', async () => {
    const checks = `${item('dup')}${item('dup')}${item('typo', '  scopes: api:read\n')}`
    const run = await runAction({ checks }, { env: env(), secrets: Object.values(env()) })
    const codes = run.report.checks.map(c => [c.name, c.status, c.findings.map(f => f.code).join(',')])
    expect(codes).toEqual([
      ['dup', 'healthy', ''],
      ['dup', 'failing', 'INVALID_INPUT'],
      ['typo', 'failing', 'INVALID_INPUT']
    ])
    expect(run.report.checks[2]?.findings[0]?.message).toContain('did you mean `scope`?')
    expect(run.report.checks[0]?.attempts).toHaveLength(1)
    expect(run.report.checks[1]?.attempts).toHaveLength(0)
  })
  test('YAML that is not a list → INVALID_INPUT for `checks`, nothing sent', async () => {
    const run = await runAction({ checks: 'token-url: x' })
    expect(run.report.checks.map(c => c.findings.map(f => f.code))).toEqual([['INVALID_INPUT']])
    expect(run.exitCode).toBe(1)
  })
  test('every secret of every check is masked before any request', async () => {
    const env2 = { S1: servers.clients.main.secret, S2: 'second-secret-value-xyz' }
    const checks = `- name: one\n  token-url: ${url('token')}\n  client-id: ${servers.clients.main.id}\n  client-secret-env: S1\n- name: two\n  token-url: ${url('token')}\n  client-id: other\n  client-secret-env: S2\n`
    const run = await runAction({ checks }, { env: env2, secrets: Object.values(env2) })
    const firstNonMask = run.stdout.split('\n').findIndex(l => l !== '' && !l.startsWith('::add-mask::'))
    const masksBefore = run.stdout.split('\n').slice(0, firstNonMask).map(l => l.slice('::add-mask::'.length))
    expect(masksBefore).toEqual(expect.arrayContaining(Object.values(env2)))
  })
})
