// A forward proxy, as a corporate network puts in front of self-hosted runners. It answers
// CONNECT host:port by opening a tunnel to 127.0.0.1:port, whatever the host name, so a test can
// use a made-up host (which @actions/http-client does not treat as loopback, and so sends through
// the proxy) and still reach the local servers. GET /__log lists the CONNECT targets it saw.

import { createServer } from 'node:http';
import { connect } from 'node:net';

import { HOST, close, listen, sendJson } from './http.js';

/**
 * @returns {Promise<{ server: import('node:http').Server, base: string }>}
 */
export async function startProxy() {
  /** @type {string[]} */
  const seen = [];
  /** @type {Set<import('node:net').Socket>} */
  const tunnels = new Set();
  const server = createServer((req, res) => {
    if (req.url === '/__log') return sendJson(res, 200, { connects: seen });
    return sendJson(res, 405, { error: 'this proxy only tunnels (CONNECT)' });
  });
  server.on('connect', (req, clientSocket, head) => {
    const target = req.url ?? '';
    seen.push(target);
    const port = Number(target.split(':').pop());
    const upstream = connect(port, HOST, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    for (const socket of [clientSocket, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
      socket.on('error', () => {
        clientSocket.destroy();
        upstream.destroy();
      });
    }
  });
  // Tunnels are not HTTP connections: closeAllConnections() does not see them.
  const originalClose = server.close.bind(server);
  server.close = (callback) => {
    for (const socket of tunnels) socket.destroy();
    return originalClose(callback);
  };
  const port = await listen(server);
  return { server, base: `http://${HOST}:${port}` };
}

export { close };
