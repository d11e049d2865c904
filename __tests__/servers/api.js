// A protected API, so tests can check that a token is not only issued but
// also accepted by a resource server ("probe" checks).
//
//   GET /me     any valid token                 → 200 {"ok":true}
//   GET /admin  a valid token with api:write    → 200 {"ok":true}
//
// Failures follow RFC 6750 §3: 401 with `error="invalid_token"` for a missing
// or bad token, 403 with `error="insufficient_scope"` for a good token that
// lacks the scope.

import { createServer } from 'node:http';
import { verify } from 'node:crypto';

import { RESOURCE, RESOURCE_SERVER_CLIENT } from './clients.js';
import { HOST, formEncode, guard, listen, requestUrl, sendJson } from './http.js';

/** @import { IncomingMessage, Server, ServerResponse } from 'node:http' */
/** @import { AuthorizationServer } from './provider.js' */

/**
 * @typedef {object} TokenInfo what the API learnt about a valid token
 * @property {string[]} scopes
 */

/** Route → the scope it requires (undefined: any valid token will do). */
const ROUTES = new Map([
  ['/me', undefined],
  ['/admin', 'api:write'],
]);

/**
 * @param {AuthorizationServer} auth
 * @returns {Promise<{ server: Server, base: string }>}
 */
export async function startApi(auth) {
  // RFC 6749 §2.3.1 encoding, as this server's own client is expected to use.
  const basic = `Basic ${Buffer.from(
    `${formEncode(RESOURCE_SERVER_CLIENT.id)}:${formEncode(RESOURCE_SERVER_CLIENT.secret)}`,
  ).toString('base64')}`;

  const server = createServer(guard(handle));
  const port = await listen(server);

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    const { pathname } = requestUrl(req);
    if (!ROUTES.has(pathname)) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
      return;
    }

    const token = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
    const info = token ? await validate(token) : undefined;
    if (!info) {
      sendJson(res, 401, { error: 'invalid_token' }, {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
      return;
    }

    const required = ROUTES.get(pathname);
    if (required && !info.scopes.includes(required)) {
      sendJson(res, 403, { error: 'insufficient_scope' }, {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${required}"`,
      });
      return;
    }

    sendJson(res, 200, { ok: true });
  }

  /**
   * Opaque tokens are checked by introspection (RFC 7662), as a real resource
   * server would. JWT access tokens cannot be: oidc-provider refuses to
   * introspect them (`unsupported_token_type`, since it does not store them),
   * so they are verified here with the provider's public key instead, the way
   * RFC 9068 intends.
   *
   * @param {string} token
   * @returns {Promise<TokenInfo | undefined>}
   */
  async function validate(token) {
    return token.split('.').length === 3 ? verifyJwt(token) : introspect(token);
  }

  /**
   * @param {string} token
   * @returns {Promise<TokenInfo | undefined>}
   */
  async function introspect(token) {
    const response = await fetch(auth.introspection, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    if (!response.ok) {
      throw new Error(`introspection failed with HTTP ${response.status}`);
    }
    const result = /** @type {{ active?: boolean, scope?: string }} */ (await response.json());
    return result.active ? { scopes: splitScope(result.scope) } : undefined;
  }

  /**
   * @param {string} token
   * @returns {TokenInfo | undefined}
   */
  function verifyJwt(token) {
    const [header, payload, signature] = /** @type {[string, string, string]} */ (token.split('.'));
    try {
      const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
      if (alg !== 'RS256' || kid !== auth.kid) {
        return undefined;
      }
      const signed = Buffer.from(`${header}.${payload}`, 'ascii');
      if (!verify('sha256', signed, auth.publicKey, Buffer.from(signature, 'base64url'))) {
        return undefined;
      }
      /** @type {{ iss?: string, aud?: string | string[], exp?: number, scope?: string }} */
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      const now = Math.floor(Date.now() / 1000);
      if (claims.iss !== auth.issuer || !audiences.includes(RESOURCE) || !(Number(claims.exp) > now)) {
        return undefined;
      }
      return { scopes: splitScope(claims.scope) };
    } catch {
      // Not JSON, not base64url...: simply not a valid token.
      return undefined;
    }
  }

  return { server, base: `http://${HOST}:${port}` };
}

/**
 * @param {string | undefined} scope a space-separated scope string
 * @returns {string[]}
 */
function splitScope(scope) {
  return (scope ?? '').split(' ').filter(Boolean);
}
