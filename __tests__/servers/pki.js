// A throwaway public-key infrastructure for the mutual TLS tests, made at
// start-up so that no private key is ever committed:
//
// - a test CA (self-signed, may only sign certificates);
// - a server certificate for 127.0.0.1 signed by it (the mTLS front and the
//   CA-signed token endpoint use it);
// - client certificates for RFC 8705 `tls_client_auth`: one valid now, one
//   that expired yesterday (same CA, same subject);
// - a self-signed client certificate for `self_signed_tls_client_auth`.
//
// Every key is EC P-256: generated in milliseconds, where RSA would slow down
// every test start.

import selfsigned from 'selfsigned';

import { HOST } from './http.js';

/**
 * @typedef {object} CertAndKey
 * @property {string} certPem the certificate, PEM
 * @property {string} keyPem its private key, PKCS#8 PEM
 */

/**
 * @typedef {object} TestPki
 * @property {CertAndKey} ca the test CA
 * @property {CertAndKey} server for https://127.0.0.1, signed by the CA
 * @property {CertAndKey} client subject CN=<mtls client id>, signed by the CA, valid now
 * @property {CertAndKey} expiredClient the same subject and CA, expired
 * @property {CertAndKey} selfSignedClient subject CN=<self-signed client id>, self-signed
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Subject CN of the test CA, as it appears in issuer names. */
export const CA_COMMON_NAME = 'oauth-credential-health test CA';
/** A made-up host name the CA-signed server certificate also covers (see the proxy test). */
export const PROXIED_HOST = 'ca-signed.proxied.test';

/**
 * @param {{ clientCommonName: string, selfSignedCommonName: string }} names
 *   the common names of the CA-signed and the self-signed client certificates
 * @returns {Promise<TestPki>}
 */
export async function createTestPki({ clientCommonName, selfSignedCommonName }) {
  const now = Date.now();
  // Back-dated by an hour: a machine whose clock is a little behind must not
  // see a "not yet valid" certificate.
  const notBeforeDate = new Date(now - 60 * 60 * 1000);
  const notAfterDate = new Date(now + DAY_MS);

  const ca = await generate(CA_COMMON_NAME, {
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const signer = { key: ca.keyPem, cert: ca.certPem };

  /** @param {'serverAuth' | 'clientAuth'} usage */
  const leafExtensions = (usage) => [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', [usage]: true },
  ];

  const [server, client, expiredClient, selfSignedClient] = await Promise.all([
    generate(HOST, {
      ca: signer,
      notBeforeDate,
      notAfterDate,
      extensions: [
        ...leafExtensions('serverAuth'),
        // PROXIED_HOST lets a test reach the server through the CONNECT proxy by a name that is
        // not loopback (loopback is never proxied) and still verify the certificate.
        { name: 'subjectAltName', altNames: [{ type: 7, ip: HOST }, { type: 2, value: PROXIED_HOST }] },
      ],
    }),
    generate(clientCommonName, {
      ca: signer,
      notBeforeDate,
      notAfterDate,
      extensions: leafExtensions('clientAuth'),
    }),
    generate(clientCommonName, {
      ca: signer,
      // Valid for one day, which ended a day ago.
      notBeforeDate: new Date(now - 2 * DAY_MS),
      notAfterDate: new Date(now - DAY_MS),
      extensions: leafExtensions('clientAuth'),
    }),
    generate(selfSignedCommonName, {
      notBeforeDate,
      notAfterDate,
      extensions: leafExtensions('clientAuth'),
    }),
  ]);

  return { ca, server, client, expiredClient, selfSignedClient };
}

/**
 * One EC P-256 certificate with SHA-256, self-signed unless `options.ca` is
 * given. The subject is just CN=<commonName>.
 *
 * @param {string} commonName
 * @param {{ ca?: { key: string, cert: string }, notBeforeDate: Date, notAfterDate: Date, extensions: object[] }} options
 * @returns {Promise<CertAndKey>}
 */
async function generate(commonName, options) {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ...options,
  });
  return { certPem: pems.cert, keyPem: pems.private };
}
