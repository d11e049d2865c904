// The runner emulator reads back what @actions/core writes. A parser that quietly misreads an
// output, a title or a mask would make every end-to-end assertion weaker, so it is checked here
// against the lines and files @actions/core itself produces.
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  escapeData,
  escapeProperty,
  inputEnv,
  parseAnnotations,
  parseMasks,
  parseOutputs,
  unescapeData,
  unescapeProperty
} from '../../scripts/runner.js'

/** Runs `write` and returns what it printed to stdout. */
function stdoutOf(write: () => void): string {
  let out = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    out += String(chunk)
    return true
  })
  try {
    write()
  } finally {
    spy.mockRestore()
  }
  return out
}

const AWKWARD = 'a: b, c\r\nline 2 is 100% done, %3A stays %3A, %25 stays %25'

describe('the runner emulator reads what @actions/core writes', () => {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'och-runner-test-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
    delete process.env['GITHUB_OUTPUT']
  })

  test('outputs: multi-line values, and a value line that looks like a header stays in the value', () => {
    const file = join(dir, 'output')
    writeFileSync(file, '')
    process.env['GITHUB_OUTPUT'] = file
    core.setOutput('status', 'healthy')
    core.setOutput('report', '{\n  "x<<y": 1\n}')
    core.setOutput('empty', '')
    expect(parseOutputs(readFileSync(file, 'utf8'))).toEqual({ status: 'healthy', report: '{\n  "x<<y": 1\n}', empty: '' })
  })

  test('annotations: level, title and message unescaped, including a literal %3A in a title', () => {
    const log = stdoutOf(() => {
      core.error(AWKWARD, { title: AWKWARD })
      core.warning('careful', { title: 'ci: EXPIRING_SOON' })
      core.notice('no title')
      core.info('::not an annotation')
    })
    expect(parseAnnotations(log)).toEqual([
      { level: 'error', title: AWKWARD, message: AWKWARD },
      { level: 'warning', title: 'ci: EXPIRING_SOON', message: 'careful' },
      { level: 'notice', title: '', message: 'no title' }
    ])
  })

  test('masks: every ::add-mask:: value, unescaped', () => {
    const log = stdoutOf(() => {
      core.setSecret('plain-secret')
      core.setSecret('multi\nline 50%')
      core.info('a log line mentioning ::add-mask::x is not a mask')
    })
    expect(parseMasks(log)).toEqual(['plain-secret', 'multi\nline 50%'])
  })

  test('escape and unescape are inverses, as @actions/core and the runner apply them', () => {
    expect(unescapeData(escapeData(AWKWARD))).toBe(AWKWARD)
    expect(unescapeProperty(escapeProperty(AWKWARD))).toBe(AWKWARD)
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25')
    expect(escapeData('a:b,c%\n')).toBe('a:b,c%25%0A')
  })

  test('INPUT_* names as getInput reads them: upper case, spaces to underscores, hyphens kept', () => {
    expect(inputEnv({ 'auth-placement': 'header', 'my input': 'x' })).toEqual({ 'INPUT_AUTH-PLACEMENT': 'header', INPUT_MY_INPUT: 'x' })
  })
})
