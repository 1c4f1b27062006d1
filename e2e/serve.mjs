// e2e/serve.mjs: serves a built site from a sub-path of a local static server, the way a
// self-hoster would drop dist/ into some folder of their web server.
//
// serveSubPath(dist, 'course') starts a small Node HTTP server on 127.0.0.1 with a free port
// chosen by the OS and returns { baseUrl: 'http://127.0.0.1:PORT/course/', close(), log() }.
// It behaves like an ordinary static host: files only (a folder answers with its index.html,
// `/course` redirects to `/course/`, anything else is 404, no rewrites), a Content-Type by
// extension, Last-Modified and If-Modified-Since, and compression on the wire as hosts do it:
// the precompressed `.br` or `.gz` sibling when the browser accepts it and the build made one
// (scripts/compress.mjs), else gzip on the fly for text (the content/ folder). It serves files;
// it must not build or change dist/.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { createGzip, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const COMPRESSIBLE = /^(text\/|application\/(wasm|json|manifest\+json)|image\/svg)/;

const isFile = (path) => stat(path).then((s) => (s.isFile() ? s : null), () => null);

export async function serveSubPath(dist, subPath = 'course') {
  const root = resolve(dist);
  const logLines = [];
  const log = (line) => {
    logLines.push(line);
    if (logLines.length > 400) logLines.splice(0, logLines.length - 400);
  };
  const prefix = `/${subPath}/`;

  const server = createServer(async (req, res) => {
    const answer = (status, headers = {}) => {
      log(`${req.method} ${req.url} ${status}`);
      res.writeHead(status, headers);
      res.end();
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405);
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === `/${subPath}`) return answer(301, { Location: prefix });
      if (!path.startsWith(prefix)) return answer(404);
      let file = resolve(root, `.${sep}${path.slice(prefix.length)}`);
      if (file !== root && !file.startsWith(root + sep)) return answer(404);
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!path.endsWith('/')) return answer(301, { Location: `${req.url.split('?')[0]}/` });
        file = join(file, 'index.html');
        info = await isFile(file);
      }
      if (!info?.isFile()) return answer(404);

      const modified = new Date(Math.floor(info.mtimeMs / 1000) * 1000);
      const since = Date.parse(req.headers['if-modified-since'] ?? '');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Last-Modified': modified.toUTCString(), Vary: 'Accept-Encoding' };
      if (!Number.isNaN(since) && modified.getTime() <= since) return answer(304, headers);

      const accepts = String(req.headers['accept-encoding'] ?? '');
      let body = file;
      let size = info.size;
      let onTheFly = false;
      for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        const sibling = accepts.includes(encoding) && (await isFile(file + ext));
        if (sibling) {
          headers['Content-Encoding'] = encoding;
          body = file + ext;
          size = sibling.size;
          break;
        }
      }
      if (!headers['Content-Encoding'] && accepts.includes('gzip') && COMPRESSIBLE.test(type)) {
        headers['Content-Encoding'] = 'gzip';
        onTheFly = true;
      }
      if (!onTheFly) headers['Content-Length'] = size;
      log(`${req.method} ${req.url} 200 ${headers['Content-Encoding'] ?? 'identity'}`);
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      const stream = createReadStream(body);
      (onTheFly ? stream.pipe(createGzip({ level: constants.Z_BEST_COMPRESSION })) : stream).pipe(res);
    } catch (e) {
      log(`${req.method} ${req.url} 500 ${e.message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  const close = () =>
    new Promise((resolveClose) => {
      server.closeAllConnections?.();
      server.close(() => resolveClose());
    });
  return { baseUrl: `http://127.0.0.1:${port}${prefix}`, close, log: () => logLines.join('\n') };
}
