import { describe, expect, test } from '@jest/globals'
import { buildTokenRequest } from '../../src/client-auth/client-secret.js'
import { basicValue, encodingMatters, formEncode, secretForms } from '../../src/client-auth/secret-encoding.js'
import type { CheckSpec } from '../../src/spec.js'
import { makeSpec } from '../helpers/spec.js'

const spec = (over: Partial<CheckSpec> = {}): CheckSpec => makeSpec({ clientSecret: 'p@ss+w0rd/x:y&z=%', ...over })

const decodeBasic = (header: string | undefined): string => Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64').toString('utf8')

describe('form encoding (RFC 6749 Appendix B)', () => {
  test('encodes reserved characters and turns space into +', () => {
    expect(formEncode('a b+c/d:e&f=g%h')).toBe('a+b%2Bc%2Fd%3Ae%26f%3Dg%25h')
  })
  test('leaves unreserved characters alone', () => {
    expect(formEncode('Abc-123_x.y*')).toBe('Abc-123_x.y*')
  })
})

describe('Basic value', () => {
  test('form: each part form-encoded before joining (RFC 6749 §2.3.1)', () => {
    expect(Buffer.from(basicValue('id:1', 'a b', 'form'), 'base64').toString()).toBe('id%3A1:a+b')
  })
  test('raw: the literal id:secret, as curl -u sends it', () => {
    expect(Buffer.from(basicValue('id', 'a b', 'raw'), 'base64').toString()).toBe('id:a b')
  })
  test('encodingMatters only when form-encoding changes a value, and never for an id with a colon', () => {
    expect(encodingMatters('id', 'plainSecret123')).toBe(false)
    expect(encodingMatters('id', 'has+plus')).toBe(true)
    expect(encodingMatters('a:b', 'has+plus')).toBe(false)
  })
})

describe('token request', () => {
  test('header placement: Basic header, no credentials in the body', () => {
    const r = buildTokenRequest(spec({ scope: 'a b' }), { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false }, 'ua')
    expect(decodeBasic(r.headers['Authorization'])).toBe(`my-client:${formEncode('p@ss+w0rd/x:y&z=%')}`)
    const body = new URLSearchParams(r.body)
    expect(body.get('grant_type')).toBe('client_credentials')
    expect(body.get('scope')).toBe('a b')
    expect(body.has('client_id')).toBe(false)
    expect(body.has('client_secret')).toBe(false)
    expect(r.headers['Content-Type']).toBe('application/x-www-form-urlencoded')
    expect(r.headers['Accept']).toBe('application/json')
  })
  test('body placement: client_id and client_secret fields, no Authorization header', () => {
    const r = buildTokenRequest(spec(), { family: 'client_secret', placement: 'body', basicEncoding: 'form', trimmed: false }, 'ua')
    const body = new URLSearchParams(r.body)
    expect(body.get('client_id')).toBe('my-client')
    expect(body.get('client_secret')).toBe('p@ss+w0rd/x:y&z=%')
    expect(r.headers['Authorization']).toBeUndefined()
  })
  test('audience, every resource and extra params are sent', () => {
    const r = buildTokenRequest(
      spec({ audience: 'https://api', resources: ['https://r1/', 'https://r2/'], extraParams: [['tenant', 't1']] }),
      { family: 'client_secret', placement: 'header', basicEncoding: 'form', trimmed: false },
      'ua'
    )
    const body = new URLSearchParams(r.body)
    expect(body.get('audience')).toBe('https://api')
    expect(body.getAll('resource')).toEqual(['https://r1/', 'https://r2/'])
    expect(body.get('tenant')).toBe('t1')
  })
  test('trimmed plan sends the values without surrounding whitespace', () => {
    const r = buildTokenRequest(spec({ clientSecret: 'secret\n' }), { family: 'client_secret', placement: 'body', basicEncoding: 'form', trimmed: true }, 'ua')
    expect(new URLSearchParams(r.body).get('client_secret')).toBe('secret')
  })
})

describe('secret forms to mask', () => {
  test('cover the raw, form- and percent-encoded secret and every Basic value that can be sent', () => {
    const s = spec({ clientSecret: 'a b/c\n' })
    const forms = secretForms(s.clientId, s.clientSecret)
    expect(forms).toEqual(expect.arrayContaining(['a b/c\n', 'a b/c', 'a+b%2Fc', 'a%20b%2Fc']))
    for (const placement of ['form', 'raw'] as const) {
      for (const trimmed of [false, true]) {
        const r = buildTokenRequest(s, { family: 'client_secret', placement: 'header', basicEncoding: placement, trimmed }, 'ua')
        expect(forms).toContain((r.headers['Authorization'] ?? '').replace('Basic ', ''))
      }
    }
  })
})
