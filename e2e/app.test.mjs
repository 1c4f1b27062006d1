// e2e/app.test.mjs: the end-to-end test of the built site in headless Chromium
// (`node --test e2e/app.test.mjs`, run by `make test` after `trunk build`).
//
// It serves dist/ (or $DIST) from the sub-path /course/ of a local static server, or uses
// $BASE_URL when given, and drives Debian's Chromium through playwright-core: type the
// slice's two docker commands, then check the `docker ps` table, the state view and the
// lesson, and that the page logged no errors and fetched nothing outside its own folder.
// It saves a screenshot to target/e2e/slice.png (or $SCREENSHOT) for people to look at.
// Every wait is on a condition with a timeout, never a fixed sleep.
//
// The DOM contract with the web crate: #terminal-input (Enter runs it), #terminal-output
// .line(.cmd|.stdout|.stderr), #state-view .container-box[data-name][data-state], #lesson h1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveSubPath } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS, DIST, ROOT, WAIT_MS } from './browser.mjs';

const SCREENSHOT = resolve(ROOT, process.env.SCREENSHOT ?? 'target/e2e/slice.png');

/** Types a command line into the terminal and presses Enter. */
async function run(page, line) {
  const input = page.locator('#terminal-input');
  await input.fill(line);
  await input.press('Enter');
}

/** Texts of the terminal's output lines. */
function outputLines(page) {
  return page.locator('#terminal-output .line').allTextContents();
}

test('the first slice runs in headless Chromium from a sub-path', { timeout: 120000 }, async (t) => {
  let baseUrl = process.env.BASE_URL;
  if (!baseUrl) {
    assert.ok(existsSync(resolve(DIST, 'index.html')), `${DIST}/index.html is missing: build with \`make dist\` first`);
    const server = await serveSubPath(DIST, 'course');
    t.after(() => server.close());
    baseUrl = server.baseUrl;
  }
  t.diagnostic(`site: ${baseUrl}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

  const problems = [];
  const outside = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  // A self-hosted copy may live in any folder: every asset must come from below the page's own folder.
  page.on('request', (req) => {
    const url = req.url();
    if (/^https?:/.test(url) && !url.startsWith(baseUrl)) outside.push(url);
  });

  try {
    await page.goto(baseUrl, { waitUntil: 'load' });
    await page.locator('#terminal-input').waitFor({ state: 'visible', timeout: WAIT_MS });

    await run(page, 'docker run --name apa000ex1 -d -p 8080:80 httpd');
    // `docker run -d` ends by printing the new container's full 64-hex ID.
    await page.waitForFunction(
      () => [...document.querySelectorAll('#terminal-output .line')].some((el) => /^[0-9a-f]{64}$/.test(el.textContent.trim())),
      null,
      { timeout: WAIT_MS },
    );

    await run(page, 'docker ps');
    await page.waitForFunction(
      () => {
        const lines = [...document.querySelectorAll('#terminal-output .line')].map((el) => el.textContent);
        const header = lines.findIndex((l) => l.startsWith('CONTAINER ID   IMAGE'));
        return header >= 0 && lines.slice(header + 1).some((l) => l.includes('apa000ex1') && l.includes('0.0.0.0:8080->80/tcp'));
      },
      null,
      { timeout: WAIT_MS },
    );

    const cmds = await page.locator('#terminal-output .line.cmd').allTextContents();
    assert.ok(
      cmds.some((l) => l.includes('docker ps')),
      `no echoed \`$ docker ps\` line with class cmd; cmd lines: ${JSON.stringify(cmds)}`,
    );

    await page
      .locator('#state-view .container-box[data-name="apa000ex1"][data-state="running"]')
      .waitFor({ state: 'attached', timeout: WAIT_MS });

    const h1 = page.locator('#lesson h1').first();
    await h1.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.notEqual((await h1.textContent()).trim(), '', '#lesson h1 is empty');

    const rendered = await page.evaluate(() => performance.getEntriesByName('app-rendered', 'mark')[0]?.startTime);
    t.diagnostic(rendered === undefined ? 'no app-rendered mark' : `app rendered ${Math.round(rendered)} ms after navigation start`);

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    t.diagnostic(`screenshot: ${SCREENSHOT}`);

    assert.deepEqual(problems, [], 'the page reported errors');
    assert.deepEqual(outside, [], `the page fetched URLs outside ${baseUrl}`);
  } catch (err) {
    // Leave evidence for whoever reads the CI log.
    const failShot = resolve(dirname(SCREENSHOT), 'failure.png');
    await mkdir(dirname(failShot), { recursive: true });
    await page.screenshot({ path: failShot }).catch(() => {});
    const lines = await outputLines(page).catch(() => []);
    t.diagnostic(`terminal output at failure:\n${lines.join('\n')}`);
    if (problems.length) t.diagnostic(`page problems:\n${problems.join('\n')}`);
    t.diagnostic(`failure screenshot: ${failShot}`);
    throw err;
  }
});

test('a trap in the release build shows the Korean crash banner, and 다시 시작 reloads', { timeout: 60000 }, async (t) => {
  assert.ok(existsSync(resolve(DIST, 'index.html')), `${DIST}/index.html is missing: build with \`make dist\` first`);
  const server = await serveSubPath(DIST, 'course');
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(server.baseUrl, { waitUntil: 'load' });
  await page.locator('#terminal-input').waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.equal(await page.locator('#crash-banner').count(), 0, 'no banner on a healthy page');

  // Release wasm aborts on panic (scripts/release.sh): the browser sees a
  // WebAssembly.RuntimeError thrown out of an event handler. Report one the same way.
  await page.evaluate(() => {
    window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable'), message: 'unreachable' }));
  });
  const banner = page.locator('#crash-banner');
  await banner.waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.match(await banner.textContent(), /문제가 생겨/);

  // An ordinary script error elsewhere on the page is not a crash of the app.
  await page.reload({ waitUntil: 'load' });
  await page.locator('#terminal-input').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.evaluate(() => window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('x is undefined') })));
  assert.equal(await page.locator('#crash-banner').count(), 0, 'a non-wasm error must not show the banner');

  await page.evaluate(() => {
    window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));
  });
  await banner.waitFor({ state: 'visible', timeout: WAIT_MS });
  // A marker on the old page's window: it is gone once the reload has replaced the page.
  await page.evaluate(() => { window.__beforeRestart = true; });
  await banner.locator('button').click();
  await page.waitForFunction(() => !window.__beforeRestart && document.querySelector('#terminal-input'), null, { timeout: WAIT_MS });
  assert.equal(await page.locator('#crash-banner').count(), 0, 'the restart reloads into a healthy page');
});
