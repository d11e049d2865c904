// Key material for the clients that do not send a plain secret (KEY_CLIENTS
// in clients.js), made fresh at every start: nothing private is committed.
//
// Produces both sides: the metadata oidc-provider registers (public keys,
// certificate subject, the self-signed certificate) and what a test hands to
// the client under test (private keys, client certificates, the CA).

import { X509Certificate, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

import { KEY_CLIENTS, KEY_CLIENT_SCOPE } from './clients.js';
import { createTestPki } from './pki.js';

/** @import { KeyObject } from 'node:crypto' */
/** @import { CertAndKey, TestPki } from './pki.js' */

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * A private_key_jwt client as handed to tests.
 *
 * @typedef {object} JwtKeyClient
 * @property {string} id client_id
 * @property {string} kid the key id registered with the server
 * @property {string} privateJwk JSON text of the private JWK, with `kid` and `alg`
 * @property {string} privatePem the same private key, PKCS#8 PEM
 */

/**
 * A mutual TLS client as handed to tests.
 *
 * @typedef {object} CertClient
 * @property {string} id client_id
 * @property {string} certPem its client certificate, PEM
 * @property {string} keyPem the certificate's private key, PKCS#8 PEM
 */

/**
 * @typedef {object} KeyClients the `clients` entries added for these clients
 * @property {JwtKeyClient} pkjwtRs private_key_jwt, RSA key (RS256; PS256 is accepted too)
 * @property {JwtKeyClient} pkjwtEs private_key_jwt, EC P-256 key (ES256)
 * @property {{ id: string, secret: string }} csjwt client_secret_jwt (HS256)
 * @property {CertClient} mtls tls_client_auth, a certificate from the test CA, valid now
 * @property {CertClient} mtlsExpired the same client_id, an expired certificate from the same CA
 * @property {CertClient} mtlsSelfSigned self_signed_tls_client_auth, a self-signed certificate
 */

/**
 * @typedef {object} Credentials
 * @property {Record<string, unknown>[]} metadata client metadata for oidc-provider
 * @property {KeyClients} clients what tests get
 * @property {TestPki} pki the CA and every certificate, for the TLS servers
 */

/** @returns {Promise<Credentials>} */
export async function generateCredentials() {
  const [rsa, ec, pki] = await Promise.all([
    generateKeyPairAsync('rsa', { modulusLength: 2048 }),
    generateKeyPairAsync('ec', { namedCurve: 'P-256' }),
    createTestPki({
      clientCommonName: KEY_CLIENTS.mtls.subjectDn.replace(/^CN=/, ''),
      selfSignedCommonName: KEY_CLIENTS.mtlsSelfSigned.id,
    }),
  ]);

  const { pkjwtRs, pkjwtEs, csjwt, mtls, mtlsSelfSigned } = KEY_CLIENTS;

  /** Shared by every client here: client_credentials only, no browser flow. */
  const common = {
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    scope: KEY_CLIENT_SCOPE,
  };

  const selfSignedCert = new X509Certificate(pki.selfSignedClient.certPem);

  const metadata = [
    {
      ...common,
      client_id: pkjwtRs.id,
      token_endpoint_auth_method: 'private_key_jwt',
      // No `alg` on the registered key, so the same RSA key verifies RS256 and
      // PS256 assertions; the private JWK handed out says RS256.
      jwks: { keys: [publicJwk(rsa.publicKey, pkjwtRs.kid)] },
    },
    {
      ...common,
      client_id: pkjwtEs.id,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [publicJwk(ec.publicKey, pkjwtEs.kid)] },
    },
    {
      ...common,
      client_id: csjwt.id,
      client_secret: csjwt.secret,
      token_endpoint_auth_method: 'client_secret_jwt',
    },
    {
      ...common,
      client_id: mtls.id,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: mtls.subjectDn,
    },
    {
      ...common,
      client_id: mtlsSelfSigned.id,
      token_endpoint_auth_method: 'self_signed_tls_client_auth',
      // oidc-provider matches the presented certificate by the SHA-256
      // thumbprint of x5c[0].
      jwks: {
        keys: [
          {
            ...selfSignedCert.publicKey.export({ format: 'jwk' }),
            use: 'sig',
            x5c: [selfSignedCert.raw.toString('base64')],
          },
        ],
      },
    },
  ];

  /** @type {KeyClients} */
  const clients = {
    pkjwtRs: jwtKeyClient(pkjwtRs, rsa.privateKey),
    pkjwtEs: jwtKeyClient(pkjwtEs, ec.privateKey),
    csjwt: { id: csjwt.id, secret: csjwt.secret },
    mtls: certClient(mtls.id, pki.client),
    mtlsExpired: certClient(mtls.id, pki.expiredClient),
    mtlsSelfSigned: certClient(mtlsSelfSigned.id, pki.selfSignedClient),
  };

  return { metadata, clients, pki };
}

/**
 * @param {KeyObject} key
 * @param {string} kid
 */
function publicJwk(key, kid) {
  return { ...key.export({ format: 'jwk' }), kid, use: 'sig' };
}

/**
 * @param {{ id: string, kid: string, alg: string }} client
 * @param {KeyObject} privateKey
 * @returns {JwtKeyClient}
 */
function jwtKeyClient({ id, kid, alg }, privateKey) {
  return {
    id,
    kid,
    privateJwk: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg }),
    privatePem: /** @type {string} */ (privateKey.export({ type: 'pkcs8', format: 'pem' })),
  };
}

/**
 * @param {string} id
 * @param {CertAndKey} pair
 * @returns {CertClient}
 */
function certClient(id, { certPem, keyPem }) {
  return { id, certPem, keyPem };
}
