// scripts/compress.mjs DIR: writes a `.gz` (gzip -9) and a `.br` (brotli, quality 11) sibling
// of every file of a built site, for static hosts that serve precompressed files (nginx
// gzip_static/brotli_static, Caddy's precompressed, most CDNs): the bytes on the wire without
// compressing on every request, and brotli where the host would only gzip.
//
// Node's own zlib does both (brotli since Node 11), so nothing is installed for it. Not
// compressed: the content folder (instructors edit those files in place on the server, and a
// sibling left from the build would then be served instead of their edit; hosts compress such
// small text on the fly), the siblings themselves, and hidden files. Run by scripts/release.sh
// after `whalelab render` (which removes the siblings of the pages it rewrites). It writes only
// siblings, and only when their bytes change.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/compress.mjs DIR');
  process.exit(2);
}

async function* files(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (relative(dir, path) !== 'content') yield* files(path);
    } else if (entry.isFile() && !/\.(gz|br)$/.test(entry.name)) {
      yield path;
    }
  }
}

/** Writes `path` unless it already holds exactly `bytes` (a second run changes nothing). */
async function writeIfChanged(path, bytes) {
  const old = await readFile(path).catch(() => null);
  if (!old || !old.equals(bytes)) await writeFile(path, bytes);
}

let count = 0;
let raw = 0;
let gz = 0;
let br = 0;
for await (const path of files(dir)) {
  const bytes = await readFile(path);
  const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  await writeIfChanged(`${path}.gz`, gzip);
  await writeIfChanged(`${path}.br`, brotli);
  count++;
  raw += bytes.length;
  gz += gzip.length;
  br += brotli.length;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`compressed ${count} files of ${dir}: ${kb(raw)} raw, ${kb(gz)} gzip -9, ${kb(br)} brotli (.gz and .br beside each)`);
