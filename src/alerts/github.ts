// A small GitHub REST client for the tracking issue, on the project's one transport
// (@actions/http-client: proxy settings, per-request deadline, body cap, no redirects). It adds
// what the issues API needs: GITHUB_API_URL (GitHub Enterprise Server), the token, pagination by
// Link headers, primary and secondary rate limits with bounded waits, and one shared budget.

import type { HttpOutcome, Transport } from '../net/outcome.js'
import { nextPage, rateLimitOf } from './rate-limit.js'

/** Why a request did not succeed, as plain data: the shell turns it into one warning. */
export type GitHubProblem =
  /** 403/404 that is not a rate limit: the token lacks a permission (or cannot see the repository). */
  | { readonly kind: 'permission'; readonly status: number; readonly what: string }
  /** 410: issues are turned off in the repository. */
  | { readonly kind: 'issues-disabled'; readonly what: string }
  | { readonly kind: 'rate-limited'; readonly what: string; readonly waitMs: number; readonly why: string }
  | { readonly kind: 'budget'; readonly what: string }
  | { readonly kind: 'http'; readonly status: number; readonly what: string; readonly message: string }
  | { readonly kind: 'network'; readonly what: string; readonly detail: string }

export class GitHubError extends Error {
  constructor(readonly problem: GitHubProblem) {
    super(`${problem.what}: ${problem.kind}`)
  }
}

export interface GitHubClientOptions {
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghes.example.com/api/v3. */
  readonly apiUrl: string
  readonly token: string
  readonly userAgent: string
  readonly transport: Transport
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  /** Epoch ms by which every request and wait must be over. */
  readonly deadline: number
}

/** Per request; a request never runs past the budget either. */
const REQUEST_TIMEOUT_MS = 10_000
/** The longest single rate-limit wait, even when the budget would allow more. */
export const MAX_WAIT_MS = 30_000
const MAX_RATE_LIMIT_RETRIES = 3
/** 10 pages of 100: the open issues searched for the marker. */
export const MAX_PAGES = 10
const MAX_BODY_BYTES = 4 * 1024 * 1024
/** GitHub's REST best practices: at least a second between mutative requests (secondary limits). */
export const MUTATION_GAP_MS = 1000

export class GitHubClient {
  private readonly apiUrl: string
  private lastMutation = Number.NEGATIVE_INFINITY
  constructor(private readonly options: GitHubClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '')
  }

  get origin(): string {
    return new URL(this.apiUrl).origin
  }

  /** GET a list, following Link rel="next" up to MAX_PAGES. */
  async list<T>(path: string, query: Readonly<Record<string, string>>, what: string): Promise<T[]> {
    const items: T[] = []
    let url: string | undefined = `${this.apiUrl}${path}?${new URLSearchParams({ ...query, per_page: '100' }).toString()}`
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const { data, headers } = await this.request('GET', url, undefined, what)
      if (!Array.isArray(data)) throw new GitHubError({ kind: 'http', status: 200, what, message: 'the answer is not a list' })
      items.push(...(data as T[]))
      url = nextPage(headers['link'], this.origin)
    }
    return items
  }

  async call<T>(method: 'POST' | 'PATCH' | 'GET', path: string, body: unknown, what: string): Promise<T> {
    return (await this.request(method, `${this.apiUrl}${path}`, body, what)).data as T
  }

  private async request(method: string, url: string, body: unknown, what: string): Promise<{ data: unknown; headers: Readonly<Record<string, string>> }> {
    const { transport, now, sleep, deadline } = this.options
    for (let retry = 0; ; retry++) {
      if (method !== 'GET') {
        const gap = this.lastMutation + MUTATION_GAP_MS - now()
        if (gap > 0) await sleep(Math.min(gap, Math.max(0, deadline - now())))
        this.lastMutation = now()
      }
      const left = deadline - now()
      if (left <= 0) throw new GitHubError({ kind: 'budget', what })
      const outcome: HttpOutcome = await transport(
        {
          method,
          url,
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${this.options.token}`,
            'x-github-api-version': '2022-11-28',
            ...(body === undefined ? {} : { 'content-type': 'application/json' })
          },
          body: body === undefined ? '' : JSON.stringify(body)
        },
        { timeoutMs: Math.min(REQUEST_TIMEOUT_MS, left), retries: 0, userAgent: this.options.userAgent, maxBodyBytes: MAX_BODY_BYTES }
      )
      if (outcome.kind === 'network') throw new GitHubError({ kind: 'network', what, detail: `${outcome.failure} (${outcome.detail})` })
      if (outcome.kind === 'too-large') throw new GitHubError({ kind: 'http', status: outcome.status, what, message: 'the answer is too large' })
      const { status, headers } = outcome
      if (status >= 200 && status < 300) return { data: parseJson(outcome.body), headers }

      const limit = rateLimitOf(status, headers, outcome.body, now())
      if (limit.limited) {
        // Wait only when GitHub's wait fits in the budget with room for the request after it.
        const fits = limit.waitMs <= MAX_WAIT_MS && now() + limit.waitMs + 1000 < deadline && retry < MAX_RATE_LIMIT_RETRIES
        if (!fits) throw new GitHubError({ kind: 'rate-limited', what, waitMs: limit.waitMs, why: limit.why })
        await sleep(limit.waitMs)
        continue
      }
      if (status === 403 || status === 404) throw new GitHubError({ kind: 'permission', status, what })
      if (status === 410) throw new GitHubError({ kind: 'issues-disabled', what })
      // One more try for a server error, if the budget allows; a 4xx would answer the same again.
      if (status >= 500 && retry === 0 && now() + 2000 < deadline) {
        await sleep(1000)
        continue
      }
      throw new GitHubError({ kind: 'http', status, what, message: messageOf(outcome.body) })
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** GitHub's error answers carry { message }; the caller cleans it before showing it. */
function messageOf(body: string): string {
  const data = parseJson(body)
  return data !== null && typeof data === 'object' && 'message' in data && typeof data.message === 'string' ? data.message : ''
}
