// Writes dist/licenses.txt: the license of every runtime dependency that the bundle carries, from
// package-lock.json (dev dependencies excluded), sorted by name so that a rebuild is byte-identical.
// It replaces ncc's --license, which keeps only the last chunk's licenses once the bundle is split
// (yaml is loaded as its own chunk, only for the checks list).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))

const entries = Object.entries(lock.packages)
  .filter(([path, meta]) => path !== '' && !meta.dev && !meta.devOptional && !meta.link)
  .map(([path]) => {
    const dir = join(root, path)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `(no license file; package.json says ${pkg.license ?? 'nothing'})`
    return { name: pkg.name, license: pkg.license ?? 'UNKNOWN', text }
  })
  .sort((a, b) => a.name.localeCompare(b.name))

const out = join(root, 'dist', 'licenses.txt')
if (!existsSync(join(root, 'dist'))) throw new Error('dist/ does not exist: run ncc first')
writeFileSync(out, entries.map(e => `${e.name}\n${e.license}\n${e.text}\n`).join('\n'))
console.log(`licenses: ${entries.length} packages → dist/licenses.txt`)
