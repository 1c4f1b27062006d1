// e2e/browser.mjs: what the course test and the performance report share: where the built
// site is, how to serve it from /course/, how to start Debian's Chromium through
// playwright-core, and how to collect everything the page reports as an error.
//
// openSite() serves dist/ (or $DIST) from the sub-path /course/ (or uses $BASE_URL) and
// launches headless Chromium; it returns { baseUrl, browser, close() }. It never builds or
// changes dist/. watchProblems(page, list) pushes every console error, page error, failed
// request and HTTP error status of that page onto `list`.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveSubPath } from './serve.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = resolve(ROOT, process.env.DIST ?? 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The flags verified with Debian's Chromium on a machine without a general network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** How long any single condition may take before a test gives up. */
export const WAIT_MS = 20000;

/** Serves the site and starts the browser; `close()` stops both. */
export async function openSite({ args = [] } = {}) {
  let baseUrl = process.env.BASE_URL;
  let server = null;
  if (!baseUrl) {
    if (!existsSync(resolve(DIST, 'index.html'))) {
      throw new Error(`${DIST}/index.html is missing: build with \`make dist\` first`);
    }
    server = await serveSubPath(DIST, 'course');
    baseUrl = server.baseUrl;
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] });
  } catch (e) {
    await server?.close();
    throw e;
  }
  const close = async () => {
    await browser.close().catch(() => {});
    await server?.close();
  };
  return { baseUrl, browser, close };
}

/** Collects the page's errors into `list` (strings), for an assertion at the end. */
export function watchProblems(page, list) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') list.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => list.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) list.push(`HTTP ${res.status()}: ${res.url()}`);
  });
}

/** Types a command line into the terminal's input and presses Enter. */
export async function typeCommand(page, line) {
  const input = page.locator('#terminal-input');
  await input.fill(line);
  await input.press('Enter');
}

/** Texts of the terminal's output lines. */
export function outputLines(page) {
  return page.locator('#terminal-output .line').allTextContents();
}
