// End-to-end for a long list in a file (`checks-file`): ~200 checks against the local fault server,
// and what GitHub would keep of them: at most 10 annotations per severity (the failure message
// included), a job summary under 1 MiB with a closing line, outputs within their budget.
// dist/index.js on Node 24.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CompactReport, Report } from '../../src/report/report.js'
import { runAction, type ActionRun } from '../helpers/action.js'
import { faultCount, useServers } from '../helpers/servers.js'

const servers = useServers()
let workspace: string
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'och-workspace-'))
  mkdirSync(join(workspace, '.github'))
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const COUNT = 200
const pad = (i: number): string => String(i).padStart(3, '0')
/** Four kinds, 50 each: rejected (error), no expires_in (notice), placement found by trying (notice), healthy. */
const KINDS = [
  { path: '/401-empty', placement: 'header' },
  { path: '/token-no-expiry', placement: 'header' },
  { path: '/token', placement: 'auto' },
  { path: '/token', placement: 'header' }
] as const

function listFile(): { text: string; env: Record<string, string> } {
  const env: Record<string, string> = {}
  const items: string[] = []
  for (let i = 0; i < COUNT; i++) {
    const kind = KINDS[i % 4]!
    env[`SECRET_${pad(i)}`] = `many-secret-${pad(i)}-${Math.random().toString(36).slice(2, 10)}`
    items.push(
      `- name: svc-${pad(i)}\n  token-url: ${servers.urls['faults']}${kind.path}?key=e2e-many\n  client-id: client-${pad(i)}\n` +
        `  client-secret-env: SECRET_${pad(i)}\n  auth-placement: ${kind.placement}\n  retries: 0\n  diagnose: false`
    )
  }
  return { text: `${items.join('\n')}\n`, env }
}

const byLevel = (run: ActionRun, level: string) => run.annotations.filter(a => a.level === level)

describe('200 checks from a checks-file', () => {
  let run: ActionRun
  beforeAll(async () => {
    const { text, env } = listFile()
    writeFileSync(join(workspace, '.github/checks.yml'), text)
    run = await runAction({ 'checks-file': '.github/checks.yml', concurrency: '16' }, { env: { ...env, GITHUB_WORKSPACE: workspace }, secrets: Object.values(env) })
  }, 120_000)

  test('every check ran once, and the full report is in the report-file', async () => {
    const report = JSON.parse(run.reportFile ?? '') as Report
    expect(report.checks).toHaveLength(COUNT)
    const statuses = (s: string) => report.checks.filter(c => c.status === s).length
    expect([statuses('failing'), statuses('degraded'), statuses('healthy')]).toEqual([50, 0, 150])
    expect(report.checks[0]).toMatchObject({ name: 'svc-000', status: 'failing' })
    expect(await faultCount(servers, 'e2e-many')).toBe(COUNT)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['status']).toBe('failing')
  })

  test('at most 10 annotations per severity, the failure message included, with "N more" lines', () => {
    const errors = byLevel(run, 'error')
    expect(errors).toHaveLength(10)
    expect(errors.slice(0, 8).map(a => a.title)).toEqual(Array.from({ length: 8 }, (_, i) => `svc-${pad(i * 4)}: ${errors[0]?.title.split(': ')[1]}`))
    expect(errors[8]?.title).toBe('42 more checks with errors')
    expect(errors[8]?.message).toContain('job summary')
    // The step's failure message: 10 names and a count.
    expect(errors[9]?.title).toBe('')
    expect(errors[9]?.message).toMatch(/^OAuth credential check failing: svc-000, svc-004, .*, svc-036 and 40 more \(all in the job summary and the report-file\) \(fail-on: error\)\.$/)
    expect(byLevel(run, 'warning').length).toBeLessThanOrEqual(10)
    const notices = byLevel(run, 'notice')
    expect(notices.length).toBeLessThanOrEqual(10)
    expect(notices[0]?.title).toBe('50 checks: AUTH_PLACEMENT_DETECTED')
    expect(notices.at(-1)?.title).toBe('42 more checks with notices')
    expect(notices.at(-1)?.message).toContain('TOKEN_LIFETIME_UNKNOWN ×42')
  })

  test('the summary is one compact table under 1 MiB, details for unhealthy checks only, and a closing line', () => {
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    expect(run.summary.match(/OAuth credential health/g)).toHaveLength(1)
    expect(run.summary).toContain('50 failing · 0 degraded · 150 healthy')
    expect(run.summary).toContain('| Check | Status | Verdict | Main finding |')
    expect(run.summary.split('\n').filter(l => /^\| svc-\d{3} \|/.test(l))).toHaveLength(COUNT)
    expect(run.summary).toContain('### ❌ svc-000')
    expect(run.summary).not.toContain('### ✅')
    expect(run.summary.trimEnd().split('\n').at(-1)).toMatch(/^_Left out of this summary with 200 checks: the notices of 100 healthy checks; the attempts of each check\. The full report is in the file named by the `report-file` output/)
  })

  test('200 checks fit in the report output: it is the full report, the same as the report file', () => {
    expect(Buffer.byteLength(run.outputs['report'] ?? '')).toBeLessThanOrEqual(900_000)
    const output = JSON.parse(run.outputs['report'] ?? '') as Report
    expect(output).not.toHaveProperty('compact')
    expect(output).toEqual(JSON.parse(run.reportFile ?? ''))
  })
})

describe('1,000 failing checks: the report output turns compact', () => {
  test('the output is the compact report under its budget; the report file has every check', async () => {
    const items = Array.from(
      { length: 1000 },
      (_, i) => `- name: bulk-${String(i).padStart(4, '0')}\n  token-url: ${servers.urls['faults']}/401-empty?key=e2e-bulk\n  client-id: bulk-client-${i}`
    )
    writeFileSync(join(workspace, 'bulk.yml'), `${items.join('\n')}\n`)
    const secret = 'bulk-shared-secret-value-123'
    const run = await runAction(
      { 'checks-file': 'bulk.yml', 'client-secret': secret, 'auth-placement': 'header', retries: '0', diagnose: 'false', concurrency: '16' },
      { env: { GITHUB_WORKSPACE: workspace } }
    )
    const output = run.outputs['report'] ?? ''
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(900_000)
    const compact = JSON.parse(output) as CompactReport
    expect(compact).toMatchObject({ status: 'failing', compact: true, fullReport: 'report-file', checksLeftOut: 0, counts: { failing: 1000, degraded: 0, healthy: 0 } })
    expect(compact.checks).toHaveLength(1000)
    expect(compact.checks[999]).toEqual({ name: 'bulk-0999', status: 'failing', verdict: expect.any(String), codes: [expect.any(String)] })
    const full = JSON.parse(run.reportFile ?? '') as Report
    expect(full.checks).toHaveLength(1000)
    expect(Buffer.byteLength(run.reportFile ?? '')).toBeGreaterThan(900_000)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    expect(byLevel(run, 'error')).toHaveLength(10)
    expect(byLevel(run, 'error')[9]?.message).toContain('and 990 more')
  }, 120_000)
})

describe('checks-file mistakes', () => {
  test('a YAML error → INVALID_INPUT with line and column, no text of the file, nothing sent', async () => {
    writeFileSync(join(workspace, 'broken.yml'), `- name: a\n  token-url: ${servers.urls['faults']}/token?key=e2e-broken\n  client-id: leaky-value-123: [x\n`)
    const run = await runAction({ 'checks-file': 'broken.yml' }, { env: { GITHUB_WORKSPACE: workspace } })
    expect(run.report.checks.map(c => c.findings.map(f => f.code))).toEqual([['INVALID_INPUT']])
    const message = run.report.checks[0]?.findings[0]?.message ?? ''
    expect(message).toMatch(/^Input `checks-file` \(broken\.yml\) is not valid YAML: .+ at line 3, column \d+\.$/)
    expect(run.stdout).not.toContain('leaky-value-123')
    expect(run.summary).not.toContain('leaky-value-123')
    expect(run.exitCode).toBe(1)
    expect(await faultCount(servers, 'e2e-broken')).toBe(0)
  })

  test('checks and checks-file together → INVALID_INPUT naming both', async () => {
    const run = await runAction({ 'checks-file': 'broken.yml', checks: '- name: a' }, { env: { GITHUB_WORKSPACE: workspace } })
    expect(run.annotations.map(a => a.message).join('\n')).toContain('Inputs `checks` and `checks-file` are both set')
    expect(run.exitCode).toBe(1)
  })

  test('a path that names no file → INVALID_INPUT saying so', async () => {
    const run = await runAction({ 'checks-file': 'missing.yml' }, { env: { GITHUB_WORKSPACE: workspace } })
    expect(run.report.checks[0]?.findings[0]?.message).toBe(
      'Input `checks-file` (missing.yml) names no file. Give the path relative to the workspace (GITHUB_WORKSPACE), and check out the repository first (actions/checkout).'
    )
  })
})
