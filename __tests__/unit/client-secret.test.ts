import { describe, expect, test } from '@jest/globals'
import type { AttemptResult } from '../../src/exchange/classify.js'
import { finding } from '../../src/findings/codes.js'
import type { CheckSpec } from '../../src/spec.js'
import { conclude, nextPlan, planSequence } from '../../src/client-auth/client-secret.js'
import type { AttemptRecord, SecretPlan as AttemptPlan } from '../../src/client-auth/types.js'
import { makeSpec, secret } from '../helpers/spec.js'

const TOKEN: AttemptResult = {
  kind: 'token',
  grant: { accessToken: 't', tokenType: 'Bearer', expiresIn: 3600, scope: undefined, otherSecrets: [] }
}
const REJECTED: AttemptResult = {
  kind: 'rejected',
  error: { error: 'invalid_client', description: 'Bad client credentials', errorCodes: [] },
  shape: 'invalid_client ("Bad client credentials")'
}

type Server = (plan: AttemptPlan, spec: CheckSpec) => AttemptResult

/** Drives the pure strategy the way check.ts does, against a server model. */
function drive(spec: CheckSpec, server: Server): { attempts: AttemptRecord<AttemptPlan>[]; codes: string[]; winner: AttemptPlan | undefined } {
  const attempts: AttemptRecord<AttemptPlan>[] = []
  for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
    const result = server(plan, spec)
    attempts.push({ plan, result, httpStatus: result.kind === 'token' ? 200 : 401, latencyMs: 1, tries: 1 })
  }
  const c = conclude(spec, attempts)
  return { attempts, codes: c.findings.map(f => f.code), winner: c.winner?.plan }
}

const basicOnly: Server = plan => (plan.placement === 'header' && plan.basicEncoding === 'form' ? TOKEN : REJECTED)
const bodyOnly: Server = plan => (plan.placement === 'body' ? TOKEN : REJECTED)
const rawBasic: Server = plan => (plan.placement === 'header' && plan.basicEncoding === 'raw' ? TOKEN : REJECTED)
const rejectsAll: Server = () => REJECTED
/** Accepts anything, but only the trimmed values. */
const trimmedOnly: Server = plan => (plan.trimmed ? TOKEN : REJECTED)

describe('auto placement', () => {
  test('server wants Basic: one request, header wins, AUTH_PLACEMENT_DETECTED notice', () => {
    const r = drive(makeSpec(), basicOnly)
    expect(r.attempts).toHaveLength(1)
    expect(r.winner).toMatchObject({ placement: 'header', basicEncoding: 'form' })
    expect(r.codes).toEqual(['AUTH_PLACEMENT_DETECTED'])
  })
  test('server wants the body: header rejected, body wins', () => {
    const r = drive(makeSpec(), bodyOnly)
    expect(r.attempts.map(a => a.plan.placement)).toEqual(['header', 'body'])
    expect(r.winner?.placement).toBe('body')
    expect(r.codes).toEqual(['AUTH_PLACEMENT_DETECTED'])
  })
  test('a raw Basic value is tried only when form-encoding changes the secret', () => {
    expect(planSequence(makeSpec({ clientSecret: 'plain' }))).toHaveLength(2)
    const r = drive(makeSpec({ clientSecret: 'p@ss+word' }), rawBasic)
    expect(r.attempts).toHaveLength(3)
    expect(r.winner).toMatchObject({ placement: 'header', basicEncoding: 'raw' })
  })
  test('every way rejected: INVALID_CLIENT, whose hint lists each attempt', () => {
    const spec = makeSpec()
    const attempts: AttemptRecord<AttemptPlan>[] = []
    for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
      attempts.push({ plan, result: REJECTED, httpStatus: 401, latencyMs: 1, tries: 1 })
    }
    const [f] = conclude(spec, attempts).findings
    expect(f?.code).toBe('INVALID_CLIENT')
    expect(f?.hint).toContain('Basic header (client_secret_basic) → HTTP 401 invalid_client')
    expect(f?.hint).toContain('form body (client_secret_post) → HTTP 401 invalid_client')
  })
  test('a failure that is not a rejection stops the sequence', () => {
    const spec = makeSpec()
    const failed: AttemptResult = { kind: 'failed', finding: finding('INVALID_SCOPE', 'no') }
    const r = drive(spec, () => failed)
    expect(r.attempts).toHaveLength(1)
    expect(r.codes).toEqual(['INVALID_SCOPE'])
  })
})

describe('explicit placement', () => {
  test('the real case: body configured, server wants Basic → AUTH_PLACEMENT_MISMATCH, fix names header', () => {
    const spec = makeSpec({ ...secret('body') })
    const r = drive(spec, basicOnly)
    expect(r.codes).toEqual(['AUTH_PLACEMENT_MISMATCH'])
    expect(r.winner?.placement).toBe('header')
    const c = conclude(spec, r.attempts)
    expect(c.findings[0]?.hint).toContain('Set auth-placement: header')
  })
  test('header configured, server wants the body → AUTH_PLACEMENT_MISMATCH, fix names body', () => {
    const r = drive(makeSpec({ ...secret('header') }), bodyOnly)
    expect(r.codes).toEqual(['AUTH_PLACEMENT_MISMATCH'])
    expect(conclude(makeSpec({ ...secret('header') }), r.attempts).findings[0]?.hint).toContain('auth-placement: body')
  })
  test('header configured, server does not form-decode → BASIC_ENCODING_MISMATCH', () => {
    const r = drive(makeSpec({ ...secret('header'), clientSecret: 'p@ss+word' }), rawBasic)
    expect(r.codes).toEqual(['BASIC_ENCODING_MISMATCH'])
  })
  test('configured way works: healthy, no finding, no extra request', () => {
    const r = drive(makeSpec({ ...secret('header') }), basicOnly)
    expect(r.attempts).toHaveLength(1)
    expect(r.codes).toEqual([])
  })
  test('diagnose: false sends only the configured way', () => {
    const r = drive(makeSpec({ ...secret('body'), diagnose: false }), basicOnly)
    expect(r.attempts).toHaveLength(1)
    expect(r.codes).toEqual(['INVALID_CLIENT'])
  })
  test('nothing works: INVALID_CLIENT after trying each other way once', () => {
    const r = drive(makeSpec({ ...secret('header'), clientSecret: 'p@ss+word' }), rejectsAll)
    expect(r.attempts.map(a => `${a.plan.placement}/${a.plan.basicEncoding}`)).toEqual(['header/form', 'body/form', 'header/raw'])
    expect(r.codes).toEqual(['INVALID_CLIENT'])
  })
})

describe('whitespace in the stored values', () => {
  test('secret with a trailing newline that works trimmed → SECRET_WHITESPACE, says newline', () => {
    const spec = makeSpec({ ...secret('header'), clientSecret: 'plainSecret123\n' })
    const r = drive(spec, trimmedOnly)
    expect(r.codes).toEqual(['SECRET_WHITESPACE'])
    const message = conclude(spec, r.attempts).findings[0]?.message ?? ''
    expect(message).toContain('client-secret')
    expect(message).toContain('newline')
    expect(message).not.toContain('plainSecret123')
  })
  test('a server that calls the newline a malformed request: trimmed values are tried next', () => {
    const spec = makeSpec({ ...secret('body'), clientSecret: 'plainSecret123\n' })
    const invalidRequest: AttemptResult = { kind: 'failed', finding: finding('INVALID_REQUEST', 'bad') }
    const r = drive(spec, plan => (plan.trimmed ? TOKEN : invalidRequest))
    expect(r.attempts.map(a => a.plan.trimmed)).toEqual([false, true])
    expect(r.codes).toEqual(['SECRET_WHITESPACE'])
  })
  test('trimmed values are never tried without diagnose', () => {
    expect(planSequence(makeSpec({ clientSecret: 's \n', diagnose: false })).some(p => p.trimmed)).toBe(false)
  })
  test('no whitespace: no trimmed attempts', () => {
    expect(planSequence(makeSpec()).some(p => p.trimmed)).toBe(false)
  })
})

test('a provider error code that names the cause (Entra AADSTS7000222) stops the search for another placement', () => {
  const expired: AttemptResult = { kind: 'rejected', error: { error: 'invalid_client', description: 'AADSTS7000222', errorCodes: [7000222] }, shape: 'invalid_client ("AADSTS7000222")' }
  const r = drive(makeSpec({ ...secret('body') }), () => expired)
  expect(r.attempts).toHaveLength(1)
})

describe('raw Basic hints name what form-encoding changes', () => {
  const hintOf = (clientId: string, clientSecret: string): string => {
    const spec = makeSpec({ ...secret('header'), clientId, clientSecret })
    const attempts: AttemptRecord<AttemptPlan>[] = []
    for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
      const result = rawBasic(plan, spec)
      attempts.push({ plan, result, httpStatus: result.kind === 'token' ? 200 : 401, latencyMs: 1, tries: 1 })
    }
    const findings = conclude(spec, attempts).findings
    expect(findings.map(f => f.code)).toEqual(['BASIC_ENCODING_MISMATCH'])
    return `${findings[0]?.message ?? ''} | ${findings[0]?.hint ?? ''}`
  }
  test('only the secret changes: names client-secret and suggests rotating to letters and digits', () => {
    const text = hintOf('my-client', 'p@ss+word')
    expect(text).toContain('form-encoding changes the client-secret.')
    expect(text).toContain('Rotating to a secret of only letters, digits and - . _ *')
  })
  test('only the id changes, the secret is letters and digits: names client-id, no rotation advice', () => {
    const text = hintOf('svc@example.com', 'abcDEF0123456789')
    expect(text).toContain('form-encoding changes the client-id.')
    expect(text).not.toContain('Rotating')
    expect(text).toContain("The client id's characters (not the secret's) are what form-encoding changes, so a new secret would not help")
  })
  test('both change: names both, and a new secret alone is not offered as the fix', () => {
    const text = hintOf('svc@example.com', 'p@ss+word')
    expect(text).toContain('form-encoding changes the client-id and client-secret.')
    expect(text).not.toContain('Rotating')
  })
})

describe('servers that reject without invalid_client', () => {
  const BARE_403: AttemptResult = { kind: 'rejected', error: undefined, shape: 'without a body' }
  test('every way got a bodiless 403: INVALID_CLIENT says the answers cannot tell the causes apart', () => {
    const spec = makeSpec()
    const attempts: AttemptRecord<AttemptPlan>[] = []
    for (let plan = nextPlan(spec, attempts); plan; plan = nextPlan(spec, attempts)) {
      attempts.push({ plan, result: BARE_403, httpStatus: 403, latencyMs: 1, tries: 1 })
    }
    const [f] = conclude(spec, attempts).findings
    expect(f?.code).toBe('INVALID_CLIENT')
    expect(f?.message).toContain('(HTTP 403 without a body)')
    expect(f?.message).toContain('cannot tell these causes apart')
    expect(f?.hint).toContain('Basic header (client_secret_basic) → HTTP 403 without a body; form body (client_secret_post) → HTTP 403 without a body')
  })
  test('header got an OAuth error, body a page of another shape → BLOCKED_BY_GATEWAY listing both attempts', () => {
    const spec = makeSpec()
    const page: AttemptResult = { kind: 'failed', finding: finding('OAUTH_ERROR', 'The token endpoint answered HTTP 403 without an OAuth error body: "Request blocked".') }
    const attempts: AttemptRecord<AttemptPlan>[] = [
      { plan: { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false }, result: REJECTED, httpStatus: 401, latencyMs: 1, tries: 1 },
      { plan: { family: 'client_secret', placement: 'body', basicEncoding: 'form', trimmed: false }, result: page, httpStatus: 403, latencyMs: 1, tries: 1 }
    ]
    const [f] = conclude(spec, attempts).findings
    expect(f?.code).toBe('BLOCKED_BY_GATEWAY')
    expect(f?.message).toContain('body of another shape')
    expect(f?.hint).toContain('form body (client_secret_post) → HTTP 403 OAUTH_ERROR')
  })
})
