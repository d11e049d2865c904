// The alerts shell: after the checks, keep one tracking issue per check, post change notifications
// and ping the heartbeat. Every decision comes from tracking.ts; this file only talks to GitHub and
// the webhooks, and turns every failure into one warning: alerts never change a check's result.

import type { ParsedCheck } from '../inputs/run.js'
import type { Transport } from '../net/outcome.js'
import type { Report } from '../report/report.js'
import type { CheckResult } from '../report/result.js'
import { cleanServerText } from '../text.js'
import { GitHubClient, GitHubError, type GitHubProblem } from './github.js'
import { commentBody, issueBody, issueTitle, type RunContext } from './issue-text.js'
import { notificationPayload, type NotifyContext } from './notify.js'
import { alertsWanted, type AlertOptions } from './options.js'
import { hasMarker } from './state.js'
import { decide, type Change, type IssueAction, type OpenIssue } from './tracking.js'

/** GitHub requests, their rate-limit waits and the notifications of one step end within this. */
export const ALERTS_BUDGET_MS = 60_000
/** The heartbeat gets its own time after that, so a slow GitHub cannot cost the dead-man's switch. */
const HEARTBEAT_TIMEOUT_MS = 10_000
/** Both heartbeat tries and the wait between them end within this. */
const HEARTBEAT_BUDGET_MS = 20_000
const DAY_MS = 86_400_000

export const PERMISSIONS_LINES = 'permissions:\n  contents: read\n  issues: write'

export interface AlertLog {
  readonly info: (message: string) => void
  readonly notice: (message: string) => void
  readonly warning: (message: string) => void
}

export interface AlertDeps {
  readonly transport: Transport
  readonly env: (name: string) => string | undefined
  readonly readFile: (path: string) => Promise<string>
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly log: AlertLog
  readonly userAgent: string
}

/** Expiry thresholds by check name, from the parsed checks. */
export function thresholdsByCheck(checks: readonly ParsedCheck[]): ReadonlyMap<string, readonly number[]> {
  return new Map(checks.flatMap(c => (c.ok ? [[c.spec.name, c.spec.expiryThresholds] as const] : [])))
}

interface GitHubEnv {
  readonly owner: string
  readonly repo: string
  readonly repository: string
  readonly apiUrl: string
  readonly serverUrl: string
  readonly workflow: string
  readonly runUrl: string
  readonly runsPrefix: string
}

export async function runAlerts(report: Report, options: AlertOptions, thresholds: ReadonlyMap<string, readonly number[]>, deps: AlertDeps): Promise<void> {
  if (!alertsWanted(options)) return
  if (await isForkPullRequest(deps)) {
    deps.log.notice('Alerts skipped: a pull request from a fork runs with a read-only token and without secrets, so no tracking issue, notification or heartbeat is sent.')
    return
  }
  if (options.trackingIssue) {
    try {
      await track(report, options, thresholds, deps, deps.now() + ALERTS_BUDGET_MS)
    } catch (error) {
      // A bug of ours must not cost the check its result, nor the heartbeat its ping.
      // Raw: the shell's log redacts, neutralises and cuts, in that order.
      deps.log.warning(`Tracking issues failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (options.heartbeatUrl) await heartbeat(options.heartbeatUrl, deps)
}

async function isForkPullRequest(deps: AlertDeps): Promise<boolean> {
  if (deps.env('GITHUB_EVENT_NAME') !== 'pull_request') return false
  const path = deps.env('GITHUB_EVENT_PATH')
  if (!path) return false
  try {
    const event = JSON.parse(await deps.readFile(path)) as { pull_request?: { head?: { repo?: { fork?: unknown; full_name?: unknown } | null } } }
    const head = event.pull_request?.head?.repo
    // A deleted fork leaves head.repo null: still a fork's read-only run.
    if (head === null) return true
    return head?.fork === true || (typeof head?.full_name === 'string' && head.full_name !== deps.env('GITHUB_REPOSITORY'))
  } catch {
    return false
  }
}

function gitHubEnv(deps: AlertDeps): GitHubEnv | string {
  const repository = deps.env('GITHUB_REPOSITORY') ?? ''
  const [owner, repo, ...rest] = repository.split('/')
  if (!owner || !repo || rest.length > 0) return 'GITHUB_REPOSITORY is not set (owner/repo)'
  const apiUrl = deps.env('GITHUB_API_URL') || 'https://api.github.com'
  const serverUrl = (deps.env('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '')
  if (!URL.canParse(apiUrl) || !URL.canParse(serverUrl)) return 'GITHUB_API_URL or GITHUB_SERVER_URL is not a URL'
  const runsPrefix = `${serverUrl}/${repository}/actions/runs/`
  const runId = deps.env('GITHUB_RUN_ID') ?? ''
  return {
    owner,
    repo,
    repository,
    apiUrl,
    serverUrl,
    workflow: deps.env('GITHUB_WORKFLOW') || 'workflow',
    runUrl: /^\d+$/.test(runId) ? `${runsPrefix}${runId}` : `${serverUrl}/${repository}/actions`,
    runsPrefix
  }
}

interface IssueJson {
  readonly id: number
  readonly number: number
  readonly body?: string | null
  readonly created_at: string
  readonly pull_request?: unknown
}

async function track(report: Report, options: AlertOptions, thresholds: ReadonlyMap<string, readonly number[]>, deps: AlertDeps, deadline: number): Promise<void> {
  const gh = gitHubEnv(deps)
  if (typeof gh === 'string') return deps.log.warning(`Tracking issues skipped: ${gh}.`)
  if (options.githubToken === '') return deps.log.warning('Tracking issues skipped: github-token is empty. Pass github-token: ${{ github.token }} (the default) or a token with issues: write.')
  const client = new GitHubClient({
    apiUrl: gh.apiUrl,
    token: options.githubToken,
    userAgent: deps.userAgent,
    transport: deps.transport,
    now: deps.now,
    sleep: deps.sleep,
    deadline
  })
  const repoPath = `/repos/${encodeURIComponent(gh.owner)}/${encodeURIComponent(gh.repo)}`
  const ctx: RunContext = { workflow: gh.workflow, runUrl: gh.runUrl, runsPrefix: gh.runsPrefix }
  // One listing serves every check of the step; it is read again only after this run opened an
  // issue (to see one a concurrent run opened). Each check's marker is its own, so an issue closed
  // meanwhile for one check is never looked at for another.
  let listed: readonly IssueJson[] | undefined
  const openIssues = async (name: string, fresh = false): Promise<OpenIssue[]> => {
    if (listed === undefined || fresh) listed = await client.list<IssueJson>(`${repoPath}/issues`, { state: 'open', sort: 'created', direction: 'asc' }, 'list open issues')
    return listed
      .filter(i => i.pull_request === undefined && hasMarker(i.body, name, gh.workflow))
      .map(i => ({ number: i.number, id: i.id, body: i.body ?? '', createdAt: i.created_at }))
  }

  for (const result of report.checks) {
    try {
      const observation = {
        status: result.status,
        codes: [...new Set(result.findings.map(f => f.code))].sort(),
        nowMs: deps.now(),
        runUrl: gh.runUrl,
        daysLeft: daysLeft(result, deps.now()),
        thresholds: thresholds.get(result.name) ?? [],
        issueOn: options.issueOn
      }
      const decision = decide(observation, await openIssues(result.name))
      let issue: number | null = typeof decision.issue === 'number' ? decision.issue : null
      let lostRace = false
      for (const action of decision.actions) {
        const created = await perform(action, result, ctx, client, repoPath, options, deps)
        if (created === undefined) continue
        issue = created
        // Two runs at once may both have created one: the oldest open issue with the marker wins.
        const all = await openIssues(result.name, true)
        const oldest = all.map(i => i.number).sort((a, b) => a - b)[0]
        if (oldest !== undefined && oldest !== created) {
          await perform({ kind: 'comment', issue: created, comment: { kind: 'duplicate', of: oldest } }, result, ctx, client, repoPath, options, deps)
          await perform({ kind: 'close', issue: created, reason: 'not_planned' }, result, ctx, client, repoPath, options, deps)
          deps.log.info(`Tracking issue for ${result.name}: another run opened #${oldest} at the same time; closed #${created} as its duplicate.`)
          lostRace = true
        }
      }
      if (issue !== null && !lostRace) deps.log.info(`Tracking issue for ${result.name}: #${issue} (${decision.actions.map(a => a.kind).join(', ') || 'no change'}).`)
      // The run that lost the race leaves the notification to the winner, so it is sent once.
      if (options.webhook && !lostRace) {
        const notifyCtx: NotifyContext = { repository: gh.repository, workflow: gh.workflow, runUrl: gh.runUrl, issueUrl: issue === null ? null : `${gh.serverUrl}/${gh.repository}/issues/${issue}` }
        for (const change of decision.notify) await notify(change, result, notifyCtx, options.webhook, deps, deadline)
      }
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error
      deps.log.warning(problemText(error.problem, result.name))
      // The same token and budget would fail the same way for every other check.
      if (error.problem.kind !== 'http') return
    }
  }
}

/** Carries out one action; returns the new issue's number for `create`. */
async function perform(
  action: IssueAction,
  result: CheckResult,
  ctx: RunContext,
  client: GitHubClient,
  repoPath: string,
  options: AlertOptions,
  deps: AlertDeps
): Promise<number | undefined> {
  switch (action.kind) {
    case 'create': {
      const body = { title: issueTitle(result.name), body: issueBody(result, action.state, ctx), labels: [...options.labels], assignees: [...options.assignees] }
      try {
        return (await client.call<{ number: number }>('POST', `${repoPath}/issues`, body, 'create an issue')).number
      } catch (error) {
        // 422: a label or assignee GitHub refuses (an assignee without access to the repository).
        if (!(error instanceof GitHubError && error.problem.kind === 'http' && error.problem.status === 422 && options.assignees.length > 0)) throw error
        deps.log.warning('GitHub refused the issue with issue-assignees (HTTP 422); opened it without assignees. Check that each login can be assigned in this repository.')
        return (await client.call<{ number: number }>('POST', `${repoPath}/issues`, { ...body, assignees: [] }, 'create an issue')).number
      }
    }
    case 'edit':
      await client.call('PATCH', `${repoPath}/issues/${action.issue}`, { body: issueBody(result, action.state, ctx) }, 'edit an issue')
      return undefined
    case 'comment':
      await client.call('POST', `${repoPath}/issues/${action.issue}/comments`, { body: commentBody(action.comment, result, ctx) }, 'comment on an issue')
      return undefined
    case 'close': {
      const body = action.state ? { body: issueBody(result, action.state, ctx) } : {}
      await client.call('PATCH', `${repoPath}/issues/${action.issue}`, { ...body, state: 'closed', state_reason: action.reason }, 'close an issue')
      deps.log.info(`Closed tracking issue #${action.issue} (${action.reason === 'completed' ? 'recovered' : 'duplicate'}).`)
      return undefined
    }
  }
}

/** Days left before the secret or the client certificate expires, the sooner of the two. */
function daysLeft(result: CheckResult, nowMs: number): number | null {
  const cert = result.clientCertNotAfter === null ? null : Math.floor((Date.parse(result.clientCertNotAfter) - nowMs) / DAY_MS)
  const days = [result.secretDaysLeft, cert].filter((d): d is number => d !== null && Number.isFinite(d))
  return days.length === 0 ? null : Math.min(...days)
}

export function problemText(problem: GitHubProblem, check: string): string {
  const where = `Tracking issue for ${cleanServerText(check, 120)}`
  switch (problem.kind) {
    case 'permission':
      return (
        `${where}: the github-token may not ${problem.what} (HTTP ${problem.status}). It needs the issues: write permission; ` +
        `add these lines to the workflow or the job:\n${PERMISSIONS_LINES}`
      )
    case 'issues-disabled':
      return `${where}: issues are turned off in this repository (HTTP 410 on ${problem.what}). Turn them on in Settings → General → Features, or set tracking-issue: false.`
    case 'rate-limited':
      return `${where}: GitHub's rate limit (${problem.why}) asks to wait ${Math.ceil(problem.waitMs / 1000)} s before the next request to ${problem.what}, more than this step's alert budget allows; the next run will catch up.`
    case 'budget':
      return `${where}: the alert budget of ${ALERTS_BUDGET_MS / 1000} s ran out before the request to ${problem.what}; the next run will catch up.`
    case 'http':
      return `${where}: GitHub answered HTTP ${problem.status} to the request to ${problem.what}${problem.message ? `: ${problem.message}` : ''}.`
    case 'network':
      return `${where}: the request to ${problem.what} failed (${problem.detail}).`
  }
}

async function notify(change: Change, result: CheckResult, ctx: NotifyContext, webhook: NonNullable<AlertOptions['webhook']>, deps: AlertDeps, deadline: number): Promise<void> {
  const left = deadline - deps.now()
  if (left <= 0) return deps.log.warning('The change notification (notify-webhook-url) was not sent: the alert budget ran out.')
  const outcome = await deps.transport(
    { method: 'POST', url: webhook.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(notificationPayload(webhook.format, change, result, ctx)) },
    // The retry and its wait stay inside the alert budget too.
    { timeoutMs: Math.min(10_000, left), retries: 1, deadlineMs: Date.now() + left, userAgent: deps.userAgent, maxBodyBytes: 64 * 1024 }
  )
  // Never the URL, not even its host: it is the secret.
  if (outcome.kind === 'network') return deps.log.warning(`The change notification (notify-webhook-url) failed: ${outcome.failure}. The check's result is unchanged.`)
  if (outcome.status < 200 || outcome.status > 299) {
    return deps.log.warning(`The change notification (notify-webhook-url) was refused: HTTP ${outcome.status}. The check's result is unchanged.`)
  }
  deps.log.info(`Change notification sent (${change.event}, ${webhook.format}).`)
}

async function heartbeat(url: string, deps: AlertDeps): Promise<void> {
  const outcome = await deps.transport(
    { method: 'GET', url, headers: {}, body: '' },
    { timeoutMs: HEARTBEAT_TIMEOUT_MS, retries: 1, deadlineMs: Date.now() + HEARTBEAT_BUDGET_MS, userAgent: deps.userAgent, maxBodyBytes: 64 * 1024 }
  )
  if (outcome.kind === 'network') return deps.log.warning(`The heartbeat (heartbeat-url) failed: ${outcome.failure}. The check's result is unchanged.`)
  if (outcome.status < 200 || outcome.status > 299) return deps.log.warning(`The heartbeat (heartbeat-url) was refused: HTTP ${outcome.status}. The check's result is unchanged.`)
  deps.log.info('Heartbeat sent (heartbeat-url).')
}
