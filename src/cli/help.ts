// --help: every flag with the description action.yml gives its input (src/inputs/descriptions.ts is
// generated from action.yml), the secret sources, the output flags and the exit codes. Pure.

import { INPUTS, type InputDef, type InputName } from '../inputs/catalogue.js'
import { INPUT_DESCRIPTIONS } from '../inputs/descriptions.js'
import { ACTION_ONLY, defaultEnvOf, FLAGS, PATH_INPUTS, isSecret } from './args.js'

const WIDTH = 100

function wrap(text: string, indent: string): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  if (line !== '') lines.push(indent + line)
  return lines
}

function entry(flag: string, text: string): string[] {
  return [`  ${flag}`, ...wrap(text, '      ')]
}

function inputEntry(name: InputName): string[] {
  const def = INPUTS[name] as InputDef
  const description = INPUT_DESCRIPTIONS[name] ?? ''
  const dflt = def.default !== '' ? ` (default: ${def.default})` : ''
  const only = ACTION_ONLY[name]
  if (isSecret(name)) {
    const own = [`--${name}-env NAME`, `--${name}-file PATH`, `--${name}-stdin`].filter(f => FLAGS.has(f.split(' ')[0]!.slice(2)))
    return entry(`${own.join(' | ')}   [env ${defaultEnvOf(name)}]`, `${description} Never as a flag value.`)
  }
  const meta = PATH_INPUTS[name] ?? 'VALUE'
  const env = defaultEnvOf(name)
  const flag = [`--${name} ${meta}`, ...(def.fromEnv ? [`--${name}-env NAME`] : [])].join(' | ') + (env ? `   [env ${env}]` : '')
  const text = `${only ? `${only} ` : ''}${description}${dflt}`
  return entry(flag, PATH_INPUTS[name] ? `Reads ${PATH_INPUTS[name]}: ${text}` : text)
}

export function renderHelp(version: string): string {
  const names = Object.keys(INPUTS) as InputName[]
  const secret = names.filter(isSecret)
  const check = names.filter(n => (INPUTS[n] as InputDef).scope === 'check' && !isSecret(n))
  const run = names.filter(n => (INPUTS[n] as InputDef).scope === 'run' && !isSecret(n))
  return [
    `oauth-credential-health ${version}: proves OAuth 2.0 client credentials still work, and says why not.`,
    '',
    'Usage: oauth-credential-health --token-url URL --client-id ID [flags]   (secret from OAUTH_CLIENT_SECRET)',
    '       oauth-credential-health --checks checks.yml [flags]',
    '',
    'Every flag is an input of the GitHub Action, with the same meaning and description. A check input',
    'can also be read from a file with --NAME-file PATH (one trailing newline dropped), e.g.',
    '--client-cert-file cert.pem. A flag for a list (scope, resource, ...) may be repeated.',
    '',
    'Secrets (never on the command line: other users see it in ps, and it stays in shell history):',
    ...secret.flatMap(inputEntry),
    '',
    'Check:',
    ...check.flatMap(inputEntry),
    '',
    'Run:',
    ...run.flatMap(inputEntry),
    '',
    'Output:',
    ...entry('--json', "Print the report as JSON (the Action's `report` output) instead of the text report."),
    ...entry('--markdown FILE', "Write the report as Markdown (the Action's job summary) to FILE."),
    ...entry('--junit FILE', 'Write JUnit XML to FILE (the same as --junit-file).'),
    ...entry('--color | --no-color', 'Colour the text report; default: only on a terminal, and never when NO_COLOR is set.'),
    ...entry('--help, -h | --version, -V', 'This text | the version.'),
    '',
    'Exit codes: 0 no check fails per fail-on · 1 a check fails per fail-on, as in the Action (error: a',
    'failing check; warning: degraded or failing; never: none) · 2 bad input or usage: an input was rejected',
    '(INVALID_INPUT, INSECURE_URL; that check did not run), a refused or unknown flag, an unreadable file.',
    'More: docs/cli.md.',
    ''
  ].join('\n')
}
