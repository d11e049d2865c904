// A stand-in for GitHub's REST API (the issues operations the tracking issue uses), plus a chat
// webhook and a heartbeat receiver, on 127.0.0.1. Every API request is checked against GitHub's
// published OpenAPI description (the subset in __tests__/contracts/github-issues.openapi.json,
// extracted from @octokit/openapi by scripts/extract-openapi-subset.js): the method and path must
// be an operation there, every query parameter one it declares with a valid value, every body
// field one its schema declares with the right type. A request that breaks the contract is
// recorded in `violations` and answered 422, so a wrong path, method or field fails the test.
//
// It serves under /api/v3, as GitHub Enterprise Server does, so a client that ignores
// GITHUB_API_URL misses it.

import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Schema {
  readonly type?: string
  readonly enum?: readonly unknown[]
  readonly format?: string
  readonly nullable?: boolean
  readonly required?: readonly string[]
  readonly items?: Schema
  readonly oneOf?: readonly Schema[]
  readonly anyOf?: readonly Schema[]
  readonly properties?: Readonly<Record<string, Schema>>
}

interface Operation {
  readonly method: string
  readonly path: string
  readonly parameters: readonly { readonly name: string; readonly in: string; readonly required: boolean; readonly schema: Schema }[]
  readonly requestBody: { readonly required: boolean; readonly schema: Schema } | null
}

interface Contract {
  readonly source: { readonly package: string; readonly version: string }
  readonly operations: Readonly<Record<string, Operation>>
}

export const CONTRACT = JSON.parse(readFileSync(new URL('../contracts/github-issues.openapi.json', import.meta.url), 'utf8')) as Contract

export const API_PREFIX = '/api/v3'
export const OWNER = 'octo-org'
export const REPO = 'credentials'

export interface Issue {
  id: number
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  assignees: string[]
  created_at: string
  closed_at: string | null
  pull_request?: { url: string }
}

export interface Comment {
  readonly id: number
  readonly issue: number
  readonly body: string
  readonly created_at: string
}

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly operation: string | null
  readonly body: unknown
  readonly at: number
  readonly token: string
}

export interface Received {
  readonly method: string
  readonly path: string
  readonly body: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

export interface Injected {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly message: string
}

export interface GitHubStandIn {
  /** The API base URL (what GITHUB_API_URL would hold). */
  readonly apiUrl: string
  /** The server's root, for webhook (/hooks/…) and heartbeat (/ping/…) URLs. */
  readonly root: string
  readonly issues: Issue[]
  readonly comments: Comment[]
  readonly requests: RecordedRequest[]
  readonly violations: string[]
  readonly hooks: Received[]
  readonly pings: Received[]
  /** Tokens and what they may do: `write` (issues: write), `read` (issues: read), `none`. */
  readonly tokens: Map<string, 'write' | 'read' | 'none'>
  /** Answers for the next API requests, before they reach the contract check (rate limits). */
  inject(answers: readonly Injected[]): void
  /** Holds the first `count` issue listings until `count` have arrived (two runs at once). */
  holdListings(count: number): void
  /** The status the webhook receiver answers. */
  hookStatus: number
  /** Logins that may be assigned; others make issue creation fail with 422, as GitHub does. */
  readonly assignable: Set<string>
  /** Issues turned off in the repository: GitHub answers 410 Gone. */
  issuesDisabled: boolean
  /** Seeds an issue (or a pull request) created by someone else. */
  seed(issue: Partial<Issue> & { title: string }): Issue
  reset(): void
  close(): Promise<void>
}

const MAX_BODY = 1024 * 1024

export async function startGitHubApi(): Promise<GitHubStandIn> {
  const issues: Issue[] = []
  const comments: Comment[] = []
  const requests: RecordedRequest[] = []
  const violations: string[] = []
  const hooks: Received[] = []
  const pings: Received[] = []
  const tokens = new Map<string, 'write' | 'read' | 'none'>()
  let injected: Injected[] = []
  let hold: { count: number; waiting: Array<() => void> } | null = null
  let nextId = 9000

  const state = {
    hookStatus: 200,
    issuesDisabled: false
  }
  const assignable = new Set<string>(['octo-ops', 'octo-sec'])

  const server = createServer((req, res) => {
    readBody(req)
      .then(body => handle(req, res, body))
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: String(error) }))
      })
  })

  function json(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    res.end(JSON.stringify(data))
  }

  function issueJson(i: Issue): Record<string, unknown> {
    return {
      id: i.id,
      node_id: `I_${i.id}`,
      number: i.number,
      url: `${api()}/repos/${OWNER}/${REPO}/issues/${i.number}`,
      html_url: `${root()}/${OWNER}/${REPO}/issues/${i.number}`,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.state_reason,
      labels: i.labels.map((name, n) => ({ id: n + 1, name })),
      assignees: i.assignees.map(login => ({ login })),
      user: { login: 'github-actions[bot]' },
      comments: comments.filter(c => c.issue === i.number).length,
      created_at: i.created_at,
      updated_at: i.created_at,
      closed_at: i.closed_at,
      ...(i.pull_request ? { pull_request: i.pull_request } : {})
    }
  }

  const root = (): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const api = (): string => `${root()}${API_PREFIX}`

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', root())
    const method = req.method ?? 'GET'
    if (url.pathname.startsWith('/hooks/')) {
      hooks.push({ method, path: url.pathname, body, headers: req.headers })
      return json(res, state.hookStatus, { ok: state.hookStatus < 300 })
    }
    if (url.pathname.startsWith('/ping/')) {
      pings.push({ method, path: url.pathname, body, headers: req.headers })
      return json(res, 200, { ok: true })
    }
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
      violations.push(`${method} ${url.pathname}: not under the API base ${API_PREFIX} (GITHUB_API_URL ignored?)`)
      return json(res, 404, { message: 'Not Found' })
    }
    const path = url.pathname.slice(API_PREFIX.length)
    const query = Object.fromEntries(url.searchParams)
    const auth = /^(?:Bearer|token) (.+)$/.exec(req.headers['authorization'] ?? '')
    const token = auth?.[1] ?? ''
    const matched = match(method, path)
    let parsedBody: unknown = undefined
    if (body !== '') {
      try {
        parsedBody = JSON.parse(body)
      } catch {
        parsedBody = body
      }
    }
    requests.push({ method, path, query, operation: matched?.id ?? null, body: parsedBody, at: Date.now(), token })

    const next = injected.shift()
    if (next) return json(res, next.status, { message: next.message, documentation_url: 'https://docs.github.com/rest' }, next.headers)

    const problems = matched ? checkRequest(matched.op, matched.params, query, req, parsedBody, body) : [`${method} ${path} is not an operation of the contract`]
    if (problems.length > 0) {
      violations.push(...problems.map(p => `${method} ${path}: ${p}`))
      return json(res, matched ? 422 : 404, { message: 'contract violation', errors: problems })
    }
    const permission = tokens.get(token)
    if (permission === undefined) return json(res, 401, { message: 'Bad credentials' })
    if (permission === 'none' || (permission === 'read' && method !== 'GET')) {
      return json(res, 403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' })
    }
    const { id, params } = matched!
    if (params['owner'] !== OWNER || params['repo'] !== REPO) return json(res, 404, { message: 'Not Found' })
    if (state.issuesDisabled) return json(res, 410, { message: 'Issues are disabled for this repo' })
    const b = (parsedBody ?? {}) as Record<string, unknown>
    switch (id) {
      case 'issues/list-for-repo': {
        if (hold && hold.count > 0) {
          const h = hold
          h.count--
          await new Promise<void>(resolve => {
            h.waiting.push(resolve)
            if (h.count === 0) h.waiting.splice(0).forEach(r => r())
            // Below the client's 10 s per request, so a lone listing is answered, not timed out.
            setTimeout(resolve, 8000).unref()
          })
        }
        const stateFilter = query['state'] ?? 'open'
        const labels = (query['labels'] ?? '').split(',').filter(Boolean)
        let list = issues.filter(i => (stateFilter === 'all' || i.state === stateFilter) && labels.every(l => i.labels.includes(l)))
        list = [...list].sort((a, c) => a.number - c.number)
        if ((query['direction'] ?? 'desc') === 'desc') list.reverse()
        return page(res, url, list.map(issueJson))
      }
      case 'issues/create': {
        const unknown = ((b['assignees'] as string[] | undefined) ?? []).filter(a => !assignable.has(a))
        if (unknown.length > 0) return json(res, 422, { message: 'Validation Failed', errors: unknown.map(value => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })) })
        const number = issues.reduce((n, i) => Math.max(n, i.number), 0) + 1
        const issue: Issue = {
          id: nextId++,
          number,
          title: String(b['title']),
          body: typeof b['body'] === 'string' ? b['body'] : null,
          state: 'open',
          state_reason: null,
          labels: ((b['labels'] as string[] | undefined) ?? []).map(String),
          assignees: ((b['assignees'] as string[] | undefined) ?? []).map(String),
          created_at: new Date().toISOString(),
          closed_at: null
        }
        issues.push(issue)
        return json(res, 201, issueJson(issue))
      }
      case 'issues/get':
      case 'issues/update': {
        const issue = issues.find(i => i.number === Number(params['issue_number']))
        if (!issue) return json(res, 404, { message: 'Not Found' })
        if (id === 'issues/update') {
          if (typeof b['body'] === 'string') issue.body = b['body']
          if (b['state'] === 'closed' || b['state'] === 'open') {
            issue.state = b['state']
            issue.state_reason = b['state'] === 'closed' ? ((b['state_reason'] as string | undefined) ?? 'completed') : 'reopened'
            issue.closed_at = b['state'] === 'closed' ? new Date().toISOString() : null
          }
        }
        return json(res, 200, issueJson(issue))
      }
      case 'issues/create-comment': {
        const issue = issues.find(i => i.number === Number(params['issue_number']))
        if (!issue) return json(res, 404, { message: 'Not Found' })
        const comment: Comment = { id: nextId++, issue: issue.number, body: String(b['body']), created_at: new Date().toISOString() }
        comments.push(comment)
        return json(res, 201, { id: comment.id, body: comment.body, created_at: comment.created_at, html_url: `${root()}/${OWNER}/${REPO}/issues/${issue.number}#issuecomment-${comment.id}` })
      }
      case 'issues/list-comments':
        return page(res, url, comments.filter(c => c.issue === Number(params['issue_number'])).map(c => ({ id: c.id, body: c.body, created_at: c.created_at })))
      default:
        return json(res, 501, { message: `not served: ${id}` })
    }
  }

  /** GitHub's pagination: per_page (default 30, at most 100), page, and a Link header with absolute URLs. */
  function page(res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? '30'))
    const pageNo = Number(url.searchParams.get('page') ?? '1')
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (n: number, rel: string): string => {
      const u = new URL(url.href)
      u.searchParams.set('page', String(n))
      return `<${u.href}>; rel="${rel}"`
    }
    const links = [...(pageNo < last ? [link(pageNo + 1, 'next'), link(last, 'last')] : []), ...(pageNo > 1 ? [link(1, 'first'), link(pageNo - 1, 'prev')] : [])]
    json(res, 200, items.slice((pageNo - 1) * perPage, pageNo * perPage), links.length > 0 ? { link: links.join(', ') } : {})
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))

  return {
    get apiUrl() {
      return api()
    },
    get root() {
      return root()
    },
    issues,
    comments,
    requests,
    violations,
    hooks,
    pings,
    tokens,
    get hookStatus() {
      return state.hookStatus
    },
    set hookStatus(v: number) {
      state.hookStatus = v
    },
    assignable,
    get issuesDisabled() {
      return state.issuesDisabled
    },
    set issuesDisabled(v: boolean) {
      state.issuesDisabled = v
    },
    inject(answers) {
      injected.push(...answers)
    },
    holdListings(count) {
      hold = { count, waiting: [] }
    },
    seed(partial) {
      const number = issues.reduce((n, i) => Math.max(n, i.number), 0) + 1
      const issue: Issue = {
        id: nextId++,
        number,
        body: null,
        state: 'open',
        state_reason: null,
        labels: [],
        assignees: [],
        created_at: new Date().toISOString(),
        closed_at: null,
        ...partial
      }
      issues.push(issue)
      return issue
    },
    reset() {
      issues.length = 0
      comments.length = 0
      requests.length = 0
      violations.length = 0
      hooks.length = 0
      pings.length = 0
      injected = []
      hold = null
      state.hookStatus = 200
      state.issuesDisabled = false
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function match(method: string, path: string): { id: string; op: Operation; params: Record<string, string> } | null {
  for (const [id, op] of Object.entries(CONTRACT.operations)) {
    if (op.method !== method) continue
    const names: string[] = []
    const pattern = op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name)
      return '([^/]+)'
    })
    const m = new RegExp(`^${pattern}$`).exec(path)
    if (m) return { id, op, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')])) }
  }
  return null
}

/** Every way the request breaks the contract (and GitHub's documented request headers). */
function checkRequest(op: Operation, params: Record<string, string>, query: Record<string, string>, req: IncomingMessage, body: unknown, raw: string): string[] {
  const problems: string[] = []
  if (!(req.headers['accept'] ?? '').includes('application/vnd.github+json')) problems.push('Accept is not application/vnd.github+json')
  if (!req.headers['user-agent']) problems.push('no User-Agent (GitHub rejects requests without one)')
  const version = req.headers['x-github-api-version']
  if (version !== undefined && version !== '2022-11-28') problems.push(`unknown X-GitHub-Api-Version ${String(version)}`)
  for (const p of op.parameters.filter(p => p.in === 'path')) {
    problems.push(...validateText(params[p.name] ?? '', p.schema, `path parameter ${p.name}`))
  }
  const declared = new Map(op.parameters.filter(p => p.in === 'query').map(p => [p.name, p]))
  for (const [name, value] of Object.entries(query)) {
    const p = declared.get(name)
    if (!p) problems.push(`query parameter ${name} is not declared`)
    else problems.push(...validateText(value, p.schema, `query parameter ${name}`))
  }
  for (const p of declared.values()) if (p.required && !(p.name in query)) problems.push(`query parameter ${p.name} is required`)
  if (op.requestBody) {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) problems.push('Content-Type is not application/json')
    if (raw === '' && op.requestBody.required) problems.push('a request body is required')
    else if (raw !== '') problems.push(...validate(body, op.requestBody.schema, 'body'))
  } else if (raw !== '') {
    problems.push('this operation takes no request body')
  }
  return problems
}

/** A path or query value is text: check it reads as the declared type. */
function validateText(value: string, schema: Schema, where: string): string[] {
  if (schema.type === 'integer') return /^\d+$/.test(value) ? [] : [`${where} must be an integer, got "${value}"`]
  if (schema.enum && !schema.enum.includes(value)) return [`${where} must be one of ${schema.enum.join(', ')}, got "${value}"`]
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${where} must be a date-time`]
  return value === '' ? [`${where} is empty`] : []
}

/** A JSON Schema subset (OpenAPI 3.0): type, enum, nullable, oneOf, anyOf, items, properties, required; unknown properties are errors. */
export function validate(value: unknown, schema: Schema, where: string): string[] {
  if (value === null) return schema.nullable ? [] : [`${where} must not be null`]
  if (schema.oneOf) {
    const passing = schema.oneOf.filter(s => validate(value, { ...s, nullable: schema.nullable ?? false }, where).length === 0).length
    return passing === 1 ? [] : [`${where} matches ${passing} of the oneOf schemas, not exactly one`]
  }
  if (schema.anyOf) return schema.anyOf.some(s => validate(value, s, where).length === 0) ? [] : [`${where} matches none of the anyOf schemas`]
  const problems: string[] = []
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${where} must be a string`]
      break
    case 'integer':
      if (!Number.isInteger(value)) return [`${where} must be an integer`]
      break
    case 'number':
      if (typeof value !== 'number') return [`${where} must be a number`]
      break
    case 'boolean':
      if (typeof value !== 'boolean') return [`${where} must be a boolean`]
      break
    case 'array':
      if (!Array.isArray(value)) return [`${where} must be an array`]
      if (schema.items) value.forEach((v, i) => problems.push(...validate(v, schema.items!, `${where}[${i}]`)))
      break
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${where} must be an object`]
      const record = value as Record<string, unknown>
      for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${where}.${name} is required`)
      for (const [name, v] of Object.entries(record)) {
        const property = schema.properties?.[name]
        if (!property) problems.push(`${where}.${name} is not a field of this operation`)
        else problems.push(...validate(v, property, `${where}.${name}`))
      }
      break
    }
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${where} must be one of ${schema.enum.join(', ')}`)
  return problems
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) reject(new Error('body too large'))
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
