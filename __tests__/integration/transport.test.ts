// The transport against real local servers: deadlines, size cap, redirects, retries.
import { describe, expect, test } from '@jest/globals'
import type { HttpRequest } from '../../src/net/outcome.js'
import { send } from '../../src/net/transport.js'
import { faultCount, useServers } from '../helpers/servers.js'

const servers = useServers()

const post = (path: string): HttpRequest => ({
  method: 'POST',
  url: `${servers.urls['faults']}${path}`,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials'
})
const opts = { timeoutMs: 2000, retries: 0, userAgent: 'test', sleep: async () => {} }
const count = (key: string): Promise<number> => faultCount(servers, key)

describe('deadlines', () => {
  test('a server that never answers ends in a timeout near the deadline', async () => {
    // No timing assertion: a hang would exceed jest's test timeout instead.
    const outcome = await send(post('/hang'), { ...opts, timeoutMs: 500 })
    expect(outcome).toMatchObject({ kind: 'network', failure: 'timeout', tries: 1 })
    // The connection was made: a hung server, not a firewall dropping packets.
    expect(outcome.kind === 'network' && outcome.detail).toContain('connected, but no complete answer')
  })
  test('a body that trickles forever is cut at the deadline, not at socket idle time', async () => {
    const outcome = await send(post('/trickle'), { ...opts, timeoutMs: 700 })
    expect(outcome).toMatchObject({ kind: 'network', failure: 'timeout' })
  })
})

describe('size, redirects, resets', () => {
  test('a 5 MiB body is cut at 1 MiB', async () => {
    expect(await send(post('/huge'), opts)).toMatchObject({ kind: 'too-large', status: 200 })
  })
  test('a redirect is returned, not followed', async () => {
    const outcome = await send(post('/redirect'), opts)
    expect(outcome).toMatchObject({ kind: 'response', status: 307 })
    expect(outcome.kind === 'response' && outcome.headers['location']).toBe('https://elsewhere.example.net/oauth/token')
  })
  test('a dropped connection is a network error', async () => {
    expect(await send(post('/reset'), opts)).toMatchObject({ kind: 'network', failure: 'network' })
  })
  test('a refused connection', async () => {
    const outcome = await send({ ...post(''), url: servers.urls['refused']! }, opts)
    expect(outcome).toMatchObject({ kind: 'network', failure: 'refused' })
  })
  test('a self-signed certificate is a TLS failure', async () => {
    const outcome = await send({ ...post(''), url: servers.urls['selfSignedTls']! }, opts)
    expect(outcome).toMatchObject({ kind: 'network', failure: 'tls' })
  })
})

describe('retries', () => {
  test('429 with Retry-After is retried and then succeeds', async () => {
    const waits: number[] = []
    const outcome = await send(post('/flaky-429?key=t429'), { ...opts, retries: 2, sleep: async ms => void waits.push(ms) })
    expect(outcome).toMatchObject({ kind: 'response', status: 200, tries: 2 })
    expect(waits).toEqual([1000])
    expect(await count('t429')).toBe(2)
  })
  test('503 is retried', async () => {
    expect(await send(post('/flaky-503?key=t503'), { ...opts, retries: 1 })).toMatchObject({ status: 200, tries: 2 })
  })
  test('a 4xx is never retried', async () => {
    const outcome = await send(post('/oauth-error/invalid_request?key=t4xx'), { ...opts, retries: 3 })
    expect(outcome).toMatchObject({ status: 400, tries: 1 })
    expect(await count('t4xx')).toBe(1)
  })
  test('retries stop at the configured count', async () => {
    const outcome = await send(post('/503?key=tmax'), { ...opts, retries: 2 })
    expect(outcome).toMatchObject({ status: 503, tries: 3 })
    expect(await count('tmax')).toBe(3)
  })
})
