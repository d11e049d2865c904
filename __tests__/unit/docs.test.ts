// The docs are part of the feature: every finding code has a troubleshooting entry, and every
// input and output of action.yml is documented in the README.
import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { CODES } from '../../src/findings.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const troubleshooting = readFileSync(new URL('../../docs/troubleshooting.md', import.meta.url), 'utf8')
const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

test('one troubleshooting entry per finding code, and none for unknown codes', () => {
  const headings = [...troubleshooting.matchAll(/^### ([A-Z][A-Z_]+)$/gm)].map(m => m[1])
  expect(headings.sort()).toEqual(Object.keys(CODES).sort())
})

test('every input and output is in the README tables', () => {
  for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'))
  }
})
