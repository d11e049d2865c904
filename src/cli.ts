#!/usr/bin/env node
// The command-line shell (dist/cli/index.js, the package's `bin`): the same checks and the same
// report as the Action, read from flags, environment variables, files and stdin, and written to the
// terminal, JSON, Markdown and JUnit XML. Like main.ts it only reads and writes; every decision is in
// the modules it shares with the Action. It must not import @actions/core (main.ts's alone).

import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION_ONLY, defaultEnvOf, isSecret, parseArgs, REFUSED_ON_COMMAND_LINE, USAGE_EXIT, type CliOptions, type Source } from './cli/args.js'
import { renderHelp } from './cli/help.js'
import { INTERRUPTED, readSecretFromStdin } from './cli/stdin.js'
import { inGroup } from './findings/codes.js'
import { INPUTS, type InputName } from './inputs/catalogue.js'
import { readChecksFile } from './inputs/checks-file.js'
import { loadYamlParser } from './inputs/checks-list.js'
import { parseRun } from './inputs/run.js'
import { bool } from './inputs/values.js'
import { resolveAll, send } from './net/transport.js'
import { renderJunit } from './report/junit.js'
import { shouldFail, type Report } from './report/report.js'
import { snippetsMarkdown, type WorkingRequest } from './report/snippet.js'
import { renderSummary } from './report/summary.js'
import { renderTerminal } from './report/terminal.js'
import { runStep } from './step.js'
import { redact, safeLogText } from './text.js'

const EXIT = { ok: 0, failing: 1, usage: USAGE_EXIT, interrupted: 130 } as const

/** A problem with what the user gave us (exit 2); its message holds no value from argv or the environment. */
class UsageError extends Error {}

async function version(): Promise<string> {
  // dist/cli/index.js → the package's package.json, two folders up (also in the packed tarball).
  const here = fileURLToPath(import.meta.url)
  try {
    const text = await readFile(join(here, '..', '..', '..', 'package.json'), 'utf8')
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** A file's text, one trailing newline dropped (the one every editor and `echo` adds). */
async function readValueFile(path: string, flag: string): Promise<string> {
  try {
    return dropFinalNewline(await readFile(path, 'utf8'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UsageError(`cannot read the file given to ${flag} (${code}).`)
  }
}

function dropFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '')
}

async function resolve(input: InputName, source: Source): Promise<string> {
  switch (source.kind) {
    case 'value':
      return source.value
    case 'file':
      return readValueFile(source.path, source.flag)
    case 'env': {
      const value = process.env[source.name]
      // For a secret, the NAME is not repeated: it might be the secret typed in the wrong place.
      const named = isSecret(input) ? 'the variable it names' : source.name
      if (value === undefined) throw new UsageError(`${source.flag}: ${named} is not set.`)
      return value
    }
    case 'stdin':
      return readSecretFromStdin(`${input}: `)
  }
}

/** Every input's raw value: flags, then the documented default environment variables. */
async function readInputs(options: CliOptions): Promise<Map<string, string>> {
  const values = new Map<string, string>()
  for (const [input, source] of options.sources) values.set(input, await resolve(input, source))
  for (const input of Object.keys(INPUTS) as InputName[]) {
    const env = defaultEnvOf(input)
    const value = env === undefined ? undefined : process.env[env]
    if (!values.has(input) && value !== undefined) values.set(input, value)
  }
  return values
}

function useColor(options: CliOptions): boolean {
  // https://no-color.org: NO_COLOR set and non-empty turns colour off, whatever else says.
  if (process.env['NO_COLOR']) return false
  if (options.color !== null) return options.color
  const force = process.env['FORCE_COLOR']
  if (force !== undefined) return force !== '0' && force !== 'false'
  return process.stdout.isTTY === true
}

async function runCli(argv: readonly string[]): Promise<number> {
  const parsedArgs = parseArgs(argv)
  const ownVersion = await version()
  if (parsedArgs.kind === 'help') return print(renderHelp(ownVersion), EXIT.ok)
  if (parsedArgs.kind === 'version') return print(`${ownVersion}\n`, EXIT.ok)
  if (parsedArgs.kind === 'usage') return complain(parsedArgs.message)
  const options = parsedArgs.options

  const masked = new Set<string>()
  let scrub = (text: string): string => redact(text, [...masked])
  try {
    const values = await readInputs(options)
    const raw = (name: string): string => values.get(name) ?? ''
    if (raw('export-token').trim() !== '' && bool(raw('export-token').trim(), 'export-token', () => undefined) !== false) {
      throw new UsageError('--export-token is for the Action only: the command line never prints a token.')
    }
    for (const name of REFUSED_ON_COMMAND_LINE) {
      if (values.has(name)) throw new UsageError(`--${name}: ${ACTION_ONLY[name] ?? 'Action only.'}`)
    }
    const filePath = raw('checks-file').trim()
    const parseYaml = raw('checks').trim() === '' && filePath === '' ? undefined : await loadYamlParser()
    // Relative to the working directory, as a path on the command line is.
    const listFile = filePath === '' ? undefined : await readChecksFile(filePath, process.cwd())
    const parsed = parseRun(raw, name => process.env[name], parseYaml, listFile)
    for (const form of parsed.secrets) masked.add(form)

    const { report, redactor, requests } = await runStep(parsed, masked, {
      transport: send,
      mask: value => masked.add(value),
      userAgent: `oauth-credential-health/${ownVersion} (cli)`,
      lookup: resolveAll
    })
    scrub = (text: string): string => redactor.redact(text)
    await writeOutputs(report, requests, options, raw('junit-file').trim(), parsed.options.failOn, scrub)
    const out = options.format === 'json' ? `${JSON.stringify(report)}\n` : renderTerminal(report, { color: useColor(options), requests })
    process.stdout.write(scrub(out))
    return exitCode(report, parsed.options.failOn)
  } catch (error) {
    if (error instanceof UsageError) return complain(`oauth-credential-health: ${error.message}`)
    if (error instanceof Error && error.message === INTERRUPTED) return EXIT.interrupted
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`oauth-credential-health failed unexpectedly: ${safeLogText(scrub(message), 300)}\n`)
    return EXIT.failing
  }
}

/** The CLI's exit code: 2 when an input was rejected, else fail-on decides exactly as in the Action. */
function exitCode(report: Report, failOn: 'error' | 'warning' | 'never'): number {
  if (report.checks.some(c => c.findings.some(f => inGroup(f.code, 'input')))) return EXIT.usage
  return shouldFail(report, failOn) ? EXIT.failing : EXIT.ok
}

async function writeOutputs(
  report: Report,
  requests: readonly WorkingRequest[],
  options: CliOptions,
  junitFile: string,
  failOn: 'error' | 'warning' | 'never',
  scrub: (text: string) => string
): Promise<void> {
  const files: Array<[string, string, string]> = []
  if (options.markdownFile) files.push(['--markdown', options.markdownFile, renderSummary(report, { appendix: snippetsMarkdown(requests) })])
  if (junitFile) files.push(['--junit', junitFile, renderJunit(report, failOn)])
  for (const [flag, path, text] of files) {
    try {
      await writeFile(path, scrub(text))
    } catch (error) {
      throw new UsageError(`cannot write the file given to ${flag} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
    }
  }
}

function print(text: string, code: number): number {
  process.stdout.write(text)
  return code
}

function complain(message: string): number {
  process.stderr.write(`${message}\n`)
  return EXIT.usage
}

// `… | head` closes the pipe early: stop quietly rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
  throw error
})

process.exitCode = await runCli(process.argv.slice(2))
