// The tracking issue as people read it: title, body (findings, fixes, latest run, recent runs) and
// the comments. Pure. Check names and finding text reach Markdown only through escapeSummary;
// links are built here from the runner's own variables, never taken from the state block unchecked.

import { bySeverity, type Status } from '../findings/codes.js'
import type { CheckResult } from '../report/result.js'
import { cleanServerText, escapeSummary } from '../text.js'
import { marker, stateBlock, type TrackingState } from './state.js'
import { formatDuration, type IssueComment } from './tracking.js'

export interface RunContext {
  readonly workflow: string
  /** e.g. https://github.com/octo/repo/actions/runs/123 */
  readonly runUrl: string
  /** Prefix every run link of this repository starts with: https://github.com/octo/repo/actions/runs/ */
  readonly runsPrefix: string
}

/**
 * The job summary's escaping, plus what only an issue gives meaning to: `@name` would notify that
 * person and `#123` would link (and back-link) another issue. Entities (`&#91;`) keep their `#`.
 */
function esc(text: string, max: number): string {
  return escapeSummary(text, max)
    .replace(/(^|[^&])#(?=\d)/g, '$1&#35;')
    .replace(/@/g, '&#64;')
}

const ICON: Readonly<Record<Status, string>> = { healthy: '✅', degraded: '⚠️', failing: '❌' }

export function issueTitle(check: string): string {
  return cleanServerText(`OAuth credential check unhealthy: ${check}`, 200)
}

function runLink(url: string, ctx: RunContext): string {
  const id = url.startsWith(ctx.runsPrefix) ? url.slice(ctx.runsPrefix.length) : ''
  return /^\d+(\/attempts\/\d+)?$/.test(id) ? `[run ${id.split('/')[0]}](${ctx.runsPrefix}${id})` : '—'
}

export function issueBody(result: CheckResult, state: TrackingState, ctx: RunContext): string {
  const name = esc(result.name, 120)
  const lines = [
    marker(result.name, ctx.workflow),
    `## ${ICON[result.status]} OAuth credential check ${name}: ${result.status}`,
    '',
    '| | |',
    '|---|---|',
    `| Status | ${ICON[result.status]} ${result.status} (verdict: ${result.verdict}) |`,
    `| Open since | ${state.since.replace('T', ' ').slice(0, 16)} UTC |`,
    `| Latest run | ${runLink(ctx.runUrl, ctx)} |`,
    `| Workflow | ${esc(ctx.workflow, 120)} |`
  ]
  if (result.tokenUrl) lines.push(`| Token URL | ${esc(result.tokenUrl, 200)} |`)
  if (state.daysLeft !== null) lines.push(`| Expires in | ${state.daysLeft < 0 ? 'expired' : `${state.daysLeft} day(s)`} |`)
  lines.push('', '### Findings', '')
  if (result.findings.length === 0) lines.push('None: the check is healthy.')
  for (const f of [...result.findings].sort(bySeverity)) {
    lines.push(`- **\`${f.code}\`** (${f.severity}): ${esc(f.message, 1000)}`, `  <br>**Fix:** ${esc(f.hint, 1000)}`)
  }
  lines.push('', '### Recent runs', '', '| When (UTC) | Status | Codes | Run |', '|---|---|---|---|')
  for (const e of [...state.history].reverse()) {
    lines.push(`| ${esc(e.at.replace('T', ' ').slice(0, 16), 20)} | ${ICON[e.status]} ${e.status} | ${e.codes.map(c => `\`${c}\``).join(' ') || '—'} | ${runLink(e.runUrl, ctx)} |`)
  }
  lines.push(
    '',
    '_Kept by oauth-credential-health: updated on every run, ' +
      'commented on when the status or the findings change or an expiry threshold is crossed, closed when the check is healthy again. ' +
      'Keep the hidden lines of this body: they find this issue again and hold its history._',
    '',
    stateBlock(state)
  )
  return `${lines.join('\n')}\n`
}

export function commentBody(comment: IssueComment, result: CheckResult, ctx: RunContext): string {
  const run = runLink(ctx.runUrl, ctx)
  switch (comment.kind) {
    case 'changed': {
      const codes = (list: readonly string[]): string => (list.length === 0 ? 'none' : list.map(c => `\`${c}\``).join(', '))
      const status = comment.from.status === comment.to.status ? `still ${ICON[comment.to.status]} ${comment.to.status}` : `${ICON[comment.from.status]} ${comment.from.status} → ${ICON[comment.to.status]} ${comment.to.status}`
      return `**Changed** (${run}): ${status}. Findings now ${codes(comment.to.codes)}; before ${codes(comment.from.codes)}.\n`
    }
    case 'expiry':
      return comment.daysLeft < 0
        ? `⏳ **Expired** (${run}): the secret or client certificate of ${esc(result.name, 120)} has expired. Rotate it and update \`secret-expires-at\`.\n`
        : `⏳ **Expiry countdown** (${run}): ${comment.daysLeft} day(s) left, fewer than the ${comment.threshold}-day threshold. Rotate the secret or certificate and update \`secret-expires-at\`.\n`
    case 'recovered':
      return `✅ **Recovered after ${formatDuration(comment.durationMs)}** (${run}): the check is ${result.status} again. Closing.\n`
    case 'duplicate':
      return `Duplicate of #${comment.of}: two runs opened an issue for this check at the same time; #${comment.of}, the older, is kept.\n`
  }
}
