// The one module that talks to the network, through @actions/http-client (which brings the
// runner's proxy settings: HTTPS_PROXY, NO_PROXY). It adds what the client lacks: an overall
// deadline per try, a cap on the body, no redirects, and the retry policy from retry.ts.

import { getProxyUrl, HttpClient } from '@actions/http-client'
import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash } from 'node:crypto'
import { lookup } from 'node:dns/promises'
import * as http from 'node:http'
import * as https from 'node:https'
import type { Socket } from 'node:net'
import * as nodeTls from 'node:tls'
import type { HttpOutcome, HttpRequest, NetworkFailure, TlsMaterial, Transport, TransportOptions } from './outcome.js'
import { retryDelayMs } from './retry.js'

export const MAX_BODY_BYTES = 1024 * 1024

export const send: Transport = async (request, options) => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)))
  const end = options.deadlineMs
  for (let tries = 1; ; tries++) {
    // With an overall deadline, no try (and no wait before one) may run past it.
    const timeoutMs = end === undefined ? options.timeoutMs : Math.max(1, Math.min(options.timeoutMs, end - Date.now()))
    const outcome = await sendOnceFresh(request, { ...options, timeoutMs }, tries)
    if (tries > options.retries) return outcome
    const delay = retryDelayMs(outcome, tries, Math.random(), Date.now())
    if (delay === undefined) return outcome
    if (end !== undefined && Date.now() + delay + MIN_TRY_MS >= end) return outcome
    await sleep(delay)
  }
}

/** A retry is not worth starting with less time than this left before the deadline. */
const MIN_TRY_MS = 100

/**
 * A reset this soon after the request went out on a reused connection is the server closing an idle
 * connection as the request arrived: the request never reached it. A later reset may have reached
 * it, so it is not sent again (a token endpoint may count failed attempts).
 */
const STALE_RESET_MS = 250

/**
 * Outcomes of requests that failed on a kept-alive connection with a reset before any answer: when
 * the reset came at once (STALE_RESET_MS), the request is sent again once on a new connection,
 * within the same try's time and without counting as a try.
 */
const staleConnection = new WeakSet<HttpOutcome>()

async function sendOnceFresh(request: HttpRequest, options: TransportOptions, tries: number): Promise<HttpOutcome> {
  try {
    const first = await sendOnce(request, options, tries)
    const left = options.timeoutMs - first.latencyMs
    if (!staleConnection.has(first) || first.latencyMs > STALE_RESET_MS || left <= 0) return first
    // Sent again once on a new connection, within what is left of this try's time.
    const second = await sendOnce(request, { ...options, timeoutMs: left }, tries)
    return { ...second, latencyMs: second.latencyMs + first.latencyMs }
  } catch (error) {
    // Whatever http-client throws before a request exists (an unusable proxy URL, a bad URL) is an
    // outcome like any other network failure: the transport never throws.
    const { failure, detail } = networkFailure(error)
    return { kind: 'network', failure, detail, latencyMs: 0, tries }
  }
}

async function sendOnce(request: HttpRequest, options: TransportOptions, tries: number): Promise<HttpOutcome> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  const client = new HttpClient(options.userAgent, [], {
    allowRedirects: false,
    allowRetries: false,
    // Direct connections are kept alive and shared by the requests of a run (see shareAgent).
    keepAlive: true,
    socketTimeout: options.timeoutMs
  })
  // Behind a proxy each try has its own tunnel agent, watched so the deadline can end it; *.localhost
  // names (allowed only once they resolved to loopback) never go through a proxy.
  const proxied = getProxyUrl(request.url) !== '' && !isLocalhostName(request.url)
  const tunnel = proxied ? watchTunnel(client, request.url) : undefined
  if (proxied && options.tls && request.url.startsWith('https:')) applyTls(client, request.url, options.tls)
  const agent = proxied ? client.getAgent(request.url) : shareAgent(client, request.url, options.tls)
  let socket: Socket | undefined
  let completed = false
  const connected = watchConnection(agent, s => (socket = s))
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  let timer: NodeJS.Timeout | undefined
  let abandon: (() => void) | undefined
  const deadline = new Promise<HttpOutcome>(resolve => {
    timer = setTimeout(() => {
      abandon?.()
      // A hung server and a firewall that drops packets look alike from here, except for this.
      const state = tunnel?.state() ?? connected.state()
      const detail =
        state === 'connected'
          ? `connected, but no complete answer within ${options.timeoutMs} ms`
          : state === 'not connected'
            ? `could not even connect within ${options.timeoutMs} ms`
            : state === 'no CONNECT answer'
              ? `the proxy ${tunnel?.proxy ?? ''} did not answer CONNECT within ${options.timeoutMs} ms`
              : `no complete answer within ${options.timeoutMs} ms`
      resolve({ kind: 'network', failure: 'timeout', detail, latencyMs: elapsed(), tries })
    }, options.timeoutMs)
  })
  const exchange = (async (): Promise<HttpOutcome> => {
    try {
      // identity: the body is read under a byte cap and parsed as text; a compressed body would be neither.
      const sent = { ...request.headers, 'Accept-Encoding': 'identity' }
      const response = await connected.during(() => client.request(request.method, request.url, request.body, sent))
      const message = response.message
      abandon = () => message.destroy()
      const status = message.statusCode ?? 0
      const headers = flattenHeaders(message.headers)
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of message) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
        size += buffer.length
        if (size > maxBytes) {
          message.destroy()
          return { kind: 'too-large', status, headers, latencyMs: elapsed(), tries }
        }
        chunks.push(buffer)
      }
      completed = true
      return { kind: 'response', status, headers, body: Buffer.concat(chunks).toString('utf8'), latencyMs: elapsed(), tries }
    } catch (error) {
      const { failure, detail } = networkFailure(error, tunnel?.proxy)
      const outcome: HttpOutcome = { kind: 'network', failure, detail, latencyMs: elapsed(), tries }
      if (connected.reused() && (detail === 'ECONNRESET' || detail === 'EPIPE')) staleConnection.add(outcome)
      return outcome
    }
  })()
  try {
    return await Promise.race([exchange, deadline])
  } finally {
    clearTimeout(timer)
    // A connection whose answer was not read to the end cannot carry another request: close it
    // (a hung server must not hold the process). A complete one goes back to the shared agent.
    // Behind a proxy nothing of this try may outlive it: the CONNECT request and the tunnel socket.
    if (!completed) {
      abandon?.()
      socket?.destroy()
    }
    tunnel?.destroy()
    if (!proxied) releaseAgent(client)
    client.dispose()
  }
}

type TunnelState = 'no CONNECT answer' | 'connected' | 'unknown'

interface TunnelWatch {
  /** host:port of the proxy, never its userinfo. */
  readonly proxy: string
  readonly state: () => TunnelState
  readonly destroy: () => void
}

/**
 * Behind HTTPS_PROXY, http-client uses the `tunnel` package's agent, which opens its own CONNECT
 * request to the proxy and keeps the tunnel socket in `agent.sockets`. Neither is reachable
 * through http-client, and its dispose() does not touch this agent: a proxy that never answers
 * CONNECT, or relays nothing after it, would keep the process alive past the deadline. This
 * wraps the agent's request function to see the CONNECT request, and destroys both at the end.
 */
function watchTunnel(client: HttpClient, url: string): TunnelWatch | undefined {
  const agent = client.getAgent(url) as unknown as {
    proxyOptions?: { host?: string; port?: number | string }
    request?: (options: unknown) => http.ClientRequest
    sockets?: unknown
  }
  if (!agent.proxyOptions || typeof agent.request !== 'function') return undefined
  const original = agent.request
  const requests: http.ClientRequest[] = []
  let answered = false
  agent.request = (connectOptions: unknown) => {
    const req = original(connectOptions)
    requests.push(req)
    req.once('connect', () => (answered = true))
    req.once('response', () => (answered = true))
    // After destroy() below, a late error must not be unhandled.
    req.on('error', () => undefined)
    return req
  }
  const proxy = `${agent.proxyOptions.host ?? ''}${agent.proxyOptions.port ? `:${agent.proxyOptions.port}` : ''}`
  return {
    proxy,
    state: () => (requests.length === 0 ? 'unknown' : answered ? 'connected' : 'no CONNECT answer'),
    destroy: () => {
      for (const req of requests) req.destroy()
      const sockets = Array.isArray(agent.sockets) ? (agent.sockets as unknown[]) : []
      for (const socket of sockets) {
        if (socket !== null && typeof socket === 'object' && 'destroy' in socket && typeof socket.destroy === 'function') socket.destroy()
      }
    }
  }
}

/** A shared agent and whether http-client uses it as its proxy (tunnel) agent. */
interface SharedAgent {
  readonly agent: unknown
  readonly viaProxy: boolean
}

/**
 * Keep-alive agents shared by every request of a run, one per origin, proxy and TLS material, so
 * checks against one host reuse connections instead of paying a TCP and TLS handshake each. At
 * most `concurrency` requests are in flight, so at most that many connections per host open.
 */
const sharedAgents = new Map<string, SharedAgent>()

/**
 * Idle connections close after this long: below the keep-alive timeouts servers commonly use
 * (Node's 5 s), so a request is rarely sent on a connection the server is closing. Node also
 * honours a shorter `Keep-Alive: timeout=` hint from the server.
 */
const IDLE_SOCKET_MS = 4_000

/** Internals of HttpClient that hold its agents (http-client 4: `_agent`, `_proxyAgent`). */
type AgentSlots = { _agent?: unknown; _proxyAgent?: unknown }

function agentKey(url: string, tls: TlsMaterial | undefined): string {
  const origin = new URL(url).origin
  const material = tls && url.startsWith('https:') ? createHash('sha256').update(JSON.stringify([tls.ca ?? '', tls.cert ?? '', tls.key ?? ''])).digest('hex') : ''
  return `${origin} ${isLocalhostName(url) ? 'direct' : getProxyUrl(url)} ${material}`
}

function isLocalhostName(url: string): boolean {
  return /\.localhost\.?$/i.test(new URL(url).hostname)
}

/**
 * Loopback never goes through a proxy. http-client already bypasses localhost, 127.* and [::1];
 * a *.localhost name (allowed only once it resolved to loopback) would otherwise be tunnelled
 * through HTTPS_PROXY. This makes the client use a direct agent for it.
 */
function bypassProxy(client: HttpClient, agent: unknown): void {
  const internals = client as unknown as { _agent?: unknown; _getAgent: (parsedUrl: URL) => unknown }
  internals._agent = agent
  internals._getAgent = () => agent
}

/** Puts the run's shared agent for this URL into the client, creating (and configuring) it once. */
function shareAgent(client: HttpClient, url: string, tls: TlsMaterial | undefined): unknown {
  const key = agentKey(url, tls)
  const slots = client as unknown as AgentSlots
  const shared = sharedAgents.get(key)
  if (shared) {
    if (shared.viaProxy) slots._proxyAgent = shared.agent
    else slots._agent = shared.agent
    if (isLocalhostName(url)) bypassProxy(client, shared.agent)
    return shared.agent
  }
  if (isLocalhostName(url)) bypassProxy(client, url.startsWith('https:') ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true }))
  const agent = client.getAgent(url)
  if (tls && url.startsWith('https:')) applyTls(client, url, tls)
  if (agent instanceof http.Agent) (agent as unknown as { options: Record<string, unknown> }).options['timeout'] = IDLE_SOCKET_MS
  sharedAgents.set(key, { agent, viaProxy: slots._proxyAgent === agent })
  return agent
}

/** Takes the shared agent back out, so that client.dispose() does not destroy it. */
function releaseAgent(client: HttpClient): void {
  const slots = client as unknown as AgentSlots
  slots._agent = undefined
  slots._proxyAgent = undefined
}

/** Closes every kept-alive connection of the run; the shell calls it when the run is over. */
export function destroyAgents(): void {
  for (const { agent } of sharedAgents.values()) {
    const destroyable = agent as { destroy?: () => void }
    if (typeof destroyable.destroy === 'function') destroyable.destroy()
  }
  sharedAgents.clear()
}

/** The socket a request was given, for the request that is being sent in this async context. */
const socketWatch = new AsyncLocalStorage<(socket: Socket) => void>()
const watchedAgents = new WeakSet<object>()

interface ConnectionWatch {
  /** Runs the request so that the socket the agent gives it is seen. */
  during<T>(send: () => Promise<T>): Promise<T>
  state(): 'connected' | 'not connected' | 'unknown'
  /** Whether the request went out on a kept-alive connection made for an earlier one. */
  reused(): boolean
}

/**
 * Whether the TCP connection of this request was made. http-client does not expose the socket, so
 * the agent's addRequest is wrapped (once per shared agent) to see the socket each request gets: a
 * reused keep-alive socket is connected already. Behind a proxy the state stays unknown.
 */
function watchConnection(agent: unknown, onSocket: (socket: Socket) => void): ConnectionWatch {
  let connected = false
  let reused = false
  const see = (socket: Socket): void => {
    onSocket(socket)
    reused = !socket.connecting
    if (reused) connected = true
    else
      socket.once('connect', () => {
        connected = true
      })
  }
  const target = agent as { addRequest?: (...args: unknown[]) => unknown }
  if (typeof target.addRequest === 'function' && !watchedAgents.has(target)) {
    watchedAgents.add(target)
    const original = target.addRequest.bind(target)
    target.addRequest = (...args: unknown[]) => {
      const request = args[0] as http.ClientRequest
      const current = socketWatch.getStore()
      if (current) request.once('socket', current)
      return original(...args)
    }
  }
  return {
    during: send => socketWatch.run(see, send),
    state: () => (!(agent instanceof http.Agent) ? 'unknown' : connected ? 'connected' : 'not connected'),
    reused: () => reused
  }
}

/**
 * http-client has no option for client certificates or extra CAs, but both of its agents, the
 * plain https.Agent and the tunnel agent used behind HTTPS_PROXY, merge `agent.options` into every
 * TLS connection (http-client sets rejectUnauthorized the same way for ignoreSslError).
 */
function applyTls(client: HttpClient, url: string, tls: TlsMaterial): void {
  const agent = client.getAgent(url) as { options?: Record<string, unknown> }
  if (!agent.options) return
  agent.options = {
    ...agent.options,
    ...(tls.ca ? { ca: [...defaultCas(), tls.ca] } : {}),
    ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {})
  }
}

/**
 * The CAs Node trusts by default, NODE_EXTRA_CA_CERTS included: an explicit `ca` replaces them,
 * so ca-cert must add to this list, not to the bundled roots alone (getCACertificates: Node 22.15+).
 */
function defaultCas(): readonly string[] {
  const withDefaults = nodeTls as typeof nodeTls & { getCACertificates?: (type: 'default') => string[] }
  return withDefaults.getCACertificates?.('default') ?? nodeTls.rootCertificates
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO|HOSTNAME_MISMATCH)/

/**
 * Maps Node's error codes to the failure kinds the findings speak of. Never includes request data.
 * `proxy` is the proxy's host:port when the request went through one.
 */
export function networkFailure(error: unknown, proxy?: string): { failure: NetworkFailure; detail: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  const message = error instanceof Error ? error.message : String(error)
  // The tunnel agent's own errors: the proxy refused CONNECT, or could not be reached at all.
  const status = /tunneling socket could not be established, statusCode=(\d{3})/.exec(message)?.[1]
  if (status === '407') return { failure: 'proxy-auth', detail: `proxy ${proxy ?? 'from HTTPS_PROXY'} answered CONNECT with HTTP 407` }
  if (status) return { failure: 'proxy', detail: `proxy ${proxy ?? 'from HTTPS_PROXY'} answered CONNECT with HTTP ${status}` }
  const cause = /tunneling socket could not be established, cause=(\S+ )?([A-Z_]+)?/.exec(message)
  if (cause) return { failure: 'proxy', detail: `proxy ${proxy ?? 'from HTTPS_PROXY'} could not be used (${cause[2] ?? 'connection failed'})` }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { failure: 'dns', detail: code }
  if (code === 'ECONNREFUSED') return { failure: 'refused', detail: code }
  if (TLS_CODE.test(code)) return { failure: 'tls', detail: code }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || message.startsWith('Request timeout')) {
    return { failure: 'timeout', detail: code || 'socket idle timeout' }
  }
  // A proxy URL in the message may carry user:password@; keep the host only.
  return { failure: 'network', detail: code || message.replace(/\/\/[^/@\s]*@/g, '//').slice(0, 80) }
}

/** Every address a host name resolves to (the loopback rule for *.localhost names). */
export const resolveAll = async (hostname: string): Promise<string[]> => (await lookup(hostname, { all: true })).map(a => a.address)
