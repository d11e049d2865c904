// How long GitHub asks us to wait before the next REST request, read from its answer. Pure.
// GitHub's rules ("Rate limits for the REST API", docs.github.com): a primary limit answers 403 or
// 429 with x-ratelimit-remaining 0 → wait until x-ratelimit-reset (epoch seconds); a secondary
// limit answers 403 or 429 with a message, and retry-after (seconds) when present → wait that long;
// otherwise wait at least one minute. A 403 with none of these is a permission problem.

import { parseRetryAfter } from '../net/retry.js'

export type RateLimit =
  | { readonly limited: false }
  /** `waitMs`: how long GitHub asks us to wait; `why` names the header it came from. */
  | { readonly limited: true; readonly waitMs: number; readonly why: string }

/** GitHub: "wait for at least one minute" when a secondary limit gives no header. */
export const SECONDARY_DEFAULT_WAIT_MS = 60_000

export function rateLimitOf(status: number, headers: Readonly<Record<string, string>>, body: string, nowMs: number): RateLimit {
  if (status !== 403 && status !== 429) return { limited: false }
  const retryAfter = parseRetryAfter(headers['retry-after'], nowMs)
  if (retryAfter !== undefined) return { limited: true, waitMs: retryAfter, why: `retry-after: ${headers['retry-after']?.trim()}` }
  if (headers['x-ratelimit-remaining']?.trim() === '0') {
    const reset = Number(headers['x-ratelimit-reset'])
    const waitMs = Number.isFinite(reset) ? Math.max(0, reset * 1000 - nowMs) : SECONDARY_DEFAULT_WAIT_MS
    return { limited: true, waitMs, why: 'x-ratelimit-remaining: 0' }
  }
  if (status === 429 || /rate limit/i.test(body)) return { limited: true, waitMs: SECONDARY_DEFAULT_WAIT_MS, why: 'secondary rate limit' }
  return { limited: false }
}

/** The next page from a Link header (RFC 8288), only on the API's own origin: the token goes with it. */
export function nextPage(link: string | undefined, apiOrigin: string): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part)
    if (m && m[2]?.split(/\s+/).includes('next') && URL.canParse(m[1]!)) {
      const url = new URL(m[1]!)
      return url.origin === apiOrigin ? url.href : undefined
    }
  }
  return undefined
}
