// A NICE CXone stand-in: the flow NICE documents for back-end apps and that
// public integrations follow (../../../shared/FIELD-NOTES.md, NICE CXone),
// on 127.0.0.1 instead of https://cxone.niceincontact.com.
//
//   GET  /.well-known/openid-configuration    metadata: token_endpoint /auth/token,
//        token_endpoint_auth_methods_supported [client_secret_basic, client_secret_post]
//   POST /auth/token                          the password grant (RFC 6749 §4.3): the
//        registered app authenticates as the client (Basic, form-decoded as RFC 6749
//        §2.3.1 says, or the body; never both), an API user's access key ID and secret
//        go as username and password (form-decoded: keys can end in '=')
//   GET  /.well-known/cxone-configuration?tenantId=<tenant>   { api_endpoint } for a
//        known tenant
//   POST /api/v2/oauth/token                  the founding case's guessed URL: what the
//        seed got back, Spring Security OAuth's stock 401 "Bad client credentials"
//
// And the tenant's API host (startCxoneApi): GET
// /incontactapi/services/v31.0/agents with a Bearer token this stand-in issued.
//
// Answers, in the order a server judges them: a bad client → 401 invalid_client;
// a bad access key → 400 invalid_grant; client_credentials → 400
// unauthorized_client (what real CXone answers to it is not verified: this is
// the RFC 6749 §5.2 code for a client not allowed a grant); another grant →
// 400 unsupported_grant_type.

import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import { HOST, guard, listen, parseBasic, readBody, requestUrl, sendJson } from './http.js';

/** @import { IncomingMessage, Server, ServerResponse } from 'node:http' */

/**
 * The registered app and two API users' access keys. Secrets carry '+', '/'
 * and a trailing '=' (as base64-looking keys do), so form-encoding matters.
 */
export const CXONE = {
  clientId: 'cxone-backend-app-7f3a',
  clientSecret: 'Cx0neClientSecret+/9kQ==',
  accessKeyId: 'AKCX9TQ4ZP2MNB7L6W3R5Y8H1',
  accessKeySecret: 'kS7d+Qf/2mZp9xW3vB6nL8rT4yH1jC5e=',
  tenantId: '11eb1a2b-3c4d-5e6f-7081-92a3b4c5d6e7',
  /** An API user of a tenant the cxone-configuration document does not know. */
  orphanKeyId: 'AKCXORPHAN0000000000000001',
  orphanKeySecret: 'orphanSecret+/0123456789abcdef=',
};

/** The API the stand-in's API host serves. */
export const CXONE_API_PATH = '/incontactapi/services/v31.0/agents';

const TOKEN_LIFETIME_S = 3600;

/**
 * What both servers share: the tokens issued so far, so the API host can
 * check a bearer token as a resource server of the same platform would.
 *
 * @returns {{ issued: Set<string> }}
 */
export function cxoneState() {
  return { issued: new Set() };
}

/**
 * @param {{ issued: Set<string> }} state
 * @returns {Promise<{ server: Server, base: string }>}
 */
export async function startCxoneApi(state) {
  const server = createServer(
    guard(async (req, res) => {
      const { pathname } = requestUrl(req);
      if (pathname !== CXONE_API_PATH) {
        sendJson(res, 404, { error: 'not_found' });
        return;
      }
      const token = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !state.issued.has(token)) {
        sendJson(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return;
      }
      sendJson(res, 200, { agents: [] });
    }),
  );
  const port = await listen(server);
  return { server, base: `http://${HOST}:${port}` };
}

/**
 * @param {{ issued: Set<string> }} state
 * @param {string} apiBase the tenant's API host (startCxoneApi)
 * @returns {Promise<{ server: Server, base: string }>}
 */
export async function startCxone(state, apiBase) {
  const idTokenKey = randomBytes(32);
  const server = createServer(guard(handle));
  const port = await listen(server);
  const issuer = `http://${HOST}:${port}`;
  /** @type {Map<string, { secret: string, tenant: string }>} access key ID → its secret and the user's tenant */
  const users = new Map([
    [CXONE.accessKeyId, { secret: CXONE.accessKeySecret, tenant: CXONE.tenantId }],
    [CXONE.orphanKeyId, { secret: CXONE.orphanKeySecret, tenant: 'retired-tenant' }],
  ]);

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    const url = requestUrl(req);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      sendJson(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/auth/authorize`,
        token_endpoint: `${issuer}/auth/token`,
        jwks_uri: `${issuer}/auth/jwks`,
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        grant_types_supported: ['authorization_code', 'password', 'refresh_token'],
        response_types_supported: ['code'],
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/cxone-configuration') {
      const tenant = url.searchParams.get('tenantId');
      if (tenant !== CXONE.tenantId) {
        sendJson(res, 404, { error: 'tenant_not_found' });
        return;
      }
      sendJson(res, 200, { tenantId: tenant, api_endpoint: apiBase, area: 'na1' });
      return;
    }
    if (url.pathname === '/api/v2/oauth/token') {
      await readBody(req);
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' });
      return;
    }
    if (url.pathname !== '/auth/token') {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'POST' });
      return;
    }
    await token(req, res);
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function token(req, res) {
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'form body expected' });
      return;
    }
    // URLSearchParams form-decodes ('+' is a space, %3D is '='), as RFC 6749 Appendix B says.
    const body = new URLSearchParams((await readBody(req)).toString('utf8'));
    const basic = parseBasic(req.headers.authorization);
    const inBody = body.has('client_secret');
    if (basic && inBody) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'client credentials in more than one place' });
      return;
    }
    const client = basic ? { id: basic.id, secret: basic.secret } : { id: body.get('client_id') ?? '', secret: body.get('client_secret') ?? '' };
    if (client.id !== CXONE.clientId || client.secret !== CXONE.clientSecret) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' }, basic ? { 'www-authenticate': 'Basic realm="cxone"' } : {});
      return;
    }
    const grant = body.get('grant_type');
    if (grant === 'client_credentials') {
      sendJson(res, 400, { error: 'unauthorized_client', error_description: 'grant type not allowed for this client' });
      return;
    }
    if (grant !== 'password') {
      sendJson(res, 400, { error: 'unsupported_grant_type' });
      return;
    }
    const user = users.get(body.get('username') ?? '');
    if (!user || body.get('password') !== user.secret) {
      sendJson(res, 400, { error: 'invalid_grant', error_description: 'invalid access key' });
      return;
    }
    const accessToken = randomBytes(24).toString('base64url');
    state.issued.add(accessToken);
    const now = Math.floor(Date.now() / 1000);
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_S,
      refresh_token: randomBytes(24).toString('base64url'),
      id_token: jwt({ iss: issuer, sub: `user:${body.get('username')}`, aud: client.id, iat: now, exp: now + TOKEN_LIFETIME_S, tenantId: user.tenant }, idTokenKey),
    });
  }

  return { server, base: issuer };
}

/**
 * A compact HS256 JWT (RFC 7519), enough for an id token the client only reads.
 *
 * @param {Record<string, unknown>} claims
 * @param {Buffer} key
 * @returns {string}
 */
function jwt(claims, key) {
  const part = (/** @type {unknown} */ v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}
