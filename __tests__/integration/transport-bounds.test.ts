// The transport's bounds where keep-alive and retries meet: a late reset on a reused connection is
// not sent again (it may have reached the server), an overall deadline holds across tries and
// waits, and nothing http-client throws escapes as an exception.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { destroyAgents, send } from '../../src/net/transport.js'

let server: Server
let base = ''
const sockets = new Set<Socket>()
let posts = 0
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url === '/warm') return void res.writeHead(200).end('{}')
      if (req.url === '/busy') return void res.writeHead(503, { 'retry-after': '1' }).end('busy')
      posts++
      // Held almost to the deadline, then reset: the request did reach the server.
      setTimeout(() => req.socket.destroy(), 600)
    })
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  destroyAgents()
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
})

test('a reused connection reset late is not sent again: one POST reaches the server, within the try', async () => {
  const options = { timeoutMs: 1000, retries: 0, userAgent: 't' }
  await send({ method: 'GET', url: `${base}/warm`, headers: {}, body: '' }, options)
  const before = posts
  const started = performance.now()
  const outcome = await send({ method: 'POST', url: `${base}/token`, headers: {}, body: 'grant_type=client_credentials' }, options)
  expect(outcome).toMatchObject({ kind: 'network', failure: 'network', detail: 'ECONNRESET', tries: 1 })
  expect(posts - before).toBe(1)
  // A bound on a hang (the old code took two whole tries), not a performance assertion.
  expect(performance.now() - started).toBeLessThan(1500)
})

test('an overall deadline ends the retries: no wait for Retry-After past it', async () => {
  const slept: number[] = []
  const outcome = await send(
    { method: 'POST', url: `${base}/busy`, headers: {}, body: '' },
    { timeoutMs: 1000, retries: 3, userAgent: 't', deadlineMs: Date.now() + 500, sleep: async ms => void slept.push(ms) }
  )
  expect(outcome).toMatchObject({ kind: 'response', status: 503, tries: 1 })
  expect(slept).toEqual([])
})

test('an unusable proxy variable is a network outcome, never an exception', async () => {
  const saved = process.env['HTTPS_PROXY']
  process.env['HTTPS_PROXY'] = 'foo bar'
  try {
    const outcome = await send({ method: 'GET', url: 'https://example.invalid/x', headers: {}, body: '' }, { timeoutMs: 1000, retries: 0, userAgent: 't' })
    expect(outcome.kind).toBe('network')
  } finally {
    if (saved === undefined) delete process.env['HTTPS_PROXY']
    else process.env['HTTPS_PROXY'] = saved
  }
})
