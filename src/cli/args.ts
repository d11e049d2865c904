// The command line's flags, derived from the input catalogue (every run- and check-scope input is
// a `--<name>` flag, so a new input is a new flag), and the parser. Pure: it decides where each
// input's value comes from; the shell (src/cli.ts) reads the environment, files and stdin.
//
// Secrets never come from argv: a value there is visible to other users in `ps` and lands in shell
// history. A secret input is read from an environment variable (by default OAUTH_<NAME>), a file or
// standard input, and a value given as `--<secret> VALUE` is refused without being repeated.

import { INPUTS, type InputDef, type InputName } from '../inputs/catalogue.js'

/** Where one input's value comes from. */
export type Source =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'env'; readonly name: string; readonly flag: string }
  | { readonly kind: 'file'; readonly path: string; readonly flag: string }
  | { readonly kind: 'stdin'; readonly flag: string }

export type OutputFormat = 'text' | 'json'

export interface CliOptions {
  /** Inputs given on the command line (the shell adds the default environment variables). */
  readonly sources: ReadonlyMap<InputName, Source>
  readonly format: OutputFormat
  readonly markdownFile: string | null
  /** null: colour when stdout is a terminal and NO_COLOR is unset. */
  readonly color: boolean | null
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  /** Exit 2 with this message (it never contains a value from argv). */
  | { readonly kind: 'usage'; readonly message: string }

export const USAGE_EXIT = 2

const ENTRIES = Object.entries(INPUTS) as [InputName, InputDef][]

/** Inputs whose flag takes a path and reads the value from that file. */
export const PATH_INPUTS: Readonly<Partial<Record<InputName, string>>> = { checks: 'FILE' }

/** Inputs the command line does not use: their flag is accepted and explained in --help. */
/** Why the alerts are the Action's: they keep their state in the repository's issues. */
const ALERTS_ONLY = 'Action only: tracking issues, notifications and the heartbeat keep their state in the repository\'s issues; on the command line use the exit code (see Exit codes).'

export const ACTION_ONLY: Readonly<Partial<Record<InputName, string>>> = {
  summary: 'Action only: the job summary. On the command line use --markdown FILE.',
  'export-token': 'Action only: the command line never prints a token (only false is accepted).',
  'tracking-issue': ALERTS_ONLY,
  'github-token': ALERTS_ONLY,
  'issue-labels': ALERTS_ONLY,
  'issue-assignees': ALERTS_ONLY,
  'issue-on': ALERTS_ONLY,
  'notify-webhook-url': ALERTS_ONLY,
  'notify-format': ALERTS_ONLY,
  'heartbeat-url': ALERTS_ONLY
}

/** Inputs the command line refuses outright: they only make sense inside a GitHub workflow run. */
export const REFUSED_ON_COMMAND_LINE: readonly InputName[] = ['tracking-issue', 'github-token', 'issue-labels', 'issue-assignees', 'issue-on', 'notify-webhook-url', 'notify-format', 'heartbeat-url']

export function isSecret(name: InputName): boolean {
  return (INPUTS[name] as InputDef).secret !== undefined
}

/** The documented default environment variable of an input read from the environment: OAUTH_CLIENT_SECRET. */
export function defaultEnvOf(name: InputName): string | undefined {
  const def = INPUTS[name] as InputDef
  return def.secret !== undefined || def.fromEnv ? `OAUTH_${name.toUpperCase().replace(/-/g, '_')}` : undefined
}

/** What `--<flag>` means. */
type FlagMeaning =
  | { readonly kind: 'input'; readonly input: InputName }
  | { readonly kind: 'env' | 'file'; readonly input: InputName }
  | { readonly kind: 'stdin'; readonly input: InputName }
  | { readonly kind: 'json' | 'markdown' | 'junit' | 'color' | 'no-color' | 'help' | 'version' }

function flagTable(): Map<string, FlagMeaning> {
  const flags = new Map<string, FlagMeaning>()
  const names = new Set<string>(ENTRIES.map(([n]) => n))
  const add = (flag: string, meaning: FlagMeaning): void => {
    // A catalogue input keeps its own name: a derived flag never shadows it.
    if (!flags.has(flag) && (meaning.kind === 'input' || !names.has(flag))) flags.set(flag, meaning)
  }
  for (const [input] of ENTRIES) add(input, { kind: 'input', input })
  for (const [input, def] of ENTRIES) {
    if (def.secret !== undefined || def.fromEnv) add(`${input}-env`, { kind: 'env', input })
    if (def.secret !== undefined) add(`${input}-stdin`, { kind: 'stdin', input })
    if ((def.scope === 'check' || def.secret !== undefined) && PATH_INPUTS[input] === undefined) add(`${input}-file`, { kind: 'file', input })
  }
  for (const kind of ['json', 'markdown', 'junit', 'color', 'no-color', 'help', 'version'] as const) add(kind, { kind })
  return flags
}

export const FLAGS: ReadonlyMap<string, FlagMeaning> = flagTable()

/** The message for a secret given as a flag value. Names the flag, never the value. */
export function refusal(input: InputName): string {
  const env = defaultEnvOf(input) ?? `OAUTH_${input.toUpperCase().replace(/-/g, '_')}`
  return [
    `oauth-credential-health: refusing --${input} with a value on the command line.`,
    'A command line is visible to other users of this machine (ps, /proc/<pid>/cmdline) and is saved in your',
    'shell history. Give the secret one of these ways instead:',
    `  ${env}=…                 in the environment (the default; in CI, from a masked secret variable)`,
    `  --${input}-env NAME      read it from the environment variable NAME`,
    `  --${input}-file PATH     read it from a file`,
    `  --${input}-stdin         read it from standard input (no echo when typed at a terminal)`,
    'If you typed the real secret, treat it as exposed: delete it from your shell history and rotate it.'
  ].join('\n')
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const sources = new Map<InputName, Source>()
  let format: OutputFormat = 'text'
  let markdownFile: string | null = null
  let color: boolean | null = null
  const usage = (message: string): ParsedArgs => ({ kind: 'usage', message: `oauth-credential-health: ${message}\nRun with --help for the flags.` })

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h') return { kind: 'help' }
    if (arg === '-V') return { kind: 'version' }
    if (!arg.startsWith('--') || arg === '--') {
      // Not repeated: a stray value might be a secret typed in the wrong place.
      return usage(`unexpected argument at position ${i + 1}: every value follows its --flag (e.g. --token-url URL).`)
    }
    const eq = arg.indexOf('=')
    const flag = arg.slice(2, eq === -1 ? undefined : eq)
    const inline = eq === -1 ? undefined : arg.slice(eq + 1)
    const meaning = FLAGS.get(flag)
    if (!meaning) return usage(`unknown flag --${safeFlag(flag)}.`)
    if (meaning.kind === 'input' && isSecret(meaning.input)) return { kind: 'usage', message: refusal(meaning.input) }

    const takesValue = meaning.kind === 'input' || meaning.kind === 'env' || meaning.kind === 'file' || meaning.kind === 'markdown' || meaning.kind === 'junit'
    let value: string | undefined
    if (takesValue) {
      value = inline ?? argv[i + 1]
      if (inline === undefined) i++
      if (value === undefined || (inline === undefined && value.startsWith('--'))) return usage(`--${flag} needs a value.`)
    } else if (inline !== undefined) {
      return usage(`--${flag} takes no value.`)
    }

    switch (meaning.kind) {
      case 'help':
        return { kind: 'help' }
      case 'version':
        return { kind: 'version' }
      case 'json':
        format = 'json'
        break
      case 'color':
      case 'no-color':
        color = meaning.kind === 'color'
        break
      case 'markdown':
        markdownFile = value ?? null
        break
      case 'junit':
      case 'input': {
        const input: InputName = 'input' in meaning ? meaning.input : 'junit-file'
        const previous = sources.get(input)
        const join = (INPUTS[input] as InputDef).listJoin
        if (previous?.kind === 'value' && join !== undefined) {
          sources.set(input, { kind: 'value', value: `${previous.value}${join}${value ?? ''}` })
        } else if (previous) {
          return usage(`--${input} is given twice.`)
        } else if (PATH_INPUTS[input] !== undefined) {
          sources.set(input, { kind: 'file', path: value ?? '', flag: `--${input}` })
        } else {
          sources.set(input, { kind: 'value', value: value ?? '' })
        }
        break
      }
      case 'env':
      case 'file':
      case 'stdin': {
        if (sources.has(meaning.input)) return usage(`--${meaning.input} is given more than one way.`)
        if (meaning.kind === 'env' && !ENV_NAME.test(value ?? '')) {
          return usage(`--${flag} takes the NAME of an environment variable (letters, digits, _), not its value.`)
        }
        if (meaning.kind === 'stdin' && [...sources.values()].some(s => s.kind === 'stdin')) {
          return usage('only one secret can be read from standard input.')
        }
        const source: Source =
          meaning.kind === 'env'
            ? { kind: 'env', name: value ?? '', flag: `--${flag}` }
            : meaning.kind === 'file'
              ? { kind: 'file', path: value ?? '', flag: `--${flag}` }
              : { kind: 'stdin', flag: `--${flag}` }
        sources.set(meaning.input, source)
        break
      }
    }
  }
  return { kind: 'run', options: { sources, format, markdownFile, color } }
}

/** A flag name as typed, reduced to what a flag can hold (it could be a mistyped value). */
function safeFlag(flag: string): string {
  return /^[a-z0-9-]{1,40}$/i.test(flag) ? flag : '(unrecognised)'
}
