// e2e/handover.test.mjs: the page's two wasms (web/src/state/handover.rs).
//
// A lesson page loads only the first wasm, whose engine has no docker build, compose, jq or
// awk. The first line that needs one of them is echoed, the terminal says in Korean that the
// tools are on their way, and the second wasm takes the page over: the terminal still shows
// everything before, the machine is the same one (the container started before keeps its ID),
// the line runs, and the terminal keeps working. When the second wasm cannot be loaded, the
// learner gets a Korean note and the line back in the input, and nothing is lost.
// Every wait is on a condition with a timeout, never a fixed sleep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, watchProblems, typeAndExpect, typeCommand, openPage, outputLines, lessonPage, WAIT_MS } from './browser.mjs';

const isFull = (url) => /whalelab-full-[^/]*\.(wasm|js)$/.test(url);

test('handover: the first line that needs the full engine loads it, and the page carries on', { timeout: 180000 }, async (t) => {
  const { baseUrl, browser, close } = await openSite();
  t.after(close);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  const fetched = [];
  page.on('request', (req) => fetched.push(req.url()));
  await openPage(page, lessonPage(baseUrl, '01-first-container'));
  assert.equal(fetched.filter(isFull).length, 0, 'a lesson page loads the first wasm only');

  await typeAndExpect(page, 'docker run -d --name web nginx', /^[0-9a-f]{64}$/);
  const id = (await outputLines(page)).find((l) => /^[0-9a-f]{64}$/.test(l));
  await typeAndExpect(page, 'docker ps --format "{{.Names}}"', /^web$/);
  assert.equal(fetched.filter(isFull).length, 0, 'ordinary commands need nothing more');

  // jq is the full engine's: the line waits, the terminal says why, then it runs there.
  await typeCommand(page, `echo '{"name": "web"}' | jq -r .name`);
  await page.locator('#handover').waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.match(await page.locator('#handover').textContent(), /불러오는 중/);
  await page.waitForFunction(
    () => [...document.querySelectorAll('#terminal-output .line')].slice(-3).some((l) => l.textContent === 'web') && !document.querySelector('#handover'),
    null,
    { timeout: WAIT_MS * 3 },
  );
  assert.equal(fetched.filter((u) => isFull(u) && u.endsWith('.wasm')).length, 1, 'the second wasm, once');
  const lines = await outputLines(page);
  assert.ok(lines.some((l) => l.includes('docker run -d --name web nginx')), 'the scrollback from before is still there');
  assert.ok(lines.includes(id), 'with its output');
  assert.equal(await page.locator('.app').count(), 1, 'one app on the page');
  assert.equal(await page.locator('#app-root').count(), 1);

  // The same machine, in the full engine now: build, compose and the rest answer at once.
  await typeAndExpect(page, 'docker inspect -f "{{.Id}}" web', new RegExp(`^${id}$`));
  await typeAndExpect(page, 'docker ps -a --format "{{.Names}} {{.Status}}"', /^web Up /);
  await typeAndExpect(page, 'docker compose version', /^Docker Compose version v2\.36\.2$/);
  assert.equal(fetched.filter((u) => isFull(u) && u.endsWith('.wasm')).length, 1, 'loaded once');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'terminal-input', 'typing goes on in the terminal');

  // A reload: the first wasm again, the machine restored from its log; the log needs the full
  // engine (jq and compose ran on it), so the page hands over at once, and the machine is there.
  const before = fetched.length;
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => !document.querySelector('[data-static]') && document.querySelector('#terminal-input') && !document.querySelector('#handover'), null, {
    timeout: WAIT_MS * 3,
  });
  assert.equal(fetched.slice(before).filter((u) => isFull(u) && u.endsWith('.wasm')).length, 1, 'the full engine took the reloaded page');
  assert.match((await outputLines(page)).join('\n'), /지난번 실습 환경을 다시 만들었습니다 \(명령 6개, 컨테이너 1개\)/, 'the restored machine says so');
  await typeAndExpect(page, 'docker ps --format "{{.Names}}"', /^web$/);
  await typeAndExpect(page, 'docker compose version', /^Docker Compose version v2\.36\.2$/);
  assert.deepEqual(problems, []);
});

test('handover: without the second wasm the line comes back to the input and nothing is lost', { timeout: 120000 }, async (t) => {
  const { baseUrl, browser, close } = await openSite();
  t.after(close);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.route(/whalelab-full-/, (route) => route.abort('internetdisconnected'));
  await openPage(page, lessonPage(baseUrl, '01-first-container'));
  await typeAndExpect(page, 'docker run -d --name web nginx', /^[0-9a-f]{64}$/);

  await typeCommand(page, 'docker build -t my-site .');
  await page.waitForFunction(() => document.querySelector('#terminal-input')?.value === 'docker build -t my-site .', null, { timeout: WAIT_MS });
  const lines = await outputLines(page);
  assert.ok(lines.some((l) => /엔진을 불러오지 못했습니다/.test(l)), lines.slice(-4).join('\n'));
  assert.equal(await page.locator('#handover').count(), 0);
  assert.equal(await page.locator('[data-static]').count(), 0, 'the page is the first app\'s again');
  await typeAndExpect(page, 'docker ps --format "{{.Names}}"', /^web$/);
});
