// The docs are part of the feature: every finding code has a troubleshooting entry, every input and
// output of action.yml is documented in the README, the README stays short, and every relative link
// between the docs points at a file and a heading that exist.
import { expect, test } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { CODES } from '../../src/findings/codes.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

const readme = read('README.md')
const troubleshooting = read('docs/troubleshooting.md')
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

/** The Markdown files that link to each other: README, CONTRIBUTING and every page under docs/. */
const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)]

/** Fenced code blocks hold `#` comments and `](` that are neither headings nor links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, m => (m.includes('](') ? '``' : m))
}

/**
 * GitHub's heading anchors: lower-case, inline Markdown dropped, every character that is not a
 * letter, digit, space, `-` or `_` removed, each space turned into `-`; a repeated heading gets
 * `-1`, `-2`, … appended.
 */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const match of withoutCode(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = (match[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '')
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    out.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return out
}

/** Relative link targets of a page: not http(s), mailto or another scheme. */
function relativeLinks(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map(m => m[1] ?? '')
    .filter(target => !/^[a-z][a-z0-9+.-]*:/i.test(target))
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

test('the README stays short: at most 25,600 bytes, the rest lives in docs/', () => {
  expect(Buffer.byteLength(readme, 'utf8')).toBeLessThanOrEqual(25_600)
})

test('every relative link in the README, CONTRIBUTING and docs/ points at a file and heading that exist', () => {
  const broken: string[] = []
  let checked = 0
  for (const page of pages) {
    for (const target of relativeLinks(read(page))) {
      checked++
      const [path = '', anchor] = target.split('#', 2)
      const file = path === '' ? page : relative(root, join(root, dirname(page), decodeURI(path)))
      if (file.startsWith('..') || !existsSync(join(root, file))) {
        broken.push(`${page}: ${target} (no file ${file})`)
        continue
      }
      if (anchor !== undefined && anchor !== '' && file.endsWith('.md') && !anchors(read(file)).has(anchor)) {
        broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`)
      }
    }
  }
  expect(broken).toEqual([])
  expect(checked).toBeGreaterThan(0)
})

test('the anchor rule matches GitHub on the headings these docs use', () => {
  const slugs = anchors('## Status, verdict, fail-on\n### INVALID_CLIENT\n## region: auto\n### `auto`\n```sh\n# not a heading\n```\n## Keeping the report\n## Keeping the report\n')
  expect([...slugs]).toEqual(['status-verdict-fail-on', 'invalid_client', 'region-auto', 'auto', 'keeping-the-report', 'keeping-the-report-1'])
})
