// An HTTPS token endpoint whose certificate no client trusts: it is
// self-signed, made at start-up (so no private key is ever committed), and
// otherwise correct (its subjectAltName covers 127.0.0.1), so the only thing a
// client can object to is the trust chain.

import { createServer } from 'node:https';

import selfsigned from 'selfsigned';

import { FAULT_TOKEN } from './faults.js';
import { HOST, listen, sendJson } from './http.js';

/** @import { Server } from 'node:https' */

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
