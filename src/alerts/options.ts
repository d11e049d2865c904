// The alert inputs of the step (tracking issue, webhook, heartbeat), parsed into AlertOptions or
// INVALID_INPUT findings that name the input and the expected form. Pure.

import { isInsecure, parseEndpoint } from '../endpoint/url-rules.js'
import type { FailOn } from '../spec.js'
import { bool, clip, oneOf, type Complain } from '../inputs/values.js'

export type IssueOn = 'error' | 'warning'
export type NotifyFormat = 'slack' | 'teams' | 'json'

export interface AlertOptions {
  readonly trackingIssue: boolean
  /** '' when no token was given (outside the runner the default `${{ github.token }}` is not expanded). */
  readonly githubToken: string
  readonly labels: readonly string[]
  readonly assignees: readonly string[]
  /** Which status opens (and keeps open) a tracking issue: `error` → failing, `warning` → degraded too. */
  readonly issueOn: IssueOn
  readonly webhook: { readonly url: string; readonly format: NotifyFormat } | null
  readonly heartbeatUrl: string | null
}

export const NO_ALERTS: AlertOptions = {
  trackingIssue: false,
  githubToken: '',
  labels: [],
  assignees: [],
  issueOn: 'error',
  webhook: null,
  heartbeatUrl: null
}

/** Whether the step asked for any alert (the alerts code is loaded only then). */
export function alertsWanted(options: AlertOptions): boolean {
  return options.trackingIssue || options.webhook !== null || options.heartbeatUrl !== null
}

const ISSUE_ON: readonly IssueOn[] = ['error', 'warning']
const FORMATS: readonly NotifyFormat[] = ['slack', 'teams', 'json']

/** A comma- or newline-separated list, trimmed, without empties and duplicates. */
export function nameList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map(s => s.trim()).filter(Boolean))]
}

/** `get` returns trimmed values with action.yml's defaults filled in. */
export function parseAlertOptions(get: (name: string) => string, failOn: FailOn, bad: Complain): AlertOptions {
  const trackingIssue = bool(get('tracking-issue'), 'tracking-issue', bad) ?? false
  const token = get('github-token')
  const issueOnText = get('issue-on')
  // `fail-on: warning` makes a degraded check fail the step: the same status should open an issue.
  const issueOn = issueOnText === '' ? (failOn === 'warning' ? 'warning' : 'error') : (oneOf(issueOnText, ISSUE_ON, 'issue-on', bad) ?? 'error')
  const labels = nameList(get('issue-labels'))
  for (const label of labels) if (label.length > 50) bad('issue-labels', `holds "${clip(label)}", longer than GitHub's 50 characters for a label name.`)
  const assignees = nameList(get('issue-assignees')).map(a => a.replace(/^@/, ''))
  for (const login of assignees) {
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login)) bad('issue-assignees', `must list GitHub logins separated by commas; "${clip(login)}" is not one.`)
  }

  const webhookText = get('notify-webhook-url')
  const format = oneOf(get('notify-format'), FORMATS, 'notify-format', bad) ?? 'json'
  // Never echo the URL: it is a secret (whoever holds it can post to the channel).
  const webhookUrl = webhookText === '' ? undefined : secretUrl(webhookText, 'notify-webhook-url', bad)
  if (webhookUrl && !trackingIssue) {
    bad('notify-webhook-url', 'needs `tracking-issue: true`: a change is decided from the state kept in the tracking issue (see docs/alerts.md).')
  }
  const heartbeatText = get('heartbeat-url')
  const heartbeatUrl = heartbeatText === '' ? undefined : secretUrl(heartbeatText, 'heartbeat-url', bad)

  return {
    trackingIssue,
    githubToken: /^\$\{\{.*\}\}$/.test(token) ? '' : token,
    labels,
    assignees,
    issueOn,
    webhook: webhookUrl ? { url: webhookUrl, format } : null,
    heartbeatUrl: heartbeatUrl ?? null
  }
}

/** An https URL (http only to loopback), checked without ever quoting it back. */
function secretUrl(text: string, input: string, bad: Complain): string | undefined {
  const problems: string[] = []
  const url = parseEndpoint(text, input, (_input, problem) => problems.push(problem), 'https://hooks.example.com/…')
  const problem = problems[0]
  if (problem !== undefined) {
    // parseEndpoint's messages never quote the value; the URL stays out of the log.
    bad(input, problem)
    return undefined
  }
  if (url && isInsecure(url, false)) {
    bad(input, 'must be an https:// URL (plain http:// only to a loopback address): it carries a secret.')
    return undefined
  }
  return url?.href
}

/**
 * Every form of the alert secrets, to mask before anything is printed: the token, and each URL
 * as given, normalised, percent-encoded and its path and query alone (the part that holds the
 * secret in Slack, Teams and Healthchecks-style URLs).
 */
export function alertSecretForms(raw: (name: string) => string): string[] {
  const forms = new Set<string>()
  const token = raw('github-token').trim()
  if (token !== '' && !/^\$\{\{.*\}\}$/.test(token)) forms.add(token)
  for (const input of ['notify-webhook-url', 'heartbeat-url']) {
    const text = raw(input)
    for (const value of new Set([text, text.trim()])) {
      if (value === '') continue
      forms.add(value)
      forms.add(encodeURIComponent(value))
      if (URL.canParse(value)) {
        const url = new URL(value)
        forms.add(url.href)
        forms.add(encodeURIComponent(url.href))
        const tail = `${url.pathname}${url.search}`
        if (tail.length >= 8) forms.add(tail)
      }
    }
  }
  return [...forms].filter(f => f.length >= 4)
}
