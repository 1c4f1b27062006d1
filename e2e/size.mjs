// e2e/size.mjs: measures what a browser downloads from dist/ before the terminal of a lesson
// page is usable: the wasm, js and css that the page's HTML loads (the lite app: Trunk's loader,
// its preloads, the stylesheets), raw, gzipped (gzip -9) and brotli'd (quality 11), as a static
// host serves them (the build ships both as .gz and .br siblings: scripts/compress.mjs).
// Beside them, not counted: the full app (whalelab-full-*.js and *_bg.wasm, the second build of
// scripts/release.sh), which the lite app fetches only when a line first needs docker build,
// compose or jq; what the check page (instructors only) loads, which is the full app; and the
// pages the release build renders ahead of time (they are the text).
//
// Used by e2e/size.test.mjs (the budget test), e2e/perf.mjs and scripts/dist.sh (the report);
// `node e2e/size.mjs [DIR]` prints the report. It only reads files; it must not build.

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, extname, posix } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/**
 * The size target of issue #2 (and #5): total gzipped wasm + js + css <= 400 KB.
 * The bundle does not meet it yet (the engine's data and the shell/engine code alone are
 * larger); see README "Bundle size". Until it does, the test enforces CEILING_GZIP_BYTES,
 * a ratchet just above today's size so that growth is caught, and every report prints the
 * distance to the target. Lower the ceiling whenever the bundle shrinks.
 */
export const TARGET_GZIP_BYTES = 400 * 1024;

/**
 * The enforced ratchet on a lesson page's load (see TARGET_GZIP_BYTES). Raised from 771 KiB
 * to 808 KiB when issue #12's `jq` arrived: jq 1.7.1's filters, parser and error texts are
 * ~104 KB of raw wasm (twiggy, names build); the gzipped total went from ~787 KB to 826,158 B
 * with that merge. That is a debt, not a new normal: jq is to be slimmed or fetched on first
 * use, and this ceiling comes back down with it. Lowered to 789 KiB when release builds took
 * std's optimize_for_size feature and sha2's compact backend (811,922 -> 807,402 B).
 *
 * Raised to 974 KiB when issue #14 (docker build/tag/push/login/save/load, the practice hub,
 * the editor pane: +100,141 B gzipped, measured branch against main) and issue #15 (the
 * compose plugin with its YAML reader: +84,830 B, and `docker compose push` +940 B) landed
 * together: 994,645 B measured on the merge with issue #17's chapters (which add the
 * here-document grouping of ▶ blocks). Both issues asked to stay under the ceiling; they do
 * not, and this was owed back, not a new normal.
 *
 * Paid back, and lowered to 785 KiB (under issue #12's 789 KiB): a lesson page loads only the
 * lite app (what this ceiling counts); build, compose, jq, awk, mongosh, `docker events` and
 * the client's help texts are the full app's, a second wasm fetched when a line first needs one
 * of them (web/src/state/handover.rs), and the check page loads the full app directly.
 * Measured: 994,630 B -> 803,070 B gzipped (lite 821,844 with build, compose, jq, awk and the
 * check page out; -6,362 mongosh; -2,152 events; -10,056 the help texts, whose flag rows are now
 * a table generated at build time).
 *
 * 786 KiB: a container's main process seeing its bind mounts (the host's files lent for each
 * docker command) and `ls -R` cost 1,427 B (803,070 -> 804,497 B); still under 789 KiB.
 */
export const CEILING_GZIP_BYTES = 786 * 1024;

/** What the budget test enforces today. */
export const BUDGET_GZIP_BYTES = CEILING_GZIP_BYTES;

/** The kinds we count, in report order. */
export const KINDS = ['wasm', 'js', 'css'];

/** How scripts/release.sh names the full app's files: whalelab-full-HASH.js, whalelab-full-HASH_bg.wasm. */
export const FULL_FILE = /^whalelab-full-[^/]+(\.js|_bg\.wasm)$/;

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;

const empty = () => ({ files: [], raw: 0, gzip: 0, br: 0 });

/** The sizes of one file, compressed once however many loads count it (brotli q11 is slow). */
const sized = new Map();
async function add(into, dir, name) {
  const path = join(dir, name);
  if (!sized.has(path)) {
    const bytes = await readFile(path);
    sized.set(path, { raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length, br: brotli(bytes) });
  }
  const size = sized.get(path);
  into.files.push(name);
  into.raw += size.raw;
  into.gzip += size.gzip;
  into.br += size.br;
}

/** The module URLs in JavaScript text: static imports and import() with a literal. */
const IMPORTS = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\1/g;

/**
 * The files of `dir` (relative names) that a page's HTML loads: the href and src of its tags
 * (<link>: stylesheets, module and wasm preloads; src: scripts, images), the URLs of its inline module (Trunk's
 * loader: `import … from './x.js'`, `__trunkInitializer(init, './x_bg.wasm', …)`), and what
 * those scripts import in turn; each once, in the order found, only those that exist. A meta's
 * content (the full app's names) is no load, so it is not read.
 */
export async function loadedBy(dir, page) {
  const html = await readFile(join(dir, page), 'utf8');
  const urls = [];
  const attribute = (tag, name) => tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`))?.slice(1).find((v) => v !== undefined);
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) urls.push(attribute(tag, 'href'));
  for (const [tag] of html.matchAll(/<(?:script|img|iframe|source|audio|video)\b[^>]*>/gi)) urls.push(attribute(tag, 'src'));
  for (const m of html.matchAll(IMPORTS)) urls.push(m[2]);
  for (const m of html.matchAll(/__trunkInitializer\(\s*init\s*,\s*(['"])([^'"]+)\1/g)) urls.push(m[2]);
  const names = [];
  const visit = async (url, from) => {
    if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('#')) return;
    const name = posix.join(posix.dirname(from), url.split(/[?#]/)[0]);
    if (!name || name.startsWith('..') || names.includes(name) || !existsSync(join(dir, name))) return;
    names.push(name);
    if (name.endsWith('.js')) for (const m of (await readFile(join(dir, name), 'utf8')).matchAll(IMPORTS)) await visit(m[2], name);
  };
  for (const url of urls) await visit(url, page);
  return names;
}

/**
 * Sums raw, gzipped and brotli bytes:
 *   kinds/total: per kind, the wasm, js and css that a lesson page (index.html: the first lesson)
 *                loads before its terminal is usable: what the budget counts;
 *   full:        the full app's wasm and JS (whalelab-full-*), fetched on first need;
 *   check:       what check.html loads (the full app, the stylesheets), if the site has it;
 *   other:       wasm, js and css files of `dir` that none of those load (sw.js, the initializer
 *                once the app is loaded by another glue…), listed, not summed;
 *   pages:       the .html files at the top of `dir`.
 * Returns { kinds: { wasm: { files, raw, gzip, br }, ... }, total, full, check, other, pages }.
 */
export async function measure(dir) {
  const kinds = Object.fromEntries(KINDS.map((k) => [k, empty()]));
  const loaded = await loadedBy(dir, 'index.html');
  for (const name of loaded) {
    const kind = extname(name).slice(1);
    if (kind in kinds) await add(kinds[kind], dir, name);
  }
  const total = empty();
  for (const k of KINDS) {
    total.files.push(...kinds[k].files);
    total.raw += kinds[k].raw;
    total.gzip += kinds[k].gzip;
    total.br += kinds[k].br;
  }

  const top = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  const full = empty();
  for (const name of top.filter((n) => FULL_FILE.test(n))) await add(full, dir, name);
  let check = null;
  const checkLoads = existsSync(join(dir, 'check.html')) ? await loadedBy(dir, 'check.html') : [];
  if (checkLoads.length) {
    check = empty();
    for (const name of checkLoads) if (KINDS.includes(extname(name).slice(1))) await add(check, dir, name);
  }
  const other = top.filter(
    (n) => KINDS.includes(extname(n).slice(1)) && !total.files.includes(n) && !full.files.includes(n) && !check?.files.includes(n),
  );
  const pages = empty();
  for (const name of top.filter((n) => n.endsWith('.html'))) await add(pages, dir, name);
  return { kinds, total, full, check, other, pages };
}

const n = (x) => x.toLocaleString('en-US').padStart(11);
const count = (s) => `${s.files.length} file${s.files.length === 1 ? '' : 's'}`;
const sizes = (s) => `${n(s.raw)} raw ${n(s.gzip)} gzip ${n(s.br)} brotli`;

/** The report: one line per kind and a total line, in bytes; then what is not counted. */
export function report(measured, dirLabel = 'dist/') {
  const lines = [
    `size of ${dirLabel}: what a lesson page loads before its terminal is usable (bytes; gzip -9 and brotli q11; target ${TARGET_GZIP_BYTES.toLocaleString('en-US')}, enforced ceiling ${CEILING_GZIP_BYTES.toLocaleString('en-US')} gzipped):`,
  ];
  for (const k of KINDS) lines.push(`  ${k.padEnd(5)} ${sizes(measured.kinds[k])}   (${count(measured.kinds[k])})`);
  const t = measured.total;
  const pct = ((100 * t.gzip) / TARGET_GZIP_BYTES).toFixed(1);
  lines.push(`  total ${sizes(t)}   (${pct}% of the 400 KB target, gzipped)`);
  lines.push('not counted:');
  const f = measured.full;
  lines.push(
    f?.files.length
      ? `  full  ${sizes(f)}   (${count(f)}: the full app, fetched when a line first needs build/compose/jq)`
      : '  full  none: this site has no full app (whalelab-full-*.js, whalelab-full-*_bg.wasm)',
  );
  const c = measured.check;
  if (c) lines.push(`  check ${sizes(c)}   (${count(c)}: what check.html loads, for instructors)`);
  const p = measured.pages;
  if (p?.files.length) {
    const per = (x) => Math.round(x / p.files.length).toLocaleString('en-US');
    lines.push(`  pages ${sizes(p)}   (${count(p)}, ${per(p.gzip)} B gzipped each on average: the text itself)`);
  }
  if (measured.other?.length) lines.push(`  other ${measured.other.join(', ')} (loaded by no page's HTML)`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist';
  console.log(report(await measure(dir), dir.endsWith('/') ? dir : `${dir}/`));
}
