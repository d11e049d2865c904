// The command line's pure parts: flags derived from the input catalogue, the refusal of secrets in
// argv, --help from action.yml's descriptions (generated, and in sync), the exit code rules.
import { describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { ACTION_ONLY, defaultEnvOf, FLAGS, parseArgs, refusal, type CliOptions } from '../../src/cli/args.js'
import { renderHelp } from '../../src/cli/help.js'
import { INPUTS, type InputName } from '../../src/inputs/catalogue.js'
import { INPUT_DESCRIPTIONS } from '../../src/inputs/descriptions.js'

const ROOT = new URL('../../', import.meta.url)
const action = parse(readFileSync(new URL('action.yml', ROOT), 'utf8')) as { inputs: Record<string, { description: string }> }
const names = Object.keys(INPUTS) as InputName[]
const secretNames = names.filter(n => 'secret' in INPUTS[n])

function run(argv: string[]): CliOptions {
  const parsed = parseArgs(argv)
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${parsed.kind}: ${'message' in parsed ? parsed.message : ''}`)
  return parsed.options
}

function usage(argv: string[]): string {
  const parsed = parseArgs(argv)
  if (parsed.kind !== 'usage') throw new Error(`expected a usage error, got ${parsed.kind}`)
  return parsed.message
}

describe('flags derive from the input catalogue', () => {
  test('every input is a flag; secrets only by -env/-file/-stdin, with an OAUTH_ default variable', () => {
    expect(secretNames).toEqual(expect.arrayContaining(['client-secret', 'private-key', 'client-key']))
    for (const name of names) {
      expect(FLAGS.get(name)).toEqual({ kind: 'input', input: name })
      if (secretNames.includes(name)) {
        for (const way of ['env', 'file', 'stdin']) expect(FLAGS.get(`${name}-${way}`)).toEqual({ kind: way, input: name })
        expect(defaultEnvOf(name)).toBe(`OAUTH_${name.toUpperCase().replace(/-/g, '_')}`)
      }
    }
    expect(defaultEnvOf('client-secret')).toBe('OAUTH_CLIENT_SECRET')
    expect(defaultEnvOf('client-id')).toBe('OAUTH_CLIENT_ID')
    expect(defaultEnvOf('token-url')).toBeUndefined()
  })
  test('values, --name=value, and the source of each input', () => {
    const o = run(['--token-url', 'https://a/t', '--client-id=abc', '--client-secret-env', 'S', '--private-key-file', 'k.pem', '--checks', 'c.yml'])
    expect(Object.fromEntries(o.sources)).toEqual({
      'token-url': { kind: 'value', value: 'https://a/t' },
      'client-id': { kind: 'value', value: 'abc' },
      'client-secret': { kind: 'env', name: 'S', flag: '--client-secret-env' },
      'private-key': { kind: 'file', path: 'k.pem', flag: '--private-key-file' },
      checks: { kind: 'file', path: 'c.yml', flag: '--checks' }
    })
  })
  test('a list flag may repeat and is joined as the input expects; others may not', () => {
    const o = run(['--scope', 'a', '--scope', 'b', '--resource', 'https://x', '--resource', 'https://y'])
    expect(o.sources.get('scope')).toEqual({ kind: 'value', value: 'a b' })
    expect(o.sources.get('resource')).toEqual({ kind: 'value', value: 'https://x\nhttps://y' })
    expect(usage(['--token-url', 'a', '--token-url', 'b'])).toContain('--token-url is given twice')
  })
  test('--junit FILE is the junit-file input; output flags', () => {
    const o = run(['--junit', 'r.xml', '--json', '--markdown', 's.md', '--no-color'])
    expect(o.sources.get('junit-file')).toEqual({ kind: 'value', value: 'r.xml' })
    expect(o).toMatchObject({ format: 'json', markdownFile: 's.md', color: false })
    expect(run([]).color).toBeNull()
  })
})

describe('secrets never on the command line', () => {
  test.each(secretNames)('--%s with a value (either form, or none) is refused, naming the safe ways, never the value', name => {
    const value = 'Sup3r-Secret-Value!'
    for (const argv of [[`--${name}`, value], [`--${name}=${value}`], [`--${name}`]]) {
      const message = usage(['--token-url', 'https://a/t', ...argv])
      expect(message).toBe(refusal(name))
      expect(message).not.toContain(value)
    }
    const message = refusal(name)
    for (const part of [`${defaultEnvOf(name)}=`, `--${name}-env NAME`, `--${name}-file PATH`, `--${name}-stdin`, 'ps', 'shell history']) expect(message).toContain(part)
  })
  test('a stray argument, an unknown flag and a non-name given to -env are refused without repeating them', () => {
    const secret = 'p@ss+w0rd/with:special'
    expect(usage(['--token-url', 'x', secret])).not.toContain(secret)
    expect(usage([`--${secret}`])).not.toContain(secret)
    expect(usage(['--client-secret-env', secret])).not.toContain(secret)
    expect(usage(['--client-secret-env', secret])).toContain('takes the NAME of an environment variable')
  })
  test('one secret at most from stdin, and one source per secret', () => {
    expect(usage(['--client-secret-stdin', '--private-key-stdin'])).toContain('only one secret can be read from standard input')
    expect(usage(['--client-secret-stdin', '--client-secret-env', 'X'])).toContain('given more than one way')
  })
})

describe('--help: one source with action.yml', () => {
  test('src/inputs/descriptions.ts holds exactly action.yml\'s input descriptions', () => {
    expect(Object.keys(INPUT_DESCRIPTIONS)).toEqual(Object.keys(action.inputs))
    for (const [name, input] of Object.entries(action.inputs)) expect(INPUT_DESCRIPTIONS[name]).toBe(input.description.trim())
  })
  test('the generator agrees (scripts/gen-descriptions.js --check)', () => {
    expect(execFileSync('node', ['scripts/gen-descriptions.js', '--check'], { cwd: ROOT, encoding: 'utf8' })).toContain('in sync')
  })
  test('every catalogue input has a description, and --help shows it under its flag', () => {
    const help = renderHelp('9.9.9').replace(/\s+/g, ' ')
    for (const name of names) {
      expect(INPUT_DESCRIPTIONS[name]).toBeTruthy()
      expect(help).toContain(INPUT_DESCRIPTIONS[name]!.replace(/\s+/g, ' '))
      expect(help).toContain(`--${name}`)
    }
    for (const note of Object.values(ACTION_ONLY)) expect(help).toContain(note)
    expect(help).toContain('oauth-credential-health 9.9.9')
  })
  test('-h, --help, -V, --version', () => {
    expect(parseArgs(['-h']).kind).toBe('help')
    expect(parseArgs(['--token-url', 'x', '--help']).kind).toBe('help')
    expect(parseArgs(['-V']).kind).toBe('version')
    expect(parseArgs(['--version']).kind).toBe('version')
  })
})

describe('the npm package (scripts/pack-check.js, run by CI on npm pack --dry-run --json)', () => {
  test('accepts the bundles and documents, and names every missing or forbidden file', async () => {
    const { problemsOf, REQUIRED } = (await import('../../scripts/pack-check.js')) as { problemsOf: (p: string[]) => string[]; REQUIRED: string[] }
    expect(problemsOf([...REQUIRED, 'dist/815.index.js', 'dist/cli/815.index.js'])).toEqual([])
    expect(problemsOf(REQUIRED.filter(f => f !== 'dist/cli/index.js'))).toEqual(['missing: dist/cli/index.js'])
    const planted = ['__tests__/servers/pki.js', 'src/cli.ts', '.env', 'dist/client.key', 'certs/ca.pem', 'config/.npmrc', 'notes.txt']
    expect(problemsOf([...REQUIRED, ...planted]).length).toBe(planted.length)
  })
})

describe('releases', () => {
  const yaml = (path: string) => parse(readFileSync(new URL(path, ROOT), 'utf8')) as Record<string, unknown>
  test('the release workflow: by hand or on a vX.Y.Z tag; CI first, then vX.Y.Z, the moving vX, and npm only with NPM_TOKEN', () => {
    const wf = yaml('.github/workflows/release.yml') as { on: Record<string, unknown>; jobs: { release: { env: Record<string, string>; steps: Array<Record<string, string>> } } }
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch'])
    expect(wf.on['push']).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+'] })
    const steps = wf.jobs.release.steps
    const index = (re: RegExp): number => steps.findIndex(s => re.test(s['run'] ?? ''))
    expect(index(/^bash \.ci\/run$/)).toBeGreaterThan(0)
    expect(index(/git tag -a "v\$VERSION"/)).toBeGreaterThan(index(/^bash \.ci\/run$/))
    expect(steps[index(/git tag -a/)]?.['run']).toMatch(/git tag -fa "\$MAJOR"[\s\S]*git push --force origin "refs\/tags\/\$MAJOR"/)
    const publish = steps[index(/npm publish/)]!
    expect(publish['if']).toBe("env.NPM_TOKEN != ''")
    expect(publish['run']).toMatch(/^npm pkg delete dependencies\nnpm run pack:check\nnpm publish /)
    expect(wf.jobs.release.env['NPM_TOKEN']).toBe('${{ secrets.NPM_TOKEN }}')
    expect(index(/npm publish/)).toBeGreaterThan(index(/git tag -a/))
  })
  test('dependabot keeps npm and the workflow actions current', () => {
    const config = yaml('.github/dependabot.yml') as { updates: Array<{ 'package-ecosystem': string }> }
    expect(config.updates.map(u => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm'])
  })
  test('package.json: publishable, the bin, files limited to what runs, build makes both bundles', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as Record<string, unknown> & { scripts: Record<string, string> }
    expect(pkg['private']).toBeUndefined()
    expect(pkg['bin']).toEqual({ 'oauth-credential-health': 'dist/cli/index.js' })
    expect(pkg['files']).toEqual(['dist/', 'action.yml', 'README.md'])
    expect(pkg.scripts['build']).toMatch(/^rm -rf dist && node scripts\/gen-descriptions\.js && .*ncc build src\/index\.ts -o dist.*&& npm run build:cli$/)
    expect(pkg.scripts['build:cli']).toContain('ncc build src/cli.ts -o dist/cli')
  })
})
