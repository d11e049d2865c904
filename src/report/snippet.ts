// The request that worked, as code the user can paste: a curl command and a fetch snippet. Pure.
// Credentials appear only as placeholders ($CLIENT_ID, $CLIENT_SECRET, …): never a secret, a
// client assertion or a token. Every other value passes through text.ts (one line, redacted).

import { ASSERTION_TYPE } from '../client-auth/assertion.js'
import { encodingMatters } from '../client-auth/secret-encoding.js'
import { grantFor } from '../grant/index.js'
import type { CheckSpec } from '../spec.js'
import { cleanServerText, escapeSummary, redact } from '../text.js'
import type { CheckResult } from './result.js'

/** How the working request authenticates the client. */
export type SnippetAuth =
  /** RFC 6749 §2.3.1. `form`: id and secret form-encoded before base64; `raw`: as stored. */
  | { readonly kind: 'basic'; readonly encoding: 'form' | 'raw'; readonly encodingMatters: boolean }
  | { readonly kind: 'body' }
  /** RFC 7523: a signed JWT the application makes per request, with this `aud`. */
  | { readonly kind: 'assertion'; readonly method: 'client_secret_jwt' | 'private_key_jwt'; readonly audience: string }
  /** RFC 8705: the client certificate in the TLS handshake. */
  | { readonly kind: 'mtls' }

export interface WorkingRequest {
  readonly name: string
  readonly url: string
  readonly auth: SnippetAuth
  /** Form fields besides the client authentication; a credential's value is a `$PLACEHOLDER`. */
  readonly params: readonly (readonly [string, Value])[]
  /** The stored id or secret worked only with surrounding whitespace removed. */
  readonly trimmed: boolean
  /** The check trusted a private CA (ca-cert): the snippets must too. */
  readonly privateCa: boolean
}

/** A form value: a literal, or an environment variable the user fills in. */
export type Value = { readonly literal: string } | { readonly env: string }

/** Form fields whose value is a credential, whatever a grant calls them: placeholders only. */
/** An extra parameter whose name says it holds a credential is shown as a placeholder, whatever its value. */
const SECRET_LOOKING_PARAM = /secret|passw|token|assertion|api[_-]?key|^key$/i

/** A shell- and JS-safe variable name for a parameter. */
const envName = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '_').replace(/^(?=\d)/, '_')

const CREDENTIAL_PARAMS: Readonly<Record<string, string>> = {
  client_secret: 'CLIENT_SECRET',
  client_assertion: 'CLIENT_ASSERTION',
  password: 'OAUTH_PASSWORD',
  username: 'OAUTH_USERNAME',
  refresh_token: 'REFRESH_TOKEN',
  assertion: 'ASSERTION'
}

/**
 * The request that obtained a token for this check, or undefined when none did. `secrets` are the
 * credential forms known to the check: a field whose value is one of them becomes a placeholder.
 */
export function workingRequest(spec: CheckSpec, result: CheckResult, secrets: readonly string[]): WorkingRequest | undefined {
  const winner = result.attempts.find(a => a.outcome === 'token')
  if (!winner || result.tokenUrl === '') return undefined
  const auth = authOf(spec, winner)
  if (!auth) return undefined
  const known = new Set(secrets.filter(s => s.trim() !== ''))
  const grant = grantFor(spec)
  // The grant's own credentials (the password grant's username and password) by value: the
  // placeholder is the command line's variable for that input, OAUTH_<INPUT>.
  const grantCredential = new Map(grant.credentials(spec).map(c => [c.value, `OAUTH_${c.input.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]))
  const params = grant
    .params(spec, false)
    .map(([name, value]): readonly [string, Value] => {
      const placeholder =
        grantCredential.get(value) ??
        CREDENTIAL_PARAMS[name] ??
        (known.has(value) || SECRET_LOOKING_PARAM.test(name) ? envName(name) : undefined)
      return [name, placeholder ? { env: placeholder } : { literal: cleanServerText(redact(value, secrets), 2000) }]
    })
  const url = cleanServerText(redact(result.tokenUrl, secrets), 2000)
  return { name: result.name, url, auth, params, trimmed: winner.trimmed, privateCa: spec.caCert !== null }
}

function authOf(spec: CheckSpec, winner: CheckResult['attempts'][number]): SnippetAuth | undefined {
  switch (winner.authMethod) {
    case 'client_secret_basic':
      return { kind: 'basic', encoding: winner.basicEncoding ?? 'form', encodingMatters: encodingMatters(spec.clientId.trim(), spec.clientSecret.trim()) }
    case 'client_secret_post':
      return { kind: 'body' }
    case 'client_secret_jwt':
    case 'private_key_jwt':
      return { kind: 'assertion', method: winner.authMethod, audience: cleanServerText(winner.audience ?? '', 2000) }
    case 'tls_client_auth':
    case 'self_signed_tls_client_auth':
      return { kind: 'mtls' }
    default:
      return undefined
  }
}

/** POSIX shell single quotes: nothing inside is expanded. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

function shellField(name: string, value: Value): string {
  if (!('env' in value)) return shellQuote(`${name}=${value.literal}`)
  // A name with anything but plain characters is single-quoted: it must not expand in the shell.
  return /^[A-Za-z0-9_.-]+$/.test(name) ? `"${name}=$${value.env}"` : `${shellQuote(`${name}=`)}"$${value.env}"`
}

function jsValue(value: Value): string {
  return 'env' in value ? `process.env.${value.env}` : JSON.stringify(value.literal)
}

/** Every placeholder the snippets use, in order: what the user must set before running them. */
export function placeholders(w: WorkingRequest): string[] {
  const names = ['CLIENT_ID']
  if (w.auth.kind === 'basic' || w.auth.kind === 'body') names.push('CLIENT_SECRET')
  if (w.auth.kind === 'assertion') names.push('CLIENT_ASSERTION')
  if (w.auth.kind === 'mtls') names.push('CLIENT_CERT_FILE', 'CLIENT_KEY_FILE')
  for (const [, value] of w.params) if ('env' in value && !names.includes(value.env)) names.push(value.env)
  if (w.privateCa) names.push('CA_CERT_FILE')
  return names
}

/** Form fields the client authentication adds to the body. */
function authFields(auth: SnippetAuth): Array<readonly [string, Value]> {
  switch (auth.kind) {
    case 'body':
      return [
        ['client_id', { env: 'CLIENT_ID' }],
        ['client_secret', { env: 'CLIENT_SECRET' }]
      ]
    case 'assertion':
      return [
        ['client_id', { env: 'CLIENT_ID' }],
        ['client_assertion_type', { literal: ASSERTION_TYPE }],
        ['client_assertion', { env: 'CLIENT_ASSERTION' }]
      ]
    case 'mtls':
      return [['client_id', { env: 'CLIENT_ID' }]]
    case 'basic':
      return []
  }
}

function notes(w: WorkingRequest): string[] {
  const out: string[] = []
  if (w.trimmed) out.push('The stored value has surrounding whitespace: store and send it trimmed.')
  const auth = w.auth
  if (auth.kind === 'basic' && auth.encoding === 'raw') {
    out.push('This server reads the Basic value raw: id:secret without form-encoding (RFC 6749 §2.3.1 says to form-encode).')
  } else if (auth.kind === 'basic' && auth.encodingMatters) {
    out.push('RFC 6749 §2.3.1: form-encode id and secret before base64; curl -u would send them raw.')
  }
  if (w.privateCa) out.push('CA_CERT_FILE: the private CA certificate (PEM) the check trusted (ca-cert).')
  if (auth.kind === 'assertion') {
    out.push(`CLIENT_ASSERTION: a fresh ${auth.method === 'private_key_jwt' ? 'private-key' : 'HS256 client-secret'} signed JWT per request (RFC 7523): iss = sub = client id, aud = ${auth.audience}, a unique jti, exp within minutes.`)
  }
  return out
}

export function curlSnippet(w: WorkingRequest): string {
  const lines: string[] = [...notes(w).map(n => `# ${n}`)]
  const args: string[] = [`curl --fail-with-body -sS -X POST ${shellQuote(w.url)}`]
  const auth = w.auth
  if (auth.kind === 'basic' && auth.encoding === 'form' && auth.encodingMatters) {
    lines.push(`BASIC=$(printf '%s:%s' "$(jq -rn 'env.CLIENT_ID|@uri')" "$(jq -rn 'env.CLIENT_SECRET|@uri')" | base64 | tr -d '\\n')`)
    args.push('-H "Authorization: Basic $BASIC"')
  } else if (auth.kind === 'basic') {
    args.push('-u "$CLIENT_ID:$CLIENT_SECRET"')
  } else if (auth.kind === 'mtls') {
    args.push('--cert "$CLIENT_CERT_FILE" --key "$CLIENT_KEY_FILE"')
  }
  if (w.privateCa) args.push('--cacert "$CA_CERT_FILE"')
  args.push(`-H 'Accept: application/json'`)
  for (const [name, value] of [...w.params, ...authFields(auth)]) args.push(`--data-urlencode ${shellField(name, value)}`)
  lines.push(args.join(' \\\n  '))
  return lines.join('\n')
}

export function fetchSnippet(w: WorkingRequest): string {
  const lines: string[] = [...notes(w).map(n => `// ${n}`)]
  const auth = w.auth
  const headers = [`'Content-Type': 'application/x-www-form-urlencoded'`, `Accept: 'application/json'`]
  if (auth.kind === 'basic' && auth.encoding === 'form') {
    lines.push(`const form = value => new URLSearchParams([['', value]]).toString().slice(1)`)
    headers.push('Authorization: `Basic ${Buffer.from(`${form(process.env.CLIENT_ID)}:${form(process.env.CLIENT_SECRET)}`).toString(\'base64\')}`')
  } else if (auth.kind === 'basic') {
    headers.push('Authorization: `Basic ${Buffer.from(`${process.env.CLIENT_ID}:${process.env.CLIENT_SECRET}`).toString(\'base64\')}`')
  }
  if (w.privateCa) lines.push(`// Node trusts the private CA when started with NODE_EXTRA_CA_CERTS="$CA_CERT_FILE".`)
  if (auth.kind === 'mtls') {
    lines.push(`// Node's fetch takes the client certificate through an undici Agent.`)
    lines.push(`import { readFileSync } from 'node:fs'`, `import { Agent } from 'undici'`)
    lines.push(`const dispatcher = new Agent({ connect: { cert: readFileSync(process.env.CLIENT_CERT_FILE), key: readFileSync(process.env.CLIENT_KEY_FILE) } })`)
  }
  const fields = [...w.params, ...authFields(auth)].map(([name, value]) => `    [${JSON.stringify(name)}, ${jsValue(value)}]`)
  lines.push(`const response = await fetch(${JSON.stringify(w.url)}, {`)
  lines.push(`  method: 'POST',`)
  lines.push(`  headers: {\n    ${headers.join(',\n    ')}\n  },`)
  lines.push(`  body: new URLSearchParams([\n${fields.join(',\n')}\n  ])${auth.kind === 'mtls' ? ',\n  dispatcher' : ''}`)
  lines.push(`})`)
  lines.push(`if (!response.ok) throw new Error(\`token request failed: HTTP \${response.status}\`)`)
  lines.push(`const { access_token: accessToken } = await response.json()`)
  return lines.join('\n')
}

/** A fence longer than any backtick run in the code, so no value can close it (CommonMark §4.5). */
function fence(code: string, lang: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map(run => run.length))
  const marks = '`'.repeat(Math.max(3, longest + 1))
  return `${marks}${lang}\n${code}\n${marks}`
}

/** At most this many checks get their request shown: a long list would bury the findings. */
export const MAX_SNIPPETS = 10

/** The line that says how many were left out, or undefined when none were. */
export function leftOut(requests: readonly WorkingRequest[]): string | undefined {
  const more = requests.length - MAX_SNIPPETS
  return more > 0 ? `The requests of ${more} more check(s) that got a token are left out; run them one at a time to see theirs.` : undefined
}

/** The job summary's section: one curl command and one fetch snippet per check that got a token. */
export function snippetsMarkdown(requests: readonly WorkingRequest[]): string {
  if (requests.length === 0) return ''
  const parts: string[] = ['', '### The request that works', '']
  parts.push('Paste it into the application; set the placeholders from your secret store, never inline.', '')
  const more = leftOut(requests)
  if (more) parts.push(more, '')
  for (const w of requests.slice(0, MAX_SNIPPETS)) {
    parts.push(`**${escapeSummary(w.name, 80)}** (${placeholders(w).map(p => `\`$${p}\``).join(', ')}):`, '')
    parts.push(fence(curlSnippet(w), 'sh'), '')
    parts.push('<details><summary>fetch (Node 18+)</summary>', '', fence(fetchSnippet(w), 'js'), '', '</details>', '')
  }
  return parts.join('\n')
}
