// Keep-alive: the requests of a run to one host share connections (a TCP and TLS handshake per
// connection, not per check), never more at once than requests in flight; a connection whose
// answer never came is closed, and destroyAgents() closes the rest at the end of the run.

import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { HttpRequest } from '../../src/net/outcome.js'
import { destroyAgents, send } from '../../src/net/transport.js'

let server: Server
let base = ''
const sockets = new Set<Socket>()
let connections = 0
let closed = 0
/** Requests answered per connection, for the server that drops kept-alive connections. */
const served = new WeakMap<Socket, number>()

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url?.startsWith('/hang')) return
      // Like a server whose idle timeout closed the connection just as the next request came:
      // a second request on one connection is reset before any answer.
      const count = (served.get(req.socket) ?? 0) + 1
      served.set(req.socket, count)
      if (req.url?.startsWith('/drop-reused') && count > 1) return void req.socket.destroy()
      if (req.url?.startsWith('/drop-always')) return void req.socket.destroy()
      const delay = Number(/delay=(\d+)/.exec(req.url ?? '')?.[1] ?? 0)
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"access_token":"t","token_type":"Bearer"}')
      }, delay)
    })
  })
  server.on('connection', socket => {
    connections++
    sockets.add(socket)
    socket.on('close', () => {
      closed++
      sockets.delete(socket)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(() => destroyAgents())
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise(resolve => server.close(resolve))
})

const post = (path: string, origin = base): HttpRequest => ({
  method: 'POST',
  url: `${origin}${path}`,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials'
})
const opts = { timeoutMs: 2000, retries: 0, userAgent: 'test' }
/** Until every socket the server still holds is closed, or a second passes. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 100 && sockets.size > 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
}

test('six requests one after another to one host use one connection', async () => {
  const before = connections
  for (let i = 0; i < 6; i++) expect(await send(post('/token'), opts)).toMatchObject({ kind: 'response', status: 200 })
  expect(connections - before).toBe(1)
})

test('four in flight open four connections, which the next requests reuse', async () => {
  const before = connections
  const many = await Promise.all(Array.from({ length: 4 }, () => send(post('/token?delay=50'), opts)))
  expect(many.every(o => o.kind === 'response' && o.status === 200)).toBe(true)
  expect(connections - before).toBe(4)
  for (let i = 0; i < 8; i++) await send(post('/token'), opts)
  await Promise.all(Array.from({ length: 4 }, () => send(post('/token?delay=20'), opts)))
  expect(connections - before).toBe(4)
})

test('another origin (localhost vs 127.0.0.1) gets its own connection', async () => {
  const before = connections
  await send(post('/token'), opts)
  await send(post('/token', base.replace('127.0.0.1', 'localhost')), opts)
  await send(post('/token'), opts)
  expect(connections - before).toBe(2)
})

test('a request that timed out closes its connection; the next one opens a fresh one and succeeds', async () => {
  await send(post('/token'), opts)
  const before = connections
  const closedBefore = closed
  expect(await send(post('/hang'), { ...opts, timeoutMs: 300 })).toMatchObject({ kind: 'network', failure: 'timeout' })
  await settle()
  expect(closed - closedBefore).toBeGreaterThanOrEqual(1)
  expect(await send(post('/token'), opts)).toMatchObject({ kind: 'response', status: 200 })
  expect(connections - before).toBe(1)
})

test('destroyAgents() closes the idle kept-alive connections', async () => {
  await Promise.all(Array.from({ length: 3 }, () => send(post('/token?delay=30'), opts)))
  expect(sockets.size).toBeGreaterThanOrEqual(3)
  destroyAgents()
  await settle()
  expect(sockets.size).toBe(0)
})

test('a kept-alive connection the server already dropped: the request goes again once on a new one, not counted as a try', async () => {
  const before = connections
  expect(await send(post('/drop-reused?n=1'), opts)).toMatchObject({ kind: 'response', status: 200, tries: 1 })
  expect(await send(post('/drop-reused?n=2'), opts)).toMatchObject({ kind: 'response', status: 200, tries: 1 })
  expect(connections - before).toBe(2)
})

test('a server that resets every request: sent again once on a new connection, then reported; never again on a fresh one', async () => {
  await send(post('/token'), opts)
  const before = connections
  // On the kept-alive connection, then once on a new one: two resets, one new connection.
  expect(await send(post('/drop-always'), opts)).toMatchObject({ kind: 'network', failure: 'network', detail: 'ECONNRESET', tries: 1 })
  expect(connections - before).toBe(1)
  // On a fresh connection the reset is the server's answer: not sent again.
  destroyAgents()
  expect(await send(post('/drop-always'), opts)).toMatchObject({ kind: 'network', detail: 'ECONNRESET' })
  expect(connections - before).toBe(2)
})
