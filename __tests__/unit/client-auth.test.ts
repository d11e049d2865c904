import { beforeAll, describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import selfsigned from 'selfsigned'
import { assessClientCert } from '../../src/assess/expiry.js'
import { ASSERTION_TYPE, assertionAudiences, buildAssertionRequest, signAssertion } from '../../src/client-auth/assertion.js'
import { concludeKeyAuth } from '../../src/client-auth/key-based.js'
import { keyMaterialForms, loadPrivateKey } from '../../src/client-auth/keys.js'
import { finding } from '../../src/findings/codes.js'
import { parseRun } from '../../src/inputs/run.js'
import { ANY_KEY_PEM, makeSpec, privateKeyJwt, tlsClientAuth } from '../helpers/spec.js'
import { formBody } from '../../src/exchange/request.js'

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
const ecJwk = JSON.stringify({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: 'ec-1' })
const edPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()

describe('keys', () => {
  test('PEM and JWK keys load, with the algorithm they imply', () => {
    expect(loadPrivateKey(rsaPem)).toMatchObject({ defaultAlg: 'RS256', kid: undefined })
    expect(loadPrivateKey(ecJwk)).toMatchObject({ defaultAlg: 'ES256', kid: 'ec-1' })
    expect(loadPrivateKey(edPem)).toMatchObject({ defaultAlg: 'EdDSA' })
  })
  test('garbage and public-only JWKs are refused with a reason', () => {
    expect(loadPrivateKey('not a key')).toContain('not a PEM private key')
    expect(loadPrivateKey(JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }))).toContain('without a private part')
  })
  test('every line of a PEM and the private members of a JWK are masked', () => {
    const forms = keyMaterialForms(ecJwk)
    expect(forms).toContain((JSON.parse(ecJwk) as { d: string }).d)
    const lines = rsaPem.trim().split('\n').filter(l => !l.startsWith('-----'))
    expect(keyMaterialForms(rsaPem)).toEqual(expect.arrayContaining(lines))
  })
})

describe('inputs for stronger authentication', () => {
  const parse = (inputs: Record<string, string>) =>
    parseRun(n => ({ 'token-url': 'https://login.example.com/token', 'client-id': 'c', ...inputs })[n] ?? '', () => undefined).checks[0]!
  const messages = (inputs: Record<string, string>): string => {
    const c = parse(inputs)
    return c.ok ? '' : c.findings.map(f => f.message).join('\n')
  }
  test('private_key_jwt needs no client secret; alg and kid come from the key', () => {
    const c = parse({ 'auth-method': 'private_key_jwt', 'private-key': ecJwk })
    expect(c.ok && c.spec).toMatchObject({ clientAuth: { method: 'private_key_jwt', signingAlg: 'ES256', keyId: 'ec-1' } })
  })
  test('client_secret_basic/post agree with auth-placement; a contradiction is INVALID_INPUT', () => {
    expect(parse({ 'client-secret': 's', 'auth-method': 'client_secret_post' })).toMatchObject({ ok: true, spec: { clientAuth: { method: 'client_secret', placement: 'body' } } })
    expect(messages({ 'client-secret': 's', 'auth-method': 'client_secret_basic', 'auth-placement': 'body' })).toContain('auth-method: client_secret_basic means header')
    expect(messages({ 'auth-method': 'private_key_jwt', 'private-key': rsaPem, 'auth-placement': 'header' })).toContain('contradicts auth-method: private_key_jwt')
  })
  test('a signing-alg that does not suit the key, a missing key, a bad method', () => {
    expect(messages({ 'auth-method': 'private_key_jwt', 'private-key': rsaPem, 'signing-alg': 'ES256' })).toContain('Input `signing-alg` must suit the key (RS256')
    expect(messages({ 'auth-method': 'private_key_jwt' })).toContain('Input `private-key` is required with auth-method: private_key_jwt')
    expect(messages({ 'auth-method': 'jwt' })).toContain('Input `auth-method` must be one of')
    expect(messages({ 'client-secret': 's', 'auth-method': 'client_secret_jwt', 'signing-alg': 'RS256' })).toContain('HS256')
  })
  test('tls_client_auth needs a certificate and key; key inputs without their method are refused', () => {
    expect(messages({ 'auth-method': 'tls_client_auth' })).toContain('Input `client-cert` is required')
    expect(messages({ 'client-secret': 's', 'private-key': rsaPem })).toContain('Input `private-key` only applies with auth-method')
    expect(messages({ 'client-secret': 's', 'ca-cert': 'nope' })).toContain('Input `ca-cert` must be a PEM certificate')
  })
})

describe('client assertions (RFC 7523)', () => {
  test('claims: iss = sub = client_id, aud, random jti, iat, exp 60 s later; kid and alg in the header', async () => {
    const spec = makeSpec({ ...privateKeyJwt(rsaPem, { signingAlg: 'PS256', keyId: 'k1' }), clientId: 'cid' })
    const a = await signAssertion(spec, 'https://login.example.com/token', 1000)
    const b = await signAssertion(spec, 'https://login.example.com/token', 1000)
    expect(decodeProtectedHeader(a)).toEqual({ alg: 'PS256', kid: 'k1' })
    const claims = decodeJwt(a)
    expect(claims).toMatchObject({ iss: 'cid', sub: 'cid', aud: 'https://login.example.com/token', iat: 1000, exp: 1060 })
    expect(claims.jti).not.toBe(decodeJwt(b).jti)
  })
  test('client_secret_jwt signs with the secret (HS256)', async () => {
    const a = await signAssertion(makeSpec({ clientAuth: { method: 'client_secret_jwt', signingAlg: 'HS256', keyId: null, assertionAudience: null }, clientSecret: 'x'.repeat(32) }), 'aud', 1)
    expect(decodeProtectedHeader(a).alg).toBe('HS256')
  })
  test('the request carries client_id, the assertion type and the assertion, never client_secret', () => {
    const r = buildAssertionRequest(makeSpec(), 'jwt.here.sig', { url: 'u', headers: {}, params: [['grant_type', 'client_credentials']] })
    const form = new URLSearchParams(formBody(r))
    expect(form.get('client_assertion_type')).toBe(ASSERTION_TYPE)
    expect(form.get('client_assertion')).toBe('jwt.here.sig')
    expect(form.has('client_secret')).toBe(false)
  })
  test('audiences: the token endpoint, then the issuer when diagnosing', () => {
    const spec = makeSpec({ ...privateKeyJwt(ANY_KEY_PEM), endpoint: { kind: 'url', tokenUrl: 'https://id.example.com/oauth2/token' } })
    expect(assertionAudiences(spec, 'https://id.example.com')).toEqual(['https://id.example.com/oauth2/token', 'https://id.example.com'])
    expect(assertionAudiences({ ...spec, diagnose: false }, null)).toEqual(['https://id.example.com/oauth2/token'])
    expect(assertionAudiences({ ...spec, ...privateKeyJwt(ANY_KEY_PEM, { assertionAudience: 'https://id.example.com' }) }, null)[1]).toBe('https://id.example.com/oauth2/token')
  })
})

describe('what key attempts prove', () => {
  let tlsCert = ''
  beforeAll(async () => {
    tlsCert = (await selfsigned.generate([{ name: 'commonName', value: 'client' }], { algorithm: 'sha256' })).cert
  })
  const spec = makeSpec(privateKeyJwt(ANY_KEY_PEM, { signingAlg: 'RS256', keyId: 'k1' }))
  const rejected = { kind: 'rejected' as const, error: 'invalid_client' }
  test('accepted only with the issuer as aud → ASSERTION_AUDIENCE_MISMATCH naming it', () => {
    const [f] = concludeKeyAuth(spec, [{ audience: 'https://t/token', httpStatus: 401, result: rejected }, { audience: 'https://t', httpStatus: 200, result: { kind: 'token' } }], undefined)
    expect(f?.code).toBe('ASSERTION_AUDIENCE_MISMATCH')
    expect(f?.hint).toContain('Set assertion-audience: https://t')
  })
  test('rejected: INVALID_CLIENT naming key, kid, alg, audiences, and a clock skew beyond 30 s', () => {
    const [f] = concludeKeyAuth(spec, [{ audience: 'https://t/token', httpStatus: 401, result: rejected }], 300)
    expect(f?.code).toBe('INVALID_CLIENT')
    expect(f?.hint).toMatch(/clock differs from the server's by 300 s[\s\S]*kid "k1"[\s\S]*RS256[\s\S]*tried: https:\/\/t\/token/)
  })
  test('the rejection hint is made of correct sentences: "Check that the server knows …", not "Check that the server must know …"', () => {
    const [pk] = concludeKeyAuth(spec, [{ audience: 'https://t/token', httpStatus: 401, result: rejected }], undefined)
    expect(pk?.hint).toBe(
      'Check that the server knows the public key of private-key for this client (in its registered JWKS) under kid "k1"; that the server allows RS256 for client assertions; that the aud is what the server expects (tried: https://t/token). Tried: aud https://t/token → HTTP 401 invalid_client.'
    )
    const [cs] = concludeKeyAuth(makeSpec({ clientAuth: { method: 'client_secret_jwt', signingAlg: 'HS256', assertionAudience: null, keyId: null } }), [{ audience: 'https://t/token', httpStatus: 401, result: rejected }], undefined)
    expect(cs?.hint).toContain("Check that client-secret is the client's secret, which signs the assertion as the HMAC key; that the server allows HS256")
    for (const f of [pk, cs]) expect(f?.hint).not.toMatch(/must (know|be|allow)/)
  })
  test('mutual TLS rejection names the certificate causes', () => {
    const [f] = concludeKeyAuth(makeSpec(tlsClientAuth(tlsCert)), [{ audience: null, httpStatus: 401, result: rejected }], undefined)
    expect(f?.hint).toContain('subject DN')
  })
  test('a transport failure is passed through', () => {
    const failed = { kind: 'failed' as const, finding: finding('TIMEOUT', 'slow') }
    expect(concludeKeyAuth(spec, [{ audience: 'a', httpStatus: undefined, result: failed }], undefined).map(f => f.code)).toEqual(['TIMEOUT'])
  })
})

describe('client certificate validity, before any request', () => {
  const DAY = 86_400_000
  const cert = async (from: number, to: number): Promise<string> =>
    (await selfsigned.generate([{ name: 'commonName', value: 'client' }], { notBeforeDate: new Date(from), notAfterDate: new Date(to), algorithm: 'sha256' })).cert
  test('expired → CLIENT_CERT_EXPIRED; not yet valid too; expiring soon → SECRET_EXPIRING', async () => {
    const now = Date.now()
    const codes = async (pem: string): Promise<string[]> => assessClientCert(makeSpec(tlsClientAuth(pem)), now).findings.map(f => f.code)
    expect(await codes(await cert(now - 10 * DAY, now - DAY))).toEqual(['CLIENT_CERT_EXPIRED'])
    expect(await codes(await cert(now + DAY, now + 10 * DAY))).toEqual(['CLIENT_CERT_EXPIRED'])
    expect(await codes(await cert(now - DAY, now + 5 * DAY))).toEqual(['SECRET_EXPIRING'])
    expect(await codes(await cert(now - DAY, now + 100 * DAY))).toEqual([])
  })
})
