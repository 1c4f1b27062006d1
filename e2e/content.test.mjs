// e2e/content.test.mjs: a self-hoster adds a lesson to a built site without rebuilding
// (issue #6): copy dist/ into a temporary "web server" folder, drop a new lesson file into
// its content/lessons/ and a line into its content/SUMMARY.md, open the site from the
// sub-path /course/, and the new lesson is listed and opens. Also: a lesson with a broken
// exercise shows its located Korean diagnostics while the rest of the course keeps working.
// Every wait is on a condition with a timeout, never a fixed sleep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveSubPath } from './serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = resolve(ROOT, process.env.DIST ?? 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const WAIT_MS = 20000;

const ADDED = `+++
id = "added-later"
title = "나중에 더한 수업"
summary = "빌드 없이 dist/content/에 더한 수업입니다."
minutes = 1
+++

# 나중에 더한 수업

이 수업은 빌드가 끝난 뒤 정적 호스트에 파일로만 더했습니다.

\`\`\`docker
docker ps
\`\`\`
`;

const BROKEN = `+++
id = "broken-one"
title = "고장 난 수업"
summary = "연습 문제 TOML이 틀렸습니다."
minutes = 1
+++

# 고장 난 수업

\`\`\`exercise
id = "bad"
title = "틀린 연습 문제"
prompt = "아무거나"
solution = ["docker ps"]
[[goal]]
status = "running"
\`\`\`
`;

test('a lesson added to a built dist/content/ shows on reload, no rebuild', { timeout: 120000 }, async (t) => {
  assert.ok(existsSync(resolve(DIST, 'index.html')), `${DIST}/index.html is missing: build with \`make dist\` first`);
  const copy = await mkdtemp(join(tmpdir(), 'whalelab-hosted-'));
  t.after(() => rm(copy, { recursive: true, force: true }));
  await cp(DIST, copy, { recursive: true });
  await writeFile(join(copy, 'content/lessons/98-added-later.md'), ADDED);
  await writeFile(join(copy, 'content/lessons/99-broken-one.md'), BROKEN);
  const summary = await readFile(join(copy, 'content/SUMMARY.md'), 'utf8');
  await appendFile(join(copy, 'content/SUMMARY.md'), `${summary.endsWith('\n') ? '' : '\n'}\n# 호스트에서 더한 수업\n\n- [나중에 더한 수업](lessons/98-added-later.md)\n- [고장 난 수업](lessons/99-broken-one.md)\n`);

  const server = await serveSubPath(copy, 'course');
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));

  // A lesson added after the build has no page of its own (until `whalelab render`): its
  // address keeps the hash form, which the site's folder always answers.
  await page.goto(`${server.baseUrl}#/lesson/98-added-later`, { waitUntil: 'load' });
  await page.waitForFunction(() => [...document.querySelectorAll('#lesson h1')].some((h) => h.textContent.includes('나중에 더한 수업')), null, { timeout: WAIT_MS });
  // The navigation lists it too (the menu holds every SUMMARY link).
  await page.waitForFunction(() => document.body.innerHTML.includes('lesson/98-added-later'), null, { timeout: WAIT_MS });

  await page.goto(`${server.baseUrl}#/lesson/99-broken-one`, { waitUntil: 'load' });
  await page.waitForFunction(() => /99-broken-one\.md:\d+:\d+/.test(document.querySelector('#lesson')?.textContent ?? ''), null, { timeout: WAIT_MS });

  // The rest of the course still works.
  await page.goto(`${server.baseUrl}01-first-container.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => (document.querySelector('#lesson h1')?.textContent ?? '').trim().length > 0, null, { timeout: WAIT_MS });
  assert.deepEqual(errors, [], 'the page threw');
});
