// The rejection table (src/exchange/rejection.ts) read directly, and held against its description
// in docs/troubleshooting.md, so a row added to one cannot be missing from the other.
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { RULES, gatewayEvidence, readAnswer, type AnswerShape } from '../../src/exchange/rejection.js'
import { ROOT } from '../helpers/servers.js'

const answer = (over: Partial<AnswerShape>): AnswerShape => ({ status: 400, bodiless: false, error: undefined, description: '', ...over })

describe('readAnswer: first matching row wins', () => {
  test('a grant refusal whose description also names the client is UNAUTHORIZED_CLIENT, not a rejection', () => {
    expect(readAnswer(answer({ error: 'invalid_request', description: 'requested grant type is not allowed for this client' }))).toMatchObject({
      kind: 'cause',
      code: 'UNAUTHORIZED_CLIENT',
      rule: 'described-grant-not-allowed'
    })
  })
  test('bodiless answers: 401 and 403 reject; 400 and 404 say nothing', () => {
    expect(readAnswer(answer({ status: 401, bodiless: true }))?.rule).toBe('bodiless-401')
    expect(readAnswer(answer({ status: 403, bodiless: true }))?.rule).toBe('bodiless-403')
    expect(readAnswer(answer({ status: 400, bodiless: true }))).toBeUndefined()
    expect(readAnswer(answer({ status: 404, bodiless: true }))).toBeUndefined()
  })
  test('invalid_grant is never re-read (for the password grant it is about the user, not the client)', () => {
    expect(readAnswer(answer({ error: 'invalid_grant', description: 'Bad credentials' }))).toBeUndefined()
    expect(readAnswer(answer({ error: 'invalid_grant', description: 'grant type not allowed for this client' }))).toBeUndefined()
  })
  test('a description about the client under a 5xx is no rejection', () => {
    expect(readAnswer(answer({ status: 500, error: 'invalid_request', description: 'unknown client' }))).toBeUndefined()
  })
})

describe('gatewayEvidence', () => {
  test('a bodiless 403 with no WAF header is no evidence', () => {
    expect(gatewayEvidence(403, {}, '', false, false)).toBeUndefined()
  })
  test('a header set only when the WAF acted is evidence even without a body', () => {
    expect(gatewayEvidence(403, { 'x-amzn-waf-action': 'block' }, '', false, false)).toEqual({ who: 'AWS WAF', evidence: ['the x-amzn-waf-action header'] })
  })
  test('an OAuth error is the server\'s answer, whatever headers came with it', () => {
    expect(gatewayEvidence(403, { 'cf-mitigated': 'challenge' }, '{"error":"invalid_client"}', false, true)).toBeUndefined()
  })
})

test('docs/troubleshooting.md describes every error code the table reads', () => {
  const docs = readFileSync(`${ROOT}docs/troubleshooting.md`, 'utf8')
  const section = docs.slice(docs.indexOf('## How non-standard answers are read'), docs.indexOf('### INVALID_INPUT'))
  expect(section.length).toBeGreaterThan(500)
  for (const rule of RULES) {
    for (const code of rule.errors ?? []) expect({ rule: rule.id, code, documented: section.includes(`\`${code}\``) }).toEqual({ rule: rule.id, code, documented: true })
  }
})
