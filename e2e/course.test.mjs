// e2e/course.test.mjs: a learner's whole visit to the built site in headless Chromium
// (`node --test e2e/course.test.mjs`, run by `make test` in the end-to-end stage), issue #5.
//
// One page, served from the sub-path /course/, goes through these steps in order (each
// builds on the one before):
//   1. lesson 01 read with its ▶ 실행 buttons (which solve nothing), then both exercises
//      started and solved by typing: every goal turns ✔, the completion moment shows, the
//      header counts the solved ones;
//   2. "다음 연습 문제" opens lesson 02 without counting its exercise as solved (nothing was
//      started there); Back returns to lesson 01's machine as it was;
//   3. undo/redo with the terminal's buttons: the state view goes back and forward;
//   4. a reload keeps the progress, the machine (the containers) and the history;
//   5. garbage in localStorage: the Korean notice shows and the page still works;
//   6. the browser preview shows Apache's "It works!" in a script-less sandboxed frame, and
//      its links open their addresses in the preview;
//   7. screenshots of a desktop (1440×900) and a phone (390×844) viewport with the lesson
//      and a `docker ps` table, in target/e2e/desktop.png and target/e2e/phone.png;
//   8. at both sizes nothing scrolls sideways: long lines wrap inside the terminal;
//   9. the page logged no console error, no page error, no failed request during all of it.
// A step for a known bug may be marked `{ todo: 'known bug: ...' }`: it then runs and reports
// without failing `make test` (none is marked now).
// A failing step saves target/e2e/course-failure-N.png and prints the terminal's last lines.
// Every wait is on a condition with a timeout, never a fixed sleep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ROOT, WAIT_MS, cmdCount, lessonPage, openSite, outputLines, typeAndExpect, typeCommand, waitForApp, waitForBox, waitForCmd, waitForOutput, watchProblems } from './browser.mjs';

const SHOTS = resolve(ROOT, process.env.E2E_SHOTS ?? 'target/e2e');
const LESSON = '01-first-container';
const NEXT_LESSON = '02-docker-engine';
/** Lesson 02's first exercise; its setup stops the engine, its goal is a running engine. */
const NEXT_EXERCISE = 'engine-start';

const RUN_HTTPD = 'docker run --name apa000ex1 -d -p 8080:80 httpd';
/** The one command of lesson 01 that the test types instead of clicking. */
const TYPED = 'docker rm apa000ex1';
/** The last commands before the reload (and a line of their output); ↑ must recall them after it. */
const BEFORE_RELOAD = [
  ['echo 한글 기록도 남습니다', /^한글 기록도 남습니다$/],
  ['echo 다시 불러오기 전', /^다시 불러오기 전$/],
];
/** Must match `persist::HISTORY_KEY` and `persist::PROGRESS_KEY` in web/src/state/persist.rs. */
const HISTORY_KEY = 'whalelab.history';
const PROGRESS_KEY = 'whalelab.progress';
/** Start of `i18n::STORAGE_CORRUPT`. */
const CORRUPT_NOTICE = '저장된 진도나 명령 기록을 읽을 수 없어 새로 시작합니다.';

/** Waits until exercise `id` is solved (or not) on the current machine. */
async function waitForSolved(page, id, solved) {
  await page
    .locator(`#lesson section.exercise[data-exercise="${id}"][data-solved="${solved}"]`)
    .waitFor({ state: 'attached', timeout: WAIT_MS });
}

/** Waits for the header's solved count. */
async function waitForProgress(page, n) {
  await page.locator(`#progress[data-solved="${n}"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
}

/** The goal marks of exercise `id`, e.g. ['✔', '✗']. */
function goalMarks(page, id) {
  return page.locator(`#lesson section.exercise[data-exercise="${id}"] .goal .goal-mark`).allTextContents();
}

/**
 * In the page: whether the lesson's title and the last `docker ps` header line are really
 * seen, i.e. the topmost element at their start is they themselves (not clipped by a
 * scroll box, not covered, not outside the viewport).
 */
function whatIsSeen() {
  const seen = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const x = r.left + 4;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (hit === el || el.contains(hit));
  };
  const headers = [...document.querySelectorAll('#terminal-output .line')].filter((l) => l.textContent.startsWith('CONTAINER ID'));
  return { lesson: seen(document.querySelector('#lesson h1')), table: seen(headers.at(-1)) };
}

/**
 * In the page: how the practice pane is laid out now. `undo`, `redo`, `input`: the element
 * is the topmost one at its centre (so not covered by the diagram or anything else).
 */
function layoutFacts() {
  const onTop = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (r.width === 0 || x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (hit === el || el.contains(hit));
  };
  const screen = document.querySelector('#terminal .terminal-screen');
  const header = [...document.querySelectorAll('#terminal-output .line')].findLast((l) => l.textContent.startsWith('CONTAINER ID'));
  const lineHeight = header ? parseFloat(getComputedStyle(header).lineHeight) || 20 : 0;
  return {
    page: document.documentElement.scrollWidth,
    terminal: Math.round(document.querySelector('#terminal').getBoundingClientRect().right),
    screenScrolls: screen !== null && screen.scrollWidth > screen.clientWidth,
    tableOneLine: header !== undefined && header.getBoundingClientRect().height < 1.5 * lineHeight,
    undo: onTop(document.querySelector('#undo')),
    redo: onTop(document.querySelector('#redo')),
    input: onTop(document.querySelector('#terminal-input')),
  };
}

// Polls layoutFacts until the frame holds at width `w` (or 5 s pass) and returns the last
// reading, so the assertions below judge the settled layout, not a frame mid-resize.
async function settledLayout(page, w) {
  const deadline = Date.now() + 5000;
  for (;;) {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const f = await page.evaluate(layoutFacts);
    const holds = f.page <= w && f.terminal <= w && !f.screenScrolls && f.undo && f.redo && f.input;
    if (holds || Date.now() > deadline) return f;
  }
}

async function openLesson(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await waitForApp(page);
  await page.locator('#terminal-input').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.locator('#lesson .lesson[data-lesson]').waitFor({ state: 'attached', timeout: WAIT_MS });
}

test('a learner completes lesson 01, undoes, reloads and recovers, in headless Chromium from /course/', { timeout: 240000 }, async (t) => {
  await mkdir(SHOTS, { recursive: true });
  for (const old of await readdir(SHOTS)) {
    if (/^course-failure-\d+\.png$/.test(old)) await rm(resolve(SHOTS, old));
  }
  const site = await openSite();
  t.after(() => site.close());
  t.diagnostic(`site: ${site.baseUrl}`);
  const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  const lessonUrl = lessonPage(site.baseUrl, LESSON);

  // Leaves evidence in the log and a screenshot when a step fails.
  let steps = 0;
  const step = (name, fn, options = {}) => {
    const n = ++steps;
    return t.test(name, options, async () => {
      try {
        await fn();
      } catch (err) {
        await mkdir(SHOTS, { recursive: true });
        const shot = resolve(SHOTS, `course-failure-${n}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        if (options.todo) {
          t.diagnostic(`todo step ${n} failed as expected; screenshot: ${shot}`);
          throw err;
        }
        const lines = await outputLines(page).catch(() => []);
        t.diagnostic(`failure screenshot: ${shot}\nlast terminal lines:\n${lines.slice(-30).join('\n')}`);
        if (problems.length) t.diagnostic(`page problems:\n${problems.join('\n')}`);
        throw err;
      }
    });
  };

  await step('lesson 01: ▶ 실행 solves nothing; each exercise is started, then solved by typing', async () => {
    await openLesson(page, lessonUrl);
    assert.equal(await page.locator('#lesson .lesson').getAttribute('data-lesson'), 'first-container');
    await waitForProgress(page, 0);
    assert.equal(await page.locator('#lesson .exercise-solved').count(), 0, 'nothing is solved before any command');

    const buttons = page.locator('#lesson .runnable .run-button');
    const commands = await buttons.evaluateAll((els) => els.map((b) => b.dataset.command));
    t.diagnostic(`lesson 01 runnable commands: ${JSON.stringify(commands)}`);
    assert.ok(commands.length >= 6, `lesson 01 should have its ▶ buttons, found ${commands.length}`);
    assert.equal(commands[0], RUN_HTTPD);
    assert.ok(commands.includes(TYPED), `lesson 01 should run \`${TYPED}\``);
    assert.ok(
      (await buttons.allTextContents()).every((label) => label.trim() === '▶ 실행'),
      'every runnable command has a "▶ 실행" button',
    );
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i];
      const before = await cmdCount(page);
      if (command === TYPED) await typeCommand(page, command);
      else await buttons.nth(i).click();
      await waitForCmd(page, before);
      const echoed = (await page.locator('#terminal-output .line.cmd').last().textContent()).trim();
      assert.ok(echoed.endsWith(command), `the terminal echoes \`${command}\`, got \`${echoed}\``);
      if (command === RUN_HTTPD) {
        await waitForOutput(page, /^[0-9a-f]{64}$/);
        await waitForBox(page, 'apa000ex1', 'running');
      } else if (command === 'docker ps') {
        await waitForOutput(page, /^CONTAINER ID\s+IMAGE/);
      } else if (command.startsWith('curl ')) {
        await waitForOutput(page, /It works!/);
      } else if (command === TYPED) {
        await waitForBox(page, 'apa000ex1', null);
      }
    }
    await waitForProgress(page, 0);
    assert.equal(await page.locator('#lesson .exercise-solved').count(), 0, 'reading the lesson solved nothing');

    // Exercise 1: started on a fresh machine, solved by the learner's own command.
    await page.locator('#lesson section.exercise[data-exercise="first-run"] .start-exercise').click();
    await page.locator('#lesson section.exercise[data-exercise="first-run"][data-started="true"]').waitFor({ timeout: WAIT_MS });
    assert.deepEqual(await goalMarks(page, 'first-run'), ['✗', '✗', '✗', '✗'], 'a fresh machine meets no goal of first-run');
    await typeAndExpect(page, RUN_HTTPD, /^[0-9a-f]{64}$/);
    await waitForSolved(page, 'first-run', true);
    assert.deepEqual(await goalMarks(page, 'first-run'), ['✔', '✔', '✔', '✔']);
    const moment = page.locator('#lesson section.exercise[data-exercise="first-run"] .exercise-solved');
    await moment.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await moment.textContent(), /🎉 해결했습니다!/);
    await waitForProgress(page, 1);
    assert.equal(await page.locator('#lesson section.exercise[data-exercise="first-cleanup"]').getAttribute('data-solved'), 'false');

    // Exercise 2: its setup runs the container it talks about.
    await page.locator('#lesson section.exercise[data-exercise="first-cleanup"] .start-exercise').click();
    await waitForBox(page, 'apa000ex1', 'running');
    await typeAndExpect(page, 'docker stop apa000ex1', /^apa000ex1$/);
    await waitForBox(page, 'apa000ex1', 'exited');
    await typeAndExpect(page, 'docker ps -a', /Exited \(0\).*apa000ex1/);
    await typeAndExpect(page, TYPED, /^apa000ex1$/);
    await waitForBox(page, 'apa000ex1', null);
    await waitForSolved(page, 'first-cleanup', true);
    assert.deepEqual(await goalMarks(page, 'first-cleanup'), ['✔', '✔']);
    await waitForProgress(page, 2);
    assert.match(await page.locator('#progress').textContent(), /푼 연습 문제 2/);
  });

  await step('"다음 연습 문제" opens the next lesson without solving it; Back returns', async () => {
    const before = await page.locator('#progress').getAttribute('data-solved');
    await page.locator('#lesson section.exercise[data-exercise="first-cleanup"] .next-exercise').click();
    await page.waitForFunction((id) => location.pathname.endsWith(`/${id}.html`), NEXT_LESSON, { timeout: WAIT_MS });
    await page.locator(`#lesson .lesson[data-path$="${NEXT_LESSON}.md"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    const exercise = page.locator(`#lesson section.exercise[data-exercise="${NEXT_EXERCISE}"]`);
    await exercise.waitFor({ state: 'attached', timeout: WAIT_MS });
    // Its goal (a running engine) holds on lesson 02's fresh machine, but it was not started.
    const solvedOnOpen = await exercise.getAttribute('data-solved');
    const after = await page.locator('#progress').getAttribute('data-solved');
    await page.goBack();
    await page.locator(`#lesson .lesson[data-path$="${LESSON}.md"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    // Lesson 01's machine is as it was: the solved attempt is still there.
    await waitForSolved(page, 'first-cleanup', true);
    assert.equal(solvedOnOpen, 'false', `\`${NEXT_EXERCISE}\` shows as solved as soon as lesson 02 opens`);
    assert.equal(after, before, `opening lesson 02 changed the solved count from ${before} to ${after}`);
  });

  await step('undo and redo move the machine back and forward', async () => {
    const undo = page.locator('#undo');
    const redo = page.locator('#redo');
    await typeAndExpect(page, 'docker run -d --name undo1 httpd', /^[0-9a-f]{64}$/);
    await waitForBox(page, 'undo1', 'running');
    await typeAndExpect(page, 'docker stop undo1', /^undo1$/);
    await waitForBox(page, 'undo1', 'exited');
    assert.ok(await redo.isDisabled(), 'nothing to redo after a new command');

    await undo.click();
    await waitForBox(page, 'undo1', 'running');
    await undo.click();
    await waitForBox(page, 'undo1', null);
    assert.ok(await redo.isEnabled(), 'redo is offered after undo');

    await redo.click();
    await waitForBox(page, 'undo1', 'running');
    await redo.click();
    await waitForBox(page, 'undo1', 'exited');
    await page.waitForFunction(() => document.querySelector('#redo')?.disabled === true, null, { timeout: WAIT_MS });
    // The machine itself agrees with the picture.
    await typeAndExpect(page, 'docker ps -a --filter name=undo1 --format "{{.Names}} {{.State}}"', /^undo1 exited$/);
  });

  await step('a reload keeps the progress and the command history', async () => {
    // The last two commands before the reload, whatever the steps before did.
    for (const [line, out] of BEFORE_RELOAD) await typeAndExpect(page, line, out);
    const solvedCount = await page.locator('#progress').getAttribute('data-solved');
    assert.ok(Number(solvedCount) >= 2, `lesson 01's two exercises are counted before the reload (${solvedCount})`);
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    await page.locator('#terminal-input').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.locator(`#lesson .lesson[data-path$="${LESSON}.md"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    await waitForProgress(page, solvedCount);
    // The machine came back (the exercise started last, the containers), badges on both.
    await page.locator('#terminal-output .line.note[data-note="machine"]').waitFor({ timeout: WAIT_MS });
    await waitForBox(page, 'undo1', 'exited');
    for (const id of ['first-run', 'first-cleanup']) {
      await page.locator(`#lesson section.exercise[data-exercise="${id}"] .solved-badge`).waitFor({ state: 'visible', timeout: WAIT_MS });
    }
    assert.equal(await page.locator('.notice-banner').count(), 0, 'no notice after a normal reload');
    const stored = await page.evaluate((k) => localStorage.getItem(k), HISTORY_KEY);
    assert.match(await page.evaluate(() => localStorage.getItem('whalelab.machine.01-first-container')), /^whalelab-machine v1\n/);
    assert.ok(stored.split('\n').includes(TYPED), `the saved history holds the lesson's typed \`${TYPED}\``);
    // ↑ walks back from the newest command of the previous visit.
    const input = page.locator('#terminal-input');
    await input.focus();
    for (const expected of BEFORE_RELOAD.map(([line]) => line).reverse()) {
      await input.press('ArrowUp');
      await page.waitForFunction((v) => document.querySelector('#terminal-input').value === v, expected, { timeout: WAIT_MS });
    }
    await input.fill('');
  });

  await step('garbage in localStorage: a Korean notice and a working page', async () => {
    await page.evaluate(
      ([h, p]) => {
        localStorage.setItem(h, '\u0000{"not":"whalelab"');
        localStorage.setItem(p, '[1,2,<script>');
      },
      [HISTORY_KEY, PROGRESS_KEY],
    );
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    const banner = page.locator('.notice-banner');
    await banner.waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.match(await banner.textContent(), new RegExp(CORRUPT_NOTICE.replace(/[.()]/g, '\\$&')));
    await waitForProgress(page, 0);
    await page.locator('#lesson h1').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await typeAndExpect(page, 'docker ps', /^CONTAINER ID\s+IMAGE/);
    // The unreadable data was replaced by fresh, readable data.
    const [history, progress] = await page.evaluate(([h, p]) => [localStorage.getItem(h), localStorage.getItem(p)], [HISTORY_KEY, PROGRESS_KEY]);
    assert.match(history, /^whalelab-history v\d+\n/);
    assert.match(progress, /^whalelab-progress v\d+/);
    await banner.locator('button').click();
    await banner.waitFor({ state: 'detached', timeout: WAIT_MS });
    // And the next visit is quiet again.
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    await page.locator('#terminal-input').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.locator('#lesson .lesson[data-lesson]').waitFor({ state: 'attached', timeout: WAIT_MS });
    assert.equal(await page.locator('.notice-banner').count(), 0, 'the notice shows once, not on every visit');
  });

  await step('the browser preview shows "It works!"', async () => {
    const frame = page.locator('#preview-frame');
    await frame.waitFor({ state: 'attached', timeout: WAIT_MS });
    // A fresh machine (one click): nothing listens on 8080 yet.
    await page.locator('#reset-machine').click();
    await page.waitForFunction(() => document.querySelectorAll('#state-view .container-box').length === 0, null, { timeout: WAIT_MS });
    assert.ok(!((await frame.getAttribute('srcdoc')) ?? '').includes('It works!'), 'the preview shows "It works!" before any container runs');
    await typeAndExpect(page, RUN_HTTPD, /^[0-9a-f]{64}$/);
    const sandbox = await frame.getAttribute('sandbox');
    assert.ok(sandbox !== null && !sandbox.includes('allow-scripts'), `the preview iframe must be sandboxed without scripts, sandbox=${sandbox}`);
    await page.waitForFunction(() => (document.querySelector('#preview-frame')?.getAttribute('srcdoc') ?? '').includes('It works!'), null, {
      timeout: WAIT_MS,
    });
    await page.frameLocator('#preview-frame').locator('text=It works!').waitFor({ state: 'visible', timeout: WAIT_MS });
  });

  await step('a link in the previewed page opens its address in the preview, not the site in the frame', async () => {
    const frame = page.frameLocator('#preview-frame');
    await typeAndExpect(page, `docker exec apa000ex1 sh -c 'echo "<p><a href=\\"docs/about.html\\">about</a></p>" > htdocs/index.html'`);
    await typeAndExpect(page, `docker exec apa000ex1 sh -c 'mkdir -p htdocs/docs && echo "<h1>About whalelab</h1><a href=\\"../\\">home</a>" > htdocs/docs/about.html'`);
    await frame.locator('a', { hasText: 'about' }).click({ timeout: WAIT_MS });
    await frame.locator('h1', { hasText: 'About whalelab' }).waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await page.locator('#preview-address').inputValue(), 'http://localhost:8080/docs/about.html');
    await frame.locator('a', { hasText: 'home' }).click({ timeout: WAIT_MS });
    await frame.locator('a', { hasText: 'about' }).waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await page.locator('#preview-address').inputValue(), 'http://localhost:8080/');
    assert.ok(!page.url().includes('about.html'), 'the site itself did not navigate');
  });

  await step('screenshots: desktop 1440×900 and phone 390×844 with a docker ps table', async () => {
    await mkdir(SHOTS, { recursive: true });
    const running = await page.locator('#state-view .container-box[data-name="apa000ex1"]').count();
    if (!running) await typeAndExpect(page, RUN_HTTPD, /^[0-9a-f]{64}$/);
    await typeAndExpect(page, 'docker ps', /apa000ex1$/);
    await page.locator('#lesson h1').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    const desktop = resolve(SHOTS, 'desktop.png');
    await page.screenshot({ path: desktop });
    t.diagnostic(`screenshot: ${desktop}`);
    const seenOnDesktop = await page.evaluate(whatIsSeen);
    assert.ok(seenOnDesktop.lesson && seenOnDesktop.table, `at 1440×900 the lesson and the docker ps table are both on screen: ${JSON.stringify(seenOnDesktop)}`);

    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone the terminal is the bottom sheet under the lesson: the lesson's title and
    // the table's last lines are both on screen.
    await page.evaluate(() => {
      document.querySelector('#lesson').scrollTop = 0;
      const screen = document.querySelector('#terminal .terminal-screen');
      if (screen) screen.scrollTop = screen.scrollHeight;
    });
    const phone = resolve(SHOTS, 'phone.png');
    await page.screenshot({ path: phone });
    t.diagnostic(`screenshot: ${phone}`);
    const seenOnPhone = await page.evaluate(whatIsSeen);
    await page.setViewportSize({ width: 1440, height: 900 });
    assert.ok(seenOnPhone.lesson && seenOnPhone.table, `at 390×844 the lesson and the docker ps table are both on screen: ${JSON.stringify(seenOnPhone)}`);
  });

  await step('the practice pane fits the viewport on a desktop and a phone', async () => {
    // The terminal still shows the `docker ps` table from the screenshots: wide lines wrap
    // inside the terminal, as in a terminal emulator; they must not widen the page or be covered.
    const seen = {};
    for (const [w, h] of [[1440, 900], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      // The terminal follows its end through a ResizeObserver, which runs a frame or two
      // after the resize: read the layout once it has settled (a slow CI machine read it
      // before the re-wrapped terminal had scrolled its input back into view).
      seen[w] = await settledLayout(page, w);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    t.diagnostic(`layout: ${JSON.stringify(seen)}`);
    for (const [w, f] of Object.entries(seen)) {
      assert.ok(f.page <= Number(w) && f.terminal <= Number(w), `at ${w}px the page is ${f.page}px wide and the terminal ends at ${f.terminal}px`);
      assert.ok(!f.screenScrolls, `at ${w}px the terminal does not scroll sideways: long lines wrap`);
      assert.ok(f.undo && f.redo, `at ${w}px #undo and #redo are visible and not covered: ${JSON.stringify(f)}`);
      assert.ok(f.input, `at ${w}px the terminal's input is visible and not covered: ${JSON.stringify(f)}`);
    }
    assert.ok(!seen[1440].tableOneLine || !seen[390].tableOneLine, 'at 390px the wide table wraps');
  });

  await step('no console errors, page errors or failed requests during the whole run', async () => {
    assert.deepEqual(problems, [], 'the page reported errors');
  });
});
