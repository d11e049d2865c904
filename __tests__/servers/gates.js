// Gates: thin HTTP servers in front of the same oidc-provider instance, each
// on its own port, each making the token endpoint stricter in one way that a
// real provider is strict.
//
// oidc-provider is lenient (it takes the secret from the Basic header or the
// body whatever the client registered, and it form-decodes Basic values), so
// on its own it cannot show how the Action copes with a picky server. Every
// request goes to the provider's own handler; only `POST /token` is checked
// first, and discovery documents are rewritten so that a client that starts
// from a gate's base URL stays on that gate.

import { IncomingMessage, createServer } from 'node:http';

import {
  DISCOVERY_PATHS,
  HOST,
  formEncode,
  guard,
  listen,
  parseBasic,
  readBody,
  requestUrl,
  sendJson,
} from './http.js';

/** @import { Server, ServerResponse } from 'node:http' */
/** @import { AuthorizationServer } from './provider.js' */

/**
 * - `basicOnly`: like Genesys Cloud, the client must authenticate with HTTP
 *   Basic, and only with Basic.
 * - `bodyOnly`: the client must put its credentials in the form body.
 * - `rawBasic`: like the many servers that skip RFC 6749 §2.3.1, the Basic
 *   value is taken literally instead of being form-decoded; credentials only in
 *   the Basic header.
 *
 * The gates below bend RFC 6749 §5.2 the way real servers do (FIELD-NOTES): they
 * let the provider judge the credentials, then rewrite how its failure looks.
 *
 * - `bare403`: body only, like `bodyOnly`, but every failed client
 *   authentication is HTTP 403 with an empty body.
 * - `typeInvalid`: Basic only and taken literally, like `rawBasic`, but a failed
 *   client authentication is HTTP 400 `authorization_type_invalid`.
 * - `described`: body only; a failed client authentication is `invalid_request`
 *   "client authentication failed", and a client without the grant gets
 *   `invalid_request` "requested grant type is not allowed for this client"
 *   (the provider's own unauthorized_client, filed under a generic code).
 *
 * @typedef {'basicOnly' | 'bodyOnly' | 'rawBasic' | 'bare403' | 'typeInvalid' | 'described'} GateRule
 */

/**
 * @typedef {object} Gate
 * @property {Server} server
 * @property {string} base the gate's base URL, e.g. http://127.0.0.1:PORT
 */

/**
 * What each gate really accepts at its token endpoint, published in its
 * discovery document so that metadata and behaviour agree.
 *
 * @type {Record<GateRule, string[]>}
 */
const AUTH_METHODS = {
  basicOnly: ['client_secret_basic'],
  bodyOnly: ['client_secret_post'],
  // What the provider advertised before it learnt the JWT and mTLS methods;
  // those cannot pass this gate, which needs a Basic header.
  rawBasic: ['client_secret_basic', 'client_secret_post'],
  bare403: ['client_secret_post'],
  typeInvalid: ['client_secret_basic'],
  described: ['client_secret_post'],
};

/**
 * @param {AuthorizationServer} auth the provider the gate forwards to
 * @param {GateRule} rule
 * @returns {Promise<Gate>}
 */
export async function startGate(auth, rule) {
  const server = createServer();
  const port = await listen(server);
  const base = `http://${HOST}:${port}`;

  server.on('request', guard(route));

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function route(req, res) {
    const { pathname } = requestUrl(req);

    if (req.method === 'GET' && DISCOVERY_PATHS.has(pathname)) {
      await serveDiscovery(pathname, res);
      return;
    }

    if (req.method === 'POST' && pathname === '/token' && rule in BENT) {
      await BENT[/** @type {keyof typeof BENT} */ (rule)](req, res, auth);
      return;
    }

    if (req.method === 'POST' && pathname === '/token') {
      const forward = await RULES[/** @type {keyof typeof RULES} */ (rule)](req, res);
      if (forward) {
        auth.handle(forward, res);
      }
      return;
    }

    auth.handle(req, res);
  }

  /**
   * The provider builds every URL in its metadata from its own issuer, so
   * forwarded as-is, discovery through a gate would point the client straight
   * back at the lenient provider. Fetch the document and move every URL (the
   * issuer included, so issuer validation still passes) onto the gate.
   *
   * @param {string} pathname
   * @param {ServerResponse} res
   */
  async function serveDiscovery(pathname, res) {
    const response = await fetch(`${auth.issuer}${pathname}`);
    const metadata = rebase(
      /** @type {Record<string, unknown>} */ (await response.json()),
      auth.issuer,
      base,
    );
    // Only secret-based methods pass a gate, so the JWT algorithms go too.
    metadata.token_endpoint_auth_methods_supported = AUTH_METHODS[rule];
    delete metadata.token_endpoint_auth_signing_alg_values_supported;
    // The provider's own document points mTLS clients at the mTLS front; a
    // gate stands for a separate server that has no such alias.
    delete metadata.mtls_endpoint_aliases;
    sendJson(res, response.status, metadata);
  }

  return { server, base };
}

/**
 * Each rule either answers the request itself (and returns undefined) or
 * returns the request to forward to the provider.
 *
 * @type {Record<GateRule, (req: IncomingMessage, res: ServerResponse) => Promise<IncomingMessage | undefined>>}
 */
const RULES = {
  async basicOnly(req, res) {
    if (!/^basic /i.test(req.headers.authorization ?? '')) {
      // Genesys Cloud's exact answer when the client sends no Basic header.
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' });
      return undefined;
    }
    // Credentials in the body as well as the header is rejected outright
    // (RFC 6749 §2.3: a client MUST NOT use more than one method). Checking
    // needs the body, which is then handed on to the provider untouched.
    const body = await readBody(req);
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.has('client_secret') || form.has('client_id')) {
      sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'multiple client authentication methods',
      });
      return undefined;
    }
    return replay(req, body);
  },

  async bodyOnly(req, res) {
    if (req.headers.authorization !== undefined) {
      sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'client authentication method not allowed',
      });
      return undefined;
    }
    return req;
  },

  async rawBasic(req, res) {
    // Like most servers that skip the decoding, it takes credentials from the Basic header only.
    if (!/^basic /i.test(req.headers.authorization ?? '')) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' });
      return undefined;
    }
    // Take both halves of the Basic value literally, then form-encode them so
    // that the provider's own form-decoding gives back exactly those bytes.
    // A client that form-encoded its secret thus sends, in effect, the wrong
    // secret ('%40' instead of '@'...), while one that sent it raw succeeds.
    const basic = parseBasic(req.headers.authorization);
    if (basic) {
      const literal = `${formEncode(basic.rawId)}:${formEncode(basic.rawSecret)}`;
      req.headers.authorization = `Basic ${Buffer.from(literal, 'utf8').toString('base64')}`;
    }
    return req;
  },
};

/**
 * The gates that bend the standard. Each answers the request itself: it checks
 * the placement, forwards the token request to the provider, and rewrites the
 * provider's failure into its own shape. Successful answers pass unchanged.
 *
 * @type {Record<'bare403' | 'typeInvalid' | 'described', (req: IncomingMessage, res: ServerResponse, auth: AuthorizationServer) => Promise<void>>}
 */
const BENT = {
  async bare403(req, res, auth) {
    const bare = () => {
      res.writeHead(403, { 'content-length': 0 });
      res.end();
    };
    const body = (await readBody(req)).toString('utf8');
    if (req.headers.authorization !== undefined) {
      return bare();
    }
    const answer = await forward(auth, undefined, body);
    if (answer.json?.error === 'invalid_client') {
      return bare();
    }
    return answer.send(res);
  },

  async typeInvalid(req, res, auth) {
    const refuse = () =>
      sendJson(res, 400, { error: 'authorization_type_invalid', error_description: 'Authorization type is invalid' });
    const body = (await readBody(req)).toString('utf8');
    const basic = parseBasic(req.headers.authorization);
    if (!basic) {
      return refuse();
    }
    // As rawBasic: the halves are taken literally (no form-decoding).
    const literal = `${formEncode(basic.rawId)}:${formEncode(basic.rawSecret)}`;
    const answer = await forward(auth, `Basic ${Buffer.from(literal, 'utf8').toString('base64')}`, body);
    if (answer.json?.error === 'invalid_client') {
      return refuse();
    }
    return answer.send(res);
  },

  async described(req, res, auth) {
    const refuse = () =>
      sendJson(res, 400, { error: 'invalid_request', error_description: 'client authentication failed' });
    const body = (await readBody(req)).toString('utf8');
    if (req.headers.authorization !== undefined) {
      return refuse();
    }
    const answer = await forward(auth, undefined, body);
    if (answer.json?.error === 'invalid_client') {
      return refuse();
    }
    if (answer.json?.error === 'unauthorized_client') {
      return sendJson(res, 400, { error: 'invalid_request', error_description: String(answer.json.error_description) });
    }
    return answer.send(res);
  },
};

/**
 * Sends a token request to the provider's own endpoint and reads its answer.
 *
 * @param {AuthorizationServer} auth
 * @param {string | undefined} authorization
 * @param {string} body
 */
async function forward(auth, authorization, body) {
  const response = await fetch(`${auth.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
  const text = await response.text();
  /** @type {Record<string, unknown> | undefined} */
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    json,
    /** @param {ServerResponse} res */
    send: (res) => sendJson(res, response.status, json ?? text),
  };
}

/**
 * A copy of a request whose body has already been read, carrying that body
 * again, so the provider (which reads the body from the request stream) still
 * gets it.
 *
 * @param {IncomingMessage} req
 * @param {Buffer} body
 * @returns {IncomingMessage}
 */
function replay(req, body) {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  // Without this, Node treats the copy as an aborted upload once it has been
  // read, and destroys the client's socket.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * Replaces the origin `from` with `to` in every string of a JSON value that
 * is `from` itself or a URL under it.
 *
 * @template T
 * @param {T} value
 * @param {string} from
 * @param {string} to
 * @returns {T}
 */
export function rebase(value, from, to) {
  if (typeof value === 'string') {
    return /** @type {T} */ (
      value === from || value.startsWith(`${from}/`) ? to + value.slice(from.length) : value
    );
  }
  if (Array.isArray(value)) {
    return /** @type {T} */ (value.map((item) => rebase(item, from, to)));
  }
  if (value !== null && typeof value === 'object') {
    return /** @type {T} */ (
      Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rebase(item, from, to)]))
    );
  }
  return value;
}
