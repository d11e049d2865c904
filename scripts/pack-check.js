// Checks what `npm publish` would ship, from `npm pack --dry-run --json`: the Action's bundle, the
// command line's bundle (the package's bin) and the files users read, and nothing else: no source,
// no tests, no keys or certificates, no .env or .npmrc. Exits 1 listing what is wrong. Run by CI.

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Files the package must hold. */
export const REQUIRED = ['package.json', 'action.yml', 'README.md', 'dist/index.js', 'dist/package.json', 'dist/licenses.txt', 'dist/cli/index.js', 'dist/cli/package.json']

/** What may be shipped at all: the bundles and their chunks, and the documents above. */
const ALLOWED = [/^dist\/(cli\/)?[\w.-]+\.(js|json|txt)$/, /^(package\.json|action\.yml|README\.md|LICENSE(\.\w+)?)$/]

/** Names that must never be published, whatever `files` says. */
const FORBIDDEN = [/(^|\/)__tests__\//, /(^|\/)(src|scripts|docs|\.ci|\.github)\//, /\.test\.[jt]s$/, /(^|\/)\.env/, /\.npmrc$/, /\.(pem|key|crt|p12|pfx|jks)$/i, /id_(rsa|ed25519|ecdsa)/, /secret/i]

/** Problems with a list of packed paths (empty when it is fine). */
export function problemsOf(paths) {
  const problems = []
  for (const file of REQUIRED) if (!paths.includes(file)) problems.push(`missing: ${file}`)
  for (const path of paths) {
    if (FORBIDDEN.some(re => re.test(path))) problems.push(`must not be published: ${path}`)
    else if (!ALLOWED.some(re => re.test(path))) problems.push(`not on the allowed list: ${path}`)
  }
  return problems
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })
  const [info] = JSON.parse(out)
  const paths = info.files.map(f => f.path)
  const problems = problemsOf(paths)
  const bin = readFileSync(join(root, 'dist', 'cli', 'index.js'), 'utf8')
  if (!bin.startsWith('#!/usr/bin/env node\n')) problems.push('dist/cli/index.js does not start with #!/usr/bin/env node')
  if (problems.length > 0) {
    console.error(`npm pack: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`)
    process.exit(1)
  }
  console.log(`npm pack: ${paths.length} files, ${info.size} bytes packed (${info.unpackedSize} unpacked): ${paths.join(', ')}`)
}
