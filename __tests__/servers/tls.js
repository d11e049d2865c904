// HTTPS token endpoints that differ only in who signed their certificate:
//
// - one whose certificate no client trusts: it is self-signed, made at
//   start-up (so no private key is ever committed), and otherwise correct (its
//   subjectAltName covers 127.0.0.1), so the only thing a client can object to
//   is the trust chain;
// - one whose certificate comes from the test CA (pki.js): a client that is
//   told to trust that CA succeeds, any other gets a TLS error.

import { createServer } from 'node:https';

import selfsigned from 'selfsigned';

import { FAULT_TOKEN } from './faults.js';
import { HOST, listen, sendJson } from './http.js';

/** @import { Server } from 'node:https' */
/** @import { TestPki } from './pki.js' */

/** What the CA-signed endpoint answers, to any request. */
export const CA_TOKEN = {
  access_token: 'ca-token-0123456789abcdef',
  token_type: 'Bearer',
  expires_in: 3600,
};

/** @returns {Promise<{ server: Server, base: string }>} */
export async function startSelfSignedServer() {
  const pems = await selfsigned.generate([{ name: 'commonName', value: HOST }], {
    // EC keys are generated in milliseconds; RSA would slow every test start.
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: HOST }] },
    ],
  });

  const server = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
    sendJson(res, 200, FAULT_TOKEN);
  });
  const port = await listen(server);
  return { server, base: `https://${HOST}:${port}` };
}

/**
 * @param {TestPki} pki
 * @returns {Promise<{ server: Server, base: string }>}
 */
export async function startCaSignedServer(pki) {
  const server = createServer({ key: pki.server.keyPem, cert: pki.server.certPem }, (_req, res) => {
    sendJson(res, 200, CA_TOKEN);
  });
  const port = await listen(server);
  return { server, base: `https://${HOST}:${port}` };
}
