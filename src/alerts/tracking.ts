// What to do with a check's tracking issue after a run, decided from the check's result and the
// open issues that carry its marker. Pure: the shell lists the issues and carries out the actions.
//
// The cycle: a check that becomes unhealthy (as issue-on counts it) or enters its expiry countdown
// opens an issue; while it stays so, every run edits the body (findings, latest run, state) and a
// comment is added only when the status or the set of finding codes changes, or an expiry
// threshold is crossed; when it is healthy again the issue gets "recovered after …" and is closed.
// Broken again later → a NEW issue (closed issues are never searched: one incident, one issue, and
// a repository's closed issues can run to thousands of pages). Two open issues with the marker (two
// runs raced) → the oldest is kept and the others are closed as duplicates of it.

import type { Status } from '../findings/codes.js'
import type { IssueOn } from './options.js'
import { HISTORY_LENGTH, readState, type RunEntry, type TrackingState } from './state.js'

export interface Observation {
  readonly status: Status
  /** Sorted, without repeats. */
  readonly codes: readonly string[]
  readonly nowMs: number
  readonly runUrl: string
  /** Days left before the secret or client certificate expires (the sooner); null when unknown. */
  readonly daysLeft: number | null
  /** Expiry thresholds in days, each > 0. */
  readonly thresholds: readonly number[]
  readonly issueOn: IssueOn
}

export interface OpenIssue {
  readonly number: number
  /** GitHub's numeric id (not the number). */
  readonly id: number
  readonly body: string
  readonly createdAt: string
}

export type IssueComment =
  | { readonly kind: 'changed'; readonly from: RunEntry; readonly to: RunEntry }
  | { readonly kind: 'expiry'; readonly threshold: number; readonly daysLeft: number }
  | { readonly kind: 'recovered'; readonly durationMs: number }
  | { readonly kind: 'duplicate'; readonly of: number }

export type IssueAction =
  | { readonly kind: 'create'; readonly state: TrackingState }
  | { readonly kind: 'edit'; readonly issue: number; readonly state: TrackingState }
  | { readonly kind: 'comment'; readonly issue: number; readonly comment: IssueComment }
  /** With `state`, the final body is written in the same request (one write fewer). */
  | { readonly kind: 'close'; readonly issue: number; readonly reason: 'completed' | 'not_planned'; readonly state?: TrackingState }

/** What a chat notification says happened; sent only for these. */
export type Change =
  | { readonly event: 'unhealthy'; readonly status: Status }
  | { readonly event: 'changed'; readonly status: Status; readonly previous: Status }
  | { readonly event: 'recovered'; readonly status: Status; readonly durationMs: number }
  | { readonly event: 'expiry'; readonly status: Status; readonly threshold: number; readonly daysLeft: number }

export interface Decision {
  readonly actions: readonly IssueAction[]
  /** The issue the run ends with, if any (for links in notifications). */
  readonly issue: number | 'new' | null
  readonly notify: readonly Change[]
}

/** Whether the status alone calls for an issue: failing always, degraded with issue-on warning. */
export function meetsIssueOn(status: Status, issueOn: IssueOn): boolean {
  return status === 'failing' || (status === 'degraded' && issueOn === 'warning')
}

/** Thresholds the days left are below (fewer whole days left than the threshold, as SECRET_EXPIRING counts). */
export function crossedThresholds(daysLeft: number | null, thresholds: readonly number[]): number[] {
  if (daysLeft === null) return []
  return thresholds.filter(t => t > 0 && daysLeft < t).sort((a, b) => b - a)
}

export function decide(obs: Observation, openIssues: readonly OpenIssue[]): Decision {
  const sorted = [...openIssues].sort((a, b) => a.number - b.number)
  const [kept, ...extra] = sorted
  const actions: IssueAction[] = extra.flatMap((dup): IssueAction[] =>
    kept ? [{ kind: 'comment', issue: dup.number, comment: { kind: 'duplicate', of: kept.number } }, { kind: 'close', issue: dup.number, reason: 'not_planned' }] : []
  )
  const entry: RunEntry = { at: new Date(obs.nowMs).toISOString(), status: obs.status, codes: obs.codes, runUrl: obs.runUrl }
  const crossed = crossedThresholds(obs.daysLeft, obs.thresholds)
  const wanted = meetsIssueOn(obs.status, obs.issueOn) || crossed.length > 0

  if (!kept) {
    if (!wanted) return { actions, issue: null, notify: [] }
    const state: TrackingState = { v: 1, since: entry.at, history: [entry], alerted: crossed, daysLeft: obs.daysLeft }
    const notify: Change[] = meetsIssueOn(obs.status, obs.issueOn) ? [{ event: 'unhealthy', status: obs.status }] : []
    const smallest = crossed.at(-1)
    if (smallest !== undefined && obs.daysLeft !== null) notify.push({ event: 'expiry', status: obs.status, threshold: smallest, daysLeft: obs.daysLeft })
    return { actions: [...actions, { kind: 'create', state }], issue: 'new', notify }
  }

  // A body someone rewrote loses its history, not its issue.
  const previous = readState(kept.body)
  const since = previous?.since ?? kept.createdAt
  const last = previous?.history.at(-1)
  const history = [...(previous?.history ?? []), entry].slice(-HISTORY_LENGTH)
  const alertedBefore = previous?.alerted ?? []

  if (!wanted) {
    const durationMs = Math.max(0, obs.nowMs - Date.parse(since))
    const state: TrackingState = { v: 1, since, history, alerted: [], daysLeft: obs.daysLeft }
    actions.push(
      { kind: 'comment', issue: kept.number, comment: { kind: 'recovered', durationMs } },
      { kind: 'close', issue: kept.number, reason: 'completed', state }
    )
    return { actions, issue: kept.number, notify: [{ event: 'recovered', status: obs.status, durationMs }] }
  }

  const fresh = crossed.filter(t => !alertedBefore.includes(t))
  // A threshold no longer crossed (the secret was renewed) may alert again in the next countdown.
  const state: TrackingState = { v: 1, since, history, alerted: crossed, daysLeft: obs.daysLeft }
  actions.push({ kind: 'edit', issue: kept.number, state })
  const notify: Change[] = []
  if (last && (last.status !== entry.status || !sameCodes(last.codes, entry.codes))) {
    actions.push({ kind: 'comment', issue: kept.number, comment: { kind: 'changed', from: last, to: entry } })
    if (last.status !== entry.status) notify.push({ event: 'changed', status: entry.status, previous: last.status })
  }
  const smallest = fresh.at(-1)
  if (smallest !== undefined && obs.daysLeft !== null) {
    // Several thresholds crossed since the last run (a run was missed): one comment, the nearest one.
    actions.push({ kind: 'comment', issue: kept.number, comment: { kind: 'expiry', threshold: smallest, daysLeft: obs.daysLeft } })
    notify.push({ event: 'expiry', status: obs.status, threshold: smallest, daysLeft: obs.daysLeft })
  }
  return { actions, issue: kept.number, notify }
}

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i])
}

/** "2 days 3 hours", "45 minutes", "less than a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return 'less than a minute'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const part = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (days > 0) return hours > 0 ? `${part(days, 'day')} ${part(hours, 'hour')}` : part(days, 'day')
  if (hours > 0) return mins > 0 ? `${part(hours, 'hour')} ${part(mins, 'minute')}` : part(hours, 'hour')
  return part(mins, 'minute')
}
