// The OAuth clients registered with the test authorization server.
//
// Ids and secrets are fixed (not random) on purpose: tests grep the Action's
// logs for them to prove they never appear, and a fixed value makes a failure
// easy to reproduce by hand with curl.

/**
 * @typedef {object} TestClient
 * @property {string} id client_id
 * @property {string} secret client_secret
 * @property {string} scope scopes this client may be granted
 * @property {number} ttl lifetime in seconds of its client_credentials tokens
 * @property {boolean} [clientCredentials] false for a client registered without that grant
 */

/**
 * The resource indicator (RFC 8707) for which the server issues JWT access
 * tokens. Requests without it get opaque tokens.
 */
export const RESOURCE = 'https://api.test/';

/** Every scope the server knows. */
export const SCOPES = ['api:read', 'api:write'];

/** @satisfies {Record<string, TestClient>} */
export const CLIENTS = {
  /** The everyday, healthy client. */
  main: {
    id: 'demo-service',
    secret: 's3cr3t-Value_0123456789abcdef',
    scope: 'api:read api:write',
    ttl: 3600,
  },
  /**
   * Its secret holds characters that form encoding changes ('@', '+', '/',
   * ':', '&', '=', '%'), so Basic with and without RFC 6749 §2.3.1 encoding
   * gives different header values, and only one of them is right for a given
   * server.
   */
  special: {
    id: 'special-client',
    secret: 'p@ss+w0rd/with:special&chars=%25',
    scope: 'api:read',
    ttl: 3600,
  },
  /** Tokens that expire in 30 s: lets tests check expiry warnings. */
  short: {
    id: 'short-lived',
    secret: 'short-secret-0123456789',
    scope: 'api:read api:write',
    ttl: 30,
  },
  /** May only get api:read: asking for api:write gives invalid_scope. */
  limited: {
    id: 'limited-client',
    secret: 'limited-secret-0123456789',
    scope: 'api:read',
    ttl: 3600,
  },
  /** Valid credentials, but the client_credentials grant is not enabled for it. */
  nogrant: {
    id: 'no-grant-client',
    secret: 'nogrant-secret-0123456789',
    scope: 'api:read',
    ttl: 3600,
    clientCredentials: false,
  },
};

/**
 * The resource server's own client, used only to call the introspection
 * endpoint. Kept apart from CLIENTS because it is not a client the Action
 * would ever check.
 */
export const RESOURCE_SERVER_CLIENT = {
  id: 'resource-server',
  secret: 'rs-secret-0123456789',
};

/**
 * The `clients` value handed to tests: key → { id, secret }.
 *
 * @returns {Record<keyof typeof CLIENTS, { id: string, secret: string }>}
 */
export function publicClients() {
  return /** @type {Record<keyof typeof CLIENTS, { id: string, secret: string }>} */ (
    Object.fromEntries(
      Object.entries(CLIENTS).map(([key, { id, secret }]) => [key, { id, secret }]),
    )
  );
}

/**
 * Clients that authenticate with something stronger than a shared secret
 * sent as-is: a signed JWT (RFC 7523) or a TLS client certificate (RFC 8705).
 * Their keys and certificates are made at start-up (credentials.js); only
 * their names are fixed here.
 */
export const KEY_CLIENTS = {
  /** private_key_jwt with an RSA key: RS256 (or PS256, the key allows both). */
  pkjwtRs: { id: 'pkjwt-rs256-client', kid: 'rs-key-1', alg: 'RS256' },
  /** private_key_jwt with an EC P-256 key: ES256. */
  pkjwtEs: { id: 'pkjwt-es256-client', kid: 'es-key-1', alg: 'ES256' },
  /** client_secret_jwt: an HS256 assertion keyed with the secret (≥ 32 bytes). */
  csjwt: { id: 'csjwt-client', secret: 'csjwt-secret-0123456789abcdef0123456789abcdef' },
  /** tls_client_auth: a certificate from the test CA with this subject. */
  mtls: { id: 'mtls-client', subjectDn: 'CN=mtls-client' },
  /** self_signed_tls_client_auth: the certificate registered in its jwks (x5c). */
  mtlsSelfSigned: { id: 'self-signed-mtls-client' },
};

/** Scopes the key-based clients may be granted. */
export const KEY_CLIENT_SCOPE = 'api:read api:write';

/**
 * A registered client of the Authlib server (authlib.js): unlike oidc-provider,
 * Authlib holds each client to its registered token_endpoint_auth_method.
 *
 * @typedef {object} AuthlibClient
 * @property {string} id
 * @property {string} secret
 * @property {'client_secret_basic' | 'client_secret_post'} method
 * @property {string[]} grantTypes
 * @property {string} scope
 */

/** @satisfies {Record<string, AuthlibClient>} */
export const AUTHLIB_CLIENTS = {
  /** Registered for client_secret_basic only: credentials in the body are refused. */
  basic: {
    id: 'authlib-basic-client',
    secret: 'authlibBasicSecret0123456789',
    method: 'client_secret_basic',
    grantTypes: ['client_credentials'],
    scope: 'api:read api:write',
  },
  /** Registered for client_secret_post only: a Basic header is refused. */
  post: {
    id: 'authlib-post-client',
    secret: 'authlibPostSecret0123456789',
    method: 'client_secret_post',
    grantTypes: ['client_credentials'],
    scope: 'api:read',
  },
  /**
   * client_secret_basic with a secret that form-encoding changes: Authlib does
   * not form-decode Basic values, so only the raw id:secret works.
   */
  special: {
    id: 'authlib-special-client',
    secret: 'p@ss+w0rd/with:special&chars=%25',
    method: 'client_secret_basic',
    grantTypes: ['client_credentials'],
    scope: 'api:read',
  },
  /** An id that form-encoding changes ('@'), a secret of letters and digits. */
  specialId: {
    id: 'svc@authlib.test',
    secret: 'authlibSpecialIdSecret0123',
    method: 'client_secret_basic',
    grantTypes: ['client_credentials'],
    scope: 'api:read',
  },
  /** Valid credentials, registered without the client_credentials grant. */
  nogrant: {
    id: 'authlib-nogrant-client',
    secret: 'authlibNoGrantSecret0123456',
    method: 'client_secret_basic',
    grantTypes: ['authorization_code'],
    scope: 'api:read',
  },
};
