// @ts-check
// The runner emulator: runs the bundled Action (dist/index.js) the way the GitHub runner starts a
// `node24` action (a child process with INPUT_* variables, action.yml's defaults filled in, and
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP in a fresh temp dir) and reads back what a user
// would see: outputs, summary, annotations and masks. The one copy for the end-to-end tests
// (__tests__/helpers/action.ts), `npm start` (scripts/demo.js) and `npm run bench` (scripts/bench.js);
// plain JavaScript with JSDoc types so that node scripts import it without a TypeScript loader.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

/**
 * A workflow-command annotation (`::error title=...::message`), unescaped.
 * @typedef {{ readonly level: 'error' | 'warning' | 'notice', readonly title: string, readonly message: string }} Annotation
 */

/**
 * @typedef {object} NodeOptions
 * @property {string} node the Node binary (the tests and scripts pass node_modules/.bin/node: Node 24)
 * @property {readonly string[]} args
 * @property {Readonly<Record<string, string>>} env the child's whole environment
 * @property {string} cwd
 * @property {boolean | undefined} [rss] measure the child's peak RSS (see RSS_PRELOAD)
 * @property {number | undefined} [limitMs] kill the child with SIGKILL after this long
 * @property {((child: import('node:child_process').ChildProcess) => void) | undefined} [onSpawn]
 *   sees the child as soon as it is spawned, e.g. to kill it if the caller exits first
 */

/**
 * @typedef {object} NodeRun
 * @property {number | null} exitCode
 * @property {NodeJS.Signals | null} signal
 * @property {boolean} timedOut killed because it ran longer than limitMs
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs from spawn to the end of its output (stdout and stderr closed)
 * @property {number | undefined} firstOutputMs when the first stdout byte arrived
 * @property {number | undefined} maxRssKiB peak RSS with `rss`; undefined without, or if the child never reported it
 */

/**
 * @typedef {object} ActionOptions
 * @property {string} root the repository: action.yml and, by default, dist/index.js
 * @property {string} node the Node binary
 * @property {Readonly<Record<string, string>> | null} inputs the step's `with:`, over action.yml's
 *   defaults; null sets no INPUT_* at all, not even the defaults
 * @property {Readonly<Record<string, string>> | undefined} [env] more environment, e.g. secrets a `checks` list names
 * @property {boolean | undefined} [noSummaryFile] leave GITHUB_STEP_SUMMARY unset
 * @property {string | undefined} [cwd] the child's working directory; default the temp dir
 * @property {readonly string[] | undefined} [nodeArgs] Node options before the entry
 * @property {string | undefined} [entry] the bundle to run; default `<root>/dist/index.js`
 * @property {string | undefined} [tempRoot] where the run's temp dir is made; default the OS's
 * @property {boolean | undefined} [rss]
 * @property {number | undefined} [limitMs]
 * @property {NodeOptions['onSpawn']} [onSpawn]
 */

/**
 * @typedef {NodeRun & {
 *   readonly outputs: Readonly<Record<string, string>>,
 *   readonly summary: string,
 *   readonly annotations: readonly Annotation[],
 *   readonly masks: readonly string[],
 *   readonly reportFile: string | undefined
 * }} ActionRun
 * `masks` are the values registered with ::add-mask::, unescaped; `reportFile` is the content of the
 * report-file output's file, read before the temp dir is removed.
 */

/** @type {Map<string, Readonly<Record<string, string>>>} */
const defaultsByRoot = new Map()

/**
 * Every input's default from `<root>/action.yml` ('' when it has none), as the runner fills them in.
 * @param {string} root
 * @returns {Readonly<Record<string, string>>}
 */
export function actionDefaults(root) {
  let defaults = defaultsByRoot.get(root)
  if (!defaults) {
    const action = /** @type {{ inputs: Record<string, { default?: string }> }} */ (parse(readFileSync(join(root, 'action.yml'), 'utf8')))
    defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']))
    defaultsByRoot.set(root, defaults)
  }
  return defaults
}

/**
 * The INPUT_* variables for a step's inputs, named as @actions/core's getInput reads them.
 * @param {Readonly<Record<string, string>>} inputs
 * @returns {Record<string, string>}
 */
export function inputEnv(inputs) {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]))
}

/**
 * Runs the bundle in a fresh temp dir as the runner does, and reads its outputs, summary and report
 * file before the dir is removed.
 * @param {ActionOptions} options
 * @returns {Promise<ActionRun>}
 */
export async function runAction({ root, node, inputs, env = {}, noSummaryFile = false, cwd, nodeArgs = [], entry, tempRoot, rss, limitMs, onSpawn }) {
  const dir = mkdtempSync(join(tempRoot ?? tmpdir(), 'och-run-'))
  try {
    const outputFile = join(dir, 'output')
    const summaryFile = join(dir, 'summary.md')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    const childEnv = {
      PATH: process.env['PATH'] ?? '',
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: outputFile,
      ...(noSummaryFile ? {} : { GITHUB_STEP_SUMMARY: summaryFile }),
      ...env,
      ...(inputs === null ? {} : inputEnv({ ...actionDefaults(root), ...inputs }))
    }
    const run = await runNode({
      node,
      args: [...nodeArgs, entry ?? join(root, 'dist', 'index.js')],
      env: childEnv,
      cwd: cwd ?? dir,
      rss,
      limitMs,
      onSpawn
    })
    const outputs = parseOutputs(readFileSync(outputFile, 'utf8'))
    const reportPath = outputs['report-file']
    return {
      ...run,
      outputs,
      summary: readFileSync(summaryFile, 'utf8'),
      annotations: parseAnnotations(run.stdout),
      masks: parseMasks(run.stdout),
      reportFile: reportPath && existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Preloaded with --import when `rss` is set: writes the child's resource usage (maxRSS in KiB) to
 * fd 3 as it exits, so the number is the child's own, whatever else runs on the machine.
 */
const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(`import { writeSync } from 'node:fs'
process.on('exit', () => { try { writeSync(3, JSON.stringify(process.resourceUsage())) } catch {} })
`)}`

/**
 * Runs `node args...` and measures it. Async all the way: callers (the demo, the bench) serve the
 * child's HTTP requests from their own process.
 * @param {NodeOptions} options
 * @returns {Promise<NodeRun>}
 */
export function runNode({ node, args, env, cwd, rss = false, limitMs, onSpawn }) {
  const argv = rss ? ['--import', RSS_PRELOAD, ...args] : [...args]
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(node, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe', ...(rss ? /** @type {const} */ (['pipe']) : [])] })
    onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    let usage = ''
    /** @type {number | undefined} */
    let firstOutputMs
    let timedOut = false
    // setEncoding: a UTF-8 character split across two chunks is decoded whole.
    child.stdout?.setEncoding('utf8').on('data', (/** @type {string} */ d) => {
      firstOutputMs ??= performance.now() - started
      stdout += d
    })
    child.stderr?.setEncoding('utf8').on('data', (/** @type {string} */ d) => (stderr += d))
    // fd 3 is a pipe the child writes to (the only one: stdin is ignored): readable on this side.
    const usageStream = /** @type {import('node:stream').Readable | undefined} */ (child.stdio[3] ?? undefined)
    usageStream?.setEncoding('utf8').on('data', (/** @type {string} */ d) => (usage += d))
    const killer =
      limitMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            child.kill('SIGKILL')
          }, limitMs)
    child.on('error', error => {
      clearTimeout(killer)
      reject(error)
    })
    child.on('close', (exitCode, signal) => {
      const durationMs = performance.now() - started
      clearTimeout(killer)
      /** @type {number | undefined} */
      let maxRssKiB
      try {
        maxRssKiB = rss ? JSON.parse(usage).maxRSS : undefined
      } catch {
        maxRssKiB = undefined
      }
      resolve({ exitCode, signal, timedOut, stdout, stderr, durationMs, firstOutputMs, maxRssKiB })
    })
  })
}

/**
 * GITHUB_OUTPUT as @actions/core writes it: `name<<DELIMITER`, the value's lines, then `DELIMITER`.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputs(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m) continue
    const [, name = '', delimiter] = m
    /** @type {string[]} */
    const value = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
    outputs[name] = value.join('\n')
  }
  return outputs
}

/**
 * The `::error` / `::warning` / `::notice` lines of a step log, with their title and message unescaped.
 * @param {string} stdout
 * @returns {Annotation[]}
 */
export function parseAnnotations(stdout) {
  /** @type {Annotation[]} */
  const found = []
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line)
    if (!m) continue
    /** @type {Record<string, string>} */
    const props = Object.fromEntries(
      (m[2] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map(p => {
          const eq = p.indexOf('=')
          return [p.slice(0, eq), unescapeProperty(p.slice(eq + 1))]
        })
    )
    const level = /** @type {Annotation['level']} */ (m[1])
    found.push({ level, title: props['title'] ?? '', message: unescapeData(m[3] ?? '') })
  }
  return found
}

/**
 * The values a step log registers with `::add-mask::`, unescaped.
 * @param {string} stdout
 * @returns {string[]}
 */
export function parseMasks(stdout) {
  return stdout
    .split('\n')
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => unescapeData(line.slice('::add-mask::'.length)))
}

// Workflow-command escapes, as @actions/core writes them and the runner reads them. Unescaping is
// one pass, so an escaped '%' (%25) followed by '3A' stays '%3A' and does not become ':'.

/** @type {Readonly<Record<string, string>>} */
const DATA_ESCAPES = { '%': '%25', '\r': '%0D', '\n': '%0A' }
/** @type {Readonly<Record<string, string>>} */
const PROPERTY_ESCAPES = { ...DATA_ESCAPES, ':': '%3A', ',': '%2C' }
const unescapes = (/** @type {Readonly<Record<string, string>>} */ escapes) =>
  /** @type {Readonly<Record<string, string>>} */ (Object.fromEntries(Object.entries(escapes).map(([char, code]) => [code, char])))
const DATA_UNESCAPES = unescapes(DATA_ESCAPES)
const PROPERTY_UNESCAPES = unescapes(PROPERTY_ESCAPES)

/**
 * A message (the text after the second `::`) as @actions/core escapes it.
 * @param {string} s
 */
export function escapeData(s) {
  return s.replace(/[%\r\n]/g, c => DATA_ESCAPES[c] ?? c)
}

/**
 * A property value (`title=...`) as @actions/core escapes it.
 * @param {string} s
 */
export function escapeProperty(s) {
  return s.replace(/[%\r\n:,]/g, c => PROPERTY_ESCAPES[c] ?? c)
}

/** @param {string} s */
export function unescapeData(s) {
  return s.replace(/%(?:25|0D|0A)/g, code => DATA_UNESCAPES[code] ?? code)
}

/** @param {string} s */
export function unescapeProperty(s) {
  return s.replace(/%(?:25|0D|0A|3A|2C)/g, code => PROPERTY_UNESCAPES[code] ?? code)
}
