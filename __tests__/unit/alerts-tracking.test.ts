// The tracking issue's decisions (pure): which actions and notifications follow from a check's
// result and the open issues carrying its marker, and the hidden state that makes them possible.
import { describe, expect, test } from '@jest/globals'
import { HISTORY_LENGTH, hasMarker, marker, readState, stateBlock, type TrackingState } from '../../src/alerts/state.js'
import { crossedThresholds, decide, formatDuration, type Observation, type OpenIssue } from '../../src/alerts/tracking.js'

const NOW = Date.parse('2026-11-28T06:17:00Z')
const HOUR = 3_600_000
const obs = (over: Partial<Observation> = {}): Observation => ({
  status: 'failing',
  codes: ['CONNECTION_REFUSED'],
  nowMs: NOW,
  runUrl: 'https://github.com/o/r/actions/runs/7',
  daysLeft: null,
  thresholds: [],
  issueOn: 'error',
  ...over
})
const stateWith = (over: Partial<TrackingState> = {}): TrackingState => ({
  v: 1,
  since: new Date(NOW - 50 * HOUR).toISOString(),
  history: [{ at: new Date(NOW - 24 * HOUR).toISOString(), status: 'failing', codes: ['CONNECTION_REFUSED'], runUrl: 'https://github.com/o/r/actions/runs/6' }],
  alerted: [],
  daysLeft: null,
  ...over
})
const issue = (number: number, state: TrackingState | null = stateWith()): OpenIssue => ({
  number,
  id: 1000 + number,
  body: `${marker('api', 'wf')}\nhello\n${state ? stateBlock(state) : ''}`,
  createdAt: new Date(NOW - 72 * HOUR).toISOString()
})
const kinds = (d: ReturnType<typeof decide>): string[] => d.actions.map(a => (a.kind === 'comment' ? `comment:${a.comment.kind}` : a.kind))

describe('no open issue', () => {
  test('healthy: nothing at all', () => {
    expect(decide(obs({ status: 'healthy', codes: [] }), [])).toEqual({ actions: [], issue: null, notify: [] })
  })
  test('failing: open one, with the incident starting now; notify "unhealthy"', () => {
    const d = decide(obs(), [])
    expect(kinds(d)).toEqual(['create'])
    expect(d.actions[0]).toMatchObject({ state: { since: '2026-11-28T06:17:00.000Z', alerted: [], history: [{ status: 'failing', codes: ['CONNECTION_REFUSED'] }] } })
    expect(d.notify).toEqual([{ event: 'unhealthy', status: 'failing' }])
  })
  test('degraded opens one only with issue-on: warning', () => {
    expect(kinds(decide(obs({ status: 'degraded' }), []))).toEqual([])
    expect(kinds(decide(obs({ status: 'degraded', issueOn: 'warning' }), []))).toEqual(['create'])
  })
  test('the expiry countdown opens one even for a degraded check with issue-on: error, and records every threshold crossed', () => {
    const d = decide(obs({ status: 'degraded', codes: ['SECRET_EXPIRING'], daysLeft: 5, thresholds: [30, 14, 7, 1] }), [])
    expect(kinds(d)).toEqual(['create'])
    expect(d.actions[0]).toMatchObject({ state: { alerted: [30, 14, 7], daysLeft: 5 } })
    expect(d.notify).toEqual([{ event: 'expiry', status: 'degraded', threshold: 7, daysLeft: 5 }])
  })
})

describe('an open issue', () => {
  test('same status and codes: the body is edited, no comment, no notification; history grows', () => {
    const d = decide(obs(), [issue(4)])
    expect(kinds(d)).toEqual(['edit'])
    expect(d.notify).toEqual([])
    expect(d.actions[0]).toMatchObject({ issue: 4, state: { since: stateWith().since } })
    const state = (d.actions[0] as { state: TrackingState }).state
    expect(state.history.map(h => h.runUrl)).toEqual(['https://github.com/o/r/actions/runs/6', 'https://github.com/o/r/actions/runs/7'])
  })
  test('other codes, same status: one comment, no notification', () => {
    const d = decide(obs({ codes: ['INVALID_CLIENT'] }), [issue(4)])
    expect(kinds(d)).toEqual(['edit', 'comment:changed'])
    expect(d.notify).toEqual([])
  })
  test('the status changes: one comment and a notification with the previous status', () => {
    const d = decide(obs({ status: 'degraded', codes: ['TOKEN_TTL_TOO_SHORT'], issueOn: 'warning' }), [issue(4)])
    expect(kinds(d)).toEqual(['edit', 'comment:changed'])
    expect(d.notify).toEqual([{ event: 'changed', status: 'degraded', previous: 'failing' }])
  })
  test('healthy again: "recovered after" the time since the incident began, then closed as completed with the final body', () => {
    const d = decide(obs({ status: 'healthy', codes: [] }), [issue(4)])
    expect(kinds(d)).toEqual(['comment:recovered', 'close'])
    expect(d.actions[0]).toMatchObject({ comment: { durationMs: 50 * HOUR } })
    expect(d.actions[1]).toMatchObject({ issue: 4, reason: 'completed', state: { history: [{ status: 'failing' }, { status: 'healthy', codes: [] }] } })
    expect(d.notify).toEqual([{ event: 'recovered', status: 'healthy', durationMs: 50 * HOUR }])
  })
  test('a body without (or with a broken) state keeps its issue: the incident dates from the issue, no change comment', () => {
    const d = decide(obs(), [issue(4, null)])
    expect(kinds(d)).toEqual(['edit'])
    expect(d.actions[0]).toMatchObject({ state: { since: new Date(NOW - 72 * HOUR).toISOString(), history: [{ runUrl: obs().runUrl }] } })
  })
  test('two open issues with the marker: the oldest is kept, the newer closed as its duplicate', () => {
    const d = decide(obs(), [issue(9), issue(4)])
    expect(d.actions.slice(0, 2)).toEqual([
      { kind: 'comment', issue: 9, comment: { kind: 'duplicate', of: 4 } },
      { kind: 'close', issue: 9, reason: 'not_planned' }
    ])
    expect(d.issue).toBe(4)
    expect(d.actions[2]).toMatchObject({ kind: 'edit', issue: 4 })
  })
})

describe('expiry thresholds alert once each', () => {
  const countdown = (daysLeft: number, alerted: number[]) =>
    decide(obs({ status: 'degraded', codes: ['SECRET_EXPIRING'], daysLeft, thresholds: [30, 14, 7, 1] }), [
      issue(4, stateWith({ alerted, history: [{ at: '2026-11-27T06:17:00.000Z', status: 'degraded', codes: ['SECRET_EXPIRING'], runUrl: 'x' }] }))
    ])
  test('a new threshold: one comment and one notification; the same threshold the next day: nothing', () => {
    const d = countdown(13, [30])
    expect(kinds(d)).toEqual(['edit', 'comment:expiry'])
    expect(d.actions[1]).toMatchObject({ comment: { threshold: 14, daysLeft: 13 } })
    expect(d.notify).toEqual([{ event: 'expiry', status: 'degraded', threshold: 14, daysLeft: 13 }])
    expect(kinds(countdown(12, [30, 14]))).toEqual(['edit'])
  })
  test('runs were missed and two thresholds passed: one comment, the nearest', () => {
    const d = countdown(3, [30])
    expect(d.actions.filter(a => a.kind === 'comment')).toEqual([{ kind: 'comment', issue: 4, comment: { kind: 'expiry', threshold: 7, daysLeft: 3 } }])
    expect(d.actions[0]).toMatchObject({ state: { alerted: [30, 14, 7] } })
  })
  test('rotated (days left above every threshold) and healthy: closed, and the thresholds may alert again', () => {
    const d = decide(obs({ status: 'healthy', codes: [], daysLeft: 400, thresholds: [30, 14] }), [issue(4, stateWith({ alerted: [30, 14] }))])
    expect(kinds(d)).toEqual(['comment:recovered', 'close'])
    expect(d.actions[1]).toMatchObject({ state: { alerted: [] } })
  })
  test('crossedThresholds: fewer whole days left than the threshold, as SECRET_EXPIRING counts; 0 never counts', () => {
    expect(crossedThresholds(30, [30, 14])).toEqual([])
    expect(crossedThresholds(29, [14, 30])).toEqual([30])
    expect(crossedThresholds(-1, [30, 0])).toEqual([30])
    expect(crossedThresholds(null, [30])).toEqual([])
  })
})

describe('the hidden marker and state', () => {
  test('names are percent-encoded so no name can end the HTML comment or fake another marker', () => {
    const m = marker('a --> b; workflow=x', 'wf')
    expect(m).toBe('<!-- oauth-credential-health:check=a%20--%3E%20b%3B%20workflow%3Dx;workflow=wf -->')
    expect(hasMarker(`x ${m} y`, 'a --> b; workflow=x', 'wf')).toBe(true)
    expect(hasMarker(`x ${m} y`, 'a', 'wf')).toBe(false)
    expect(hasMarker(null, 'a', 'wf')).toBe(false)
  })
  test('the state survives a round trip even with --> inside a value, and the block never contains -->', () => {
    const state = stateWith({ history: [{ at: 'x', status: 'failing', codes: ['A_B'], runUrl: 'https://x/-->' }] })
    const block = stateBlock(state)
    expect(block.slice(0, -3)).not.toContain('-->')
    expect(readState(`body\n${block}\n`)).toEqual(state)
  })
  test('a state someone edited into something else is ignored, and history is cut to the last runs', () => {
    expect(readState('<!-- oauth-credential-health:state\n{"v":2}\n-->')).toBeNull()
    expect(readState('<!-- oauth-credential-health:state\nnot json\n-->')).toBeNull()
    expect(readState(stateBlock({ ...stateWith(), history: [{ at: 'x', status: 'broken' as 'failing', codes: [], runUrl: '' }] }))).toBeNull()
    const long = stateWith({ history: Array.from({ length: 25 }, (_, i) => ({ at: String(i), status: 'failing' as const, codes: [], runUrl: '' })) })
    expect(readState(stateBlock(long))?.history).toHaveLength(HISTORY_LENGTH)
  })
})

test('formatDuration', () => {
  expect(formatDuration(30_000)).toBe('less than a minute')
  expect(formatDuration(60_000)).toBe('1 minute')
  expect(formatDuration(HOUR + 5 * 60_000)).toBe('1 hour 5 minutes')
  expect(formatDuration(2 * HOUR)).toBe('2 hours')
  expect(formatDuration(50 * HOUR)).toBe('2 days 2 hours')
  expect(formatDuration(72 * HOUR)).toBe('3 days')
})
