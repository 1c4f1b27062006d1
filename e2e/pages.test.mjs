// e2e/pages.test.mjs: the lessons as real pages (issue 16), in headless Chromium against the
// release build served from /course/ (precompressed files on the wire, like a static host):
//   1. JavaScript off: every lesson's page shows its full text — exactly the text the app shows
//      once it runs — and its links (next, previous, the 목차) open the other pages;
//   2. JavaScript on, with the wasm held back: the page reads at once, the terminal's place says
//      it is coming with the bytes loaded, a ▶ waits in a queue; released, the app takes the
//      same page over: nothing moves (every element's box compared, CLS measured), the lesson
//      pane keeps its scroll, the queued command runs; at 1440×900 and 390×844, screenshots of
//      both states in target/e2e/pages-*.png;
//   3. links between lessons open in place (no page load), Back and Forward return with the
//      pane's scroll, old `#/…` addresses land on their pages;
//   4. after one visit the site works offline (the service worker, which keeps the full app
//      too), a content edit in dist/content/ shows after a reload, and a new build's worker
//      replaces the old cache.
// Every wait is on a condition with a timeout, never a fixed sleep.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DIST, ROOT, WAIT_MS, lessonPage, openSite, typeAndExpect, waitForApp, watchProblems } from './browser.mjs';
import { serveSubPath } from './serve.mjs';

const SHOTS = resolve(ROOT, process.env.E2E_SHOTS ?? 'target/e2e');
const VIEWPORTS = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
];

let site;
/** The lessons of the built site's outline, in order: { id, title }. */
let lessons;
before(async () => {
  await mkdir(SHOTS, { recursive: true });
  site = await openSite();
  const summary = await readFile(resolve(DIST, 'content/SUMMARY.md'), 'utf8');
  lessons = [...summary.matchAll(/^\s*- \[([^\]]+)\]\(lessons\/([^)]+)\.md\)/gm)].map((m) => ({ title: m[1], id: m[2] }));
  assert.ok(lessons.length >= 10, `only ${lessons.length} lessons in SUMMARY.md`);
});
after(async () => site?.close());

/**
 * The lesson pane's text as a reader sees it (whitespace folded), buttons left out (without
 * JavaScript the page does not offer them).
 */
const lessonText = (page) =>
  page.evaluate(() => {
    const buttons = [...document.querySelectorAll('#lesson button')];
    const shown = buttons.map((b) => b.style.display);
    for (const b of buttons) b.style.display = 'none';
    const text = document.querySelector('#lesson').innerText.replace(/\s+/g, ' ').trim();
    buttons.forEach((b, i) => (b.style.display = shown[i]));
    return text;
  });

/** Waits until the page shows `lesson` (its file in the pane, its title on the tab). */
const waitForLesson = (page, lesson) =>
  page.waitForFunction(
    ({ id, title }) => document.title === `${title} — whalelab` && document.querySelector(`#lesson .lesson[data-path="lessons/${id}.md"]`),
    lesson,
    { timeout: WAIT_MS },
  );

test('1. JavaScript off: every lesson page shows its full text and working links', { timeout: 300000 }, async () => {
  const off = await site.browser.newContext({ viewport: { width: 1440, height: 900 }, javaScriptEnabled: false });
  const on = await site.browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await off.newPage();
  const live = await on.newPage();
  const problems = [];
  watchProblems(live, problems);
  for (const [i, lesson] of lessons.entries()) {
    const response = await page.goto(lessonPage(site.baseUrl, lesson.id));
    assert.equal(response.status(), 200, lesson.id);
    assert.equal(await page.title(), `${lesson.title} — whalelab`);
    const text = await lessonText(page);
    assert.ok(text.length > 500, `${lesson.id}: only ${text.length} characters`);
    // The full text: the same as the app shows once it has fetched and rendered the lesson.
    await live.goto(lessonPage(site.baseUrl, lesson.id));
    await waitForApp(live);
    assert.equal(await lessonText(live), text, `${lesson.id}: the page's text differs from the app's`);
    // What needs JavaScript says so instead of pretending.
    assert.ok(await page.locator('.boot-no-script').isVisible(), `${lesson.id}: no JavaScript note`);
    assert.equal(await page.locator('.run-button:visible').count(), 0, `${lesson.id}: dead ▶ buttons shown`);
    // The links to the neighbours are pages that exist.
    const next = lessons[i + 1];
    if (next) assert.equal(await page.locator('.lesson-links .next').getAttribute('href'), `${next.id}.html`);
    else assert.equal(await page.locator('.lesson-links .next').count(), 0);
    for (const href of await page.locator('a[href$=".html"], a[href="./"]').evaluateAll((as) => as.map((a) => a.href))) {
      assert.equal((await off.request.head(href)).status(), 200, `${lesson.id}: ${href}`);
    }
  }
  // Following the links: next, previous, and the 목차 (a <details>, no script needed).
  await page.goto(lessonPage(site.baseUrl, lessons[0].id));
  await page.locator('.lesson-links .next').click();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[1].id));
  await page.locator('.lesson-links .previous').click();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[0].id));
  await page.locator('.course-nav > summary').click();
  await page.locator(`.nav-lesson[data-lesson="${lessons[4].id}"]`).click();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[4].id));
  assert.equal(await page.title(), `${lessons[4].title} — whalelab`);
  await page.goto(site.baseUrl);
  // The site's folder is the first lesson's page.
  assert.equal(await page.locator('#lesson .lesson').getAttribute('data-path'), `lessons/${lessons[0].id}.md`);
  await page.screenshot({ path: resolve(SHOTS, 'pages-no-script-desktop.png') });
  assert.deepEqual(problems, []);
  await off.close();
  await on.close();
});

/** In the page: the box of every element that matters to the layout, by a stable path. */
function boxes() {
  const picked = [
    ...document.querySelectorAll(
      '.site-header > *, .layout > *, #lesson .lesson > *, #lesson .prose > *, #lesson .runnable, #lesson .exercise, #lesson .lesson-links > *, .practice-pane > *, #terminal > *, .sheet-bar > *',
    ),
  ];
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e.parentElement && !e.matches('.app'); e = e.parentElement) {
      parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}:${[...e.parentElement.children].indexOf(e)}`);
    }
    return parts.join('>');
  };
  return Object.fromEntries(
    picked.map((el) => {
      const r = el.getBoundingClientRect();
      return [path(el), [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 2) / 2)];
    }),
  );
}

/** Opens `url` with the wasm held back until `release()`: the page as a slow network shows it meanwhile. */
async function holdingTheWasm(context, url) {
  const page = await context.newPage();
  let release;
  const released = new Promise((r) => (release = r));
  await page.route('**/*_bg.wasm', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-static] #lesson h1').first().waitFor({ timeout: WAIT_MS });
  await page.evaluate(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => window.__shifts.push(...list.getEntries().map((e) => e.value))).observe({ type: 'layout-shift', buffered: true });
    window.__marker = true;
  });
  return { page, release };
}

test('2. the app takes the same page over in place: no shift, scroll kept; a ▶ or a start waits for it', { timeout: 240000 }, async (t) => {
  const url = lessonPage(site.baseUrl, lessons[2].id);
  for (const [name, viewport] of VIEWPORTS) {
    await t.test(name, async () => {
      const context = await site.browser.newContext({ viewport, serviceWorkers: 'block' });
      const { page, release } = await holdingTheWasm(context, url);
      const problems = [];
      watchProblems(page, problems);
      assert.equal(await page.locator('#terminal-input').count(), 0, 'no input line before the terminal works');
      await page.locator('#terminal-boot').waitFor({ state: name === 'phone' ? 'attached' : 'visible' });
      assert.match(await page.locator('#terminal-boot').textContent(), /터미널을 준비하는 중입니다/);
      // The reader has scrolled down the lesson when the terminal arrives.
      const scrolled = await page.evaluate(() => {
        const pane = document.querySelector('#lesson');
        pane.scrollTop = Math.min(400, pane.scrollHeight - pane.clientHeight);
        return pane.scrollTop;
      });
      assert.ok(scrolled > 0, 'the lesson pane scrolls');
      const before = await page.evaluate(boxes);
      await page.screenshot({ path: resolve(SHOTS, `pages-static-${name}.png`) });

      release();
      await waitForApp(page);
      assert.ok(await page.evaluate(() => window.__marker), 'the same document, no page load');
      const afterBoxes = await page.evaluate(boxes);
      const moved = Object.entries(before).filter(([path, box]) => JSON.stringify(afterBoxes[path]) !== JSON.stringify(box));
      assert.deepEqual(moved.map(([path, box]) => `${path}: ${box} → ${afterBoxes[path]}`), [], 'elements moved when the app took over');
      assert.ok(Object.keys(before).length > 30, `only ${Object.keys(before).length} boxes compared`);
      assert.equal(await page.evaluate(() => document.querySelector('#lesson').scrollTop), scrolled, 'the pane kept its scroll');
      // Layout shift over the whole load, the takeover and the app's first second.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1000)));
      const cls = await page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0));
      t.diagnostic(`${name}: CLS ${cls.toFixed(4)}, ${Object.keys(before).length} boxes unmoved by the takeover`);
      assert.ok(cls < 0.001, `layout shift ${cls}`);
      await page.screenshot({ path: resolve(SHOTS, `pages-live-${name}.png`) });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
  await t.test('a ▶ clicked while the terminal loads runs once it is ready', async () => {
    const context = await site.browser.newContext({ viewport: VIEWPORTS[0][1], serviceWorkers: 'block' });
    const { page, release } = await holdingTheWasm(context, url);
    const buttons = page.locator('[data-static] #lesson .run-button');
    const commands = [await buttons.nth(1).getAttribute('data-command'), await buttons.nth(2).getAttribute('data-command')];
    await buttons.nth(1).click();
    await buttons.nth(2).click();
    await page.locator('#boot-queue').waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await page.locator('#boot-queue').textContent(), /명령 2개/);
    release();
    await waitForApp(page);
    await page.waitForFunction(
      (cs) => {
        const echoed = [...document.querySelectorAll('#terminal-output .line.cmd')].map((l) => l.textContent);
        return echoed.length === 2 && cs.every((c, i) => echoed[i].includes(c));
      },
      commands,
      { timeout: WAIT_MS },
    );
    // Afterwards the buttons are the app's: one click, one run.
    await page.locator('#lesson .run-button').nth(1).click();
    await page.waitForFunction(() => document.querySelectorAll('#terminal-output .line.cmd').length === 3, null, { timeout: WAIT_MS });
    await context.close();
  });
  await t.test('an exercise started while the terminal loads starts once it is ready', async () => {
    const context = await site.browser.newContext({ viewport: VIEWPORTS[0][1], serviceWorkers: 'block' });
    const { page, release } = await holdingTheWasm(context, lessonPage(site.baseUrl, lessons[0].id));
    const exercise = page.locator('[data-static] #lesson section.exercise').first();
    const id = await exercise.getAttribute('data-exercise');
    await exercise.locator('.start-exercise').click();
    await page.locator('#boot-queue').waitFor({ state: 'visible', timeout: WAIT_MS });
    release();
    await waitForApp(page);
    await page.waitForFunction((x) => document.querySelector(`#lesson section.exercise[data-exercise="${x}"]`)?.dataset.started === 'true', id, {
      timeout: WAIT_MS,
    });
    await context.close();
  });
});

test('3. links between lessons open in place; Back, Forward and old #/ addresses work', { timeout: 180000 }, async () => {
  const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  const pane = (top) => page.evaluate((t) => (t === undefined ? document.querySelector('#lesson').scrollTop : (document.querySelector('#lesson').scrollTop = t)), top);
  await page.goto(lessonPage(site.baseUrl, lessons[0].id));
  await waitForApp(page);
  await page.evaluate(() => (window.__marker = true));
  await pane(300);
  // Clicked from script: Playwright's own click would first scroll the link into view.
  await page.evaluate(() => document.querySelector('.lesson-links .next').click());
  await page.waitForURL(lessonPage(site.baseUrl, lessons[1].id));
  await waitForLesson(page, lessons[1]);
  assert.equal(await pane(), 0, 'a new lesson starts at its top');
  await pane(200);
  await page.locator('.course-nav > summary').click();
  await page.locator(`.nav-lesson[data-lesson="${lessons[5].id}"]`).click();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[5].id));
  await waitForLesson(page, lessons[5]);
  await page.goBack();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[1].id));
  await waitForLesson(page, lessons[1]);
  await page.waitForFunction(() => document.querySelector('#lesson').scrollTop === 200, null, { timeout: WAIT_MS });
  await page.goBack();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[0].id));
  await page.waitForFunction(() => document.querySelector('#lesson').scrollTop === 300, null, { timeout: WAIT_MS });
  await page.goForward();
  await page.waitForURL(lessonPage(site.baseUrl, lessons[1].id));
  await waitForLesson(page, lessons[1]);
  await page.locator('.site-header a.nav-link', { hasText: '샌드박스' }).click();
  await page.waitForURL(`${site.baseUrl}sandbox.html`);
  await page.locator('#lesson .sandbox-intro').waitFor({ timeout: WAIT_MS });
  assert.ok(await page.evaluate(() => window.__marker), 'every link opened in place');

  // Old addresses of the hash-routed site land on their pages.
  for (const [old, to] of [
    [`#/lesson/${lessons[3].id}`, `${lessons[3].id}.html`],
    ['#/sandbox', 'sandbox.html'],
    ['#/check', 'check.html'],
    ['#/', ''],
  ]) {
    await page.goto(`${site.baseUrl}${old}`);
    await page.waitForURL(`${site.baseUrl}${to}`);
    await waitForApp(page);
  }
  await waitForLesson(page, lessons[0]);
  await page.goto(`${site.baseUrl}#/lesson/${lessons[3].id}`);
  await waitForApp(page);
  await waitForLesson(page, lessons[3]);
  // An old share link replays, then becomes the plain sandbox page.
  const share = Buffer.from('docker run -d --name old-link nginx').toString('base64url');
  await page.goto(`${site.baseUrl}#/sandbox?h=${share}`);
  await page.locator('#state-view .container-box[data-name="old-link"]').waitFor({ state: 'attached', timeout: WAIT_MS });
  await page.waitForURL(`${site.baseUrl}sandbox.html`);
  // An address that names nothing says so, with a way home.
  await page.goto(`${site.baseUrl}#/bogus`);
  await page.locator('#lesson .lesson-error').waitFor({ timeout: WAIT_MS });
  // Leaving a page while it loads (an old address sent on at once) cancels its downloads.
  assert.deepEqual(problems.filter((p) => !p.endsWith('(net::ERR_ABORTED)')), []);
  await context.close();
});

test('4. offline after one visit; a content edit shows after reload; a new build replaces the cache', { timeout: 180000 }, async () => {
  const copy = await mkdtemp(join(tmpdir(), 'whalelab-hosted-'));
  await cp(DIST, copy, { recursive: true });
  const server = await serveSubPath(copy, 'course');
  const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const problems = [];
    const lessonUrl = lessonPage(server.baseUrl, lessons[0].id);
    await page.goto(lessonUrl);
    await waitForApp(page);
    // The worker registers once the app runs, fills its cache, then controls the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: WAIT_MS });
    const caches1 = await page.evaluate(() => caches.keys());
    assert.equal(caches1.length, 1, `one cache: ${caches1}`);
    assert.match(caches1[0], /^whalelab \/course\/ [0-9a-f]{16}$/);
    // The full app (named by the page's head) is kept too: a build, compose or jq line can
    // fetch it offline.
    const full = await page.evaluate(async (key) => {
      const cache = await caches.open(key);
      const names = ['whalelab-full-js', 'whalelab-full-wasm'].map((n) => document.querySelector(`meta[name="${n}"]`)?.content);
      return Promise.all(names.map(async (name) => [name, Boolean(name && (await cache.match(new URL(name, location.href).href)))]));
    }, caches1[0]);
    assert.ok(full.every(([name, cached]) => name && cached), `the full app in the cache: ${JSON.stringify(full)}`);

    // Offline: the page, the wasm and the lessons come from the cache.
    await context.setOffline(true);
    watchProblems(page, problems);
    await page.reload();
    await waitForApp(page);
    await typeAndExpect(page, 'docker run -d --name offline nginx', /^[0-9a-f]{64}$/);
    await page.goto(lessonPage(server.baseUrl, lessons[6].id));
    await waitForApp(page);
    await waitForLesson(page, lessons[6]);
    assert.deepEqual(problems, [], 'offline, nothing failed');
    await context.setOffline(false);

    // An instructor edits a lesson on the server, without a rebuild: the app shows the edit
    // (lesson files go to the network first); the page's own text follows at the next render.
    const file = join(copy, 'content/lessons', `${lessons[0].id}.md`);
    const text = await readFile(file, 'utf8');
    const edited = text.replace(/\n# [^\n]+/, '\n# 강사가 고친 제목');
    assert.notEqual(edited, text);
    await writeFile(file, edited);
    await page.goto(lessonUrl);
    await waitForApp(page);
    await page.waitForFunction(() => document.querySelector('#lesson h1')?.textContent === '강사가 고친 제목', null, { timeout: WAIT_MS });
    const raw = await (await context.request.get(lessonUrl)).text();
    assert.ok(!raw.includes('강사가 고친 제목'), 'the static page changes only when rendered again');

    // A new build: a new worker, whose cache replaces the old one once it is complete.
    const sw = join(copy, 'sw.js');
    await writeFile(sw, (await readFile(sw, 'utf8')).replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = '00000000000000aa'"));
    await page.reload();
    await page.waitForFunction(async () => {
      const keys = await caches.keys();
      return keys.length === 1 && keys[0].endsWith(' 00000000000000aa');
    }, null, { timeout: WAIT_MS, polling: 200 });
  } finally {
    await context.close();
    await server.close();
    await rm(copy, { recursive: true, force: true });
  }
});
