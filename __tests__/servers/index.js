// Local servers for the test suite and the `npm start` demo: a real OAuth 2.0
// authorization server (oidc-provider), strict gates in front of it, an mTLS
// front (RFC 8705), a protected API, a server of misbehaving endpoints, a TLS
// endpoint nobody trusts, one signed by a test CA, and a port where nothing
// listens.
//
// Every key and certificate (the provider's signing key, the private_key_jwt
// keys, the test CA and its certificates) is generated at start-up.
//
// All of them listen on 127.0.0.1, on ports the kernel picks, so several test
// files (or a test and the demo) can run at once without clashing.
//
//   const { urls, clients, close } = await startServers();
//   ...
//   await close();

import { createServer } from 'node:http';

import { startApi } from './api.js';
import { publicClients } from './clients.js';
import { generateCredentials } from './credentials.js';
import { startFaultServer } from './faults.js';
import { startGate } from './gates.js';
import { HOST, close as closeServer, listen } from './http.js';
import { startMtlsFront } from './mtls.js';
import { startAuthProxy, startHostileServer, startSilentTunnelProxy, startStalledProxy } from './hostile.js';
import { startProxy } from './proxy.js';
import { startAuthorizationServer } from './provider.js';
import { startCaSignedServer, startSelfSignedServer } from './tls.js';

export { CLIENTS, KEY_CLIENTS, RESOURCE, SCOPES } from './clients.js';
export { FAULT_TOKEN, INJECTION } from './faults.js';
export { HOSTILE_TOKEN, INVISIBLES } from './hostile.js';
export { ERROR_DETAIL_HEADER } from './provider.js';
export { CA_TOKEN } from './tls.js';

/** @import { KeyClients } from './credentials.js' */

/**
 * @typedef {object} ServerUrls
 * @property {string} issuer the authorization server, no trailing slash
 * @property {string} token its token endpoint: lenient about where the secret goes
 * @property {string} introspection its introspection endpoint
 * @property {string} basicOnlyBase gate that requires HTTP Basic and nothing else (like Genesys Cloud)
 * @property {string} basicOnlyToken
 * @property {string} bodyOnlyBase gate that requires the secret in the form body
 * @property {string} bodyOnlyToken
 * @property {string} rawBasicBase gate that does not form-decode Basic credentials
 * @property {string} rawBasicToken
 * @property {string} api protected API: GET /me (any valid token), GET /admin (api:write)
 * @property {string} faults the fault server's base URL (routes in faults.js)
 * @property {string} mtlsBase mTLS front (https, certificate from the test CA): asks for a
 *   client certificate, lets the provider judge it; discovery here stays on the front
 * @property {string} mtlsToken its token endpoint, also the provider's advertised
 *   `mtls_endpoint_aliases.token_endpoint`
 * @property {string} selfSignedTls an https token endpoint with an untrusted certificate
 * @property {string} caSignedTls an https token endpoint whose certificate comes from the test
 *   CA; answers CA_TOKEN
 * @property {string} refused a token URL on a port where nothing listens
 * @property {string} proxy a CONNECT proxy that tunnels any host:port to 127.0.0.1:port;
 *   GET /__log lists what it tunnelled
 * @property {string} hostile a token server that quotes the secret back in every escaping and
 *   sends bodies the Action cannot parse (routes in hostile.js)
 * @property {string} stalledProxy a proxy that accepts the connection and never answers CONNECT
 * @property {string} silentProxy a proxy that answers CONNECT and then relays nothing
 * @property {string} authProxy a proxy that answers every CONNECT with 407; GET /__count
 */

/**
 * @typedef {object} Servers
 * @property {ServerUrls} urls
 * @property {Record<'main' | 'special' | 'short' | 'limited' | 'nogrant', { id: string, secret: string }> & KeyClients} clients
 * @property {{ certPem: string }} ca the test CA that signed the https servers' certificates
 *   and the valid and expired mTLS client certificates
 * @property {() => Promise<void>} close shuts every server down; resolves when
 *   nothing is left that would keep the process alive. Safe to call twice.
 */

/** @returns {Promise<Servers>} */
export async function startServers() {
  /** @type {(() => Promise<void>)[]} */
  const closers = [];
  /**
   * Remembers how to stop a server as soon as it is up, so a failure while
   * starting the next one does not leave it running.
   *
   * @template {{ server: import('node:http').Server | import('node:https').Server }} T
   * @param {Promise<T>} starting
   * @returns {Promise<T>}
   */
  const track = async (starting) => {
    const started = await starting;
    closers.push(() => closeServer(started.server));
    return started;
  };
  const closeAll = () => Promise.all(closers.map((stop) => stop())).then(() => undefined);

  try {
    // Keys and certificates first: the provider registers the public halves.
    const credentials = await generateCredentials();
    // Then the provider: the gates, the front and the API need its handler and URLs.
    const auth = await track(startAuthorizationServer({ clients: credentials.metadata }));
    const [basicOnly, bodyOnly, rawBasic, mtls, api, faults, tls, caSigned, proxy, refusedPort] =
      await Promise.all([
        track(startGate(auth, 'basicOnly')),
        track(startGate(auth, 'bodyOnly')),
        track(startGate(auth, 'rawBasic')),
        track(startMtlsFront(auth, credentials.pki)),
        track(startApi(auth)),
        track(startFaultServer()),
        track(startSelfSignedServer()),
        track(startCaSignedServer(credentials.pki)),
        track(startProxy()),
        unusedPort(),
      ]);
    const [hostile, stalledProxy, silentProxy, authProxy] = await Promise.all([
      track(startHostileServer()),
      track(startStalledProxy()),
      track(startSilentTunnelProxy()),
      track(startAuthProxy()),
    ]);

    /** @type {ServerUrls} */
    const urls = {
      issuer: auth.issuer,
      token: `${auth.issuer}/token`,
      introspection: auth.introspection,
      basicOnlyBase: basicOnly.base,
      basicOnlyToken: `${basicOnly.base}/token`,
      bodyOnlyBase: bodyOnly.base,
      bodyOnlyToken: `${bodyOnly.base}/token`,
      rawBasicBase: rawBasic.base,
      rawBasicToken: `${rawBasic.base}/token`,
      mtlsBase: mtls.base,
      mtlsToken: `${mtls.base}/token`,
      api: api.base,
      faults: faults.base,
      selfSignedTls: `${tls.base}/token`,
      caSignedTls: `${caSigned.base}/token`,
      refused: `http://${HOST}:${refusedPort}/token`,
      proxy: proxy.base,
      hostile: hostile.base,
      stalledProxy: stalledProxy.base,
      silentProxy: silentProxy.base,
      authProxy: authProxy.base,
    };

    // RFC 8705 §5: the provider's metadata tells mTLS clients where to go.
    auth.extraMetadata.mtls_endpoint_aliases = { token_endpoint: urls.mtlsToken };

    /** @type {Promise<void> | undefined} */
    let closing;
    return {
      urls,
      clients: { ...publicClients(), ...credentials.clients },
      ca: { certPem: credentials.pki.ca.certPem },
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * A port of 127.0.0.1 that was free a moment ago and on which nothing
 * listens: a connection to it is refused at once (ECONNREFUSED). Bound and
 * released rather than hard-coded, so it is certainly not one of ours; another
 * process could take it in between, which is unlikely enough for tests.
 *
 * @returns {Promise<number>}
 */
async function unusedPort() {
  const probe = createServer();
  const port = await listen(probe);
  await closeServer(probe);
  return port;
}
