// e2e/size.mjs: measures the wasm, js and css that a browser downloads from dist/,
// raw and gzipped (gzip -9, as a static host would serve them).
//
// Used by e2e/size.test.mjs (the budget test) and by scripts/dist.sh (the report);
// `node e2e/size.mjs [DIR]` prints the report. It only reads files; it must not build.

import { readdir, readFile } from 'node:fs/promises';
import { join, extname, relative } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
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
 * The enforced ratchet (see TARGET_GZIP_BYTES). Raised from 771 KiB to 808 KiB when issue
 * #12's `jq` arrived: jq 1.7.1's filters, parser and error texts are ~104 KB of raw wasm
 * (twiggy, names build); the gzipped total went from ~787 KB to 826,158 B with that merge.
 * That is a debt, not a new normal: jq is to be slimmed or fetched on first use, and this
 * ceiling comes back down with it.
 */
export const CEILING_GZIP_BYTES = 808 * 1024;

/** What the budget test enforces today. */
export const BUDGET_GZIP_BYTES = CEILING_GZIP_BYTES;

/** The kinds we count, in report order. */
export const KINDS = ['wasm', 'js', 'css'];

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Sums raw and gzipped bytes per kind for every .wasm, .js and .css file under `dir`.
 * Returns { kinds: { wasm: { files, raw, gzip }, ... }, total: { files, raw, gzip } }.
 */
export async function measure(dir) {
  const kinds = Object.fromEntries(KINDS.map((k) => [k, { files: [], raw: 0, gzip: 0 }]));
  for await (const path of walk(dir)) {
    const kind = extname(path).slice(1);
    if (!(kind in kinds)) continue;
    const bytes = await readFile(path);
    const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
    kinds[kind].files.push(relative(dir, path));
    kinds[kind].raw += bytes.length;
    kinds[kind].gzip += gz;
  }
  const total = { files: [], raw: 0, gzip: 0 };
  for (const k of KINDS) {
    total.files.push(...kinds[k].files);
    total.raw += kinds[k].raw;
    total.gzip += kinds[k].gzip;
  }
  return { kinds, total };
}

const n = (x) => x.toLocaleString('en-US').padStart(11);

/** The report: one line per kind and a total line, in bytes. */
export function report(sizes, dirLabel = 'dist/') {
  const lines = [
    `size of ${dirLabel} (bytes; gzip -9; target ${TARGET_GZIP_BYTES.toLocaleString('en-US')}, enforced ceiling ${CEILING_GZIP_BYTES.toLocaleString('en-US')} gzipped):`,
  ];
  for (const k of KINDS) {
    const s = sizes.kinds[k];
    lines.push(`  ${k.padEnd(5)} ${n(s.raw)} raw ${n(s.gzip)} gzip   (${s.files.length} file${s.files.length === 1 ? '' : 's'})`);
  }
  const t = sizes.total;
  const pct = ((100 * t.gzip) / TARGET_GZIP_BYTES).toFixed(1);
  lines.push(`  total ${n(t.raw)} raw ${n(t.gzip)} gzip   (${pct}% of the 400 KB target)`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist';
  console.log(report(await measure(dir), dir.endsWith('/') ? dir : `${dir}/`));
}
