// The `checks-file` input: the same list as `checks`, read from a file relative to the workspace,
// with the same validation and masking, YAML errors by line and column only, and never together
// with `checks`.

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { readChecksFile } from '../../src/inputs/checks-file.js'
import { loadYamlParser, topLevelItems, type YamlParser } from '../../src/inputs/checks-list.js'
import { parseRun, type ListFile, type ParsedCheck } from '../../src/inputs/run.js'

let parseYaml: YamlParser
let workspace: string
beforeAll(async () => {
  parseYaml = await loadYamlParser()
  workspace = mkdtempSync(join(tmpdir(), 'och-checks-file-'))
  mkdirSync(join(workspace, '.github'))
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

const messages = (c: ParsedCheck | undefined): string[] => (c && !c.ok ? c.findings.map(f => f.message) : [])
const fromFile = (file: ListFile, inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  parseRun(name => ({ 'checks-file': file.path, ...inputs })[name] ?? '', name => env[name], parseYaml, file)

describe('reading the file', () => {
  test('a path relative to the workspace is read from there', async () => {
    writeFileSync(join(workspace, '.github/checks.yml'), '- name: a\n')
    expect(await readChecksFile(' .github/checks.yml ', workspace)).toEqual({ path: '.github/checks.yml', text: '- name: a\n' })
  })
  test('a missing file, or a directory, is said so', async () => {
    expect(await readChecksFile('nope.yml', workspace)).toEqual({ path: 'nope.yml', error: expect.stringContaining('names no file') })
    expect(await readChecksFile('.github', workspace)).toEqual({ path: '.github', error: expect.stringContaining('is a directory') })
  })
})

describe('parsing the list from the file', () => {
  test('items are validated as in `checks`: did-you-mean, secrets from env, secrets collected for masking', () => {
    const text = [
      '- name: a',
      '  token-url: https://a.example.com/t',
      '  client-id: 0123',
      '  client-secret-env: A_SECRET',
      '- name: b',
      '  token-url: https://b.example.com/t',
      '  client-id: b',
      '  client-secret: inline-secret-b',
      '  scopes: x'
    ].join('\n')
    const run = fromFile({ path: 'checks.yml', text }, {}, { A_SECRET: 'secret-from-env' })
    expect(run.checks[0]).toMatchObject({ ok: true, spec: { name: 'a', clientId: '0123', clientSecret: 'secret-from-env' } })
    expect(messages(run.checks[1])).toEqual([expect.stringContaining('Check `b`: key `scopes` is not a check key; did you mean `scope`?')])
    expect(run.secrets).toEqual(expect.arrayContaining(['secret-from-env', 'inline-secret-b']))
  })

  test('a YAML error gives line and column, and no text of the file', () => {
    const text = '- name: a\n  token-url: https://a.example.com/t\n  client-secret: TOPSECRET-VALUE: [unclosed\n'
    const run = fromFile({ path: 'checks.yml', text })
    const [message, ...rest] = messages(run.checks[0])
    expect(rest).toEqual([])
    expect(message).toMatch(/^Input `checks-file` \(checks\.yml\) is not valid YAML: .+ at line 3, column \d+\.$/)
    expect(message).not.toContain('TOPSECRET')
    expect(message).not.toContain('unclosed')
  })

  test('a duplicate key is a YAML error at its line', () => {
    const run = fromFile({ path: 'checks.yml', text: '- name: a\n  name: b\n' })
    expect(messages(run.checks[0])).toEqual(['Input `checks-file` (checks.yml) is not valid YAML: a key given twice in one item at line 2, column 3.'])
  })

  test('a file that is not a list, and a file that cannot be read, are INVALID_INPUT naming the input', () => {
    expect(messages(fromFile({ path: 'c.yml', text: 'name: a' }).checks[0])[0]).toContain('Input `checks-file` (c.yml) must be a YAML list')
    expect(messages(fromFile({ path: 'c.yml', error: 'names no file.' }).checks[0])).toEqual(['Input `checks-file` (c.yml) names no file.'])
  })

  test('`checks` and `checks-file` together → INVALID_INPUT, nothing runs, the inline secrets still masked', () => {
    const run = fromFile({ path: 'c.yml', text: '- name: a' }, { checks: '- name: b\n  token-url: https://b.example.com/t\n  client-id: b\n  client-secret: inline-secret-b' })
    expect(run.checks).toHaveLength(1)
    expect(run.checks[0]).toMatchObject({ ok: false, findings: [{ code: 'INVALID_INPUT', message: expect.stringContaining('Inputs `checks` and `checks-file` are both set') }] })
    expect(run.secrets).toContain('inline-secret-b')
  })
})

describe('long lists are parsed item by item, with the same result as the whole document', () => {
  const whole = (text: string): unknown => parse(text, { schema: 'failsafe', uniqueKeys: true, logLevel: 'error' })
  const texts = [
    '# checks\n\n- name: a\n  scope: [x, y]\n# between\n- name: b\n  extra-params:\n    k: v\n\n- name: c\n  private-key: |\n    -----BEGIN KEY-----\n    abc\n',
    '-\n  name: a\n- name: "b # not a comment"\n-   name: c\n',
    '- name: a\n  v: &x 1\n- name: b\n  v: *x\n',
    '[{name: a}, {name: b}]',
    '---\n- name: a\n- name: b\n',
    '- name: "multi\n- line"\n- name: b\n'
  ]
  test.each(texts.map(t => [t]))('%j', text => {
    let expected: unknown
    try {
      expected = whole(text)
    } catch (error) {
      expected = error
    }
    if (expected instanceof Error) expect(() => parseYaml(text)).toThrow()
    else expect(parseYaml(text)).toEqual(expected)
  })
  test('split only a plain top-level block list, never one with anchors, markers or a flow list', () => {
    expect(topLevelItems('# c\n- name: a\n  x: 1\n- name: b\n')).toEqual(['# c\n- name: a\n  x: 1', '- name: b\n'])
    expect(topLevelItems('- a: &x 1\n- b: *x\n')).toBeUndefined()
    expect(topLevelItems('---\n- a\n')).toBeUndefined()
    expect(topLevelItems('[a, b]')).toBeUndefined()
    expect(topLevelItems('name: a\n')).toBeUndefined()
  })
  test('an error inside one item still gives its line in the whole file', () => {
    const text = `${Array.from({ length: 50 }, (_, i) => `- name: c${i}\n  client-id: x`).join('\n')}\n- name: bad\n  name: again\n`
    expect(messages(fromFile({ path: 'c.yml', text }).checks[0])).toEqual(['Input `checks-file` (c.yml) is not valid YAML: a key given twice in one item at line 102, column 3.'])
  })
})
