// The leak sweep that every end-to-end run goes through must itself catch leaks: a sweep that
// cannot fail would make every end-to-end case silently weaker.
import { describe, expect, test } from '@jest/globals'
import { assertNoLeak, secretFormsOf, type ActionRun } from '../helpers/action.js'

const SECRET = 'p@ss word+secret/42'
const clean: ActionRun = {
  exitCode: 0,
  stdout: `::add-mask::${SECRET}\nall good\n`,
  stderr: '',
  outputs: { status: 'healthy', 'access-token': 'tok-0123456789' },
  summary: '## ok',
  annotations: [],
  masks: [SECRET, 'tok-0123456789'],
  report: { status: 'healthy', checks: [] },
  durationMs: 1,
  reportFile: '{}'
}
const forms = secretFormsOf({ 'client-id': 'id', 'client-secret': SECRET })

describe('the leak sweep', () => {
  test('passes a clean run; the secret may appear only in ::add-mask:: lines and the token only in access-token', () => {
    expect(() => assertNoLeak(clean, forms)).not.toThrow()
  })
  test.each([
    ['stdout', { stdout: `${clean.stdout}oops ${SECRET}\n` }],
    ['stdout, form-encoded', { stdout: `${clean.stdout}oops p%40ss+word%2Bsecret%2F42\n` }],
    ['stdout, Basic value', { stdout: `${clean.stdout}Authorization: Basic ${Buffer.from(`id:${encodeURIComponent(SECRET).replace(/%20/g, '+')}`).toString('base64')}\n` }],
    ['stderr', { stderr: SECRET }],
    ['summary', { summary: `token tok-0123456789` }],
    ['an output', { outputs: { ...clean.outputs, report: `{"x":"${SECRET}"}` } }],
    ['the report file', { reportFile: `{"x":"tok-0123456789"}` }]
  ])('catches a leak in %s', (_where, change) => {
    expect(() => assertNoLeak({ ...clean, ...change }, forms)).toThrow(/secret leak/)
  })
})

describe('the leak sweep covers the password grant\'s credentials', () => {
  const KEY = 'kS7d+Qf/2mZp9=' // an access key secret
  const keyForms = secretFormsOf({ 'client-id': 'id', 'client-secret': SECRET, 'grant-type': 'password', username: 'AKCX9TQ4ZP2M', password: `${KEY}\n` })
  test.each([
    ['the access key secret', KEY],
    ['the access key secret, form-encoded', 'kS7d%2BQf%2F2mZp9%3D'],
    ['the access key ID', 'AKCX9TQ4ZP2M']
  ])('catches %s in stdout', (_what, leaked) => {
    expect(() => assertNoLeak({ ...clean, stdout: `${clean.stdout}oops ${leaked}\n` }, keyForms)).toThrow(/secret leak/)
  })
})
