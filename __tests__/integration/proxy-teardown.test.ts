// The transport behind broken proxies on 127.0.0.1: the deadline must end the try *and* tear down
// what the tunnel agent opened (the CONNECT request and the tunnel socket), so nothing keeps the
// process alive after it; a proxy's 407 is its own failure naming the proxy. The proxies here are
// in-process, so the test can watch their end of the connection close.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer, type Server, type Socket } from 'node:net'
import type { HttpRequest } from '../../src/net/outcome.js'
import { send } from '../../src/net/transport.js'

interface RawProxy {
  readonly server: Server
  readonly url: string
  /** Resolves when the proxy's side of the next connection closes. */
  readonly nextClose: () => Promise<void>
}

async function rawProxy(onConnection: (socket: Socket) => void): Promise<RawProxy> {
  const waiting: Array<() => void> = []
  const sockets = new Set<Socket>()
  const server = createServer(socket => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => {
      sockets.delete(socket)
      waiting.shift()?.()
    })
    onConnection(socket)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const close = server.close.bind(server)
  server.close = (cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy()
    return close(cb)
  }
  return { server, url: `http://127.0.0.1:${port}`, nextClose: () => new Promise(resolve => waiting.push(resolve)) }
}

const request: HttpRequest = {
  method: 'POST',
  url: 'https://auth.stalled.test/oauth/token',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials'
}
const opts = { timeoutMs: 500, retries: 0, userAgent: 'test', sleep: async () => {} }

let stalled: RawProxy
let silent: RawProxy
let auth: RawProxy
const saved = { HTTPS_PROXY: process.env['HTTPS_PROXY'], https_proxy: process.env['https_proxy'] }

function useProxy(proxy: RawProxy): void {
  process.env['HTTPS_PROXY'] = proxy.url
  process.env['https_proxy'] = proxy.url
}

beforeAll(async () => {
  stalled = await rawProxy(socket => socket.resume())
  silent = await rawProxy(socket => socket.once('data', () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')))
  auth = await rawProxy(socket =>
    socket.once('data', () => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'))
  )
})
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await Promise.all([stalled, silent, auth].map(p => new Promise(resolve => p.server.close(resolve))))
})

describe('the deadline tears the tunnel down', () => {
  test('a proxy that never answers CONNECT: TIMEOUT naming the proxy, and its connection is closed by us', async () => {
    useProxy(stalled)
    const closed = stalled.nextClose()
    const outcome = await send(request, opts)
    expect(outcome).toMatchObject({ kind: 'network', failure: 'timeout', tries: 1 })
    expect(outcome.kind === 'network' && outcome.detail).toBe(`the proxy ${new URL(stalled.url).host} did not answer CONNECT within 500 ms`)
    // The proxy never closes on its own: this resolves only because the deadline destroyed the CONNECT request.
    await closed
  })
  test('a proxy that opens the tunnel and relays nothing: TIMEOUT, and the tunnel socket is closed by us', async () => {
    useProxy(silent)
    const closed = silent.nextClose()
    const outcome = await send(request, opts)
    expect(outcome).toMatchObject({ kind: 'network', failure: 'timeout' })
    expect(outcome.kind === 'network' && outcome.detail).toBe('connected, but no complete answer within 500 ms')
    await closed
  })
})

describe('proxy authentication', () => {
  test('407 to CONNECT is proxy-auth naming the proxy, with one try even when retries are allowed', async () => {
    useProxy(auth)
    const outcome = await send(request, { ...opts, retries: 2 })
    expect(outcome).toMatchObject({ kind: 'network', failure: 'proxy-auth', tries: 1 })
    expect(outcome.kind === 'network' && outcome.detail).toBe(`proxy ${new URL(auth.url).host} answered CONNECT with HTTP 407`)
  })
})
