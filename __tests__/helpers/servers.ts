// Starts the local test servers (__tests__/servers/cli.js) in a child process on Node 24, as the
// demo does, and hands their URLs and client credentials to a test file.

import { afterAll, beforeAll } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Node 24 from the `node` npm package: the runtime GitHub runners use for `node24` actions. */
export const NODE24 = `${ROOT}node_modules/.bin/node`

export interface Client {
  readonly id: string
  readonly secret: string
}

export interface KeyClient {
  readonly id: string
  readonly kid: string
  /** JSON text of the private JWK (with kid and alg). */
  readonly privateJwk: string
  readonly privatePem: string
}

export interface CertClient {
  readonly id: string
  readonly certPem: string
  readonly keyPem: string
}

export interface Servers {
  readonly urls: Readonly<Record<string, string>>
  readonly clients: Readonly<Record<'main' | 'special' | 'short' | 'limited' | 'nogrant' | 'csjwt', Client>> &
    Readonly<Record<'pkjwtRs' | 'pkjwtEs', KeyClient>> &
    Readonly<Record<'mtls' | 'mtlsExpired' | 'mtlsSelfSigned', CertClient>> & {
      /** Clients of the Authlib server (urls.authlibToken), each held to its registered method. */
      readonly authlib: Readonly<Record<'basic' | 'post' | 'special' | 'specialId' | 'nogrant', Client>>
    }
  /** The test CA that signed the TLS servers' and the mTLS client's certificates. */
  readonly ca: { readonly certPem: string }
  /** The NICE CXone stand-in's registered app, API users' access keys and tenant (servers/cxone.js). */
  readonly cxone: Readonly<Record<'clientId' | 'clientSecret' | 'accessKeyId' | 'accessKeySecret' | 'tenantId' | 'orphanKeyId' | 'orphanKeySecret', string>>
  readonly stop: () => Promise<void>
}

/**
 * Starts the servers before a test file's tests and stops them after. The returned object reads
 * through to the running servers, so tests use it like the servers themselves once beforeAll ran.
 */
export function useServers(): Servers {
  let started: Servers | undefined
  beforeAll(async () => {
    started = await startServers()
  })
  afterAll(async () => started?.stop())
  return new Proxy({} as Servers, {
    get(_target, key) {
      if (!started) throw new Error('the test servers are not started yet: use them inside a test or hook')
      return started[key as keyof Servers]
    }
  })
}

/** How many requests the fault server saw carrying ?key=<key>. */
export async function faultCount(servers: Servers, key: string): Promise<number> {
  const res = await fetch(`${servers.urls['faults']}/count?key=${encodeURIComponent(key)}`)
  return ((await res.json()) as { count: number }).count
}

export async function startServers(): Promise<Servers> {
  const child: ChildProcess = spawn(NODE24, [`${ROOT}__tests__/servers/cli.js`], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', l => resolve(l))
    child.once('exit', code => reject(new Error(`test servers exited (${code}): ${stderr}`)))
  })
  const parsed = JSON.parse(line) as Omit<Servers, 'stop'>
  return {
    ...parsed,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.stdin?.end()
        setTimeout(() => child.kill('SIGKILL'), 3000).unref()
      })
  }
}
