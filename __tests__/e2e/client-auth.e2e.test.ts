// End-to-end for stronger client authentication against the real oidc-provider: private_key_jwt
// (RS256, ES256), client_secret_jwt, tls_client_auth behind a TLS front that asks for client
// certificates from a test CA made at start-up. dist/index.js on Node 24.
import { describe, expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { findingCodes, firstCheck, runAction } from '../helpers/action.js'
import { useServers } from '../helpers/servers.js'

const servers = useServers()

const url = (name: string): string => servers.urls[name]!
const codes = findingCodes
const check = firstCheck
/** Every line of a PEM: the leak sweep must find none of them. */
const pemLines = (pem: string): string[] => pem.split('\n').filter(l => l.length >= 8 && !l.startsWith('-----'))

describe('private_key_jwt', () => {
  test('RS256 key as PEM with key-id → healthy, one assertion, aud = token endpoint', async () => {
    const c = servers.clients.pkjwtRs
    const run = await runAction(
      { 'token-url': url('token'), 'client-id': c.id, 'auth-method': 'private_key_jwt', 'private-key': c.privatePem, 'key-id': c.kid },
      { secrets: pemLines(c.privatePem) }
    )
    expect(codes(run)).toEqual([])
    expect(check(run)).toMatchObject({ status: 'healthy', authMethod: 'private_key_jwt', placement: null })
    expect(check(run).attempts).toEqual([expect.objectContaining({ authMethod: 'private_key_jwt', audience: url('token'), outcome: 'token' })])
  })
  test('ES256 key as JWK (kid taken from it) → healthy', async () => {
    const c = servers.clients.pkjwtEs
    const jwk = JSON.parse(c.privateJwk) as { d: string }
    const run = await runAction({ 'token-url': url('token'), 'client-id': c.id, 'auth-method': 'private_key_jwt', 'private-key': c.privateJwk }, { secrets: [jwk.d] })
    expect(run.outputs['status']).toBe('healthy')
  })
  test('a key the server does not know → INVALID_CLIENT naming key, kid and the audiences tried', async () => {
    const c = servers.clients.pkjwtRs
    const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    const run = await runAction(
      { 'token-url': url('token'), 'client-id': c.id, 'auth-method': 'private_key_jwt', 'private-key': wrong, 'key-id': c.kid },
      { secrets: pemLines(wrong) }
    )
    expect(codes(run)).toEqual(['INVALID_CLIENT'])
    const hint = check(run).findings[0]?.hint ?? ''
    expect(hint).toContain('kid "rs-key-1"')
    expect(hint).toContain(`tried: ${url('token')}, ${url('issuer')}`)
    expect(check(run).attempts).toHaveLength(2)
    expect(run.exitCode).toBe(1)
  })
  test('the wrong aud, accepted with the token endpoint → ASSERTION_AUDIENCE_MISMATCH naming the value to set', async () => {
    const c = servers.clients.pkjwtEs
    const run = await runAction({
      'token-url': url('token'),
      'client-id': c.id,
      'auth-method': 'private_key_jwt',
      'private-key': c.privateJwk,
      'assertion-audience': 'https://wrong-audience.example.com/'
    })
    expect(codes(run)).toEqual(['ASSERTION_AUDIENCE_MISMATCH'])
    expect(check(run).findings[0]?.hint).toContain(`Set assertion-audience: ${url('token')}`)
    expect(run.outputs['status']).toBe('failing')
  })
  test('an algorithm the metadata does not list → SIGNING_ALG_NOT_ADVERTISED', async () => {
    const c = servers.clients.pkjwtRs
    const run = await runAction(
      { issuer: url('issuer'), 'client-id': c.id, 'auth-method': 'private_key_jwt', 'private-key': c.privatePem, 'key-id': c.kid, 'signing-alg': 'RS512' },
      { secrets: pemLines(c.privatePem) }
    )
    expect(codes(run)).toContain('SIGNING_ALG_NOT_ADVERTISED')
  })
  test('auth-placement contradicting the method → INVALID_INPUT, nothing sent', async () => {
    const c = servers.clients.pkjwtRs
    const run = await runAction(
      { 'token-url': url('token'), 'client-id': c.id, 'auth-method': 'private_key_jwt', 'private-key': c.privatePem, 'auth-placement': 'header' },
      { secrets: pemLines(c.privatePem) }
    )
    expect(codes(run)).toEqual(['INVALID_INPUT'])
  })
})

test('client_secret_jwt (HS256 with the client secret) → healthy', async () => {
  const c = servers.clients.csjwt
  const run = await runAction({ 'token-url': url('token'), 'client-id': c.id, 'client-secret': c.secret, 'auth-method': 'client_secret_jwt' })
  expect(codes(run)).toEqual([])
  expect(check(run).authMethod).toBe('client_secret_jwt')
})

describe('mutual TLS (tls_client_auth)', () => {
  const mtls = (client: 'mtls' | 'mtlsExpired', extra: Record<string, string> = {}) => {
    const c = servers.clients[client]
    return runAction(
      {
        'token-url': url('mtlsToken'),
        'client-id': c.id,
        'auth-method': 'tls_client_auth',
        'client-cert': c.certPem,
        'client-key': c.keyPem,
        'ca-cert': servers.ca.certPem,
        // The test certificates live a few days: keep SECRET_EXPIRING out of these cases.
        'expiry-warning-days': '0',
        ...extra
      },
      { secrets: pemLines(c.keyPem) }
    )
  }
  test('a valid certificate from the test CA → healthy, certificate expiry reported', async () => {
    const run = await mtls('mtls')
    expect(codes(run)).toEqual([])
    expect(check(run)).toMatchObject({ status: 'healthy', authMethod: 'tls_client_auth' })
    expect(check(run).clientCertNotAfter).toMatch(/^\d{4}-/)
  })
  test('self_signed_tls_client_auth: a self-signed certificate registered in the client\'s JWKS → healthy', async () => {
    const c = servers.clients.mtlsSelfSigned
    const run = await runAction(
      {
        'token-url': url('mtlsToken'),
        'client-id': c.id,
        'auth-method': 'self_signed_tls_client_auth',
        'client-cert': c.certPem,
        'client-key': c.keyPem,
        'ca-cert': servers.ca.certPem,
        'expiry-warning-days': '0'
      },
      { secrets: pemLines(c.keyPem) }
    )
    expect(codes(run)).toEqual([])
    expect(check(run).authMethod).toBe('self_signed_tls_client_auth')
  })
  test('another client\'s certificate → INVALID_CLIENT naming the certificate causes', async () => {
    const other = servers.clients.mtlsSelfSigned
    const run = await mtls('mtls', { 'client-cert': other.certPem, 'client-key': other.keyPem })
    expect(codes(run)).toEqual(['INVALID_CLIENT'])
    expect(check(run).findings[0]?.hint).toContain('subject DN')
  })
  test('an expired certificate → CLIENT_CERT_EXPIRED before any request', async () => {
    const run = await mtls('mtlsExpired')
    expect(codes(run)).toEqual(['CLIENT_CERT_EXPIRED'])
    expect(check(run).attempts).toHaveLength(0)
    expect(run.exitCode).toBe(1)
  })
  test('the server certificate from an untrusted CA (no ca-cert) → TLS_ERROR', async () => {
    const run = await mtls('mtls', { 'ca-cert': '' })
    expect(codes(run)).toEqual(['TLS_ERROR'])
  })
  test('discovery uses the metadata\'s mtls_endpoint_aliases for a mutual-TLS client', async () => {
    const run = await mtls('mtls', { 'token-url': '', issuer: url('issuer') })
    expect(check(run).tokenUrl).toBe(url('mtlsToken'))
    expect(run.outputs['status']).toBe('healthy')
  })
})

describe('ca-cert for a private CA', () => {
  test('trusting the test CA: the CA-signed endpoint works; without it: TLS_ERROR', async () => {
    const base = { 'token-url': url('caSignedTls'), 'client-id': servers.clients.main.id, 'client-secret': servers.clients.main.secret, 'auth-placement': 'header' }
    expect((await runAction({ ...base, 'ca-cert': servers.ca.certPem })).outputs['status']).toBe('healthy')
    expect(codes(await runAction(base))).toEqual(['TLS_ERROR'])
  })
})

test('ca-cert also applies through an HTTPS proxy (the tunnel\'s TLS connection)', async () => {
  const port = new URL(url('caSignedTls')).port
  const proxy = url('proxy')
  const run = await runAction(
    {
      'token-url': `https://ca-signed.proxied.test:${port}/token`,
      'client-id': servers.clients.main.id,
      'client-secret': servers.clients.main.secret,
      'auth-placement': 'header',
      'ca-cert': servers.ca.certPem
    },
    { env: { https_proxy: proxy, HTTPS_PROXY: proxy } }
  )
  expect(run.outputs['status']).toBe('healthy')
  const log = (await (await fetch(`${proxy}/__log`)).json()) as { connects: string[] }
  expect(log.connects).toContain(`ca-signed.proxied.test:${port}`)
})
