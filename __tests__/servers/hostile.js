// Hostile and unlucky servers for the "never leak, never hang" suite: a token endpoint that quotes
// the client secret back in every escaping a real server uses (JSON \/ and \uXXXX, HTML entities,
// percent-encoding in both cases, its own truncation), answers 2xx bodies the Action cannot parse,
// hides invisible characters in its messages and advertises non-http token endpoints; and three
// proxies: one that never answers CONNECT, one that answers it and then relays nothing, one that
// asks for proxy credentials (407).
//
// Routes of the token server (any method unless said):
//   POST /echo/json-escaped    401, description quotes the secret JSON-escaped (\/, \", \\, \uXXXX)
//   POST /echo/html            400, description quotes the secret as HTML character references
//   POST /echo/percent-upper   400, description quotes the secret percent-encoded (%2F)
//   POST /echo/percent-lower   400, description quotes the secret percent-encoded (%2f)
//   POST /echo/cut             400, description quotes the secret minus its last 3 characters
//   POST /echo/500             500 text/plain quoting the secret form-encoded
//   POST /token/bom | /token/nan | /token/form | /token/text
//                              200 with a token in a body the Action cannot parse
//   POST /token/secret-inside  200, an access token that contains the client secret
//   GET  /api/me               200 only for exactly `Bearer <the token /token/secret-inside issued>`
//   POST /token/tiny           200, a 1-character refresh token and a 5-character id token
//   POST /token/expires-null | /token/expires-huge
//                              200, expires_in null / 1e300
//   POST /token/identity       200 only when the request says Accept-Encoding: identity
//   POST /invisible            400, description with zero-width, bidi, tag characters and a BOM
//   GET  /disco-<scheme>/.well-known/openid-configuration
//                              metadata whose token_endpoint uses file:, javascript: or data:
//
// Every route reads the secret from the form body or the Basic header, as the Action sends it.

import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';

import { HOST, close, guard, listen, parseBasic, readBody, requestUrl, sendJson, sendText } from './http.js';

/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/** @import { Socket } from 'node:net' */

/** A token the hostile server issues in bodies the Action cannot parse: it must never be shown. */
export const HOSTILE_TOKEN = 'hst-Tk7Qm2Vx9Rb4Lw8Zp3Nc6Jd';

/** Invisible characters planted in a description: ZWSP, RLO, LRI/PDI, tag "A", BOM, word joiner. */
export const INVISIBLES = '\u200b\u202e\u2066\u2069\u{e0041}\ufeff\u2060';

/** Every character JSON-escaped as \uXXXX, '/' as '\/': how some servers write strings. */
function jsonEscapeAll(text) {
  return [...text]
    .map((c) => (c === '/' ? '\\/' : /[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .join('');
}

/** Every character but letters and digits as an HTML character reference, alternating forms. */
function htmlEscapeAll(text) {
  return [...text]
    .map((c, i) => (/[A-Za-z0-9]/.test(c) ? c : i % 2 ? `&#x${c.charCodeAt(0).toString(16)};` : `&#${c.charCodeAt(0)};`))
    .join('');
}

/** Every byte percent-encoded, hex digits in the given case. */
function percentAll(text, lower) {
  const hex = Buffer.from(text, 'utf8').toString('hex');
  const out = hex.replace(/(..)/g, '%$1');
  return lower ? out.toLowerCase() : out.toUpperCase();
}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string | undefined>}
 */
async function secretOf(req) {
  const form = new URLSearchParams((await readBody(req)).toString('utf8'));
  return form.get('client_secret') ?? parseBasic(req.headers.authorization)?.secret;
}

/** @returns {Promise<{ server: import('node:http').Server, base: string }>} */
export async function startHostileServer() {
  /** The token /token/secret-inside issued last, which /api/me accepts. */
  let issued = '';
  const server = createServer(guard(handle));
  const port = await listen(server);
  const base = `http://${HOST}:${port}`;

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    const { pathname } = requestUrl(req);
    const disco = /^\/disco-(file|javascript|data)\/\.well-known\/openid-configuration$/.exec(pathname);
    if (disco) {
      const endpoint = { file: 'file:///etc/passwd', javascript: 'javascript:alert(document.domain)', data: 'data:text/plain,token' }[disco[1]];
      return sendJson(res, 200, { issuer: `${base}/disco-${disco[1]}`, token_endpoint: endpoint, grant_types_supported: ['client_credentials'] });
    }
    if (pathname === '/api/me') {
      const ok = issued !== '' && req.headers.authorization === `Bearer ${issued}`;
      return sendJson(res, ok ? 200 : 401, ok ? { me: 'ok' } : { error: 'invalid_token' });
    }
    const secret = (await secretOf(req)) ?? '';
    const description = (quoted) => `{"error":"invalid_request","error_description":"the client secret ${quoted} is not valid"}`;
    switch (pathname) {
      case '/echo/json-escaped':
        return sendText(res, 401, 'application/json', `{"error":"invalid_client","error_description":"got ${jsonEscapeAll(secret)}"}`);
      case '/echo/html':
        return sendText(res, 400, 'application/json', description(htmlEscapeAll(secret)));
      case '/echo/percent-upper':
        return sendText(res, 400, 'application/json', description(percentAll(secret, false)));
      case '/echo/percent-lower':
        return sendText(res, 400, 'application/json', description(percentAll(secret, true)));
      case '/echo/cut':
        return sendJson(res, 400, { error: 'invalid_request', error_description: `the client secret ${secret.slice(0, -3)} is not valid` });
      case '/echo/500':
        return sendText(res, 500, 'text/plain', `upstream said: client_secret=${new URLSearchParams([['', secret]]).toString().slice(1)}`);
      case '/token/bom':
        return sendText(res, 200, 'application/json', `\ufeff{"access_token":"${HOSTILE_TOKEN}","token_type":"Bearer","expires_in":3600}`);
      case '/token/nan':
        return sendText(res, 200, 'application/json', `{"access_token":"${HOSTILE_TOKEN}","token_type":"Bearer","expires_in":NaN}`);
      case '/token/form':
        return sendText(res, 200, 'application/x-www-form-urlencoded', `access_token=${HOSTILE_TOKEN}&token_type=bearer&expires_in=3600`);
      case '/token/text':
        return sendText(res, 200, 'text/plain', `Your token is ${HOSTILE_TOKEN}, valid for an hour.`);
      case '/token/secret-inside':
        issued = `tok.${secret}.${HOSTILE_TOKEN}`;
        return sendJson(res, 200, { access_token: issued, token_type: 'Bearer', expires_in: 3600 });
      case '/token/tiny':
        return sendJson(res, 200, { access_token: HOSTILE_TOKEN, token_type: 'Bearer', expires_in: 3600, refresh_token: 'r', id_token: 'i5chr' });
      case '/token/expires-null':
        return sendJson(res, 200, { access_token: HOSTILE_TOKEN, token_type: 'Bearer', expires_in: null });
      case '/token/expires-huge':
        return sendText(res, 200, 'application/json', `{"access_token":"${HOSTILE_TOKEN}","token_type":"Bearer","expires_in":1e300}`);
      case '/token/identity':
        if (req.headers['accept-encoding'] !== 'identity') {
          return sendJson(res, 400, { error: 'invalid_request', error_description: `expected Accept-Encoding: identity, got ${req.headers['accept-encoding'] ?? 'none'}` });
        }
        return sendJson(res, 200, { access_token: HOSTILE_TOKEN, token_type: 'Bearer', expires_in: 3600 });
      case '/invisible':
        return sendJson(res, 400, { error: 'invalid_request', error_description: `look${INVISIBLES}here` });
      default:
        return sendText(res, 404, 'text/plain', `no hostile route ${pathname}`);
    }
  }

  return { server, base };
}

/**
 * A TCP server standing in for a proxy; `onConnection` decides what it does with each client.
 * Its close() destroys every socket it still holds, so a stalled client cannot keep it open.
 *
 * @param {(socket: Socket) => void} onConnection
 */
async function startRawProxy(onConnection) {
  /** @type {Set<Socket>} */
  const sockets = new Set();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    onConnection(socket);
  });
  // http.js close() calls closeAllConnections(), which a plain TCP server lacks.
  Object.assign(server, {
    closeAllConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
  });
  const port = await listen(server);
  return { server, base: `http://${HOST}:${port}` };
}

/** Accepts the connection, reads the CONNECT request, never answers. */
export function startStalledProxy() {
  return startRawProxy((socket) => {
    socket.resume();
  });
}

/** Answers CONNECT with 200, then relays nothing either way (a TLS handshake never completes). */
export function startSilentTunnelProxy() {
  return startRawProxy((socket) => {
    socket.once('data', () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'));
  });
}

/** Answers every CONNECT with 407 Proxy Authentication Required; GET /__count says how many it saw. */
export async function startAuthProxy() {
  let connects = 0;
  const server = createServer((req, res) => {
    if (req.url === '/__count') return sendJson(res, 200, { connects });
    return sendJson(res, 405, { error: 'this proxy only tunnels (CONNECT)' });
  });
  server.on('connect', (_req, socket) => {
    connects += 1;
    socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
  });
  const port = await listen(server);
  return { server, base: `http://${HOST}:${port}` };
}

export { close };
