import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var net = __nccwpck_require__(9278);
var tls = __nccwpck_require__(4756);
var http = __nccwpck_require__(8611);
var https = __nccwpck_require__(5692);
var events = __nccwpck_require__(4434);
var assert = __nccwpck_require__(2613);
var util = __nccwpck_require__(9023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
__webpack_unused_export__ = debug; // for test


/***/ }),

/***/ 797:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   MX: () => (/* binding */ parseAlertOptions),
/* harmony export */   YV: () => (/* binding */ alertSecretForms),
/* harmony export */   Zw: () => (/* binding */ alertsWanted)
/* harmony export */ });
/* unused harmony exports NO_ALERTS, nameList */
/* harmony import */ var _endpoint_url_rules_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8714);
/* harmony import */ var _inputs_values_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8463);
// The alert inputs of the step (tracking issue, webhook, heartbeat), parsed into AlertOptions or
// INVALID_INPUT findings that name the input and the expected form. Pure.


const NO_ALERTS = {
    trackingIssue: false,
    githubToken: '',
    labels: [],
    assignees: [],
    issueOn: 'error',
    webhook: null,
    heartbeatUrl: null
};
/** Whether the step asked for any alert (the alerts code is loaded only then). */
function alertsWanted(options) {
    return options.trackingIssue || options.webhook !== null || options.heartbeatUrl !== null;
}
const ISSUE_ON = ['error', 'warning'];
const FORMATS = ['slack', 'teams', 'json'];
/** A comma- or newline-separated list, trimmed, without empties and duplicates. */
function nameList(text) {
    return [...new Set(text.split(/[,\n]/).map(s => s.trim()).filter(Boolean))];
}
/** `get` returns trimmed values with action.yml's defaults filled in. */
function parseAlertOptions(get, failOn, bad) {
    const trackingIssue = (0,_inputs_values_js__WEBPACK_IMPORTED_MODULE_1__/* .bool */ .lc)(get('tracking-issue'), 'tracking-issue', bad) ?? false;
    const token = get('github-token');
    const issueOnText = get('issue-on');
    // `fail-on: warning` makes a degraded check fail the step: the same status should open an issue.
    const issueOn = issueOnText === '' ? (failOn === 'warning' ? 'warning' : 'error') : ((0,_inputs_values_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(issueOnText, ISSUE_ON, 'issue-on', bad) ?? 'error');
    const labels = nameList(get('issue-labels'));
    for (const label of labels)
        if (label.length > 50)
            bad('issue-labels', `holds "${(0,_inputs_values_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(label)}", longer than GitHub's 50 characters for a label name.`);
    const assignees = nameList(get('issue-assignees')).map(a => a.replace(/^@/, ''));
    for (const login of assignees) {
        if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login))
            bad('issue-assignees', `must list GitHub logins separated by commas; "${(0,_inputs_values_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(login)}" is not one.`);
    }
    const webhookText = get('notify-webhook-url');
    const format = (0,_inputs_values_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(get('notify-format'), FORMATS, 'notify-format', bad) ?? 'json';
    // Never echo the URL: it is a secret (whoever holds it can post to the channel).
    const webhookUrl = webhookText === '' ? undefined : secretUrl(webhookText, 'notify-webhook-url', bad);
    if (webhookUrl && !trackingIssue) {
        bad('notify-webhook-url', 'needs `tracking-issue: true`: a change is decided from the state kept in the tracking issue (see docs/alerts.md).');
    }
    const heartbeatText = get('heartbeat-url');
    const heartbeatUrl = heartbeatText === '' ? undefined : secretUrl(heartbeatText, 'heartbeat-url', bad);
    return {
        trackingIssue,
        githubToken: /^\$\{\{.*\}\}$/.test(token) ? '' : token,
        labels,
        assignees,
        issueOn,
        webhook: webhookUrl ? { url: webhookUrl, format } : null,
        heartbeatUrl: heartbeatUrl ?? null
    };
}
/** An https URL (http only to loopback), checked without ever quoting it back. */
function secretUrl(text, input, bad) {
    const problems = [];
    const url = (0,_endpoint_url_rules_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEndpoint */ .Bk)(text, input, (_input, problem) => problems.push(problem), 'https://hooks.example.com/…');
    const problem = problems[0];
    if (problem !== undefined) {
        // parseEndpoint's messages never quote the value; the URL stays out of the log.
        bad(input, problem);
        return undefined;
    }
    if (url && (0,_endpoint_url_rules_js__WEBPACK_IMPORTED_MODULE_0__/* .isInsecure */ .f_)(url, false)) {
        bad(input, 'must be an https:// URL (plain http:// only to a loopback address): it carries a secret.');
        return undefined;
    }
    return url?.href;
}
/**
 * Every form of the alert secrets, to mask before anything is printed: the token, and each URL
 * as given, normalised, percent-encoded and its path and query alone (the part that holds the
 * secret in Slack, Teams and Healthchecks-style URLs).
 */
function alertSecretForms(raw) {
    const forms = new Set();
    const token = raw('github-token').trim();
    if (token !== '' && !/^\$\{\{.*\}\}$/.test(token))
        forms.add(token);
    for (const input of ['notify-webhook-url', 'heartbeat-url']) {
        const text = raw(input);
        for (const value of new Set([text, text.trim()])) {
            if (value === '')
                continue;
            forms.add(value);
            forms.add(encodeURIComponent(value));
            if (URL.canParse(value)) {
                const url = new URL(value);
                forms.add(url.href);
                forms.add(encodeURIComponent(url.href));
                const tail = `${url.pathname}${url.search}`;
                if (tail.length >= 8)
                    forms.add(tail);
            }
        }
    }
    return [...forms].filter(f => f.length >= 4);
}


/***/ }),

/***/ 8714:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $n: () => (/* binding */ discoveredEndpointProblem),
/* harmony export */   Bk: () => (/* binding */ parseEndpoint),
/* harmony export */   G$: () => (/* binding */ localhostProblems),
/* harmony export */   f_: () => (/* binding */ isInsecure),
/* harmony export */   lS: () => (/* binding */ isLocalhostName)
/* harmony export */ });
/* unused harmony exports isLoopback, isLoopbackAddress */
/* harmony import */ var _findings_codes_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7388);
// The rules every URL the check sends credentials or tokens to must meet, configured or
// discovered: absolute http(s), no userinfo, no fragment (RFC 6749 §3.2), https unless loopback
// or allow-insecure-http. Pure.

/** An absolute http(s) URL without credentials or fragment (RFC 6749 §3.2). */
function parseEndpoint(text, input, bad, example = 'https://login.example.com/oauth/token') {
    if (!URL.canParse(text)) {
        bad(input, `is not a URL; expected an absolute https:// URL such as ${example}.`);
        return undefined;
    }
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        bad(input, `must be an https:// URL, not ${url.protocol}.`);
        return undefined;
    }
    if (url.username !== '' || url.password !== '') {
        bad(input, 'must not contain user:password@; pass the credentials through client-id and client-secret.');
        return undefined;
    }
    if (url.hash !== '') {
        bad(input, 'must not contain a #fragment (RFC 6749 §3.2).');
        return undefined;
    }
    return url;
}
/**
 * 127.0.0.0/8, ::1 and localhost, written as such: traffic that never leaves the machine. A
 * `*.localhost` name is not here: it is loopback only if it resolves there (see isLocalhostName).
 */
function isLoopback(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return host === 'localhost' || isLoopbackAddress(host);
}
/** An address (not a name) in 127.0.0.0/8 or ::1, IPv4-mapped forms included. */
function isLoopbackAddress(address) {
    const a = address.replace(/^\[|\]$/g, '').toLowerCase();
    return a === '::1' || a === '0:0:0:0:0:0:0:1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(a);
}
/**
 * `*.localhost` (RFC 6761 §6.3 reserves it for loopback, but resolvers and hosts files do not all
 * honour that): plain http to it is allowed without allow-insecure-http only once every address
 * it resolves to is loopback.
 */
function isLocalhostName(hostname) {
    return hostname.toLowerCase().replace(/\.$/, '').endsWith('.localhost');
}
/** Plain http:// to a host that is not loopback, without allow-insecure-http. */
function isInsecure(url, allowInsecureHttp) {
    return url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname);
}
/** The discovered token endpoint must meet the rules token-url does (RFC 6749 §3.2, https). */
function discoveredEndpointProblem(tokenUrl, allowInsecureHttp) {
    const url = new URL(tokenUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        // file:, javascript:, data:, ftp:…: named, never followed, and the rest of the URL not quoted.
        const scheme = /^[a-z][a-z0-9+.-]{0,30}:$/i.test(url.protocol) ? url.protocol : 'an unknown scheme';
        return (0,_findings_codes_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('DISCOVERY_FAILED', `The discovered token endpoint uses the ${scheme} scheme; only https: (or http: to loopback, or with allow-insecure-http) is allowed. No token request was sent.`);
    }
    if (url.username !== '' || url.password !== '' || url.hash !== '') {
        return (0,_findings_codes_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('DISCOVERY_FAILED', `The discovered token endpoint ${url.origin}${url.pathname} carries credentials or a #fragment, which RFC 6749 §3.2 forbids. No token request was sent.`);
    }
    if (url.protocol === 'https:' || isLoopback(url.hostname) || allowInsecureHttp)
        return undefined;
    return (0,_findings_codes_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('INSECURE_URL', `The discovered token endpoint ${url.href} uses plain http:// to a remote host: the client secret would cross the network unencrypted. No token request was sent.`);
}
/**
 * Plain http:// URLs on `*.localhost` names, without allow-insecure-http: each must resolve to
 * loopback addresses only, else INSECURE_URL (without a resolver, none counts as loopback).
 */
async function localhostProblems(urls, allowInsecureHttp, lookup, timeoutMs = 10_000) {
    if (allowInsecureHttp)
        return [];
    const problems = [];
    for (const text of new Set(urls)) {
        if (!URL.canParse(text))
            continue;
        const url = new URL(text);
        if (url.protocol !== 'http:' || !isLocalhostName(url.hostname))
            continue;
        // Bounded like a request: a resolver that does not answer in time means "does not resolve".
        const addresses = lookup ? await withTimeout(lookup(url.hostname), timeoutMs).catch(() => []) : [];
        if (addresses.length > 0 && addresses.every(isLoopbackAddress))
            continue;
        const where = addresses.length === 0 ? 'does not resolve' : `resolves to ${addresses.slice(0, 4).join(', ')}, not only to loopback`;
        problems.push((0,_findings_codes_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('INSECURE_URL', `${url.host} ${where}: plain http:// is allowed without allow-insecure-http only to loopback (127.0.0.0/8, ::1, localhost, or a *.localhost name that resolves there). No request was sent.`));
    }
    return problems;
}
/** The promise's value, or a rejection after `ms`. */
function withTimeout(promise, ms) {
    let timer;
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}


/***/ }),

/***/ 7388:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A4: () => (/* binding */ worstStatus),
/* harmony export */   HB: () => (/* binding */ inGroup),
/* harmony export */   Lp: () => (/* binding */ CODES),
/* harmony export */   Np: () => (/* binding */ bySeverity),
/* harmony export */   Vj: () => (/* binding */ verdictOf),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   gk: () => (/* binding */ finding),
/* harmony export */   oA: () => (/* binding */ compareStatus)
/* harmony export */ });
// The closed set of finding codes: one table holds each code's severity, verdict and default fix,
// so the summary, the annotations and the README's troubleshooting section cannot drift apart.
const CODES = {
    INVALID_INPUT: {
        group: 'input',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'An input is missing or malformed',
        hint: 'Fix the named input in the workflow file; no request was sent.'
    },
    INSECURE_URL: {
        group: 'input',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'Plain http:// to a non-loopback host',
        hint: 'Use the https:// URL of the endpoint. Only for a test server on a private network, set allow-insecure-http: true.'
    },
    DNS_FAILURE: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The host name does not resolve',
        hint: 'Check the host name for typos and, for regional providers, that the region part of the host is right.'
    },
    CONNECTION_REFUSED: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'Nothing accepts connections at that address',
        hint: 'Check the port and scheme of the URL, and that the server is up and reachable from the runner (firewall, self-hosted runner network).'
    },
    TLS_ERROR: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The TLS handshake or certificate check failed',
        hint: 'The server certificate is not trusted (self-signed, private CA, expired or wrong host name), or the port does not speak TLS. For a private CA, pass its PEM certificate as ca-cert (or point NODE_EXTRA_CA_CERTS at its file in the step env).'
    },
    TIMEOUT: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The server did not answer in time',
        hint: 'No complete answer arrived within the timeout: the server is hung or slow, or a firewall silently drops the packets. Check the server and the network path from the runner, or raise timeout if it is just slow.'
    },
    NETWORK_ERROR: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The connection failed',
        hint: 'The connection broke before a complete answer arrived. Check proxies (HTTPS_PROXY / NO_PROXY) and the server; a rerun tells a blip from an outage.'
    },
    PROXY_AUTH_REQUIRED: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The proxy requires authentication',
        hint: 'The proxy named in HTTPS_PROXY answered HTTP 407 to the tunnel request, so nothing reached the server and the credentials were not tested. Put the proxy credentials in HTTPS_PROXY (http://user:password@proxy:port, from a secret), or add the token host to NO_PROXY if it must be reached directly.'
    },
    ENDPOINT_NOT_FOUND: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The URL is not a token endpoint',
        hint: 'The URL answered 404/405 or with an HTML page: it is not the token endpoint. Take the token_endpoint value from the provider\'s /.well-known/openid-configuration.'
    },
    REDIRECT_BLOCKED: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The token endpoint redirected',
        hint: 'A token endpoint must answer directly; following a redirect would re-send the credentials to another URL. Use the final URL as token-url after checking that you trust it.'
    },
    BLOCKED_BY_GATEWAY: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'A gateway or WAF answered instead of the authorization server',
        hint: 'The request was stopped before the authorization server saw it, so the credentials were not judged. Ask whoever runs the gateway or WAF to allow the runner\'s address (or the token endpoint\'s path) and retry; a self-hosted runner inside the allowed network avoids it.'
    },
    RATE_LIMITED: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The server is rate limiting (HTTP 429)',
        hint: 'The server refused to answer for now. Schedule checks less often, or spread them (fewer parallel checks against the same provider).'
    },
    SERVER_ERROR: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The server failed (HTTP 5xx)',
        hint: 'The authorization server failed; the credentials could not be judged. Check the provider\'s status page and retry later.'
    },
    RESPONSE_TOO_LARGE: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The response is larger than 1 MiB',
        hint: 'No token response is that large: the URL probably serves something else (a file or a page). Check token-url.'
    },
    MALFORMED_RESPONSE: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The response is not an OAuth token response',
        hint: 'A successful answer must be JSON with a string access_token (RFC 6749 §5.1). Check that token-url is the token endpoint and not a proxy or a web page.'
    },
    AUTH_PLACEMENT_MISMATCH: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The credentials work, but only in the other place',
        hint: 'The server rejected the credentials where they were sent and accepted them in the other place. Change auth-placement (and the application) to the placement that worked.'
    },
    BASIC_ENCODING_MISMATCH: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The server reads the Basic header without form-decoding',
        hint: 'The server accepted the id and secret in the Basic header only when they were not form-encoded first (RFC 6749 §2.3.1 says they should be). Send the raw values, or rotate to a secret with only letters and digits.'
    },
    AUTH_PLACEMENT_DETECTED: {
        group: 'check',
        severity: 'notice',
        verdict: 'valid',
        title: 'Auto-detected where the server wants the credentials',
        hint: 'Pin auth-placement to the value that worked, so the check sends exactly what the application sends.'
    },
    INVALID_CLIENT: {
        group: 'oauth',
        severity: 'error',
        verdict: 'invalid',
        title: 'The server rejected the client credentials',
        hint: 'The client id or secret is wrong, expired or rotated, or the client belongs to another tenant, region or environment. Copy the secret value again (not its id), and check the host.'
    },
    USER_CREDENTIALS_REJECTED: {
        group: 'oauth',
        severity: 'error',
        verdict: 'invalid',
        title: 'The server rejected the user credentials of the password grant',
        hint: 'The client was not what the server refused: it answered invalid_grant to username and password (RFC 6749 §5.2: invalid, expired or revoked). Check that both hold the current pair and that the user is active. For NICE CXone they are an API user\'s access key ID and access key secret: generate a new access key for that user in CXone and store both halves. Leave client-id and client-secret as they are.'
    },
    UNAUTHORIZED_CLIENT: {
        group: 'oauth',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The client may not use the client_credentials grant',
        hint: 'The credentials were accepted, but the client is not allowed this grant. Enable client credentials for the app (Keycloak: service accounts; Auth0: the grant type and an API authorization).'
    },
    UNSUPPORTED_GRANT_TYPE: {
        group: 'oauth',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The server does not support client_credentials here',
        hint: 'The server has no client_credentials grant at this endpoint, or did not parse the form body. Check the endpoint and that nothing between the runner and the server rewrites the body.'
    },
    INVALID_SCOPE: {
        group: 'oauth',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'A requested scope is unknown or not granted',
        hint: 'Request only scopes the client was granted. Entra ID wants <resource>/.default; Okta custom servers need a scope; Okta\'s org server rejects custom scopes.'
    },
    INVALID_REQUEST: {
        group: 'oauth',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The server rejected the request as malformed',
        hint: 'A parameter is missing or duplicated (for example audience for Auth0), or the credentials were sent in two places. Read the server\'s error description.'
    },
    OAUTH_ERROR: {
        group: 'oauth',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The server refused the request',
        hint: 'The server answered with an error this check has no specific advice for; its description is in the message.'
    },
    SECRET_WHITESPACE: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The stored id or secret has leading or trailing whitespace',
        hint: 'The stored value ends (or starts) with whitespace, typically a newline from copy-paste or `echo`. Store the value again without it (printf %s, not echo).'
    },
    DISCOVERY_FAILED: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The issuer\'s metadata could not be read',
        hint: 'Check the issuer URL: its /.well-known/openid-configuration (or RFC 8414 /.well-known/oauth-authorization-server) must return JSON with a token_endpoint. Or set token-url directly.'
    },
    GRANT_NOT_ADVERTISED: {
        group: 'check',
        severity: 'warning',
        verdict: 'misconfigured',
        title: 'The server does not advertise the requested grant',
        hint: 'The metadata\'s grant_types_supported lacks the requested grant: the platform may not offer it at all, and rotating the secret will not help. Use a grant the metadata lists (NICE CXone back-end apps, for example, use the password grant with an API user\'s access key pair: provider: nice-cxone).'
    },
    METADATA_INCOMPLETE: {
        group: 'check',
        severity: 'notice',
        verdict: 'valid',
        title: 'The metadata omits the grant the server just honoured',
        hint: 'The server issued a token although its metadata\'s grant_types_supported lacks the grant that was requested: the metadata is incomplete, nothing needs changing on your side. Tools that trust the metadata may refuse this grant; the server\'s operators can add it.'
    },
    TOKEN_TTL_TOO_SHORT: {
        group: 'check',
        severity: 'warning',
        verdict: 'valid',
        title: 'The token lives shorter than min-ttl',
        hint: 'The application will have to fetch tokens more often than expected. Raise the token lifetime for this client on the server, or lower min-ttl if this is intended.'
    },
    TOKEN_LIFETIME_UNKNOWN: {
        group: 'check',
        severity: 'notice',
        verdict: 'valid',
        title: 'The token\'s lifetime is unknown',
        hint: 'The response has no expires_in and the token is not a JWT with exp, so min-ttl could not be checked. RFC 6749 §5.1 recommends expires_in.'
    },
    SCOPE_MISSING: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The token lacks a required scope',
        hint: 'Grant the missing scopes to the client on the server (and request them with scope), or drop them from required-scopes.'
    },
    SCOPE_UNVERIFIED: {
        group: 'check',
        severity: 'notice',
        verdict: 'valid',
        title: 'Granted scopes could not be checked',
        hint: 'The response has no scope and the token carries no scope/scp claim. By RFC 6749 §5.1 that means the requested scope was granted as asked; add a probe-url to prove it.'
    },
    AUDIENCE_MISMATCH: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The token is for another audience',
        hint: 'Request the right audience (audience for Auth0, resource for RFC 8707 servers, <resource>/.default scope for Entra ID), or fix expected-audience.'
    },
    TOKEN_TYPE_UNEXPECTED: {
        group: 'check',
        severity: 'warning',
        verdict: 'valid',
        title: 'The token type is not Bearer',
        hint: 'Most APIs accept only Bearer tokens (RFC 6750). Check which token type the API expects and how the client is registered.'
    },
    DPOP_TOKEN: {
        group: 'check',
        severity: 'notice',
        verdict: 'valid',
        title: 'The token is DPoP-bound',
        hint: 'A DPoP token (RFC 9449) must be sent with a DPoP proof for each request; a plain Bearer header will be refused.'
    },
    PROBE_FAILED: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The API did not accept the token',
        hint: '401: the API does not accept this token (wrong audience, region or environment). 403: the token is accepted but lacks a permission or scope. Other statuses: check probe-url and probe-method.'
    },
    SECRET_EXPIRING: {
        group: 'check',
        severity: 'warning',
        verdict: 'valid',
        title: 'The client secret expires soon',
        hint: 'Create a new secret on the server, store it in the repository secret, then delete the old one. Update secret-expires-at afterwards.'
    },
    SECRET_EXPIRED: {
        group: 'check',
        severity: 'error',
        verdict: 'invalid',
        title: 'The client secret has expired',
        hint: 'Create a new secret on the server (Entra: Certificates & secrets), store its value (not its ID) in the repository secret, and update secret-expires-at.'
    },
    PROVIDER_RULE: {
        group: 'check',
        severity: 'warning',
        verdict: 'misconfigured',
        title: 'The request breaks a rule of the selected provider',
        hint: 'Adjust the request as the message says (Entra ID wants <resource>/.default scopes; Okta custom servers need a scope, the org server only okta.* scopes; NICE CXone back-end apps use the password grant).'
    },
    REGION_DETECTED: {
        group: 'check',
        severity: 'notice',
        verdict: 'valid',
        title: 'Found the region that knows this client',
        hint: 'Set region to the value in the message, so the check (and your application) use that region\'s login host directly.'
    },
    CLIENT_CERT_EXPIRED: {
        group: 'check',
        severity: 'error',
        verdict: 'invalid',
        title: 'The client certificate is expired or not yet valid',
        hint: 'Issue a new client certificate, register it (or its CA and subject) with the server, and store the new certificate and key in the repository secrets.'
    },
    ASSERTION_AUDIENCE_MISMATCH: {
        group: 'check',
        severity: 'error',
        verdict: 'misconfigured',
        title: 'The server wants another aud in the client assertion',
        hint: 'The server accepted the assertion only with another audience. Set assertion-audience to the value that worked (and have the application use it).'
    },
    CHECK_CRASHED: {
        group: 'check',
        severity: 'error',
        verdict: 'indeterminate',
        title: 'The check itself failed unexpectedly',
        hint: 'This is a bug in oauth-credential-health, not in your credentials: please report it with the message (it holds no secret). The other checks of the step still ran.'
    },
    API_ENDPOINT_UNKNOWN: {
        group: 'check',
        severity: 'warning',
        verdict: 'indeterminate',
        title: 'The tenant\'s API host could not be found',
        hint: 'The token works, but the tenant configuration (NICE CXone: {issuer}/.well-known/cxone-configuration?tenantId=<tenant>) did not give an api_endpoint, so a relative probe-url could not run. Give probe-url as a full https:// URL on your API host, or retry later if the issuer was failing.'
    },
    SIGNING_ALG_NOT_ADVERTISED: {
        group: 'check',
        severity: 'warning',
        verdict: 'misconfigured',
        title: 'The signing algorithm is not among those the server advertises',
        hint: 'Pick one of token_endpoint_auth_signing_alg_values_supported with signing-alg (and a key of that type), or the server may refuse the assertion.'
    }
};
/** A finding with the table's severity, and its hint unless a sharper one is given. */
function finding(code, message, hint) {
    const info = CODES[code];
    return { code, severity: info.severity, message, hint: hint ?? info.hint };
}
const SEVERITY_RANK = { error: 0, warning: 1, notice: 2 };
const STATUS_RANK = { failing: 0, degraded: 1, healthy: 2 };
function inGroup(code, group) {
    return CODES[code].group === group;
}
function statusOf(findings) {
    if (findings.some(f => f.severity === 'error'))
        return 'failing';
    if (findings.some(f => f.severity === 'warning'))
        return 'degraded';
    return 'healthy';
}
/** Worst first; stable otherwise. */
function bySeverity(a, b) {
    return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}
function worstStatus(statuses) {
    return statuses.reduce((worst, s) => (STATUS_RANK[s] < STATUS_RANK[worst] ? s : worst), 'healthy');
}
function compareStatus(a, b) {
    return STATUS_RANK[a] - STATUS_RANK[b];
}
/**
 * The verdict follows the errors by rank: the server's own judgement of the credentials wins over
 * configuration, which wins over "we could not tell".
 */
function verdictOf(findings, gotToken) {
    const errors = findings.filter(f => f.severity === 'error').map(f => CODES[f.code].verdict);
    // A server that issued a token accepted the credentials: whatever else is wrong, they are not invalid.
    const invalid = errors.includes('invalid') && !gotToken;
    if (invalid)
        return 'invalid';
    if (errors.includes('misconfigured') || errors.includes('invalid'))
        return 'misconfigured';
    if (errors.includes('indeterminate'))
        return 'indeterminate';
    return gotToken ? 'valid' : 'indeterminate';
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5552);
// Entry point of the bundled Action (dist/index.js).

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .eF)();
// The results are published. Nothing may keep the runner waiting now (a proxy that never answers
// could leave a socket open): if the event loop is still busy shortly after, end the process with
// the exit code run() set. The timer is unref'd, so a clean run exits as soon as it is done.
setTimeout(() => process.exit(), 250).unref();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8968:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KO: () => (/* binding */ CHECK_KEYS),
/* harmony export */   Ny: () => (/* binding */ PLAIN_INPUTS),
/* harmony export */   Yt: () => (/* binding */ KEY_MATERIAL_INPUTS),
/* harmony export */   d3: () => (/* binding */ PROVIDER_PARAMS),
/* harmony export */   gk: () => (/* binding */ LIST_JOIN),
/* harmony export */   jF: () => (/* binding */ ENV_KEYS),
/* harmony export */   mc: () => (/* binding */ INPUTS),
/* harmony export */   ms: () => (/* binding */ CREDENTIAL_INPUTS),
/* harmony export */   zY: () => (/* binding */ DEFAULTS)
/* harmony export */ });
// Every input of the Action, once: where it applies (the step, or each check), its default (as in
// action.yml, which a test holds this table against), and how it is read. The defaults, the keys a
// `checks` item may set, the list-joined keys and the provider parameters are all derived here.
const check = (over = {}) => ({ scope: 'check', default: '', ...over });
const run = (defaultValue, over = {}) => ({ scope: 'run', default: defaultValue, ...over });
const INPUTS = {
    'token-url': check(),
    issuer: check(),
    provider: check(),
    region: check({ providerParam: true }),
    tenant: check({ providerParam: true }),
    domain: check({ providerParam: true }),
    realm: check({ providerParam: true }),
    'authorization-server': check({ providerParam: true }),
    'client-id': check({ fromEnv: true }),
    'client-secret': check({ fromEnv: true, secret: 'credential' }),
    'grant-type': check(),
    username: check({ fromEnv: true, secret: 'credential' }),
    password: check({ fromEnv: true, secret: 'credential' }),
    checks: run(''),
    'checks-file': run(''),
    concurrency: run('4'),
    'auth-placement': check({ default: 'auto' }),
    'auth-method': check(),
    'private-key': check({ secret: 'key-material' }),
    'key-id': check(),
    'signing-alg': check(),
    'assertion-audience': check(),
    'client-cert': check(),
    'client-key': check({ secret: 'key-material' }),
    'ca-cert': check(),
    scope: check({ listJoin: ' ' }),
    audience: check(),
    resource: check({ listJoin: '\n' }),
    'extra-params': check({ listJoin: '\n' }),
    diagnose: check({ default: 'true' }),
    timeout: check({ default: '10' }),
    retries: check({ default: '2' }),
    'fail-on': run('error'),
    summary: run('true'),
    'junit-file': run(''),
    name: check(),
    'export-token': run('false'),
    'allow-insecure-http': check({ default: 'false' }),
    'min-ttl': check({ default: '60' }),
    'required-scopes': check({ listJoin: ' ' }),
    'expected-audience': check(),
    'probe-url': check(),
    'probe-method': check({ default: 'GET' }),
    'probe-expected-status': check({ default: '2xx' }),
    'secret-expires-at': check(),
    'expiry-warning-days': check({ default: '14', listJoin: ',' }),
    // Alerts (src/alerts/): the step's tracking issues, change notifications and heartbeat.
    'tracking-issue': run('false'),
    'github-token': run('${{ github.token }}', { secret: 'credential' }),
    'issue-labels': run('oauth-credential-health'),
    'issue-assignees': run(''),
    'issue-on': run(''),
    'notify-webhook-url': run('', { secret: 'credential' }),
    'notify-format': run('json'),
    'heartbeat-url': run('', { secret: 'credential' })
};
const ENTRIES = Object.entries(INPUTS);
/** Mirrors action.yml's defaults, so the bundle behaves the same when started without the runner. */
const DEFAULTS = Object.fromEntries(ENTRIES.filter(([, d]) => d.default !== '').map(([n, d]) => [n, d.default]));
/** Keys a `checks` item may set: the per-check inputs, plus `<name>-env` for those read from the environment. */
const CHECK_KEYS = ENTRIES.filter(([, d]) => d.scope === 'check').flatMap(([n, d]) => (d.fromEnv ? [n, `${n}-env`] : [n]));
/** Keys read from an environment variable by `<name>-env`. */
const ENV_KEYS = ENTRIES.filter(([, d]) => d.fromEnv).map(([n]) => n);
/** Lists are accepted for these keys and joined the way the single input expects. */
const LIST_JOIN = Object.fromEntries(ENTRIES.flatMap(([n, d]) => (d.listJoin ? [[n, d.listJoin]] : [])));
const PROVIDER_PARAMS = ENTRIES.filter(([, d]) => d.providerParam).map(([n]) => n);
/** Inputs whose values are credentials (the client secret, the password grant's username and password): masked in every form. */
const CREDENTIAL_INPUTS = ENTRIES.filter(([, d]) => d.secret === 'credential').map(([n]) => n);
/** Inputs whose values are key material (PEM or JWK): masked line by line. */
const KEY_MATERIAL_INPUTS = ENTRIES.filter(([, d]) => d.secret === 'key-material').map(([n]) => n);
/** Inputs whose values are not secret and may be shown as configured (names, ids, URLs). */
const PLAIN_INPUTS = ENTRIES.filter(([, d]) => d.secret === undefined).map(([n]) => n);


/***/ }),

/***/ 8463:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ clip),
/* harmony export */   D3: () => (/* binding */ complainer),
/* harmony export */   F: () => (/* binding */ statusRanges),
/* harmony export */   M4: () => (/* binding */ topLevel),
/* harmony export */   Sd: () => (/* binding */ expiryDate),
/* harmony export */   TT: () => (/* binding */ dayList),
/* harmony export */   ai: () => (/* binding */ number),
/* harmony export */   di: () => (/* binding */ resourceList),
/* harmony export */   lc: () => (/* binding */ bool),
/* harmony export */   rO: () => (/* binding */ withDefaults),
/* harmony export */   uz: () => (/* binding */ paramList),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var _findings_codes_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7388);
/* harmony import */ var _catalogue_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8968);
// Readers for input values: each returns the parsed value, or undefined after complaining with a
// message that names the input and the expected form. Pure.


const topLevel = input => `Input \`${input}\``;
/** Form fields the Action builds itself; letting extra-params set them would hide what was sent. */
const RESERVED_PARAMS = new Set(['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type']);
const DEDICATED_PARAMS = { scope: 'scope', audience: 'audience', resource: 'resource' };
/** Trimmed values with action.yml's defaults filled in. */
function withDefaults(raw) {
    return name => {
        const value = raw(name).trim();
        return value === '' ? (_catalogue_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULTS */ .zY[name] ?? '') : value;
    };
}
function complainer(errors, where) {
    return (input, problem) => errors.push((0,_findings_codes_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('INVALID_INPUT', `${where(input)} ${problem}`));
}
function oneOf(value, allowed, input, bad) {
    const match = allowed.find(a => a.toLowerCase() === value.toLowerCase());
    if (match !== undefined)
        return match;
    bad(input, `must be one of ${allowed.map(a => `\`${a}\``).join(', ')}; got "${clip(value)}".`);
    return undefined;
}
/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function bool(value, input, bad) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    bad(input, `must be \`true\` or \`false\`; got "${clip(value)}".`);
    return undefined;
}
function number(value, input, rule, bad) {
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(n) || n < rule.min || n > rule.max || (rule.integer && !Number.isInteger(n))) {
        const kind = rule.integer ? 'a whole number' : 'a number of seconds';
        bad(input, `must be ${kind} from ${rule.min} to ${rule.max}; got "${clip(value)}".`);
        return undefined;
    }
    return n;
}
/**
 * Expiry thresholds: one whole number of days (`14`) or a comma-separated list (`30,14,7,1`), each
 * from 0 to 3650; returned widest first, without repeats.
 */
function dayList(value, input, bad) {
    const parts = value.split(',').map(p => p.trim());
    const days = parts.map(p => (/^\d+$/.test(p) ? Number(p) : NaN));
    if (parts.length === 0 || days.some(d => Number.isNaN(d) || d > 3650)) {
        bad(input, `must be a whole number of days from 0 to 3650, or a comma-separated list such as 30,14,7,1; got "${clip(value)}".`);
        return undefined;
    }
    return [...new Set(days)].sort((a, b) => b - a);
}
/** `200`, `2xx`, `200,204`, `200-299`, or a comma-separated mix. */
function statusRanges(text) {
    const ranges = [];
    for (const part of text.split(',').map(p => p.trim())) {
        const single = /^([1-5])(\d\d|xx)$/i.exec(part);
        const span = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/.exec(part);
        if (single) {
            const [, hundred, rest] = single;
            ranges.push(rest.toLowerCase() === 'xx' ? [Number(hundred) * 100, Number(hundred) * 100 + 99] : [Number(part), Number(part)]);
        }
        else if (span && Number(span[1]) <= Number(span[2])) {
            ranges.push([Number(span[1]), Number(span[2])]);
        }
        else {
            return undefined;
        }
    }
    return ranges;
}
/** ISO 8601 date (end of that day, UTC) or date-time; null when empty. */
function expiryDate(text, bad) {
    if (text === '')
        return null;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text);
    // A date-time without a zone is read as UTC, whatever the runner's local zone: the result must
    // not depend on the machine.
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
    const ms = dateOnly ? Date.parse(`${text}T23:59:59Z`) : dateTime ? Date.parse(zoned) : NaN;
    // Date.parse rolls 2027-02-30 over into March: a date must come back as written.
    if (Number.isNaN(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== text)) {
        bad('secret-expires-at', `must be an ISO 8601 date or date-time such as 2027-03-01 or 2027-03-01T12:00:00Z; got "${clip(text)}".`);
        return null;
    }
    return ms;
}
/** RFC 8707 §2: each resource is an absolute URI without a fragment. */
function resourceList(value, bad) {
    const lines = value.split(/\r?\n/).map(l => l.trim()).filter(Boolean);
    for (const line of lines) {
        if (!URL.canParse(line) || new URL(line).hash !== '')
            bad('resource', `must list absolute URIs without #fragment, one per line; "${clip(line)}" is not one.`);
    }
    return lines;
}
function paramList(value, bad) {
    const params = [];
    const lines = value.split(/\r?\n/).map(l => l.trim());
    for (const [index, line] of lines.entries()) {
        if (line === '')
            continue;
        const eq = line.indexOf('=');
        const key = eq > 0 ? line.slice(0, eq).trim() : '';
        if (key === '') {
            bad('extra-params', `must hold one key=value per line; line ${index + 1} has no key.`);
            continue;
        }
        if (RESERVED_PARAMS.has(key)) {
            bad('extra-params', `may not set \`${key}\`: the Action sends it itself (client-id, client-secret, auth-placement).`);
            continue;
        }
        const dedicated = DEDICATED_PARAMS[key];
        if (dedicated !== undefined) {
            bad('extra-params', `may not set \`${key}\`: use the \`${dedicated}\` input.`);
            continue;
        }
        params.push([key, line.slice(eq + 1).trim()]);
    }
    return params;
}
/** Echo user text back in an error without flooding the log. */
function clip(text) {
    const oneLine = text.replace(/\s+/g, ' ');
    return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}


/***/ }),

/***/ 5552:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: MIN_MASKED, REPORT_FILE_BASE, USER_AGENT

;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(8611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(5692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(770);
;// CONCATENATED MODULE: ./stubs/undici/index.js
// A stand-in for undici (see package.json). @actions/http-client imports ProxyAgent at load time
// for getAgentDispatcher(), a helper for fetch() that oauth-credential-health never calls. If
// anything ever does, it fails loudly here instead of silently doing something else.

const message = name =>
  `undici.${name} is not bundled with oauth-credential-health (stubs/undici): ` +
  'the Action sends its requests through @actions/http-client agents, not undici. This is a bug; please report it.'

class ProxyAgent {
  constructor() {
    throw new Error(message('ProxyAgent'))
  }
}

;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class lib_HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: external "string_decoder"
const external_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(2613);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_namespaceObject.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_namespaceObject.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_namespaceObject.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_namespaceObject.EOL.length);
                n = s.indexOf(external_os_namespaceObject.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_namespaceObject.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = tr.argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new tr.ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_namespaceObject.platform();
const arch = external_os_namespaceObject.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    command_issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
// EXTERNAL MODULE: ./src/alerts/options.ts
var alerts_options = __nccwpck_require__(797);
;// CONCATENATED MODULE: ./src/inputs/checks-file.ts
// Reads the `checks-file` input's file for the shell: a YAML list like `checks`, for lists that do
// not fit in an input (the runner passes inputs as environment variables, at most 128 KiB each on
// Linux). The only file this Action reads; parsing stays in the pure checks-list.ts.


/** Far above any list of checks (5,000 items are about 1 MB); a bigger file is not one. */
const CHECKS_FILE_MAX_BYTES = 16 * 1024 * 1024;
/** `given` is relative to `workspace` (GITHUB_WORKSPACE, else the working directory). */
async function readChecksFile(given, workspace) {
    const path = given.trim();
    const full = (0,external_node_path_namespaceObject.resolve)(workspace, path);
    try {
        const info = await (0,promises_namespaceObject.stat)(full);
        if (info.isDirectory())
            return { path, error: 'is a directory; give the path of the YAML file, relative to the workspace.' };
        if (info.size > CHECKS_FILE_MAX_BYTES)
            return { path, error: `is larger than ${CHECKS_FILE_MAX_BYTES / 1024 / 1024} MiB; that is not a list of checks.` };
        return { path, text: await (0,promises_namespaceObject.readFile)(full, 'utf8') };
    }
    catch (error) {
        const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            return { path, error: 'names no file. Give the path relative to the workspace (GITHUB_WORKSPACE), and check out the repository first (actions/checkout).' };
        }
        return { path, error: `cannot be read (${code || 'unknown error'}).` };
    }
}

// EXTERNAL MODULE: ./src/findings/codes.ts
var codes = __nccwpck_require__(7388);
;// CONCATENATED MODULE: ./src/suggest.ts
// Did-you-mean for inputs, keys and preset values: the candidates nearest to a typo.
/** The known key nearest to a typo (edit distance ≤ 3), for a did-you-mean. */
function closest(word, candidates) {
    let best;
    let bestDistance = 4;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate);
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best;
}
/** The candidates, closest to the word first (for "valid values are ..."). */
function byCloseness(word, candidates) {
    return [...candidates].sort((a, b) => editDistance(word.toLowerCase(), a) - editDistance(word.toLowerCase(), b));
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

// EXTERNAL MODULE: ./src/inputs/catalogue.ts
var catalogue = __nccwpck_require__(8968);
;// CONCATENATED MODULE: ./src/inputs/checks-list.ts
// The `checks` input: a YAML list of checks, each with the single-check keys, over the top-level
// inputs as defaults. Pure: the environment is passed in as a getter.



/**
 * The yaml package is loaded only when a list is given: it is a quarter of the bundle, and a
 * single check should not pay its start-up (see README, Performance).
 */
async function loadYamlParser() {
    const { parse } = await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19));
    // failsafe: every scalar stays a string, so a client id like 0123 keeps its leading zero.
    // logLevel error: yaml would print its warnings, which can quote the source, to the log.
    const parseText = (text) => parse(text, { schema: 'failsafe', prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
    return text => {
        const items = topLevelItems(text);
        if (items === undefined)
            return parseText(text);
        try {
            return items.flatMap(item => parseText(item));
        }
        catch {
            // Whatever tripped the split, the whole text gives the authoritative answer (and error lines).
            return parseText(text);
        }
    };
}
/** Anchors, aliases, document markers and directives tie items together: no split then. */
const LINKED = /(^|[\s,[{])[&*]\S|^(---|\.\.\.|%)/m;
/**
 * A plain top-level block list split into its items, each still a one-item YAML list; undefined
 * when the text is anything else. Parsed item by item, 5,000 checks take about a third of the
 * memory the yaml package needs for the whole document at once (see docs/performance.md).
 */
function topLevelItems(text) {
    if (LINKED.test(text))
        return undefined;
    const lines = text.split('\n');
    const items = [];
    let start = -1;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line === '' || /^[ \t]/.test(line) || line.startsWith('#'))
            continue;
        if (!/^-( |$)/.test(line))
            return undefined;
        if (start >= 0)
            items.push(lines.slice(start, i).join('\n'));
        // The first item keeps the comments and blank lines before it.
        start = start < 0 ? 0 : i;
    }
    if (start < 0)
        return undefined;
    items.push(lines.slice(start).join('\n'));
    return items;
}
/** The yaml package's error codes a hand-written list most often hits, in words. */
const YAML_ERRORS = {
    BAD_INDENT: 'bad indentation',
    TAB_AS_INDENT: 'a tab used as indentation',
    DUPLICATE_KEY: 'a key given twice in one item',
    BLOCK_AS_IMPLICIT_KEY: 'a map where a value was expected (quote a value that contains ": ")',
    MISSING_CHAR: 'a closing bracket or quote is missing',
    MULTILINE_IMPLICIT_KEY: 'a key that spans lines',
    UNEXPECTED_TOKEN: 'an unexpected character'
};
/**
 * What a YAML error says, by its code and position only: yaml's own message quotes the source
 * around the error, and the source may hold a secret.
 */
function yamlErrorText(error) {
    const e = (typeof error === 'object' && error !== null ? error : {});
    const code = typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : undefined;
    const what = code === undefined ? 'syntax error' : (YAML_ERRORS[code] ?? code.toLowerCase().replace(/_/g, ' '));
    const at = e.linePos?.[0];
    return typeof at?.line === 'number' && typeof at.col === 'number' ? `${what} at line ${at.line}, column ${at.col}` : what;
}
/** `source` names the list in messages: "Input `checks`" or "Input `checks-file` (path)". */
function parseChecksList(text, topLevel, env, parseYaml, source = 'Input `checks`') {
    let doc;
    try {
        doc = parseYaml(text);
    }
    catch (error) {
        return { items: [], errors: [(0,codes/* finding */.gk)('INVALID_INPUT', `${source} is not valid YAML: ${yamlErrorText(error)}.`)] };
    }
    if (!Array.isArray(doc) || doc.length === 0) {
        return {
            items: [],
            errors: [(0,codes/* finding */.gk)('INVALID_INPUT', `${source} must be a YAML list of checks, each a map such as "- name: genesys-eu" with token-url, client-id and client-secret-env.`)]
        };
    }
    const items = [];
    const errors = [];
    doc.forEach((entry, index) => {
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
            errors.push((0,codes/* finding */.gk)('INVALID_INPUT', `${source}: item ${index} (checks[${index}]) must be a map of keys such as name, token-url, client-id.`));
            return;
        }
        items.push(readItem(entry, index, topLevel, env));
    });
    return { items, errors };
}
function readItem(entry, index, topLevel, env) {
    const values = new Map();
    const unresolved = new Set();
    const errors = [];
    const name = typeof entry['name'] === 'string' && entry['name'].trim() !== '' ? entry['name'].trim() : undefined;
    const label = name ?? `checks[${index}]`;
    const bad = (key, problem) => {
        errors.push((0,codes/* finding */.gk)('INVALID_INPUT', `Check \`${label}\`: key \`${key}\` ${problem}`));
    };
    for (const [key, value] of Object.entries(entry)) {
        if (!catalogue/* CHECK_KEYS */.KO.includes(key)) {
            const suggestion = closest(key, catalogue/* CHECK_KEYS */.KO);
            bad(key, `is not a check key${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} Run-wide inputs (fail-on, summary, concurrency) go on the step.`);
            continue;
        }
        const text = scalarText(key, value);
        if (text === undefined)
            bad(key, 'must be a single value (or, for scope, required-scopes, resource, extra-params and expiry-warning-days, a list).');
        else
            values.set(key, text);
    }
    // Secrets come from the environment so they never have to be pasted into YAML.
    for (const key of catalogue/* ENV_KEYS */.jF) {
        const envName = values.get(`${key}-env`)?.trim();
        if (envName === undefined)
            continue;
        if (values.has(key)) {
            bad(`${key}-env`, `and \`${key}\` are both set; keep one.`);
            continue;
        }
        const value = env(envName);
        if (value === undefined || value.trim() === '') {
            bad(`${key}-env`, `names the environment variable ${envName}, which is not set or empty in the step's env (add it under env: from a secret).`);
            unresolved.add(key);
            continue;
        }
        values.set(key, value);
    }
    // A key whose variable is missing was reported above; a stand-in keeps the single-check
    // validation from reporting it again as missing. Such a check never runs (it has errors).
    // An item's empty value means "not set here": the step's value applies. The step's `name` never
    // does: it labels the step's own check, and copied into every item it would collide.
    const get = key => {
        if (unresolved.has(key))
            return 'unresolved';
        const own = values.get(key);
        if (own !== undefined && own.trim() !== '')
            return own;
        return key === 'name' ? '' : topLevel(key);
    };
    return { label, get, errors };
}
function scalarText(key, value) {
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        return value;
    const join = catalogue/* LIST_JOIN */.gk[key];
    if (join === undefined)
        return undefined;
    if (Array.isArray(value) && value.every(v => typeof v === 'string'))
        return value.join(join);
    if (key === 'extra-params' && typeof value === 'object' && !Array.isArray(value)) {
        const pairs = Object.entries(value);
        if (pairs.every(([, v]) => typeof v === 'string'))
            return pairs.map(([k, v]) => `${k}=${String(v)}`).join('\n');
    }
    return undefined;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/client-auth/keys.ts
// Key material for client authentication: private keys (PEM or JWK) for RFC 7523 assertions,
// certificates for RFC 8705 mutual TLS, and the forms of both that must be masked. node:crypto.

const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const HMAC_ALGS = ['HS256', 'HS384', 'HS512'];
/** A PEM (PKCS#8, PKCS#1 or SEC1) or a JWK (JSON) private key; a message when it is neither. */
function loadPrivateKey(text) {
    const trimmed = text.trim();
    try {
        if (trimmed.startsWith('{')) {
            const jwk = JSON.parse(trimmed);
            if (typeof jwk['d'] !== 'string')
                return 'is a JWK without a private part (d)';
            const key = (0,external_node_crypto_namespaceObject.createPrivateKey)({ key: jwk, format: 'jwk' });
            const alg = typeof jwk['alg'] === 'string' ? jwk['alg'] : algForKey(key);
            if (!alg)
                return 'is a key type this check cannot sign with (use RSA, EC P-256/384/521 or Ed25519)';
            return { key, kid: typeof jwk['kid'] === 'string' ? jwk['kid'] : undefined, defaultAlg: alg };
        }
        const key = (0,external_node_crypto_namespaceObject.createPrivateKey)(trimmed);
        const alg = algForKey(key);
        if (!alg)
            return 'is a key type this check cannot sign with (use RSA, EC P-256/384/521 or Ed25519)';
        return { key, kid: undefined, defaultAlg: alg };
    }
    catch {
        return 'is not a PEM private key (-----BEGIN PRIVATE KEY-----) or a private JWK';
    }
}
function algForKey(key) {
    switch (key.asymmetricKeyType) {
        case 'rsa':
        case 'rsa-pss':
            return key.asymmetricKeyType === 'rsa-pss' ? 'PS256' : 'RS256';
        case 'ec': {
            const curve = key.asymmetricKeyDetails?.namedCurve;
            return curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : undefined;
        }
        case 'ed25519':
            return 'EdDSA';
        default:
            return undefined;
    }
}
/** Whether `alg` can be used with this key type (so a mismatch is an input error, not a 401). */
function algFitsKey(alg, key) {
    const type = key.asymmetricKeyType;
    if (alg.startsWith('RS') || alg.startsWith('PS'))
        return type === 'rsa' || type === 'rsa-pss';
    if (alg.startsWith('ES'))
        return type === 'ec' && algForKey(key) === alg;
    if (alg === 'EdDSA')
        return type === 'ed25519';
    return false;
}
/** Whether a PEM parses as an X.509 certificate. */
function isCertificate(pem) {
    try {
        new external_node_crypto_namespaceObject.X509Certificate(pem);
        return true;
    }
    catch {
        return false;
    }
}
/** Every form of the key material that must be masked: the PEM's lines, the JWK's private members. */
function keyMaterialForms(text) {
    const forms = new Set();
    const trimmed = text.trim();
    if (trimmed === '')
        return [];
    forms.add(trimmed);
    for (const line of trimmed.split(/\r?\n/)) {
        const l = line.trim();
        if (l.length >= 8 && !l.startsWith('-----'))
            forms.add(l);
    }
    if (trimmed.startsWith('{')) {
        try {
            const jwk = JSON.parse(trimmed);
            for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
                const v = jwk[member];
                if (typeof v === 'string' && v.length >= 8)
                    forms.add(v);
            }
        }
        catch {
            // Not JSON after all: the lines above cover it.
        }
    }
    return [...forms];
}

;// CONCATENATED MODULE: ./src/client-auth/secret-encoding.ts
// The shared client secret on the wire: form-encoding, the Basic value (RFC 6749 §2.3.1), and
// every form in which the secret can appear, for masking. Pure.
/** application/x-www-form-urlencoded, as RFC 6749 Appendix B defines it (space becomes '+'). */
function formEncode(value) {
    return new URLSearchParams([['', value]]).toString().slice(1);
}
/** RFC 6749 §2.3.1: form-encode id and secret, join with ':', base64. `raw` skips the encoding. */
function basicValue(clientId, clientSecret, encoding) {
    const enc = encoding === 'form' ? formEncode : (s) => s;
    return Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64');
}
/** True when form-encoding changes the id or the secret, so `form` and `raw` Basic values differ. */
function encodingMatters(clientId, clientSecret) {
    // A raw id containing ':' cannot be sent in Basic at all: the server would split inside it.
    return (formEncode(clientId) !== clientId || formEncode(clientSecret) !== clientSecret) && !clientId.includes(':');
}
/**
 * Every form in which one credential value (a secret, a password, an access key) can appear on the
 * wire or in a log, as stored and trimmed: as is, form- and percent-encoded, line by line, and as
 * cleaned server text shows it.
 */
function valueForms(value) {
    const forms = new Set();
    for (const v of new Set([value, value.trim()])) {
        if (v === '')
            continue;
        forms.add(v);
        forms.add(formEncode(v));
        forms.add(encodeURIComponent(v));
        for (const line of v.split(/\r?\n/))
            if (line.trim() !== '')
                forms.add(line);
        // Server text is cleaned to one line with single spaces before it is shown: match that too.
        forms.add(v.replace(/\s+/g, ' ').trim());
    }
    return [...forms];
}
/** Which of the two values form-encoding changes, as the inputs name them: `client-secret`, `client-id and client-secret`. */
function encodingChangedNames(clientId, clientSecret) {
    const changed = [formEncode(clientId) !== clientId ? 'client-id' : '', formEncode(clientSecret) !== clientSecret ? 'client-secret' : ''].filter(Boolean);
    return changed.join(' and ');
}
/** True when form-encoding leaves the secret as it is (only letters, digits and `*-._`). */
function secretSurvivesEncoding(clientSecret) {
    return formEncode(clientSecret) === clientSecret;
}
/** Every form in which the secret (or the whole credential) can appear on the wire or in a log. */
function secretForms(clientId, clientSecret) {
    const forms = new Set(valueForms(clientSecret));
    for (const secret of new Set([clientSecret, clientSecret.trim()])) {
        if (secret === '')
            continue;
        const id = secret === clientSecret ? clientId : clientId.trim();
        for (const encoding of ['form', 'raw']) {
            forms.add(basicValue(id, secret, encoding));
            forms.add(basicValue(id.trim(), secret, encoding));
        }
    }
    return [...forms];
}

// EXTERNAL MODULE: ./src/endpoint/url-rules.ts
var url_rules = __nccwpck_require__(8714);
;// CONCATENATED MODULE: ./src/grant/client-credentials.ts
// RFC 6749 §4.4: grant_type=client_credentials, with the optional scope, plus the audience
// (Auth0), RFC 8707 resource indicators and any extra parameters the check was given.
const clientCredentials = {
    type: 'client_credentials',
    params: spec => {
        const params = [['grant_type', 'client_credentials']];
        if (spec.scope !== '')
            params.push(['scope', spec.scope]);
        if (spec.audience !== '')
            params.push(['audience', spec.audience]);
        for (const resource of spec.resources)
            params.push(['resource', resource]);
        for (const [key, value] of spec.extraParams)
            params.push([key, value]);
        return params;
    },
    credentials: () => [],
    rejectsUser: () => false
};

;// CONCATENATED MODULE: ./src/grant/password.ts
// RFC 6749 §4.3: grant_type=password with the resource owner's username and password, plus the
// optional scope, audience, RFC 8707 resources and extra parameters. A confidential client still
// authenticates (§4.3.2), so two credentials are judged: the client's (invalid_client) and the
// user's (invalid_grant, §5.2). NICE CXone back-end apps send an API user's access key ID and
// secret this way (../shared/FIELD-NOTES.md, NICE CXone).
const password_password = {
    type: 'password',
    params: (spec, trimmed) => {
        const grant = spec.grant;
        const user = trimmed ? grant.username.trim() : grant.username;
        const secret = trimmed ? grant.password.trim() : grant.password;
        // URLSearchParams form-encodes them (RFC 6749 Appendix B): access keys may end in '='.
        const params = [
            ['grant_type', 'password'],
            ['username', user],
            ['password', secret]
        ];
        if (spec.scope !== '')
            params.push(['scope', spec.scope]);
        if (spec.audience !== '')
            params.push(['audience', spec.audience]);
        for (const resource of spec.resources)
            params.push(['resource', resource]);
        for (const [key, value] of spec.extraParams)
            params.push([key, value]);
        return params;
    },
    credentials: spec => {
        const grant = spec.grant;
        return [
            { input: 'username', value: grant.username },
            { input: 'password', value: grant.password }
        ];
    },
    // §5.2 invalid_grant: "the provided authorization grant (e.g., ..., resource owner credentials) is
    // invalid, expired, revoked". The client was accepted; the user's credentials were not.
    rejectsUser: error => error === 'invalid_grant'
};

;// CONCATENATED MODULE: ./src/grant/index.ts
// The grant registry: one line per grant file. Builds the unauthenticated token request.


const GRANTS = {
    client_credentials: clientCredentials,
    password: password_password
};
const GRANT_TYPES = Object.keys(GRANTS);
function grantFor(spec) {
    return GRANTS[spec.grant.type];
}
/** The token request with the grant's parameters and no client authentication yet. */
function grant_grantRequest(spec, tokenUrl, userAgent, trimmed = false) {
    return {
        url: tokenUrl,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': userAgent },
        params: grantFor(spec).params(spec, trimmed)
    };
}
/** The grant's own credentials that have leading or trailing whitespace. */
function grantCredentialsWithWhitespace(spec) {
    return grantFor(spec).credentials(spec).filter(c => c.value !== c.value.trim());
}

// EXTERNAL MODULE: ./src/inputs/values.ts
var values = __nccwpck_require__(8463);
;// CONCATENATED MODULE: ./src/inputs/client-auth.ts
// auth-method, auth-placement and the key inputs, parsed into a ClientAuthSpec: keys and
// certificates are loaded here, once. client_secret_basic/post are the friendly placements
// header/body, so they must agree; the other methods need auth-placement left at auto.



const PLACEMENTS = ['auto', 'header', 'body'];
const AUTH_METHODS = [
    'client_secret_basic',
    'client_secret_post',
    'client_secret_jwt',
    'private_key_jwt',
    'tls_client_auth',
    'self_signed_tls_client_auth'
];
const SECRET_PLACEMENT = { client_secret_basic: 'header', client_secret_post: 'body' };
/** Methods that need no client secret. */
const KEY_ONLY_METHODS = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];
const KEY_INPUTS = ['private-key', 'key-id', 'signing-alg', 'client-cert', 'client-key'];
/** undefined when something is wrong (already reported). */
function parseClientAuth(get, bad) {
    const placement = (0,values/* oneOf */.yL)(get('auth-placement'), PLACEMENTS, 'auth-placement', bad);
    const methodText = get('auth-method');
    const named = methodText === '' ? undefined : (0,values/* oneOf */.yL)(methodText, AUTH_METHODS, 'auth-method', bad);
    if (placement === undefined || (methodText !== '' && named === undefined))
        return undefined;
    const implied = named ? SECRET_PLACEMENT[named] : undefined;
    if (named && implied === undefined && placement !== 'auto') {
        bad('auth-placement', `contradicts auth-method: ${named} (placement applies to client secrets only); remove it or set auto.`);
        return undefined;
    }
    if (implied && placement !== 'auto' && placement !== implied) {
        bad('auth-placement', `is ${placement} but auth-method: ${named} means ${implied}; set one of them.`);
        return undefined;
    }
    let ok = true;
    const wrong = (input, problem) => {
        bad(input, problem);
        ok = false;
    };
    const caText = get('ca-cert');
    if (caText !== '' && !isCertificate(caText))
        wrong('ca-cert', 'must be a PEM certificate (-----BEGIN CERTIFICATE-----).');
    const clientAuth = named === undefined || implied !== undefined ? secretAuth(implied ?? placement, get, wrong) : keyAuth(named, get, wrong);
    return ok && clientAuth ? { clientAuth, caCert: caText === '' ? null : caText } : undefined;
}
function secretAuth(placement, get, wrong) {
    for (const input of KEY_INPUTS) {
        if (get(input) !== '')
            wrong(input, 'only applies with auth-method private_key_jwt, client_secret_jwt or tls_client_auth.');
    }
    return { method: 'client_secret', placement };
}
function keyAuth(method, get, wrong) {
    const keyId = get('key-id') || null;
    const assertionAudience = get('assertion-audience') || null;
    if (method === 'private_key_jwt') {
        const text = get('private-key');
        const loaded = text === '' ? 'is required with auth-method: private_key_jwt: a PEM or JWK private key, from a secret' : loadPrivateKey(text);
        if (typeof loaded === 'string') {
            wrong('private-key', `${loaded}.`);
            return undefined;
        }
        const signingAlg = get('signing-alg') || loaded.defaultAlg;
        if (!ASYMMETRIC_ALGS.includes(signingAlg) || !algFitsKey(signingAlg, loaded.key)) {
            wrong('signing-alg', `must suit the key (${loaded.defaultAlg} for this key; one of ${ASYMMETRIC_ALGS.join(', ')}); got "${(0,values/* clip */.$Q)(signingAlg)}".`);
            return undefined;
        }
        return { method, key: { key: loaded.key, text }, signingAlg, keyId: keyId ?? loaded.kid ?? null, assertionAudience };
    }
    if (method === 'client_secret_jwt') {
        const signingAlg = get('signing-alg') || 'HS256';
        if (!HMAC_ALGS.includes(signingAlg)) {
            wrong('signing-alg', `must be one of ${HMAC_ALGS.join(', ')} with client_secret_jwt; got "${(0,values/* clip */.$Q)(signingAlg)}".`);
            return undefined;
        }
        return { method, signingAlg, keyId, assertionAudience };
    }
    if (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') {
        const certPem = get('client-cert');
        const keyPem = get('client-key');
        const certOk = certPem !== '' && isCertificate(certPem);
        const keyOk = keyPem !== '' && typeof loadPrivateKey(keyPem) !== 'string';
        if (!certOk)
            wrong('client-cert', `is required with auth-method: ${method}: the client certificate as PEM.`);
        if (!keyOk)
            wrong('client-key', `is required with auth-method: ${method}: the certificate's private key as PEM.`);
        return certOk && keyOk ? { method, certificate: { certPem, keyPem, cert: new external_node_crypto_namespaceObject.X509Certificate(certPem) } } : undefined;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/providers/types.ts
// What a provider preset is: data about one vendor's token endpoint, the placement it documents,
// the parameters it needs, its request rules, hints for hand-written URLs and its error details.
// Each provider lives in its own file; index.ts lists them. Facts: ../shared/FIELD-NOTES.md.
const hostOf = (domain) => domain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
const baseUrlOf = (domain) => (/^https?:\/\//.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');

;// CONCATENATED MODULE: ./src/providers/auth0.ts
// Auth0: https://<tenant-domain>/oauth/token; `audience` is required for client credentials.

const auth0 = {
    label: 'Auth0',
    required: ['domain'],
    example: 'provider: auth0\ndomain: example.eu.auth0.com\naudience: https://api.example.com',
    placement: 'body',
    requiresAudience: true,
    endpoint: p => ({ tokenUrl: `https://${hostOf(p.domain ?? '')}/oauth/token` })
};

;// CONCATENATED MODULE: ./src/providers/cognito.ts
// Amazon Cognito: https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token.

const cognito = {
    label: 'Amazon Cognito',
    required: ['domain'],
    example: 'provider: cognito\ndomain: example.auth.eu-west-1.amazoncognito.com',
    placement: 'header',
    endpoint: p => ({ tokenUrl: `https://${hostOf(p.domain ?? '')}/oauth2/token` })
};

;// CONCATENATED MODULE: ./src/providers/entra-id.ts
// Microsoft Entra ID: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token, scopes must be
// <resource>/.default, and its error bodies carry `error_codes` (AADSTS numbers) that name the cause.
const errorDetails = [
    {
        errorCode: 7000215,
        code: 'INVALID_CLIENT',
        message: 'Entra ID says the client secret value is wrong (AADSTS7000215).',
        hint: 'Often the secret\'s ID (a GUID) was stored instead of its Value. In the app registration, Certificates & secrets, create a new secret and copy its Value column (reported: the portal shows it only right after creation).'
    },
    {
        errorCode: 7000222,
        code: 'SECRET_EXPIRED',
        message: 'Entra ID says the client secret has expired (AADSTS7000222).',
        hint: 'In the app registration, Certificates & secrets, create a new secret, store its Value in the repository secret, and set secret-expires-at to its expiry date so the next one is caught early.'
    },
    {
        errorCode: 700016,
        code: 'INVALID_CLIENT',
        message: 'Entra ID does not know this application in the tenant of the token URL (AADSTS700016).',
        hint: 'Check client-id (the Application (client) ID) and that the tenant in the token URL is the one the app is registered in.'
    },
    {
        errorCode: 90002,
        code: 'ENDPOINT_NOT_FOUND',
        message: 'Entra ID does not know the tenant in the token URL (AADSTS90002).',
        hint: 'Fix the tenant segment of https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token: the Directory (tenant) ID or a verified domain such as contoso.onmicrosoft.com.'
    }
];
const entraId = {
    label: 'Microsoft Entra ID',
    required: ['tenant'],
    example: 'provider: entra-id\ntenant: contoso.onmicrosoft.com   # or the Directory (tenant) ID\nscope: https://graph.microsoft.com/.default',
    placement: 'body',
    endpoint: p => ({ tokenUrl: `https://login.microsoftonline.com/${encodeURIComponent(p.tenant ?? '')}/oauth2/v2.0/token` }),
    rules: ({ scope }) => {
        if (scope === '')
            return ['Entra ID requires a scope for client credentials: <resource>/.default, e.g. https://graph.microsoft.com/.default.'];
        const bad = scope.split(' ').filter(s => !s.endsWith('/.default'));
        return bad.length > 0
            ? [`Entra ID client credentials take only <resource>/.default scopes; ${bad.join(', ')} will be refused. Use e.g. https://graph.microsoft.com/.default.`]
            : [];
    },
    errorDetails
};

;// CONCATENATED MODULE: ./src/providers/genesys-cloud.ts
// Genesys Cloud: POST https://login.<domain>/oauth/token with a Basic header (documented); the API
// host api.<domain> is a classic wrong token host; a client used in the wrong region gets
// invalid_client, so `region: auto` asks every region.

/** Genesys Cloud regions (AWS-style name → domain), from the official SDK, 2026. */
const GENESYS_REGIONS = {
    'us-east-1': 'mypurecloud.com',
    'us-east-2': 'use2.us-gov-pure.cloud',
    'us-west-2': 'usw2.pure.cloud',
    'ca-central-1': 'cac1.pure.cloud',
    'sa-east-1': 'sae1.pure.cloud',
    'mx-central-1': 'mxc1.pure.cloud',
    'eu-west-1': 'mypurecloud.ie',
    'eu-west-2': 'euw2.pure.cloud',
    'eu-central-1': 'mypurecloud.de',
    'eu-central-2': 'euc2.pure.cloud',
    'eusc-de-east-1': 'edee1.eusc-pure.cloud',
    'me-central-1': 'mec1.pure.cloud',
    'ap-south-1': 'aps1.pure.cloud',
    'ap-southeast-1': 'apse1.pure.cloud',
    'ap-southeast-2': 'mypurecloud.com.au',
    'ap-northeast-1': 'mypurecloud.jp',
    'ap-northeast-2': 'apne2.pure.cloud',
    'ap-northeast-3': 'apne3.pure.cloud'
};
/** An AWS-style region name or one of the domains, to the domain; undefined when unknown. */
function genesysDomain(region) {
    const r = region.trim().toLowerCase().replace(/^(login|api)\./, '');
    return GENESYS_REGIONS[r] ?? Object.values(GENESYS_REGIONS).find(d => d === r);
}
/** Every region's token URL, for `region: auto`. */
function genesysCandidates() {
    return Object.entries(GENESYS_REGIONS).map(([region, domain]) => ({ region, tokenUrl: `https://login.${domain}/oauth/token` }));
}
/** The Genesys Cloud domain of a host such as api.mypurecloud.de, if it is one. */
function genesysHost(url) {
    const domains = Object.values(GENESYS_REGIONS).sort((a, b) => b.length - a.length);
    return domains.find(d => url.hostname === d || url.hostname.endsWith(`.${d}`));
}
const urlHints = [
    {
        test: u => genesysHost(u) !== undefined && (/^api\./.test(u.hostname) || u.pathname.startsWith('/api/v2/')),
        hint: u => `This is a Genesys Cloud API URL; tokens come from the login host: https://login.${genesysHost(u)}/oauth/token (or set provider: genesys-cloud with region).`
    },
    {
        test: u => genesysHost(u) !== undefined && !/^login\./.test(u.hostname),
        hint: u => `Genesys Cloud's token endpoint is https://login.${genesysHost(u)}/oauth/token.`
    }
];
const genesysCloud = {
    label: 'Genesys Cloud',
    required: ['region'],
    example: 'provider: genesys-cloud\nregion: eu-central-1   # or the domain, e.g. mypurecloud.de',
    placement: 'header',
    endpoint: p => {
        const domain = genesysDomain(p.region ?? '');
        if (!domain)
            return { param: 'region', problem: `is not a Genesys Cloud region or domain` };
        return { tokenUrl: `https://login.${domain}/oauth/token` };
    },
    regions: {
        candidates: genesysCandidates,
        choices: given => ` Valid values: ${byCloseness(given, [...Object.keys(GENESYS_REGIONS), 'auto']).join(', ')} (or a domain such as mypurecloud.de).`
    },
    urlHints
};

;// CONCATENATED MODULE: ./src/providers/keycloak.ts
// Keycloak: <base>/realms/<realm>/protocol/openid-connect/token; before v17 the path began with
// /auth, and the old path now answers 404.

const keycloak = {
    label: 'Keycloak',
    required: ['domain', 'realm'],
    example: 'provider: keycloak\ndomain: https://sso.example.com\nrealm: main',
    placement: 'header',
    endpoint: p => ({ tokenUrl: `${baseUrlOf(p.domain ?? '')}/realms/${encodeURIComponent(p.realm ?? '')}/protocol/openid-connect/token` }),
    urlHints: [
        {
            test: u => /\/auth\/realms\/[^/]+\/protocol\/openid-connect\/token$/.test(u.pathname),
            codes: ['ENDPOINT_NOT_FOUND'],
            hint: u => `Keycloak 17 and later dropped the /auth prefix: try ${u.origin}${u.pathname.replace(/^\/auth\//, '/')}.`
        }
    ]
};

;// CONCATENATED MODULE: ./src/providers/nice-cxone.ts
// NICE CXone (../shared/FIELD-NOTES.md, NICE CXone, from NICE's developer pages "API Authentication
// and Authorization" and its developer FAQ): back-end apps use the OAuth 2.0 password grant
// (RFC 6749 §4.3), not client_credentials. The app registered with NICE authenticates as the client
// (client_secret_basic or client_secret_post, as the metadata lists), and an API user's access key
// ID and secret go as username and password. The token endpoint is discovered from the issuer
// (cxone.niceincontact.com; FedRAMP cxone-gov.niceincontact.com). After the token, the tenant's API
// host is `api_endpoint` in {issuer}/.well-known/cxone-configuration?tenantId=<tenant>.

const CXONE_ISSUER = 'https://cxone.niceincontact.com';
const CXONE_FEDRAMP_ISSUER = 'https://cxone-gov.niceincontact.com';
const THE_REAL_WAY = `CXone back-end apps get tokens with the password grant (RFC 6749 §4.3), not client_credentials: set provider: nice-cxone ` +
    `(the token endpoint is discovered at ${CXONE_ISSUER}; region: fedramp for ${CXONE_FEDRAMP_ISSUER}), keep client-id and client-secret ` +
    `of the app registered with NICE, and pass the API user's access key ID as username and access key secret as password.`;
const onGenesysCloud = (u) => Object.values(GENESYS_REGIONS).some(d => u.hostname === d || u.hostname.endsWith(`.${d}`));
/** Token URLs seen written by hand for CXone that are not CXone token endpoints (FIELD-NOTES). */
const nice_cxone_urlHints = [
    {
        test: u => u.hostname === 'api.cxone.com' || u.hostname.endsWith('.api.cxone.com'),
        hint: u => `${u.hostname} is not a NICE CXone token endpoint. ${THE_REAL_WAY}`
    },
    {
        // The shape of a Genesys Cloud API URL (itself the wrong host for a Genesys token): on any
        // other host it is the founding case's guess at a CXone token URL.
        test: u => /^\/api\/v2\/oauth\/token\/?$/.test(u.pathname) && !onGenesysCloud(u),
        hint: () => `/api/v2/oauth/token is not a NICE CXone token endpoint (it is the shape of a Genesys Cloud API URL). If this is CXone: ${THE_REAL_WAY}`
    },
    {
        // The legacy per-area access-key endpoint (a JSON body with the key pair): NICE says not to
        // build new integrations on it.
        test: u => /(^|\.)nice-incontact\.com$/.test(u.hostname) && u.pathname.startsWith('/authentication/v1/token/access-key'),
        hint: () => `This is NICE CXone's legacy access-key endpoint, which takes a JSON body and which NICE says not to build new integrations on. ${THE_REAL_WAY}`
    }
];
const niceCxone = {
    label: 'NICE CXone',
    required: [],
    example: [
        'provider: nice-cxone   # region: fedramp for the FedRAMP cloud',
        'client-id: ${{ secrets.CXONE_CLIENT_ID }}',
        'client-secret: ${{ secrets.CXONE_CLIENT_SECRET }}',
        'username: ${{ secrets.CXONE_ACCESS_KEY_ID }}',
        'password: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}'
    ].join('\n'),
    placement: 'header',
    grant: 'password',
    endpoint: p => {
        const region = (p.region ?? '').toLowerCase();
        if (region !== '' && region !== 'fedramp')
            return { param: 'region', problem: 'must be empty or fedramp' };
        return { issuer: region === 'fedramp' ? CXONE_FEDRAMP_ISSUER : CXONE_ISSUER };
    },
    rules: ({ grant }) => grant === 'client_credentials'
        ? [
            'NICE CXone back-end apps authenticate with the password grant and an API user\'s access key pair, not client_credentials. Set:\n' +
                'grant-type: password   # the default with provider: nice-cxone\n' +
                'username: ${{ secrets.CXONE_ACCESS_KEY_ID }}\n' +
                'password: ${{ secrets.CXONE_ACCESS_KEY_SECRET }}'
        ]
        : [],
    apiEndpoint: {
        // Which claim names the tenant is not in NICE's pages: public integrations (FIELD-NOTES cites a
        // white-label vendor's article and an open-source CXone extension) read the tenant from the id
        // token and pass it as tenantId. `tenantId` is the claim name as reported, not verified.
        tenantClaim: 'tenantId',
        documentUrl: (issuer, tenant) => `${issuer.replace(/\/+$/, '')}/.well-known/cxone-configuration?tenantId=${encodeURIComponent(tenant)}`,
        field: 'api_endpoint'
    },
    urlHints: nice_cxone_urlHints
};

;// CONCATENATED MODULE: ./src/providers/okta.ts
// Okta: the org server (/oauth2/v1/token) grants only okta.* scopes; a custom authorization server
// (/oauth2/<id>/v1/token) needs a scope. Basic is the default client authentication.

const okta = {
    label: 'Okta',
    required: ['domain'],
    example: 'provider: okta\ndomain: example.okta.com\nauthorization-server: default   # empty for the org server\nscope: api.read',
    placement: 'header',
    endpoint: p => {
        const server = p['authorization-server'] ?? '';
        const path = server === '' ? '/oauth2/v1/token' : `/oauth2/${encodeURIComponent(server)}/v1/token`;
        return { tokenUrl: `https://${hostOf(p.domain ?? '')}${path}` };
    },
    rules: ({ scope, params }) => {
        const custom = (params['authorization-server'] ?? '') !== '';
        if (custom && scope === '')
            return ['Okta custom authorization servers refuse client credentials without a scope: set scope to one defined on the server.'];
        const nonOkta = scope.split(' ').filter(s => s !== '' && !s.startsWith('okta.'));
        if (!custom && nonOkta.length > 0) {
            return [`Okta's org authorization server grants only okta.* scopes; ${nonOkta.join(', ')} needs a custom server (set authorization-server, e.g. default).`];
        }
        return [];
    }
};

;// CONCATENATED MODULE: ./src/providers/salesforce.ts
// Salesforce: https://<my-domain>.my.salesforce.com/services/oauth2/token; login. and test. hosts
// answer the client credentials flow with "request not supported on this domain".

const LOGIN_HOST = /^(login|test)\.salesforce\.com$/i;
const salesforce = {
    label: 'Salesforce',
    required: ['domain'],
    example: 'provider: salesforce\ndomain: example.my.salesforce.com',
    placement: 'body',
    endpoint: p => {
        const h = hostOf(p.domain ?? '');
        if (LOGIN_HOST.test(h)) {
            return { param: 'domain', problem: 'must be your My Domain (e.g. example.my.salesforce.com): login. and test.salesforce.com refuse the client credentials flow' };
        }
        return { tokenUrl: `https://${h}/services/oauth2/token` };
    },
    urlHints: [
        {
            test: u => LOGIN_HOST.test(u.hostname),
            hint: () => 'Salesforce refuses the client credentials flow on login. and test.salesforce.com ("request not supported on this domain"): use your My Domain host, https://<my-domain>.my.salesforce.com/services/oauth2/token.'
        }
    ]
};

;// CONCATENATED MODULE: ./src/providers/index.ts
// The provider registry: one line per provider file. Lookups over all of them (URL hints for a
// hand-written token URL, error details in an OAuth error body) live here too. Pure.








const PROVIDERS = {
    'genesys-cloud': genesysCloud,
    'nice-cxone': niceCxone,
    'entra-id': entraId,
    auth0: auth0,
    okta: okta,
    keycloak: keycloak,
    cognito: cognito,
    salesforce: salesforce
};
const PROVIDER_IDS = Object.keys(PROVIDERS);
const ALL = Object.values(PROVIDERS);
/** Hints for a hand-written token URL that points at a classic wrong place; the first match is the most specific. */
function providers_urlHints(tokenUrl, code) {
    if (!URL.canParse(tokenUrl))
        return [];
    const url = new URL(tokenUrl);
    const matching = ALL.flatMap(p => p.urlHints ?? []).filter(h => h.test(url) && (!h.codes || h.codes.includes(code)));
    return matching.slice(0, 1).map(h => h.hint(url));
}
/** A provider's error detail that names the cause (Entra's AADSTS numbers), if the answer carries one. */
function vendorError(errorCodes) {
    for (const p of ALL) {
        const detail = p.errorDetails?.find(d => errorCodes.includes(d.errorCode));
        if (detail)
            return { ...detail, vendor: p.label };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs/provider.ts
// The provider preset of a check, with its parameters checked; parameters without a provider are
// an error. Provider-specific knowledge stays in providers/.




function parsePreset(get, bad) {
    const params = {};
    for (const p of catalogue/* PROVIDER_PARAMS */.d3)
        if (get(p) !== '')
            params[p] = get(p);
    const name = get('provider').toLowerCase();
    if (name === '') {
        for (const p of Object.keys(params))
            bad(p, 'only applies with `provider` (e.g. provider: genesys-cloud).');
        return undefined;
    }
    if (!PROVIDER_IDS.includes(name)) {
        bad('provider', `must be one of ${byCloseness(name, PROVIDER_IDS).map(p => `\`${p}\``).join(', ')}; got "${(0,values/* clip */.$Q)(name)}".`);
        return undefined;
    }
    const id = name;
    const provider = PROVIDERS[id];
    const missing = provider.required.filter(p => !params[p]);
    for (const p of missing)
        bad(p, `is required with provider: ${id}. Example:\n${provider.example}`);
    const regions = provider.regions && params.region?.toLowerCase() === 'auto' ? provider.regions.candidates() : null;
    if (missing.length > 0 || regions)
        return { id, provider, params, endpoint: undefined, regions };
    const endpoint = provider.endpoint(params);
    if ('param' in endpoint) {
        const given = params[endpoint.param] ?? '';
        const choices = endpoint.param === 'region' && provider.regions ? provider.regions.choices(given) : '';
        bad(endpoint.param, `${endpoint.problem}; got "${(0,values/* clip */.$Q)(given)}".${choices}`);
        return { id, provider, params, endpoint: undefined, regions };
    }
    return { id, provider, params, endpoint, regions };
}

;// CONCATENATED MODULE: ./src/inputs/check.ts
// One check's inputs (the step's, or a `checks` item over them) parsed into a CheckSpec, or into
// INVALID_INPUT / INSECURE_URL findings that name the input (and the check) and the expected form.
// Pure: the shell passes a getter over the runner's INPUT_* variables.






const PROBE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const MAX_TIMEOUT_S = 300;
const MAX_RETRIES = 10;
function parseCheck(raw, where) {
    const errors = [];
    const bad = (0,values/* complainer */.D3)(errors, where);
    const get = (0,values/* withDefaults */.rO)(raw);
    const preset = parsePreset(get, bad);
    // token-url and issuer, when given, win over the preset (whose rules still apply).
    const tokenUrlText = get('token-url') || (preset?.endpoint && 'tokenUrl' in preset.endpoint ? preset.endpoint.tokenUrl : '');
    const issuerText = get('issuer') || (preset?.endpoint && 'issuer' in preset.endpoint ? preset.endpoint.issuer : '');
    const regions = preset?.regions && get('token-url') === '' && get('issuer') === '' ? preset.regions : null;
    if (tokenUrlText === '' && issuerText === '' && !regions && preset === undefined) {
        bad('token-url', 'is required (or set `issuer` to discover it, or `provider`): the token endpoint, e.g. https://login.example.com/oauth/token.');
    }
    const url = tokenUrlText === '' ? undefined : (0,url_rules/* parseEndpoint */.Bk)(tokenUrlText, 'token-url', bad);
    const issuer = issuerText === '' ? undefined : (0,url_rules/* parseEndpoint */.Bk)(issuerText, 'issuer', bad, 'https://login.example.com/realms/main');
    const clientId = raw('client-id');
    const clientSecret = raw('client-secret');
    if (clientId.trim() === '')
        bad('client-id', 'is required: the client (application) id from the provider\'s admin UI.');
    const auth = parseClientAuth(get, bad);
    const keyOnly = KEY_ONLY_METHODS.includes(get('auth-method').toLowerCase());
    if (clientSecret.trim() === '' && !keyOnly) {
        bad('client-secret', 'is required: pass it from a secret, e.g. client-secret: ${{ secrets.MY_CLIENT_SECRET }}.');
    }
    const grant = grantSpec(raw, get, preset?.provider.grant, preset?.provider.example, bad);
    const diagnose = (0,values/* bool */.lc)(get('diagnose'), 'diagnose', bad);
    const allowInsecureHttp = (0,values/* bool */.lc)(get('allow-insecure-http'), 'allow-insecure-http', bad);
    const timeoutS = (0,values/* number */.ai)(get('timeout'), 'timeout', { min: 0.1, max: MAX_TIMEOUT_S, integer: false }, bad);
    const retries = (0,values/* number */.ai)(get('retries'), 'retries', { min: 0, max: MAX_RETRIES, integer: true }, bad);
    const minTtlS = (0,values/* number */.ai)(get('min-ttl'), 'min-ttl', { min: 0, max: 31_536_000, integer: true }, bad);
    const expiryThresholds = (0,values/* dayList */.TT)(get('expiry-warning-days'), 'expiry-warning-days', bad);
    const expiryWarningDays = expiryThresholds?.[0];
    const resources = (0,values/* resourceList */.di)(get('resource'), bad);
    const extraParams = (0,values/* paramList */.uz)(get('extra-params'), bad);
    const scope = get('scope').split(/\s+/).filter(Boolean).join(' ');
    const requiredScopes = [...new Set(get('required-scopes').split(/\s+/).filter(Boolean))];
    const audience = get('audience');
    const probe = probeSpec(get, bad, preset?.provider.apiEndpoint !== undefined);
    const secretExpiresAt = (0,values/* expiryDate */.Sd)(get('secret-expires-at'), bad);
    // Never the raw text of a refused URL: it may carry user:password@ or be a secret pasted in the wrong input.
    const name = get('name') || url?.host || issuer?.host || (preset ? preset.id : '') || hostOnly(tokenUrlText) || hostOnly(issuerText) || 'oauth-credentials';
    if (preset?.provider.requiresAudience && audience === '') {
        bad('audience', `is required for ${preset.provider.label}: the API identifier, e.g.\n${preset.provider.example}`);
    }
    const presetWarnings = preset && grant ? (preset.provider.rules?.({ scope, audience, params: preset.params, grant: grant.type, grantTypeGiven: get('grant-type') !== '' }) ?? []) : [];
    for (const [input, target] of [
        ['token-url', url],
        ['issuer', issuer],
        ['probe-url', probe && probe.relativeTo === null ? new URL(probe.url) : undefined]
    ]) {
        // A *.localhost name is judged when the check runs, by what it resolves to (localhostProblems).
        if (target && allowInsecureHttp === false && (0,url_rules/* isInsecure */.f_)(target, false) && !(0,url_rules/* isLocalhostName */.lS)(target.hostname)) {
            errors.push((0,codes/* finding */.gk)('INSECURE_URL', `${where(input)} uses plain http:// to ${target.host}: ${input === 'probe-url' ? 'the access token' : 'the client secret'} would cross the network unencrypted. No request was sent.`));
        }
    }
    const endpoint = issuer
        ? { kind: 'discover', issuer: issuer.href.replace(/\/$/, ''), tokenUrl: url?.href ?? null }
        : url
            ? { kind: 'url', tokenUrl: url.href }
            : regions
                ? { kind: 'regions', candidates: regions }
                : undefined;
    if (errors.length > 0 ||
        endpoint === undefined ||
        auth === undefined ||
        grant === undefined ||
        minTtlS === undefined ||
        expiryWarningDays === undefined ||
        diagnose === undefined ||
        allowInsecureHttp === undefined ||
        timeoutS === undefined ||
        retries === undefined) {
        return { ok: false, name, tokenUrl: url?.href ?? issuer?.href ?? '', findings: errors };
    }
    return {
        ok: true,
        spec: {
            name,
            endpoint,
            autoFirst: preset?.provider.placement ?? 'header',
            clientId,
            clientSecret,
            clientAuth: auth.clientAuth,
            grant,
            scope,
            audience,
            resources,
            extraParams,
            diagnose,
            timeoutMs: Math.round(timeoutS * 1000),
            retries,
            allowInsecureHttp,
            minTtlS,
            requiredScopes,
            expectedAudience: get('expected-audience') || null,
            probe,
            secretExpiresAt,
            expiryWarningDays,
            expiryThresholds: expiryThresholds?.filter(d => d > 0) ?? [],
            provider: preset?.id ?? null,
            presetWarnings,
            caCert: auth.caCert
        }
    };
}
/**
 * The grant: `grant-type` (client_credentials unless the preset says otherwise), and for the
 * password grant (RFC 6749 §4.3) `username` and `password`, read untrimmed like the client secret
 * (whitespace in them is diagnosed, not silently removed).
 */
function grantSpec(raw, get, presetGrant, example, bad) {
    const given = get('grant-type').trim().toLowerCase();
    const type = given === '' ? (presetGrant ?? 'client_credentials') : (0,values/* oneOf */.yL)(given, GRANT_TYPES, 'grant-type', bad);
    if (type === undefined)
        return undefined;
    const username = raw('username');
    const password = raw('password');
    if (type === 'client_credentials') {
        for (const [input, value] of [['username', username], ['password', password]]) {
            if (value !== '')
                bad(input, 'only applies with grant-type: password (the resource owner password grant).');
        }
        return { type };
    }
    const tip = presetGrant === 'password' && example ? ` Example:\n${example}` : '';
    if (username.trim() === '')
        bad('username', `is required with grant-type: password: the resource owner's user name (NICE CXone: the API user's access key ID), from a secret.${tip}`);
    if (password.trim() === '') {
        bad('password', `is required with grant-type: password: the resource owner's password (NICE CXone: the access key secret), from a secret.${username.trim() === '' ? '' : tip}`);
    }
    return username.trim() === '' || password.trim() === '' ? undefined : { type, username, password };
}
/** The host of a URL-like text, without userinfo; '' when it has none. */
function hostOnly(text) {
    if (!URL.canParse(text))
        return '';
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : '';
}
function probeSpec(get, bad, apiEndpointKnown) {
    // Checked even without probe-url, so a typo does not wait for the day a probe is added.
    const method = (0,values/* oneOf */.yL)(get('probe-method'), PROBE_METHODS, 'probe-method', bad);
    const expectedText = get('probe-expected-status');
    const expected = (0,values/* statusRanges */.F)(expectedText);
    if (!expected)
        bad('probe-expected-status', `must be statuses like 200, 2xx, 200,204 or 200-299; got "${(0,values/* clip */.$Q)(expectedText)}".`);
    const text = get('probe-url');
    if (text === '')
        return null;
    if (text.startsWith('/')) {
        // A path on the tenant's API host, found after the token (provider: nice-cxone).
        if (!apiEndpointKnown)
            bad('probe-url', 'must be a full URL (https://api.example.com/v1/me); a path alone works only with a provider that finds the API host (nice-cxone).');
        else if (text.startsWith('//') || !URL.canParse(text, 'https://api.invalid'))
            bad('probe-url', `must be a path such as /incontactapi/services/v31.0/agents; got "${(0,values/* clip */.$Q)(text)}".`);
        if (!apiEndpointKnown || text.startsWith('//') || !method || !expected)
            return null;
        return { url: text, relativeTo: 'api-endpoint', method, expected, expectedText };
    }
    const url = (0,url_rules/* parseEndpoint */.Bk)(text, 'probe-url', bad, 'https://api.example.com/v1/me');
    if (!url || !method || !expected)
        return null;
    return { url: url.href, relativeTo: null, method, expected, expectedText };
}

;// CONCATENATED MODULE: ./src/inputs/run.ts
// The step's inputs: run-wide options, and either one check (the top-level inputs) or the `checks`
// list. Every secret of every check is collected for masking, even from inputs that fail to parse.








const FAIL_ON = ['error', 'warning', 'never'];
/**
 * `parseYaml` is needed only when `checks` or `checks-file` is set (see loadYamlParser); `listFile`
 * only when `checks-file` is.
 */
function parseRun(raw, env, parseYaml, listFile) {
    const runErrors = [];
    const get = (0,values/* withDefaults */.rO)(raw);
    const bad = (0,values/* complainer */.D3)(runErrors, values/* topLevel */.M4);
    const options = {
        failOn: (0,values/* oneOf */.yL)(get('fail-on'), FAIL_ON, 'fail-on', bad) ?? 'error',
        summary: (0,values/* bool */.lc)(get('summary'), 'summary', bad) ?? true,
        exportToken: (0,values/* bool */.lc)(get('export-token'), 'export-token', bad) ?? false,
        concurrency: (0,values/* number */.ai)(get('concurrency'), 'concurrency', { min: 1, max: 64, integer: true }, bad) ?? 4
    };
    const alerts = (0,alerts_options/* parseAlertOptions */.MX)(get, options.failOn, bad);
    const alertSecrets = (0,alerts_options/* alertSecretForms */.YV)(raw);
    runErrors.push(...proxyProblems(env));
    const listText = raw('checks');
    const filePath = raw('checks-file').trim();
    const step = { options, alerts, runErrors, alertSecrets, plain: plainOf(raw) };
    if (filePath !== '') {
        if (!parseYaml || !listFile)
            throw new Error('parseRun needs a YAML parser and the file when checks-file is set');
        if (listText.trim() !== '') {
            // Still masked: the inline list may hold secrets even though it will not run.
            const inline = parseChecksList(listText, raw, env, parseYaml);
            const both = (0,codes/* finding */.gk)('INVALID_INPUT', 'Inputs `checks` and `checks-file` are both set; use one: `checks` for a list in the workflow, `checks-file` for a list in a file.');
            return broken(step, [both], [...secretsOf(raw), ...inline.items.flatMap(item => secretsOf(item.get))]);
        }
        const source = `Input \`checks-file\` (${listFile.path})`;
        if ('error' in listFile)
            return broken(step, [(0,codes/* finding */.gk)('INVALID_INPUT', `${source} ${listFile.error}`)], secretsOf(raw));
        return parseList(listFile.text, source, raw, env, parseYaml, step);
    }
    if (listText.trim() === '') {
        const check = parseCheck(raw, values/* topLevel */.M4);
        const secrets = [...secretsOf(raw), ...alertSecrets];
        if (runErrors.length === 0)
            return { options, alerts, checks: [check], secrets, plain: step.plain };
        const name = check.ok ? check.spec.name : check.name;
        const tokenUrl = check.ok ? tokenUrlOf(check) : check.tokenUrl;
        return { options, alerts, checks: [{ ok: false, name, tokenUrl, findings: [...runErrors, ...(check.ok ? [] : check.findings)] }], secrets, plain: step.plain };
    }
    if (!parseYaml)
        throw new Error('parseRun needs a YAML parser when the checks input is set');
    return parseList(listText, 'Input `checks`', raw, env, parseYaml, step);
}
/** Nothing runs: the list or a run-wide input is broken. Its secrets are still masked. */
function broken(step, findings, secrets) {
    return {
        options: step.options,
        alerts: step.alerts,
        checks: [{ ok: false, name: 'checks', tokenUrl: '', findings: [...step.runErrors, ...findings] }],
        secrets: [...secrets, ...step.alertSecrets],
        plain: step.plain
    };
}
function parseList(text, source, raw, env, parseYaml, step) {
    const list = parseChecksList(text, raw, env, parseYaml, source);
    const secrets = [...secretsOf(raw), ...list.items.flatMap(item => secretsOf(item.get))];
    const plain = [...step.plain, ...list.items.flatMap(item => plainOf(item.get))];
    if (list.errors.length > 0 || step.runErrors.length > 0)
        return { ...broken(step, list.errors, secrets), plain };
    const checks = list.items.map(item => {
        const where = input => `Check \`${item.label}\`: key \`${input}\``;
        const check = parseCheck(item.get, where);
        if (item.errors.length === 0)
            return check;
        const findings = [...item.errors, ...(check.ok ? [] : check.findings)];
        return { ok: false, name: check.ok ? check.spec.name : check.name, tokenUrl: tokenUrlOf(check), findings };
    });
    return { options: step.options, alerts: step.alerts, checks: markDuplicateNames(checks), secrets: [...secrets, ...step.alertSecrets], plain };
}
/**
 * The proxy variables http-client reads (the lower-case name first, as it does). A value it cannot
 * use must not be silently ignored or turn into a crash: INVALID_INPUT naming the variable. The
 * value itself is never quoted (it may carry the proxy's password).
 */
function proxyProblems(env) {
    const problems = [];
    for (const pair of [['https_proxy', 'HTTPS_PROXY'], ['http_proxy', 'HTTP_PROXY']]) {
        const name = pair.find(n => (env(n) ?? '') !== '');
        if (name === undefined)
            continue;
        const value = (env(name) ?? '').trim();
        const url = /^https?:\/\//i.test(value) && URL.canParse(value) ? new URL(value) : undefined;
        if (url && url.hostname !== '')
            continue;
        problems.push((0,codes/* finding */.gk)('INVALID_INPUT', `Environment variable ${name} is not a proxy URL${/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? '' : ' (it has no http:// or https:// scheme)'}; expected a value such as http://proxy.example.com:3128. No request was sent.`));
    }
    return problems;
}
/** The token URL as configured (for a check that cannot run, what it would have used). */
function tokenUrlOf(check) {
    if (!check.ok)
        return check.tokenUrl;
    const endpoint = check.spec.endpoint;
    return endpoint.kind === 'url' ? endpoint.tokenUrl : endpoint.kind === 'discover' ? (endpoint.tokenUrl ?? endpoint.issuer) : '';
}
/**
 * Every form of the credentials a getter holds, read raw: a bad input must not make a secret
 * printable. The client secret with its Basic values; every other credential input (the password
 * grant's username and password) in each of its forms; key material line by line; and a password
 * written into a URL's userinfo (refused, but masked all the same).
 */
function secretsOf(raw) {
    return [
        ...secretForms(raw('client-id'), raw('client-secret')),
        ...catalogue/* CREDENTIAL_INPUTS */.ms.filter(input => input !== 'client-secret').flatMap(input => valueForms(raw(input))),
        ...catalogue/* KEY_MATERIAL_INPUTS */.Yt.flatMap(input => keyMaterialForms(raw(input))),
        ...catalogue/* PLAIN_INPUTS */.Ny.flatMap(input => userinfoForms(raw(input)))
    ];
}
/** `https://user:pass@host/` → the password and the userinfo, raw and decoded. */
function userinfoForms(text) {
    const at = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(text.trim());
    if (!at)
        return [];
    const userinfo = at[1] ?? '';
    const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
    const decode = (s) => {
        try {
            return decodeURIComponent(s);
        }
        catch {
            return s;
        }
    };
    return [...new Set([userinfo, decode(userinfo), password, decode(password)])].filter(v => v !== '');
}
/**
 * Non-secret configured values, for the redactor's `benign` text. Left out: a URL with userinfo,
 * and the `checks` text itself (a secret may be written inline in it).
 */
function plainOf(raw) {
    return catalogue/* PLAIN_INPUTS */.Ny.filter(input => input !== 'checks')
        .map(input => raw(input))
        .filter(v => v.trim() !== '' && userinfoForms(v).length === 0);
}
/** `name` must be unique: later checks with a name already used get INVALID_INPUT. */
function markDuplicateNames(checks) {
    const seen = new Map();
    return checks.map((check, index) => {
        const name = check.ok ? check.spec.name : check.name;
        const first = seen.get(name);
        if (first === undefined) {
            seen.set(name, index);
            return check;
        }
        const duplicate = (0,codes/* finding */.gk)('INVALID_INPUT', `Check \`${name}\`: key \`name\` is also used by checks[${first}]; every check needs its own name (it defaults to the token URL's host).`);
        return { ok: false, name, tokenUrl: tokenUrlOf(check), findings: [duplicate, ...(check.ok ? [] : check.findings)] };
    });
}

;// CONCATENATED MODULE: external "node:async_hooks"
const external_node_async_hooks_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");
;// CONCATENATED MODULE: external "node:dns/promises"
const external_node_dns_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns/promises");
;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __nccwpck_require__(7893);
;// CONCATENATED MODULE: ./src/net/transport.ts
// The one module that talks to the network, through @actions/http-client (which brings the
// runner's proxy settings: HTTPS_PROXY, NO_PROXY). It adds what the client lacks: an overall
// deadline per try, a cap on the body, no redirects, and the retry policy from retry.ts.








const MAX_BODY_BYTES = 1024 * 1024;
const send = async (request, options) => {
    const sleep = options.sleep ?? ((ms) => new Promise(resolve => setTimeout(resolve, ms)));
    const end = options.deadlineMs;
    for (let tries = 1;; tries++) {
        // With an overall deadline, no try (and no wait before one) may run past it.
        const timeoutMs = end === undefined ? options.timeoutMs : Math.max(1, Math.min(options.timeoutMs, end - Date.now()));
        const outcome = await sendOnceFresh(request, { ...options, timeoutMs }, tries);
        if (tries > options.retries)
            return outcome;
        const delay = (0,retry/* retryDelayMs */.qO)(outcome, tries, Math.random(), Date.now());
        if (delay === undefined)
            return outcome;
        if (end !== undefined && Date.now() + delay + MIN_TRY_MS >= end)
            return outcome;
        await sleep(delay);
    }
};
/** A retry is not worth starting with less time than this left before the deadline. */
const MIN_TRY_MS = 100;
/**
 * A reset this soon after the request went out on a reused connection is the server closing an idle
 * connection as the request arrived: the request never reached it. A later reset may have reached
 * it, so it is not sent again (a token endpoint may count failed attempts).
 */
const STALE_RESET_MS = 250;
/**
 * Outcomes of requests that failed on a kept-alive connection with a reset before any answer: when
 * the reset came at once (STALE_RESET_MS), the request is sent again once on a new connection,
 * within the same try's time and without counting as a try.
 */
const staleConnection = new WeakSet();
async function sendOnceFresh(request, options, tries) {
    try {
        const first = await sendOnce(request, options, tries);
        const left = options.timeoutMs - first.latencyMs;
        if (!staleConnection.has(first) || first.latencyMs > STALE_RESET_MS || left <= 0)
            return first;
        // Sent again once on a new connection, within what is left of this try's time.
        const second = await sendOnce(request, { ...options, timeoutMs: left }, tries);
        return { ...second, latencyMs: second.latencyMs + first.latencyMs };
    }
    catch (error) {
        // Whatever http-client throws before a request exists (an unusable proxy URL, a bad URL) is an
        // outcome like any other network failure: the transport never throws.
        const { failure, detail } = networkFailure(error);
        return { kind: 'network', failure, detail, latencyMs: 0, tries };
    }
}
async function sendOnce(request, options, tries) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const client = new lib_HttpClient(options.userAgent, [], {
        allowRedirects: false,
        allowRetries: false,
        // Direct connections are kept alive and shared by the requests of a run (see shareAgent).
        keepAlive: true,
        socketTimeout: options.timeoutMs
    });
    // Behind a proxy each try has its own tunnel agent, watched so the deadline can end it; *.localhost
    // names (allowed only once they resolved to loopback) never go through a proxy.
    const proxied = lib_getProxyUrl(request.url) !== '' && !isLocalhostName(request.url);
    const tunnel = proxied ? watchTunnel(client, request.url) : undefined;
    if (proxied && options.tls && request.url.startsWith('https:'))
        applyTls(client, request.url, options.tls);
    const agent = proxied ? client.getAgent(request.url) : shareAgent(client, request.url, options.tls);
    let socket;
    let completed = false;
    const connected = watchConnection(agent, s => (socket = s));
    const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    let timer;
    let abandon;
    const deadline = new Promise(resolve => {
        timer = setTimeout(() => {
            abandon?.();
            // A hung server and a firewall that drops packets look alike from here, except for this.
            const state = tunnel?.state() ?? connected.state();
            const detail = state === 'connected'
                ? `connected, but no complete answer within ${options.timeoutMs} ms`
                : state === 'not connected'
                    ? `could not even connect within ${options.timeoutMs} ms`
                    : state === 'no CONNECT answer'
                        ? `the proxy ${tunnel?.proxy ?? ''} did not answer CONNECT within ${options.timeoutMs} ms`
                        : `no complete answer within ${options.timeoutMs} ms`;
            resolve({ kind: 'network', failure: 'timeout', detail, latencyMs: elapsed(), tries });
        }, options.timeoutMs);
    });
    const exchange = (async () => {
        try {
            // identity: the body is read under a byte cap and parsed as text; a compressed body would be neither.
            const sent = { ...request.headers, 'Accept-Encoding': 'identity' };
            const response = await connected.during(() => client.request(request.method, request.url, request.body, sent));
            const message = response.message;
            abandon = () => message.destroy();
            const status = message.statusCode ?? 0;
            const headers = flattenHeaders(message.headers);
            const chunks = [];
            let size = 0;
            for await (const chunk of message) {
                const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
                size += buffer.length;
                if (size > maxBytes) {
                    message.destroy();
                    return { kind: 'too-large', status, headers, latencyMs: elapsed(), tries };
                }
                chunks.push(buffer);
            }
            completed = true;
            return { kind: 'response', status, headers, body: Buffer.concat(chunks).toString('utf8'), latencyMs: elapsed(), tries };
        }
        catch (error) {
            const { failure, detail } = networkFailure(error, tunnel?.proxy);
            const outcome = { kind: 'network', failure, detail, latencyMs: elapsed(), tries };
            if (connected.reused() && (detail === 'ECONNRESET' || detail === 'EPIPE'))
                staleConnection.add(outcome);
            return outcome;
        }
    })();
    try {
        return await Promise.race([exchange, deadline]);
    }
    finally {
        clearTimeout(timer);
        // A connection whose answer was not read to the end cannot carry another request: close it
        // (a hung server must not hold the process). A complete one goes back to the shared agent.
        // Behind a proxy nothing of this try may outlive it: the CONNECT request and the tunnel socket.
        if (!completed) {
            abandon?.();
            socket?.destroy();
        }
        tunnel?.destroy();
        if (!proxied)
            releaseAgent(client);
        client.dispose();
    }
}
/**
 * Behind HTTPS_PROXY, http-client uses the `tunnel` package's agent, which opens its own CONNECT
 * request to the proxy and keeps the tunnel socket in `agent.sockets`. Neither is reachable
 * through http-client, and its dispose() does not touch this agent: a proxy that never answers
 * CONNECT, or relays nothing after it, would keep the process alive past the deadline. This
 * wraps the agent's request function to see the CONNECT request, and destroys both at the end.
 */
function watchTunnel(client, url) {
    const agent = client.getAgent(url);
    if (!agent.proxyOptions || typeof agent.request !== 'function')
        return undefined;
    const original = agent.request;
    const requests = [];
    let answered = false;
    agent.request = (connectOptions) => {
        const req = original(connectOptions);
        requests.push(req);
        req.once('connect', () => (answered = true));
        req.once('response', () => (answered = true));
        // After destroy() below, a late error must not be unhandled.
        req.on('error', () => undefined);
        return req;
    };
    const proxy = `${agent.proxyOptions.host ?? ''}${agent.proxyOptions.port ? `:${agent.proxyOptions.port}` : ''}`;
    return {
        proxy,
        state: () => (requests.length === 0 ? 'unknown' : answered ? 'connected' : 'no CONNECT answer'),
        destroy: () => {
            for (const req of requests)
                req.destroy();
            const sockets = Array.isArray(agent.sockets) ? agent.sockets : [];
            for (const socket of sockets) {
                if (socket !== null && typeof socket === 'object' && 'destroy' in socket && typeof socket.destroy === 'function')
                    socket.destroy();
            }
        }
    };
}
/**
 * Keep-alive agents shared by every request of a run, one per origin, proxy and TLS material, so
 * checks against one host reuse connections instead of paying a TCP and TLS handshake each. At
 * most `concurrency` requests are in flight, so at most that many connections per host open.
 */
const sharedAgents = new Map();
/**
 * Idle connections close after this long: below the keep-alive timeouts servers commonly use
 * (Node's 5 s), so a request is rarely sent on a connection the server is closing. Node also
 * honours a shorter `Keep-Alive: timeout=` hint from the server.
 */
const IDLE_SOCKET_MS = 4_000;
function agentKey(url, tls) {
    const origin = new URL(url).origin;
    const material = tls && url.startsWith('https:') ? (0,external_node_crypto_namespaceObject.createHash)('sha256').update(JSON.stringify([tls.ca ?? '', tls.cert ?? '', tls.key ?? ''])).digest('hex') : '';
    return `${origin} ${isLocalhostName(url) ? 'direct' : lib_getProxyUrl(url)} ${material}`;
}
function isLocalhostName(url) {
    return /\.localhost\.?$/i.test(new URL(url).hostname);
}
/**
 * Loopback never goes through a proxy. http-client already bypasses localhost, 127.* and [::1];
 * a *.localhost name (allowed only once it resolved to loopback) would otherwise be tunnelled
 * through HTTPS_PROXY. This makes the client use a direct agent for it.
 */
function bypassProxy(client, agent) {
    const internals = client;
    internals._agent = agent;
    internals._getAgent = () => agent;
}
/** Puts the run's shared agent for this URL into the client, creating (and configuring) it once. */
function shareAgent(client, url, tls) {
    const key = agentKey(url, tls);
    const slots = client;
    const shared = sharedAgents.get(key);
    if (shared) {
        if (shared.viaProxy)
            slots._proxyAgent = shared.agent;
        else
            slots._agent = shared.agent;
        if (isLocalhostName(url))
            bypassProxy(client, shared.agent);
        return shared.agent;
    }
    if (isLocalhostName(url))
        bypassProxy(client, url.startsWith('https:') ? new external_node_https_namespaceObject.Agent({ keepAlive: true }) : new external_node_http_namespaceObject.Agent({ keepAlive: true }));
    const agent = client.getAgent(url);
    if (tls && url.startsWith('https:'))
        applyTls(client, url, tls);
    if (agent instanceof external_node_http_namespaceObject.Agent)
        agent.options['timeout'] = IDLE_SOCKET_MS;
    sharedAgents.set(key, { agent, viaProxy: slots._proxyAgent === agent });
    return agent;
}
/** Takes the shared agent back out, so that client.dispose() does not destroy it. */
function releaseAgent(client) {
    const slots = client;
    slots._agent = undefined;
    slots._proxyAgent = undefined;
}
/** Closes every kept-alive connection of the run; the shell calls it when the run is over. */
function destroyAgents() {
    for (const { agent } of sharedAgents.values()) {
        const destroyable = agent;
        if (typeof destroyable.destroy === 'function')
            destroyable.destroy();
    }
    sharedAgents.clear();
}
/** The socket a request was given, for the request that is being sent in this async context. */
const socketWatch = new external_node_async_hooks_namespaceObject.AsyncLocalStorage();
const watchedAgents = new WeakSet();
/**
 * Whether the TCP connection of this request was made. http-client does not expose the socket, so
 * the agent's addRequest is wrapped (once per shared agent) to see the socket each request gets: a
 * reused keep-alive socket is connected already. Behind a proxy the state stays unknown.
 */
function watchConnection(agent, onSocket) {
    let connected = false;
    let reused = false;
    const see = (socket) => {
        onSocket(socket);
        reused = !socket.connecting;
        if (reused)
            connected = true;
        else
            socket.once('connect', () => {
                connected = true;
            });
    };
    const target = agent;
    if (typeof target.addRequest === 'function' && !watchedAgents.has(target)) {
        watchedAgents.add(target);
        const original = target.addRequest.bind(target);
        target.addRequest = (...args) => {
            const request = args[0];
            const current = socketWatch.getStore();
            if (current)
                request.once('socket', current);
            return original(...args);
        };
    }
    return {
        during: send => socketWatch.run(see, send),
        state: () => (!(agent instanceof external_node_http_namespaceObject.Agent) ? 'unknown' : connected ? 'connected' : 'not connected'),
        reused: () => reused
    };
}
/**
 * http-client has no option for client certificates or extra CAs, but both of its agents, the
 * plain https.Agent and the tunnel agent used behind HTTPS_PROXY, merge `agent.options` into every
 * TLS connection (http-client sets rejectUnauthorized the same way for ignoreSslError).
 */
function applyTls(client, url, tls) {
    const agent = client.getAgent(url);
    if (!agent.options)
        return;
    agent.options = {
        ...agent.options,
        ...(tls.ca ? { ca: [...defaultCas(), tls.ca] } : {}),
        ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {})
    };
}
/**
 * The CAs Node trusts by default, NODE_EXTRA_CA_CERTS included: an explicit `ca` replaces them,
 * so ca-cert must add to this list, not to the bundled roots alone (getCACertificates: Node 22.15+).
 */
function defaultCas() {
    const withDefaults = external_node_tls_namespaceObject;
    return withDefaults.getCACertificates?.('default') ?? external_node_tls_namespaceObject.rootCertificates;
}
function flattenHeaders(headers) {
    const flat = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined)
            flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return flat;
}
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO|HOSTNAME_MISMATCH)/;
/**
 * Maps Node's error codes to the failure kinds the findings speak of. Never includes request data.
 * `proxy` is the proxy's host:port when the request went through one.
 */
function networkFailure(error, proxy) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const message = error instanceof Error ? error.message : String(error);
    // The tunnel agent's own errors: the proxy refused CONNECT, or could not be reached at all.
    const status = /tunneling socket could not be established, statusCode=(\d{3})/.exec(message)?.[1];
    if (status === '407')
        return { failure: 'proxy-auth', detail: `proxy ${proxy ?? 'from HTTPS_PROXY'} answered CONNECT with HTTP 407` };
    if (status)
        return { failure: 'proxy', detail: `proxy ${proxy ?? 'from HTTPS_PROXY'} answered CONNECT with HTTP ${status}` };
    const cause = /tunneling socket could not be established, cause=(\S+ )?([A-Z_]+)?/.exec(message);
    if (cause)
        return { failure: 'proxy', detail: `proxy ${proxy ?? 'from HTTPS_PROXY'} could not be used (${cause[2] ?? 'connection failed'})` };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
        return { failure: 'dns', detail: code };
    if (code === 'ECONNREFUSED')
        return { failure: 'refused', detail: code };
    if (TLS_CODE.test(code))
        return { failure: 'tls', detail: code };
    if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || message.startsWith('Request timeout')) {
        return { failure: 'timeout', detail: code || 'socket idle timeout' };
    }
    // A proxy URL in the message may carry user:password@; keep the host only.
    return { failure: 'network', detail: code || message.replace(/\/\/[^/@\s]*@/g, '//').slice(0, 80) };
}
/** Every address a host name resolves to (the loopback rule for *.localhost names). */
const resolveAll = async (hostname) => (await (0,external_node_dns_promises_namespaceObject.lookup)(hostname, { all: true })).map(a => a.address);

// EXTERNAL MODULE: ./src/text.ts
var src_text = __nccwpck_require__(8992);
;// CONCATENATED MODULE: ./src/report/junit.ts
// The report as JUnit XML, for CI dashboards and test-report actions: one <testcase> per check.
// Pure. Every string passes through text.ts (one line, no control characters) and is XML-escaped.
//
// A failing check is a <failure> (type = its main finding code). A check whose inputs were rejected,
// or that crashed, is an <error>: nothing was checked. A degraded check follows fail-on: with
// `warning` it is a <failure> (it fails the step too), otherwise it passes and its warnings are in
// <system-out>. So the dashboard and the step's exit code agree.


const JUNIT_SUITE = 'oauth-credential-health';
/** XML 1.0 text or attribute: the five entities, and no lone surrogate (not a legal XML character). */
function xml(text, max = 2000) {
    return (0,src_text/* cleanServerText */.Ct)(text, max)
        .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
        .replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
function junitOutcome(check, failOn) {
    if (check.findings.some(f => (0,codes/* inGroup */.HB)(f.code, 'input') || f.code === 'CHECK_CRASHED'))
        return 'error';
    if (check.status === 'failing')
        return 'failure';
    if (check.status === 'degraded' && failOn === 'warning')
        return 'failure';
    return 'passed';
}
function findingLine(f) {
    return `${f.severity} ${f.code}: ${f.message} Fix: ${f.hint}`;
}
function testcase(check, failOn) {
    const outcome = junitOutcome(check, failOn);
    const seconds = ((check.latencyMs ?? 0) / 1000).toFixed(3);
    const open = `    <testcase classname="${JUNIT_SUITE}" name="${xml(check.name, 200)}" time="${seconds}">`;
    const findings = [...check.findings].sort(codes/* bySeverity */.Np);
    const main = findings[0];
    const body = [];
    if (outcome !== 'passed' && main) {
        const details = findings.map(f => xml(findingLine(f))).join('\n');
        body.push(`      <${outcome} type="${main.code}" message="${xml(`${main.code}: ${main.message}`, 1000)}">${details}</${outcome}>`);
    }
    const facts = [`status: ${check.status}`, `verdict: ${check.verdict}`, `token URL: ${check.tokenUrl || '-'}`];
    const out = [facts.join(', '), ...(outcome === 'passed' ? findings.map(findingLine) : [])].map(line => xml(line)).join('\n');
    body.push(`      <system-out>${out}</system-out>`);
    return [open, ...body, '    </testcase>'].join('\n');
}
function renderJunit(report, failOn) {
    const outcomes = report.checks.map(c => junitOutcome(c, failOn));
    const failures = outcomes.filter(o => o === 'failure').length;
    const errors = outcomes.filter(o => o === 'error').length;
    const seconds = (report.checks.reduce((sum, c) => sum + (c.latencyMs ?? 0), 0) / 1000).toFixed(3);
    const counts = `tests="${report.checks.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}"`;
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="${JUNIT_SUITE}" ${counts}>`,
        `  <testsuite name="${JUNIT_SUITE}" ${counts}>`,
        ...report.checks.map(c => testcase(c, failOn)),
        '  </testsuite>',
        '</testsuites>',
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// Renders the job summary (GitHub-flavoured Markdown) and the plain log lines. Pure. Every string
// that is not a literal of this file goes through escapeSummary / safeLogText.


const STATUS_ICON = { healthy: '✅', degraded: '⚠️', failing: '❌' };
const SEVERITY_ICON = { error: '❌', warning: '⚠️', notice: 'ℹ️' };
function formatDuration(seconds) {
    if (seconds === null)
        return '—';
    if (seconds < 120)
        return `${seconds} s`;
    if (seconds < 7200)
        return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800)
        return `${Math.round(seconds / 3600)} h`;
    return `${Math.round(seconds / 86400)} d`;
}
function mainFinding(check) {
    return [...check.findings].sort(codes/* bySeverity */.Np)[0];
}
const SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post', '']);
/** Where the secret went (header/body), or the key-based method that was used. */
function placementText(check) {
    // tokenType is set when a token was issued (a server that omits token_type shows —).
    if (!SECRET_METHODS.has(check.authMethod))
        return check.tokenType !== null ? check.authMethod : '—';
    if (check.placement === null)
        return '—';
    if (check.placement === 'body')
        return 'body';
    return check.basicEncoding === 'raw' ? 'header (raw)' : 'header';
}
function attemptWay(a) {
    if (!SECRET_METHODS.has(a.authMethod))
        return a.audience ? `${a.authMethod}, aud ${(0,src_text/* escapeSummary */.Gb)(a.audience, 120)}` : a.authMethod;
    return a.placement === 'header' ? `header (${a.basicEncoding ?? 'form'})` : 'body';
}
/** Worst first, then by name; the report itself keeps the configured order. */
function sortForDisplay(checks) {
    return [...checks].sort((a, b) => (0,codes/* compareStatus */.oA)(a.status, b.status) || a.name.localeCompare(b.name));
}
/** GitHub rejects a step summary over 1 MiB (1,048,576 B); this leaves room for what others append. */
const SUMMARY_MAX_BYTES = 1_000_000;
/** From this many checks on: one compact table, and details only for the checks that are not healthy. */
const COMPACT_FROM = 50;
/** Kept free for the closing line, whatever the table and the details took. */
const CLOSING_RESERVE_BYTES = 1_000;
/** Lines whose UTF-8 size is counted as they are added, so the summary can stop before a limit. */
class Budget {
    limit;
    lines = [];
    bytes = 0;
    constructor(limit) {
        this.limit = limit;
    }
    /** Adds all the lines, or none when they would not fit. */
    add(...lines) {
        const size = lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8') + 1, 0);
        if (this.bytes + size > this.limit)
            return false;
        this.lines.push(...lines);
        this.bytes += size;
        return true;
    }
}
/**
 * The job summary, always under `maxBytes` (SUMMARY_MAX_BYTES): with many checks one compact
 * table and details only for unhealthy checks; rows and details that would not fit are left out,
 * worst checks first in, and a closing line says what was left out and where the full report is.
 */
function renderSummary(report, options = {}) {
    const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES;
    const out = new Budget(maxBytes - CLOSING_RESERVE_BYTES);
    const compact = report.checks.length >= COMPACT_FROM;
    out.add(`## ${STATUS_ICON[report.status]} OAuth credential health: ${report.status}`, '');
    if (report.checks.length > 1) {
        const count = (s) => report.checks.filter(c => c.status === s).length;
        out.add(`${count('failing')} failing · ${count('degraded')} degraded · ${count('healthy')} healthy`, '');
    }
    const ordered = sortForDisplay(report.checks);
    if (compact)
        out.add('| Check | Status | Verdict | Main finding |', '|---|---|---|---|');
    else
        out.add('| Check | Status | Auth | HTTP | Latency | Expires in | Main finding |', '|---|---|---|---|---|---|---|');
    let rowsLeftOut = 0;
    for (const c of ordered) {
        if (rowsLeftOut > 0 || !out.add(compact ? compactRow(c) : fullRow(c)))
            rowsLeftOut++;
    }
    const detailed = ordered.filter(c => (compact ? c.status !== 'healthy' : c.findings.length > 0));
    let detailsLeftOut = 0;
    for (const c of detailed) {
        if (detailsLeftOut > 0 || !out.add(...details(c, !compact)))
            detailsLeftOut++;
    }
    const appendix = options.appendix?.replace(/\n+$/, '') ?? '';
    const appendixLeftOut = appendix !== '' && !out.add(...appendix.split('\n'));
    const leftOut = [];
    if (rowsLeftOut > 0)
        leftOut.push(`${rowsLeftOut} table rows`);
    if (detailsLeftOut > 0)
        leftOut.push(`the details of ${detailsLeftOut} of ${detailed.length} checks ${compact ? 'that are not healthy' : 'with findings'}`);
    if (appendixLeftOut)
        leftOut.push('the working requests as code');
    if (compact) {
        const quiet = ordered.filter(c => c.status === 'healthy' && c.findings.length > 0).length;
        if (quiet > 0)
            leftOut.push(`the notices of ${quiet} healthy checks`);
        if (detailed.some(c => c.attempts.length > 0))
            leftOut.push('the attempts of each check');
    }
    const lines = out.lines;
    if (leftOut.length > 0) {
        const why = rowsLeftOut > 0 || detailsLeftOut > 0 || appendixLeftOut ? 'to stay under GitHub\'s 1 MiB limit for a step summary' : `with ${report.checks.length} checks`;
        lines.push('', `_Left out of this summary ${why}: ${leftOut.join('; ')}. The full report is in the file named by the \`report-file\` output; upload it with actions/upload-artifact to keep it._`);
    }
    return `${lines.join('\n')}\n`;
}
function fullRow(c) {
    const main = mainFinding(c);
    return (`| ${(0,src_text/* escapeSummary */.Gb)(c.name, 80)} | ${STATUS_ICON[c.status]} ${c.status} | ${placementText(c)} | ${c.httpStatus ?? '—'} | ` +
        `${c.latencyMs === null ? '—' : `${c.latencyMs} ms`} | ${formatDuration(c.expiresIn)} | ${main ? `\`${main.code}\`` : '—'} |`);
}
function compactRow(c) {
    const main = mainFinding(c);
    return `| ${(0,src_text/* escapeSummary */.Gb)(c.name, 80)} | ${STATUS_ICON[c.status]} ${c.status} | ${c.verdict} | ${main ? `\`${main.code}\`` : '—'} |`;
}
/** One check's section: facts, findings with their fixes and, when asked, the attempts table. */
function details(c, withAttempts) {
    const lines = [];
    lines.push('', `### ${STATUS_ICON[c.status]} ${(0,src_text/* escapeSummary */.Gb)(c.name, 80)}`, '');
    const facts = [`Token URL: ${(0,src_text/* escapeSummary */.Gb)(c.tokenUrl || '—', 200)}`, `verdict: **${c.verdict}**`];
    if (c.issuer)
        facts.push(`issuer: ${(0,src_text/* escapeSummary */.Gb)(c.issuer, 200)}`);
    if (c.apiEndpoint)
        facts.push(`API host: ${(0,src_text/* escapeSummary */.Gb)(c.apiEndpoint, 200)}`);
    if (c.probe)
        facts.push(`probe: ${c.probe.method} ${(0,src_text/* escapeSummary */.Gb)(c.probe.url, 200)} → ${c.probe.httpStatus === null ? 'no answer' : `HTTP ${c.probe.httpStatus}`}`);
    if (c.secretExpiresAt)
        facts.push(`secret expires: ${c.secretExpiresAt.slice(0, 10)} (${c.secretDaysLeft} days)`);
    lines.push(facts.join(' · '), '');
    for (const f of [...c.findings].sort(codes/* bySeverity */.Np)) {
        lines.push(`- ${SEVERITY_ICON[f.severity]} **\`${f.code}\`**: ${(0,src_text/* escapeSummary */.Gb)(f.message, 1000)}`);
        lines.push(`  <br>**Fix:** ${(0,src_text/* escapeSummary */.Gb)(f.hint, 1000)}`);
    }
    if (withAttempts && c.attempts.length > 0) {
        lines.push('', '<details><summary>Attempts</summary>', '');
        lines.push('| # | Sent as | Trimmed | HTTP | Outcome | Latency | Tries |', '|---|---|---|---|---|---|---|');
        c.attempts.forEach((a, i) => {
            const where = attemptWay(a);
            const outcome = a.error ? `${a.outcome}: ${a.error}` : a.outcome;
            lines.push(`| ${i + 1} | ${where} | ${a.trimmed ? 'yes' : 'no'} | ${a.httpStatus ?? '—'} | ${(0,src_text/* escapeSummary */.Gb)(outcome, 120)} | ${a.latencyMs} ms | ${a.tries} |`);
        });
        lines.push('', '</details>');
    }
    return lines;
}
/** One log line per check, safe to print with core.info. */
function logLine(check) {
    const main = mainFinding(check);
    const detail = main ? ` — ${main.code}: ${main.message}` : '';
    const api = check.apiEndpoint ? ` · API host ${check.apiEndpoint}` : '';
    return (0,src_text/* safeLogText */.Ht)(`${STATUS_ICON[check.status]} ${check.name}: ${check.status} (${check.verdict})${api}${detail}`, 1000);
}
/** The annotation for one finding: a title `<check>: <CODE>` and a message with the fix. */
function annotation(check, f) {
    return {
        title: (0,src_text/* safeLogText */.Ht)(`${check.name}: ${f.code}`, 200),
        message: (0,src_text/* safeLogText */.Ht)(`${f.message} Fix: ${f.hint}`, 2000)
    };
}

;// CONCATENATED MODULE: ./src/report/annotations.ts
// Which annotations a run prints, within GitHub's budget: the runner shows at most 10 error, 10
// warning and 10 notice annotations per step and drops the rest silently (actions/toolkit,
// docs/problem-matchers.md). Pure: main.ts prints what this returns.



/** GitHub's per-step limit for each of error, warning and notice. */
const ANNOTATIONS_PER_SEVERITY = 10;
/** From this many checks on, the notices that only recommend pinning a placement become one. */
const PLACEMENT_ROLLUP_AT = 3;
/** How many checks a roll-up or an "N more" annotation names before it only counts. */
const NAMES_SHOWN = 10;
const SEVERITIES = ['error', 'warning', 'notice'];
const PLURAL = { error: 'errors', warning: 'warnings', notice: 'notices' };
/** The annotation for one finding: a title `<check>: <CODE>` and a message with the fix. */
function annotationFor(check, f) {
    return { level: f.severity, ...annotation(check, f) };
}
/**
 * Per severity: while every finding of that severity fits in the budget, each gets its annotation
 * (a single check keeps all of its messages). Past the budget, each check gets one: its worst
 * finding of that severity, worst check first; the tenth then says how many more checks there are
 * and where they are listed. Placement notices of three or more checks become one notice first.
 */
function planAnnotations(checks, options) {
    const ordered = sortForDisplay(checks);
    const placement = ordered.filter(c => c.findings.some(f => f.code === 'AUTH_PLACEMENT_DETECTED'));
    const rollUp = placement.length >= PLACEMENT_ROLLUP_AT;
    const counted = (f) => !(rollUp && f.code === 'AUTH_PLACEMENT_DETECTED');
    const annotations = [];
    const leftOut = { error: 0, warning: 0, notice: 0 };
    for (const severity of SEVERITIES) {
        const perCheck = ordered
            .map(check => ({ check, findings: check.findings.filter(f => f.severity === severity && counted(f)) }))
            .filter(entry => entry.findings.length > 0);
        const rolled = severity === 'notice' && rollUp ? [placementRollUp(placement)] : [];
        const budget = Math.max(2, ANNOTATIONS_PER_SEVERITY - (options.reserved?.[severity] ?? 0) - rolled.length);
        // Counted before any text is built: with thousands of checks only the shown ones are rendered.
        if (perCheck.reduce((n, e) => n + e.findings.length, 0) <= budget) {
            annotations.push(...rolled, ...perCheck.flatMap(({ check, findings }) => findings.map(f => annotationFor(check, f))));
            continue;
        }
        const first = ({ check, findings }) => annotationFor(check, findings[0]);
        if (perCheck.length <= budget) {
            annotations.push(...rolled, ...perCheck.map(first));
            continue;
        }
        const rest = perCheck.slice(budget - 1).map(e => e.check);
        leftOut[severity] = rest.length;
        annotations.push(...rolled, ...perCheck.slice(0, budget - 1).map(first), moreAnnotation(severity, rest, options));
    }
    return { annotations, leftOut };
}
function moreAnnotation(severity, rest, options) {
    const codes = new Map();
    for (const check of rest) {
        for (const f of check.findings)
            if (f.severity === severity)
                codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    }
    const byCode = [...codes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, n]) => `${code} ×${n}`);
    const where = options.summary
        ? 'Every check is listed in the job summary; the full report is in the file named by the report-file output.'
        : 'Every check has a line in the step log; the full report is in the file named by the report-file output.';
    return {
        level: severity,
        title: (0,src_text/* safeLogText */.Ht)(`${rest.length} more checks with ${PLURAL[severity]}`, 200),
        message: (0,src_text/* safeLogText */.Ht)(`${rest.length} more checks have ${PLURAL[severity]} (${byCode.join(', ')}): ${names(rest)}. ` +
            `GitHub shows at most ${ANNOTATIONS_PER_SEVERITY} ${severity} annotations per step. ${where}`, 2000)
    };
}
function placementRollUp(checks) {
    const found = checks.map(c => {
        const where = c.placement === null ? '' : c.placement === 'header' && c.basicEncoding === 'raw' ? ' (header, raw)' : ` (${c.placement})`;
        return `${c.name}${where}`;
    });
    const shown = found.slice(0, NAMES_SHOWN).join(', ');
    const more = found.length > NAMES_SHOWN ? ` and ${found.length - NAMES_SHOWN} more` : '';
    return {
        level: 'notice',
        title: (0,src_text/* safeLogText */.Ht)(`${checks.length} checks: AUTH_PLACEMENT_DETECTED`, 200),
        message: (0,src_text/* safeLogText */.Ht)(`${checks.length} checks found where the server wants the credentials by trying: ${shown}${more}. ` +
            'Fix: pin auth-placement on each to the value that worked (the job summary shows it per check), so each check sends exactly what its application sends.', 2000)
    };
}
function names(checks) {
    const shown = checks.slice(0, NAMES_SHOWN).map(c => c.name).join(', ');
    return checks.length > NAMES_SHOWN ? `${shown} and ${checks.length - NAMES_SHOWN} more` : shown;
}

;// CONCATENATED MODULE: ./src/report/report.ts
// The run's report (the `report` output and report file) and the step outputs derived from it.


function buildReport(checks) {
    return { status: (0,codes/* worstStatus */.A4)(checks.map(c => c.status)), checks };
}
/**
 * The `report` output's budget in UTF-8 bytes. GitHub caps an output value near 1 MB; over this,
 * the output carries the compact report and the full one stays in the report file.
 */
const REPORT_OUTPUT_MAX_BYTES = 900_000;
/**
 * The JSON for the `report` output: the full report when it fits in `maxBytes`, else the compact
 * one (each check's name, status, verdict and codes), cut worst-first if even that does not fit.
 */
function reportOutput(report, maxBytes = REPORT_OUTPUT_MAX_BYTES) {
    // Measured piece by piece, stopping at the budget: 5,000 checks never become one 5 MB string here.
    let size = 0;
    for (const piece of reportJsonPieces(report)) {
        size += Buffer.byteLength(piece, 'utf8');
        if (size > maxBytes)
            break;
    }
    if (size <= maxBytes)
        return JSON.stringify(report);
    const count = (s) => report.checks.filter(c => c.status === s).length;
    const entries = report.checks.map(c => ({ name: c.name, status: c.status, verdict: c.verdict, codes: c.findings.map(f => f.code) }));
    const compactOf = (checks) => ({
        status: report.status,
        compact: true,
        fullReport: 'report-file',
        note: `The full report (${report.checks.length} checks) is over this output's ${maxBytes}-byte budget; it is in the file named by the report-file output.`,
        counts: { failing: count('failing'), degraded: count('degraded'), healthy: count('healthy') },
        checks,
        checksLeftOut: entries.length - checks.length
    });
    const all = JSON.stringify(compactOf(entries));
    if (Buffer.byteLength(all, 'utf8') <= maxBytes)
        return all;
    // Worst first, then as many as fit; the envelope is measured once with an empty list.
    const worst = [...entries].sort((a, b) => (0,codes/* compareStatus */.oA)(a.status, b.status));
    size = Buffer.byteLength(JSON.stringify(compactOf([])), 'utf8') + 16;
    const kept = [];
    for (const entry of worst) {
        const entrySize = Buffer.byteLength(JSON.stringify(entry), 'utf8') + 1;
        if (size + entrySize > maxBytes)
            break;
        size += entrySize;
        kept.push(entry);
    }
    return JSON.stringify(compactOf(kept));
}
/**
 * The report's JSON text in pieces of up to `checksPerPiece` checks: joined, they parse to the same
 * value as JSON.stringify(report), without holding thousands of checks as one string.
 */
function* reportJsonPieces(report, checksPerPiece = 100) {
    const { checks, ...rest } = report;
    const head = JSON.stringify(rest);
    yield `${head.slice(0, -1)}${head === '{}' ? '' : ','}"checks":[`;
    for (let i = 0; i < checks.length; i += checksPerPiece) {
        yield `${i > 0 ? ',' : ''}${checks
            .slice(i, i + checksPerPiece)
            .map(c => JSON.stringify(c))
            .join(',')}`;
    }
    yield ']}';
}
/** How many failing checks the failure message names before it only counts. */
const FAILURE_NAMES_SHOWN = 10;
/** The step's failure message: at most FAILURE_NAMES_SHOWN checks by name, worst first, and a count of the rest. */
function failureMessage(report, failOn) {
    const notHealthy = [...report.checks].filter(c => c.status !== 'healthy').sort((a, b) => (0,codes/* compareStatus */.oA)(a.status, b.status));
    const named = notHealthy.slice(0, FAILURE_NAMES_SHOWN).map(c => (0,src_text/* safeLogText */.Ht)(c.name, 100));
    const rest = notHealthy.length - named.length;
    const list = rest > 0 ? `${named.join(', ')} and ${rest} more (all in the job summary and the report-file)` : named.join(', ');
    return (0,src_text/* safeLogText */.Ht)(`OAuth credential check ${report.status}: ${list} (fail-on: ${failOn}).`, 3000);
}
/**
 * Step outputs. The single-check conveniences (placement, http-status, …) describe the one check;
 * `access-token` is set only when exporting was asked for.
 */
function outputsFor(report, accessToken) {
    const check = report.checks.length === 1 ? report.checks[0] : undefined;
    const text = (v) => (v === null || v === undefined ? '' : String(v));
    const outputs = {
        status: report.status,
        report: reportOutput(report),
        placement: text(check?.placement),
        'http-status': text(check?.httpStatus),
        'expires-in': text(check?.expiresIn),
        scope: text(check?.scope),
        'latency-ms': text(check?.latencyMs),
        'api-endpoint': text(check?.apiEndpoint)
    };
    if (accessToken !== undefined)
        outputs['access-token'] = accessToken;
    return outputs;
}
/** Whether the step fails: input errors always do; otherwise `fail-on` decides. */
function shouldFail(report, failOn) {
    const inputError = report.checks.some(c => c.findings.some(f => (0,codes/* inGroup */.HB)(f.code, 'input')));
    if (inputError)
        return true;
    if (failOn === 'never')
        return false;
    return report.status === 'failing' || (failOn === 'warning' && report.status === 'degraded');
}

;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/buffer_utils.js
const encoder = new TextEncoder(), decoder = new TextDecoder(), buffer_utils_strictDecoder = new TextDecoder("utf-8", { fatal: !0 }), UINT32_RANGE = (/* unused pure expression or super */ null && (2 ** 32));
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
function writeUInt32BE(buf, value, offset) {
  if (value < 0 || value >= UINT32_RANGE)
    throw new RangeError(`value must be >= 0 and <= ${UINT32_RANGE - 1}. Received ${value}`);
  buf.set([value >>> 24, value >>> 16, value >>> 8, value & 255], offset);
}
function uint64be(value) {
  const high = Math.floor(value / UINT32_RANGE), low = value % UINT32_RANGE, buf = new Uint8Array(8);
  return writeUInt32BE(buf, high, 0), writeUInt32BE(buf, low, 4), buf;
}
function uint32be(value) {
  const buf = new Uint8Array(4);
  return writeUInt32BE(buf, value), buf;
}
const NON_ASCII = /[^\x00-\x7f]/;
function buffer_utils_encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
function encodeBase64(input, url = !1) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
}
function decodeBase64(encoded, url = !1) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
async function digest(algorithm, data) {
  const subtleDigest = `SHA-${algorithm.slice(-3)}`;
  return new Uint8Array(await crypto.subtle.digest(subtleDigest, data));
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/base64url.js

const invalid = "The input to be decoded is not correctly encoded.";
function base64url_decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), !0);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}
function base64url_encode(input) {
  return encodeBase64(typeof input == "string" ? encoder.encode(input) : input, !0);
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/errors.js
class JOSEError extends Error {
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message, options) {
    super(message, options), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
}
class errors_JWTClaimValidationFailed extends JOSEError {
  static code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  code = "ERR_JWT_CLAIM_VALIDATION_FAILED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class errors_JWTExpired extends JOSEError {
  static code = "ERR_JWT_EXPIRED";
  code = "ERR_JWT_EXPIRED";
  claim;
  reason;
  payload;
  constructor(message, payload, claim = "unspecified", reason = "unspecified") {
    super(message, { cause: { claim, reason, payload } }), this.claim = claim, this.reason = reason, this.payload = payload;
  }
}
class JOSEAlgNotAllowed extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JOSE_ALG_NOT_ALLOWED"));
  code = "ERR_JOSE_ALG_NOT_ALLOWED";
}
class JOSENotSupported extends JOSEError {
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
}
class JWEDecryptionFailed extends JOSEError {
  static code = "ERR_JWE_DECRYPTION_FAILED";
  code = "ERR_JWE_DECRYPTION_FAILED";
  constructor(message = "decryption operation failed", options) {
    super(message, options);
  }
}
class JWEInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWE_INVALID"));
  code = "ERR_JWE_INVALID";
}
class JWSInvalid extends JOSEError {
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
}
class errors_JWTInvalid extends JOSEError {
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
}
class JWKInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWK_INVALID"));
  code = "ERR_JWK_INVALID";
}
class JWKSInvalid extends (/* unused pure expression or super */ null && (JOSEError)) {
  static code = (/* unused pure expression or super */ null && ("ERR_JWKS_INVALID"));
  code = "ERR_JWKS_INVALID";
}
class JWKSNoMatchingKey extends JOSEError {
  static code = "ERR_JWKS_NO_MATCHING_KEY";
  code = "ERR_JWKS_NO_MATCHING_KEY";
  constructor(message = "no applicable key found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSMultipleMatchingKeys extends JOSEError {
  [Symbol.asyncIterator] = async function* () {
  };
  static code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  code = "ERR_JWKS_MULTIPLE_MATCHING_KEYS";
  constructor(message = "multiple matching keys found in the JSON Web Key Set", options) {
    super(message, options);
  }
}
class JWKSTimeout extends JOSEError {
  static code = "ERR_JWKS_TIMEOUT";
  code = "ERR_JWKS_TIMEOUT";
  constructor(message = "request timed out", options) {
    super(message, options);
  }
}
class JWSSignatureVerificationFailed extends JOSEError {
  static code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  code = "ERR_JWS_SIGNATURE_VERIFICATION_FAILED";
  constructor(message = "signature verification failed", options) {
    super(message, options);
  }
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_algorithms.js


const sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: !0, subtle, signing: subtle, usages: sig };
}
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
const JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/validate.js



function assertUint8Array(input, label) {
  if (!(input instanceof Uint8Array))
    throw new TypeError(`${label} must be an instance of Uint8Array`);
}
function validate_isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return !1;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
function isJwkSet(input) {
  return validate_isObject(input) && Array.isArray(input.keys) && Array.from(input.keys).every(validate_isObject);
}
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return !1;
        parameters.add(parameter);
      }
  return !0;
}
function assertNotSet(value, name) {
  if (value !== void 0)
    throw new TypeError(`${name} can only be called once`);
}
function decodeBase64url(value, label, ErrorClass) {
  try {
    return decode(value);
  } catch (cause) {
    throw new ErrorClass(`Failed to base64url decode the ${label}`, { cause });
  }
}
function encodeAsciiMember(value, label, ErrorClass) {
  try {
    return encode(value);
  } catch (cause) {
    throw new ErrorClass(`The ${label} is not a valid base64url string`, { cause });
  }
}
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message, { cause });
  }
  if (!validate_isObject(parsed))
    throw new ErrorClass(message);
  return parsed;
}
const JWS_RECOGNIZED = { __proto__: null, b64: !0 }, JWE_RECOGNIZED = { __proto__: null };
function validateAlgorithms(option, algorithms) {
  if (algorithms !== void 0 && (!Array.isArray(algorithms) || algorithms.some((s) => typeof s != "string")))
    throw new TypeError(`"${option}" option must be an array of strings`);
  return algorithms === void 0 ? void 0 : new Set(algorithms);
}
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
}
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return !0;
}
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!validate_isObject(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/key.js



const tag = (key) => key[Symbol.toStringTag], jwkMatchesOp = (entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.kty === "AKP" && key.alg === void 0)
    throw new TypeError('missing "alg" (Algorithm) Parameter value');
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
};
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (validate_isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return base64url_decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
let cache;
const nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
function assertCryptoKey(key) {
  if (!isCryptoKey(key))
    throw new Error("CryptoKey instance expected");
}
const isCryptoKey = (key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return !0;
  try {
    return key instanceof CryptoKey;
  } catch {
    return !1;
  }
}, isKeyObject = (key) => key?.[Symbol.toStringTag] === "KeyObject", isKeyLike = (key) => isCryptoKey(key) || isKeyObject(key);
function key_message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
const invalidKeyInput = (actual, ...types) => key_message("Key must be ", actual, ...types);
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(key_message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
const unusable = (name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`);
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
function validateExtractableOption(extractable) {
  if (extractable !== void 0 && typeof extractable != "boolean")
    throw new TypeError('"extractable" option must be a boolean');
  return extractable;
}
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
async function rawKey(key, expected, usage, extractable = !1) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jws_sign.js






async function createSignature(input, key, rejectUnencoded) {
  let [payload, protectedHeader, unprotectedHeader, crit] = input, encodedProtectedHeader = "";
  if (protectedHeader !== void 0) {
    const normalized = serializeJoseHeader(JWSInvalid, protectedHeader);
    protectedHeader = normalized[0], encodedProtectedHeader = base64url_encode(normalized[1]);
  }
  if (unprotectedHeader !== void 0 && (unprotectedHeader = serializeJoseHeader(JWSInvalid, unprotectedHeader)[0]), !protectedHeader && !unprotectedHeader)
    throw new JWSInvalid("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
  if (!isDisjoint(protectedHeader, unprotectedHeader))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...unprotectedHeader };
  validateCritDuplicates(JWSInvalid, protectedHeader);
  const b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, crit, protectedHeader, joseHeader));
  b64 || rejectUnencoded?.();
  const { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const entry = jwsAlgorithm(alg);
  let encodedPayload = "", signingPayload = payload, signingInput;
  if (b64) {
    const encodedPayloadCache = input[4];
    encodedPayloadCache ? (encodedPayload = encodedPayloadCache[0] ??= base64url_encode(payload), signingPayload = encodedPayloadCache[1] ??= buffer_utils_encode(encodedPayload)) : (encodedPayload = base64url_encode(payload), signingInput = encoder.encode(`${encodedProtectedHeader}.${encodedPayload}`));
  }
  signingInput ??= concat(buffer_utils_encode(encodedProtectedHeader), buffer_utils_encode("."), signingPayload);
  const signingKey = await rawKey(await prepareKey(entry, key, "sign"), entry.subtle, "sign");
  entry.minRsaBits && checkModulusLength(entry.alg, signingKey);
  const jws = {
    signature: base64url_encode(new Uint8Array(await crypto.subtle.sign(entry.signing, signingKey, signingInput))),
    payload: encodedPayload
  };
  return protectedHeader && (jws.protected = encodedProtectedHeader), unprotectedHeader && (jws.header = unprotectedHeader), [jws, b64];
}
async function createCompactSignature(payload, protectedHeader, crit, key, rejectUnencoded) {
  const [jws] = await createSignature([payload, protectedHeader, void 0, crit], key, rejectUnencoded);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/lib/jwt_claims_set.js



const epoch = (date) => Math.floor(date.getTime() / 1e3), multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
}, REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i, checkFailed = "check_failed";
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4]?.toLowerCase() === "ago" ? -durationSeconds : durationSeconds;
}
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
function validateStringClaim(claim, value) {
  if (typeof value != "string")
    throw new TypeError(`"${claim}" claim must be a string`);
}
function validateAudienceClaim(value) {
  if (typeof value != "string" && (!Array.isArray(value) || Array.from(value).some((member) => typeof member != "string")))
    throw new TypeError('"aud" claim must be a string or an array of strings');
}
function numericDate(value, label) {
  return typeof value == "number" ? validateInput(label, value) : value instanceof Date ? validateInput(label, epoch(value)) : epoch(/* @__PURE__ */ new Date()) + secs(value);
}
const normalizeTyp = (value) => {
  const normalized = value.toLowerCase();
  return value.includes("/") ? normalized : `application/${normalized}`;
}, checkAudiencePresence = (audPayload, audOption) => typeof audPayload == "string" ? audOption.includes(audPayload) : Array.isArray(audPayload) ? audOption.some((aud) => audPayload.includes(aud)) : !1;
function validateNumericDate(claimsSet, claim, required = !1) {
  const value = claimsSet[claim];
  if (!(value === void 0 && !required)) {
    if (typeof value != "number")
      throw new JWTClaimValidationFailed(`"${claim}" claim must be a number`, claimsSet, claim, "invalid");
    return value;
  }
}
function unexpectedClaim(claimsSet, claim) {
  throw new JWTClaimValidationFailed(`unexpected "${claim}" claim value`, claimsSet, claim, checkFailed);
}
function validateClaimsSet(protectedHeader, claimsSetBytes, options = {}) {
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const { typ } = options;
  if (typ !== void 0 && (typeof protectedHeader.typ != "string" || normalizeTyp(protectedHeader.typ) !== normalizeTyp(typ)))
    throw new JWTClaimValidationFailed('unexpected "typ" JWT header value', claimsSet, "typ", checkFailed);
  const { requiredClaims = [], issuer, subject, audience, maxTokenAge } = options, presenceCheck = [...requiredClaims];
  maxTokenAge !== void 0 && presenceCheck.push("iat"), audience !== void 0 && presenceCheck.push("aud"), subject !== void 0 && presenceCheck.push("sub"), issuer !== void 0 && presenceCheck.push("iss");
  for (const claim of new Set(presenceCheck.reverse()))
    if (!Object.hasOwn(claimsSet, claim))
      throw new JWTClaimValidationFailed(`missing required "${claim}" claim`, claimsSet, claim, "missing");
  issuer !== void 0 && !(Array.isArray(issuer) ? issuer : [issuer]).includes(claimsSet.iss) && unexpectedClaim(claimsSet, "iss"), subject !== void 0 && claimsSet.sub !== subject && unexpectedClaim(claimsSet, "sub"), audience !== void 0 && !checkAudiencePresence(claimsSet.aud, typeof audience == "string" ? [audience] : audience) && unexpectedClaim(claimsSet, "aud");
  const { clockTolerance } = options;
  let tolerance = 0;
  if (typeof clockTolerance == "string")
    tolerance = secs(clockTolerance);
  else if (clockTolerance !== void 0) {
    if (typeof clockTolerance != "number")
      throw new TypeError("Invalid clockTolerance option type");
    tolerance = clockTolerance;
  }
  if (validateInput("clockTolerance option", tolerance), tolerance < 0)
    throw new TypeError("Invalid clockTolerance option input");
  const { currentDate } = options, now = validateInput("currentDate option", epoch(currentDate === void 0 ? /* @__PURE__ */ new Date() : currentDate)), iat = validateNumericDate(claimsSet, "iat", maxTokenAge !== void 0), nbf = validateNumericDate(claimsSet, "nbf");
  if (nbf !== void 0 && nbf > now + tolerance)
    throw new JWTClaimValidationFailed('"nbf" claim timestamp check failed', claimsSet, "nbf", checkFailed);
  const exp = validateNumericDate(claimsSet, "exp");
  if (exp !== void 0 && exp <= now - tolerance)
    throw new JWTExpired('"exp" claim timestamp check failed', claimsSet, "exp", checkFailed);
  if (maxTokenAge !== void 0) {
    const age = now - iat, max = validateInput("maxTokenAge option", typeof maxTokenAge == "number" ? maxTokenAge : secs(maxTokenAge));
    if (max < 0)
      throw new TypeError("Invalid maxTokenAge option input");
    if (age - tolerance > max)
      throw new JWTExpired('"iat" claim timestamp check failed (too far in the past)', claimsSet, "iat", checkFailed);
    if (age < -tolerance)
      throw new JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claimsSet, "iat", checkFailed);
  }
  return claimsSet;
}
let producerClaimsSets;
function producerClaimsSet(producer) {
  return producerClaimsSets.get(producer);
}
function jwtClaimsSetBytes(producer) {
  const claimsSet = producerClaimsSet(producer);
  for (const claim of ["iat", "nbf", "exp"]) {
    const value = claimsSet[claim];
    if (typeof value == "number" && !Number.isFinite(value))
      throw new TypeError(`"${claim}" claim must be a finite number`);
  }
  return encoder.encode(JSON.stringify(claimsSet));
}
function jwtClaim(producer, claim) {
  return producerClaimsSet(producer)[claim];
}
class JWTClaimsBuilder {
  constructor(claimsSet = {}) {
    if (!validate_isObject(claimsSet))
      throw new TypeError("JWT Claims Set MUST be an object");
    (producerClaimsSets ||= /* @__PURE__ */ new WeakMap()).set(this, structuredClone(claimsSet));
  }
  setIssuer(value) {
    return validateStringClaim("iss", value), producerClaimsSet(this).iss = value, this;
  }
  setSubject(value) {
    return validateStringClaim("sub", value), producerClaimsSet(this).sub = value, this;
  }
  setAudience(value) {
    return validateAudienceClaim(value), producerClaimsSet(this).aud = value, this;
  }
  setJti(value) {
    return validateStringClaim("jti", value), producerClaimsSet(this).jti = value, this;
  }
  setNotBefore(value) {
    return producerClaimsSet(this).nbf = numericDate(value, "setNotBefore"), this;
  }
  setExpirationTime(value) {
    return producerClaimsSet(this).exp = numericDate(value, "setExpirationTime"), this;
  }
  setIssuedAt(value) {
    const claimsSet = producerClaimsSet(this);
    return value === void 0 ? claimsSet.iat = epoch(/* @__PURE__ */ new Date()) : typeof value == "string" ? claimsSet.iat = validateInput("setIssuedAt", epoch(/* @__PURE__ */ new Date()) + secs(value)) : claimsSet.iat = numericDate(value, "setIssuedAt"), this;
  }
}


;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/jwt/sign.js




const SignJWT_base = JWTClaimsBuilder;
class SignJWT extends SignJWT_base {
  #protectedHeader;
  setProtectedHeader(protectedHeader) {
    return assertNotSet(this.#protectedHeader, "setProtectedHeader"), this.#protectedHeader = protectedHeader, this;
  }
  async sign(key, options) {
    return createCompactSignature(jwtClaimsSetBytes(this), this.#protectedHeader, options?.crit, key, () => {
      throw new errors_JWTInvalid("JWTs MUST NOT use unencoded payload");
    });
  }
}


;// CONCATENATED MODULE: ./src/exchange/request.ts
// A token request before it is sent: where it goes, its headers and its form parameters. The grant
// fills in what is asked for; the client authentication method adds who is asking.
/** The body as sent: application/x-www-form-urlencoded (RFC 6749 Appendix B). */
function request_formBody(request) {
    return new URLSearchParams(request.params.map(([k, v]) => [k, v])).toString();
}
function withParams(request, ...params) {
    return { ...request, params: [...request.params, ...params] };
}
function withHeader(request, name, value) {
    return { ...request, headers: { ...request.headers, [name]: value } };
}

;// CONCATENATED MODULE: ./src/spec.ts
// What one check is asked to do, after the inputs were read and parsed: keys and certificates are
// parsed objects, the endpoint is a union, and nothing optional is an empty-string sentinel.
/** The token URL as configured, before discovery or region detection ('' when it is to be found). */
function spec_configuredTokenUrl(spec) {
    return spec.endpoint.kind === 'regions' ? '' : (spec.endpoint.tokenUrl ?? '');
}
/** The issuer, when discovery was asked for. */
function issuerOf(spec) {
    return spec.endpoint.kind === 'discover' ? spec.endpoint.issuer : null;
}

;// CONCATENATED MODULE: ./src/client-auth/key-based.ts
// What attempts with a key prove (client assertions and mutual TLS alike): accepted only with
// another `aud`, rejected (with the causes the method names), or a failure passed through. Pure.

function keyAttempt(a) {
    const r = a.result;
    return {
        audience: 'audience' in a.plan ? a.plan.audience : null,
        httpStatus: a.httpStatus,
        result: r.kind === 'rejected' ? { kind: 'rejected', error: r.error?.error ?? r.shape } : r.kind === 'failed' ? r : { kind: 'token' }
    };
}
/** The server's clock minus ours, from the latest rejection that carried a Date header. */
function skewOf(attempts) {
    return attempts.filter(a => a.result.kind === 'rejected' && a.skewS !== undefined).at(-1)?.skewS;
}
/** `aud https://… → HTTP 401 invalid_client; …`, for hints. */
function describeKeyAttempts(spec, attempts) {
    return attempts
        .map(a => {
        const what = a.audience === null ? spec.clientAuth.method : `aud ${a.audience}`;
        const status = a.httpStatus === undefined ? 'no answer' : `HTTP ${a.httpStatus}`;
        const outcome = a.result.kind === 'failed' ? a.result.finding.code : a.result.kind === 'rejected' ? (a.result.error ?? 'rejected') : 'token issued';
        return `${what} → ${status} ${outcome}`;
    })
        .join('; ');
}
/**
 * What assertion and mTLS attempts prove. `skewS` is the server clock minus ours, from the Date
 * header of a rejection, when it is known.
 */
function concludeKeyAuth(spec, attempts, skewS) {
    const first = attempts[0];
    const last = attempts.at(-1);
    if (!first || !last)
        return [];
    const tried = describeKeyAttempts(spec, attempts);
    if (last.result.kind === 'failed')
        return [last.result.finding];
    if (last.result.kind === 'token') {
        if (attempts.length === 1)
            return [];
        return [
            (0,codes/* finding */.gk)('ASSERTION_AUDIENCE_MISMATCH', `The server rejected the client assertion with aud ${first.audience ?? '?'} and accepted it with aud ${last.audience ?? '?'}.`, `Set assertion-audience: ${last.audience ?? ''} (and use that aud in the application's assertions). Attempts: ${tried}.`)
        ];
    }
    return [
        (0,codes/* finding */.gk)('INVALID_CLIENT', `The token endpoint rejected the ${spec.clientAuth.method} client authentication (HTTP ${first.httpStatus ?? '?'}${first.result.kind === 'rejected' && first.result.error ? ` ${first.result.error}` : ''}).`, `${skewSentence(skewS)}Check that ${rejectionCauses(spec, attempts).join('; that ')}. Tried: ${tried}.`)
    ];
}
/** The runner's clock against the server's (its Date header), when they differ enough to matter. */
function skewSentence(skewS) {
    if (skewS === undefined || Math.abs(skewS) <= 30)
        return '';
    return `The runner's clock differs from the server's by ${Math.round(skewS)} s (its Date header), so the assertion's iat and exp look ${skewS > 0 ? 'old' : 'in the future'} to the server. `;
}
/** What the user can check when the server refused the key, as clauses after "Check that …". */
function rejectionCauses(spec, attempts) {
    const auth = spec.clientAuth;
    if (auth.method === 'tls_client_auth' || auth.method === 'self_signed_tls_client_auth') {
        return [
            'the certificate is the one registered for the client (tls_client_auth: its subject DN or SAN as registered; self_signed_tls_client_auth: the certificate in the client\'s JWKS)',
            'the server (or its TLS terminator) trusts the certificate\'s CA and passes the certificate on',
            'token-url is the mTLS endpoint (mtls_endpoint_aliases in the metadata)'
        ];
    }
    const causes = [];
    if (auth.method === 'private_key_jwt') {
        causes.push(`the server knows the public key of private-key for this client (in its registered JWKS)${auth.keyId ? ` under kid "${auth.keyId}"` : ', and set key-id if that JWKS holds several keys'}`);
    }
    else if (auth.method === 'client_secret_jwt') {
        causes.push('client-secret is the client\'s secret, which signs the assertion as the HMAC key');
    }
    const alg = auth.method === 'private_key_jwt' || auth.method === 'client_secret_jwt' ? auth.signingAlg : '';
    causes.push(`the server allows ${alg} for client assertions`, `the aud is what the server expects (tried: ${attempts.map(a => a.audience).join(', ')})`);
    return causes;
}

;// CONCATENATED MODULE: ./src/client-auth/assertion.ts
// client_secret_jwt and private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): a signed JWT
// client assertion, one per attempt (each is single-use and masked before it is sent). When
// diagnosing, a rejected assertion is tried once more with the other plausible `aud`.





const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Short-lived on purpose: an assertion is single-use (RFC 7523 §3, item 4). */
const ASSERTION_LIFETIME_S = 60;
function assertionAuth(spec) {
    const auth = spec.clientAuth;
    if (auth.method !== 'client_secret_jwt' && auth.method !== 'private_key_jwt')
        throw new Error(`not an assertion method: ${auth.method}`);
    return auth;
}
/** RFC 7523 §3 claims: iss = sub = client_id, aud, a random jti, iat, and a short exp. */
function assertionClaims(clientId, audience, nowS, jti) {
    return { iss: clientId, sub: clientId, aud: audience, jti, iat: nowS, exp: nowS + ASSERTION_LIFETIME_S };
}
async function signAssertion(spec, audience, nowS) {
    const auth = assertionAuth(spec);
    const claims = assertionClaims(spec.clientId.trim(), audience, nowS, (0,external_node_crypto_namespaceObject.randomUUID)());
    const key = auth.method === 'client_secret_jwt' ? (0,external_node_crypto_namespaceObject.createSecretKey)(Buffer.from(spec.clientSecret, 'utf8')) : auth.key.key;
    const header = { alg: auth.signingAlg };
    if (auth.keyId)
        header.kid = auth.keyId;
    return new SignJWT(claims).setProtectedHeader(header).sign(key);
}
/** The token request for an assertion (client_id is optional in RFC 7523; most servers want it). */
function buildAssertionRequest(spec, assertion, base) {
    return withParams(base, ['client_id', spec.clientId.trim()], ['client_assertion_type', ASSERTION_TYPE], ['client_assertion', assertion]);
}
/** The `aud` values to try: the configured one (default: the token endpoint), then, when diagnosing, the issuer. */
function assertionAudiences(spec, issuer, tokenUrl = spec_configuredTokenUrl(spec)) {
    const configured = assertionAuth(spec).assertionAudience;
    const primary = configured ?? tokenUrl;
    if (!spec.diagnose)
        return [primary];
    const alternative = configured !== null ? tokenUrl : (issuer ?? new URL(tokenUrl).origin);
    return [...new Set([primary, alternative])];
}
const clientAssertion = {
    family: 'private_key_jwt',
    next: (spec, attempts, ctx) => {
        const last = attempts.at(-1);
        if (last && last.result.kind !== 'rejected')
            return undefined;
        const audience = assertionAudiences(spec, ctx.issuer, ctx.tokenUrl).find(aud => !attempts.some(a => a.plan.audience === aud));
        return audience === undefined ? undefined : { family: assertionAuth(spec).method, audience };
    },
    authenticate: async (spec, plan, request, ctx) => {
        const assertion = await signAssertion(spec, plan.audience, ctx.nowS());
        ctx.secret(assertion);
        return buildAssertionRequest(spec, assertion, request);
    },
    conclude: (spec, attempts) => concludeKeyAuth(spec, attempts.map(keyAttempt), skewOf(attempts)),
    describe: (spec, attempts) => describeKeyAttempts(spec, attempts.map(keyAttempt)),
    methodName: spec => assertionAuth(spec).method
};

;// CONCATENATED MODULE: ./src/report/snippet.ts
// The request that worked, as code the user can paste: a curl command and a fetch snippet. Pure.
// Credentials appear only as placeholders ($CLIENT_ID, $CLIENT_SECRET, …): never a secret, a
// client assertion or a token. Every other value passes through text.ts (one line, redacted).




/** Form fields whose value is a credential, whatever a grant calls them: placeholders only. */
/** An extra parameter whose name says it holds a credential is shown as a placeholder, whatever its value. */
const SECRET_LOOKING_PARAM = /secret|passw|token|assertion|api[_-]?key|^key$/i;
/** A shell- and JS-safe variable name for a parameter. */
const envName = (name) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_').replace(/^(?=\d)/, '_');
const CREDENTIAL_PARAMS = {
    client_secret: 'CLIENT_SECRET',
    client_assertion: 'CLIENT_ASSERTION',
    password: 'OAUTH_PASSWORD',
    username: 'OAUTH_USERNAME',
    refresh_token: 'REFRESH_TOKEN',
    assertion: 'ASSERTION'
};
/**
 * The request that obtained a token for this check, or undefined when none did. `secrets` are the
 * credential forms known to the check: a field whose value is one of them becomes a placeholder.
 */
function workingRequest(spec, result, secrets) {
    const winner = result.attempts.find(a => a.outcome === 'token');
    if (!winner || result.tokenUrl === '')
        return undefined;
    const auth = authOf(spec, winner);
    if (!auth)
        return undefined;
    const known = new Set(secrets.filter(s => s.trim() !== ''));
    const grant = grantFor(spec);
    // The grant's own credentials (the password grant's username and password) by value: the
    // placeholder is the command line's variable for that input, OAUTH_<INPUT>.
    const grantCredential = new Map(grant.credentials(spec).map(c => [c.value, `OAUTH_${c.input.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]));
    const params = grant
        .params(spec, false)
        .map(([name, value]) => {
        const placeholder = grantCredential.get(value) ??
            CREDENTIAL_PARAMS[name] ??
            (known.has(value) || SECRET_LOOKING_PARAM.test(name) ? envName(name) : undefined);
        return [name, placeholder ? { env: placeholder } : { literal: (0,src_text/* cleanServerText */.Ct)((0,src_text/* redact */.E$)(value, secrets), 2000) }];
    });
    const url = (0,src_text/* cleanServerText */.Ct)((0,src_text/* redact */.E$)(result.tokenUrl, secrets), 2000);
    return { name: result.name, url, auth, params, trimmed: winner.trimmed, privateCa: spec.caCert !== null };
}
function authOf(spec, winner) {
    switch (winner.authMethod) {
        case 'client_secret_basic':
            return { kind: 'basic', encoding: winner.basicEncoding ?? 'form', encodingMatters: encodingMatters(spec.clientId.trim(), spec.clientSecret.trim()) };
        case 'client_secret_post':
            return { kind: 'body' };
        case 'client_secret_jwt':
        case 'private_key_jwt':
            return { kind: 'assertion', method: winner.authMethod, audience: (0,src_text/* cleanServerText */.Ct)(winner.audience ?? '', 2000) };
        case 'tls_client_auth':
        case 'self_signed_tls_client_auth':
            return { kind: 'mtls' };
        default:
            return undefined;
    }
}
/** POSIX shell single quotes: nothing inside is expanded. */
function shellQuote(text) {
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
function shellField(name, value) {
    if (!('env' in value))
        return shellQuote(`${name}=${value.literal}`);
    // A name with anything but plain characters is single-quoted: it must not expand in the shell.
    return /^[A-Za-z0-9_.-]+$/.test(name) ? `"${name}=$${value.env}"` : `${shellQuote(`${name}=`)}"$${value.env}"`;
}
function jsValue(value) {
    return 'env' in value ? `process.env.${value.env}` : JSON.stringify(value.literal);
}
/** Every placeholder the snippets use, in order: what the user must set before running them. */
function placeholders(w) {
    const names = ['CLIENT_ID'];
    if (w.auth.kind === 'basic' || w.auth.kind === 'body')
        names.push('CLIENT_SECRET');
    if (w.auth.kind === 'assertion')
        names.push('CLIENT_ASSERTION');
    if (w.auth.kind === 'mtls')
        names.push('CLIENT_CERT_FILE', 'CLIENT_KEY_FILE');
    for (const [, value] of w.params)
        if ('env' in value && !names.includes(value.env))
            names.push(value.env);
    if (w.privateCa)
        names.push('CA_CERT_FILE');
    return names;
}
/** Form fields the client authentication adds to the body. */
function authFields(auth) {
    switch (auth.kind) {
        case 'body':
            return [
                ['client_id', { env: 'CLIENT_ID' }],
                ['client_secret', { env: 'CLIENT_SECRET' }]
            ];
        case 'assertion':
            return [
                ['client_id', { env: 'CLIENT_ID' }],
                ['client_assertion_type', { literal: ASSERTION_TYPE }],
                ['client_assertion', { env: 'CLIENT_ASSERTION' }]
            ];
        case 'mtls':
            return [['client_id', { env: 'CLIENT_ID' }]];
        case 'basic':
            return [];
    }
}
function notes(w) {
    const out = [];
    if (w.trimmed)
        out.push('The stored value has surrounding whitespace: store and send it trimmed.');
    const auth = w.auth;
    if (auth.kind === 'basic' && auth.encoding === 'raw') {
        out.push('This server reads the Basic value raw: id:secret without form-encoding (RFC 6749 §2.3.1 says to form-encode).');
    }
    else if (auth.kind === 'basic' && auth.encodingMatters) {
        out.push('RFC 6749 §2.3.1: form-encode id and secret before base64; curl -u would send them raw.');
    }
    if (w.privateCa)
        out.push('CA_CERT_FILE: the private CA certificate (PEM) the check trusted (ca-cert).');
    if (auth.kind === 'assertion') {
        out.push(`CLIENT_ASSERTION: a fresh ${auth.method === 'private_key_jwt' ? 'private-key' : 'HS256 client-secret'} signed JWT per request (RFC 7523): iss = sub = client id, aud = ${auth.audience}, a unique jti, exp within minutes.`);
    }
    return out;
}
function curlSnippet(w) {
    const lines = [...notes(w).map(n => `# ${n}`)];
    const args = [`curl --fail-with-body -sS -X POST ${shellQuote(w.url)}`];
    const auth = w.auth;
    if (auth.kind === 'basic' && auth.encoding === 'form' && auth.encodingMatters) {
        lines.push(`BASIC=$(printf '%s:%s' "$(jq -rn 'env.CLIENT_ID|@uri')" "$(jq -rn 'env.CLIENT_SECRET|@uri')" | base64 | tr -d '\\n')`);
        args.push('-H "Authorization: Basic $BASIC"');
    }
    else if (auth.kind === 'basic') {
        args.push('-u "$CLIENT_ID:$CLIENT_SECRET"');
    }
    else if (auth.kind === 'mtls') {
        args.push('--cert "$CLIENT_CERT_FILE" --key "$CLIENT_KEY_FILE"');
    }
    if (w.privateCa)
        args.push('--cacert "$CA_CERT_FILE"');
    args.push(`-H 'Accept: application/json'`);
    for (const [name, value] of [...w.params, ...authFields(auth)])
        args.push(`--data-urlencode ${shellField(name, value)}`);
    lines.push(args.join(' \\\n  '));
    return lines.join('\n');
}
function fetchSnippet(w) {
    const lines = [...notes(w).map(n => `// ${n}`)];
    const auth = w.auth;
    const headers = [`'Content-Type': 'application/x-www-form-urlencoded'`, `Accept: 'application/json'`];
    if (auth.kind === 'basic' && auth.encoding === 'form') {
        lines.push(`const form = value => new URLSearchParams([['', value]]).toString().slice(1)`);
        headers.push('Authorization: `Basic ${Buffer.from(`${form(process.env.CLIENT_ID)}:${form(process.env.CLIENT_SECRET)}`).toString(\'base64\')}`');
    }
    else if (auth.kind === 'basic') {
        headers.push('Authorization: `Basic ${Buffer.from(`${process.env.CLIENT_ID}:${process.env.CLIENT_SECRET}`).toString(\'base64\')}`');
    }
    if (w.privateCa)
        lines.push(`// Node trusts the private CA when started with NODE_EXTRA_CA_CERTS="$CA_CERT_FILE".`);
    if (auth.kind === 'mtls') {
        lines.push(`// Node's fetch takes the client certificate through an undici Agent.`);
        lines.push(`import { readFileSync } from 'node:fs'`, `import { Agent } from 'undici'`);
        lines.push(`const dispatcher = new Agent({ connect: { cert: readFileSync(process.env.CLIENT_CERT_FILE), key: readFileSync(process.env.CLIENT_KEY_FILE) } })`);
    }
    const fields = [...w.params, ...authFields(auth)].map(([name, value]) => `    [${JSON.stringify(name)}, ${jsValue(value)}]`);
    lines.push(`const response = await fetch(${JSON.stringify(w.url)}, {`);
    lines.push(`  method: 'POST',`);
    lines.push(`  headers: {\n    ${headers.join(',\n    ')}\n  },`);
    lines.push(`  body: new URLSearchParams([\n${fields.join(',\n')}\n  ])${auth.kind === 'mtls' ? ',\n  dispatcher' : ''}`);
    lines.push(`})`);
    lines.push(`if (!response.ok) throw new Error(\`token request failed: HTTP \${response.status}\`)`);
    lines.push(`const { access_token: accessToken } = await response.json()`);
    return lines.join('\n');
}
/** A fence longer than any backtick run in the code, so no value can close it (CommonMark §4.5). */
function fence(code, lang) {
    const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map(run => run.length));
    const marks = '`'.repeat(Math.max(3, longest + 1));
    return `${marks}${lang}\n${code}\n${marks}`;
}
/** At most this many checks get their request shown: a long list would bury the findings. */
const MAX_SNIPPETS = 10;
/** The line that says how many were left out, or undefined when none were. */
function leftOut(requests) {
    const more = requests.length - MAX_SNIPPETS;
    return more > 0 ? `The requests of ${more} more check(s) that got a token are left out; run them one at a time to see theirs.` : undefined;
}
/** The job summary's section: one curl command and one fetch snippet per check that got a token. */
function snippetsMarkdown(requests) {
    if (requests.length === 0)
        return '';
    const parts = ['', '### The request that works', ''];
    parts.push('Paste it into the application; set the placeholders from your secret store, never inline.', '');
    const more = leftOut(requests);
    if (more)
        parts.push(more, '');
    for (const w of requests.slice(0, MAX_SNIPPETS)) {
        parts.push(`**${(0,src_text/* escapeSummary */.Gb)(w.name, 80)}** (${placeholders(w).map(p => `\`$${p}\``).join(', ')}):`, '');
        parts.push(fence(curlSnippet(w), 'sh'), '');
        parts.push('<details><summary>fetch (Node 18+)</summary>', '', fence(fetchSnippet(w), 'js'), '', '</details>', '');
    }
    return parts.join('\n');
}

;// CONCATENATED MODULE: ./src/assess/expiry.ts
// Expiry of the credentials themselves (the secret's recorded date, the client certificate), known
// before any request. Pure: the clock is passed in.

const DAY_MS = 86_400_000;
/**
 * Expiry of a credential (the secret, a client certificate): past → `expiredCode`, fewer than
 * expiry-warning-days whole days left (rounded down) → SECRET_EXPIRING. `what` names it in messages.
 */
function expiryFindings(what, expiresAtMs, nowMs, warningDays, expiredCode) {
    const at = new Date(expiresAtMs).toISOString();
    const daysLeft = Math.floor((expiresAtMs - nowMs) / DAY_MS);
    if (expiresAtMs <= nowMs)
        return { findings: [(0,codes/* finding */.gk)(expiredCode, `${what} expired on ${at}.`)], daysLeft };
    if (daysLeft < warningDays) {
        return { findings: [(0,codes/* finding */.gk)('SECRET_EXPIRING', `${what} expires in ${daysLeft} day(s), on ${at} (warning at ${warningDays} days).`)], daysLeft };
    }
    return { findings: [], daysLeft };
}
function assessSecretExpiry(spec, nowMs) {
    if (spec.secretExpiresAt === null)
        return { findings: [], daysLeft: null };
    return expiryFindings('The client secret (secret-expires-at)', spec.secretExpiresAt, nowMs, spec.expiryWarningDays, 'SECRET_EXPIRED');
}
/** Validity of the client certificate (mutual TLS), checked before any request; like a secret's expiry. */
function assessClientCert(spec, nowMs) {
    const auth = spec.clientAuth;
    if (auth.method !== 'tls_client_auth' && auth.method !== 'self_signed_tls_client_auth')
        return { findings: [], notAfter: null };
    const cert = auth.certificate.cert;
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    const what = `The client certificate (${cert.subject.replace(/\n/g, ', ')})`;
    const notAfter = new Date(to).toISOString();
    if (nowMs < from) {
        return { findings: [(0,codes/* finding */.gk)('CLIENT_CERT_EXPIRED', `${what} is not valid before ${new Date(from).toISOString()}.`)], notAfter };
    }
    return { findings: expiryFindings(what, to, nowMs, spec.expiryWarningDays, 'CLIENT_CERT_EXPIRED').findings, notAfter };
}

;// CONCATENATED MODULE: ./node_modules/jose/dist/webapi/util/decode_jwt.js




function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new errors_JWTInvalid("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new errors_JWTInvalid("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new errors_JWTInvalid("Invalid JWT");
  if (!encodedPayload)
    throw new errors_JWTInvalid("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = base64url_decode(encodedPayload);
  } catch (cause) {
    throw new errors_JWTInvalid("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(buffer_utils_strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new errors_JWTInvalid("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!validate_isObject(claimsSet))
    throw new errors_JWTInvalid("Invalid JWT Claims Set");
  return claimsSet;
}


;// CONCATENATED MODULE: ./src/exchange/rejection.ts
// How a failed token answer is read when the server does not answer the RFC 6749 §5.2 way: one
// table, first matching rule wins, deciding from status, body shape, error code and description
// together whether the answer rejects the client's authentication (so the placement search moves
// on and the verdict is `invalid`), names a cause other than its code says, or is left to the
// standard reading. Gateways and WAFs are told apart by evidence (gatewayEvidence), never by
// status alone. Pure.
/**
 * Codes that say nothing specific: a description under them may carry the real cause.
 * `invalid_grant` is left out on purpose: for the password grant it is about the user's
 * credentials, not the client's.
 */
const GENERIC = ['invalid_request', 'access_denied', 'unauthorized', 'forbidden', 'bad_request'];
const GRANT_NOT_ALLOWED = /grant[ _-]?type\b.{0,60}\b(not (allowed|authori[sz]ed|permitted|enabled|supported for (this|the) client)|disabled|forbidden)|\b(not (allowed|authori[sz]ed|permitted)|unauthori[sz]ed)\b.{0,40}\b(grant|client[ _]credentials)\b/i;
const SCOPE_REFUSED = /\bscopes?\b.{0,60}\b(unknown|invalid|not (allowed|granted|permitted|found|valid|supported)|unsupported|unrecognized)\b|\b(unknown|invalid|unsupported|unrecognized)\b.{0,20}\bscopes?\b/i;
const CLIENT_REFUSED = /\b(unknown|invalid|bad|wrong|unrecognized|unregistered)\b.{0,20}\bclient\b(?!.{0,20}\b(grant|scope))|\bclient\b.{0,40}\b(not found|unknown|does not exist|not registered|authentication failed|credentials? (are |is )?(invalid|wrong|bad|incorrect))|\b(bad|invalid|wrong|incorrect) (client )?(credentials|secret|client secret|client_secret)\b|\bauthentication failed\b/i;
const RULES = [
    // RFC 6749 §5.2.
    { id: 'rfc-invalid-client', body: 'oauth', errors: ['invalid_client'], reads: 'rejection', shape: 'invalid_client' },
    // RFC 6750 §3 / RFC 7235: 401 is "authenticate first"; without a body it cannot mean anything else.
    { id: 'bodiless-401', statuses: [401], body: 'none', reads: 'rejection', shape: 'without a body' },
    // Some servers answer every failed client authentication with 403 and an empty body (FIELD-NOTES).
    // A gateway's block page has a body or WAF headers; gatewayEvidence() runs before this table.
    { id: 'bodiless-403', statuses: [403], body: 'none', reads: 'rejection', shape: 'without a body' },
    // Non-standard codes for a failed client authentication (FIELD-NOTES: authorization_type_invalid).
    { id: 'nonstandard-auth-code', statuses: [400, 401, 403], body: 'oauth', errors: ['authorization_type_invalid'], reads: 'rejection', shape: 'non-standard code' },
    // Spring Security OAuth (DefaultWebResponseExceptionTranslator) turns a failed authentication into
    // 401 `unauthorized`.
    { id: 'unauthorized-401', statuses: [401], body: 'oauth', errors: ['unauthorized'], reads: 'rejection', shape: 'non-standard code' },
    // A non-standard code that carries a standard cause (FIELD-NOTES: scope_invalid).
    { id: 'nonstandard-scope-code', body: 'oauth', errors: ['scope_invalid'], reads: 'INVALID_SCOPE', shape: 'non-standard code' },
    // "requested grant type is not allowed for this client" is oidc-provider's description; FIELD-NOTES
    // records it under invalid_request (v9.13, in this suite, sends unauthorized_client). RFC 6749 says
    // unauthorized_client: the description is what counts.
    {
        id: 'described-grant-not-allowed',
        body: 'oauth',
        errors: [...GENERIC, 'unsupported_grant_type'],
        description: GRANT_NOT_ALLOWED,
        reads: 'UNAUTHORIZED_CLIENT',
        shape: 'cause in the description'
    },
    { id: 'described-scope', body: 'oauth', errors: GENERIC, description: SCOPE_REFUSED, reads: 'INVALID_SCOPE', shape: 'cause in the description' },
    { id: 'described-client', statuses: [400, 401, 403], body: 'oauth', errors: GENERIC, description: CLIENT_REFUSED, reads: 'rejection', shape: 'cause in the description' }
];
/** The first rule that matches, or undefined for the standard reading (RFC 6749 §5.2 code table). */
function readAnswer(answer) {
    for (const rule of RULES) {
        if (!matches(rule, answer))
            continue;
        return rule.reads === 'rejection'
            ? { kind: 'rejection', rule: rule.id, shape: rule.shape }
            : { kind: 'cause', rule: rule.id, code: rule.reads, shape: rule.shape };
    }
    return undefined;
}
function matches(rule, answer) {
    if (rule.statuses && !rule.statuses.includes(answer.status))
        return false;
    if (rule.body === 'none')
        return answer.bodiless;
    if (answer.error === undefined)
        return false;
    if (rule.errors && !rule.errors.includes(answer.error))
        return false;
    return !rule.description || rule.description.test(answer.description);
}
/** Headers that only a CDN or WAF in front of the server sets (names lower case). */
/** `blocks`: the header is set only when the WAF itself acted; the others only say a CDN is in the path. */
const WAF_HEADERS = [
    { name: 'cf-ray', who: 'Cloudflare' },
    { name: 'server', value: /^cloudflare/i, who: 'Cloudflare' },
    { name: 'cf-mitigated', who: 'Cloudflare', blocks: true },
    { name: 'x-amzn-waf-', prefix: true, who: 'AWS WAF', blocks: true },
    { name: 'x-akamai-', prefix: true, who: 'Akamai' },
    { name: 'server', value: /^akamaighost/i, who: 'Akamai' },
    { name: 'x-sucuri-block', who: 'Sucuri', blocks: true },
    { name: 'x-sucuri-', prefix: true, who: 'Sucuri' },
    { name: 'server', value: /^sucuri/i, who: 'Sucuri' }
];
/** Words of a block or challenge page (not of a token endpoint, nor of a 404 page). */
const BLOCK_PAGE = /access denied|request (was )?(blocked|rejected)|you have been blocked|attention required|web application firewall|\bwaf\b|captcha|security (check|policy)|forbidden/i;
/**
 * Evidence that a CDN, gateway or WAF answered instead of the authorization server: its headers,
 * or an HTML block page. A bodiless 403 alone is no evidence (authorization servers send those).
 */
function gatewayEvidence(status, headers, body, isHtml, isOAuthError) {
    if (status < 400 || isOAuthError)
        return undefined;
    const evidence = [];
    let who;
    let blocked = false;
    for (const h of WAF_HEADERS) {
        const names = h.prefix ? Object.keys(headers).filter(n => n.startsWith(h.name)) : headers[h.name] !== undefined ? [h.name] : [];
        const hit = names.find(n => !h.value || h.value.test(headers[n] ?? ''));
        if (!hit)
            continue;
        who ??= h.who;
        blocked ||= h.blocks === true;
        const shown = h.name === 'server' ? `server: ${h.who}` : hit;
        if (!evidence.includes(`the ${shown} header`))
            evidence.push(`the ${shown} header`);
    }
    const blockPage = isHtml && (status === 403 || status === 406 || status === 451 || BLOCK_PAGE.test(body));
    if (blockPage)
        evidence.push('an HTML block page');
    if (blockPage || blocked)
        return { who, evidence };
    // A CDN's presence headers on an empty or JSON answer are the server's answer passed through;
    // on another body (HTML, text) they mark the CDN's own page.
    const trimmed = body.trim();
    return evidence.length > 0 && trimmed !== '' && !trimmed.startsWith('{') ? { who, evidence } : undefined;
}

;// CONCATENATED MODULE: ./src/exchange/classify.ts
// Classifies what came back from one HTTP exchange into a token, a credential rejection, or a
// finding. Pure: the transport hands over plain data (HttpOutcome).



const NETWORK_CODES = {
    dns: 'DNS_FAILURE',
    refused: 'CONNECTION_REFUSED',
    tls: 'TLS_ERROR',
    timeout: 'TIMEOUT',
    network: 'NETWORK_ERROR',
    'proxy-auth': 'PROXY_AUTH_REQUIRED',
    proxy: 'NETWORK_ERROR'
};
const OAUTH_ERROR_CODES = {
    unauthorized_client: 'UNAUTHORIZED_CLIENT',
    unsupported_grant_type: 'UNSUPPORTED_GRANT_TYPE',
    invalid_scope: 'INVALID_SCOPE',
    invalid_request: 'INVALID_REQUEST'
};
/** `subject` names what was called, e.g. "The token endpoint". */
function transportFinding(outcome, subject, url) {
    const host = classify_hostOf(url);
    const tries = outcome.tries > 1 ? ` (after ${outcome.tries} tries)` : '';
    if (outcome.kind === 'network') {
        const what = {
            dns: `the host name ${host} does not resolve`,
            refused: `nothing accepted a connection at ${host}`,
            tls: /EPROTO|WRONG_VERSION/.test(outcome.detail)
                ? `${host} does not speak TLS on that port (is it an http:// port?)`
                : `the TLS connection to ${host} failed`,
            timeout: `${host} did not answer in time`,
            network: `the connection to ${host} failed`,
            'proxy-auth': `the proxy between the runner and ${host} requires authentication; nothing reached ${host}`,
            proxy: `the proxy between the runner and ${host} failed; nothing reached ${host}`
        };
        return (0,codes/* finding */.gk)(NETWORK_CODES[outcome.failure], `${subject}: ${what[outcome.failure]} (${(0,src_text/* cleanServerText */.Ct)(outcome.detail, 120)})${tries}.`);
    }
    if (outcome.kind === 'too-large') {
        return (0,codes/* finding */.gk)('RESPONSE_TOO_LARGE', `${subject} at ${host} sent more than 1 MiB (HTTP ${outcome.status}); the rest was not read.`);
    }
    const { status } = outcome;
    if (status >= 300 && status < 400) {
        const location = outcome.headers['location'] ?? '';
        const target = location === '' ? undefined : redirectTarget(location, url);
        const shown = target === undefined ? 'no Location' : target.shown;
        return (0,codes/* finding */.gk)('REDIRECT_BLOCKED', `${subject} at ${shownUrl(url)} answered HTTP ${status} redirecting to ${shown}; the redirect was not followed, so the credentials were not re-sent.`, target?.slashOnly
            ? `The server wants the token URL with${target.withSlash ? '' : 'out'} the trailing slash: set token-url to ${shown} (the same URL${target.withSlash ? ' plus' : ' minus'} the final "/").`
            : undefined);
    }
    if (status === 429) {
        const after = outcome.headers['retry-after'];
        const wait = after ? ` Retry-After: ${(0,src_text/* serverText */.Tn)(after, 40)}.` : '';
        return (0,codes/* finding */.gk)('RATE_LIMITED', `${subject} at ${host} answered HTTP 429 Too Many Requests${tries}.${wait}`);
    }
    if (status >= 500) {
        return (0,codes/* finding */.gk)('SERVER_ERROR', `${subject} at ${host} answered HTTP ${status}${tries}${excerpt(outcome.body)}.`);
    }
    if (status === 404 || status === 405) {
        return (0,codes/* finding */.gk)('ENDPOINT_NOT_FOUND', `${subject} at ${url} answered HTTP ${status}: there is no token endpoint at that path.`);
    }
    return undefined;
}
/** RFC 6749 §5.1 (success) and §5.2 (error) for a token endpoint answer. */
function classifyTokenOutcome(outcome, url) {
    const subject = 'The token endpoint';
    const transport = transportFinding(outcome, subject, url);
    if (transport)
        return { kind: 'failed', finding: transport };
    if (outcome.kind !== 'response')
        throw new Error('unreachable: transportFinding covers non-responses');
    const { status, body } = outcome;
    const contentType = outcome.headers['content-type'] ?? '';
    const json = parseJsonObject(body);
    const oauthError = json ? readOAuthError(json) : undefined;
    const html = looksLikeHtml(contentType, body) && !json;
    const gateway = gatewayEvidence(status, outcome.headers, body, html, oauthError !== undefined);
    if (gateway) {
        const who = gateway.who ? ` (${gateway.who})` : '';
        return {
            kind: 'failed',
            finding: (0,codes/* finding */.gk)('BLOCKED_BY_GATEWAY', `${subject} at ${classify_hostOf(url)}: the HTTP ${status} answer came from a gateway or WAF${who} in front of the authorization server, not from the server itself (evidence: ${gateway.evidence.join(', ')}), so the credentials were not judged${excerpt(body)}.`)
        };
    }
    if (html) {
        return {
            kind: 'failed',
            finding: (0,codes/* finding */.gk)('ENDPOINT_NOT_FOUND', `${subject} at ${url} answered HTTP ${status} with an HTML page, not an OAuth response: this URL is a web page, not the token endpoint.`)
        };
    }
    if (oauthError || status < 200 || status >= 300) {
        const reading = readAnswer({ status, bodiless: body.trim() === '', error: oauthError?.error.toLowerCase(), description: oauthError?.description ?? '' });
        if (reading?.kind === 'rejection')
            return { kind: 'rejected', error: oauthError, shape: oauthError ? describe(oauthError, 60) : reading.shape };
        if (reading?.kind === 'cause' && oauthError) {
            const code = reading.code;
            return {
                kind: 'failed',
                finding: (0,codes/* finding */.gk)(code, `${subject} answered HTTP ${status} ${describe(oauthError)}; read as ${code.toLowerCase()} from its ${reading.shape === 'non-standard code' ? 'non-standard code' : 'description'}.`),
                error: oauthError
            };
        }
    }
    if (oauthError) {
        const code = OAUTH_ERROR_CODES[oauthError.error] ?? 'OAUTH_ERROR';
        return { kind: 'failed', finding: (0,codes/* finding */.gk)(code, `${subject} answered HTTP ${status} ${describe(oauthError)}.`), error: oauthError };
    }
    if (status < 200 || status >= 300) {
        return {
            kind: 'failed',
            finding: (0,codes/* finding */.gk)('OAUTH_ERROR', `${subject} answered HTTP ${status} without an OAuth error body${excerpt(body)}.`, 'The answer is not an RFC 6749 §5.2 error, so it does not say what was wrong; its text is in the message. If the text names a firewall, gateway or IP allow-list, check the network rules for the runner\'s address; otherwise ask the server\'s operators what it means.')
        };
    }
    if (!json) {
        // A 2xx may be a token in a shape we cannot read: describe it, never quote it.
        return {
            kind: 'failed',
            finding: (0,codes/* finding */.gk)('MALFORMED_RESPONSE', `${subject} answered HTTP ${status} with a body that is not a JSON object: ${bodyShape(contentType, body, outcome.headers['content-encoding'])}.`)
        };
    }
    return readGrant(json, status);
}
function readGrant(json, status) {
    const problems = [];
    const accessToken = json['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '')
        problems.push('no string access_token');
    const tokenType = json['token_type'];
    if (tokenType !== undefined && typeof tokenType !== 'string')
        problems.push('token_type is not a string');
    const expiresIn = readExpiresIn(json['expires_in']);
    if (expiresIn === null)
        problems.push('expires_in is not a plausible number of seconds');
    const scope = json['scope'];
    if (scope !== undefined && typeof scope !== 'string')
        problems.push('scope is not a space-separated string');
    if (problems.length > 0 || typeof accessToken !== 'string') {
        return {
            kind: 'failed',
            finding: (0,codes/* finding */.gk)('MALFORMED_RESPONSE', `The token endpoint answered HTTP ${status} with JSON that is not a token response: ${problems.join(', ')}.`)
        };
    }
    const otherSecrets = ['refresh_token', 'id_token']
        .map(k => json[k])
        .filter((v) => typeof v === 'string' && v !== '');
    return {
        kind: 'token',
        grant: {
            accessToken,
            tokenType: typeof tokenType === 'string' ? tokenType : undefined,
            expiresIn: expiresIn ?? undefined,
            scope: typeof scope === 'string' ? scope : undefined,
            otherSecrets
        }
    };
}
/** Ten years: a longer token lifetime is not plausible, and would overflow date arithmetic. */
const MAX_LIFETIME_S = 315_360_000;
/**
 * A number, or a numeric string (Entra's v1 endpoint sends "3599"); null when it is neither.
 * `null`, and a number beyond any plausible lifetime (1e308, 9e15), say "lifetime unknown"
 * (undefined), not a broken response: the token itself may be fine.
 */
function readExpiresIn(value) {
    if (value === undefined || value === null)
        return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,400}$/.test(value) ? Number(value) : NaN;
    if (n === Infinity || (Number.isFinite(n) && n > MAX_LIFETIME_S))
        return undefined;
    return Number.isFinite(n) && n >= 0 ? n : null;
}
function parseJsonObject(body) {
    try {
        const value = JSON.parse(body);
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function readOAuthError(json) {
    const error = json['error'];
    if (typeof error !== 'string' || error === '')
        return undefined;
    const description = json['error_description'];
    const codes = json['error_codes'];
    return {
        error: (0,src_text/* serverText */.Tn)(error, 80),
        description: typeof description === 'string' ? (0,src_text/* serverText */.Tn)(description) : '',
        errorCodes: Array.isArray(codes) ? codes.filter((c) => typeof c === 'number') : []
    };
}
/** `invalid_client ("Bad client credentials")` */
/** `invalid_client ("Bad client credentials")`; `max` shortens the description for lists. */
function describe(error, max = 300) {
    return error.description === '' ? error.error : `${error.error} ("${(0,src_text/* cleanServerText */.Ct)(error.description, max)}")`;
}
function looksLikeHtml(contentType, body) {
    return /html/i.test(contentType) || /^\s*<(!doctype|html|head|body)\b/i.test(body);
}
function excerpt(body) {
    const text = (0,src_text/* serverText */.Tn)(body, 120);
    return text === '' ? '' : `: "${text}"`;
}
const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'];
/**
 * What a token-shaped field holds, wherever it shows in a body: JSON (escaped or not, a BOM or a
 * `NaN` elsewhere making the document unparseable), form-encoded, or with HTML entities. These are
 * masked the moment the body is read, before any excerpt or shape of it is made.
 */
function tokenFieldValues(body) {
    const found = new Set();
    const texts = new Set([body, (0,src_text/* decodeEntities */.Sm)(body), (0,src_text/* decodeJsonEscapes */.NL)((0,src_text/* decodeEntities */.Sm)(body))]);
    for (const text of texts) {
        for (const field of TOKEN_FIELDS) {
            for (const m of text.matchAll(new RegExp(`"${field}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g'))) {
                const raw = m[1] ?? '';
                found.add(raw);
                found.add((0,src_text/* decodeJsonEscapes */.NL)(raw));
            }
            for (const m of text.matchAll(new RegExp(`(?:^|[&?\\s])${field}=([^&\\s]*)`, 'g'))) {
                const raw = m[1] ?? '';
                found.add(raw);
                found.add((0,src_text/* decodePercent */.gr)(raw.replace(/\+/g, ' ')));
            }
        }
    }
    const json = parseJsonObject(body.replace(/^\ufeff/, ''));
    for (const field of TOKEN_FIELDS) {
        const v = json?.[field];
        if (typeof v === 'string')
            found.add(v);
    }
    found.delete('');
    return [...found];
}
/** A body by its shape only: content type, length and the names of the fields it seems to have. */
function bodyShape(contentType, body, contentEncoding = '') {
    const encoded = contentEncoding === '' || /^identity$/i.test(contentEncoding) ? '' : `, Content-Encoding ${(0,src_text/* cleanServerText */.Ct)(contentEncoding, 40)} although identity was asked for`;
    const type = `${contentType === '' ? 'no Content-Type' : `Content-Type ${(0,src_text/* cleanServerText */.Ct)(contentType, 60)}`}${encoded}`;
    const bytes = Buffer.byteLength(body, 'utf8');
    const keys = new Set();
    const json = parseJsonObject(body.replace(/^\ufeff/, ''));
    if (json)
        for (const k of Object.keys(json))
            keys.add(k);
    for (const m of body.matchAll(/"([A-Za-z0-9_.-]{1,40})"\s*:/g))
        keys.add(m[1] ?? '');
    if (keys.size === 0 && /^[A-Za-z0-9_.%-]+=/.test(body.trim())) {
        for (const pair of body.trim().split('&')) {
            const k = pair.split('=')[0] ?? '';
            if (/^[A-Za-z0-9_.-]{1,40}$/.test(k))
                keys.add(k);
        }
    }
    keys.delete('');
    const shown = [...keys].filter(k => /^[A-Za-z0-9_.-]{1,40}$/.test(k)).slice(0, 12);
    const bom = body.startsWith('\ufeff') ? ', starts with a UTF-8 BOM' : '';
    return `${type}, ${bytes} bytes${bom}, fields seen: ${shown.length > 0 ? shown.join(', ') : 'none'}`;
}
/** Origin and path of a URL, cleaned for display; the query and fragment (which may carry secrets) are left out. */
function shownUrl(url) {
    try {
        const u = new URL(url);
        const dropped = u.search !== '' || u.hash !== '' ? ' (query left out)' : '';
        return `${(0,src_text/* cleanServerText */.Ct)(u.origin + u.pathname, 200)}${dropped}`;
    }
    catch {
        return 'an unparseable URL';
    }
}
/** Where a redirect points, for display, and whether only a trailing slash differs from `base`. */
function redirectTarget(location, base) {
    try {
        const to = new URL(location, base);
        const from = new URL(base);
        const sameOrigin = to.origin === from.origin;
        const withSlash = sameOrigin && to.pathname === `${from.pathname}/`;
        const withoutSlash = sameOrigin && `${to.pathname}/` === from.pathname;
        return { shown: shownUrl(to.href), slashOnly: withSlash || withoutSlash, withSlash };
    }
    catch {
        return { shown: 'an unparseable Location', slashOnly: false, withSlash: false };
    }
}
function classify_hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return url;
    }
}

;// CONCATENATED MODULE: ./src/assess/api-endpoint.ts
// The tenant's API host, where the provider publishes it after a token (NICE CXone: GET
// {issuer}/.well-known/cxone-configuration?tenantId=<tenant> → api_endpoint). The tenant comes
// from a claim of the tokens just issued. Any failure here is a warning: the token was issued, so
// the credentials are fine; only the relative probe cannot run.





/** The tenant named by the first token (id token first, then the access token) that is a JWT with the claim. */
function tenantOf(grant, claim) {
    for (const token of [...grant.otherSecrets, grant.accessToken]) {
        if (token.split('.').length !== 3)
            continue;
        try {
            const value = decodeJwt(token)[claim];
            if (typeof value === 'string' && value !== '')
                return value;
            if (typeof value === 'number')
                return String(value);
        }
        catch {
            // Not a JWT after all (a refresh token may contain dots).
        }
    }
    return undefined;
}
/** The base URL in the document, if it is an absolute http(s) URL the token may be sent to. */
function readApiEndpoint(body, field, allowInsecureHttp) {
    const json = parseJsonObject(body);
    if (!json)
        return { problem: 'the answer is not a JSON object' };
    const value = json[field];
    if (typeof value !== 'string' || !URL.canParse(value))
        return { problem: `it has no ${field} URL` };
    const url = new URL(value);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.hash !== '') {
        return { problem: `its ${field} (${(0,src_text/* cleanServerText */.Ct)(value, 120)}) is not a plain http(s) URL` };
    }
    if ((0,url_rules/* isInsecure */.f_)(url, allowInsecureHttp))
        return { problem: `its ${field} ${(0,src_text/* cleanServerText */.Ct)(url.origin, 120)} is plain http:// to a remote host; the token is not sent there` };
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
async function findApiEndpoint(lookup, issuer, grant, session, allowInsecureHttp, 
/** Said in the warning when the probe could not run for want of the host. */
skippedProbe) {
    const skipped = skippedProbe ? ` probe-url ${skippedProbe} was not called.` : '';
    const unknown = (why) => ({ apiEndpoint: null, problem: (0,codes/* finding */.gk)('API_ENDPOINT_UNKNOWN', `${why}.${skipped}`) });
    const tenant = tenantOf(grant, lookup.tenantClaim);
    if (tenant === undefined) {
        return unknown(`The token was issued, but no token in the answer carries a \`${lookup.tenantClaim}\` claim, so the tenant's API host could not be looked up`);
    }
    const url = lookup.documentUrl(issuer, tenant);
    const outcome = await session.send({ method: 'GET', url, headers: { Accept: 'application/json', 'User-Agent': session.userAgent }, body: '' });
    const shown = (0,src_text/* cleanServerText */.Ct)(url, 300);
    if (outcome.kind !== 'network' && outcome.status !== 200) {
        // No redirect is followed: the tenant configuration comes from the issuer itself.
        return unknown(`The tenant configuration ${shown} answered HTTP ${outcome.status}`);
    }
    if (outcome.kind !== 'response') {
        const failed = transportFinding(outcome, 'The tenant configuration', url);
        return unknown(`${(failed?.message ?? 'The tenant configuration could not be read').replace(/\.$/, '')} (${shown})`);
    }
    const read = readApiEndpoint(outcome.body, lookup.field, allowInsecureHttp);
    if (typeof read !== 'string')
        return unknown(`The tenant configuration ${shown} could not be used: ${read.problem}`);
    return { apiEndpoint: read, problem: undefined };
}

;// CONCATENATED MODULE: ./src/net/outcome.ts
// What one HTTP exchange gives the pure core: plain data, whether the server answered, the body
// was too large, or the network failed. The transport fills it in; everything else reads it.
function statusOfOutcome(outcome) {
    return outcome.kind === 'network' ? undefined : outcome.status;
}

;// CONCATENATED MODULE: ./src/assess/probe.ts
// The API's answer to the token (probe-url): accepted, or why not (RFC 6750 §3 challenges, the
// token's scope or aud beside a 403 or 401). Pure: the outcome is passed in.




function statusAccepted(status, ranges) {
    return ranges.some(([lo, hi]) => status >= lo && status <= hi);
}
/** RFC 6750 §3: `Bearer error="invalid_token", error_description="..."`. */
function bearerError(header) {
    if (!header)
        return undefined;
    const error = /error="([^"]*)"/i.exec(header)?.[1];
    const description = /error_description="([^"]*)"/i.exec(header)?.[1];
    if (!error)
        return undefined;
    return (0,src_text/* serverText */.Tn)(description ? `${error}: ${description}` : error, 200);
}
function assessProbe(probe, outcome, token = { scope: null, aud: null }) {
    if (outcome.kind === 'network')
        return transportFinding(outcome, 'The probe', probe.url);
    const { status } = outcome;
    if (statusAccepted(status, probe.expected))
        return undefined;
    const challenge = bearerError(outcome.headers['www-authenticate']);
    const because = challenge ? ` (WWW-Authenticate: ${challenge})` : '';
    const body = outcome.kind === 'response' ? (0,src_text/* serverText */.Tn)(outcome.body, 120) : '';
    const excerpt = body ? `: "${body}"` : '';
    const hint = status === 401
        ? 'The API did not accept the token: it is probably for another audience, region or environment than the API expects (check audience/resource/scope and the hosts of token-url and probe-url).'
        : status === 403
            ? 'The API accepted the token but refused the call: the client lacks a permission, role or scope for it. Grant it on the server (or request the scope).'
            : undefined;
    const facts = status === 403 && token.scope !== null
        ? ` The token's scope: ${(0,src_text/* serverText */.Tn)(token.scope, 200) || '(none)'}.`
        : status === 401 && token.aud !== null
            ? ` The token's aud: ${(0,src_text/* serverText */.Tn)(token.aud.join(', '), 200) || '(none)'}.`
            : '';
    return (0,codes/* finding */.gk)('PROBE_FAILED', `${probe.method} ${probe.url} answered HTTP ${status}, expected ${probe.expectedText}${because}${excerpt}.${facts}`, hint);
}
/** Calls the API with the token, as the application would. */
async function runProbe(probe, grant, assessment, session) {
    const outcome = await session.send({
        method: probe.method,
        url: probe.url,
        headers: { Authorization: `Bearer ${grant.accessToken}`, Accept: 'application/json, */*', 'User-Agent': session.userAgent },
        body: ''
    });
    const problem = assessProbe(probe, outcome, {
        scope: grant.scope ?? assessment.claims?.scopes?.join(' ') ?? null,
        aud: assessment.claims?.aud ?? null
    });
    return {
        problem,
        summary: { url: probe.url, method: probe.method, httpStatus: statusOfOutcome(outcome) ?? null, accepted: !problem, latencyMs: outcome.latencyMs }
    };
}

;// CONCATENATED MODULE: ./src/assess/jwt.ts
// Reads the claims of an access token that happens to be a JWT. No signature check: the check
// only reports what the token says; the API (probe-url) is the one that verifies it.

function readClaims(token) {
    if (token.split('.').length !== 3)
        return undefined;
    let payload;
    try {
        payload = decodeJwt(token);
    }
    catch {
        return undefined;
    }
    const str = (v) => (typeof v === 'string' ? v : null);
    const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const aud = payload['aud'];
    const scope = payload['scope'] ?? payload['scp'];
    return {
        iss: str(payload['iss']),
        aud: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [],
        exp: num(payload['exp']),
        iat: num(payload['iat']),
        clientId: str(payload['azp']) ?? str(payload['client_id']) ?? str(payload['appid']),
        scopes: typeof scope === 'string'
            ? scope.split(' ').filter(Boolean)
            : Array.isArray(scope)
                ? scope.filter((s) => typeof s === 'string')
                : null
    };
}

;// CONCATENATED MODULE: ./src/assess/token.ts
// What a token must prove beyond "it came back": lifetime, scopes, audience and type. Pure: the
// clock is passed in.




function assessToken(spec, grant, nowMs) {
    const findings = [];
    const claims = readClaims(grant.accessToken) ?? null;
    // Lifetime: expires_in, else the JWT's exp.
    const exp = claims?.exp ?? null;
    const fromExp = exp === null ? null : Math.max(0, Math.round(exp - nowMs / 1000));
    // An exp beyond any plausible lifetime is treated as absent rather than trusted.
    const expiresIn = grant.expiresIn ?? (fromExp !== null && fromExp <= MAX_LIFETIME_S ? fromExp : null);
    if (expiresIn === null) {
        // min-ttl: 0 turns the lifetime check off, and with it the notice that it could not be made.
        if (spec.minTtlS > 0)
            findings.push((0,codes/* finding */.gk)('TOKEN_LIFETIME_UNKNOWN', 'The token response has no usable expires_in (absent, null or beyond ten years) and the token carries no plausible exp claim.'));
    }
    else if (expiresIn < spec.minTtlS) {
        findings.push((0,codes/* finding */.gk)('TOKEN_TTL_TOO_SHORT', `The token lives ${expiresIn} s, less than min-ttl (${spec.minTtlS} s).`));
    }
    // Scopes: the response's scope wins (RFC 6749 §5.1), else the JWT's scope/scp claim.
    if (spec.requiredScopes.length > 0) {
        const granted = grant.scope !== undefined ? grant.scope.split(' ').filter(Boolean) : claims?.scopes;
        if (!granted) {
            findings.push((0,codes/* finding */.gk)('SCOPE_UNVERIFIED', `Neither the response nor the token says which scopes were granted, so required-scopes (${spec.requiredScopes.join(' ')}) could not be checked.`));
        }
        else {
            const missing = spec.requiredScopes.filter(s => !granted.includes(s));
            if (missing.length > 0) {
                findings.push((0,codes/* finding */.gk)('SCOPE_MISSING', `The token lacks required scope(s) ${missing.join(', ')}; granted: ${(0,src_text/* serverText */.Tn)(granted.join(' '), 200) || '(none)'}.`));
            }
        }
    }
    if (spec.expectedAudience !== null) {
        if (!claims) {
            findings.push((0,codes/* finding */.gk)('AUDIENCE_MISMATCH', `expected-audience is set, but the access token is not a JWT, so its audience cannot be read.`, 'Opaque tokens carry no readable audience: remove expected-audience and use probe-url to prove the API accepts the token.'));
        }
        else if (!claims.aud.includes(spec.expectedAudience)) {
            findings.push((0,codes/* finding */.gk)('AUDIENCE_MISMATCH', `The token's aud is ${(0,src_text/* serverText */.Tn)(claims.aud.join(', '), 200) || '(empty)'}, not ${spec.expectedAudience}.`));
        }
    }
    const type = grant.tokenType?.toLowerCase();
    if (type === 'dpop') {
        findings.push((0,codes/* finding */.gk)('DPOP_TOKEN', 'The server issued a DPoP-bound token (token_type DPoP).'));
    }
    else if (type !== 'bearer') {
        const shown = grant.tokenType === undefined ? 'missing' : `"${(0,src_text/* serverText */.Tn)(grant.tokenType, 40)}"`;
        findings.push((0,codes/* finding */.gk)('TOKEN_TYPE_UNEXPECTED', `The token_type is ${shown}, not Bearer.`));
    }
    return {
        findings,
        expiresIn,
        expiresAt: expiresIn === null ? null : new Date(nowMs + expiresIn * 1000).toISOString(),
        claims
    };
}

;// CONCATENATED MODULE: ./src/endpoint/discovery.ts
// Authorization server metadata: where to find it for an issuer, whether to trust it, and what it
// tells the check. OpenID Connect Discovery 1.0 §4 appends the well-known path to the issuer;
// RFC 8414 §3.1 inserts it between the host and the issuer's path. Only `discover` does I/O, through
// the session it is given.



function metadataUrls(issuer) {
    const url = new URL(issuer);
    const path = url.pathname.replace(/\/$/, '');
    return [
        `${url.origin}${path}/.well-known/openid-configuration`,
        `${url.origin}/.well-known/oauth-authorization-server${path}`
    ];
}
/** A parsed metadata document, or why it is not one. */
function readMetadata(json, url) {
    if (!json)
        return 'not a JSON object';
    const tokenEndpoint = json['token_endpoint'];
    if (typeof tokenEndpoint !== 'string' || !URL.canParse(tokenEndpoint))
        return 'no token_endpoint URL in it';
    const list = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : null);
    const issuer = json['issuer'];
    const aliases = json['mtls_endpoint_aliases'];
    const mtls = aliases !== null && typeof aliases === 'object' ? aliases['token_endpoint'] : undefined;
    return {
        url,
        issuer: typeof issuer === 'string' ? issuer : null,
        tokenEndpoint,
        authMethods: list(json['token_endpoint_auth_methods_supported']),
        grantTypes: list(json['grant_types_supported']),
        signingAlgs: list(json['token_endpoint_auth_signing_alg_values_supported']),
        mtlsTokenEndpoint: typeof mtls === 'string' && URL.canParse(mtls) ? mtls : null
    };
}
/** Which placement `auto` should try first: what the server advertises (RFC 8414 §2 default: Basic). */
function advertisedPlacement(meta) {
    const methods = meta.authMethods;
    if (!methods || methods.includes('client_secret_basic'))
        return 'header';
    return methods.includes('client_secret_post') ? 'body' : 'header';
}
/** Whether the metadata lists the grant (RFC 8414 §2: absent means the server does not say). */
function grantAdvertised(meta, grantType = 'client_credentials') {
    return meta.grantTypes === null || meta.grantTypes.includes(grantType);
}
function grantNotAdvertisedFinding(meta, grantType = 'client_credentials') {
    return (0,codes/* finding */.gk)('GRANT_NOT_ADVERTISED', `The metadata at ${meta.url} lists grant_types_supported = ${(0,src_text/* serverText */.Tn)((meta.grantTypes ?? []).join(', '), 200) || '(none)'}, without ${grantType}.`);
}
/**
 * The document's issuer must be on the configured issuer's origin (OpenID Connect Discovery §4.3,
 * RFC 8414 §3.3): otherwise a typo or a hijacked document could send the secret to another host.
 * The path may differ (reported: Entra ID names the tenant by its ID where the input may use a domain).
 */
function issuerOriginProblem(metadata, issuer, url) {
    const claimed = metadata.issuer !== null && URL.canParse(metadata.issuer) ? new URL(metadata.issuer).origin : null;
    const expected = new URL(issuer).origin;
    if (claimed === expected)
        return undefined;
    return `${url} names issuer ${(0,src_text/* serverText */.Tn)(metadata.issuer ?? '(none)', 120)}, not one on ${expected}; no token request was sent`;
}
/** Discovery may follow a redirect within the metadata URL's origin (no credentials are sent), never across, at most 3 hops. */
function redirectToFollow(outcome, current, start, hops) {
    const location = outcome.kind === 'response' && outcome.status >= 300 && outcome.status < 400 ? outcome.headers['location'] : undefined;
    if (!location || hops >= 3 || !URL.canParse(location, current))
        return undefined;
    const next = new URL(location, current);
    return next.origin === new URL(start).origin ? next.href : undefined;
}
/** GET the metadata: OIDC location first (the most common), then RFC 8414's. A string says why none could be used. */
async function discover(issuer, session) {
    const problems = [];
    for (const url of metadataUrls(issuer)) {
        const outcome = await getFollowingSameOrigin(url, session);
        if (outcome.kind !== 'response' || outcome.status !== 200) {
            const what = outcome.kind === 'network' ? `${outcome.failure} (${(0,src_text/* cleanServerText */.Ct)(outcome.detail, 60)})` : outcome.kind === 'too-large' ? 'larger than 1 MiB' : `HTTP ${outcome.status}`;
            problems.push(`${url} → ${what}`);
            continue;
        }
        const metadata = readMetadata(parseJsonObject(outcome.body), url);
        if (typeof metadata === 'string') {
            problems.push(`${url} → ${metadata}`);
            continue;
        }
        return issuerOriginProblem(metadata, issuer, url) ?? metadata;
    }
    return problems.join('; ');
}
async function getFollowingSameOrigin(url, session) {
    let current = url;
    for (let hops = 0;; hops++) {
        const outcome = await session.send({ method: 'GET', url: current, headers: { Accept: 'application/json', 'User-Agent': session.userAgent }, body: '' });
        const next = redirectToFollow(outcome, current, url, hops);
        if (next === undefined)
            return outcome;
        current = next;
    }
}

;// CONCATENATED MODULE: ./src/client-auth/client-secret.ts
// client_secret_basic and client_secret_post (RFC 6749 §2.3.1): the shared secret in the Basic
// header or the form body. Decides which way to try next and what the attempts prove. Pure: the
// exchange loop feeds back each result.
//
// Unlike golang.org/x/oauth2's auto-detection (which falls back on any error and reports only the
// second one), we move on only when the server rejected the credentials as presented, and we keep
// every attempt so the report can say what was tried.







const HEADER_FORM = { family: 'client_secret', placement: 'header', basicEncoding: 'form' };
const HEADER_RAW = { family: 'client_secret', placement: 'header', basicEncoding: 'raw' };
const BODY = { family: 'client_secret', placement: 'body', basicEncoding: 'form' };
/** The configured way(s) first, then (when diagnosing, or in auto) the others. */
function waysFor(spec, trimmed) {
    const { id, secret } = credentialsOf(spec, { ...BODY, trimmed });
    const withRaw = encodingMatters(id, secret);
    const placement = placementOf(spec);
    const bodyFirst = placement === 'body' || (placement === 'auto' && spec.autoFirst === 'body');
    const ordered = bodyFirst ? [BODY, HEADER_FORM, HEADER_RAW] : [HEADER_FORM, BODY, HEADER_RAW];
    return ordered.filter(w => withRaw || w !== HEADER_RAW);
}
/** The configured placement (auto for a spec of another method family). */
function placementOf(spec) {
    return spec.clientAuth.method === 'client_secret' ? spec.clientAuth.placement : 'auto';
}
function credentialsOf(spec, plan) {
    return plan.trimmed
        ? { id: spec.clientId.trim(), secret: spec.clientSecret.trim() }
        : { id: spec.clientId, secret: spec.clientSecret };
}
/** The inputs whose stored value has leading or trailing whitespace: the client's and the grant's. */
function inputsWithWhitespace(spec) {
    return [
        spec.clientId !== spec.clientId.trim() ? 'client-id' : '',
        spec.clientSecret !== spec.clientSecret.trim() ? 'client-secret' : '',
        ...grantCredentialsWithWhitespace(spec).map(c => c.input)
    ].filter(Boolean);
}
function hasWhitespace(spec) {
    return inputsWithWhitespace(spec).length > 0;
}
/**
 * Every plan this check may try, in order. `auto` tries every way; an explicit placement tries
 * only itself unless diagnosing. Trimmed values are a diagnosis only: the application sends the
 * stored value.
 */
function planSequence(spec) {
    const untrimmed = waysFor(spec, false).map(w => ({ ...w, trimmed: false }));
    const sent = placementOf(spec) === 'auto' || spec.diagnose ? untrimmed : untrimmed.slice(0, 1);
    if (!spec.diagnose || !hasWhitespace(spec))
        return sent;
    return [...sent, ...waysFor(spec, true).map(w => ({ ...w, trimmed: true }))];
}
/** The next plan to try, or undefined when the attempts so far settle the question. */
function nextPlan(spec, attempts) {
    const untried = planSequence(spec).filter(p => !attempts.some(a => samePlan(a.plan, p)));
    const last = attempts.at(-1);
    // A provider error code that names the cause (Entra's AADSTS numbers) settles it: another
    // placement would only repeat the same answer.
    if (last?.result.kind === 'rejected' && last.result.error && vendorError(last.result.error.errorCodes))
        return undefined;
    if (!last || last.result.kind === 'rejected')
        return untried[0];
    if (last.result.kind === 'token')
        return undefined;
    // A server may refuse a value with a stray newline as a malformed request rather than as wrong
    // credentials: when diagnosing such values, that too is worth one try with them trimmed. A
    // refused user credential (invalid_grant) is worth the same try, in the same place: the client
    // was accepted there, so no other placement is tried.
    const code = last.result.finding.code;
    if (last.plan.trimmed)
        return undefined;
    if (code === 'INVALID_REQUEST')
        return untried.find(p => p.trimmed);
    if (code === 'USER_CREDENTIALS_REJECTED')
        return untried.find(p => p.trimmed && p.placement === last.plan.placement && p.basicEncoding === last.plan.basicEncoding);
    return undefined;
}
function samePlan(a, b) {
    return a.placement === b.placement && a.basicEncoding === b.basicEncoding && a.trimmed === b.trimmed;
}
function describePlan(plan) {
    const where = plan.placement === 'body'
        ? 'form body (client_secret_post)'
        : plan.basicEncoding === 'form'
            ? 'Basic header (client_secret_basic)'
            : 'Basic header without form-encoding';
    return plan.trimmed ? `${where}, whitespace trimmed` : where;
}
/** `Basic header (client_secret_basic) → HTTP 401 invalid_client; …`, for hints. */
function describeAttempts(attempts) {
    return attempts.map(describeAttempt).join('; ');
}
function describeAttempt(a) {
    const status = a.httpStatus === undefined ? 'no answer' : `HTTP ${a.httpStatus}`;
    const r = a.result;
    const outcome = r.kind === 'token' ? 'token issued' : r.kind === 'rejected' ? r.shape : r.finding.code;
    return `${describePlan(a.plan)} → ${status} ${outcome}`;
}
function setting(plan) {
    return plan.placement === 'header' ? 'auth-placement: header' : 'auth-placement: body';
}
function conclude(spec, attempts) {
    const first = attempts[0];
    const last = attempts.at(-1);
    if (!first || !last)
        return { findings: [], winner: undefined };
    const tried = describeAttempts(attempts);
    // A fallback answered invalid_request after the credentials were rejected: a server that wants
    // them elsewhere often says so for a request without them where it looks. The rejection is the
    // finding; hiding it behind the fallback's error is golang.org/x/oauth2's trap.
    const fallbackConfused = last.result.kind === 'failed' &&
        last.result.finding.code === 'INVALID_REQUEST' &&
        attempts.some(a => a.result.kind === 'rejected' && a.plan.trimmed === last.plan.trimmed);
    if (last.result.kind === 'failed' && !fallbackConfused) {
        const gateway = gatewayBySwitchedShape(attempts);
        if (gateway)
            return { findings: [gateway], winner: undefined };
        // A transport or protocol failure ends the sequence; earlier rejections are context.
        const extra = attempts.length > 1 ? ` Attempts: ${tried}.` : '';
        return { findings: [{ ...last.result.finding, message: last.result.finding.message + extra }], winner: undefined };
    }
    if (last.result.kind !== 'token') {
        const firstError = first.result.kind === 'rejected' ? ` ${first.result.error ? describe(first.result.error) : first.result.shape}` : '';
        const diagnoseTip = spec.diagnose || placementOf(spec) === 'auto' ? '' : ' Set diagnose: true to let the check try the other placements.';
        // The server judges the client before the grant: the grant's own credentials were not reached.
        const grantInputs = grantFor(spec)
            .credentials(spec)
            .map(c => c.input);
        const grantTip = grantInputs.length > 0 ? ` This is about client-id and client-secret; the ${spec.grant.type} grant's ${grantInputs.join(' and ')} were not judged.` : '';
        return {
            findings: [
                (0,codes/* finding */.gk)('INVALID_CLIENT', `The token endpoint rejected the credentials of client ${spec.clientId.trim()} (HTTP ${first.httpStatus ?? '?'}${firstError}).${unspecificRejection(attempts)}`, `${codes/* CODES */.Lp.INVALID_CLIENT.hint}${grantTip} Tried: ${tried}.${diagnoseTip}`)
            ],
            winner: undefined
        };
    }
    // A token was issued.
    const winner = last;
    const plan = winner.plan;
    const findings = [];
    const configuredWay = placementOf(spec) !== 'auto';
    if (plan.trimmed) {
        const which = inputsWithWhitespace(spec).join(' and ');
        const values = [spec.clientSecret, spec.clientId, ...grantCredentialsWithWhitespace(spec).map(c => c.value)];
        const trailingNewline = values.some(v => /\n\s*$/.test(v));
        findings.push((0,codes/* finding */.gk)('SECRET_WHITESPACE', `The stored ${which} has leading or trailing whitespace${trailingNewline ? ' (it ends with a newline)' : ''}: sent as stored it is rejected, trimmed it works (${describePlan(plan)}).`));
    }
    else if (configuredWay && attempts.length > 1) {
        const configured = describePlan(first.plan);
        if (plan.placement !== first.plan.placement) {
            // Only a raw Basic value worked: pinning header alone would send the form-encoded one.
            const raw = plan.placement === 'header' && plan.basicEncoding === 'raw';
            findings.push((0,codes/* finding */.gk)('AUTH_PLACEMENT_MISMATCH', `The server rejected the credentials in the ${configured} and accepted them in the ${describePlan(plan)}.`, raw
                ? `Send the credentials in the Basic header as the raw id:secret, without form-encoding: ${rawBasicAdvice(spec, plan)} Attempts: ${tried}.`
                : `Set ${setting(plan)} (and send the credentials that way in the application). Attempts: ${tried}.`));
        }
        else {
            findings.push((0,codes/* finding */.gk)('BASIC_ENCODING_MISMATCH', `The server rejected the form-encoded Basic value (RFC 6749 §2.3.1) and accepted the raw id:secret: it does not form-decode Basic credentials, and form-encoding changes the ${changedNames(spec, plan)}.`, `Have the application send the raw id:secret in the Basic header: ${rawBasicAdvice(spec, plan)}`));
        }
    }
    else if (!configuredWay) {
        const raw = plan.placement === 'header' && plan.basicEncoding === 'raw';
        const more = attempts.length > 1 ? ` Attempts: ${tried}.` : '';
        findings.push((0,codes/* finding */.gk)('AUTH_PLACEMENT_DETECTED', `The server accepted the credentials in the ${describePlan(plan)}${attempts.length > 1 ? ` after ${attempts.length - 1} rejected attempt(s)` : ''}.`, raw
            ? `Make sure the application sends the raw id:secret in the Basic header: ${rawBasicAdvice(spec, plan)} Keep auth-placement: auto: pinning header sends the form-encoded value.${more}`
            : `Pin ${setting(plan)} so the check sends exactly what your application sends.${more}`));
    }
    return { findings, winner };
}
function changedNames(spec, plan) {
    const { id, secret } = credentialsOf(spec, plan);
    return encodingChangedNames(id, secret);
}
/**
 * Why only the raw Basic value works, naming what form-encoding changes, and the rotation that
 * would end it only when rotating the secret can (the client id cannot be rotated that way).
 */
function rawBasicAdvice(spec, plan) {
    const { id, secret } = credentialsOf(spec, plan);
    const which = encodingChangedNames(id, secret);
    const reason = `the server does not form-decode the Basic value (RFC 6749 §2.3.1 says it should), and form-encoding changes the ${which}.`;
    const idChanges = which.includes('client-id');
    if (!secretSurvivesEncoding(secret) && !idChanges) {
        return `${reason} Rotating to a secret of only letters, digits and - . _ * would make both encodings agree.`;
    }
    return idChanges
        ? `${reason} The client id's characters (not the secret's) are what form-encoding changes, so a new secret would not help; a client that sends raw Basic values, or the body placement where the server accepts it, does.`
        : reason;
}
/**
 * When every rejection had a shape that names no cause (no body, a non-standard code), say so:
 * such answers cannot tell a wrong secret from a wrong placement or an unknown client.
 */
function unspecificRejection(attempts) {
    const shapes = [
        ...new Set(attempts.flatMap(a => (a.result.kind === 'rejected' && a.result.error?.error !== 'invalid_client' ? [`HTTP ${a.httpStatus ?? '?'} ${a.result.shape}`] : [])))
    ];
    if (shapes.length === 0)
        return '';
    return ` Such an answer (${shapes.join('; ')}) does not say whether the id, the secret, the placement or the encoding is wrong (nor whether the client may use this grant), so the check cannot tell these causes apart; the hint lists what each attempt got.`;
}
/**
 * The server answered one attempt with an OAuth error and another with something of a different
 * shape (a page, text, a non-OAuth JSON body): that other answer came from something in front of it.
 */
function gatewayBySwitchedShape(attempts) {
    const last = attempts.at(-1);
    if (last?.result.kind !== 'failed' || last.result.finding.code !== 'OAUTH_ERROR' || last.result.error)
        return undefined;
    const usual = attempts.find(a => a.result.kind === 'rejected' && a.result.error);
    if (!usual || usual.result.kind !== 'rejected')
        return undefined;
    return (0,codes/* finding */.gk)('BLOCKED_BY_GATEWAY', `The token endpoint answered the ${describePlan(usual.plan)} with an OAuth error (HTTP ${usual.httpStatus ?? '?'} ${usual.result.shape}) but the ${describePlan(last.plan)} with HTTP ${last.httpStatus ?? '?'} and a body of another shape: something in front of the authorization server (a gateway or WAF) answered that request. ${last.result.finding.message}`, `${codes/* CODES */.Lp.BLOCKED_BY_GATEWAY.hint} Attempts: ${describeAttempts(attempts)}.`);
}
/** Adds the secret to the request: the Basic header or the body, never both (RFC 6749 §2.3). */
function authenticateWithSecret(spec, plan, request) {
    const { id, secret } = credentialsOf(spec, plan);
    // Strict servers answer invalid_request when they see credentials in two places.
    return plan.placement === 'header'
        ? withHeader(request, 'Authorization', `Basic ${basicValue(id, secret, plan.basicEncoding)}`)
        : withParams(request, ['client_id', id], ['client_secret', secret]);
}
/** The whole token request for one plan, body encoded (for tests and region detection). */
function buildTokenRequest(spec, plan, userAgent) {
    const request = authenticateWithSecret(spec, plan, grantRequest(spec, configuredTokenUrl(spec), userAgent, plan.trimmed));
    return { url: request.url, headers: request.headers, body: formBody(request) };
}
const clientSecret = {
    family: 'client_secret',
    next: (spec, attempts) => nextPlan(spec, attempts),
    authenticate: async (spec, plan, request) => authenticateWithSecret(spec, plan, request),
    conclude: (spec, attempts) => [...conclude(spec, attempts).findings],
    describe: (_spec, attempts) => describeAttempts(attempts),
    methodName: (spec, plan) => {
        const placement = plan?.placement ?? (placementOf(spec) === 'auto' ? spec.autoFirst : placementOf(spec));
        return placement === 'header' ? 'client_secret_basic' : 'client_secret_post';
    }
};

;// CONCATENATED MODULE: ./src/client-auth/mtls.ts
// tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2): the client certificate,
// presented in the TLS handshake, authenticates; the body only names the client.


const mutualTls = {
    family: 'tls_client_auth',
    next: (spec, attempts) => {
        const method = spec.clientAuth.method;
        if (attempts.length > 0 || (method !== 'tls_client_auth' && method !== 'self_signed_tls_client_auth'))
            return undefined;
        return { family: method };
    },
    authenticate: async (spec, _plan, request) => withParams(request, ['client_id', spec.clientId.trim()]),
    conclude: (spec, attempts) => concludeKeyAuth(spec, attempts.map(keyAttempt), undefined),
    describe: (spec, attempts) => describeKeyAttempts(spec, attempts.map(keyAttempt)),
    methodName: spec => (spec.clientAuth.method === 'self_signed_tls_client_auth' ? 'self_signed_tls_client_auth' : 'tls_client_auth')
};

;// CONCATENATED MODULE: ./src/client-auth/method.ts
// The client authentication registry: one line per method family. Adding a method is one file
// implementing ClientAuth, one line here, and its inputs.



const METHODS = {
    client_secret: clientSecret,
    client_secret_jwt: clientAssertion,
    private_key_jwt: clientAssertion,
    tls_client_auth: mutualTls,
    self_signed_tls_client_auth: mutualTls
};
/** The method of a spec. Its plans are those the method itself makes, so the widening is safe. */
function clientAuthFor(spec) {
    return METHODS[spec.clientAuth.method];
}

;// CONCATENATED MODULE: ./src/exchange/attempts.ts
// The token exchange: one attempt loop for every client authentication method. The method says
// what to try next and what the attempts prove; the grant says what is asked for.






function authContext(session, tokenUrl, issuer) {
    return { tokenUrl, issuer, nowS: () => Math.floor(session.now() / 1000), secret: v => session.secret(v) };
}
/** Sends one authenticated token request for a plan to `ctx.tokenUrl` and records what came of it. */
async function attempt(spec, plan, ctx, session) {
    // A trimmed plan (a whitespace diagnosis) trims the grant's credentials along with the client's.
    const trimmed = plan.family === 'client_secret' && plan.trimmed;
    const request = await clientAuthFor(spec).authenticate(spec, plan, grant_grantRequest(spec, ctx.tokenUrl, session.userAgent, trimmed), ctx);
    const outcome = await session.send({ method: 'POST', url: request.url, headers: request.headers, body: request_formBody(request) });
    // Token-shaped fields are secrets the moment they are seen, whatever the status or the encoding.
    if (outcome.kind === 'response')
        for (const value of tokenFieldValues(outcome.body))
            session.secret(value);
    return record(plan, outcome, judgedByGrant(spec, classifyTokenOutcome(outcome, ctx.tokenUrl)), session);
}
/**
 * Two credentials, two verdicts: an error that the grant says refuses its own credentials (the
 * password grant's invalid_grant) is the user's fault, never the client secret's. It stays a
 * `failed` result, so no placement search moves on: the client was not what the server refused.
 */
function judgedByGrant(spec, result) {
    if (result.kind !== 'failed' || !result.error || !grantFor(spec).rejectsUser(result.error.error))
        return result;
    const inputs = grantFor(spec)
        .credentials(spec)
        .map(c => c.input)
        .join(' and ');
    return {
        ...result,
        finding: (0,codes/* finding */.gk)('USER_CREDENTIALS_REJECTED', `${result.finding.message.replace(/\.$/, '')}: the server refused the ${spec.grant.type} grant's ${inputs} (${result.error.error}), not client ${spec.clientId.trim()}.`)
    };
}
async function exchange(spec, ctx, session) {
    const method = clientAuthFor(spec);
    const attempts = [];
    for (let plan = method.next(spec, attempts, ctx); plan; plan = method.next(spec, attempts, ctx)) {
        attempts.push(await attempt(spec, plan, ctx, session));
    }
    return { attempts, findings: method.conclude(spec, attempts, ctx), tried: method.describe(spec, attempts) };
}
function record(plan, outcome, result, session) {
    const date = outcome.kind === 'network' ? NaN : Date.parse(outcome.headers['date'] ?? '');
    const base = { plan, result, httpStatus: statusOfOutcome(outcome), latencyMs: outcome.latencyMs, tries: outcome.tries };
    return Number.isNaN(date) ? base : { ...base, skewS: (date - session.now()) / 1000 };
}
/** The attempt that obtained a token, if the last one did. */
function winnerOf(attempts) {
    const last = attempts.at(-1);
    return last?.result.kind === 'token' ? last : undefined;
}

;// CONCATENATED MODULE: ./src/pool.ts
// Runs async work over a list with at most `limit` in flight; results keep the list's order.
async function mapConcurrent(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/endpoint/region.ts
// `region: auto`: one token request per region, bounded; the first region (in table order) that
// issues a token wins. INVALID_CLIENT only when every region answered and rejected the client: a
// region that could not be reached proves nothing about the credentials.




/** Requests in flight at once while looking for a region (18 Genesys Cloud regions). */
const REGION_CONCURRENCY = 6;
async function detectRegion(spec, candidates, context, session) {
    const answers = await mapConcurrent(candidates, REGION_CONCURRENCY, async (candidate) => {
        const ctx = context(candidate.tokenUrl);
        const plan = clientAuthFor(spec).next(spec, [], ctx);
        if (!plan)
            throw new Error('a check always has a first plan');
        const { result } = await attempt(spec, plan, ctx, session);
        return { candidate, result };
    });
    return regionVerdict(spec, answers);
}
/** What the regions' answers prove. Pure. */
function regionVerdict(spec, answers) {
    const winner = answers.find(r => r.result.kind === 'token');
    if (winner) {
        const { region, tokenUrl } = winner.candidate;
        return {
            tokenUrl,
            finding: (0,codes/* finding */.gk)('REGION_DETECTED', `Region ${region} (${new URL(tokenUrl).host}) accepts this client.`, `Set region: ${region}, so the check and your application use that login host directly.`)
        };
    }
    const perRegion = answers
        .map(r => `${r.candidate.region} ${r.result.kind === 'rejected' ? (r.result.error?.error ?? r.result.shape) : r.result.kind === 'failed' ? r.result.finding.code : 'token'}`)
        .join(', ');
    const unreachable = answers.find(r => r.result.kind === 'failed');
    if (unreachable?.result.kind === 'failed') {
        const f = unreachable.result.finding;
        return {
            finding: (0,codes/* finding */.gk)(f.code, `No region accepted the client, and ${answers.filter(r => r.result.kind === 'failed').length} of ${answers.length} could not be asked (first: ${unreachable.candidate.region}: ${f.message})`.replace(/\.?\)$/, ').'), `${f.hint} Per region: ${perRegion}.`)
        };
    }
    return {
        finding: (0,codes/* finding */.gk)('INVALID_CLIENT', `Every region (${answers.length}) rejected the client ${spec.clientId.trim()}.`, `${codes/* CODES */.Lp.INVALID_CLIENT.hint} Per region: ${perRegion}.`)
    };
}

;// CONCATENATED MODULE: ./src/endpoint/locate.ts
// Where the token request goes: the configured URL, the issuer's discovered token_endpoint (which
// must meet the same URL rules), or the region that knows the client.





async function locate(spec, session, context) {
    const endpoint = spec.endpoint;
    if (endpoint.kind === 'url')
        return { ok: true, tokenUrl: endpoint.tokenUrl, metadata: undefined, autoFirst: spec.autoFirst, findings: [] };
    if (endpoint.kind === 'regions') {
        const region = await detectRegion(spec, endpoint.candidates, context, session);
        return region.tokenUrl === undefined
            ? { ok: false, tokenUrl: '', metadata: undefined, findings: [region.finding] }
            : { ok: true, tokenUrl: region.tokenUrl, metadata: undefined, autoFirst: spec.autoFirst, findings: [region.finding] };
    }
    const discovered = await discover(endpoint.issuer, session);
    if (typeof discovered === 'string') {
        const fallback = endpoint.tokenUrl === null ? '' : ' The check went on with token-url.';
        const failed = (0,codes/* finding */.gk)('DISCOVERY_FAILED', `Could not use the metadata of issuer ${endpoint.issuer}: ${discovered}.${fallback}`, endpoint.tokenUrl === null ? undefined : 'Fix the issuer URL, or remove the issuer input: token-url alone is enough.');
        return endpoint.tokenUrl === null
            ? { ok: false, tokenUrl: '', metadata: undefined, findings: [failed] }
            : { ok: true, tokenUrl: endpoint.tokenUrl, metadata: undefined, autoFirst: spec.autoFirst, findings: [failed] };
    }
    return fromMetadata(spec, endpoint.tokenUrl, discovered);
}
/** What the metadata settles: the token URL (RFC 8705 §5: the mTLS alias for mTLS clients), what auto tries first, and warnings. Pure. */
function fromMetadata(spec, configuredUrl, metadata) {
    const findings = [];
    if (!grantAdvertised(metadata, spec.grant.type))
        findings.push(grantNotAdvertisedFinding(metadata, spec.grant.type));
    const mtls = spec.clientAuth.method === 'tls_client_auth' || spec.clientAuth.method === 'self_signed_tls_client_auth';
    const tokenUrl = configuredUrl ?? (mtls ? metadata.mtlsTokenEndpoint : null) ?? metadata.tokenEndpoint;
    const auth = spec.clientAuth;
    if ((auth.method === 'private_key_jwt' || auth.method === 'client_secret_jwt') && metadata.signingAlgs && !metadata.signingAlgs.includes(auth.signingAlg)) {
        findings.push((0,codes/* finding */.gk)('SIGNING_ALG_NOT_ADVERTISED', `signing-alg ${auth.signingAlg} is not in the server's token_endpoint_auth_signing_alg_values_supported (${(0,src_text/* serverText */.Tn)(metadata.signingAlgs.join(', '), 200) || 'empty'}).`));
    }
    const problem = (0,url_rules/* discoveredEndpointProblem */.$n)(tokenUrl, spec.allowInsecureHttp);
    if (problem) {
        // A file:, javascript: … endpoint is named by its scheme only, and one with user:password@ is not
        // quoted: either is kept out of the report's URL fields.
        const web = /^https?:/i.test(tokenUrl) && !/^[^/]*\/\/[^/?#]*@/.test(tokenUrl);
        return web
            ? { ok: false, tokenUrl, metadata, findings: [...findings, problem] }
            : { ok: false, tokenUrl: '', metadata: { ...metadata, tokenEndpoint: '' }, findings: [...findings, problem] };
    }
    return { ok: true, tokenUrl, metadata, autoFirst: advertisedPlacement(metadata), findings };
}

;// CONCATENATED MODULE: ./src/exchange/session.ts
// What the steps of one check share: the network with the check's options, the clock, and every
// secret known so far. Answers reach the check as they came: a token is parsed from the real body
// and used as it is. Only display copies are redacted (buildResult, and the shell when it
// publishes), and redaction catches fragments, so no cleaning or cutting in between can hide a
// secret from it.
class Session {
    deps;
    options;
    secrets = [];
    constructor(deps, options) {
        this.deps = deps;
        this.options = options;
    }
    /** Masks a credential (a secret form, an assertion, a token) and redacts it from then on. */
    secret(value) {
        if (value === '' || this.secrets.includes(value))
            return;
        this.deps.mask(value);
        this.secrets.push(value);
    }
    async send(request, options = this.options) {
        return this.deps.transport(request, options);
    }
    known() {
        return this.secrets;
    }
    now() {
        return (this.deps.now ?? Date.now)();
    }
    get userAgent() {
        return this.deps.userAgent;
    }
}

;// CONCATENATED MODULE: ./src/findings/enrich.ts
// Sharpens the findings of a failed exchange with what the provider's error details, a
// hand-written URL's classic mistakes and the metadata's grant list tell. Pure.



function explainFailure(findings, context) {
    const errors = context.attempts.map(oauthErrorOf).filter((e) => e !== undefined);
    const vendor = errors.map(e => vendorError(e.errorCodes)).find(v => v !== undefined);
    const grantMissing = context.metadata !== undefined && !grantAdvertised(context.metadata, context.grantType);
    return findings.map(f => {
        if (f.severity !== 'error')
            return f;
        const oauthFailure = (0,codes/* inGroup */.HB)(f.code, 'oauth');
        let out = f;
        if (vendor && oauthFailure) {
            // The vendor's sharper diagnosis replaces the generic one; the server's own words stay in the message.
            const tried = context.attempts.length > 1 ? ` Tried: ${context.tried}.` : '';
            out = (0,codes/* finding */.gk)(vendor.code, `${vendor.message} ${f.message}`, `${vendor.hint}${tried}`);
        }
        const urlHint = providers_urlHints(context.tokenUrl, out.code);
        if (urlHint.length > 0)
            out = { ...out, hint: `${urlHint.join(' ')} ${out.hint}` };
        // invalid_grant to the user's credentials shows the server does handle the grant.
        if (grantMissing && oauthFailure && out.code !== 'USER_CREDENTIALS_REJECTED') {
            out = {
                ...out,
                hint: `The server's metadata does not list ${context.grantType} among its grants: this platform probably does not offer the grant at all, so no secret will fix this. ${out.hint}`
            };
        }
        return out;
    });
}
function oauthErrorOf(a) {
    return a.result.kind === 'rejected' ? a.result.error : a.result.kind === 'failed' ? a.result.error : undefined;
}
/** A recorded expiry in the past while the server still issues tokens: the date is what is wrong. */
function markStaleExpiry(findings) {
    return findings.map(f => f.code !== 'SECRET_EXPIRED'
        ? f
        : {
            ...f,
            message: `${f.message} The server still issued a token, so the recorded date is probably stale.`,
            hint: 'Check when the secret really expires (in the provider\'s admin UI) and update secret-expires-at; rotate the secret if it is indeed past its date.'
        });
}
/**
 * After a token was issued, a grant missing from the metadata means the metadata is incomplete,
 * not that the platform lacks the grant: the warning becomes a notice saying so.
 */
function markIncompleteMetadata(findings) {
    return findings.map(f => f.code !== 'GRANT_NOT_ADVERTISED'
        ? f
        : (0,codes/* finding */.gk)('METADATA_INCOMPLETE', `${f.message.replace(/\.$/, '')}; the server issued a token for it all the same, so the metadata is incomplete.`));
}

;// CONCATENATED MODULE: ./src/own-words.ts
// The text this Action writes itself: finding codes, titles and hints, input names, and the words of
// the report's enumerated fields. Runs of a secret that also occur here are our own words, not a
// leak (see Redactor's `benign`), so a secret that happens to contain "failing" or "header" cannot
// turn the report's status or placement into ***.


// Records, not lists: the compiler then insists on every member of each union.
const STATUSES = { healthy: true, degraded: true, failing: true };
const VERDICTS = { valid: true, invalid: true, misconfigured: true, indeterminate: true };
const own_words_SEVERITIES = { error: true, warning: true, notice: true };
const own_words_PLACEMENTS = { header: true, body: true, form: true, raw: true };
const FAMILIES = {
    client_secret: true,
    client_secret_jwt: true,
    private_key_jwt: true,
    tls_client_auth: true,
    self_signed_tls_client_auth: true
};
const OWN_WORDS = [
    ...Object.entries(codes/* CODES */.Lp).flatMap(([code, c]) => [code, c.title, c.hint]),
    ...Object.keys(catalogue/* INPUTS */.mc).flatMap(name => [name, `${name}-env`]),
    ...[STATUSES, VERDICTS, own_words_SEVERITIES, own_words_PLACEMENTS, FAMILIES].flatMap(words => Object.keys(words)),
    'client_secret_basic',
    'client_secret_post',
    'token',
    'rejected',
    'checks',
    'oauth-credential-health'
];

;// CONCATENATED MODULE: ./src/report/result.ts
// One check's entry in the report (the `report` output and report file), assembled from what the
// check found. Holds no secret and no token: every server-influenced string is redacted here.






/** Assembles the report entry; every server-influenced string is redacted of secret forms here. */
function buildResult(p) {
    const spec = p.spec;
    const configured = spec ? [spec.name, spec.clientId, issuerOf(spec) ?? '', spec.probe?.url ?? ''] : [];
    const secrets = new src_text/* Redactor */.pO(p.secrets ?? [], OWN_WORDS, [p.name, p.tokenUrl, ...configured]);
    const scrub = (s) => secrets.redact(s);
    const findings = p.findings.map(f => ({ ...f, message: scrub(f.message), hint: scrub(f.hint) }));
    const attempts = p.attempts ?? [];
    const reported = p.winner ?? attempts.at(-1);
    const claims = p.assessment?.claims ?? null;
    const method = spec ? clientAuthFor(spec) : undefined;
    const winnerPlan = p.winner?.plan.family === 'client_secret' ? p.winner.plan : undefined;
    return {
        // The real token, never a redacted copy: the probe and export-token use it.
        accessToken: p.grant?.accessToken,
        // Every other string of the entry, configured or server-chosen, is a display copy.
        result: (0,src_text/* redactDeep */.KL)({
            name: p.name,
            status: (0,codes/* statusOf */.c2)(findings),
            verdict: (0,codes/* verdictOf */.Vj)(findings, p.grant !== undefined),
            tokenUrl: p.tokenUrl,
            issuer: spec ? issuerOf(spec) : null,
            discovery: p.metadata
                ? { metadataUrl: p.metadata.url, tokenEndpoint: p.metadata.tokenEndpoint, authMethods: p.metadata.authMethods, grantTypes: p.metadata.grantTypes }
                : null,
            authMethod: spec && method ? method.methodName(spec, p.winner?.plan) : '',
            placement: winnerPlan?.placement ?? null,
            basicEncoding: winnerPlan?.placement === 'header' ? winnerPlan.basicEncoding : null,
            httpStatus: reported?.httpStatus ?? null,
            latencyMs: reported?.latencyMs ?? null,
            attempts: spec ? attempts.map(a => summarizeAttempt(spec, a, secrets)) : [],
            expiresIn: p.assessment?.expiresIn ?? null,
            expiresAt: p.assessment?.expiresAt ?? null,
            tokenType: p.grant?.tokenType !== undefined ? scrub((0,src_text/* serverText */.Tn)(p.grant.tokenType, 40)) : null,
            scope: p.grant?.scope !== undefined ? scrub((0,src_text/* serverText */.Tn)(p.grant.scope, 1000)) : null,
            claims: claims && {
                iss: claims.iss && scrub((0,src_text/* serverText */.Tn)(claims.iss, 200)),
                aud: claims.aud.map(a => scrub((0,src_text/* serverText */.Tn)(a, 200))),
                exp: claims.exp,
                iat: claims.iat,
                clientId: claims.clientId && scrub((0,src_text/* serverText */.Tn)(claims.clientId, 200)),
                scopes: claims.scopes && claims.scopes.map(s => scrub((0,src_text/* serverText */.Tn)(s, 200)))
            },
            probe: p.probe ?? null,
            apiEndpoint: p.apiEndpoint ? scrub((0,src_text/* serverText */.Tn)(p.apiEndpoint, 300)) : null,
            secretExpiresAt: spec === undefined || spec.secretExpiresAt === null ? null : new Date(spec.secretExpiresAt).toISOString(),
            secretDaysLeft: p.secretDaysLeft ?? null,
            clientCertNotAfter: p.certNotAfter ?? null,
            findings
        }, secrets)
    };
}
/** The result for a check whose inputs were rejected before any request. */
function inputErrorResult(name, tokenUrl, findings) {
    return buildResult({ name, tokenUrl, findings }).result;
}
function summarizeAttempt(spec, a, secrets) {
    const r = a.result;
    const error = oauthErrorOf(a);
    const plan = a.plan;
    return {
        authMethod: clientAuthFor(spec).methodName(spec, plan),
        placement: plan.family === 'client_secret' ? plan.placement : null,
        basicEncoding: plan.family === 'client_secret' && plan.placement === 'header' ? plan.basicEncoding : null,
        trimmed: plan.family === 'client_secret' ? plan.trimmed : false,
        audience: 'audience' in plan ? plan.audience : null,
        httpStatus: a.httpStatus ?? null,
        outcome: r.kind === 'failed' ? r.finding.code : r.kind,
        error: error ? secrets.redact(error.error) : null,
        latencyMs: a.latencyMs,
        tries: a.tries
    };
}

;// CONCATENATED MODULE: ./src/check.ts
// Runs one check: mask, locate the token endpoint, exchange, assess the token, probe the API,
// assemble the result. Orchestration only: every decision lives in the layer it belongs to. The
// network, the masking and the clock come in through CheckDeps, so this runs the same in the
// Action, in tests and in any other shell.
















async function runCheck(spec, deps) {
    const session = new Session(deps, transportOptions(spec, deps.userAgent));
    // Mask before the first request, so no later log line can show any form of the secret.
    for (const s of credentialForms(spec))
        session.secret(s);
    const expiry = assessSecretExpiry(spec, session.now());
    const cert = assessClientCert(spec, session.now());
    const findings = [...expiry.findings, ...cert.findings, ...spec.presetWarnings.map(w => (0,codes/* finding */.gk)('PROVIDER_RULE', w))];
    const done = (parts) => buildResult({ name: spec.name, spec, secrets: session.known(), secretDaysLeft: expiry.daysLeft, certNotAfter: cert.notAfter, findings, ...parts });
    // An expired or not yet valid certificate fails the handshake or the check: say so before sending.
    if (cert.findings.some(f => f.code === 'CLIENT_CERT_EXPIRED'))
        return done({ tokenUrl: spec_configuredTokenUrl(spec) });
    // Plain http to a *.localhost name only if it really is loopback.
    const urls = [spec_configuredTokenUrl(spec), issuerOf(spec) ?? '', spec.probe?.url ?? ''];
    const insecure = await (0,url_rules/* localhostProblems */.G$)(urls, spec.allowInsecureHttp, deps.lookup, spec.timeoutMs);
    if (insecure.length > 0) {
        findings.push(...insecure);
        return done({ tokenUrl: spec_configuredTokenUrl(spec) });
    }
    // 1. Where to send the token request.
    const context = (tokenUrl, issuer = issuerOf(spec)) => authContext(session, tokenUrl, issuer);
    const located = await locate(spec, session, context);
    findings.push(...located.findings);
    const { tokenUrl, metadata } = located;
    if (!located.ok)
        return done({ tokenUrl, metadata });
    // 2. The token exchange.
    const checked = { ...spec, autoFirst: located.autoFirst };
    const result = await exchange(checked, context(tokenUrl, metadata?.issuer ?? null), session);
    const { attempts } = result;
    const winner = winnerOf(attempts);
    const grant = winner?.result.kind === 'token' ? winner.result.grant : undefined;
    if (!grant) {
        findings.push(...explainFailure(result.findings, { attempts, tried: result.tried, metadata, tokenUrl, grantType: spec.grant.type }));
        return done({ tokenUrl, metadata, attempts });
    }
    findings.push(...result.findings);
    findings.splice(0, findings.length, ...markIncompleteMetadata(markStaleExpiry(findings)));
    // 3. What the token proves, and whether the API takes it.
    const assessment = assessToken(checked, grant, session.now());
    findings.push(...assessment.findings);
    const api = await apiEndpointOf(checked, grant, metadata?.issuer ?? null, session);
    if (api.problem)
        findings.push(api.problem);
    const probeSpec = resolveProbe(checked.probe, api.apiEndpoint);
    const probe = probeSpec ? await runProbe(probeSpec, grant, assessment, session) : undefined;
    if (probe?.problem)
        findings.push(probe.problem);
    return done({ tokenUrl, metadata, attempts, winner, grant, assessment, probe: probe?.summary ?? null, apiEndpoint: api.apiEndpoint });
}
/** The tenant's API host, for providers that publish it after a token (NICE CXone). */
async function apiEndpointOf(spec, grant, discoveredIssuer, session) {
    const lookup = spec.provider !== null && spec.provider in PROVIDERS ? PROVIDERS[spec.provider].apiEndpoint : undefined;
    const issuer = issuerOf(spec) ?? discoveredIssuer;
    if (!lookup || issuer === null)
        return { apiEndpoint: null, problem: undefined };
    const relative = spec.probe?.relativeTo === 'api-endpoint' ? spec.probe.url : null;
    return findApiEndpoint(lookup, issuer, grant, session, spec.allowInsecureHttp, relative);
}
/** An absolute probe as given; a path resolved against the API host, or no probe without one. */
function resolveProbe(probe, apiEndpoint) {
    if (!probe || probe.relativeTo === null)
        return probe;
    return apiEndpoint === null ? null : { ...probe, url: new URL(probe.url, `${apiEndpoint}/`).href, relativeTo: null };
}
function transportOptions(spec, userAgent) {
    const auth = spec.clientAuth;
    const mtls = auth.method === 'tls_client_auth' || auth.method === 'self_signed_tls_client_auth' ? auth.certificate : undefined;
    return {
        timeoutMs: spec.timeoutMs,
        retries: spec.retries,
        userAgent,
        tls: { ...(spec.caCert ? { ca: spec.caCert } : {}), ...(mtls ? { cert: mtls.certPem, key: mtls.keyPem } : {}) }
    };
}
/** Every form of every credential the spec holds: the secret's, the grant's own, and the key material's lines. */
function credentialForms(spec) {
    const auth = spec.clientAuth;
    return [
        ...secretForms(spec.clientId, spec.clientSecret),
        ...grantFor(spec)
            .credentials(spec)
            .flatMap(c => valueForms(c.value)),
        ...(auth.method === 'private_key_jwt' ? keyMaterialForms(auth.key.text) : []),
        ...(auth.method === 'tls_client_auth' || auth.method === 'self_signed_tls_client_auth' ? keyMaterialForms(auth.certificate.keyPem) : [])
    ];
}

;// CONCATENATED MODULE: ./src/run-checks.ts
// Runs every check of the step with bounded concurrency, in the configured order. A check whose
// inputs were rejected becomes its findings; a check that throws (a bug of ours) becomes
// CHECK_CRASHED, so one failure never costs the other checks their results.





async function runChecks(checks, concurrency, run) {
    return mapConcurrent(checks, concurrency, async (check) => {
        if (!check.ok)
            return { result: inputErrorResult(check.name, check.tokenUrl, check.findings), accessToken: undefined };
        try {
            return await run(check.spec);
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            const crashed = (0,codes/* finding */.gk)('CHECK_CRASHED', `The check failed unexpectedly: ${(0,src_text/* safeLogText */.Ht)(message, 300)}`);
            return { result: inputErrorResult(check.spec.name, tokenUrlOf(check), [crashed]), accessToken: undefined };
        }
    });
}

;// CONCATENATED MODULE: ./src/step.ts
// One step's work, shared by both shells (the Action's main.ts and the command line's cli.ts):
// run every check, then make the one display copy of the report that every channel reads. The
// token for export-token is the real one, taken from the run, never from the report.






/** `masked` is the set `deps.mask` fills: every secret form and token seen, for the redactor. */
async function runStep(parsed, masked, deps) {
    const runs = await runChecks(parsed.checks, parsed.options.concurrency, spec => runCheck(spec, deps));
    const redactor = new src_text/* Redactor */.pO(masked, OWN_WORDS, parsed.plain);
    const report = (0,src_text/* redactDeep */.KL)(buildReport(runs.map(r => r.result)), redactor);
    const requests = parsed.checks.flatMap((check, i) => {
        const result = runs[i]?.result;
        const request = check.ok && result ? workingRequest(check.spec, result, credentialForms(check.spec)) : undefined;
        return request ? [request] : [];
    });
    // The requests are display copies too: redacted with every secret of the step, not only their check's.
    return { report, redactor, accessToken: runs.length === 1 ? runs[0]?.accessToken : undefined, requests: (0,src_text/* redactDeep */.KL)(requests, redactor) };
}

;// CONCATENATED MODULE: ./src/main.ts
// The shell: reads the inputs, runs the checks, reports through @actions/core. Everything that
// decides something lives in the pure modules it calls.
















const USER_AGENT = 'oauth-credential-health/0.1';
/**
 * Shorter values are not registered with ::add-mask::: the runner would star out every matching
 * letter or word in the rest of the job's log (a server may choose a one-letter refresh token).
 * They are still redacted from what this Action displays when they have MIN_REDACTED characters.
 */
const MIN_MASKED = 8;
const REPORT_FILE_BASE = 'oauth-credential-health-report';
/** Untrimmed: core.getInput trims by default, which would hide a secret's trailing newline. */
const inputCache = new Map();
/**
 * Inputs do not change during a run, and a list of thousands of checks reads each step input once
 * per check: each is read from the environment once.
 */
const readInput = (name) => {
    let value = inputCache.get(name);
    if (value === undefined) {
        value = getInput(name, { trimWhitespace: false });
        inputCache.set(name, value);
    }
    return value;
};
async function run() {
    // Every secret form and token seen in this run: masked in the log, redacted from what we display.
    const masked = new Set();
    try {
        const mask = (value) => {
            if (value === '' || masked.has(value))
                return;
            masked.add(value);
            if (value.length >= MIN_MASKED)
                core_setSecret(value);
        };
        // Before anything else, even before validation: a bad input must not make a secret printable.
        for (const form of secretsOf(readInput))
            mask(form);
        const filePath = readInput('checks-file').trim();
        const parseYaml = readInput('checks').trim() === '' && filePath === '' ? undefined : await loadYamlParser();
        const listFile = filePath === '' ? undefined : await readChecksFile(filePath, process.env['GITHUB_WORKSPACE'] || process.cwd());
        const parsed = parseRun(readInput, name => process.env[name], parseYaml, listFile);
        // Every secret of every check is masked before the first request of any check.
        for (const form of parsed.secrets)
            mask(form);
        const { report, redactor, accessToken, requests } = await runStep(parsed, masked, { transport: send, mask, userAgent: USER_AGENT, lookup: resolveAll });
        await publish(report, parsed.options, accessToken, redactor, requests);
        // After the result is final: alerts warn on failure and never change it. A chunk of its own,
        // loaded only when asked for (as the YAML parser is). What they log takes the same road.
        if ((0,alerts_options/* alertsWanted */.Zw)(parsed.alerts)) {
            const { runAlerts, thresholdsByCheck } = await __nccwpck_require__.e(/* import() */ 327).then(__nccwpck_require__.bind(__nccwpck_require__, 7327));
            // core.notice/warning escape workflow commands and keep lines; core.info needs the log road.
            const kept = (m) => {
                const shown = (0,src_text/* showInvisible */.jQ)(redactor.redact(m));
                return shown.length > 2000 ? `${shown.slice(0, 1999)}…` : shown;
            };
            const log = { info: (m) => info((0,src_text/* display */.Vy)(m, redactor, 'log', 2000)), notice: (m) => notice(kept(m)), warning: (m) => warning(kept(m)) };
            const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
            const alertDeps = { transport: send, env: (n) => process.env[n], readFile: (p) => (0,promises_namespaceObject.readFile)(p, 'utf8'), now: Date.now, sleep, log, userAgent: USER_AGENT };
            await runAlerts(report, parsed.alerts, thresholdsByCheck(parsed.checks), alertDeps);
        }
    }
    catch (error) {
        // A bug of ours, not a finding: say so in one line, without a stack trace full of data.
        const message = error instanceof Error ? error.message : String(error);
        setFailed(`oauth-credential-health failed unexpectedly: ${(0,src_text/* display */.Vy)(message, new src_text/* Redactor */.pO(masked), 'log', 300)}`);
    }
    finally {
        // Kept-alive connections are idle (and unreferenced) by now; close them so nothing lingers.
        destroyAgents();
    }
}
async function publish(report, options, accessToken, redactor, requests) {
    const safeLogText = (text, max) => (0,src_text/* display */.Vy)(text, redactor, 'log', max);
    const fail = shouldFail(report, options.failOn);
    for (const check of report.checks)
        info(logLine(check));
    // Within GitHub's budget of 10 per severity per step (report/annotations.ts); setFailed prints one more error.
    const plan = planAnnotations(report.checks, { summary: options.summary, reserved: { error: fail ? 1 : 0 } });
    for (const { level, title, message } of plan.annotations) {
        const annotate = level === 'error' ? error : level === 'warning' ? warning : notice;
        annotate(message, { title });
    }
    const outputs = outputsFor(report, options.exportToken ? accessToken : undefined);
    for (const [name, value] of Object.entries(outputs))
        setOutput(name, value);
    // The file always holds the full report, whatever the `report` output had room for.
    setOutput('report-file', await writeReportFile(report, safeLogText));
    if (options.summary) {
        if (process.env['GITHUB_STEP_SUMMARY']) {
            try {
                await summary.addRaw(renderSummary(report, { appendix: snippetsMarkdown(requests) })).write();
            }
            catch (error) {
                warning(`Could not write the job summary: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`);
            }
        }
        else {
            core_debug('GITHUB_STEP_SUMMARY is not set; skipping the job summary.');
        }
    }
    const junitFile = readInput('junit-file').trim();
    if (junitFile !== '') {
        try {
            await (0,promises_namespaceObject.writeFile)(junitFile, renderJunit(report, options.failOn));
        }
        catch (error) {
            warning(`Could not write the JUnit file: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`);
        }
    }
    if (fail)
        setFailed(failureMessage(report, options.failOn));
}
/** The report as a file under RUNNER_TEMP, ready for actions/upload-artifact. '' when it cannot be written. */
async function writeReportFile(report, safeLogText) {
    // One file per step: GITHUB_ACTION is the step's id, so two uses in one job do not overwrite each other.
    const step = (process.env['GITHUB_ACTION'] ?? '').replace(/[^A-Za-z0-9_.-]/g, '_');
    const path = (0,external_node_path_namespaceObject.join)(process.env['RUNNER_TEMP'] || (0,external_node_os_namespaceObject.tmpdir)(), step ? `${REPORT_FILE_BASE}-${step}.json` : `${REPORT_FILE_BASE}.json`);
    try {
        // Written piece by piece: thousands of checks are never one string in memory.
        const file = await (0,promises_namespaceObject.open)(path, 'w', 0o600);
        try {
            for (const piece of reportJsonPieces(report))
                await file.write(piece);
            await file.write('\n');
        }
        finally {
            await file.close();
        }
        return path;
    }
    catch (error) {
        warning(`Could not write the report file: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`);
        return '';
    }
}


/***/ }),

/***/ 7893:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   qO: () => (/* binding */ retryDelayMs)
/* harmony export */ });
/* unused harmony exports BASE_DELAY_MS, MAX_DELAY_MS */
// When to try an HTTP request again, and how long to wait. Pure: the caller passes the randomness.
const BASE_DELAY_MS = 500;
/** A Retry-After longer than this is not waited for: the check reports RATE_LIMITED instead. */
const MAX_DELAY_MS = 10_000;
/**
 * Delay before the next try, or undefined when the outcome must not be retried.
 * Retried: network errors that can pass (not DNS "no such host", not certificate failures), 429
 * and 5xx. Never a 4xx: the answer would be the same, and a token endpoint may count failures.
 * `triesSoFar` counts the tries already made (1 after the first).
 */
function retryDelayMs(outcome, triesSoFar, random, nowMs) {
    if (outcome.kind === 'too-large')
        return undefined;
    if (outcome.kind === 'network') {
        // A proxy asking for credentials asks again: the next try would be the same.
        if (outcome.failure === 'tls' || outcome.failure === 'proxy-auth' || (outcome.failure === 'dns' && outcome.detail !== 'EAI_AGAIN'))
            return undefined;
    }
    else if (outcome.status !== 429 && outcome.status < 500) {
        return undefined;
    }
    const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (triesSoFar - 1));
    const jittered = Math.round(backoff / 2 + (backoff / 2) * random);
    if (outcome.kind !== 'response')
        return jittered;
    const retryAfter = parseRetryAfter(outcome.headers['retry-after'], nowMs);
    if (retryAfter === undefined)
        return jittered;
    return retryAfter > MAX_DELAY_MS ? undefined : Math.max(retryAfter, jittered);
}
/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
function parseRetryAfter(value, nowMs) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}


/***/ }),

/***/ 8992:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ct: () => (/* binding */ cleanServerText),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   Gb: () => (/* binding */ escapeSummary),
/* harmony export */   Ht: () => (/* binding */ safeLogText),
/* harmony export */   KL: () => (/* binding */ redactDeep),
/* harmony export */   NL: () => (/* binding */ decodeJsonEscapes),
/* harmony export */   Sm: () => (/* binding */ decodeEntities),
/* harmony export */   Tn: () => (/* binding */ serverText),
/* harmony export */   Vy: () => (/* binding */ display),
/* harmony export */   gr: () => (/* binding */ decodePercent),
/* harmony export */   jQ: () => (/* binding */ showInvisible),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony exports FRAGMENT, MIN_REDACTED, REDACTED, decodeText */
// The one road for untrusted text. Every string from a server or an input reaches a human or a
// file through here, in this order:
//
//   decode (JSON, HTML entities, percent-encoding, any case) → redact every known secret form and
//   any run of FRAGMENT characters of one → neutralise (workflow commands, Markdown/HTML, invisible
//   characters shown as <U+XXXX>) → cut.
//
// Redaction works on display copies only: the values a check uses (the token it probes with or
// exports) are never passed through here.
/** A run of this many characters of a secret is a leak, wherever it sits in the secret. */
const FRAGMENT = 6;
/** Exact forms shorter than this are not redacted: they would garble ordinary words. */
const MIN_REDACTED = 4;
const REDACTED = '***';
// ── decode ──────────────────────────────────────────────────────────────────────────────────────
const NAMED_ENTITIES = {
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sol: '/', bsol: '\\', plus: '+',
    equals: '=', colon: ':', semi: ';', comma: ',', period: '.', excl: '!', quest: '?', num: '#',
    percnt: '%', commat: '@', dollar: '$', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[',
    rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', ast: '*', midast: '*', verbar: '|',
    vert: '|', grave: '`', hat: '^', tilde: '~', lowbar: '_', UnderBar: '_', hyphen: '-', dash: '-',
    Tab: ' ', NewLine: ' '
};
function fromCodePoint(n) {
    return Number.isInteger(n) && n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
}
/** HTML character references: `&#64;`, `&#x40;`, `&commat;` (the semicolon optional, as browsers read them). */
function decodeEntities(text) {
    return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z]{2,8});?/g, (whole, ref) => {
        if (ref.startsWith('#x') || ref.startsWith('#X'))
            return fromCodePoint(parseInt(ref.slice(2), 16));
        if (ref.startsWith('#'))
            return fromCodePoint(parseInt(ref.slice(1), 10));
        return NAMED_ENTITIES[ref] ?? whole;
    });
}
/** `%40`, `%2f`, `%2F`: runs of percent-escapes decoded as UTF-8 (invalid bytes become U+FFFD). */
function decodePercent(text) {
    return text.replace(/(?:%[0-9a-fA-F]{2})+/g, run => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}
/** JSON string escapes found outside a parseable document: `\/`, `\"`, `\\`, `\u0040`, `\n`. */
function decodeJsonEscapes(text) {
    return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_whole, e) => {
        if (e.startsWith('u'))
            return String.fromCharCode(parseInt(e.slice(1), 16));
        return { b: ' ', f: ' ', n: ' ', r: ' ', t: ' ' }[e] ?? e;
    });
}
/** A parsed JSON value as one readable line: `error: invalid_client, error_description: …`. */
function flattenJson(value, depth = 0) {
    if (typeof value === 'string')
        return value;
    if (value === null || typeof value !== 'object')
        return String(value);
    if (depth > 8)
        return '…';
    if (Array.isArray(value))
        return value.map(v => flattenJson(v, depth + 1)).join(', ');
    return Object.entries(value)
        .map(([k, v]) => `${k}: ${flattenJson(v, depth + 1)}`)
        .join(', ');
}
/**
 * The logical string a server meant: a JSON document is parsed and its strings used; entities,
 * percent-escapes and stray JSON escapes are decoded until nothing changes (a double-encoded
 * secret is still the secret).
 */
function decodeText(text) {
    let out = text;
    const trimmed = text.trim().replace(/^\ufeff/, '');
    if (/^[[{"]/.test(trimmed)) {
        try {
            out = flattenJson(JSON.parse(trimmed));
        }
        catch {
            // Not a whole JSON document (or cut short): the escape decoding below still applies.
        }
    }
    for (let round = 0; round < 4; round++) {
        const next = decodePercent(decodeEntities(decodeJsonEscapes(out)));
        if (next === out)
            break;
        out = next;
    }
    return out;
}
// ── redact ──────────────────────────────────────────────────────────────────────────────────────
/** The secret values a display copy must not show. Build once per set of secrets. */
class Redactor {
    /** Exact forms by their first MIN_REDACTED characters, longest first: one pass finds them all. */
    exact;
    grams;
    /**
     * `benign` is text that is ours or the user's own and not secret: our messages' vocabulary and
     * the configured names, ids and URLs. A run of a secret that also occurs there is not evidence
     * of a leak (a secret `short-s3cr3t…` and a check named `short-lived` share `short-`), so it is
     * not redacted as a fragment; the whole secret and its forms always are. Each list's fragments
     * are computed once per list (OWN_WORDS is shared by every Redactor).
     */
    constructor(secrets, ...benign) {
        const sources = new Set();
        for (const s of secrets) {
            if (s.length < MIN_REDACTED)
                continue;
            sources.add(s);
            // What a form-encoded secret decodes to when '+' is left as it is.
            if (s.includes(' '))
                sources.add(s.replace(/ /g, '+'));
        }
        const exact = new Map();
        for (const form of [...sources].sort((a, b) => b.length - a.length)) {
            const key = form.slice(0, MIN_REDACTED);
            exact.set(key, [...(exact.get(key) ?? []), form]);
        }
        this.exact = exact;
        const grams = new Set();
        for (const s of sources) {
            // PEM armour lines are the same in every key: not a fragment of this one.
            for (const line of s.split(/\r?\n/)) {
                if (line.startsWith('-----'))
                    continue;
                for (let i = 0; i + FRAGMENT <= line.length; i++)
                    grams.add(line.slice(i, i + FRAGMENT));
            }
        }
        const benignSets = benign.map(gramsOf);
        for (const gram of grams)
            if (benignSets.some(set => set.has(gram)))
                grams.delete(gram);
        this.grams = grams;
    }
    get empty() {
        return this.exact.size === 0;
    }
    /** Replaces every secret form, and every run of FRAGMENT or more of a secret's characters, with ***. */
    redactRaw(text) {
        if (this.empty || text.length < MIN_REDACTED)
            return text;
        const hit = new Uint8Array(text.length);
        let any = false;
        for (let i = 0; i + MIN_REDACTED <= text.length; i++) {
            const forms = this.exact.get(text.slice(i, i + MIN_REDACTED));
            const form = forms?.find(f => text.startsWith(f, i));
            if (form !== undefined) {
                hit.fill(1, i, i + form.length);
                any = true;
            }
        }
        for (let i = 0; this.grams.size > 0 && i + FRAGMENT <= text.length; i++) {
            if (this.grams.has(text.slice(i, i + FRAGMENT))) {
                hit.fill(1, i, i + FRAGMENT);
                any = true;
            }
        }
        if (!any)
            return text;
        let result = '';
        for (let i = 0; i < text.length; i++) {
            if (hit[i] === 0)
                result += text[i];
            else if (i === 0 || hit[i - 1] === 0)
                result += REDACTED;
        }
        return result;
    }
    /** Whether the text shows a secret or a fragment of one. */
    reveals(text) {
        return this.redactRaw(text) !== text;
    }
    /**
     * Redacts the text as it is and as it decodes: when its logical string (JSON, entities,
     * percent-escapes) still shows a secret, the decoded and redacted string is what is shown.
     */
    redact(text) {
        if (this.empty)
            return text;
        const raw = this.redactRaw(text);
        const decoded = decodeText(raw);
        return decoded !== raw && this.reveals(decoded) ? this.redactRaw(decoded) : raw;
    }
}
const GRAMS = new WeakMap();
/** Every FRAGMENT-character run of a list of texts, remembered per list. */
function gramsOf(texts) {
    const known = GRAMS.get(texts);
    if (known)
        return known;
    const set = new Set();
    for (const text of texts)
        for (let i = 0; i + FRAGMENT <= text.length; i++)
            set.add(text.slice(i, i + FRAGMENT));
    GRAMS.set(texts, set);
    return set;
}
/** One-off redaction; prefer a Redactor when the same secrets redact many strings. */
function redact(text, secrets) {
    return new Redactor(secrets).redact(text);
}
/** Every string in a JSON-like value redacted and its invisible characters shown; structure kept. */
function redactDeep(value, redactor) {
    const walk = (v) => {
        if (typeof v === 'string')
            return showInvisible(redactor.redact(v));
        if (Array.isArray(v))
            return v.map(walk);
        if (v !== null && typeof v === 'object')
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
    };
    return walk(value);
}
// ── neutralise ──────────────────────────────────────────────────────────────────────────────────
/**
 * Characters that make text read differently from what it is: zero-width characters, bidi
 * controls, the BOM, Unicode tag characters (U+E0000–E007F), soft hyphen, variation selectors,
 * and the C0/C1 controls other than the whitespace that cleaning folds into spaces.
 */
// Intentional: these are the characters to find, combining ones included.
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;
/** Invisible characters as visible escapes: `a\u200Bb` → `a<U+200B>b`. */
function showInvisible(text) {
    return text.replace(INVISIBLE, c => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`);
}
/** One line, invisible characters shown, at most `max` characters. Does not decode or redact. */
function cleanServerText(text, max = 300) {
    const flat = showInvisible(text.replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')).replace(/\s+/g, ' ').trim();
    return cut(flat, max);
}
function cut(text, max) {
    if (text.length <= max)
        return text;
    // Never end inside a <U+XXXX> escape or a surrogate pair.
    let end = max - 1;
    const open = text.lastIndexOf('<U+', end);
    if (open !== -1 && text.indexOf('>', open) >= end)
        end = open;
    if (/[\ud800-\udbff]/.test(text.charAt(end - 1)))
        end--;
    return `${text.slice(0, end)}…`;
}
/**
 * Server text where it enters a finding or a report field: decoded to its logical string,
 * cleaned to one line, cut. Redaction of the check's secrets happens where the result is built
 * and again where it is published (the Redactor sees every secret known by then).
 */
function serverText(text, max = 300) {
    return cleanServerText(decodeText(text), max);
}
const HTML_ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
    '`': '&#96;',
    '|': '&#124;',
    '*': '&#42;',
    _: '&#95;',
    '[': '&#91;',
    ']': '&#93;',
    '~': '&#126;',
    '\\': '&#92;'
};
/**
 * Escapes text for the job summary, where it may sit in a Markdown table cell or an HTML block:
 * every character that HTML or GitHub Markdown gives meaning to inside a line becomes an entity,
 * URLs are kept from turning into links (a server must not plant a link in our report), and the
 * text stays on one line (a blank line would end an HTML block and restart Markdown parsing).
 */
function escapeSummary(text, max = 500) {
    return cleanServerText(text, max)
        .replace(/[&<>"'`|*_[\]~\\]/g, c => HTML_ENTITIES[c] ?? c)
        .replace(/:\/\//g, '&#58;//')
        .replace(/\bwww\./gi, m => `${m.slice(0, 3)}&#46;`);
}
/**
 * Makes text safe for a log line: one line, and no `::` or `##[` that the runner could read as a
 * workflow command (it trims leading space before it looks, so position alone is no defence).
 */
function safeLogText(text, max = 500) {
    return cleanServerText(text, max).replace(/::/g, ': :').replace(/##\[/g, '## [');
}
/** The whole road for one string: redact (as it is and as it decodes) → neutralise for the target → cut. */
function display(text, redactor, target, max = 500) {
    const safe = redactor.redact(text);
    return target === 'log' ? safeLogText(safe, max) : target === 'summary' ? escapeSummary(safe, max) : cleanServerText(safe, max);
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
