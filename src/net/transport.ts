// The one module that talks to the network, through @actions/http-client (which brings the
// runner's proxy settings: HTTPS_PROXY, NO_PROXY). It adds what the client lacks: an overall
// deadline per try, a cap on the body, no redirects, and the retry policy from retry.ts.

import { HttpClient } from '@actions/http-client'
import * as http from 'node:http'
import type { Socket } from 'node:net'
import * as nodeTls from 'node:tls'
import type { HttpOutcome, HttpRequest, NetworkFailure, TlsMaterial, Transport, TransportOptions } from './outcome.js'
import { retryDelayMs } from './retry.js'

export const MAX_BODY_BYTES = 1024 * 1024

export const send: Transport = async (request, options) => {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)))
  for (let tries = 1; ; tries++) {
    const outcome = await sendOnce(request, options, tries)
    if (tries > options.retries) return outcome
    const delay = retryDelayMs(outcome, tries, Math.random(), Date.now())
    if (delay === undefined) return outcome
    await sleep(delay)
  }
}

async function sendOnce(request: HttpRequest, options: TransportOptions, tries: number): Promise<HttpOutcome> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  const client = new HttpClient(options.userAgent, [], {
    allowRedirects: false,
    allowRetries: false,
    // Only so that http-client reuses the agent applyTls configured: without keepAlive it builds a
    // fresh tunnel agent per request behind a proxy. dispose() below closes every socket anyway.
    keepAlive: true,
    socketTimeout: options.timeoutMs
  })
  if (options.tls && request.url.startsWith('https:')) applyTls(client, request.url, options.tls)
  const connected = watchConnection(client, request.url)
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  let timer: NodeJS.Timeout | undefined
  let abandon: (() => void) | undefined
  const deadline = new Promise<HttpOutcome>(resolve => {
    timer = setTimeout(() => {
      abandon?.()
      // A hung server and a firewall that drops packets look alike from here, except for this.
      const state = connected()
      const detail =
        state === 'connected'
          ? `connected, but no complete answer within ${options.timeoutMs} ms`
          : state === 'not connected'
            ? `could not even connect within ${options.timeoutMs} ms`
            : `no complete answer within ${options.timeoutMs} ms`
      resolve({ kind: 'network', failure: 'timeout', detail, latencyMs: elapsed(), tries })
    }, options.timeoutMs)
  })
  const exchange = (async (): Promise<HttpOutcome> => {
    try {
      const response = await client.request(request.method, request.url, request.body, { ...request.headers })
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
      return { kind: 'response', status, headers, body: Buffer.concat(chunks).toString('utf8'), latencyMs: elapsed(), tries }
    } catch (error) {
      const { failure, detail } = networkFailure(error)
      return { kind: 'network', failure, detail, latencyMs: elapsed(), tries }
    }
  })()
  try {
    return await Promise.race([exchange, deadline])
  } finally {
    clearTimeout(timer)
    client.dispose()
  }
}

/**
 * Whether the TCP connection of this request was made. http-client does not expose the socket,
 * so the (direct) agent's createConnection is wrapped; behind a proxy the state stays unknown.
 */
function watchConnection(client: HttpClient, url: string): () => 'connected' | 'not connected' | 'unknown' {
  const agent = client.getAgent(url)
  if (!(agent instanceof http.Agent)) return () => 'unknown'
  let connected = false
  const original = agent.createConnection.bind(agent) as (...args: unknown[]) => Socket
  agent.createConnection = ((...args: unknown[]) => {
    const socket = original(...args)
    socket.once('connect', () => {
      connected = true
    })
    return socket
  }) as typeof agent.createConnection
  return () => (connected ? 'connected' : 'not connected')
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

/** Maps Node's error codes to the failure kinds the findings speak of. Never includes request data. */
export function networkFailure(error: unknown): { failure: NetworkFailure; detail: string } {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  const message = error instanceof Error ? error.message : String(error)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { failure: 'dns', detail: code }
  if (code === 'ECONNREFUSED') return { failure: 'refused', detail: code }
  if (TLS_CODE.test(code)) return { failure: 'tls', detail: code }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || message.startsWith('Request timeout')) {
    return { failure: 'timeout', detail: code || 'socket idle timeout' }
  }
  // A proxy URL in the message may carry user:password@; keep the host only.
  return { failure: 'network', detail: code || message.replace(/\/\/[^/@\s]*@/g, '//').slice(0, 80) }
}
