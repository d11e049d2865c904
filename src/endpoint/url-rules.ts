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

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/** Plain http:// to a host that is not loopback, without allow-insecure-http. */
export function isInsecure(url: URL, allowInsecureHttp: boolean): boolean {
  return url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)
}

/** The discovered token endpoint must meet the rules token-url does (RFC 6749 §3.2, https). */
export function discoveredEndpointProblem(tokenUrl: string, allowInsecureHttp: boolean): Finding | undefined {
  const url = new URL(tokenUrl)
  if (url.username !== '' || url.password !== '' || url.hash !== '') {
    return finding('DISCOVERY_FAILED', `The discovered token endpoint ${url.origin}${url.pathname} carries credentials or a #fragment, which RFC 6749 §3.2 forbids. No token request was sent.`)
  }
  if (url.protocol === 'https:' || isLoopback(url.hostname) || allowInsecureHttp) return undefined
  return finding(
    'INSECURE_URL',
    `The discovered token endpoint ${url.href} uses plain http:// to a remote host: the client secret would cross the network unencrypted. No token request was sent.`
  )
}
