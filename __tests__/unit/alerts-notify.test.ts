// Chat notifications carry server text (a finding's message may quote a probe body or an error
// description): it must not become a link or formatting in Slack or Teams.
import { expect, test } from '@jest/globals'
import { notificationPayload } from '../../src/alerts/notify.js'
import { finding } from '../../src/findings/codes.js'
import { inputErrorResult } from '../../src/report/result.js'

const PLANTED = '"[Rotate the secret here](https://evil.example/phish) **now** www.evil.example"'
const result = { ...inputErrorResult('svc', 'https://login.example.com/token', [finding('PROBE_FAILED', `GET https://api.example.com/x answered HTTP 401, expected 2xx: ${PLANTED}.`)]), status: 'failing' as const }
const ctx = { repository: 'o/r', workflow: 'w', runUrl: 'https://github.com/o/r/actions/runs/1', issueUrl: null }
const change = { event: 'unhealthy', status: 'failing' } as const

test('Teams: Markdown in server text is escaped and links are broken up', () => {
  const card = notificationPayload('teams', change, result, ctx) as { attachments: Array<{ content: { body: Array<{ text: string }> } }> }
  const text = card.attachments[0]!.content.body[1]!.text
  expect(text).toContain('\\[Rotate the secret here\\](https:/\u200b/evil.example/phish) \\*\\*now\\*\\*')
  expect(text).not.toContain('](https://')
  expect(text).toContain('www\u200b.evil.example')
})

test('Slack: no link from server text, and < > & escaped as Slack asks', () => {
  const slack = notificationPayload('slack', change, result, ctx) as { text: string }
  expect(slack.text).not.toContain('https://evil.example')
  expect(slack.text).toContain('https:/\u200b/evil.example/phish')
  // Our own links stay links.
  expect(slack.text).toContain('<https://github.com/o/r/actions/runs/1|run>')
})
