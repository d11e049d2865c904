// The tracking issue's hidden parts: the marker that finds the issue again (never the title, which
// people edit) and the JSON state block that is the check's whole history (no cache, artifact or
// commit). Both live in HTML comments, which GitHub does not render. Pure.

import type { Status } from '../findings/codes.js'

export const MARKER_PREFIX = 'oauth-credential-health:check='
const STATE_OPEN = '<!-- oauth-credential-health:state'
/** The statuses kept in the state block. */
export const HISTORY_LENGTH = 10

export interface RunEntry {
  /** ISO time of the run. */
  readonly at: string
  readonly status: Status
  /** Sorted, without repeats. */
  readonly codes: readonly string[]
  readonly runUrl: string
}

export interface TrackingState {
  readonly v: 1
  /** When this incident began (the issue was opened): ISO. */
  readonly since: string
  /** Newest last, at most HISTORY_LENGTH. */
  readonly history: readonly RunEntry[]
  /** Expiry thresholds (days) already alerted in this countdown. */
  readonly alerted: readonly number[]
  /** Days left before the secret or certificate expires, as of the last run; null when unknown. */
  readonly daysLeft: number | null
}

/** Names are percent-encoded so that no check or workflow name can end the comment early. */
export function marker(check: string, workflow: string): string {
  return `<!-- ${MARKER_PREFIX}${encodeURIComponent(check)};workflow=${encodeURIComponent(workflow)} -->`
}

export function hasMarker(body: string | null | undefined, check: string, workflow: string): boolean {
  return typeof body === 'string' && body.includes(marker(check, workflow))
}

/** JSON in an HTML comment: `<` and `>` only occur inside strings there, and are escaped, so `-->` cannot. */
export function stateBlock(state: TrackingState): string {
  const json = JSON.stringify(state).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')
  return `${STATE_OPEN}\n${json}\n-->`
}

/** The state from an issue body, or null when it is missing or not ours (anyone may edit the body). */
export function readState(body: string | null | undefined): TrackingState | null {
  if (typeof body !== 'string') return null
  const start = body.lastIndexOf(STATE_OPEN)
  if (start < 0) return null
  const end = body.indexOf('-->', start + STATE_OPEN.length)
  if (end < 0) return null
  let data: unknown
  try {
    data = JSON.parse(body.slice(start + STATE_OPEN.length, end))
  } catch {
    return null
  }
  return isState(data) ? { ...data, history: data.history.slice(-HISTORY_LENGTH) } : null
}

const STATUSES: readonly string[] = ['healthy', 'degraded', 'failing']

function isState(d: unknown): d is TrackingState {
  if (typeof d !== 'object' || d === null) return false
  const s = d as Record<string, unknown>
  return (
    s['v'] === 1 &&
    typeof s['since'] === 'string' &&
    !Number.isNaN(Date.parse(s['since'])) &&
    Array.isArray(s['history']) &&
    s['history'].every(isEntry) &&
    Array.isArray(s['alerted']) &&
    s['alerted'].every(n => Number.isInteger(n)) &&
    (s['daysLeft'] === null || Number.isInteger(s['daysLeft']))
  )
}

function isEntry(e: unknown): e is RunEntry {
  if (typeof e !== 'object' || e === null) return false
  const r = e as Record<string, unknown>
  return (
    typeof r['at'] === 'string' &&
    typeof r['status'] === 'string' &&
    STATUSES.includes(r['status']) &&
    Array.isArray(r['codes']) &&
    r['codes'].every(c => typeof c === 'string' && /^[A-Z_]{1,40}$/.test(c)) &&
    typeof r['runUrl'] === 'string'
  )
}
