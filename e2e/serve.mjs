// e2e/serve.mjs: serves a built site from a sub-path of a local static server, the way a
// self-hoster would drop dist/ into some folder of their web server.
//
// serveSubPath(dist, 'course') makes a temporary directory holding only a `course` link to
// dist/, starts `python3 -m http.server` on 127.0.0.1 with a free port chosen by the OS,
// and returns { baseUrl: 'http://127.0.0.1:PORT/course/', close(), log() }.
// It serves files; it must not build or change dist/.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export async function serveSubPath(dist, subPath = 'course', { timeoutMs = 15000 } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'whalelab-e2e-'));
  await symlink(resolve(dist), join(root, subPath), 'dir');
  // Port 0: the OS picks a free port and the server prints it (-u: unbuffered).
  const proc = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logLines = [];
  const remember = (chunk) => {
    logLines.push(...chunk.toString().split('\n').filter(Boolean));
    if (logLines.length > 200) logLines.splice(0, logLines.length - 200);
  };
  proc.stderr.on('data', remember);

  const close = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    const port = await new Promise((resolvePort, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`python3 http.server did not start within ${timeoutMs} ms`)), timeoutMs);
      proc.stdout.on('data', (chunk) => {
        out += chunk.toString();
        remember(chunk);
        const m = out.match(/Serving HTTP on \S+ port (\d+)/);
        if (m) {
          clearTimeout(timer);
          resolvePort(Number(m[1]));
        }
      });
      proc.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`python3 http.server exited with ${code}: ${logLines.join('\n')}`));
      });
    });
    return { baseUrl: `http://127.0.0.1:${port}/${subPath}/`, close, log: () => logLines.join('\n') };
  } catch (e) {
    await close();
    throw e;
  }
}
