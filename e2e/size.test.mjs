// e2e/size.test.mjs: the size budget as a test (`node --test e2e/size.test.mjs`).
//
// Prints the size report of dist/ (or $DIST) and fails when the gzipped wasm + js + css that a
// lesson page loads exceed the budget, when dist/ does not hold a built app at all, or when it
// lacks the full app (a release build makes both: scripts/release.sh) or a page that names it.
// Sizes are deterministic for a given toolchain, so this never flakes. It must not build dist/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, report, BUDGET_GZIP_BYTES, FULL_FILE } from './size.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = resolve(ROOT, process.env.DIST ?? 'dist');
const measured = existsSync(resolve(DIST, 'index.html')) ? measure(DIST) : null;

test('dist/ stays within the gzipped size budget', async () => {
  assert.ok(measured, `${DIST}/index.html is missing: build with \`make dist\` first`);
  const sizes = await measured;
  console.log(report(sizes, `${process.env.DIST ?? 'dist'}/`));
  assert.ok(sizes.kinds.wasm.files.length >= 1, 'a lesson page loads no .wasm file');
  assert.ok(sizes.kinds.js.files.length >= 1, 'a lesson page loads no .js file');
  assert.ok(
    sizes.total.gzip <= BUDGET_GZIP_BYTES,
    `gzipped total ${sizes.total.gzip} B exceeds the budget of ${BUDGET_GZIP_BYTES} B`,
  );
});

test('dist/ holds the full app, which the pages name and only the check page loads', async () => {
  assert.ok(measured, `${DIST}/index.html is missing: build with \`make dist\` first`);
  const sizes = await measured;
  const js = sizes.full.files.filter((f) => f.endsWith('.js'));
  const wasm = sizes.full.files.filter((f) => f.endsWith('_bg.wasm'));
  assert.equal(js.length, 1, `one whalelab-full-*.js in ${DIST}: ${sizes.full.files}`);
  assert.equal(wasm.length, 1, `one whalelab-full-*_bg.wasm in ${DIST}: ${sizes.full.files}`);
  assert.ok(!sizes.total.files.some((f) => FULL_FILE.test(f)), `a lesson page loads the full app: ${sizes.total.files}`);
  const index = readFileSync(resolve(DIST, 'index.html'), 'utf8');
  assert.ok(index.includes(`<meta name="whalelab-full-js" content="${js[0]}">`), 'index.html names the full JS');
  assert.ok(index.includes(`<meta name="whalelab-full-wasm" content="${wasm[0]}">`), 'index.html names the full wasm');
  assert.ok(sizes.check, 'dist/ has a check page');
  assert.ok(sizes.check.files.includes(wasm[0]) && sizes.check.files.includes(js[0]), `check.html loads ${sizes.check.files}`);
  assert.ok(!sizes.check.files.some((f) => sizes.kinds.wasm.files.includes(f)), 'check.html loads the lite wasm too');
});
