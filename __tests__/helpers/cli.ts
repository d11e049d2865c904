// Runs the command-line tool from the packed package, as a user gets it: `npm pack` the working
// tree, extract the tarball, start <extracted>/package/dist/cli/index.js on Node 24. Every run is
// swept for leaked secrets (stdout, stderr and every file it wrote) before its result is returned.

import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NODE24, ROOT } from './servers.js'

export interface Packed {
  readonly dir: string
  /** <dir>/package: the extracted tarball. */
  readonly packageDir: string
  readonly bin: string
  /** The tarball's file list, relative to package/. */
  readonly files: readonly string[]
}

/** Packs the working tree once per test file (dist/ must be built). */
export function packCli(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'och-cli-pack-'))
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>
  if (!info) throw new Error('npm pack printed no package')
  execFileSync('tar', ['-xzf', join(dir, info.filename), '-C', dir])
  const packageDir = join(dir, 'package')
  return { dir, packageDir, bin: join(packageDir, 'dist', 'cli', 'index.js'), files: info.files.map(f => f.path) }
}

export interface CliRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  /** Files in the run's working directory after it ended (name → text). */
  readonly files: Readonly<Record<string, string>>
  /** The run's working directory (removed after the run; paths for --junit etc. go inside it). */
  readonly cwd: string
}

export interface CliOptions {
  readonly env?: Readonly<Record<string, string>>
  /** Written to stdin, then closed; without it stdin is empty (not a terminal). */
  readonly stdin?: string
  /** Every value that must never appear in what the run printed or wrote. */
  readonly secrets?: readonly string[]
  /** Files to create in the working directory before the run. */
  readonly before?: (cwd: string) => void
}

export const cliRuns: CliRun[] = []

export async function runCli(packed: Packed, args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const cwd = mkdtempSync(join(tmpdir(), 'och-cli-run-'))
  mkdirSync(join(cwd, 'out'))
  options.before?.(cwd)
  const env = { PATH: process.env['PATH'] ?? '', HOME: cwd, ...options.env }
  const child = spawn(NODE24, [packed.bin, ...args.map(a => a.replace('{cwd}', cwd))], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(options.stdin ?? '')
  const exitCode = await new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
  const files = Object.fromEntries(readdirSync(join(cwd, 'out')).map(name => [name, readFileSync(join(cwd, 'out', name), 'utf8')]))
  rmSync(cwd, { recursive: true, force: true })
  const run: CliRun = { exitCode, stdout, stderr, files, cwd }
  cliRuns.push(run)
  assertNoCliLeak(run, options.secrets ?? [])
  return run
}

/** No secret value may appear in stdout, stderr or any file the run wrote. */
export function assertNoCliLeak(run: CliRun, secrets: readonly string[]): void {
  const places: Array<[string, string]> = [['stdout', run.stdout], ['stderr', run.stderr], ...Object.entries(run.files).map(([n, t]): [string, string] => [`file ${n}`, t])]
  for (const value of secrets.filter(v => v.trim().length >= 6)) {
    for (const [place, text] of places) {
      if (text.includes(value)) throw new Error(`secret leak: a secret value (length ${value.length}) appears in ${place}`)
    }
  }
}

/** Every non-empty line of PEM or JWK key material, and the whole text: the forms a key can leak in. */
export function keyForms(text: string): string[] {
  return [text, ...text.split(/\r?\n/).filter(l => l.trim().length >= 16 && !l.startsWith('-----'))]
}
