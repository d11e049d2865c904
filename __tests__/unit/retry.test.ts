import { describe, expect, test } from '@jest/globals'
import type { HttpOutcome } from '../../src/net/outcome.js'
import { MAX_DELAY_MS, parseRetryAfter, retryDelayMs } from '../../src/net/retry.js'

const status = (s: number, headers: Record<string, string> = {}): HttpOutcome => ({ kind: 'response', status: s, headers, body: '', latencyMs: 1, tries: 1 })
const net = (failure: 'dns' | 'refused' | 'tls' | 'timeout' | 'network', detail = 'E'): HttpOutcome => ({ kind: 'network', failure, detail, latencyMs: 1, tries: 1 })

describe('what is retried', () => {
  test.each([400, 401, 403, 404])('never a %i', s => expect(retryDelayMs(status(s), 1, 0.5, 0)).toBeUndefined())
  test.each([429, 500, 502, 503])('HTTP %i is retried', s => expect(retryDelayMs(status(s), 1, 0.5, 0)).toBeGreaterThan(0))
  test('timeouts, refused and reset connections are retried', () => {
    for (const f of ['timeout', 'refused', 'network'] as const) expect(retryDelayMs(net(f), 1, 0, 0)).toBeGreaterThan(0)
  })
  test('certificate failures and unknown hosts are not: the answer would be the same', () => {
    expect(retryDelayMs(net('tls'), 1, 0, 0)).toBeUndefined()
    expect(retryDelayMs(net('dns', 'ENOTFOUND'), 1, 0, 0)).toBeUndefined()
    expect(retryDelayMs(net('dns', 'EAI_AGAIN'), 1, 0, 0)).toBeGreaterThan(0)
  })
})

describe('how long to wait', () => {
  test('exponential backoff with jitter between half and the full step', () => {
    expect(retryDelayMs(status(503), 1, 0, 0)).toBe(250)
    expect(retryDelayMs(status(503), 1, 1, 0)).toBe(500)
    expect(retryDelayMs(status(503), 3, 1, 0)).toBe(2000)
  })
  test('Retry-After in seconds is honoured', () => {
    expect(retryDelayMs(status(429, { 'retry-after': '2' }), 1, 0, 0)).toBe(2000)
  })
  test('Retry-After as an HTTP date', () => {
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:03 GMT', 1000)).toBe(2000)
  })
  test('a Retry-After beyond the cap is not waited for', () => {
    expect(retryDelayMs(status(429, { 'retry-after': String(MAX_DELAY_MS / 1000 + 1) }), 1, 0, 0)).toBeUndefined()
  })
})
