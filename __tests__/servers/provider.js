// The real authorization server: oidc-provider, a certified OAuth 2.0 /
// OpenID Connect implementation, set up for the client_credentials grant.
//
// Using a real server rather than a hand-written mock means the Action is
// tested against genuine OAuth behaviour (client authentication, error codes,
// scope and resource handling) instead of our own idea of it.

import { X509Certificate, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { TLSSocket } from 'node:tls';

import Provider, { errors } from 'oidc-provider';

import { CLIENTS, RESOURCE, RESOURCE_SERVER_CLIENT, SCOPES } from './clients.js';
import { DISCOVERY_PATHS, HOST, listen } from './http.js';

/** @import { KeyObject } from 'node:crypto' */
/** @import { IncomingMessage, Server, ServerResponse } from 'node:http' */
/** @import { TestClient } from './clients.js' */

// oidc-provider ships no type declarations; these describe the parts used here.
/** @typedef {Record<string, unknown>} ClientMetadata */
/** @typedef {Record<string, unknown>} Configuration */
/**
 * @typedef {object} KoaContext
 * @property {string} path
 * @property {number} status
 * @property {unknown} body
 * @property {IncomingMessage} req
 * @property {(name: string, value: string) => void} set
 */

/**
 * @typedef {object} AuthorizationServer
 * @property {Server} server the HTTP server the provider listens on
 * @property {string} issuer its base URL, without a trailing slash
 * @property {string} introspection its introspection endpoint (RFC 7662)
 * @property {(req: IncomingMessage, res: ServerResponse) => void} handle
 *   the provider's request handler, shared with the gates in front of it
 * @property {KeyObject} publicKey verifies the JWT access tokens it signs
 * @property {string} kid the key id those tokens carry in their header
 * @property {Record<string, unknown>} extraMetadata members added to the
 *   provider's own discovery documents (fill it once the URLs are known, e.g.
 *   `mtls_endpoint_aliases`); gates and fronts fetch those documents too and
 *   decide what to keep
 */

/**
 * Response header that carries oidc-provider's hidden reason for a failed
 * token request. oidc-provider answers every client authentication failure
 * with the same `invalid_client` / "client authentication failed" (as a server
 * should); this header lets a test check that a request failed for the reason
 * it meant to provoke (wrong `aud`, wrong key, expired certificate...). Test
 * servers only: no real server sends it.
 */
export const ERROR_DETAIL_HEADER = 'x-test-error-detail';

/**
 * Starts oidc-provider on an ephemeral port of 127.0.0.1.
 *
 * @param {{ clients?: ClientMetadata[] }} [options] more clients to register
 *   (the key- and certificate-based ones from credentials.js)
 * @returns {Promise<AuthorizationServer>}
 */
export async function startAuthorizationServer({ clients = [] } = {}) {
  // The issuer must contain the port, and the port is only known once the
  // server is bound: bind first, attach the provider afterwards.
  const server = createServer();
  const port = await listen(server);
  const issuer = `http://${HOST}:${port}`;

  // A fresh signing key per run: no private key is ever committed, and
  // oidc-provider's built-in development key (which prints a warning) is not used.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };

  /** @type {Record<string, unknown>} */
  const extraMetadata = {};

  const provider = new Provider(issuer, configuration(jwk, clients));
  provider.use(unauthorizedClientForDisallowedGrant);
  provider.use(addDiscoveryMetadata(extraMetadata));
  provider.on('grant.error', exposeErrorDetail);

  // OAuth errors are answered by oidc-provider itself and never logged; Koa
  // still prints a genuinely unexpected error to stderr, which is wanted.
  const handle = provider.callback();
  server.on('request', handle);

  return {
    server,
    issuer,
    introspection: provider.urlFor('introspection'),
    handle,
    publicKey,
    kid,
    extraMetadata,
  };
}

/**
 * @param {Record<string, unknown>} jwk the private signing key
 * @param {ClientMetadata[]} extraClients
 * @returns {Configuration}
 */
function configuration(jwk, extraClients) {
  return {
    // Our own tiny store: the built-in one works too but prints a "development
    // only" warning on every start, which would clutter the test output. It
    // also keeps the `jti` of every client assertion until it expires, which
    // is how oidc-provider refuses a replayed assertion.
    adapter: memoryAdapter(),
    jwks: { keys: [jwk] },
    clients: [...clientMetadata(), ...extraClients],

    // The two secret-based methods come first: they are what most clients
    // use. oidc-provider accepts the secret in the Basic header or in the
    // body, whichever of the two the client registered: the gates in gates.js
    // add strictness where a test needs it. Every other method is enforced as
    // registered (a private_key_jwt client cannot send a secret, and so on).
    clientAuthMethods: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'tls_client_auth',
      'self_signed_tls_client_auth',
    ],

    // Algorithms accepted for client assertions (RFC 7523), HS256 only for
    // client_secret_jwt. oidc-provider accepts an assertion whose `aud` (or
    // one of whose `aud` values) is exactly the issuer (no trailing slash) or
    // the token endpoint URL as the request reached it: built from the
    // scheme and Host header, so through a gate or the mTLS front it is that
    // server's /token URL, not the issuer's.
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'Ed25519', 'EdDSA', 'HS256'],
    },

    // Listing the API scopes as server-wide ("static") scopes is what lets a
    // client_credentials request carry `scope=api:read` WITHOUT a resource
    // indicator: oidc-provider keeps only static scopes when no resource is
    // requested and silently drops the rest. It also makes a client asking for
    // a static scope outside its registered `scope` fail with invalid_scope.
    scopes: ['openid', 'offline_access', ...SCOPES],

    features: {
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: introspectionAllowed,
      },
      resourceIndicators: {
        enabled: true,
        // No resource requested → no resource server → an opaque token.
        defaultResource: () => undefined,
        getResourceServerInfo: resourceServerInfo,
        useGrantedResource: () => false,
      },
      // RFC 8705 client authentication. Only the mTLS front (mtls.js)
      // terminates TLS, so only requests through it can carry a certificate;
      // the plain HTTP provider and the gates never see one.
      mTLS: {
        enabled: true,
        tlsClientAuth: true,
        selfSignedTlsClientAuth: true,
        getCertificate: clientCertificate,
        certificateAuthorized: (/** @type {KoaContext} */ ctx) => tlsSocket(ctx)?.authorized === true,
        certificateSubjectMatches,
      },
      // Not used by a client_credentials check: off, so less is exposed.
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
    },

    ttl: { ClientCredentials: clientCredentialsTtl },

    // No browser ever calls these servers, so no cross-origin request is
    // allowed; defining it avoids another default-function notice.
    clientBasedCORS: () => false,
  };
}

// oidc-provider calls the functions below with more arguments than they name
// (the Koa context first); only those used are declared.

/** Token lifetimes in seconds, by client_id. */
const TTL_BY_CLIENT_ID = new Map(Object.values(CLIENTS).map(({ id, ttl }) => [id, ttl]));

/**
 * The token lifetime is a property of the client (the short-lived one gets
 * 30 s). Defining it also avoids the "you SHOULD change this" notice that
 * oidc-provider prints the first time its default runs.
 *
 * @param {unknown} _ctx
 * @param {unknown} _token
 * @param {{ clientId: string }} client
 * @returns {number}
 */
function clientCredentialsTtl(_ctx, _token, client) {
  return TTL_BY_CLIENT_ID.get(client.clientId) ?? 3600;
}

/**
 * The resource server may introspect any token; any other client only its
 * own. (The default policy also prints a "you SHOULD change this" notice.)
 *
 * @param {unknown} _ctx
 * @param {{ clientId: string }} client the caller
 * @param {{ clientId: string }} token the token being introspected
 * @returns {boolean}
 */
function introspectionAllowed(_ctx, client, token) {
  return client.clientId === RESOURCE_SERVER_CLIENT.id || client.clientId === token.clientId;
}

/**
 * Only RESOURCE is known. A token requested for it is a JWT (RFC 9068) whose
 * `aud` is the resource, signed with the provider's key (RS256, the default);
 * any other resource gets invalid_target.
 *
 * @param {unknown} _ctx
 * @param {string} resourceIndicator
 */
function resourceServerInfo(_ctx, resourceIndicator) {
  if (resourceIndicator !== RESOURCE) {
    throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
  }
  return { scope: SCOPES.join(' '), audience: RESOURCE, accessTokenFormat: 'jwt' };
}

/**
 * The TLS connection a request came in on, if it came in over TLS (through
 * the mTLS front).
 *
 * The front hands its own request object to the provider, so the provider can
 * read the client certificate straight from the socket: nothing is passed in
 * a header, so nothing a client sends can pose as a verified certificate.
 *
 * @param {KoaContext} ctx
 * @returns {TLSSocket | undefined}
 */
function tlsSocket(ctx) {
  const { socket } = ctx.req;
  return socket instanceof TLSSocket ? socket : undefined;
}

/**
 * The client certificate presented in the TLS handshake, PEM, whether or not
 * it chains to the test CA (`certificateAuthorized` says that): a
 * self-signed one is what self_signed_tls_client_auth expects.
 *
 * @param {KoaContext} ctx
 * @returns {string | undefined}
 */
function clientCertificate(ctx) {
  const peer = tlsSocket(ctx)?.getPeerCertificate();
  // No certificate: an empty object.
  return peer?.raw ? new X509Certificate(peer.raw).toString() : undefined;
}

/**
 * Whether the certificate matches the client's registered
 * `tls_client_auth_*` value. Only the subject DN is supported (the only one
 * our clients register), compared as an RFC 4514 string ("CN=mtls-client").
 *
 * @param {KoaContext} ctx
 * @param {string} property e.g. tls_client_auth_subject_dn
 * @param {string} expected the registered value
 * @returns {boolean}
 */
function certificateSubjectMatches(ctx, property, expected) {
  const pem = clientCertificate(ctx);
  if (!pem || property !== 'tls_client_auth_subject_dn') {
    return false;
  }
  // Node lists RDNs one per line in certificate order; RFC 4514 reverses it.
  const subject = new X509Certificate(pem).subject.split('\n').reverse().join(',');
  return subject === expected.replace(/,\s+/g, ',');
}

/**
 * Puts oidc-provider's internal reason for a failed token request into
 * {@link ERROR_DETAIL_HEADER}. When a client certificate failed verification,
 * the TLS layer's reason (CERT_HAS_EXPIRED, ...) is added.
 *
 * @param {KoaContext} ctx
 * @param {{ error_detail?: string }} error
 */
function exposeErrorDetail(ctx, error) {
  let detail = error.error_detail;
  if (!detail) {
    return;
  }
  const tlsError = tlsSocket(ctx)?.authorizationError;
  if (detail === 'client certificate was not verified' && tlsError) {
    detail += ` (${String(tlsError)})`;
  }
  // Header values must be visible ASCII (and spaces).
  ctx.set(ERROR_DETAIL_HEADER, detail.replace(/[^\x20-\x7e]/g, '?'));
}

/**
 * Adds `extra` to the provider's discovery documents (both well-known
 * paths), e.g. RFC 8705 `mtls_endpoint_aliases`, which oidc-provider does not
 * publish itself.
 *
 * @param {Record<string, unknown>} extra read at every request, so it may be
 *   filled after the provider started
 */
function addDiscoveryMetadata(extra) {
  /**
   * @param {KoaContext} ctx
   * @param {() => Promise<void>} next
   */
  return async (ctx, next) => {
    await next();
    if (
      DISCOVERY_PATHS.has(ctx.path) &&
      ctx.status === 200 &&
      ctx.body !== null &&
      typeof ctx.body === 'object'
    ) {
      Object.assign(ctx.body, extra);
    }
  };
}

/** @returns {ClientMetadata[]} */
function clientMetadata() {
  const testClients = /** @type {TestClient[]} */ (Object.values(CLIENTS));
  /** @type {ClientMetadata[]} */
  const clients = testClients.map(({ id, secret, scope, clientCredentials = true }) =>
    clientCredentials
      ? {
          client_id: id,
          client_secret: secret,
          scope,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'client_secret_basic',
        }
      : {
          // A browser-flow client: it authenticates fine, but may not use
          // client_credentials. The redirect URI is never visited.
          client_id: id,
          client_secret: secret,
          scope,
          grant_types: ['authorization_code'],
          redirect_uris: ['https://no-grant.example.test/callback'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
  );
  clients.push({
    client_id: RESOURCE_SERVER_CLIENT.id,
    client_secret: RESOURCE_SERVER_CLIENT.secret,
    grant_types: [],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  return clients;
}

/**
 * oidc-provider answers a grant the client is not registered for with
 * `invalid_request`, but RFC 6749 §5.2 names `unauthorized_client` for exactly
 * this case, and that is what real servers (Auth0, Keycloak...) send.
 * Rewrite it so the Action is tested against the standard code.
 *
 * @param {KoaContext} ctx
 * @param {() => Promise<void>} next
 */
async function unauthorizedClientForDisallowedGrant(ctx, next) {
  await next();
  const body = /** @type {{ error?: string, error_description?: string } | undefined} */ (ctx.body);
  if (
    ctx.path === '/token' &&
    ctx.status === 400 &&
    body?.error === 'invalid_request' &&
    body.error_description === 'requested grant type is not allowed for this client'
  ) {
    ctx.body = { ...body, error: 'unauthorized_client' };
  }
}

/**
 * A minimal in-memory store for oidc-provider's models (tokens, grants...).
 *
 * oidc-provider calls the returned factory once per model name; all models of
 * one provider share one map, and each provider gets its own, so two sets of
 * servers in one process never see each other's tokens. Expired entries are
 * dropped when read; the map lives only as long as the servers do, so nothing
 * else needs cleaning.
 *
 * @returns {(model: string) => MemoryAdapter}
 */
function memoryAdapter() {
  /** @type {Map<string, Entry>} */
  const store = new Map();
  return (model) => new MemoryAdapter(model, store);
}

/** @typedef {{ payload: Record<string, any>, expiresAt: number }} Entry */

class MemoryAdapter {
  /**
   * @param {string} model
   * @param {Map<string, Entry>} store
   */
  constructor(model, store) {
    this.model = model;
    this.store = store;
  }

  /** @param {string} id */
  key(id) {
    return `${this.model}:${id}`;
  }

  /**
   * @param {string} id
   * @param {Record<string, any>} payload
   * @param {number} [expiresIn] seconds
   */
  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Infinity;
    this.store.set(this.key(id), { payload, expiresAt });
  }

  /** @param {string} id */
  async find(id) {
    const entry = this.store.get(this.key(id));
    if (!entry) {
      return undefined;
    }
    if (entry.expiresAt <= Date.now()) {
      this.store.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }

  /** @param {string} uid */
  async findByUid(uid) {
    return this.#findBy((payload) => payload.uid === uid);
  }

  /** @param {string} userCode */
  async findByUserCode(userCode) {
    return this.#findBy((payload) => payload.userCode === userCode);
  }

  /** @param {string} id */
  async consume(id) {
    const entry = this.store.get(this.key(id));
    if (entry) {
      entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
  }

  /** @param {string} id */
  async destroy(id) {
    this.store.delete(this.key(id));
  }

  /** @param {string} grantId */
  async revokeByGrantId(grantId) {
    for (const [key, { payload }] of this.store) {
      if (payload.grantId === grantId) {
        this.store.delete(key);
      }
    }
  }

  /** @param {(payload: Record<string, any>) => boolean} predicate */
  #findBy(predicate) {
    const prefix = `${this.model}:`;
    for (const [key, { payload }] of this.store) {
      if (key.startsWith(prefix) && predicate(payload)) {
        return this.find(key.slice(prefix.length));
      }
    }
    return undefined;
  }
}
