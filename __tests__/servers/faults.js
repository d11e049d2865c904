// The fault server: one HTTP server whose routes each misbehave in one way a
// real token endpoint (or something posing as one) does, so tests can check
// what the Action reports in each case. Every route answers any method.
//
// Any request carrying `?key=K` is counted under K (see /count), so a test can
// give each case its own key and assert how many requests the Action sent,
// e.g. that a 4xx was not retried.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import { HOST, guard, listen, parseBasic, readBody, requestUrl, sendJson, sendText } from './http.js';

/** @import { IncomingMessage, Server, ServerResponse } from 'node:http' */

/** A well-formed token response, as a healthy server sends it. */
export const FAULT_TOKEN = {
  access_token: 'fault-token-0123456789abcdef',
  token_type: 'Bearer',
  expires_in: 3600,
  scope: 'api:read',
};

/** An error description crafted to break out of logs, workflow commands and Markdown. */
export const INJECTION =
  '::set-output name=status::healthy\n::error title=x::pwned\n##[add-mask]x <script>alert(1)</script> | *bold* [link](http://evil.example)';

/** Size of the /huge response: far more than any token response. */
const HUGE_BYTES = 5 * 1024 * 1024;

/** Upper bound for /delay/<ms>, so a typo cannot hold a test for hours. */
const MAX_DELAY_MS = 60_000;

const HTML_404 = `<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>
`;

/** A Cloudflare-style block page, as a WAF in front of a token endpoint sends it. */
const HTML_WAF = `<!DOCTYPE html>
<html><head><title>Attention Required! | Cloudflare</title></head>
<body><h1>Sorry, you have been blocked</h1>
<p>You are unable to access this website. This website is using a security service to protect itself from online attacks.</p>
<p>Cloudflare Ray ID: 8a1b2c3d4e5f6789</p></body></html>
`;

const HTML_LOGIN = `<!DOCTYPE html>
<html><head><title>Sign in</title></head>
<body><h1>Sign in to your account</h1>
<form method="post" action="/login">
<label>Email <input name="username" type="email"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button>
</form></body></html>
`;

// Fixed identifiers for the Entra-style bodies: obviously fake, stable in
// snapshots.
const ENTRA_APP_ID = '11111111-2222-3333-4444-555555555555';
const ENTRA_TENANT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/**
 * Microsoft Entra ID errors by AADSTS number: HTTP status, OAuth error code
 * and the start of the message, as Entra sends them.
 *
 * @type {Map<number, { status: number, error: string, message: string }>}
 */
const ENTRA_ERRORS = new Map([
  [7000215, {
    status: 401,
    error: 'invalid_client',
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${ENTRA_APP_ID}'.`,
  }],
  [7000222, {
    status: 401,
    error: 'invalid_client',
    message: `The provided client secret keys for app '${ENTRA_APP_ID}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }],
  // Entra files this one under unauthorized_client (its internal name is
  // "UnauthorizedClient_DoesNotMatchRequest"), with HTTP 400.
  [700016, {
    status: 400,
    error: 'unauthorized_client',
    message: `Application with identifier '${ENTRA_APP_ID}' was not found in the directory '${ENTRA_TENANT_ID}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }],
  [90002, {
    status: 400,
    error: 'invalid_request',
    message: `Tenant '${ENTRA_TENANT_ID}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }],
]);

/**
 * @typedef {object} FaultServer
 * @property {Server} server
 * @property {string} base e.g. http://127.0.0.1:PORT
 */

/** @returns {Promise<FaultServer>} */
export async function startFaultServer() {
  /** Requests seen per ?key= value. */
  const counts = new Map();
  /** `${path}?${key}` of flaky routes that already failed once. */
  const failedOnce = new Set();
  /** Pending /delay timers, cleared on close so none outlives the server. */
  const timers = new Set();

  const server = createServer(guard(handle));
  const port = await listen(server);
  const base = `http://${HOST}:${port}`;

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  /**
   * Headers at once, then one byte every 200 ms, forever: the socket never goes idle, so only an
   * overall deadline ends the request.
   * @param {ServerResponse} res
   */
  function trickle(res) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"');
    const timer = setInterval(() => res.write('a'), 200);
    res.on('close', () => clearInterval(timer));
  }

  async function handle(req, res) {
    const url = requestUrl(req);
    const { pathname } = url;
    const key = url.searchParams.get('key');
    if (key !== null && pathname !== '/count') {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }

    switch (pathname) {
      case '/html-404':
        return sendText(res, 404, 'text/html; charset=utf-8', HTML_404);
      case '/html-200':
        return sendText(res, 200, 'text/html; charset=utf-8', HTML_LOGIN);
      case '/hang':
        // Never answer. close() destroys the socket (see http.js).
        return undefined;
      case '/flaky-429':
        return flaky(res, `${pathname}?${key}`, () =>
          sendJson(res, 429, { error: 'too_many_requests' }, { 'retry-after': '1' }),
        );
      case '/flaky-503':
        return flaky(res, `${pathname}?${key}`, () =>
          sendText(res, 503, 'text/plain; charset=utf-8', 'Service Unavailable', { 'retry-after': '1' }),
        );
      case '/503':
        return sendText(res, 503, 'text/plain; charset=utf-8', 'Service Unavailable');
      case '/500-json':
        return sendJson(res, 500, { error: 'server_error' });
      case '/huge':
        return streamHuge(res);
      case '/waf':
        // A WAF's block page: HTML, 403, and the headers only the CDN sets.
        return sendText(res, 403, 'text/html; charset=UTF-8', HTML_WAF, {
          server: 'cloudflare',
          'cf-ray': '8a1b2c3d4e5f6789-AMS',
        });
      case '/mixed':
        // The server answers Basic with its own OAuth error; a gateway in front of it stops
        // credentials in the body with a plain-text page of another shape.
        if (req.headers.authorization !== undefined) {
          return sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
        }
        return sendText(res, 403, 'text/plain; charset=utf-8', 'Request blocked by security policy');
      case '/403-empty':
        res.writeHead(403, { 'content-length': 0 });
        return res.end();
      case '/slash':
        // The usual redirect in front of a token endpoint: add the trailing slash.
        res.writeHead(308, { location: '/slash/', 'content-length': 0 });
        return res.end();
      case '/redirect':
        res.writeHead(307, { location: 'https://elsewhere.example.net/oauth/token', 'content-length': 0 });
        return res.end();
      case '/text':
        return sendText(res, 200, 'text/plain; charset=utf-8', 'OK');
      case '/reset':
        // Drop the connection without an answer, as a crashing proxy does.
        req.socket.destroy();
        return undefined;
      case '/trickle':
        return trickle(res);
      case '/inject':
        return sendJson(res, 400, { error: 'invalid_client', error_description: INJECTION });
      case '/token':
        return sendJson(res, 200, FAULT_TOKEN);
      case '/token-no-expiry':
        // Opaque token, no expires_in: the lifetime cannot be known.
        return sendJson(res, 200, { access_token: 'no-expiry-token-0123456789', token_type: 'Bearer' });
      case '/token-type':
        return sendJson(res, 200, { ...FAULT_TOKEN, token_type: url.searchParams.get('type') ?? 'mac' });
      case '/no-access-token':
        return sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600 });
      case '/wrong-types':
        return sendJson(res, 200, { access_token: 12345, token_type: 'Bearer', expires_in: 'soon' });
      case '/echo-secret':
        return echoSecret(req, res);
      case '/401-empty':
        res.writeHead(401, { 'content-length': 0 });
        return res.end();
      case '/count':
        return sendJson(res, 200, { count: counts.get(key) ?? 0 });
      case '/impostor/.well-known/openid-configuration':
        // Metadata that claims another origin's issuer and points the token endpoint there.
        return sendJson(res, 200, {
          issuer: 'https://login.impostor.example',
          token_endpoint: `${base}/token`,
        });
      case '/nocc/.well-known/openid-configuration':
        // An OpenID provider without client_credentials, like NICE CXone.
        return sendJson(res, 200, {
          issuer: `${base}/nocc`,
          authorization_endpoint: `${base}/nocc/authorize`,
          token_endpoint: `${base}/oauth-error/unsupported_grant_type`,
          jwks_uri: `${base}/nocc/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          grant_types_supported: ['authorization_code', 'password', 'refresh_token'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
        });
      case '/.well-known/oauth-authorization-server/as8414':
        // RFC 8414 §3: for issuer `${base}/as8414` the well-known segment goes
        // before the issuer's path. Only this location works; the OIDC-style
        // `${base}/as8414/.well-known/...` is a 404.
        return sendJson(res, 200, {
          issuer: `${base}/as8414`,
          token_endpoint: `${base}/token`,
          response_types_supported: [],
          grant_types_supported: ['client_credentials'],
          token_endpoint_auth_methods_supported: ['client_secret_post'],
        });
      default:
        return prefixRoute(req, res, pathname);
    }
  }

  /**
   * Routes with a parameter in the path.
   *
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {string} pathname
   */
  function prefixRoute(req, res, pathname) {
    const [, first, second, ...rest] = pathname.split('/');
    if (second !== undefined && rest.length === 0) {
      if (first === 'oauth-error' && /^[a-z_]+$/.test(second)) {
        return sendJson(res, 400, { error: second, error_description: `fault server says ${second}` });
      }
      if (first === 'entra' && /^\d+$/.test(second)) {
        return entra(res, Number(second));
      }
      if (first === 'delay' && /^\d+$/.test(second)) {
        return delay(res, Math.min(Number(second), MAX_DELAY_MS));
      }
    }
    return sendText(res, 404, 'text/plain; charset=utf-8', `no fault route ${req.method} ${pathname}`);
  }

  /**
   * Fails the first request for a key, then answers with a token.
   *
   * @param {ServerResponse} res
   * @param {string} id route and key
   * @param {() => void} fail
   */
  function flaky(res, id, fail) {
    if (failedOnce.has(id)) {
      return sendJson(res, 200, FAULT_TOKEN);
    }
    failedOnce.add(id);
    return fail();
  }

  /**
   * @param {ServerResponse} res
   * @param {number} ms
   */
  function delay(res, ms) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      sendJson(res, 200, FAULT_TOKEN);
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  }

  // A pending /delay timer would keep the process alive after close(). Each
  // one is also cleared when its connection closes (close() destroys them
  // all); this covers any that slipped through.
  server.once('close', () => {
    for (const timer of timers) {
      clearTimeout(timer);
    }
    timers.clear();
  });

  return { server, base };
}

/**
 * Streams a 5 MiB JSON token response in 64 KiB chunks, honouring
 * back-pressure, and stops as soon as the client goes away: a client that
 * caps the response size must not leave this server writing into the void.
 *
 * @param {ServerResponse} res
 */
function streamHuge(res) {
  const head = '{"access_token":"';
  const tail = '","token_type":"Bearer","expires_in":3600}';
  let remaining = HUGE_BYTES - head.length - tail.length;
  const chunk = Buffer.alloc(64 * 1024, 'a');

  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.write(head);

  const pump = () => {
    while (remaining > 0) {
      if (res.destroyed) {
        return;
      }
      const size = Math.min(chunk.length, remaining);
      remaining -= size;
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) {
      res.end(tail);
    }
  };
  pump();
}

/**
 * Answers 401 with the client secret it received inside the error
 * description, as some servers do: lets tests prove the Action redacts what a
 * server echoes back.
 *
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
async function echoSecret(req, res) {
  const url = requestUrl(req);
  const form = new URLSearchParams((await readBody(req)).toString('utf8'));
  const secret = form.get('client_secret') ?? parseBasic(req.headers.authorization)?.secret;
  // ?pad=N puts N characters before the secret, so it straddles where the Action truncates.
  const pad = 'x'.repeat(Math.min(Number(url.searchParams.get('pad') ?? 0) || 0, 10_000));
  sendJson(res, 401, {
    error: 'invalid_client',
    error_description:
      secret === undefined ? 'no client secret received' : `${pad}invalid secret '${secret}'`,
  });
}

/**
 * @param {ServerResponse} res
 * @param {number} code AADSTS number
 */
function entra(res, code) {
  const known = ENTRA_ERRORS.get(code);
  if (!known) {
    return sendText(res, 404, 'text/plain; charset=utf-8', `no Entra fixture for AADSTS${code}`);
  }
  const traceId = randomUUID();
  const correlationId = randomUUID();
  // Entra's format: "2024-05-01 12:34:56Z".
  const timestamp = `${new Date().toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return sendJson(res, known.status, {
    error: known.error,
    error_description: `AADSTS${code}: ${known.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}
