// The mTLS front: an HTTPS server in front of the same oidc-provider instance,
// for RFC 8705 mutual-TLS client authentication (tls_client_auth and
// self_signed_tls_client_auth).
//
// It asks every client for a certificate but lets the handshake succeed
// without one, or with one it cannot verify (expired, self-signed, from
// another CA): judging the certificate is the provider's job, so the client
// gets a genuine OAuth answer (invalid_client) instead of a TLS failure. The
// provider reads the certificate, and whether it chains to the test CA, from
// the TLS socket itself (provider.js), never from a header a client could
// forge.
//
// Every request goes to the provider; discovery documents are rewritten so
// that a client that starts from the front's base URL stays on the front.

import { createServer } from 'node:https';

import { rebase } from './gates.js';
import { DISCOVERY_PATHS, HOST, guard, listen, requestUrl, sendJson } from './http.js';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/** @import { Server } from 'node:https' */
/** @import { AuthorizationServer } from './provider.js' */
/** @import { TestPki } from './pki.js' */

/**
 * @typedef {object} MtlsFront
 * @property {Server} server
 * @property {string} base e.g. https://127.0.0.1:PORT
 */

/**
 * @param {AuthorizationServer} auth the provider the front forwards to
 * @param {TestPki} pki its server certificate and the CA client certificates must chain to
 * @returns {Promise<MtlsFront>}
 */
export async function startMtlsFront(auth, pki) {
  const server = createServer({
    key: pki.server.keyPem,
    cert: pki.server.certPem,
    // Client certificates are checked against the test CA only...
    ca: pki.ca.certPem,
    requestCert: true,
    // ...and the result is left to the provider (socket.authorized).
    rejectUnauthorized: false,
  });
  const port = await listen(server);
  const base = `https://${HOST}:${port}`;

  server.on('request', guard(route));

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function route(req, res) {
    const { pathname } = requestUrl(req);
    if (req.method === 'GET' && DISCOVERY_PATHS.has(pathname)) {
      // The issuer's document, every URL moved onto the front, as the gates
      // do. Its mtls_endpoint_aliases already points here and stays.
      const response = await fetch(`${auth.issuer}${pathname}`);
      const metadata = /** @type {Record<string, unknown>} */ (await response.json());
      sendJson(res, response.status, rebase(metadata, auth.issuer, base));
      return;
    }
    auth.handle(req, res);
  }

  return { server, base };
}
