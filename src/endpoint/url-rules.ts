// The rules every URL the check sends credentials or tokens to must meet, configured or
// discovered: absolute http(s), no userinfo, no fragment (RFC 6749 §3.2), https unless loopback
// or allow-insecure-http. Pure.

import { finding, type Finding } from '../findings/codes.js'

export type Complain = (input: string, problem: string) => void

/** An absolute http(s) URL without credentials or fragment (RFC 6749 §3.2). */
export function parseEndpoint(text: string, input: string, bad: Complain, example = 'https://login.example.com/oauth/token'): URL | undefined {
  if (!URL.canParse(text)) {
    bad(input, `is not a URL; expected an absolute https:// URL such as ${example}.`)
    return undefined
  }
  const url = new URL(text)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    bad(input, `must be an https:// URL, not ${url.protocol}.`)
    return undefined
  }
  if (url.username !== '' || url.password !== '') {
    bad(input, 'must not contain user:password@; pass the credentials through client-id and client-secret.')
    return undefined
  }
  if (url.hash !== '') {
    bad(input, 'must not contain a #fragment (RFC 6749 §3.2).')
    return undefined
  }
  return url
}

/**
 * 127.0.0.0/8, ::1 and localhost, written as such: traffic that never leaves the machine. A
 * `*.localhost` name is not here: it is loopback only if it resolves there (see isLocalhostName).
 */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || isLoopbackAddress(host)
}

/** An address (not a name) in 127.0.0.0/8 or ::1, IPv4-mapped forms included. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase()
  return a === '::1' || a === '0:0:0:0:0:0:0:1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(a)
}

/**
 * `*.localhost` (RFC 6761 §6.3 reserves it for loopback, but resolvers and hosts files do not all
 * honour that): plain http to it is allowed without allow-insecure-http only once every address
 * it resolves to is loopback.
 */
export function isLocalhostName(hostname: string): boolean {
  return hostname.toLowerCase().replace(/\.$/, '').endsWith('.localhost')
}

/** Plain http:// to a host that is not loopback, without allow-insecure-http. */
export function isInsecure(url: URL, allowInsecureHttp: boolean): boolean {
  return url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)
}

/** The discovered token endpoint must meet the rules token-url does (RFC 6749 §3.2, https). */
export function discoveredEndpointProblem(tokenUrl: string, allowInsecureHttp: boolean): Finding | undefined {
  const url = new URL(tokenUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    // file:, javascript:, data:, ftp:…: named, never followed, and the rest of the URL not quoted.
    const scheme = /^[a-z][a-z0-9+.-]{0,30}:$/i.test(url.protocol) ? url.protocol : 'an unknown scheme'
    return finding('DISCOVERY_FAILED', `The discovered token endpoint uses the ${scheme} scheme; only https: (or http: to loopback, or with allow-insecure-http) is allowed. No token request was sent.`)
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') {
    return finding('DISCOVERY_FAILED', `The discovered token endpoint ${url.origin}${url.pathname} carries credentials or a #fragment, which RFC 6749 §3.2 forbids. No token request was sent.`)
  }
  if (url.protocol === 'https:' || isLoopback(url.hostname) || allowInsecureHttp) return undefined
  return finding(
    'INSECURE_URL',
    `The discovered token endpoint ${url.href} uses plain http:// to a remote host: the client secret would cross the network unencrypted. No token request was sent.`
  )
}

/** What a host name resolves to (every address); the shell passes the system resolver. */
export type Lookup = (hostname: string) => Promise<readonly string[]>

/**
 * Plain http:// URLs on `*.localhost` names, without allow-insecure-http: each must resolve to
 * loopback addresses only, else INSECURE_URL (without a resolver, none counts as loopback).
 */
export async function localhostProblems(urls: readonly string[], allowInsecureHttp: boolean, lookup: Lookup | undefined, timeoutMs = 10_000): Promise<Finding[]> {
  if (allowInsecureHttp) return []
  const problems: Finding[] = []
  for (const text of new Set(urls)) {
    if (!URL.canParse(text)) continue
    const url = new URL(text)
    if (url.protocol !== 'http:' || !isLocalhostName(url.hostname)) continue
    // Bounded like a request: a resolver that does not answer in time means "does not resolve".
    const addresses = lookup ? await withTimeout(lookup(url.hostname), timeoutMs).catch(() => [] as readonly string[]) : []
    if (addresses.length > 0 && addresses.every(isLoopbackAddress)) continue
    const where = addresses.length === 0 ? 'does not resolve' : `resolves to ${addresses.slice(0, 4).join(', ')}, not only to loopback`
    problems.push(
      finding(
        'INSECURE_URL',
        `${url.host} ${where}: plain http:// is allowed without allow-insecure-http only to loopback (127.0.0.0/8, ::1, localhost, or a *.localhost name that resolves there). No request was sent.`
      )
    )
  }
  return problems
}

/** The promise's value, or a rejection after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
