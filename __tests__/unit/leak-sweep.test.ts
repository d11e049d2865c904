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
  test('also sweeps for the alert secrets: the token and the webhook and heartbeat URLs, whole or by their path', () => {
    const alertForms = secretFormsOf({ 'github-token': 'ghs_0123456789', 'notify-webhook-url': 'https://hooks.example.com/services/T0/B0/XyZ', 'heartbeat-url': 'https://hc.example.com/ping/abc-123' })
    for (const leak of ['ghs_0123456789', 'posting to https://hooks.example.com/services/T0/B0/XyZ', 'path /services/T0/B0/XyZ', 'hc /ping/abc-123', encodeURIComponent('https://hc.example.com/ping/abc-123')]) {
      expect(() => assertNoLeak({ ...clean, stdout: `${clean.stdout}${leak}\n` }, alertForms)).toThrow(/secret leak/)
    }
    expect(secretFormsOf({ 'github-token': '${{ github.token }}' })).toEqual([])
  })
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

  // Escaped, decoded and partial forms: what servers quote back and what truncation leaves.
  const html = [...SECRET].map(c => (/[a-z0-9]/i.test(c) ? c : `&#${c.charCodeAt(0)};`)).join('')
  const hex = [...SECRET].map(c => (/[a-z0-9]/i.test(c) ? c : `&#x${c.charCodeAt(0).toString(16)};`)).join('')
  const unicode = [...SECRET].map(c => (/[a-z0-9]/i.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('')
  const upper = Buffer.from(SECRET).toString('hex').replace(/(..)/g, '%$1').toUpperCase()
  test.each([
    ['JSON \\/ escaping in the report output', { outputs: { ...clean.outputs, report: `{"x":"${SECRET.replace(/\//g, '\\/')}"}` } }],
    ['JSON \\uXXXX escaping in the summary', { summary: `said ${unicode}` }],
    ['HTML decimal entities in the summary', { summary: `said ${html}` }],
    ['HTML hex entities in stdout', { stdout: `${clean.stdout}said ${hex}\n` }],
    ['named HTML entities in the summary', { summary: `said p&commat;ss word&plus;secret&sol;42` }],
    ['percent-encoding, upper case, in stderr', { stderr: upper }],
    ['percent-encoding, lower case, in an output', { outputs: { ...clean.outputs, scope: upper.toLowerCase() } }],
    ['double percent-encoding in the report file', { reportFile: encodeURIComponent(encodeURIComponent(SECRET)) }],
    ['a 6-character fragment (our own truncation) in an annotation line', { stdout: `${clean.stdout}::error title=x::invalid secret p@ss w…\n` }],
    ['a 6-character fragment from the middle, in the summary', { summary: 'got d+secr only' }],
    ['a fragment of a token in the report file', { reportFile: '{"x":"56789"} tok-012345' }],
    ['a fragment inside an escaped form', { summary: 'got &#119;ord&#43;s' }]
  ])('catches a leak: %s', (_what, change) => {
    expect(() => assertNoLeak({ ...clean, ...change }, forms)).toThrow(/secret leak/)
  })
  test('a run of 5 characters is not a leak, nor a run that is our own wording', () => {
    expect(() => assertNoLeak({ ...clean, summary: 'p@ss ; client-secret is wrong' }, forms)).not.toThrow()
  })
  test("a run that is also a configured, non-secret value (the check's name) is not a leak", () => {
    const named = { ...clean, summary: 'check xword+secrx failed' }
    expect(() => assertNoLeak(named, forms)).toThrow(/secret leak/)
    expect(() => assertNoLeak(named, forms, { name: 'xword+secrx', 'client-secret': SECRET })).not.toThrow()
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
