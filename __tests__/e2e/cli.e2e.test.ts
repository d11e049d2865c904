// End-to-end: the command-line tool from the packed tarball (npm pack → extract → run
// package/dist/cli/index.js on Node 24), against the real local servers. Asserts what a user sees:
// the exit code, the text report, the JSON report (compared with the Action's for the same inputs),
// the JUnit XML (read by a real XML parser), the Markdown, and that no secret is ever printed or
// written (runCli sweeps every run).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { INPUTS } from '../../src/inputs/catalogue.js'
import type { Report } from '../../src/report/report.js'
import { runAction, secretFormsOf } from '../helpers/action.js'
import { assertNoCliLeak, cliRuns, keyForms, packCli, runCli, type CliOptions, type CliRun, type Packed } from '../helpers/cli.js'
import { faultCount, NODE24, ROOT, useServers } from '../helpers/servers.js'

const servers = useServers()
let packed: Packed
beforeAll(() => {
  packed = packCli()
}, 120_000)
afterAll(() => rmSync(packed.dir, { recursive: true, force: true }))

const url = (name: string): string => servers.urls[name]!
const main = (): { id: string; secret: string } => servers.clients.main
const special = (): { id: string; secret: string } => servers.clients.special
/** The secret from its documented default variable, swept in every form. */
const withSecret = (client: { id: string; secret: string }, more: CliOptions = {}): CliOptions => ({
  ...more,
  env: { OAUTH_CLIENT_SECRET: client.secret, ...more.env },
  secrets: [...secretFormsOf({ 'client-id': client.id, 'client-secret': client.secret }), ...(more.secrets ?? [])]
})
const cli = (args: readonly string[], options: CliOptions = {}): Promise<CliRun> => runCli(packed, args, options)
const report = (run: CliRun): Report => JSON.parse(run.stdout) as Report
/**
 * Requests the fault server saw under `key`. Asked once more on a socket error: a blocking spawnSync
 * can outlast the server's keep-alive, and fetch then reuses a connection the server just closed.
 */
const countOf = (key: string): Promise<number> => faultCount(servers, key).catch(() => faultCount(servers, key))
const ESC = '\u001b['

describe('the package', () => {
  test('the tarball holds both bundles, action.yml and the README, and nothing secret-looking or test-only', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/cli/index.js', 'dist/cli/package.json', 'dist/package.json', 'action.yml', 'README.md', 'package.json']))
    for (const file of packed.files) {
      expect(file).not.toMatch(/^(src|__tests__|scripts|docs|\.ci|\.github|node_modules)\//)
      expect(file).not.toMatch(/(^|\/)\.env|\.(pem|key|p12|pfx)$|id_rsa|\.npmrc/)
    }
    expect(readFileSync(packed.bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    const pkg = JSON.parse(readFileSync(join(packed.packageDir, 'package.json'), 'utf8')) as { bin: Record<string, string>; private?: boolean }
    expect(pkg.bin).toEqual({ 'oauth-credential-health': 'dist/cli/index.js' })
    expect(pkg.private).toBeUndefined()
  })
  test('the bin needs no installed dependency: no node_modules anywhere above the extracted package', () => {
    for (let dir = packed.packageDir; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules'))).toBe(false)
  })
  test('published as the release does (no dependencies), it installs offline with npm and runs from node_modules/.bin', () => {
    const work = join(packed.dir, 'published')
    execFileSync('cp', ['-r', packed.packageDir, work])
    execFileSync('npm', ['pkg', 'delete', 'dependencies'], { cwd: work })
    const tgz = (JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packed.dir], { cwd: work, encoding: 'utf8' })) as Array<{ filename: string }>)[0]!.filename
    const project = join(packed.dir, 'project')
    execFileSync('mkdir', ['-p', project])
    execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'ignore' })
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packed.dir, tgz)], { cwd: project, stdio: 'ignore' })
    const out = execFileSync(NODE24, [join(project, 'node_modules/.bin/oauth-credential-health'), '--version'], { encoding: 'utf8' })
    expect(out).toBe(`${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`)
  }, 60_000)
  test('the bin does not carry @actions/core (the Action shell stays in dist/index.js)', () => {
    // Strings of @actions/core's command and summary code: in the Action's bundle, not in the bin.
    for (const mark of ['add-mask', 'GITHUB_STEP_SUMMARY', 'toCommandValue']) {
      expect(readFileSync(join(packed.packageDir, 'dist/index.js'), 'utf8')).toContain(mark)
      expect(readFileSync(packed.bin, 'utf8')).not.toContain(mark)
    }
  })
  test('--version prints the package version', async () => {
    const run = await cli(['--version'])
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(run).toMatchObject({ exitCode: 0, stdout: `${pkg.version}\n` })
  })
  test("--help lists every input as a flag with action.yml's description", async () => {
    const run = await cli(['--help'])
    expect(run.exitCode).toBe(0)
    const flat = run.stdout.replace(/\s+/g, ' ')
    const action = (await import('yaml')).parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> }
    for (const name of Object.keys(INPUTS)) {
      expect(flat).toMatch(new RegExp(`--${name}(-env|-stdin| )`))
      expect(flat).toContain(action.inputs[name]!.description.replace(/\s+/g, ' ').trim())
    }
    expect(flat).toContain('Exit codes: 0')
  })
})

describe('secrets never on the command line', () => {
  test.each([
    ['--client-secret VALUE', (s: string) => ['--client-secret', s]],
    ['--client-secret=VALUE', (s: string) => [`--client-secret=${s}`]]
  ])('%s is refused with exit 2, the safe ways and why, without repeating the value or sending anything', async (_, secretArgs) => {
    const key = `refused-${Date.now()}`
    const secret = main().secret
    const run = await cli(['--token-url', `${url('faults')}/token?key=${key}`, '--client-id', main().id, ...secretArgs(secret)], { secrets: [secret] })
    expect(run.exitCode).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('refusing --client-secret with a value on the command line')
    expect(run.stderr).toContain('ps')
    expect(run.stderr).toContain('shell history')
    for (const way of ['OAUTH_CLIENT_SECRET=', '--client-secret-env NAME', '--client-secret-file PATH', '--client-secret-stdin']) expect(run.stderr).toContain(way)
    expect(await countOf(key)).toBe(0)
  })
  test('key material as a flag value is refused too (--private-key, --client-key)', async () => {
    const pem = servers.clients.pkjwtRs.privatePem
    for (const flag of ['--private-key', '--client-key']) {
      const run = await cli(['--token-url', url('token'), '--client-id', 'x', flag, pem], { secrets: keyForms(pem) })
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`refusing ${flag} with a value`)
    }
  })
  test('a stray value is refused without being repeated', async () => {
    const run = await cli(['--token-url', url('token'), main().secret], { secrets: [main().secret] })
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('unexpected argument at position 3')
  })
  test('secret from OAUTH_CLIENT_SECRET (the documented default): healthy, exit 0', async () => {
    const run = await cli(['--token-url', url('basicOnlyToken'), '--client-id', main().id, '--json'], withSecret(main()))
    expect(run.exitCode).toBe(0)
    expect(report(run).checks[0]).toMatchObject({ status: 'healthy', placement: 'header', findings: [expect.objectContaining({ code: 'AUTH_PLACEMENT_DETECTED' })] })
  })
  test('--client-secret-env NAME and --client-id-env NAME read the named variables', async () => {
    const run = await cli(['--token-url', url('token'), '--client-id-env', 'MY_ID', '--client-secret-env', 'MY_SECRET', '--json'], {
      env: { MY_ID: main().id, MY_SECRET: main().secret },
      secrets: secretFormsOf({ 'client-id': main().id, 'client-secret': main().secret })
    })
    expect(run.exitCode).toBe(0)
    expect(report(run).status).toBe('healthy')
  })
  test('--client-secret-env naming an unset variable: exit 2, the name is not repeated', async () => {
    const run = await cli(['--token-url', url('token'), '--client-id', main().id, '--client-secret-env', 'NOT_SET_ANYWHERE'])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('--client-secret-env: the variable it names is not set')
    expect(run.stderr).not.toContain('NOT_SET_ANYWHERE')
  })
  test('--client-secret-stdin from a pipe: the trailing newline of echo is dropped, healthy', async () => {
    const run = await cli(['--token-url', url('token'), '--client-id', main().id, '--client-secret-stdin', '--json'], {
      stdin: `${main().secret}\n`,
      secrets: secretFormsOf({ 'client-id': main().id, 'client-secret': main().secret })
    })
    expect(run.exitCode).toBe(0)
    expect(report(run).checks[0]?.findings.map(f => f.code)).toEqual(['AUTH_PLACEMENT_DETECTED'])
  })
  test('--client-secret-file PATH reads the secret from a file', async () => {
    const run = await cli(['--token-url', url('token'), '--client-id', main().id, '--client-secret-file', 'secret.txt', '--json'], {
      before: cwd => writeFileSync(join(cwd, 'secret.txt'), `${main().secret}\n`),
      secrets: secretFormsOf({ 'client-id': main().id, 'client-secret': main().secret })
    })
    expect(run.exitCode).toBe(0)
    expect(report(run).status).toBe('healthy')
  })
  test('private_key_jwt with --private-key-file: healthy, no line of the key printed', async () => {
    const c = servers.clients.pkjwtRs
    const run = await cli(['--token-url', url('token'), '--client-id', c.id, '--auth-method', 'private_key_jwt', '--private-key-file', 'key.pem', '--key-id', c.kid], {
      before: cwd => writeFileSync(join(cwd, 'key.pem'), c.privatePem),
      secrets: keyForms(c.privatePem)
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('OAuth credential health: healthy')
    expect(run.stdout).toContain('$CLIENT_ASSERTION')
  })
  test('at a terminal, --client-secret-stdin reads without echo (a real pty via script)', () => {
    if (!hasScript()) throw new Error('the util-linux `script` command is needed for the terminal tests (.ci/run installs it)')
    const command = `${NODE24} ${packed.bin} --token-url ${url('token')} --client-id ${main().id} --client-secret-stdin`
    const result = spawnSync('bash', ['-c', `(sleep 2; printf '%s\\r' "$SECRET") | script -qec "$COMMAND" /dev/null`], {
      env: { PATH: process.env['PATH'] ?? '', SECRET: main().secret, COMMAND: command, HOME: packed.dir },
      encoding: 'utf8',
      timeout: 30_000
    })
    expect(result.stdout).toContain('client-secret: ')
    expect(result.stdout).toContain('OAuth credential health: healthy')
    expect(result.stdout).not.toContain(main().secret)
  })
})

describe('the shell around it', () => {
  test('Ctrl-C at the secret prompt exits 130 without a stack trace, and nothing is sent', () => {
    if (!hasScript()) throw new Error('the util-linux `script` command is needed for the terminal tests (.ci/run installs it)')
    const key = `interrupted-${Date.now()}`
    const command = `${NODE24} ${packed.bin} --token-url ${url('faults')}/token?key=${key} --client-id x --client-secret-stdin`
    const result = spawnSync('bash', ['-c', `(sleep 2; printf 'abc\\003') | script -qec "$COMMAND" /dev/null`], {
      env: { PATH: process.env['PATH'] ?? '', COMMAND: command, HOME: packed.dir },
      encoding: 'utf8',
      timeout: 30_000
    })
    expect(result.status).toBe(130)
    expect(result.stdout).not.toContain('at ')
    expect(result.stdout).not.toContain('abc')
    return countOf(key).then(n => expect(n).toBe(0))
  })
  test('a pipe closed before the output is written (| true) ends the run quietly, exit 0', () => {
    const result = spawnSync('bash', ['-c', 'set -o pipefail; "$NODE" "$BIN" --help | true'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: packed.dir, NODE: NODE24, BIN: packed.bin },
      encoding: 'utf8'
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('output', () => {
  test('text report: findings and fixes first, then the check line and status; no colour when not a terminal', async () => {
    const run = await cli(['--token-url', url('basicOnlyToken'), '--client-id', main().id, '--auth-placement', 'body'], withSecret(main()))
    expect(run.exitCode).toBe(1)
    const out = run.stdout
    expect(out).not.toContain(ESC)
    const finding = out.indexOf('AUTH_PLACEMENT_MISMATCH')
    const fix = out.indexOf('Fix: Set auth-placement: header')
    const status = out.indexOf('OAuth credential health: failing')
    expect(finding).toBeGreaterThanOrEqual(0)
    expect(fix).toBeGreaterThan(finding)
    expect(status).toBeGreaterThan(fix)
  })
  test('colour: FORCE_COLOR turns it on, NO_COLOR wins over it and over --color', async () => {
    const args = ['--token-url', url('token'), '--client-id', main().id]
    expect((await cli(args, withSecret(main(), { env: { FORCE_COLOR: '1' } }))).stdout).toContain(ESC)
    expect((await cli(args, withSecret(main(), { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }))).stdout).not.toContain(ESC)
    expect((await cli([...args, '--color'], withSecret(main(), { env: { NO_COLOR: '1' } }))).stdout).not.toContain(ESC)
    expect((await cli([...args, '--no-color'], withSecret(main(), { env: { FORCE_COLOR: '1' } }))).stdout).not.toContain(ESC)
  })
  test('colour at a real terminal, and none there with NO_COLOR', () => {
    if (!hasScript()) throw new Error('the util-linux `script` command is needed for the terminal tests (.ci/run installs it)')
    const command = `${NODE24} ${packed.bin} --token-url ${url('token')} --client-id ${main().id}`
    const tty = (extra: Record<string, string>): string =>
      spawnSync('script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env['PATH'] ?? '', HOME: packed.dir, OAUTH_CLIENT_SECRET: main().secret, ...extra },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000
      }).stdout
    const coloured = tty({})
    expect(coloured).toContain('OAuth credential health: healthy')
    expect(coloured).toContain(ESC)
    expect(tty({ NO_COLOR: '1' })).not.toContain(ESC)
    expect(coloured).not.toContain(main().secret)
  })
  test('server text with workflow commands and escapes is neutralised in the text report', async () => {
    const run = await cli(['--token-url', `${url('faults')}/inject`, '--client-id', main().id, '--auth-placement', 'header', '--retries', '0'], withSecret(main()))
    expect(run.exitCode).toBe(1)
    for (const line of run.stdout.split('\n')) expect(line.trim().startsWith('::')).toBe(false)
    expect(run.stdout).not.toContain('::set-output')
    expect(run.stdout).not.toContain(ESC)
  })
  test('a secret the server echoes back never reaches the terminal', async () => {
    const run = await cli(['--token-url', `${url('faults')}/echo-secret`, '--client-id', main().id, '--retries', '0'], withSecret(main()))
    expect(run.exitCode).toBe(1)
    expect(run.stdout.length).toBeGreaterThan(0)
  })
})

/** What differs between two runs of the same check: timings and the clock. */
function normalise(r: Report): unknown {
  return JSON.parse(JSON.stringify(r), (key, value: unknown) => {
    if (['latencyMs', 'expiresAt', 'exp', 'iat'].includes(key)) return typeof value === 'number' || typeof value === 'string' ? '<varies>' : value
    return value
  })
}

describe('--json is the Action report', () => {
  const cases: Array<[string, () => Record<string, string>]> = [
    ['server wants Basic, placement auto (healthy)', () => ({ 'token-url': url('basicOnlyToken'), scope: 'api:read' })],
    ['body sent, server wants Basic (AUTH_PLACEMENT_MISMATCH, failing)', () => ({ 'token-url': url('basicOnlyToken'), 'auth-placement': 'body' })],
    ['a token shorter than min-ttl (TOKEN_TTL_TOO_SHORT, degraded)', () => ({ 'token-url': url('token'), 'auth-placement': 'header', 'min-ttl': '7200' })],
    ['bad timeout (INVALID_INPUT)', () => ({ 'token-url': url('token'), timeout: 'soon' })]
  ]
  test.each(cases)('%s: same content from the CLI and from the Action', async (_, inputs) => {
    const given = { 'client-id': main().id, ...inputs() }
    const action = await runAction({ ...given, 'client-secret': main().secret })
    const args = Object.entries(given).flatMap(([k, v]) => [`--${k}`, v])
    const run = await cli([...args, '--json'], withSecret(main()))
    expect(normalise(report(run))).toEqual(normalise(action.report))
    expect(action.report.checks.length).toBe(1)
  })
})

describe('exit codes follow fail-on exactly as the Action', () => {
  const failing = (): string[] => ['--token-url', url('basicOnlyToken'), '--client-id', main().id, '--auth-placement', 'body']
  const degraded = (): string[] => ['--token-url', url('token'), '--client-id', main().id, '--min-ttl', '7200']
  const healthy = (): string[] => ['--token-url', url('token'), '--client-id', main().id]
  const scenarios = { healthy, degraded, failing }
  test.each([
    ['healthy', 'error', 0],
    ['healthy', 'warning', 0],
    ['degraded', 'error', 0],
    ['degraded', 'warning', 1],
    ['degraded', 'never', 0],
    ['failing', 'error', 1],
    ['failing', 'warning', 1],
    ['failing', 'never', 0]
  ] as const)('%s with fail-on %s → exit %d (and the Action agrees)', async (status, failOn, code) => {
    const args = scenarios[status]
    const run = await cli([...args(), '--fail-on', failOn, '--json'], withSecret(main()))
    expect(report(run).status).toBe(status)
    expect(run.exitCode).toBe(code)
    const inputs = Object.fromEntries(
      [...args(), '--fail-on', failOn].reduce<string[][]>((pairs, a, i, all) => (i % 2 === 0 ? [...pairs, [a.slice(2), all[i + 1]!]] : pairs), [])
    )
    const action = await runAction({ ...inputs, 'client-secret': main().secret })
    expect(action.exitCode).toBe(code)
  })
  test('an invalid input → exit 2 with INVALID_INPUT naming it, whatever fail-on says', async () => {
    const run = await cli(['--token-url', url('token'), '--client-id', main().id, '--timeout', 'soon', '--fail-on', 'never'], withSecret(main()))
    expect(run.exitCode).toBe(2)
    expect(run.stdout).toContain('INVALID_INPUT')
    expect(run.stdout).toContain('Input `timeout`')
  })
  test('usage errors → exit 2: unknown flag, missing value, export-token', async () => {
    expect((await cli(['--token-uri', 'x'])).exitCode).toBe(2)
    expect((await cli(['--token-url'])).stderr).toContain('--token-url needs a value')
    const exported = await cli(['--token-url', url('token'), '--client-id', main().id, '--export-token', 'true'], withSecret(main()))
    expect(exported.exitCode).toBe(2)
    expect(exported.stderr).toContain('never prints a token')
  })
})

describe('files for CI: --junit, --markdown, --checks', () => {
  const checksYaml = (): string =>
    [
      `- name: healthy-one`,
      `  token-url: ${url('token')}`,
      `- name: failing-one`,
      `  token-url: ${url('basicOnlyToken')}`,
      `  auth-placement: body`,
      `- name: degraded-one`,
      `  token-url: ${url('token')}`,
      `  min-ttl: '7200'`
    ].join('\n')
  const listRun = (failOn: string): Promise<CliRun> =>
    cli(['--checks', 'checks.yml', '--client-id', main().id, '--fail-on', failOn, '--junit', 'out/junit.xml', '--markdown', 'out/summary.md'], {
      ...withSecret(main()),
      before: cwd => writeFileSync(join(cwd, 'checks.yml'), checksYaml())
    })
  const parseJunit = (xml: string): { testsuites: { testsuite: { testcase: Array<Record<string, unknown>> } } } => {
    expect(XMLValidator.validate(xml)).toBe(true)
    return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: name => name === 'testcase' }).parse(xml)
  }
  test('one test case per check; failing → <failure> with code and message; degraded passes under fail-on error', async () => {
    const run = await listRun('error')
    expect(run.exitCode).toBe(1)
    const doc = parseJunit(run.files['junit.xml'] ?? '')
    const cases = doc.testsuites.testsuite.testcase
    expect(cases.map(c => c['name'])).toEqual(['healthy-one', 'failing-one', 'degraded-one'])
    const failure = cases[1]?.['failure'] as Record<string, string>
    expect(failure['type']).toBe('AUTH_PLACEMENT_MISMATCH')
    expect(failure['message']).toMatch(/^AUTH_PLACEMENT_MISMATCH: The server rejected the credentials in the form body/)
    expect(cases[0]?.['failure']).toBeUndefined()
    expect(cases[2]?.['failure']).toBeUndefined()
    expect(String(cases[2]?.['system-out'])).toContain('TOKEN_TTL_TOO_SHORT')
    expect(doc.testsuites).toMatchObject({ tests: '3', failures: '1', errors: '0' })
  })
  test('with fail-on warning the degraded check is a <failure> too', async () => {
    const run = await listRun('warning')
    const cases = parseJunit(run.files['junit.xml'] ?? '').testsuites.testsuite.testcase
    expect((cases[2]?.['failure'] as Record<string, string>)['type']).toBe('TOKEN_TTL_TOO_SHORT')
  })
  test('an input error is a JUnit <error>, and the CLI exits 2', async () => {
    const run = await cli(['--token-url', url('token'), '--client-id', main().id, '--timeout', 'soon', '--junit', 'out/junit.xml'], withSecret(main()))
    expect(run.exitCode).toBe(2)
    const cases = parseJunit(run.files['junit.xml'] ?? '').testsuites.testsuite.testcase
    expect((cases[0]?.['error'] as Record<string, string>)['type']).toBe('INVALID_INPUT')
  })
  test('--markdown writes the job summary, with the request that works as code', async () => {
    const run = await listRun('error')
    const md = run.files['summary.md'] ?? ''
    expect(md).toContain('## ❌ OAuth credential health: failing')
    expect(md).toContain('| failing-one | ❌ failing | header |')
    expect(md).toContain('### The request that works')
    expect(md).toContain('-u "$CLIENT_ID:$CLIENT_SECRET"')
  })
  test('a checks item reads its own secret from the variable its client-secret-env names', async () => {
    const yaml = [`- name: special`, `  token-url: ${url('rawBasicToken')}`, `  client-id: ${special().id}`, `  client-secret-env: SPECIAL_SECRET`].join('\n')
    const run = await cli(['--checks', 'checks.yml', '--json'], {
      env: { SPECIAL_SECRET: special().secret },
      secrets: secretFormsOf({ 'client-id': special().id, 'client-secret': special().secret }),
      before: cwd => writeFileSync(join(cwd, 'checks.yml'), yaml)
    })
    expect(run.exitCode).toBe(0)
    expect(report(run).checks[0]).toMatchObject({ name: 'special', status: 'healthy', basicEncoding: 'raw' })
  })
  test('--checks-file reads the list from a file relative to the working directory, as the Action reads it from the workspace', async () => {
    const yaml = [`- name: from-file`, `  token-url: ${url('rawBasicToken')}`, `  client-id: ${special().id}`, `  client-secret-env: SPECIAL_SECRET`].join('\n')
    const run = await cli(['--checks-file', 'lists/checks.yml', '--json'], {
      env: { SPECIAL_SECRET: special().secret },
      secrets: secretFormsOf({ 'client-id': special().id, 'client-secret': special().secret }),
      before: cwd => {
        mkdirSync(join(cwd, 'lists'))
        writeFileSync(join(cwd, 'lists/checks.yml'), yaml)
      }
    })
    expect(run.exitCode).toBe(0)
    expect(report(run).checks[0]).toMatchObject({ name: 'from-file', status: 'healthy' })
  })
  test.each(['--tracking-issue', '--issue-labels', '--notify-format'])('%s is refused with exit 2: the alerts are the Action\'s', async flag => {
    const run = await cli(['--token-url', url('basicOnlyToken'), '--client-id', main().id, flag, 'x'], withSecret(main()))
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain(`${flag}: Action only: tracking issues, notifications and the heartbeat`)
  })
  test('the Action writes the same JUnit XML from the junit-file input', async () => {
    const dir = packed.dir
    const action = await runAction({ 'client-id': main().id, 'client-secret': main().secret, 'token-url': url('basicOnlyToken'), 'auth-placement': 'body', 'junit-file': join(dir, 'action-junit.xml') })
    expect(action.exitCode).toBe(1)
    const xml = readFileSync(join(dir, 'action-junit.xml'), 'utf8')
    const cases = parseJunit(xml).testsuites.testsuite.testcase
    expect((cases[0]?.['failure'] as Record<string, string>)['type']).toBe('AUTH_PLACEMENT_MISMATCH')
    expect(xml).not.toContain(main().secret)
    expect(action.summary).toContain('### The request that works')
    expect(action.summary).toContain('$CLIENT_SECRET')
  })
})

describe('the working request, run as printed', () => {
  const curlOf = (md: string): string => /```sh\n([\s\S]*?)\n```/.exec(md)?.[1] ?? ''
  const fetchOf = (md: string): string => /```js\n([\s\S]*?)\n```/.exec(md)?.[1] ?? ''
  test.each([
    ['raw Basic (server does not form-decode)', () => url('rawBasicToken'), special],
    ['form-encoded Basic with a secret full of special characters', () => url('basicOnlyToken'), special],
    ['credentials in the body', () => url('bodyOnlyToken'), main]
  ])('%s: the curl command and the fetch snippet both get a token', async (_, tokenUrl, client) => {
    const run = await cli(['--token-url', tokenUrl(), '--client-id', client().id, '--markdown', 'out/summary.md'], withSecret(client()))
    expect(run.exitCode).toBe(0)
    const md = run.files['summary.md'] ?? ''
    const env = { PATH: process.env['PATH'] ?? '', CLIENT_ID: client().id, CLIENT_SECRET: client().secret }
    const curl = spawnSync('bash', ['-c', curlOf(md)], { env, encoding: 'utf8', timeout: 20_000 })
    expect(curl.status).toBe(0)
    expect(JSON.parse(curl.stdout)).toMatchObject({ token_type: 'Bearer' })
    const script = `${fetchOf(md)}\nconsole.log(typeof accessToken === 'string' && accessToken.length > 10 ? 'TOKEN' : 'NONE')`
    const node = spawnSync(NODE24, ['--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 20_000 })
    expect(node.stdout.trim()).toBe('TOKEN')
  })
})

describe('the working request with mutual TLS and a private CA, run as printed', () => {
  test('tls_client_auth from files: curl with --cert/--key/--cacert and fetch with an undici Agent both get a token', async () => {
    const c = servers.clients.mtls
    const files = { 'cert.pem': c.certPem, 'key.pem': c.keyPem, 'ca.pem': servers.ca.certPem }
    const run = await cli(
      ['--token-url', url('mtlsToken'), '--client-id', c.id, '--auth-method', 'tls_client_auth', '--client-cert-file', 'cert.pem', '--client-key-file', 'key.pem', '--ca-cert-file', 'ca.pem', '--expiry-warning-days', '0', '--markdown', 'out/summary.md'],
      { before: cwd => Object.entries(files).forEach(([n, t]) => writeFileSync(join(cwd, n), t)), secrets: keyForms(c.keyPem) }
    )
    expect(run.exitCode).toBe(0)
    const md = run.files['summary.md'] ?? ''
    expect(md).toContain('`$CLIENT_CERT_FILE`, `$CLIENT_KEY_FILE`, `$CA_CERT_FILE`')
    for (const [n, t] of Object.entries(files)) writeFileSync(join(packed.dir, n), t)
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: packed.dir,
      CLIENT_ID: c.id,
      CLIENT_CERT_FILE: join(packed.dir, 'cert.pem'),
      CLIENT_KEY_FILE: join(packed.dir, 'key.pem'),
      CA_CERT_FILE: join(packed.dir, 'ca.pem')
    }
    const curl = spawnSync('bash', ['-c', /```sh\n([\s\S]*?)\n```/.exec(md)?.[1] ?? ''], { env, encoding: 'utf8', timeout: 20_000 })
    expect(curl.status).toBe(0)
    expect(JSON.parse(curl.stdout)).toMatchObject({ token_type: 'Bearer' })
    const snippet = /```js\n([\s\S]*?)\n```/.exec(md)?.[1] ?? ''
    expect(snippet).toContain("from 'undici'")
    // The application installs undici; this project's own `undici` is the bundle's stand-in
    // (stubs/undici), so the snippet runs against the real package, installed as `undici-real`.
    const script = `${snippet.replace("from 'undici'", "from 'undici-real'")}\nconsole.log(accessToken.length > 10 ? 'TOKEN' : 'NONE')`
    const node = spawnSync(NODE24, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...env, NODE_EXTRA_CA_CERTS: env.CA_CERT_FILE }, encoding: 'utf8', timeout: 20_000 })
    expect(node.stderr).toBe('')
    expect(node.stdout.trim()).toBe('TOKEN')
  })
})

describe('NICE CXone, the founding case, from the command line', () => {
  test('password grant: username from --username-env, password from stdin; same report as the Action; the printed curl gets a token', async () => {
    const c = servers.cxone
    const AGENTS = '/incontactapi/services/v31.0/agents'
    const given = { provider: 'nice-cxone', issuer: url('cxoneIssuer'), 'client-id': c.clientId, 'probe-url': AGENTS, retries: '0' }
    const keys = [c.accessKeyId, c.accessKeySecret, c.clientSecret, encodeURIComponent(c.accessKeySecret)]
    const args = [...Object.entries(given).flatMap(([k, v]) => [`--${k}`, v]), '--username-env', 'CXONE_KEY_ID', '--password-stdin']
    const run = await cli([...args, '--json'], { env: { OAUTH_CLIENT_SECRET: c.clientSecret, CXONE_KEY_ID: c.accessKeyId }, stdin: `${c.accessKeySecret}\n`, secrets: keys })
    expect(run.exitCode).toBe(0)
    expect(report(run).checks[0]).toMatchObject({ status: 'healthy', authMethod: 'client_secret_basic', apiEndpoint: url('cxoneApi') })
    const action = await runAction({ ...given, 'client-secret': c.clientSecret, username: c.accessKeyId, password: c.accessKeySecret }, { secrets: keys })
    expect(normalise(report(run))).toEqual(normalise(action.report))

    const text = await cli([...args, '--markdown', 'out/summary.md'], { env: { OAUTH_CLIENT_SECRET: c.clientSecret, CXONE_KEY_ID: c.accessKeyId }, stdin: c.accessKeySecret, secrets: keys })
    const md = text.files['summary.md'] ?? ''
    expect(md).toContain('`$OAUTH_USERNAME`, `$OAUTH_PASSWORD`')
    const env = { PATH: process.env['PATH'] ?? '', HOME: packed.dir, CLIENT_ID: c.clientId, CLIENT_SECRET: c.clientSecret, OAUTH_USERNAME: c.accessKeyId, OAUTH_PASSWORD: c.accessKeySecret }
    const curl = spawnSync('bash', ['-c', /```sh\n([\s\S]*?)\n```/.exec(md)?.[1] ?? ''], { env, encoding: 'utf8', timeout: 20_000 })
    expect(curl.status).toBe(0)
    expect(JSON.parse(curl.stdout)).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i) })
  })
  test('--username VALUE and --password VALUE are refused like every secret input', async () => {
    for (const flag of ['--username', '--password']) {
      const run = await cli(['--provider', 'nice-cxone', flag, 'AKIDEXAMPLE0123'], { secrets: ['AKIDEXAMPLE0123'] })
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(`refusing ${flag} with a value`)
    }
  })
})

describe('the leak sweep', () => {
  test('catches a planted secret in stdout, stderr or a written file', () => {
    const secret = 'planted-secret-value-123'
    const clean: CliRun = { exitCode: 0, stdout: 'ok', stderr: '', files: { 'a.xml': '<x/>' }, cwd: '' }
    expect(() => assertNoCliLeak(clean, [secret])).not.toThrow()
    expect(() => assertNoCliLeak({ ...clean, stdout: `x${secret}` }, [secret])).toThrow(/stdout/)
    expect(() => assertNoCliLeak({ ...clean, stderr: secret }, [secret])).toThrow(/stderr/)
    expect(() => assertNoCliLeak({ ...clean, files: { 'j.xml': secret } }, [secret])).toThrow(/file j.xml/)
  })
  test('every run of this file was swept (and there were many)', () => {
    expect(cliRuns.length).toBeGreaterThan(30)
    for (const run of cliRuns) {
      const all = `${run.stdout}${run.stderr}${Object.values(run.files).join('')}`
      for (const c of [servers.clients.main, servers.clients.special]) {
        for (const form of secretFormsOf({ 'client-id': c.id, 'client-secret': c.secret })) expect(all.includes(form)).toBe(false)
      }
    }
  })
})

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
