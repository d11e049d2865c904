// The alert inputs, the rate-limit reading of GitHub's answers, and the texts people and chat
// channels receive (pure).
import { describe, expect, test } from '@jest/globals'
import { commentBody, issueBody, type RunContext } from '../../src/alerts/issue-text.js'
import { notificationPayload, type NotifyContext } from '../../src/alerts/notify.js'
import { alertSecretForms } from '../../src/alerts/options.js'
import { nextPage, rateLimitOf, SECONDARY_DEFAULT_WAIT_MS } from '../../src/alerts/rate-limit.js'
import { finding } from '../../src/findings/codes.js'
import { parseRun } from '../../src/inputs/run.js'
import { inputErrorResult } from '../../src/report/result.js'

const BASE: Record<string, string> = { 'token-url': 'https://login.example.com/oauth/token', 'client-id': 'id', 'client-secret': 'secret' }
const runWith = (over: Record<string, string>) => parseRun(name => ({ ...BASE, ...over })[name] ?? '', () => undefined)
const errors = (over: Record<string, string>): string[] => {
  const c = runWith(over).checks[0]!
  return c.ok ? [] : c.findings.map(f => `${f.code} ${f.message}`)
}

describe('alert inputs', () => {
  test('defaults: no tracking, labels oauth-credential-health, issue-on follows fail-on; an unexpanded ${{ github.token }} is no token', () => {
    const run = runWith({ 'github-token': '${{ github.token }}', 'issue-labels': 'oauth-credential-health' })
    expect(run.alerts).toEqual({ trackingIssue: false, githubToken: '', labels: ['oauth-credential-health'], assignees: [], issueOn: 'error', webhook: null, heartbeatUrl: null })
    expect(runWith({ 'fail-on': 'warning' }).alerts.issueOn).toBe('warning')
    expect(runWith({ 'fail-on': 'warning', 'issue-on': 'error' }).alerts.issueOn).toBe('error')
    expect(runWith({ 'fail-on': 'never' }).alerts.issueOn).toBe('error')
  })
  test('lists: labels and assignees split on commas and lines, @ dropped, repeats removed', () => {
    const a = runWith({ 'tracking-issue': 'true', 'issue-labels': 'creds, oncall\ncreds', 'issue-assignees': '@octo-ops,octo-sec' }).alerts
    expect(a).toMatchObject({ trackingIssue: true, labels: ['creds', 'oncall'], assignees: ['octo-ops', 'octo-sec'] })
  })
  test('bad values are INVALID_INPUT naming the input and the form', () => {
    expect(errors({ 'tracking-issue': 'yes' })).toEqual(['INVALID_INPUT Input `tracking-issue` must be `true` or `false`; got "yes".'])
    expect(errors({ 'issue-on': 'always' })).toEqual(['INVALID_INPUT Input `issue-on` must be one of `error`, `warning`; got "always".'])
    expect(errors({ 'notify-format': 'discord' })).toEqual(['INVALID_INPUT Input `notify-format` must be one of `slack`, `teams`, `json`; got "discord".'])
    expect(errors({ 'issue-assignees': 'octo ops' })[0]).toContain('Input `issue-assignees` must list GitHub logins')
  })
  test('webhook and heartbeat URLs: https (http only to loopback), never quoted back in an error', () => {
    const secretUrl = 'http://hooks.example.com/services/T0/B0/sekr1tPart'
    const all = [...errors({ 'tracking-issue': 'true', 'notify-webhook-url': secretUrl }), ...errors({ 'heartbeat-url': 'ftp://x/sekr1tPart' }), ...errors({ 'heartbeat-url': 'not a url sekr1tPart' })]
    expect(all).toEqual([
      'INVALID_INPUT Input `notify-webhook-url` must be an https:// URL (plain http:// only to a loopback address): it carries a secret.',
      'INVALID_INPUT Input `heartbeat-url` must be an https:// URL, not ftp:.',
      'INVALID_INPUT Input `heartbeat-url` is not a URL; expected an absolute https:// URL such as https://hooks.example.com/….'
    ])
    expect(all.join(' ')).not.toContain('sekr1t')
    expect(runWith({ 'tracking-issue': 'true', 'notify-webhook-url': 'http://127.0.0.1:8/h', 'notify-format': 'slack' }).alerts.webhook).toEqual({ url: 'http://127.0.0.1:8/h', format: 'slack' })
  })
  test('a webhook needs the tracking issue, which holds the state a change is decided from', () => {
    expect(errors({ 'notify-webhook-url': 'https://hooks.example.com/x' })).toEqual([
      'INVALID_INPUT Input `notify-webhook-url` needs `tracking-issue: true`: a change is decided from the state kept in the tracking issue (see docs/alerts.md).'
    ])
  })
  test('every form of the token and the URLs is collected for masking, also when another input is invalid', () => {
    const raw: Record<string, string> = { 'github-token': 'ghs_abcdef123456', 'notify-webhook-url': ' https://hooks.example.com/services/T0/B0/XYZ?x=a b ', 'heartbeat-url': 'https://hc.example.com/ping/5c2f1a9e' }
    const forms = alertSecretForms(name => raw[name] ?? '')
    expect(forms).toEqual(
      expect.arrayContaining([
        'ghs_abcdef123456',
        'https://hooks.example.com/services/T0/B0/XYZ?x=a b',
        encodeURIComponent('https://hooks.example.com/services/T0/B0/XYZ?x=a b'),
        'https://hooks.example.com/services/T0/B0/XYZ?x=a%20b',
        '/services/T0/B0/XYZ?x=a%20b',
        '/ping/5c2f1a9e'
      ])
    )
    expect(runWith({ ...raw, 'tracking-issue': 'maybe' }).secrets).toEqual(expect.arrayContaining(forms))
    expect(alertSecretForms(name => (name === 'github-token' ? '${{ github.token }}' : ''))).toEqual([])
  })
})

describe('expiry-warning-days', () => {
  const spec = (v: string) => {
    const c = runWith({ 'expiry-warning-days': v }).checks[0]!
    return c.ok ? [c.spec.expiryWarningDays, c.spec.expiryThresholds] : c.findings.map(f => f.message)
  }
  test('one number works as before; a list gives thresholds widest first, the widest starts SECRET_EXPIRING', () => {
    expect(spec('14')).toEqual([14, [14]])
    expect(spec('')).toEqual([14, [14]])
    expect(spec('0')).toEqual([0, []])
    expect(spec('1, 30,7,14,30')).toEqual([30, [30, 14, 7, 1]])
  })
  test('a checks item may give the thresholds as a YAML list', async () => {
    const { loadYamlParser } = await import('../../src/inputs/checks-list.js')
    const yaml = await loadYamlParser()
    const run = parseRun(
      name => ({ ...BASE, checks: '- name: a\n  expiry-warning-days: [7, 30]\n- name: b' })[name] ?? '',
      () => undefined,
      yaml
    )
    expect(run.checks.map(c => (c.ok ? c.spec.expiryThresholds : c.findings))).toEqual([[30, 7], [14]])
  })
  test('anything else is INVALID_INPUT with the expected form', () => {
    for (const bad of ['x', '30,,7', '-1', '3651', '1.5']) {
      expect(spec(bad)).toEqual([expect.stringContaining('Input `expiry-warning-days` must be a whole number of days from 0 to 3650, or a comma-separated list such as 30,14,7,1')])
    }
  })
})

describe("GitHub's rate limits", () => {
  const now = Date.parse('2026-11-28T06:00:00Z')
  test('retry-after first, then x-ratelimit-remaining 0 until the reset, then a minute for a secondary limit', () => {
    expect(rateLimitOf(429, { 'retry-after': '3' }, '', now)).toEqual({ limited: true, waitMs: 3000, why: 'retry-after: 3' })
    expect(rateLimitOf(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 20) }, '', now)).toEqual({ limited: true, waitMs: 20_000, why: 'x-ratelimit-remaining: 0' })
    expect(rateLimitOf(403, {}, '{"message":"You have exceeded a secondary rate limit"}', now)).toEqual({ limited: true, waitMs: SECONDARY_DEFAULT_WAIT_MS, why: 'secondary rate limit' })
    expect(rateLimitOf(429, {}, '', now)).toMatchObject({ limited: true, waitMs: SECONDARY_DEFAULT_WAIT_MS })
  })
  test('a 403 without any of these is a permission problem, not a rate limit; other statuses never are', () => {
    expect(rateLimitOf(403, { 'x-ratelimit-remaining': '4999' }, '{"message":"Resource not accessible by integration"}', now)).toEqual({ limited: false })
    expect(rateLimitOf(500, { 'retry-after': '1' }, '', now)).toEqual({ limited: false })
  })
  test('Link: rel="next" is followed only on the API origin', () => {
    const link = '<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"'
    expect(nextPage(link, 'https://api.github.com')).toBe('https://api.github.com/repositories/1/issues?page=2')
    expect(nextPage(link, 'https://ghes.example.com')).toBeUndefined()
    expect(nextPage('<https://api.github.com/x?page=1>; rel="prev"', 'https://api.github.com')).toBeUndefined()
    expect(nextPage(undefined, 'https://api.github.com')).toBeUndefined()
  })
})

describe('what people and channels read', () => {
  const hostile = 'Bad <img src=x onerror=alert(1)> [click](https://evil.example) | @everyone `code` <!-- x --> see #12'
  const result = { ...inputErrorResult('api', 'https://login.example.com/t', [finding('OAUTH_ERROR', hostile, 'hint **bold**')]), status: 'failing' as const }
  const ctx: RunContext = { workflow: 'wf', runUrl: 'https://github.com/o/r/actions/runs/42', runsPrefix: 'https://github.com/o/r/actions/runs/' }
  const state = { v: 1 as const, since: '2026-11-27T06:17:00.000Z', history: [{ at: '2026-11-27T06:17:00.000Z', status: 'failing' as const, codes: ['OAUTH_ERROR'], runUrl: 'https://evil.example/phish' }], alerted: [], daysLeft: 3 }
  test('the issue body escapes server text (no HTML, links, tables or comments) and links only this repository\'s runs', () => {
    const full = issueBody(result, state, ctx)
    // What GitHub renders: everything before the hidden state block.
    const body = full.slice(0, full.indexOf('<!-- oauth-credential-health:state'))
    expect(body).toContain('[run 42](https://github.com/o/r/actions/runs/42)')
    expect(body).not.toContain('<img')
    expect(body).not.toContain('](https://evil')
    expect(body).not.toContain('https://evil.example/phish')
    expect(body).not.toContain('<!-- x')
    expect(body).toContain('| Expires in | 3 day(s) |')
    expect(body.match(/<!--/g)).toHaveLength(1)
    // No mention (it would notify someone) and no issue reference.
    expect(body).not.toMatch(/@everyone|#12\b/)
  })
  test('comments', () => {
    expect(commentBody({ kind: 'recovered', durationMs: 26 * 3_600_000 }, { ...result, status: 'healthy' }, ctx)).toBe(
      '✅ **Recovered after 1 day 2 hours** ([run 42](https://github.com/o/r/actions/runs/42)): the check is healthy again. Closing.\n'
    )
    expect(commentBody({ kind: 'duplicate', of: 3 }, result, ctx)).toContain('Duplicate of #3')
  })
  const nctx: NotifyContext = { repository: 'o/r', workflow: 'wf', runUrl: 'https://github.com/o/r/actions/runs/42', issueUrl: 'https://github.com/o/r/issues/7' }
  test('slack: text with &, < and > escaped, links in Slack form', () => {
    const p = notificationPayload('slack', { event: 'unhealthy', status: 'failing' }, result, nctx) as { text: string }
    expect(p.text).toContain('❌ OAuth credential check api is failing in o/r (wf)')
    expect(p.text).not.toMatch(/<img|<!--/)
    expect(p.text).toContain('&lt;img')
    expect(p.text).toContain('<https://github.com/o/r/issues/7|issue>')
  })
  test('teams: a message with one Adaptive Card; json: the event and the report entry', () => {
    const t = notificationPayload('teams', { event: 'changed', status: 'degraded', previous: 'failing' }, result, nctx) as { attachments: Array<{ content: { type: string; body: Array<{ text: string }>; actions: unknown[] } }> }
    expect(t.attachments[0]!.content.type).toBe('AdaptiveCard')
    expect(t.attachments[0]!.content.body[0]!.text).toBe('⚠️ OAuth credential check api: failing → degraded in o/r (wf)')
    expect(t.attachments[0]!.content.actions).toHaveLength(2)
    const j = notificationPayload('json', { event: 'expiry', status: 'degraded', threshold: 7, daysLeft: 6 }, result, nctx)
    expect(j).toMatchObject({ event: 'expiry', threshold: 7, daysLeft: 6, check: 'api', issueUrl: nctx.issueUrl, result: { name: 'api' } })
  })
})
