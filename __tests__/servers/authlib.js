// Starts the Authlib authorization server (authlib_server.py) in a Python child
// process: a second, independent OAuth 2.0 implementation next to oidc-provider,
// one that enforces each client's registered authentication method natively.
//
// It needs Debian's python3-authlib and python3-flask (.ci/run installs them).
// The Python that has them is looked for among a few interpreters, since a
// version manager's `python3` on PATH may not see Debian's packages.

import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { AUTHLIB_CLIENTS } from './clients.js';
import { HOST } from './http.js';

/** @import { ChildProcess } from 'node:child_process' */

const SCRIPT = fileURLToPath(new URL('./authlib_server.py', import.meta.url));
const PYTHONS = ['/usr/bin/python3', 'python3'];

/**
 * @typedef {object} AuthlibServer
 * @property {string} base e.g. http://127.0.0.1:PORT
 * @property {() => Promise<void>} close stops the child process
 */

/** @returns {string} an interpreter that can import authlib and flask */
function python() {
  for (const candidate of PYTHONS) {
    const probe = spawnSync(candidate, ['-c', 'import authlib, flask'], { stdio: 'ignore' });
    if (probe.status === 0) {
      return candidate;
    }
  }
  throw new Error(
    'the Authlib test server needs python3-authlib and python3-flask: apt-get install -y python3-authlib python3-flask (.ci/run does this)',
  );
}

/** @returns {Promise<AuthlibServer>} */
export async function startAuthlibServer() {
  /** @type {ChildProcess} */
  const child = spawn(python(), [SCRIPT, JSON.stringify(Object.values(AUTHLIB_CLIENTS))], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (/** @type {Buffer} */ d) => {
    stderr += d.toString();
  });
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the Authlib server exited (${code}): ${stderr}`)));
  });
  const { port } = /** @type {{ port: number }} */ (JSON.parse(String(line)));

  /** @type {Promise<void> | undefined} */
  let closing;
  const close = () =>
    (closing ??= new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.stdin?.end();
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }));
  return { base: `http://${HOST}:${port}`, close };
}
