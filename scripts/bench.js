// `npm run bench`: how fast and how lean the bundled Action (dist/index.js) is, measured the way the
// GitHub runner starts it (scripts/runner.js): a Node 24 child process with INPUT_* variables
// (action.yml defaults filled in), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP in a temp dir.
// The local test servers run in this process and listen on 127.0.0.1 only; nothing else is contacted.
//
// What it measures (each timing is the median of several runs of this invocation, after one
// unmeasured warm-up run):
//   1. one successful check vs a minimal fetch() script doing the same token POST;
//   2. that a hanging server costs no more than tries × timeout + backoff;
//   3. the bundle: bytes (raw and gzip), start-up with no inputs vs bare `node -e ''`, and what an
//      `ncc --minify` build would weigh and cost to start (built into a temp dir; dist/ is never touched);
//   4. peak RSS of the single check vs the fetch script;
//   5. many checks in one step (a `checks` list) against a server that answers after 50 ms;
//   6. many checks within GitHub's limits (annotations, summary and output bytes, peak RSS): see the end.
//
//   npm run bench              7 runs per timing, 200 checks in part 5.
//   npm run bench -- --quick   2 runs, 50 checks, timeout 1 s in 2: a smoke test for CI.
//   npm run bench -- --json    the results as JSON on stdout instead of the table.
//
// Targets print PASS or MISS, and a MISS never changes the exit code: times depend on the machine.
// The exit code is 1 only when a run fails functionally (a check is not healthy, the bundle does not
// answer a missing input with INVALID_INPUT, a child does not end), with the reason on stderr.
// Progress goes to stderr, so stdout holds only the table or the JSON.

import { get } from 'node:http'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { startServers } from '../__tests__/servers/index.js'
import * as runner from './runner.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Node 24 from the `node` dev dependency: the runtime of `runs.using: node24`. */
const NODE24 = join(ROOT, 'node_modules/.bin/node')
const DIST = join(ROOT, 'dist')
const BUNDLE = join(DIST, 'index.js')
/** What `npx ncc` resolves to; run on Node 24 explicitly rather than through the PATH. */
const NCC = join(ROOT, 'node_modules/.bin/ncc')

// ---------------------------------------------------------------------------------------------
// Settings

const USAGE = 'usage: npm run bench [-- --quick] [-- --json]'
const args = process.argv.slice(2)
for (const arg of args) {
  if (arg === '--help' || arg === '-h') {
    console.error(USAGE)
    process.exit(0)
  }
  if (arg !== '--quick' && arg !== '--json') {
    console.error(`bench: unknown argument ${arg}\n${USAGE}`)
    process.exit(2)
  }
}
const QUICK = args.includes('--quick')
const JSON_OUT = args.includes('--json')

const SETTINGS = {
  quick: QUICK,
  /** Measured runs per timing (each timing is their median). */
  runs: QUICK ? 2 : 7,
  manyChecks: QUICK ? 50 : 200,
  concurrency: 10,
  delayMs: 50,
  hangTimeoutS: QUICK ? 1 : 2,
  hangRetries: 1
}

/** The Action's backoff (src/retry.ts): 500 ms doubling per try, capped at 10 s, jittered in [½, 1]. */
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 10_000
/** Time allowed after the last request of a failing check for the report, summary and annotations. */
const PUBLISH_ALLOWANCE_MS = 100

// Issue 14's targets: one check within a bare fetch() script, start-up within 2.3× bare Node (bare
// Node plus the built-ins @actions/* must load is about 2.0×), the entry within 400 kB.
const TARGETS = {
  singleRatio: 1.0,
  bundleBytes: 400_000, // 400 kB (SI)
  startupRatio: 2.3,
  manyRatio: 1.3
}

/** A child that runs longer than this is killed and the bench fails: it must end on its own. */
const CHILD_LIMIT_MS = 120_000

// oidc-provider prints its notices with console.info, which would land in the middle of the table or
// the JSON: send it, and console.log, to stderr. Our own output uses process.stdout.write.
console.info = console.error
console.log = console.error

/** A measured run that did not do what it should: the bench exits 1 with this message. */
class FunctionalFailure extends Error {}

const progress = message => process.stderr.write(`bench: ${message}\n`)

// ---------------------------------------------------------------------------------------------
// Temp files and children, cleaned up however the script ends

const tmpRoot = mkdtempSync(join(os.tmpdir(), 'och-bench-'))
/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set()

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(tmpRoot, { recursive: true, force: true })
})
process.once('SIGINT', () => process.exit(130))
process.once('SIGTERM', () => process.exit(143))

let tmpCounter = 0
const freshDir = prefix => {
  const dir = join(tmpRoot, `${prefix}-${++tmpCounter}`)
  mkdirSync(dir)
  return dir
}

/**
 * The baseline: the least a token check can do on Node 24. One POST with the credentials in an
 * HTTP Basic header (form-encoded as RFC 6749 §2.3.1 says) and a form body, with built-in fetch.
 * It fails (exit 1) unless it gets a token, so a broken server cannot make the Action look slow.
 */
const BASELINE_SCRIPT = join(tmpRoot, 'baseline.mjs')
writeFileSync(
  BASELINE_SCRIPT,
  `const { TOKEN_URL, CLIENT_ID, CLIENT_SECRET } = process.env
const form = value => new URLSearchParams([['', value]]).toString().slice(1)
const response = await fetch(TOKEN_URL, {
  method: 'POST',
  headers: {
    authorization: 'Basic ' + Buffer.from(form(CLIENT_ID) + ':' + form(CLIENT_SECRET)).toString('base64'),
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json'
  },
  body: 'grant_type=client_credentials'
})
const body = await response.json().catch(() => ({}))
if (response.status !== 200 || typeof body.access_token !== 'string') {
  console.error('baseline: no token, HTTP ' + response.status)
  process.exit(1)
}
`
)

// ---------------------------------------------------------------------------------------------
// Running children

/** Keeps a child in `children` until it ends, so that it is killed if the bench exits first. */
const track = child => {
  children.add(child)
  child.once('close', () => children.delete(child))
}

/** A child that had to be killed, or kept its peak RSS to itself when asked, fails the bench. */
function checked(what, run, { rss, limitMs }) {
  if (run.timedOut) throw new FunctionalFailure(`${what} did not end within ${limitMs / 1000} s and was killed`)
  if (rss && run.maxRssKiB === undefined) throw new FunctionalFailure(`${what} exited without reporting its resource usage`)
  return run
}

/**
 * Runs Node 24 with `nodeArgs` (scripts/runner.js measures the wall time from spawn to the end of
 * its output, and with `rss` its peak RSS in KiB). `firstOutputMs` is when the first stdout byte
 * arrived: for the Action, the end of its start-up (it registers the secret's masks before anything else).
 *
 * @param {string[]} nodeArgs
 * @param {{ env: Record<string, string>, cwd: string, rss?: boolean, limitMs?: number }} options
 */
async function runNode(nodeArgs, { env, cwd, rss = false, limitMs = CHILD_LIMIT_MS }) {
  const run = await runner.runNode({ node: NODE24, args: nodeArgs, env, cwd, rss, limitMs, onSpawn: track })
  return checked(`node ${nodeArgs.join(' ')}`, run, { rss, limitMs })
}

/**
 * Runs a bundle as the runner does (scripts/runner.js), in a fresh temp dir under tmpRoot, with its
 * `report` output parsed. `inputs: null` sets no INPUT_* at all (not even the defaults): the bundle
 * must then answer INVALID_INPUT.
 *
 * @param {string} entry the bundle's index.js
 * @param {Record<string, string> | null} inputs
 * @param {{ env?: Record<string, string>, rss?: boolean, limitMs?: number }} [options]
 */
async function runAction(entry, inputs, { env = {}, rss = false, limitMs = CHILD_LIMIT_MS } = {}) {
  const run = await runner.runAction({ root: ROOT, node: NODE24, entry, inputs, env, rss, limitMs, tempRoot: tmpRoot, onSpawn: track })
  checked(`node ${entry}`, run, { rss, limitMs })
  let report
  try {
    report = JSON.parse(run.outputs.report ?? '')
  } catch {
    report = undefined
  }
  return { ...run, report }
}

/** Codes of every finding in a report, for messages. */
const codesOf = report => (report?.checks ?? []).flatMap(c => c.findings.map(f => f.code))

/** Says what went wrong with a run in one line: exit code, status, finding codes, stderr. */
function describe(run) {
  const codes = codesOf(run.report)
  return `exit code ${run.exitCode}, status ${run.report?.status ?? '(no report)'}${codes.length ? `, findings ${[...new Set(codes)].join(', ')}` : ''}${run.stderr.trim() ? `, stderr: ${run.stderr.trim().split('\n')[0]}` : ''}`
}

function expectHealthy(what, run, checks = 1) {
  const healthy = (run.report?.checks ?? []).filter(c => c.status === 'healthy').length
  if (run.exitCode !== 0 || run.report?.status !== 'healthy' || healthy !== checks) {
    throw new FunctionalFailure(`${what}: expected ${checks} healthy check(s), got ${healthy} (${describe(run)})`)
  }
}

function expectInvalidInput(what, run) {
  if (run.exitCode !== 1 || !codesOf(run.report).includes('INVALID_INPUT')) {
    throw new FunctionalFailure(`${what}: started with no inputs, it must fail with INVALID_INPUT (${describe(run)})`)
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers

const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const round = (n, digits = 1) => (n === undefined || n === null ? null : Number(n.toFixed(digits)))
const ratio = (a, b) => round(a / b, 2)
/** A ratio for the table: always two decimals, so 1.5 and 1.50 do not look like different precisions. */
const x = r => `${r.toFixed(2)}×`

/**
 * Runs `jobs` once unmeasured (warm-up: binaries and files into the page cache), then `runs` times
 * interleaved (a, b, a, b, ...) so drift on the machine hits every job alike.
 *
 * @template {Record<string, () => Promise<number>>} J
 * @param {string} label
 * @param {J} jobs each resolves to one sample
 * @returns {Promise<{ [K in keyof J]: number[] }>}
 */
async function sample(label, jobs) {
  const samples = Object.fromEntries(Object.keys(jobs).map(name => [name, []]))
  for (let run = 0; run <= SETTINGS.runs; run++) {
    progress(run === 0 ? `${label}: warm-up` : `${label}: run ${run}/${SETTINGS.runs}`)
    for (const [name, job] of Object.entries(jobs)) {
      const value = await job()
      if (run > 0) samples[name].push(value)
    }
  }
  return samples
}

// ---------------------------------------------------------------------------------------------
// The measurements

/** 1 and 4: one healthy check vs the fetch baseline, wall time and peak RSS. */
async function singleCheck(servers) {
  const { id, secret } = servers.clients.main
  const inputs = { 'token-url': servers.urls.token, 'client-id': id, 'client-secret': secret, 'auth-placement': 'header' }
  const baselineEnv = { PATH: process.env.PATH ?? '', TOKEN_URL: servers.urls.token, CLIENT_ID: id, CLIENT_SECRET: secret }

  /** The Action's own latency-ms of each timed run: how much of the wall time is the request. */
  const requestMs = []
  const action = async rss => {
    const run = await runAction(BUNDLE, inputs, { rss })
    expectHealthy('single check', run)
    if (!rss) requestMs.push(Number(run.outputs['latency-ms']))
    return rss ? run.maxRssKiB : run.durationMs
  }
  const baseline = async rss => {
    const run = await runNode([BASELINE_SCRIPT], { env: baselineEnv, cwd: tmpRoot, rss })
    if (run.exitCode !== 0) throw new FunctionalFailure(`baseline fetch script failed: exit code ${run.exitCode}, ${run.stderr.trim()}`)
    return rss ? run.maxRssKiB : run.durationMs
  }

  const s = await sample('single check', {
    actionMs: () => action(false),
    baselineMs: () => baseline(false),
    actionRssKiB: () => action(true),
    baselineRssKiB: () => baseline(true)
  })
  const actionMs = median(s.actionMs)
  const baselineMs = median(s.baselineMs)
  const actionRssKiB = median(s.actionRssKiB)
  const baselineRssKiB = median(s.baselineRssKiB)
  return {
    time: {
      actionMs: round(actionMs),
      baselineMs: round(baselineMs),
      ratio: ratio(actionMs, baselineMs),
      target: TARGETS.singleRatio,
      pass: ratio(actionMs, baselineMs) <= TARGETS.singleRatio,
      // The warm-up run's latency is left out, as its wall time is.
      requestMs: median(requestMs.slice(1)),
      samples: { action: s.actionMs.map(v => round(v)), baseline: s.baselineMs.map(v => round(v)) }
    },
    memory: {
      actionKiB: actionRssKiB,
      baselineKiB: baselineRssKiB,
      ratio: ratio(actionRssKiB, baselineRssKiB),
      samples: { action: s.actionRssKiB, baseline: s.baselineRssKiB }
    }
  }
}

/**
 * 2: a server that never answers costs at most tries × timeout + the longest backoff. The bound is
 * checked on the time after start-up (first output to exit), so one slow process start on a busy
 * machine does not read as a timeout that overran; 100 ms is left for writing the report.
 */
async function failurePath(servers) {
  const { hangTimeoutS: timeoutS, hangRetries: retries } = SETTINGS
  const tries = retries + 1
  let backoffMs = 0
  for (let k = 1; k <= retries; k++) backoffMs += Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (k - 1))
  const budgetMs = tries * timeoutS * 1000 + backoffMs

  progress(`failure path: /hang with timeout ${timeoutS} s, retries ${retries} (one run, up to ${budgetMs / 1000} s)`)
  const { id, secret } = servers.clients.main
  const run = await runAction(
    BUNDLE,
    {
      'token-url': `${servers.urls.faults}/hang`,
      'client-id': id,
      'client-secret': secret,
      'auth-placement': 'header',
      timeout: String(timeoutS),
      retries: String(retries)
    },
    { limitMs: budgetMs + 30_000 }
  )
  const check = run.report?.checks?.[0]
  const triesMade = Math.max(0, ...(check?.attempts ?? []).map(a => a.tries))
  if (run.exitCode !== 1 || run.report?.status !== 'failing' || !codesOf(run.report).includes('TIMEOUT') || triesMade !== tries) {
    throw new FunctionalFailure(`failure path: expected a failing check with TIMEOUT after ${tries} tries, got ${triesMade} tries (${describe(run)})`)
  }
  const afterStartupMs = run.durationMs - (run.firstOutputMs ?? 0)
  const limitMs = budgetMs + PUBLISH_ALLOWANCE_MS
  return {
    timeoutS,
    retries,
    tries,
    backoffMs,
    budgetMs,
    measuredMs: round(run.durationMs),
    afterStartupMs: round(afterStartupMs),
    limitMs,
    ratio: ratio(afterStartupMs, budgetMs),
    pass: afterStartupMs <= limitMs
  }
}

/** Bytes of every file under dir, raw and gzipped (default level, each file on its own). */
function sizes(dir) {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile())
  let bytes = 0
  let gzip = 0
  const perFile = {}
  for (const entry of files) {
    const path = join(entry.parentPath, entry.name)
    const content = readFileSync(path)
    const zipped = gzipSync(content).length
    bytes += content.length
    gzip += zipped
    perFile[relative(dir, path)] = { bytes: content.length, gzip: zipped }
  }
  return { bytes, gzip, perFile }
}

/** An `ncc build --minify --source-map` of src/ into a temp dir: `{ dir }`, or `{ error }` saying why not. */
async function minifiedBuild() {
  const out = freshDir('minified')
  progress('bundle: ncc build --minify --source-map into a temp dir (dist/ is left alone)')
  // --no-cache: leave nothing behind in ncc's cache; the output is the same.
  const build = await runNode([NCC, 'build', 'src/index.ts', '-o', out, '--minify', '--source-map', '--no-cache'], {
    env: { ...process.env },
    cwd: ROOT
  })
  if (build.exitCode !== 0) {
    const reason = `${build.stderr}\n${build.stdout}`.split('\n').find(l => /error/i.test(l))?.trim() ?? `exit code ${build.exitCode}`
    return { dir: undefined, error: `ncc build failed: ${reason}` }
  }
  return { dir: out, error: undefined }
}

/** 3: sizes, start-up of dist/ and of a minified build vs bare node. */
async function bundle() {
  const dist = sizes(DIST)
  const index = dist.perFile['index.js']
  const minified = await minifiedBuild()
  const minSizes = minified.dir ? sizes(minified.dir) : undefined
  const minEntry = minified.dir ? join(minified.dir, 'index.js') : undefined

  const jobs = {
    bareMs: async () => {
      const run = await runNode(['-e', ''], { env: { PATH: process.env.PATH ?? '' }, cwd: tmpRoot })
      if (run.exitCode !== 0) throw new FunctionalFailure(`node -e '' exited with ${run.exitCode}`)
      return run.durationMs
    },
    distMs: async () => {
      const run = await runAction(BUNDLE, null)
      expectInvalidInput('dist/index.js', run)
      return run.durationMs
    }
  }
  // The minified build is an experiment, not the shipped bundle: if it misbehaves, say so and go on.
  let minifiedError = minified.error
  if (minEntry) {
    const probe = await runAction(minEntry, null)
    try {
      expectInvalidInput('minified build', probe)
      jobs.minifiedMs = async () => (await runAction(minEntry, null)).durationMs
    } catch (error) {
      minifiedError = error.message
    }
  }
  const s = await sample('start-up', jobs)
  const bareMs = median(s.bareMs)
  const distMs = median(s.distMs)
  const minifiedMs = s.minifiedMs ? median(s.minifiedMs) : undefined
  return {
    indexBytes: index.bytes,
    indexGzip: index.gzip,
    distBytes: dist.bytes,
    distGzip: dist.gzip,
    targetBytes: TARGETS.bundleBytes,
    sizePass: index.bytes <= TARGETS.bundleBytes,
    startup: {
      bareNodeMs: round(bareMs),
      distMs: round(distMs),
      ratio: ratio(distMs, bareMs),
      target: TARGETS.startupRatio,
      pass: ratio(distMs, bareMs) <= TARGETS.startupRatio,
      samples: { bare: s.bareMs.map(v => round(v)), dist: s.distMs.map(v => round(v)) }
    },
    minified: minSizes
      ? {
          ok: minifiedError === undefined,
          error: minifiedError ?? null,
          indexBytes: minSizes.perFile['index.js']?.bytes ?? null,
          indexGzip: minSizes.perFile['index.js']?.gzip ?? null,
          savedBytes: index.bytes - (minSizes.perFile['index.js']?.bytes ?? index.bytes),
          savedGzip: index.gzip - (minSizes.perFile['index.js']?.gzip ?? index.gzip),
          files: minSizes.perFile,
          startupMs: round(minifiedMs),
          startupRatio: minifiedMs === undefined ? null : ratio(minifiedMs, bareMs),
          samples: s.minifiedMs?.map(v => round(v)) ?? null
        }
      : { ok: false, error: minifiedError }
  }
}

/** 5: a `checks` list against /delay/50 with concurrency 10, vs the ideal schedule plus one start-up. */
async function manyChecks(servers, singleMs, singleRssKiB) {
  const { manyChecks: count, concurrency, delayMs } = SETTINGS
  const url = `${servers.urls.faults}/delay/${delayMs}?key=bench`
  const pad = String(count).length
  const env = {}
  const items = []
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(pad, '0')
    // Each check its own secret, from the environment, as a workflow passes them.
    env[`BENCH_SECRET_${n}`] = `bench-secret-${n}-${Math.random().toString(36).slice(2)}`
    items.push(`- name: bench-${n}\n  token-url: ${url}\n  client-id: bench-client-${n}\n  client-secret-env: BENCH_SECRET_${n}`)
  }
  const inputs = { checks: items.join('\n'), 'auth-placement': 'header', concurrency: String(concurrency) }

  /** Requests the fault server counted under key=bench so far. */
  const counted = async () => (await getJson(`${servers.urls.faults}/count?key=bench`)).count
  const run = async rss => {
    const before = await counted()
    const result = await runAction(BUNDLE, inputs, { env, rss })
    expectHealthy(`${count} checks`, result, count)
    const requests = (await counted()) - before
    if (requests !== count) throw new FunctionalFailure(`${count} checks sent ${requests} token requests, expected one each`)
    return rss ? result.maxRssKiB : result.durationMs
  }
  const s = await sample(`${count} checks`, { wallMs: () => run(false), rssKiB: () => run(true) })
  const wallMs = median(s.wallMs)
  const idealMs = Math.ceil(count / concurrency) * delayMs
  const referenceMs = idealMs + singleMs
  const rssKiB = median(s.rssKiB)
  return {
    checks: count,
    concurrency,
    delayMs,
    wallMs: round(wallMs),
    idealMs,
    singleMs: round(singleMs),
    referenceMs: round(referenceMs),
    ratio: ratio(wallMs, referenceMs),
    target: TARGETS.manyRatio,
    pass: ratio(wallMs, referenceMs) <= TARGETS.manyRatio,
    rssKiB,
    rssRatio: ratio(rssKiB, singleRssKiB),
    samples: { wall: s.wallMs.map(v => round(v)), rss: s.rssKiB }
  }
}

/** GET over node:http, which (unlike fetch with NODE_USE_ENV_PROXY) never goes through a proxy. */
function getJson(url) {
  return new Promise((resolve, reject) => {
    get(url, res => {
      let body = ''
      res.on('data', d => (body += d))
      res.on('end', () => {
        try {
          resolve(JSON.parse(body))
        } catch (error) {
          reject(error)
        }
      })
    }).on('error', reject)
  })
}

async function machine() {
  const cpus = os.cpus()
  const child = await runNode(['-p', 'process.version'], { env: { PATH: process.env.PATH ?? '' }, cwd: tmpRoot })
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    childNode: child.stdout.trim(),
    benchNode: process.version
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = v => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`)
const bytes = v => `${v.toLocaleString('en-US')} B`
const mib = kib => `${(kib / 1024).toFixed(1)} MiB`
const verdict = pass => (pass ? 'PASS' : 'MISS')
/** Keeps a message from widening the table; the full text goes to stderr as a warning. */
const clip = text => (text.length > 70 ? `${text.slice(0, 69)}…` : text)

function table(r) {
  const { single, memory, failure, bundle: b, many } = r
  const m = b.minified
  const rows = [
    ['metric', 'value', 'baseline / target', 'ratio', 'result'],
    ['single check, wall time', ms(single.actionMs), `fetch script ${ms(single.baselineMs)}; ≤ ${single.target}×`, x(single.ratio), verdict(single.pass)],
    ['  of which the token request', ms(single.requestMs), 'latency-ms output', '', ''],
    [
      `/hang, timeout ${failure.timeoutS} s, retries ${failure.retries}`,
      `${ms(failure.measuredMs)} (${ms(failure.afterStartupMs)} after start-up)`,
      `budget ${ms(failure.budgetMs)} (${failure.tries} × ${failure.timeoutS} s + ${failure.backoffMs} ms); after start-up ≤ budget + ${PUBLISH_ALLOWANCE_MS} ms`,
      x(failure.ratio),
      verdict(failure.pass)
    ],
    ['dist/index.js size', bytes(b.indexBytes), `≤ ${bytes(b.targetBytes)}`, x(ratio(b.indexBytes, b.targetBytes)), verdict(b.sizePass)],
    ['dist/index.js gzip', bytes(b.indexGzip), '', '', ''],
    ['dist/ total (gzip)', `${bytes(b.distBytes)} (${bytes(b.distGzip)})`, '', '', ''],
    ['start-up, no inputs → INVALID_INPUT', ms(b.startup.distMs), `node -e '' ${ms(b.startup.bareNodeMs)}; ≤ ${b.startup.target}×`, x(b.startup.ratio), verdict(b.startup.pass)],
    ...(m.indexBytes
      ? [
          ['minified index.js (ncc --minify)', bytes(m.indexBytes), `dist/index.js ${bytes(b.indexBytes)}`, x(ratio(m.indexBytes, b.indexBytes)), 'info'],
          ['minified index.js gzip', bytes(m.indexGzip), `dist/index.js ${bytes(b.indexGzip)}`, x(ratio(m.indexGzip, b.indexGzip)), 'info']
        ]
      : []),
    ...(m.startupMs !== null && m.startupMs !== undefined
      ? [['minified start-up', ms(m.startupMs), `node -e '' ${ms(b.startup.bareNodeMs)}`, x(m.startupRatio), 'info']]
      : [['minified build', 'n/a', clip(m.error ?? ''), '', 'info']]),
    ['peak RSS, single check', mib(memory.actionKiB), `fetch script ${mib(memory.baselineKiB)}`, x(memory.ratio), 'info'],
    [
      `${many.checks} checks, concurrency ${many.concurrency}`,
      ms(many.wallMs),
      `ideal ${ms(many.idealMs)} + single ${ms(many.singleMs)} = ${ms(many.referenceMs)}; ≤ ${many.target}×`,
      x(many.ratio),
      verdict(many.pass)
    ],
    [`peak RSS, ${many.checks} checks`, mib(many.rssKiB), `single check ${mib(memory.actionKiB)}`, x(many.rssRatio), 'info']
  ]
  const widths = rows[0].map((_, col) => Math.max(...rows.map(row => row[col].length)))
  const line = row => row.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()
  const { machine: mc, settings } = r
  return [
    `oauth-credential-health bench (${settings.quick ? 'quick, ' : ''}median of ${settings.runs} runs; times are wall clock incl. process start)`,
    '',
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `machine: ${mc.cpu}, ${mc.cores} cores, ${(mc.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, ${mc.os}; child node ${mc.childNode}`,
    'A MISS is reported, never fatal: times depend on the machine.',
    ''
  ].join('\n')
}

// ---------------------------------------------------------------------------------------------

async function main() {
  progress('starting the local servers (127.0.0.1)')
  const servers = await startServers({ authlib: false })
  try {
    const machineInfo = await machine()
    const bundleResult = await bundle()
    const single = await singleCheck(servers)
    const failure = await failurePath(servers)
    const many = await manyChecks(servers, single.time.actionMs, single.memory.actionKiB)
    return { machine: machineInfo, settings: SETTINGS, single: single.time, memory: single.memory, failure, bundle: bundleResult, many }
  } finally {
    await servers.close()
  }
}

try {
  const results = await main()
  results.limits = await githubLimits()
  process.stdout.write(JSON_OUT ? `${JSON.stringify(results, null, 2)}\n` : table(results) + limitsTable(results.limits))
  if (results.bundle.minified.error) progress(`warning: ${results.bundle.minified.error}`)
} catch (error) {
  if (error instanceof FunctionalFailure) {
    console.error(`bench: FAILED: ${error.message}`)
  } else {
    console.error('bench: FAILED unexpectedly:', error)
  }
  process.exitCode = 1
}

// ---------------------------------------------------------------------------------------------
// 6. Many checks within GitHub's limits (issue 14). Function declarations only below this line:
// they are hoisted, so the run above can call them; a top-level const here would not exist yet.
//
// A `checks-file` of 1,000 and 5,000 checks (200 and 1,000 with --quick), every one failing (the
// token endpoint answers 401), run once each as the runner would, keeping the summary file:
//   - annotations per severity, the failure message included (GitHub shows 10 per severity per step);
//   - job summary bytes (GitHub rejects more than 1 MiB) and whether it has the closing line;
//   - `report` output bytes (capped near 1 MB; the Action's budget is 900,000 B), and whether it is
//     the compact report;
//   - peak RSS (target < 200 MiB) and wall time, per check, to see that time grows linearly
//     (medians of 3 runs per size; one with --quick).

function limitsSettings() {
  return {
    sizes: QUICK ? [200, 1000] : [1000, 5000],
    /** Runs per size; wall time and peak RSS are their medians (the byte counts do not vary). */
    runs: QUICK ? 1 : 3,
    concurrency: 16,
    maxPerSeverity: 10,
    summaryMaxBytes: 1024 * 1024,
    outputMaxBytes: 1_000_000,
    outputBudgetBytes: 900_000,
    rssTargetMiB: 200,
    /** Per-check time of the larger list over the smaller one's: "linear" within this. */
    linearityTarget: 1.25
  }
}

/** Runs the bundle once with a list of `count` failing checks in a checks-file, keeping every file it writes. */
async function limitsRun(servers, count, concurrency, attempt) {
  const dir = freshDir(`limits-${count}`)
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace)
  const pad = String(count).length
  const env = {}
  const items = []
  const key = `limits-${count}-${attempt}`
  const url = `${servers.urls.faults}/401-empty?key=${key}`
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(pad, '0')
    env[`LIMITS_SECRET_${n}`] = `limits-secret-${n}-${Math.random().toString(36).slice(2)}`
    items.push(`- name: limits-${n}\n  token-url: ${url}\n  client-id: limits-client-${n}\n  client-secret-env: LIMITS_SECRET_${n}`)
  }
  writeFileSync(join(workspace, 'checks.yml'), `${items.join('\n')}\n`)

  const inputs = { 'checks-file': 'checks.yml', concurrency: String(concurrency), 'auth-placement': 'header', retries: '0', diagnose: 'false' }

  progress(`limits: ${count} failing checks from a checks-file, concurrency ${concurrency} (run ${attempt + 1})`)
  const run = await runAction(BUNDLE, inputs, { env: { GITHUB_WORKSPACE: workspace, ...env }, rss: true })
  const { outputs, summary } = run
  const annotations = { error: 0, warning: 0, notice: 0 }
  for (const line of run.stdout.split('\n')) {
    const m = /^::(error|warning|notice)[ :]/.exec(line)
    if (m) annotations[m[1]]++
  }
  let report
  let fullReport
  try {
    report = JSON.parse(outputs.report ?? '')
    fullReport = JSON.parse(run.reportFile ?? '')
  } catch {
    throw new FunctionalFailure(`limits, ${count} checks: no readable report output or report file (exit code ${run.exitCode}, stderr: ${run.stderr.trim().split('\n')[0] ?? ''})`)
  }
  const failing = (fullReport.checks ?? []).filter(c => c.status === 'failing').length
  if (run.exitCode !== 1 || failing !== count) {
    throw new FunctionalFailure(`limits, ${count} checks: expected ${count} failing checks and exit code 1, got ${failing} and ${run.exitCode}`)
  }
  const requests = (await getJson(`${servers.urls.faults}/count?key=${key}`)).count
  if (requests !== count) throw new FunctionalFailure(`limits, ${count} checks: ${requests} token requests, expected one each`)
  const failureLine = run.stdout.split('\n').find(l => l.startsWith('::error::OAuth credential check')) ?? ''
  return {
    checks: count,
    wallMs: round(run.durationMs),
    msPerCheck: round(run.durationMs / count, 2),
    rssKiB: run.maxRssKiB,
    annotations,
    summaryBytes: Buffer.byteLength(summary, 'utf8'),
    summaryClosingLine: /^_Left out of this summary/m.test(summary),
    outputBytes: Buffer.byteLength(outputs.report ?? '', 'utf8'),
    outputCompact: report.compact === true,
    reportFileBytes: Buffer.byteLength(JSON.stringify(fullReport), 'utf8'),
    failureMessageBytes: Buffer.byteLength(failureLine, 'utf8'),
    failureMessageNamesAtMost10: /and \d+ more/.test(failureLine)
  }
}

async function githubLimits() {
  const settings = limitsSettings()
  progress('limits: starting the local servers (127.0.0.1)')
  const servers = await startServers()
  try {
    const runs = []
    for (const count of settings.sizes) {
      const samples = []
      for (let i = 0; i < settings.runs; i++) samples.push(await limitsRun(servers, count, settings.concurrency, i))
      const wallMs = median(samples.map(r => r.wallMs))
      runs.push({
        ...samples[0],
        wallMs: round(wallMs),
        msPerCheck: round(wallMs / count, 2),
        rssKiB: median(samples.map(r => r.rssKiB)),
        maxRssKiB: Math.max(...samples.map(r => r.rssKiB)),
        samples: { wall: samples.map(r => r.wallMs), rss: samples.map(r => r.rssKiB) }
      })
    }
    const [small, large] = runs
    const linearity = ratio(large.msPerCheck, small.msPerCheck)
    for (const r of runs) {
      r.pass = {
        annotations: Object.values(r.annotations).every(n => n <= settings.maxPerSeverity),
        summary: r.summaryBytes < settings.summaryMaxBytes,
        output: r.outputBytes <= settings.outputBudgetBytes,
        memory: r.rssKiB / 1024 < settings.rssTargetMiB
      }
    }
    return { settings, runs, linearity: { ratio: linearity, target: settings.linearityTarget, pass: linearity <= settings.linearityTarget } }
  } finally {
    await servers.close()
  }
}

function limitsTable(limits) {
  const { settings, runs, linearity } = limits
  const rows = [['metric', ...runs.map(r => `${r.checks.toLocaleString('en-US')} checks`), 'limit / target', 'result']]
  const all = key => verdict(runs.every(r => r.pass[key]))
  rows.push(['annotations error/warning/notice', ...runs.map(r => `${r.annotations.error}/${r.annotations.warning}/${r.annotations.notice}`), `≤ ${settings.maxPerSeverity} each per step`, all('annotations')])
  rows.push(['job summary', ...runs.map(r => `${bytes(r.summaryBytes)}${r.summaryClosingLine ? ' + closing line' : ''}`), `< ${bytes(settings.summaryMaxBytes)} (1 MiB)`, all('summary')])
  rows.push(['report output', ...runs.map(r => `${bytes(r.outputBytes)}${r.outputCompact ? ' (compact)' : ''}`), `≤ ${bytes(settings.outputBudgetBytes)} (GitHub ~1 MB)`, all('output')])
  rows.push(['report file (full)', ...runs.map(r => bytes(r.reportFileBytes)), 'no limit (artifact)', 'info'])
  rows.push(['failure message', ...runs.map(r => `${bytes(r.failureMessageBytes)}${r.failureMessageNamesAtMost10 ? ', 10 names + count' : ''}`), '10 names, then a count', 'info'])
  rows.push(['peak RSS (median; max)', ...runs.map(r => `${mib(r.rssKiB)}; ${mib(r.maxRssKiB)}`), `< ${settings.rssTargetMiB} MiB (median)`, all('memory')])
  rows.push(['wall time (per check)', ...runs.map(r => `${ms(r.wallMs)} (${r.msPerCheck} ms)`), `per-check ratio ≤ ${linearity.target}× (linear)`, `${x(linearity.ratio)} ${verdict(linearity.pass)}`])
  const widths = rows[0].map((_, col) => Math.max(...rows.map(row => row[col].length)))
  const line = row => row.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()
  return [
    `Many checks within GitHub's limits (${settings.runs === 1 ? 'one run' : `median of ${settings.runs} runs`} each; every check fails with 401; checks-file, concurrency ${settings.concurrency})`,
    '',
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    ''
  ].join('\n')
}
