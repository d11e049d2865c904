// Runs the test servers in their own process, for tests that spawn the
// Action's bundle (or anything else) against them, and for the demo.
//
// Protocol: once every server listens, ONE line of JSON goes to stdout,
//   {"urls":{...},"clients":{...},"ca":{"certPem":"..."},"cxone":{...}}
// and nothing else is ever written there. The process then stays up until its
// stdin ends (the parent closed the pipe or died) or it gets SIGTERM/SIGINT;
// it then closes every server and exits 0.
//
//   const child = spawn(node, ['__tests__/servers/cli.js'], { stdio: ['pipe', 'pipe', 'inherit'] });
//   const { urls, clients } = JSON.parse(await firstLine(child.stdout));
//   ...
//   child.stdin.end();

import { fstatSync } from 'node:fs';

import { startServers } from './index.js';

// stdout is reserved for the JSON line. oidc-provider prints its notices with
// console.info (which goes to stdout), so route that, and console.log, to
// stderr where they cannot corrupt the protocol.
console.info = console.error;
console.log = console.error;

/** @type {import('./index.js').Servers} */
let servers;
try {
  servers = await startServers();
} catch (error) {
  console.error('could not start the test servers:', error);
  process.exit(1);
}

process.stdout.write(
  `${JSON.stringify({ urls: servers.urls, clients: servers.clients, ca: servers.ca, cxone: servers.cxone })}\n`,
);

let stopping = false;
async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  try {
    await servers.close();
  } catch (error) {
    console.error('error while closing the test servers:', error);
    process.exit(1);
  }
  // Exit explicitly rather than waiting for the event loop to drain: the
  // parent may still hold our stdin open (after a signal), and the caller
  // wants a prompt, certain exit.
  process.exit(0);
}

process.once('SIGTERM', stop);
process.once('SIGINT', stop);

if (stdinCanEnd()) {
  // Watching stdin ties our lifetime to the parent: when it exits, even
  // without a chance to signal us (a crashed test runner), the pipe closes.
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

/**
 * Whether stdin is something whose end means "stop". When it is /dev/null
 * (spawned with stdin 'ignore', or started by a CI job without input) it ends
 * at once, and when it is closed it cannot be read: then only a signal stops us.
 *
 * @returns {boolean}
 */
function stdinCanEnd() {
  try {
    const stat = fstatSync(0);
    return !(stat.isCharacterDevice() && !process.stdin.isTTY);
  } catch {
    return false;
  }
}
