// The GitHub REST client (src/alerts/github.ts) on the real transport against the local stand-in,
// and the stand-in's own contract check: a request that breaks GitHub's OpenAPI description must
// be caught, or the end-to-end tests would prove nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { GitHubClient, GitHubError, type GitHubProblem } from '../../src/alerts/github.js'
import { send } from '../../src/net/transport.js'
import { CONTRACT, OWNER, REPO, startGitHubApi, validate, type GitHubStandIn } from '../servers/github-api.js'

let gh: GitHubStandIn
beforeAll(async () => {
  gh = await startGitHubApi()
})
afterAll(async () => gh.close())
beforeEach(() => {
  gh.reset()
  gh.tokens.set('w', 'write')
})

const REPO_PATH = `/repos/${OWNER}/${REPO}`
function client(over: { token?: string; budgetMs?: number; apiUrl?: string } = {}) {
  const waits: number[] = []
  let clock = Date.now()
  const c = new GitHubClient({
    apiUrl: over.apiUrl ?? gh.apiUrl,
    token: over.token ?? 'w',
    userAgent: 'test',
    transport: send,
    // A virtual clock: waits are recorded, not slept, and move the clock on.
    now: () => clock,
    sleep: async ms => {
      waits.push(ms)
      clock += ms
    },
    deadline: clock + (over.budgetMs ?? 60_000)
  })
  return { c, waits }
}
async function problemOf(p: Promise<unknown>): Promise<GitHubProblem> {
  try {
    await p
  } catch (error) {
    if (error instanceof GitHubError) return error.problem
    throw error
  }
  throw new Error('expected a GitHubError')
}

describe('the stand-in holds requests to GitHub’s OpenAPI description', () => {
  test('the contract is the committed subset of @octokit/openapi, with its version', () => {
    expect(CONTRACT.source.package).toBe('@octokit/openapi')
    expect(CONTRACT.source.version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(Object.keys(CONTRACT.operations).sort()).toEqual(['issues/create', 'issues/create-comment', 'issues/get', 'issues/list-comments', 'issues/list-for-repo', 'issues/update'])
  })
  test('a wrong field, a wrong type, an unknown enum value, an undeclared query parameter and a wrong path are violations', async () => {
    const { c } = client()
    await expect(c.call('POST', `${REPO_PATH}/issues`, { title: 't', body: 'b', label: ['x'] }, 'create')).rejects.toThrow(GitHubError)
    await expect(c.call('POST', `${REPO_PATH}/issues`, { title: 't', assignees: 'octo' }, 'create')).rejects.toThrow(GitHubError)
    await expect(c.call('PATCH', `${REPO_PATH}/issues/1`, { state: 'done' }, 'close')).rejects.toThrow(GitHubError)
    await expect(c.list(`${REPO_PATH}/issues`, { status: 'open' }, 'list')).rejects.toThrow(GitHubError)
    await expect(c.call('POST', `${REPO_PATH}/issue/1/comments`, { body: 'x' }, 'comment')).rejects.toThrow(GitHubError)
    await expect(c.call('POST', `${REPO_PATH}/issues`, { body: 'no title' }, 'create')).rejects.toThrow(GitHubError)
    expect(gh.violations).toEqual([
      `POST ${REPO_PATH}/issues: body.label is not a field of this operation`,
      `POST ${REPO_PATH}/issues: body.assignees must be an array`,
      `PATCH ${REPO_PATH}/issues/1: body.state must be one of open, closed`,
      `GET ${REPO_PATH}/issues: query parameter status is not declared`,
      `POST ${REPO_PATH}/issue/1/comments: POST ${REPO_PATH}/issue/1/comments is not an operation of the contract`,
      `POST ${REPO_PATH}/issues: body.title is required`
    ])
    gh.violations.length = 0
  })
  test('the schema check itself: nullable, oneOf, nested arrays', () => {
    const create = CONTRACT.operations['issues/create']!.requestBody!.schema
    expect(validate({ title: 7, labels: ['a', { name: 'b' }], milestone: null }, create, 'body')).toEqual([])
    expect(validate({ title: true }, create, 'body')).toEqual(['body.title matches 0 of the oneOf schemas, not exactly one'])
    expect(validate({ title: 't', labels: [3] }, create, 'body')).toEqual(['body.labels[0] matches 0 of the oneOf schemas, not exactly one'])
  })
})

describe('the client', () => {
  test('creates, edits, comments and closes within the contract; GITHUB_API_URL with a path prefix (GHES) is honoured', async () => {
    const { c } = client({ apiUrl: `${gh.apiUrl}/` })
    const created = await c.call<{ number: number }>('POST', `${REPO_PATH}/issues`, { title: 't', body: 'b', labels: ['x'], assignees: [] }, 'create')
    await c.call('PATCH', `${REPO_PATH}/issues/${created.number}`, { body: 'b2' }, 'edit')
    await c.call('POST', `${REPO_PATH}/issues/${created.number}/comments`, { body: 'c' }, 'comment')
    await c.call('PATCH', `${REPO_PATH}/issues/${created.number}`, { state: 'closed', state_reason: 'completed' }, 'close')
    expect(gh.issues[0]).toMatchObject({ body: 'b2', state: 'closed', state_reason: 'completed', labels: ['x'] })
    expect(gh.violations).toEqual([])
  })
  test("writes are at least a second apart (GitHub's best practice against secondary limits); reads are not held", async () => {
    const { c, waits } = client()
    await c.call('POST', `${REPO_PATH}/issues`, { title: 'a' }, 'create')
    await c.list(`${REPO_PATH}/issues`, {}, 'list')
    await c.call('POST', `${REPO_PATH}/issues/1/comments`, { body: 'b' }, 'comment')
    expect(waits).toEqual([1000])
  })
  test('pagination follows Link rel="next" to the end', async () => {
    for (let i = 0; i < 230; i++) gh.seed({ title: `i${i}` })
    const { c } = client()
    const all = await c.list<{ number: number }>(`${REPO_PATH}/issues`, { state: 'open', sort: 'created', direction: 'asc' }, 'list')
    expect(all.map(i => i.number)).toEqual(Array.from({ length: 230 }, (_, i) => i + 1))
    expect(gh.requests.map(r => r.query['page'] ?? '1')).toEqual(['1', '2', '3'])
  })
  test('rate limits: the waits GitHub asks for, within the budget; beyond it, a rate-limited problem without waiting', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 20
    gh.inject([
      { status: 429, headers: { 'retry-after': '2' }, message: 'secondary rate limit' },
      { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, message: 'API rate limit exceeded' }
    ])
    const { c, waits } = client()
    await c.list(`${REPO_PATH}/issues`, { state: 'open' }, 'list')
    expect(waits[0]).toBe(2000)
    expect(waits[1]).toBeGreaterThan(15_000)
    expect(waits[1]).toBeLessThanOrEqual(20_000)
    expect(gh.requests).toHaveLength(3)

    gh.inject([{ status: 403, headers: { 'retry-after': '45' }, message: 'secondary rate limit' }])
    const late = client()
    expect(await problemOf(late.c.list(`${REPO_PATH}/issues`, {}, 'list open issues'))).toEqual({ kind: 'rate-limited', what: 'list open issues', waitMs: 45_000, why: 'retry-after: 45' })
    expect(late.waits).toEqual([])

    gh.inject([{ status: 429, headers: { 'retry-after': '8' }, message: 'secondary rate limit' }])
    const tight = client({ budgetMs: 5000 })
    expect(await problemOf(tight.c.list(`${REPO_PATH}/issues`, {}, 'list'))).toMatchObject({ kind: 'rate-limited', waitMs: 8000 })
  })
  test('permissions: a read-only token gets a permission problem on writes; an unknown repository too (404)', async () => {
    gh.tokens.set('r', 'read')
    const { c } = client({ token: 'r' })
    await c.list(`${REPO_PATH}/issues`, {}, 'list')
    expect(await problemOf(c.call('POST', `${REPO_PATH}/issues`, { title: 't' }, 'create an issue'))).toEqual({ kind: 'permission', status: 403, what: 'create an issue' })
    expect(await problemOf(c.list(`/repos/${OWNER}/other/issues`, {}, 'list'))).toEqual({ kind: 'permission', status: 404, what: 'list' })
  })
  test('a 5xx is tried once more; the budget bounds everything', async () => {
    gh.inject([{ status: 502, headers: {}, message: 'bad gateway' }])
    const { c, waits } = client()
    await c.list(`${REPO_PATH}/issues`, {}, 'list')
    expect(waits).toEqual([1000])
    const spent = client({ budgetMs: 0 })
    expect(await problemOf(spent.c.list(`${REPO_PATH}/issues`, {}, 'list'))).toEqual({ kind: 'budget', what: 'list' })
  })
})
