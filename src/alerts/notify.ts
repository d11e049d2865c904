// The chat notification for a change, in the form the target expects. Pure: the shell posts it.
//   slack: an incoming webhook's { text } (mrkdwn: &, < and > are escaped as Slack's formatting
//          reference asks, api.slack.com/reference/surfaces/formatting#escaping, so no <!channel>).
//   teams: a Teams Workflows webhook ("Send webhook alerts to a channel"): a message with one
//          Adaptive Card attachment (reported by Microsoft's Workflows docs and the tools that use them).
//   json:  { event, check, status, …, result } for anything else (the check's report entry: no secrets).

import type { CheckResult } from '../report/result.js'
import { cleanServerText } from '../text.js'
import type { NotifyFormat } from './options.js'
import { formatDuration, type Change } from './tracking.js'

export interface NotifyContext {
  readonly repository: string
  readonly workflow: string
  readonly runUrl: string
  /** The tracking issue's URL, when there is one. */
  readonly issueUrl: string | null
}

const ICON = { healthy: '✅', degraded: '⚠️', failing: '❌' } as const

/** One plain line: what happened to which check. Names are cleaned (one line, no controls). */
export function headline(change: Change, result: CheckResult, ctx: NotifyContext): string {
  const name = cleanServerText(result.name, 120)
  const where = `${cleanServerText(ctx.repository, 140)} (${cleanServerText(ctx.workflow, 120)})`
  switch (change.event) {
    case 'unhealthy':
      return `${ICON[change.status]} OAuth credential check ${name} is ${change.status} in ${where}`
    case 'changed':
      return `${ICON[change.status]} OAuth credential check ${name}: ${change.previous} → ${change.status} in ${where}`
    case 'recovered':
      return `${ICON.healthy} OAuth credential check ${name} recovered after ${formatDuration(change.durationMs)} in ${where}`
    case 'expiry':
      return change.daysLeft < 0
        ? `⏳ The credentials of ${name} have expired (${where})`
        : `⏳ The credentials of ${name} expire in ${change.daysLeft} day(s), under the ${change.threshold}-day threshold (${where})`
  }
}

/** The main findings, one short line each. */
function findingLines(result: CheckResult): string[] {
  return result.findings.slice(0, 5).map(f => `${f.code}: ${cleanServerText(f.message, 200)}`)
}

/** Links in server text are not made clickable: a server must not plant a link in our alert. */
const noLinks = (s: string): string => s.replace(/:\/\//g, ':/\u200b/').replace(/\bwww\./gi, m => `${m.slice(0, 3)}\u200b.`)

const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * Adaptive Card TextBlocks render a Markdown subset (emphasis, links, lists): its characters are
 * backslash-escaped, and a list marker at the start is too.
 */
const teamsEscape = (s: string): string => s.replace(/[\\`*_[\]~]/g, c => `\\${c}`).replace(/^(\s*)([-+>#]|\d+\.)/, '$1\\$2')

export function notificationPayload(format: NotifyFormat, change: Change, result: CheckResult, ctx: NotifyContext): unknown {
  const title = headline(change, result, ctx)
  const links = [`Run: ${ctx.runUrl}`, ...(ctx.issueUrl ? [`Issue: ${ctx.issueUrl}`] : [])]
  switch (format) {
    case 'slack': {
      const findings = findingLines(result).map(l => `• ${slackEscape(noLinks(l))}`)
      const linkText = [`<${ctx.runUrl}|run>`, ...(ctx.issueUrl ? [`<${ctx.issueUrl}|issue>`] : [])].join(' · ')
      return { text: [slackEscape(title), ...findings, linkText].join('\n') }
    }
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: teamsEscape(title), wrap: true, weight: 'Bolder' },
                ...findingLines(result).map(l => ({ type: 'TextBlock', text: teamsEscape(noLinks(l)), wrap: true }))
              ],
              actions: [
                { type: 'Action.OpenUrl', title: 'Run', url: ctx.runUrl },
                ...(ctx.issueUrl ? [{ type: 'Action.OpenUrl', title: 'Issue', url: ctx.issueUrl }] : [])
              ]
            }
          }
        ]
      }
    case 'json':
      return { ...change, check: result.name, title, repository: ctx.repository, workflow: ctx.workflow, runUrl: ctx.runUrl, issueUrl: ctx.issueUrl, links, result }
  }
}
