// e2e/size.test.mjs: the size budget as a test (`node --test e2e/size.test.mjs`).
//
// Prints the size report of dist/ (or $DIST) and fails when the gzipped wasm + js + css
// exceed the budget, or when dist/ does not hold a built app at all. Sizes are
// deterministic for a given toolchain, so this never flakes. It must not build dist/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, report, BUDGET_GZIP_BYTES } from './size.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = resolve(ROOT, process.env.DIST ?? 'dist');

test('dist/ stays within the gzipped size budget', async () => {
  assert.ok(existsSync(resolve(DIST, 'index.html')), `${DIST}/index.html is missing: build with \`make dist\` first`);
  const sizes = await measure(DIST);
  console.log(report(sizes, `${process.env.DIST ?? 'dist'}/`));
  assert.ok(sizes.kinds.wasm.files.length >= 1, 'dist/ holds no .wasm file');
  assert.ok(sizes.kinds.js.files.length >= 1, 'dist/ holds no .js file');
  assert.ok(
    sizes.total.gzip <= BUDGET_GZIP_BYTES,
    `gzipped total ${sizes.total.gzip} B exceeds the budget of ${BUDGET_GZIP_BYTES} B`,
  );
});
