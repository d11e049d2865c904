// `npm start`: runs the bundled Action (dist/index.js) the way the GitHub runner does, against the
// local authorization server of the test suite (oidc-provider behind a gate that, like Genesys
// Cloud, wants HTTP Basic), and prints what a user would see: the log with its annotations, the
// outputs and the job summary.

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServers } from '../__tests__/servers/index.js'
import { runAction } from './runner.js'

const root = fileURLToPath(new URL('..', import.meta.url))
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
    await show(scenario.inputs)
  }
  console.log('\nThat was dist/index.js on Node 24 against a real OAuth server on 127.0.0.1. Run `npm test` for the full suite.')
} finally {
  await servers.close()
}

/** Async on purpose: the servers live in this process and must keep answering. */
async function show(inputs) {
  const shown = Object.entries(inputs)
    .map(([k, v]) => `    ${k}: ${k === 'client-secret' ? '${{ secrets.CLIENT_SECRET }}' : v}`)
    .join('\n')
  console.log(`\n  with:\n${shown}\n`)
  // scripts/runner.js fills in action.yml's defaults, as the runner does.
  const run = await runAction({ root, node: node24, inputs })
  console.log('--- step log (annotations are the ::error / ::notice lines; ::add-mask:: lines hidden) ---')
  for (const line of run.stdout.split('\n')) if (line && !line.startsWith('::add-mask::')) console.log(line)
  if (run.stderr) console.log(run.stderr)
  console.log(`--- step exit code: ${run.exitCode} (${run.exitCode === 0 ? 'step passes' : 'step fails'}) ---`)
  console.log(`--- outputs set: ${Object.keys(run.outputs).join(', ')} ---`)
  console.log('--- job summary (Markdown, as GitHub renders on the run page) ---')
  console.log(run.summary)
}
