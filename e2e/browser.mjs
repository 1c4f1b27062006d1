// e2e/browser.mjs: what the course test and the performance report share: where the built
// site is, how to serve it from /course/, how to start Debian's Chromium through
// playwright-core, and how to collect everything the page reports as an error.
//
// openSite() serves dist/ (or $DIST) from the sub-path /course/ (or uses $BASE_URL) and
// launches headless Chromium; it returns { baseUrl, browser, close() }. It never builds or
// changes dist/. watchProblems(page, list) pushes every console error (and sandbox warning),
// page error, failed request and HTTP error status of that page onto `list`. The rest are
// helpers the tests share: typing and waiting on the terminal, the frame's position, axe-core.

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

/**
 * Collects the page's errors into `list` (strings), for an assertion at the end: console
 * errors, and warnings about something the browser blocked (the preview frame's sandbox).
 */
export function watchProblems(page, list) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') list.push(`console error: ${msg.text()}`);
    // (Not the test's own choice of running without a service worker.)
    else if (msg.type() === 'warning' && /sandbox|blocked/i.test(msg.text()) && !/blocked by Playwright/.test(msg.text())) {
      list.push(`console warning: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
  // A request cancelled because the page went on to another (the lessons the 목차 fetches in
  // the background when a test opens the next page) is the browser's doing, not the page's.
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') list.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
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

/** How many echoed command lines (`.line.cmd`) the terminal shows. */
export function cmdCount(page) {
  return page.locator('#terminal-output .line.cmd').count();
}

/** Waits until the terminal has echoed more than `before` commands. */
export async function waitForCmd(page, before) {
  await page.waitForFunction((n) => document.querySelectorAll('#terminal-output .line.cmd').length > n, before, {
    timeout: WAIT_MS,
  });
}

/** Waits until some output line after the last echoed command matches `pattern`. */
export async function waitForOutput(page, pattern) {
  await page.waitForFunction(
    ([source, flags]) => {
      const re = new RegExp(source, flags);
      const lines = [...document.querySelectorAll('#terminal-output .line')];
      const lastCmd = lines.findLastIndex((el) => el.classList.contains('cmd'));
      return lines.slice(lastCmd + 1).some((el) => re.test(el.textContent));
    },
    [pattern.source, pattern.flags],
    { timeout: WAIT_MS },
  );
}

/** Types a command, then waits until it is echoed and (if given) its output matches `pattern`. */
export async function typeAndExpect(page, line, pattern) {
  const before = await cmdCount(page);
  await typeCommand(page, line);
  await waitForCmd(page, before);
  if (pattern) await waitForOutput(page, pattern);
}

/** Waits for the state view to show container `name` in `state`, or (state null) no such box. */
export async function waitForBox(page, name, state) {
  await page.waitForFunction(
    ([n, s]) => {
      const box = [...document.querySelectorAll('#state-view .container-box')].find((b) => b.dataset.name === n);
      return s === null ? !box : box?.dataset.state === s;
    },
    [name, state],
    { timeout: WAIT_MS },
  );
}

/**
 * Opens `url` and waits for the app to have taken over the page rendered ahead of time (no
 * `[data-static]` left), with the terminal and the lesson (or the sandbox) there.
 */
export async function openPage(page, url, what = '#lesson .lesson[data-lesson]') {
  await page.goto(url, { waitUntil: 'load' });
  await waitForApp(page);
  await page.locator(what).first().waitFor({ state: 'attached', timeout: WAIT_MS });
}

/**
 * Waits until the app has taken the page over: the copy rendered ahead of time is gone and
 * the app's own frame is there (with its terminal, but on the check page, which has none).
 */
export async function waitForApp(page) {
  await page.waitForFunction(
    () => !document.querySelector('[data-static]') && document.querySelector('.app') && (document.querySelector('#terminal-input') || document.querySelector('#check')),
    null,
    { timeout: WAIT_MS },
  );
}

/** The address of a lesson's page (`01-first-container.html`) under the site's folder. */
export const lessonPage = (baseUrl, id) => `${baseUrl}${id}.html`;

/**
 * In the page: whether the frame is where it belongs — the document does not scroll, is no
 * taller or wider than the window, and the header sits at the top.
 */
export function frameFacts() {
  const header = document.querySelector('.site-header')?.getBoundingClientRect();
  const root = document.scrollingElement;
  return {
    scrollX,
    scrollY,
    rootTop: root.scrollTop,
    rootLeft: root.scrollLeft,
    height: root.scrollHeight,
    width: root.scrollWidth,
    innerHeight,
    innerWidth,
    headerTop: header ? Math.round(header.top) : null,
  };
}

/** Fails unless `frameFacts()` says the frame stayed put. */
export function assertFrame(facts, what) {
  const ok =
    facts.scrollX === 0 &&
    facts.scrollY === 0 &&
    facts.rootTop === 0 &&
    facts.rootLeft === 0 &&
    facts.height <= facts.innerHeight &&
    facts.width <= facts.innerWidth &&
    facts.headerTop === 0;
  if (!ok) throw new Error(`the frame moved ${what}: ${JSON.stringify(facts)}`);
}

/** axe-core's source, injected into pages for the accessibility checks. */
export const AXE_SOURCE = resolve(ROOT, 'node_modules/axe-core/axe.min.js');

/**
 * Runs axe-core on the page (not inside the preview's script-less frame) and returns the
 * serious and critical violations as short strings.
 */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
