// `npm start`: runs the bundled Action (dist/index.js) the way the GitHub runner does, against the
// local authorization server of the test suite (oidc-provider behind a gate that, like Genesys
// Cloud, wants HTTP Basic), and prints what a user would see: the log with its annotations, the
// outputs and the job summary.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { startServers } from '../__tests__/servers/index.js'

const root = fileURLToPath(new URL('..', import.meta.url))
// The runner fills in action.yml's defaults; so does the demo, from the same file.
const defaults = Object.fromEntries(
  Object.entries(parse(readFileSync(join(root, 'action.yml'), 'utf8')).inputs).map(([name, input]) => [name, input.default ?? ''])
)
const node24 = join(root, 'node_modules/.bin/node')

const servers = await startServers({ authlib: false })
const { id, secret } = servers.clients.main

const scenarios = [
  {
    title: 'The classic failure: credentials in the form body, but the server wants HTTP Basic',
    inputs: { 'token-url': servers.urls.basicOnlyToken, 'client-id': id, 'client-secret': secret, 'auth-placement': 'body', name: 'genesys-like' }
  },
  {
    title: 'The fix the check suggested: auth-placement: header',
    inputs: { 'token-url': servers.urls.basicOnlyToken, 'client-id': id, 'client-secret': secret, 'auth-placement': 'header', name: 'genesys-like', scope: 'api:read' }
  }
]

try {
  for (const [i, scenario] of scenarios.entries()) {
    console.log(`\n${'='.repeat(100)}\n${i + 1}. ${scenario.title}\n${'='.repeat(100)}`)
    await runAction(scenario.inputs)
  }
  console.log('\nThat was dist/index.js on Node 24 against a real OAuth server on 127.0.0.1. Run `npm test` for the full suite.')
} finally {
  await servers.close()
}

/** Async on purpose: the servers live in this process and must keep answering. */
async function runAction(inputs) {
  const dir = mkdtempSync(join(tmpdir(), 'och-demo-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = { PATH: process.env.PATH, RUNNER_TEMP: dir, ...files }
  for (const [name, value] of Object.entries({ ...defaults, ...inputs })) env[`INPUT_${name.toUpperCase()}`] = value
  const shown = Object.entries(inputs)
    .map(([k, v]) => `    ${k}: ${k === 'client-secret' ? '${{ secrets.CLIENT_SECRET }}' : v}`)
    .join('\n')
  console.log(`\n  with:\n${shown}\n`)
  const result = await new Promise(resolve => {
    const child = spawn(node24, [join(root, 'dist/index.js')], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('close', status => resolve({ status, stdout, stderr }))
  })
  console.log('--- step log (annotations are the ::error / ::notice lines; ::add-mask:: lines hidden) ---')
  for (const line of result.stdout.split('\n')) if (line && !line.startsWith('::add-mask::')) console.log(line)
  if (result.stderr) console.log(result.stderr)
  console.log(`--- step exit code: ${result.status} (${result.status === 0 ? 'step passes' : 'step fails'}) ---`)
  const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8').match(/^[a-z-]+(?=<<)/gm) ?? []
  console.log(`--- outputs set: ${outputs.join(', ')} ---`)
  console.log('--- job summary (Markdown, as GitHub renders on the run page) ---')
  console.log(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
}
