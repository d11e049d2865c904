// When to try an HTTP request again, and how long to wait. Pure: the caller passes the randomness.

import type { HttpOutcome } from './outcome.js'

export const BASE_DELAY_MS = 500
/** A Retry-After longer than this is not waited for: the check reports RATE_LIMITED instead. */
export const MAX_DELAY_MS = 10_000

/**
 * Delay before the next try, or undefined when the outcome must not be retried.
 * Retried: network errors that can pass (not DNS "no such host", not certificate failures), 429
 * and 5xx. Never a 4xx: the answer would be the same, and a token endpoint may count failures.
 * `triesSoFar` counts the tries already made (1 after the first).
 */
export function retryDelayMs(outcome: HttpOutcome, triesSoFar: number, random: number, nowMs: number): number | undefined {
  if (outcome.kind === 'too-large') return undefined
  if (outcome.kind === 'network') {
    // A proxy asking for credentials asks again: the next try would be the same.
    if (outcome.failure === 'tls' || outcome.failure === 'proxy-auth' || (outcome.failure === 'dns' && outcome.detail !== 'EAI_AGAIN')) return undefined
  } else if (outcome.status !== 429 && outcome.status < 500) {
    return undefined
  }
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (triesSoFar - 1))
  const jittered = Math.round(backoff / 2 + (backoff / 2) * random)
  if (outcome.kind !== 'response') return jittered
  const retryAfter = parseRetryAfter(outcome.headers['retry-after'], nowMs)
  if (retryAfter === undefined) return jittered
  return retryAfter > MAX_DELAY_MS ? undefined : Math.max(retryAfter, jittered)
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}
