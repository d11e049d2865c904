// End-to-end: the tracking issue, expiry countdown, change notifications and heartbeat, across
// several runs of dist/index.js against a real authorization server (oidc-provider) and the GitHub
// REST API stand-in, which checks every request against GitHub's OpenAPI description.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'
import { OWNER, REPO, startGitHubApi, type GitHubStandIn, type Issue } from '../servers/github-api.js'

const servers = useServers()
let gh: GitHubStandIn
beforeAll(async () => {
  gh = await startGitHubApi()
})
afterAll(async () => gh.close())

const WRITE = 'ghs_writeToken0123456789abcdef'
const READ = 'ghs_readOnlyToken0123456789abc'
const HOOK_SECRET = 'T0AAAA/B0BBBB/hookSecretXyZ0123456789'
const PING_SECRET = '5c2f1a9e-hb-secret-7d41e0b2c8aa'
let runId = 1000

beforeEach(() => {
  gh.reset()
  gh.tokens.clear()
  gh.tokens.set(WRITE, 'write')
  gh.tokens.set(READ, 'read')
})

const hookUrl = (): string => `${gh.root}/hooks/${HOOK_SECRET}`
const pingUrl = (): string => `${gh.root}/ping/${PING_SECRET}`
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  GITHUB_API_URL: gh.apiUrl,
  GITHUB_SERVER_URL: 'https://github.example.com',
  GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
  GITHUB_RUN_ID: String(++runId),
  GITHUB_WORKFLOW: 'Credential health',
  GITHUB_EVENT_NAME: 'schedule',
  ...extra
})
const healthy = (): Record<string, string> => ({ name: 'billing-api', 'token-url': servers.urls['token']!, 'client-id': servers.clients.main.id, 'client-secret': servers.clients.main.secret })
const refused = (): Record<string, string> => ({ ...healthy(), 'token-url': servers.urls['refused']! })
const wrongSecret = (): Record<string, string> => ({ ...healthy(), 'client-secret': 'not-the-secret-0123456789' })
const tracking = (over: Record<string, string> = {}): Record<string, string> => ({ 'tracking-issue': 'true', 'github-token': WRITE, ...over })

async function run(inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(inputs, { env: env(extraEnv), secrets: [WRITE, READ, HOOK_SECRET, PING_SECRET, hookUrl(), pingUrl()] })
}

const open = (): Issue[] => gh.issues.filter(i => i.state === 'open' && !i.pull_request)
const commentsOn = (n: number): string[] => gh.comments.filter(c => c.issue === n).map(c => c.body)
const warnings = (r: ActionRun): string[] => r.annotations.filter(a => a.level === 'warning').map(a => a.message)
const days = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString()

afterAll(() => {
  // Any request that broke GitHub's OpenAPI contract is a failure, whichever test sent it.
  expect(gh.violations).toEqual([])
})

describe('one tracking issue per check', () => {
  test('broken three runs in a row: one issue, edited in place, no comment; found by its marker, not its title', async () => {
    const first = await run({ ...refused(), ...tracking({ 'issue-assignees': 'octo-ops' }) })
    expect(first.exitCode).toBe(1)
    expect(first.outputs['status']).toBe('failing')
    expect(open()).toHaveLength(1)
    const issue = open()[0]!
    expect(issue).toMatchObject({ title: 'OAuth credential check unhealthy: billing-api', labels: ['oauth-credential-health'], assignees: ['octo-ops'] })
    expect(issue.body).toContain('<!-- oauth-credential-health:check=billing-api;workflow=Credential%20health -->')
    expect(issue.body).toContain('**`CONNECTION_REFUSED`**')
    expect(issue.body).toContain(`[run ${runId}](https://github.example.com/${OWNER}/${REPO}/actions/runs/${runId})`)
    // People retitle issues: the marker still finds it.
    issue.title = 'billing creds broken (renamed by a human)'
    await run({ ...refused(), ...tracking() })
    await run({ ...refused(), ...tracking() })
    expect(gh.issues).toHaveLength(1)
    expect(commentsOn(issue.number)).toEqual([])
    expect(issue.body).toContain(`actions/runs/${runId})`)
    // The hidden state keeps the last runs.
    expect(issue.body?.match(/❌ failing \| `CONNECTION_REFUSED`/g)).toHaveLength(3)
    expect(gh.requests.filter(r => r.operation === 'issues/create')).toHaveLength(1)
  }, 60_000)

  test('the findings change: one comment; the same findings again: none', async () => {
    await run({ ...refused(), ...tracking() })
    const n = open()[0]!.number
    const changed = await run({ ...wrongSecret(), ...tracking() })
    const code = changed.report.checks[0]!.findings.map(f => f.code).find(c => c !== 'CONNECTION_REFUSED')
    expect(changed.outputs['status']).toBe('failing')
    await run({ ...wrongSecret(), ...tracking() })
    expect(commentsOn(n)).toHaveLength(1)
    expect(commentsOn(n)[0]).toContain('still ❌ failing')
    expect(commentsOn(n)[0]).toContain(`Findings now \`${code}\``)
    expect(commentsOn(n)[0]).toContain('before `CONNECTION_REFUSED`')
  }, 60_000)

  test('recovery: "recovered after" the time since it first broke (from the state block), then closed; broken again: a new issue', async () => {
    await run({ ...refused(), ...tracking() })
    const issue = open()[0]!
    // Pretend it broke three days and two hours ago: the duration comes from the hidden state.
    const since = new Date(Date.now() - (3 * 24 + 2) * 3_600_000 - 60_000).toISOString()
    issue.body = issue.body!.replace(/"since":"[^"]+"/, `"since":"${since}"`)
    const recovered = await run({ ...healthy(), ...tracking() })
    expect(recovered.exitCode).toBe(0)
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' })
    expect(commentsOn(issue.number)).toEqual([expect.stringContaining('**Recovered after 3 days 2 hours**')])
    // Healthy and no issue: nothing to do, not even a listing's worth of writes.
    const before = gh.requests.length
    await run({ ...healthy(), ...tracking() })
    expect(gh.requests.slice(before).map(r => r.operation)).toEqual(['issues/list-for-repo'])
    await run({ ...refused(), ...tracking() })
    expect(open()).toHaveLength(1)
    expect(open()[0]!.number).not.toBe(issue.number)
    expect(issue.state).toBe('closed')
  }, 60_000)

  test('issue-on: warning opens an issue for a degraded check; the default (fail-on: error) does not', async () => {
    const degraded = { ...healthy(), 'min-ttl': '7200' }
    const quiet = await run({ ...degraded, ...tracking() })
    expect(quiet.outputs['status']).toBe('degraded')
    expect(gh.issues).toHaveLength(0)
    await run({ ...degraded, ...tracking({ 'issue-on': 'warning' }) })
    expect(open()).toHaveLength(1)
    gh.reset()
    await run({ ...degraded, ...tracking({ 'fail-on': 'warning' }) })
    expect(open()).toHaveLength(1)
  }, 60_000)

  test('the marker issue is found on the second page of open issues (Link pagination); pull requests are skipped', async () => {
    await run({ ...refused(), ...tracking() })
    const ours = open()[0]!
    gh.issues.splice(0, gh.issues.length)
    for (let i = 0; i < 120; i++) gh.seed({ title: `unrelated ${i}`, body: 'nothing to see' })
    gh.seed({ title: 'a pull request quoting the marker', body: ours.body, pull_request: { url: 'x' } })
    gh.issues.push({ ...ours, number: 500 })
    gh.requests.splice(0, gh.requests.length)
    const r = await run({ ...refused(), ...tracking() })
    expect(r.stdout).toContain('Tracking issue for billing-api: #500')
    expect(gh.requests.filter(q => q.operation === 'issues/list-for-repo').map(q => q.query['page'] ?? '1')).toEqual(['1', '2'])
    expect(gh.requests.map(q => q.operation)).toEqual(['issues/list-for-repo', 'issues/list-for-repo', 'issues/update'])
    expect(gh.requests.at(-1)?.path).toBe(`/repos/${OWNER}/${REPO}/issues/500`)
  }, 60_000)

  test('two runs at once: both open an issue, the newer is closed as a duplicate of the older, one notification', async () => {
    gh.holdListings(2)
    const inputs = { ...refused(), ...tracking({ 'notify-webhook-url': hookUrl() }) }
    await Promise.all([run(inputs), run(inputs)])
    expect(gh.requests.filter(r => r.operation === 'issues/create')).toHaveLength(2)
    expect(open()).toHaveLength(1)
    const [kept, dup] = [...gh.issues].sort((a, b) => a.number - b.number)
    expect(kept!.state).toBe('open')
    expect(dup).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(commentsOn(dup!.number)).toEqual([expect.stringContaining(`Duplicate of #${kept!.number}`)])
    expect(gh.hooks).toHaveLength(1)
    // The next run updates the one that is left.
    await run({ ...refused(), ...tracking() })
    expect(open().map(i => i.number)).toEqual([kept!.number])
  }, 60_000)

  test('a checks list: one listing for the whole step, one issue per broken check, none for the healthy one', async () => {
    const checks = [
      `- name: billing-api\n  token-url: ${servers.urls['refused']}`,
      `- name: crm-api\n  token-url: ${servers.urls['token']}\n  client-secret: wrong-secret-0123456789`,
      `- name: healthy-api\n  token-url: ${servers.urls['token']}`
    ].join('\n')
    const r = await run({ checks, 'client-id': servers.clients.main.id, 'client-secret': servers.clients.main.secret, ...tracking() })
    expect(r.report.checks.map(c => c.status)).toEqual(['failing', 'failing', 'healthy'])
    expect(open().map(i => i.title).sort()).toEqual(['OAuth credential check unhealthy: billing-api', 'OAuth credential check unhealthy: crm-api'])
    // A listing before the first check, and one after each issue opened (to see a concurrent run's).
    expect(gh.requests.map(q => q.operation)).toEqual(['issues/list-for-repo', 'issues/create', 'issues/list-for-repo', 'issues/create', 'issues/list-for-repo'])
  }, 60_000)
})

describe('expiry countdown', () => {
  test('30,14,7,1: each threshold crossed alerts once (a comment and a notification), not every day', async () => {
    const at = (d: number) => ({ ...healthy(), 'secret-expires-at': days(d), 'expiry-warning-days': '30,14,7,1', ...tracking({ 'notify-webhook-url': hookUrl() }) })
    const first = await run(at(20.5))
    expect(first.outputs['status']).toBe('degraded')
    expect(first.exitCode).toBe(0)
    expect(open()).toHaveLength(1)
    const n = open()[0]!.number
    expect(open()[0]!.body).toContain('| Expires in | 20 day(s) |')
    expect(gh.hooks).toHaveLength(1)
    await run(at(19.5))
    expect(commentsOn(n)).toHaveLength(0)
    expect(gh.hooks).toHaveLength(1)
    await run(at(10.5))
    expect(commentsOn(n)).toEqual([expect.stringContaining('10 day(s) left, fewer than the 14-day threshold')])
    await run(at(9.5))
    await run(at(5.5))
    await run(at(5.5))
    expect(commentsOn(n)).toHaveLength(2)
    expect(commentsOn(n)[1]).toContain('fewer than the 7-day threshold')
    await run(at(0.5))
    expect(commentsOn(n)).toHaveLength(3)
    expect(commentsOn(n)[2]).toContain('fewer than the 1-day threshold')
    expect(gh.hooks).toHaveLength(4)
    const payloads = gh.hooks.map(h => JSON.parse(h.body) as { event: string; threshold?: number })
    expect(payloads.map(p => [p.event, p.threshold])).toEqual([
      ['expiry', 30],
      ['expiry', 14],
      ['expiry', 7],
      ['expiry', 1]
    ])
    // Rotated: the countdown ends, the issue closes.
    await run(at(400))
    expect(open()).toHaveLength(0)
  }, 90_000)

  test('a single number still works as before: SECRET_EXPIRING below it, INVALID_INPUT for a bad list', async () => {
    const one = await run({ ...healthy(), 'secret-expires-at': days(10.5), 'expiry-warning-days': '14' })
    expect(one.report.checks[0]!.findings.map(f => f.code)).toContain('SECRET_EXPIRING')
    const bad = await run({ ...healthy(), 'expiry-warning-days': '30,x' })
    expect(bad.report.checks[0]!.findings.map(f => f.message)).toEqual([expect.stringContaining('Input `expiry-warning-days` must be a whole number of days from 0 to 3650, or a comma-separated list')])
  }, 60_000)
})

describe('change notifications and heartbeat', () => {
  test('the webhook is posted to on changes only and its URL never appears; the heartbeat is called every run', async () => {
    const inputs = (check: Record<string, string>, format = 'slack') => ({ ...check, ...tracking({ 'notify-webhook-url': hookUrl(), 'notify-format': format, 'heartbeat-url': pingUrl() }) })
    const runs = [
      await run(inputs(healthy())),
      await run(inputs(refused())),
      await run(inputs(refused())),
      await run(inputs(wrongSecret())),
      await run(inputs(healthy(), 'teams'))
    ]
    expect(gh.pings).toHaveLength(5)
    expect(gh.pings.every(p => p.method === 'GET')).toBe(true)
    // broken (1), same (0), other findings but same status (0), recovered (1)
    expect(gh.hooks).toHaveLength(2)
    const slack = JSON.parse(gh.hooks[0]!.body) as { text: string }
    expect(slack.text).toContain('❌ OAuth credential check billing-api is failing in octo-org/credentials (Credential health)')
    expect(slack.text).toContain('CONNECTION_REFUSED')
    expect(slack.text).toMatch(/<https:\/\/github\.example\.com\/octo-org\/credentials\/issues\/\d+\|issue>/)
    const teams = JSON.parse(gh.hooks[1]!.body) as { type: string; attachments: Array<{ contentType: string; content: { type: string; body: Array<{ text: string }> } }> }
    expect(teams.type).toBe('message')
    expect(teams.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(teams.attachments[0]!.content.body[0]!.text).toMatch(/billing-api recovered after/)
    for (const r of runs) {
      // runAction swept every run for the URLs; they are masked too.
      expect(r.masks).toEqual(expect.arrayContaining([hookUrl(), pingUrl()]))
      expect(r.stdout).toContain('Heartbeat sent (heartbeat-url).')
    }
  }, 90_000)

  test('a refused notification is a warning that does not name the URL and does not change the result', async () => {
    gh.hookStatus = 500
    const r = await run({ ...refused(), ...tracking({ 'notify-webhook-url': hookUrl() }) })
    expect(r.exitCode).toBe(1)
    expect(r.report.checks[0]!.findings.map(f => f.code)).toEqual(['CONNECTION_REFUSED'])
    expect(warnings(r)).toContain("The change notification (notify-webhook-url) was refused: HTTP 500. The check's result is unchanged.")
    expect(gh.hooks.length).toBeGreaterThanOrEqual(1)
  }, 60_000)

  test('the heartbeat is called on a healthy run without tracking, and a dead one is a warning', async () => {
    const ok = await run({ ...healthy(), 'heartbeat-url': pingUrl() })
    expect(ok.exitCode).toBe(0)
    expect(gh.pings).toHaveLength(1)
    const dead = await run({ ...healthy(), 'heartbeat-url': `${servers.urls['refused']!.replace('/token', '')}/ping/${PING_SECRET}` })
    expect(dead.exitCode).toBe(0)
    expect(warnings(dead)).toEqual(["The heartbeat (heartbeat-url) failed: refused. The check's result is unchanged."])
  }, 60_000)

  test('notify-webhook-url without tracking-issue is INVALID_INPUT naming both inputs, without the URL', async () => {
    const r = await run({ ...healthy(), 'notify-webhook-url': hookUrl() })
    expect(r.exitCode).toBe(1)
    expect(r.report.checks[0]!.findings.map(f => f.message)).toEqual([expect.stringContaining('Input `notify-webhook-url` needs `tracking-issue: true`')])
  }, 60_000)
})

describe('GitHub API done properly', () => {
  test('a token without issues: write: a warning naming the permission and the permissions lines; the result is unchanged', async () => {
    const r = await run({ ...refused(), ...tracking({ 'github-token': READ }) })
    expect(r.exitCode).toBe(1)
    expect(r.report.checks[0]!.findings.map(f => f.code)).toEqual(['CONNECTION_REFUSED'])
    expect(warnings(r)).toEqual([
      'Tracking issue for billing-api: the github-token may not create an issue (HTTP 403). It needs the issues: write permission; add these lines to the workflow or the job:\npermissions:\n  contents: read\n  issues: write'
    ])
    expect(gh.issues).toHaveLength(0)
  }, 60_000)

  test('rate limited: Retry-After and x-ratelimit-reset are waited for within the budget, a longer wait is a warning', async () => {
    gh.inject([{ status: 429, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit.' }])
    const reset = Math.ceil(Date.now() / 1000) + 3
    gh.inject([{ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, message: 'API rate limit exceeded' }])
    const r = await run({ ...refused(), ...tracking() })
    expect(warnings(r)).toEqual([])
    expect(open()).toHaveLength(1)
    const [a, b, c] = gh.requests
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950)
    // Not before the reset GitHub named (the stand-in's clock is this machine's).
    expect(c!.at).toBeGreaterThanOrEqual(reset * 1000 - 5)

    gh.reset()
    gh.inject([{ status: 403, headers: { 'retry-after': '3600' }, message: 'You have exceeded a secondary rate limit.' }])
    const late = await run({ ...refused(), ...tracking() })
    expect(warnings(late)).toEqual([
      "Tracking issue for billing-api: GitHub's rate limit (retry-after: 3600) asks to wait 3600 s before the next request to list open issues, more than this step's alert budget allows; the next run will catch up."
    ])
    expect(gh.requests).toHaveLength(1)
    expect(late.exitCode).toBe(1)
  }, 60_000)

  test('a pull request from a fork: skipped with a notice, no request to GitHub', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'och-event-'))
    const eventPath = join(dir, 'event.json')
    writeFileSync(eventPath, JSON.stringify({ pull_request: { head: { repo: { fork: true, full_name: 'someone/credentials' } } } }))
    const r = await run({ ...refused(), ...tracking() }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath })
    expect(r.annotations.filter(a => a.level === 'notice').map(a => a.message)).toEqual([expect.stringContaining('Alerts skipped: a pull request from a fork')])
    expect(gh.requests).toHaveLength(0)
  }, 60_000)
})
