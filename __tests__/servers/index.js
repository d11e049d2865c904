// Local servers for the test suite and the `npm start` demo: a real OAuth 2.0
// authorization server (oidc-provider), a second independent one (Authlib on
// Flask, in a Python child process), strict and standard-bending gates in front
// of oidc-provider, an mTLS
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
import { CXONE, cxoneState, startCxone, startCxoneApi } from './cxone.js';
import { startAuthlibServer } from './authlib.js';
import { AUTHLIB_CLIENTS, publicClients } from './clients.js';
import { generateCredentials } from './credentials.js';
import { startFaultServer } from './faults.js';
import { startGate } from './gates.js';
import { HOST, close as closeServer, listen } from './http.js';
import { startMtlsFront } from './mtls.js';
import { startProxy } from './proxy.js';
import { startAuthorizationServer } from './provider.js';
import { startCaSignedServer, startSelfSignedServer } from './tls.js';

export { AUTHLIB_CLIENTS, CLIENTS, KEY_CLIENTS, RESOURCE, SCOPES } from './clients.js';
export { CXONE, CXONE_API_PATH } from './cxone.js';
export { FAULT_TOKEN, INJECTION } from './faults.js';
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
 * @property {string} bare403Token gate: body only, a failed client authentication is a bodiless 403
 * @property {string} typeInvalidToken gate: raw Basic only, a failed client authentication is 400
 *   `authorization_type_invalid`
 * @property {string} describedToken gate: body only, failures are `invalid_request` with the cause in
 *   the description
 * @property {string} [authlibToken] the Authlib server (authlib.js), a second, independent
 *   implementation that holds each client to its registered auth method
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
 * @property {string} cxoneIssuer the NICE CXone stand-in (cxone.js): discovery, the
 *   password grant at /auth/token, the tenant's cxone-configuration
 * @property {string} cxoneToken its token endpoint
 * @property {string} cxoneApi the tenant's API host its cxone-configuration names
 * @property {string} cxoneFounding the founding case's guessed URL on the stand-in's
 *   host (/api/v2/oauth/token), answering 401 "Bad client credentials"
 */

/**
 * @typedef {object} Servers
 * @property {ServerUrls} urls
 * @property {Record<'main' | 'special' | 'short' | 'limited' | 'nogrant', { id: string, secret: string }> & KeyClients & { authlib: Record<keyof typeof AUTHLIB_CLIENTS, { id: string, secret: string }> }} clients
 * @property {typeof CXONE} cxone the CXone stand-in's app and access keys
 * @property {{ certPem: string }} ca the test CA that signed the https servers' certificates
 *   and the valid and expired mTLS client certificates
 * @property {() => Promise<void>} close shuts every server down; resolves when
 *   nothing is left that would keep the process alive. Safe to call twice.
 */

/**
 * @param {{ authlib?: boolean }} [options] `authlib: false` leaves out the Authlib server, which
 *   needs Debian's python3-authlib and python3-flask: the demo and the bench do without it, so
 *   `npm ci && npm start` works on a machine without them. The test suite (cli.js) starts it.
 * @returns {Promise<Servers>}
 */
export async function startServers({ authlib: withAuthlib = true } = {}) {
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
    const [basicOnly, bodyOnly, rawBasic, bare403, typeInvalid, described, authlib, mtls, api, faults, tls, caSigned, proxy, refusedPort] =
      await Promise.all([
        track(startGate(auth, 'basicOnly')),
        track(startGate(auth, 'bodyOnly')),
        track(startGate(auth, 'rawBasic')),
        track(startGate(auth, 'bare403')),
        track(startGate(auth, 'typeInvalid')),
        track(startGate(auth, 'described')),
        withAuthlib
          ? startAuthlibServer().then((started) => {
              closers.push(started.close);
              return started;
            })
          : undefined,
        track(startMtlsFront(auth, credentials.pki)),
        track(startApi(auth)),
        track(startFaultServer()),
        track(startSelfSignedServer()),
        track(startCaSignedServer(credentials.pki)),
        track(startProxy()),
        unusedPort(),
      ]);

    // The CXone stand-in: its API host first, since its tenant configuration names it.
    const cxoneShared = cxoneState();
    const cxoneApi = await track(startCxoneApi(cxoneShared));
    const cxone = await track(startCxone(cxoneShared, cxoneApi.base));

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
      bare403Token: `${bare403.base}/token`,
      typeInvalidToken: `${typeInvalid.base}/token`,
      describedToken: `${described.base}/token`,
      ...(authlib ? { authlibToken: `${authlib.base}/token` } : {}),
      mtlsBase: mtls.base,
      mtlsToken: `${mtls.base}/token`,
      api: api.base,
      faults: faults.base,
      selfSignedTls: `${tls.base}/token`,
      caSignedTls: `${caSigned.base}/token`,
      refused: `http://${HOST}:${refusedPort}/token`,
      proxy: proxy.base,
      cxoneIssuer: cxone.base,
      cxoneToken: `${cxone.base}/auth/token`,
      cxoneApi: cxoneApi.base,
      cxoneFounding: `${cxone.base}/api/v2/oauth/token`,
    };

    // RFC 8705 §5: the provider's metadata tells mTLS clients where to go.
    auth.extraMetadata.mtls_endpoint_aliases = { token_endpoint: urls.mtlsToken };

    /** @type {Promise<void> | undefined} */
    let closing;
    return {
      urls,
      clients: {
        ...publicClients(),
        ...credentials.clients,
        authlib: /** @type {Record<keyof typeof AUTHLIB_CLIENTS, { id: string, secret: string }>} */ (
          Object.fromEntries(Object.entries(AUTHLIB_CLIENTS).map(([key, { id, secret }]) => [key, { id, secret }]))
        ),
      },
      ca: { certPem: credentials.pki.ca.certPem },
      cxone: CXONE,
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
