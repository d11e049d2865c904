// The alerts shell (src/alerts/run.ts) on the real transport against the GitHub stand-in, for the
// situations that need no authorization server: the runner's variables missing, no token, an
// assignee GitHub refuses, issues turned off, a spent budget, a bug of ours. Each ends in one
// warning; the heartbeat is still called.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { NO_ALERTS, type AlertOptions } from '../../src/alerts/options.js'
import { runAlerts, type AlertDeps } from '../../src/alerts/run.js'
import { finding } from '../../src/findings/codes.js'
import { send } from '../../src/net/transport.js'
import { buildReport } from '../../src/report/report.js'
import { inputErrorResult } from '../../src/report/result.js'
import { OWNER, REPO, startGitHubApi, type GitHubStandIn } from '../servers/github-api.js'

let gh: GitHubStandIn
beforeAll(async () => {
  gh = await startGitHubApi()
})
afterAll(async () => {
  expect(gh.violations).toEqual([])
  await gh.close()
})
beforeEach(() => {
  gh.reset()
  gh.tokens.set('w', 'write')
})

const broken = buildReport([inputErrorResult('billing-api', 'https://login.example.com/t', [finding('CONNECTION_REFUSED', 'refused')])])
const options = (over: Partial<AlertOptions> = {}): AlertOptions => ({ ...NO_ALERTS, trackingIssue: true, githubToken: 'w', labels: ['oauth-credential-health'], heartbeatUrl: `${gh.root}/ping/x`, ...over })

function deps(env: Record<string, string | undefined> = {}, over: Partial<AlertDeps> = {}): { deps: AlertDeps; warnings: string[]; notices: string[] } {
  const warnings: string[] = []
  const notices: string[] = []
  const vars: Record<string, string | undefined> = { GITHUB_API_URL: gh.apiUrl, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_RUN_ID: '5', GITHUB_WORKFLOW: 'wf', ...env }
  return {
    warnings,
    notices,
    deps: {
      transport: send,
      env: name => vars[name],
      readFile: path => readFile(path, 'utf8'),
      now: Date.now,
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
      log: { info: () => undefined, notice: m => notices.push(m), warning: m => warnings.push(m) },
      userAgent: 'test',
      ...over
    }
  }
}

describe('one warning, never a failure, and the heartbeat still goes out', () => {
  test('GITHUB_REPOSITORY missing', async () => {
    const d = deps({ GITHUB_REPOSITORY: undefined })
    await runAlerts(broken, options(), new Map(), d.deps)
    expect(d.warnings).toEqual(['Tracking issues skipped: GITHUB_REPOSITORY is not set (owner/repo).'])
    expect(gh.requests).toHaveLength(0)
    expect(gh.pings).toHaveLength(1)
  })
  test('no token (outside the runner the default is not expanded)', async () => {
    const d = deps()
    await runAlerts(broken, options({ githubToken: '' }), new Map(), d.deps)
    expect(d.warnings).toEqual([expect.stringContaining('Tracking issues skipped: github-token is empty.')])
    expect(gh.pings).toHaveLength(1)
  })
  test('an assignee GitHub refuses (422): the issue is opened without assignees, with a warning', async () => {
    const d = deps()
    await runAlerts(broken, options({ assignees: ['octo-ops', 'ghost-user'] }), new Map(), d.deps)
    expect(d.warnings).toEqual([expect.stringContaining('GitHub refused the issue with issue-assignees (HTTP 422); opened it without assignees.')])
    expect(gh.issues).toEqual([expect.objectContaining({ state: 'open', assignees: [], labels: ['oauth-credential-health'] })])
  })
  test('issues turned off in the repository (410)', async () => {
    gh.issuesDisabled = true
    const d = deps()
    await runAlerts(broken, options(), new Map(), d.deps)
    expect(d.warnings).toEqual([
      'Tracking issue for billing-api: issues are turned off in this repository (HTTP 410 on list open issues). Turn them on in Settings → General → Features, or set tracking-issue: false.'
    ])
    expect(gh.pings).toHaveLength(1)
  })
  test('the budget is spent (a clock that jumps past it): no request, a warning', async () => {
    let t = Date.now()
    const d = deps({}, { now: () => (t += 61_000) })
    await runAlerts(broken, options(), new Map(), d.deps)
    expect(d.warnings).toEqual(['Tracking issue for billing-api: the alert budget of 60 s ran out before the request to list open issues; the next run will catch up.'])
    expect(gh.requests).toHaveLength(0)
    expect(gh.pings).toHaveLength(1)
  })
  test('a bug of ours inside the tracking: a warning, and the heartbeat is still called', async () => {
    const d = deps({}, { transport: (request, opts) => (request.url.includes('/api/v3/') ? Promise.reject(new Error('boom')) : send(request, opts)) })
    await runAlerts(broken, options(), new Map(), d.deps)
    expect(d.warnings).toEqual(['Tracking issues failed unexpectedly: boom'])
    expect(gh.pings).toHaveLength(1)
  })
  test('a pull request from a deleted fork (head.repo null) is still a fork: skipped with a notice', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const path = join(mkdtempSync(join(tmpdir(), 'och-')), 'event.json')
    writeFileSync(path, JSON.stringify({ pull_request: { head: { repo: null } } }))
    const d = deps({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path })
    await runAlerts(broken, options(), new Map(), d.deps)
    expect(d.notices).toEqual([expect.stringContaining('Alerts skipped: a pull request from a fork')])
    expect(gh.requests).toHaveLength(0)
    // The same repository's pull request is not a fork: tracked as usual.
    writeFileSync(path, JSON.stringify({ pull_request: { head: { repo: { fork: false, full_name: `${OWNER}/${REPO}` } } } }))
    await runAlerts(broken, options(), new Map(), deps({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }).deps)
    expect(gh.issues).toHaveLength(1)
  })
})
