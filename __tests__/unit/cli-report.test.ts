// The CLI's and the job summary's new renderings, pure: the working request as curl and fetch
// (placeholders, never a secret; raw vs form-encoded Basic; body placement), JUnit XML (read back
// with a real XML parser) and the terminal report (colour only when asked, server text made safe).
import { describe, expect, test } from '@jest/globals'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { credentialForms } from '../../src/check.js'
import { finding } from '../../src/findings/codes.js'
import { junitOutcome, renderJunit } from '../../src/report/junit.js'
import { buildReport } from '../../src/report/report.js'
import type { AttemptSummary, CheckResult } from '../../src/report/result.js'
import { curlSnippet, fetchSnippet, MAX_SNIPPETS, placeholders, snippetsMarkdown, workingRequest } from '../../src/report/snippet.js'
import { renderTerminal } from '../../src/report/terminal.js'
import { ANY_KEY_PEM, makeSpec, privateKeyJwt, secret } from '../helpers/spec.js'

const EVIL = "::set-output name=status::healthy\n\u001b[31mred ' `` ``` $(touch x) <script>"

const attempt = (over: Partial<AttemptSummary> = {}): AttemptSummary => ({
  authMethod: 'client_secret_basic',
  placement: 'header',
  basicEncoding: 'form',
  trimmed: false,
  audience: null,
  httpStatus: 200,
  outcome: 'token',
  error: null,
  latencyMs: 5,
  tries: 1,
  ...over
})

const result = (over: Partial<CheckResult> = {}): CheckResult => ({
  name: 'svc',
  status: 'healthy',
  verdict: 'valid',
  tokenUrl: 'https://login.example.com/oauth/token',
  issuer: null,
  discovery: null,
  authMethod: 'client_secret_basic',
  placement: 'header',
  basicEncoding: 'form',
  httpStatus: 200,
  latencyMs: 42,
  attempts: [attempt()],
  expiresIn: 3600,
  expiresAt: null,
  tokenType: 'Bearer',
  scope: null,
  claims: null,
  probe: null,
  secretExpiresAt: null,
  secretDaysLeft: null,
  clientCertNotAfter: null,
  apiEndpoint: null,
  findings: [],
  ...over
})

const SPECIAL = 'p@ss+w0rd/with:special&chars=%25'

describe('the working request as code', () => {
  test('no token, no snippet', () => {
    const spec = makeSpec()
    expect(workingRequest(spec, result({ attempts: [attempt({ outcome: 'rejected', httpStatus: 401 })] }), credentialForms(spec))).toBeUndefined()
  })
  test('Basic, form-encoded, secret with special characters: jq form-encoding in curl, form() in fetch, never curl -u', () => {
    const spec = makeSpec({ clientSecret: SPECIAL, scope: 'api:read api:write' })
    const w = workingRequest(spec, result(), credentialForms(spec))!
    expect(w.auth).toEqual({ kind: 'basic', encoding: 'form', encodingMatters: true })
    const curl = curlSnippet(w)
    expect(curl).toContain(`jq -rn 'env.CLIENT_SECRET|@uri'`)
    expect(curl).toContain('-H "Authorization: Basic $BASIC"')
    expect(curl).not.toContain('-u "')
    expect(curl).toContain(`--data-urlencode 'scope=api:read api:write'`)
    expect(curl).toContain(`--data-urlencode 'grant_type=client_credentials'`)
    const js = fetchSnippet(w)
    expect(js).toContain('form(process.env.CLIENT_SECRET)')
    for (const text of [curl, js]) for (const form of credentialForms(spec)) expect(text).not.toContain(form)
  })
  test('Basic, form-encoded, a plain secret: curl -u is exact', () => {
    const spec = makeSpec()
    const w = workingRequest(spec, result(), credentialForms(spec))!
    expect(curlSnippet(w)).toContain('-u "$CLIENT_ID:$CLIENT_SECRET"')
  })
  test('raw Basic: curl -u and the raw id:secret in fetch, with a note that the server skips form-decoding', () => {
    const spec = makeSpec({ clientSecret: SPECIAL })
    const w = workingRequest(spec, result({ basicEncoding: 'raw', attempts: [attempt({ outcome: 'rejected' }), attempt({ basicEncoding: 'raw' })] }), credentialForms(spec))!
    expect(w.auth).toMatchObject({ kind: 'basic', encoding: 'raw' })
    expect(curlSnippet(w)).toContain('-u "$CLIENT_ID:$CLIENT_SECRET"')
    expect(curlSnippet(w)).toContain('# This server reads the Basic value raw')
    expect(fetchSnippet(w)).toContain('Buffer.from(`${process.env.CLIENT_ID}:${process.env.CLIENT_SECRET}`)')
    expect(fetchSnippet(w)).not.toContain('form(')
  })
  test('body placement: client_id and client_secret as form fields, no Authorization header', () => {
    const spec = makeSpec(secret('body'))
    const w = workingRequest(spec, result({ attempts: [attempt({ authMethod: 'client_secret_post', placement: 'body', basicEncoding: null })] }), credentialForms(spec))!
    expect(w.auth).toEqual({ kind: 'body' })
    const curl = curlSnippet(w)
    expect(curl).toContain('--data-urlencode "client_id=$CLIENT_ID"')
    expect(curl).toContain('--data-urlencode "client_secret=$CLIENT_SECRET"')
    expect(curl).not.toContain('Authorization')
    expect(fetchSnippet(w)).toContain('["client_secret", process.env.CLIENT_SECRET]')
    expect(fetchSnippet(w)).not.toContain('Authorization')
  })
  test('the stored value worked only trimmed: the snippet says so', () => {
    const spec = makeSpec({ clientSecret: 'plainSecret123\n' })
    const w = workingRequest(spec, result({ attempts: [attempt({ outcome: 'rejected' }), attempt({ trimmed: true })] }), credentialForms(spec))!
    expect(curlSnippet(w)).toContain('store and send it trimmed')
  })
  test('private_key_jwt: a $CLIENT_ASSERTION placeholder and what to sign, never the key', () => {
    const spec = makeSpec({ clientSecret: '', ...privateKeyJwt(ANY_KEY_PEM) })
    const w = workingRequest(spec, result({ authMethod: 'private_key_jwt', attempts: [attempt({ authMethod: 'private_key_jwt', placement: null, basicEncoding: null, audience: 'https://login.example.com/oauth/token' })] }), credentialForms(spec))!
    expect(placeholders(w)).toEqual(['CLIENT_ID', 'CLIENT_ASSERTION'])
    const curl = curlSnippet(w)
    expect(curl).toContain('--data-urlencode "client_assertion=$CLIENT_ASSERTION"')
    expect(curl).toContain("'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer'")
    expect(curl).toContain('aud = https://login.example.com/oauth/token')
    for (const line of ANY_KEY_PEM.split('\n').filter(l => l.length > 20)) expect(curl + fetchSnippet(w)).not.toContain(line)
  })
  test('a private CA (ca-cert): curl --cacert and NODE_EXTRA_CA_CERTS for fetch, as placeholders', () => {
    const spec = makeSpec({ caCert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' })
    const w = workingRequest(spec, result(), credentialForms(spec))!
    expect(placeholders(w)).toEqual(['CLIENT_ID', 'CLIENT_SECRET', 'CA_CERT_FILE'])
    expect(curlSnippet(w)).toContain('--cacert "$CA_CERT_FILE"')
    expect(fetchSnippet(w)).toContain('NODE_EXTRA_CA_CERTS="$CA_CERT_FILE"')
    expect(curlSnippet(workingRequest(makeSpec(), result(), [])!)).not.toContain('--cacert')
  })
  test('password grant (NICE CXone): username and password are the CLI variables OAUTH_USERNAME and OAUTH_PASSWORD, never the keys', () => {
    const spec = makeSpec({ grant: { type: 'password', username: 'AKID-0123456789', password: 'key/secret+with=' } })
    const w = workingRequest(spec, result(), credentialForms(spec))!
    expect(placeholders(w)).toEqual(['CLIENT_ID', 'CLIENT_SECRET', 'OAUTH_USERNAME', 'OAUTH_PASSWORD'])
    const curl = curlSnippet(w)
    expect(curl).toContain(`--data-urlencode 'grant_type=password'`)
    expect(curl).toContain('--data-urlencode "username=$OAUTH_USERNAME"')
    expect(curl).toContain('--data-urlencode "password=$OAUTH_PASSWORD"')
    expect(fetchSnippet(w)).toContain('["password", process.env.OAUTH_PASSWORD]')
    for (const text of [curl, fetchSnippet(w)]) for (const v of ['AKID-0123456789', 'key/secret+with=']) expect(text).not.toContain(v)
  })
  test('a field whose value is a known secret form becomes a placeholder', () => {
    const spec = makeSpec({ extraParams: [['api_key', 'plainSecret123']] })
    const w = workingRequest(spec, result(), credentialForms(spec))!
    expect(curlSnippet(w)).toContain('"api_key=$API_KEY"')
    expect(curlSnippet(w)).not.toContain('plainSecret123')
  })
  test('a field whose name says it holds a credential is a placeholder whatever its value; an odd name cannot expand', () => {
    const spec = makeSpec({ extraParams: [['subject_token', 'eyJ-not-known-to-the-check'], ['$(touch /tmp/x)', 'v']] })
    const w = workingRequest(spec, result(), credentialForms(spec))!
    const curl = curlSnippet(w)
    expect(curl).toContain('"subject_token=$SUBJECT_TOKEN"')
    expect(curl).not.toContain('eyJ-not-known-to-the-check')
    expect(curl).toContain(`'$(touch /tmp/x)=v'`)
  })
  test('hostile values stay inert: single-quoted for the shell, JSON strings for JS, one line, a fence they cannot close', () => {
    const spec = makeSpec({ scope: EVIL })
    const w = workingRequest(spec, result({ name: EVIL, tokenUrl: `https://h/t?x=${EVIL}` }), credentialForms(spec))!
    const curl = curlSnippet(w)
    expect(curl).not.toContain('\u001b')
    expect(curl).toContain(`'\\''`)
    expect(curl.split('\n').every(l => !l.trim().startsWith('::'))).toBe(true)
    const md = snippetsMarkdown([w])
    expect(md).toContain('````sh\n')
    // Inside a fence text is literal (CommonMark); outside it, everything is escaped.
    const outsideFences = md.replace(/^(`{3,})[a-z]*\n[\s\S]*?\n\1$/gm, '')
    expect(outsideFences).not.toContain('<script>')
    expect(outsideFences).not.toContain('`` ```')
    expect(outsideFences).toContain('&lt;script&gt;')
  })
  test('the job summary section lists the placeholders and both snippets', () => {
    const spec = makeSpec()
    const md = snippetsMarkdown([workingRequest(spec, result(), credentialForms(spec))!])
    expect(md).toContain('### The request that works')
    expect(md).toContain('**svc** (`$CLIENT_ID`, `$CLIENT_SECRET`)')
    expect(md).toContain('```sh\ncurl ')
    expect(md).toContain('<details><summary>fetch (Node 18+)</summary>')
    expect(snippetsMarkdown([])).toBe('')
  })
  test('at most MAX_SNIPPETS requests are shown, and the rest are counted', () => {
    const spec = makeSpec()
    const many = Array.from({ length: MAX_SNIPPETS + 3 }, (_, i) => workingRequest(spec, result({ name: `svc-${i}` }), credentialForms(spec))!)
    const md = snippetsMarkdown(many)
    expect(md.match(/```sh\n/g)).toHaveLength(MAX_SNIPPETS)
    expect(md).toContain('The requests of 3 more check(s) that got a token are left out')
    const text = renderTerminal(buildReport([result()]), { color: false, requests: many })
    expect(text.match(/^ {2}curl /gm)).toHaveLength(MAX_SNIPPETS)
    expect(text).toContain('3 more check(s)')
  })
})

describe('JUnit XML', () => {
  const parse = (xml: string) => {
    expect(XMLValidator.validate(xml)).toBe(true)
    return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: n => n === 'testcase' }).parse(xml) as {
      testsuites: { tests: string; failures: string; errors: string; testsuite: { testcase: Array<Record<string, unknown>> } }
    }
  }
  const failing = result({ name: 'bad', status: 'failing', verdict: 'invalid', findings: [finding('INVALID_CLIENT', `rejected ${EVIL}`)] })
  const degraded = result({ name: 'meh', status: 'degraded', findings: [finding('TOKEN_TTL_TOO_SHORT', 'short')] })
  const inputError = result({ name: 'typo', status: 'failing', verdict: 'misconfigured', findings: [finding('INVALID_INPUT', 'Input `timeout` must be a number')] })
  test('one testcase per check: failing → <failure>, input error → <error>, degraded per fail-on', () => {
    const report = buildReport([result(), failing, degraded, inputError])
    const doc = parse(renderJunit(report, 'error'))
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '1', errors: '1' })
    const [ok, bad, meh, typo] = doc.testsuites.testsuite.testcase
    expect(ok?.['failure']).toBeUndefined()
    expect(bad?.['failure']).toMatchObject({ type: 'INVALID_CLIENT' })
    expect(String((bad?.['failure'] as Record<string, string>)['message'])).toMatch(/^INVALID_CLIENT: rejected /)
    expect(meh?.['failure']).toBeUndefined()
    expect(String(meh?.['system-out'])).toContain('TOKEN_TTL_TOO_SHORT')
    expect(typo?.['error']).toMatchObject({ type: 'INVALID_INPUT' })
    expect(junitOutcome(degraded, 'warning')).toBe('failure')
    expect(junitOutcome(degraded, 'never')).toBe('passed')
    expect(junitOutcome(failing, 'never')).toBe('failure')
  })
  test('hostile server text is escaped (valid XML, no control characters, no markup)', () => {
    const xml = renderJunit(buildReport([failing]), 'error')
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('\u001b')
    expect(parse(xml)).toBeTruthy()
  })
})

describe('the terminal report', () => {
  test('findings and fixes before the summary line; colour only when asked', () => {
    const report = buildReport([failing(), result()])
    const plain = renderTerminal(report, { color: false, requests: [] })
    expect(plain).not.toContain('\u001b[')
    expect(plain.indexOf('INVALID_CLIENT')).toBeLessThan(plain.indexOf('OAuth credential health: failing'))
    expect(plain.indexOf('Fix:')).toBeLessThan(plain.indexOf('OAuth credential health: failing'))
    expect(plain).toContain('(1 failing, 0 degraded, 1 healthy)')
    expect(renderTerminal(report, { color: true, requests: [] })).toContain('\u001b[31m')
  })
  test('server text cannot write escapes or workflow commands to the terminal', () => {
    const out = renderTerminal(buildReport([failing()]), { color: true, requests: [] })
    const ours = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g')
    const withoutOurColours = out.replace(ours, '')
    expect(withoutOurColours).not.toContain('\u001b')
    expect(out.split('\n').every(l => !l.replace(ours, '').trim().startsWith('::'))).toBe(true)
  })
})

function failing(): CheckResult {
  return result({ name: 'bad', status: 'failing', verdict: 'invalid', findings: [finding('INVALID_CLIENT', `rejected ${EVIL}`)] })
}
