// Small HTTP helpers shared by every test server in this folder.
//
// Everything binds to 127.0.0.1 only: these servers exist for tests and the
// demo, and must never be reachable from another host (or another address
// family that a client might resolve "localhost" to).

/** @import { IncomingMessage, Server, ServerResponse } from 'node:http' */
/** @import { Server as TlsServer } from 'node:https' */

export const HOST = '127.0.0.1';

/** Where clients look for an authorization server's metadata (OIDC, RFC 8414). */
export const DISCOVERY_PATHS = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
]);

/** A request body larger than this is refused: no test sends more than a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Starts listening on an ephemeral port of 127.0.0.1.
 *
 * @param {Server | TlsServer} server
 * @returns {Promise<number>} the port the kernel picked
 */
export function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('server did not bind to a TCP port'));
        return;
      }
      resolve(address.port);
    });
  });
}

/**
 * Stops a server and resolves once it no longer holds any socket.
 *
 * `server.close()` alone waits for every open connection to end, which never
 * happens for a request that is deliberately left hanging (the fault server's
 * /hang) or for a client's idle keep-alive socket. `closeAllConnections()`
 * destroys those sockets, so the close finishes promptly and nothing keeps the
 * event loop (and so the test process) alive.
 *
 * @param {Server | TlsServer} server
 * @returns {Promise<void>}
 */
export function close(server) {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * Turns an async request handler into a listener for a server's 'request'
 * event. An error it throws becomes a 500 JSON answer carrying the message,
 * not a log line: a test that hits a bug sees why in the response, and a
 * client that hung up mid-request causes no noise on stderr.
 *
 * @param {(req: IncomingMessage, res: ServerResponse) => Promise<unknown>} handler
 * @returns {(req: IncomingMessage, res: ServerResponse) => void}
 */
export function guard(handler) {
  return (req, res) => {
    handler(req, res).catch((/** @type {Error} */ error) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, { error: 'server_error', error_description: String(error.message) });
      }
    });
  };
}

/**
 * Sends a JSON response with the headers a token endpoint uses.
 *
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Sends a response with an arbitrary content type.
 *
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} contentType
 * @param {string} body
 * @param {Record<string, string>} [headers]
 */
export function sendText(res, status, contentType, body, headers = {}) {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * Reads a whole request body into memory, refusing anything over 64 KiB.
 *
 * @param {IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new Error('request body too large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Decodes an `Authorization: Basic` header the way RFC 6749 §2.3.1 says a
 * server should: base64, split at the first ':', then form-decode each half.
 * A half that is not valid form encoding (a raw '%' not followed by two hex
 * digits) is returned as sent.
 *
 * @param {string | undefined} header
 * @returns {{ id: string, secret: string, rawId: string, rawSecret: string } | undefined}
 *   undefined when the header is missing or is not a well-formed Basic value
 */
export function parseBasic(header) {
  const encoded = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? '')?.[1];
  if (!encoded) {
    return undefined;
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) {
    return undefined;
  }
  const rawId = decoded.slice(0, colon);
  const rawSecret = decoded.slice(colon + 1);
  return { id: formDecode(rawId), secret: formDecode(rawSecret), rawId, rawSecret };
}

/**
 * application/x-www-form-urlencoded encoding of one value, as a spec-following
 * client does before building a Basic header. URLSearchParams implements the
 * WHATWG form serializer, so a space becomes '+' and every other reserved
 * character is percent-encoded.
 *
 * @param {string} value
 * @returns {string}
 */
export function formEncode(value) {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * Inverse of {@link formEncode}, tolerant of malformed percent sequences.
 *
 * @param {string} value
 * @returns {string}
 */
export function formDecode(value) {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * The path and query of a request, parsed against a dummy origin (the Host
 * header is irrelevant here and may be missing).
 *
 * @param {IncomingMessage} req
 * @returns {URL}
 */
export function requestUrl(req) {
  return new URL(req.url ?? '/', 'http://127.0.0.1');
}
