// e2e/editor.test.mjs: writing files and building images in the page (issue 14), in headless
// Chromium against the built site served from /course/:
//   1. `nano Dockerfile` opens the editor over the terminal, typing and Ctrl+S write the file
//      (`cat Dockerfile` shows it), Esc closes and the terminal has the focus again; closing
//      with unsaved changes asks first (the browser's confirm); keyboard-usable, axe-clean;
//   2. `docker build` draws BuildKit's view while it runs (a frame before FINISHED), then the
//      final view, and `docker images` lists the image; `docker run -d -p 8080:80 site` and the
//      preview shows the built page; a longer build, and its cached rebuild, leave the terminal
//      at its end (the output grows faster than scroll events arrive);
//   3. the files tab lists the shell's directory, opens a file in the editor by click and by
//      keyboard, goes into directories, follows `cd`;
//   4. a reload keeps the saved files and the built image (the machine's log replays them);
//   5. the phone: the editor fits the bottom sheet and saves with its button; a file opened in
//      the files tab brings the terminal's part up with the editor; a build there ends with the
//      terminal at its end and the preview tab shows the built page;
//   6. docker login's prompts: the user name is typed in the open, the password into a
//      password field and never echoed (`docker login` and `docker login -u`); a push after it.
// Every page must log no console error, page error or failed request. Screenshots go to
// target/e2e/editor-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ROOT,
  WAIT_MS,
  openPage,
  openSite,
  outputLines,
  seriousViolations,
  typeAndExpect,
  waitForOutput,
  watchProblems,
} from './browser.mjs';

const SHOTS = resolve(ROOT, process.env.E2E_SHOTS ?? 'target/e2e');
const DOCKERFILE = 'FROM nginx\nCOPY index.html /usr/share/nginx/html/\n';
const PAGE = '<h1>고래 사이트</h1><p>built by whalelab</p>';

let site;
before(async () => {
  await mkdir(SHOTS, { recursive: true });
  site = await openSite();
});
after(async () => site?.close());

async function fresh(viewport) {
  const context = await site.browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  await openPage(page, `${site.baseUrl}sandbox.html`, '#lesson .sandbox-intro');
  return { context, page, problems };
}

/** The id of the focused element. */
const focused = (page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Types `text` into the editor as keys (Enter for newlines), as a learner would. */
async function typeInEditor(page, text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]) await page.keyboard.insertText(lines[i]);
    if (i < lines.length - 1) await page.keyboard.press('Enter');
  }
}

/** How far the terminal's screen is from its end, in pixels (0: the last line is in view). */
const terminalGap = (page) => page.locator('.terminal-screen').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);

/** Waits until the page's preview frame shows `text`. */
async function previewShows(page, text) {
  await page.waitForFunction((t) => (document.querySelector('#preview-frame')?.getAttribute('srcdoc') ?? '').includes(t), text, { timeout: WAIT_MS });
}

async function catShows(page, file, expected) {
  await typeAndExpect(page, `cat ${file}`);
  const lines = await outputLines(page);
  const shown = lines.slice(lines.lastIndexOf(`user@docker-host:~$ cat ${file}`) + 1);
  assert.deepEqual(shown.slice(0, expected.length), expected, `cat ${file}: ${JSON.stringify(shown)}`);
}

test('editor, build progress, preview, files tab and reload at the desktop size', { timeout: 240000 }, async () => {
  const { context, page, problems } = await fresh({ width: 1440, height: 900 });

  // 1. nano opens the editor on a new file; typing and Ctrl+S write it; Esc closes.
  await typeAndExpect(page, 'nano Dockerfile');
  await page.locator('#editor').waitFor({ timeout: WAIT_MS });
  assert.equal(await focused(page), 'editor-text', 'the text has the focus');
  assert.equal(await page.locator('#editor').getAttribute('data-path'), '/home/user/Dockerfile');
  assert.match(await page.locator('#editor-status').textContent(), /새 파일/);
  await typeInEditor(page, DOCKERFILE);
  assert.equal(await page.locator('#editor').getAttribute('data-dirty'), 'true');
  assert.equal(await page.locator('#editor pre').textContent(), '1\n2\n3\n', 'a number per line');
  assert.deepEqual(await seriousViolations(page), [], 'axe: the open editor');
  await page.keyboard.press('Control+s');
  await page.waitForFunction(() => document.querySelector('#editor')?.dataset.dirty === 'false', null, { timeout: WAIT_MS });
  assert.match(await page.locator('#editor-status').textContent(), /2줄/);
  await page.screenshot({ path: resolve(SHOTS, 'editor-desktop.png') });
  await page.keyboard.press('Escape');
  await page.locator('#editor').waitFor({ state: 'detached', timeout: WAIT_MS });
  assert.equal(await focused(page), 'terminal-input', 'the terminal resumes');
  await catShows(page, 'Dockerfile', ['FROM nginx', 'COPY index.html /usr/share/nginx/html/']);

  // Unsaved changes: Esc asks (the browser's own question); "cancel" goes on editing, "OK"
  // closes without saving.
  await typeAndExpect(page, 'vim Dockerfile');
  await page.locator('#editor').waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('EXPOSE 80');
  const asked = [];
  page.once('dialog', (d) => asked.push(d.message()) && d.dismiss());
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('#editor-status')?.textContent.includes('수정됨'), null, { timeout: WAIT_MS });
  assert.deepEqual(asked, ['저장하지 않은 내용이 있습니다. 저장하지 않고 닫을까요?']);
  assert.equal(await focused(page), 'editor-text', 'back to editing');
  page.once('dialog', (d) => d.accept());
  await page.keyboard.press('Escape');
  await page.locator('#editor').waitFor({ state: 'detached', timeout: WAIT_MS });
  await catShows(page, 'Dockerfile', ['FROM nginx', 'COPY index.html /usr/share/nginx/html/']);

  // `code` on another file, saved with the keyboard only: Tab reaches the buttons.
  await typeAndExpect(page, 'code index.html');
  await page.locator('#editor').waitFor({ timeout: WAIT_MS });
  await page.keyboard.insertText(PAGE);
  await page.keyboard.press('Shift+Tab'); // out of the text: the close button, then save
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'editor-save');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#editor')?.dataset.dirty === 'false', null, { timeout: WAIT_MS });
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'editor-close');
  await page.keyboard.press('Enter');
  await page.locator('#editor').waitFor({ state: 'detached', timeout: WAIT_MS });
  assert.equal(await focused(page), 'terminal-input');

  // 2. The build is drawn while it runs, then its final view; the preview shows the site.
  const seen = page.evaluate(
    () =>
      new Promise((done) => {
        const frames = new Set();
        const watch = new MutationObserver(() => {
          const header = [...document.querySelectorAll('#terminal-output .line')]
            .map((l) => l.textContent)
            .findLast((t) => t.startsWith('[+] Building '));
          if (header) frames.add(header);
          if (header?.includes('FINISHED')) {
            watch.disconnect();
            done([...frames]);
          }
        });
        // The whole page: the sandbox's first build hands the page over to the full app,
        // whose terminal is a new element (e2e/handover.test.mjs).
        watch.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
  );
  await typeAndExpect(page, 'docker build -t site .', /naming to docker\.io\/library\/site:latest/);
  const headers = await seen;
  assert.ok(headers.length > 1 && !headers[0].includes('FINISHED'), `frames before the end: ${JSON.stringify(headers)}`);
  const lines = await outputLines(page);
  assert.ok(lines.some((l) => /^ => \[2\/2\] COPY index\.html \/usr\/share\/nginx\/html\//.test(l)), lines.join('\n'));
  await typeAndExpect(page, 'docker images', /^site\s+latest\s+[0-9a-f]{12}\s/);
  await typeAndExpect(page, 'docker run -d -p 8080:80 site', /^[0-9a-f]{64}$/);
  await previewShows(page, 'built by whalelab');
  await page.frameLocator('#preview-frame').locator('text=고래 사이트').waitFor({ timeout: WAIT_MS });

  // A longer build, then its rebuild from the cache: the screen follows both to their end.
  const steps = Array.from({ length: 10 }, (_, i) => `RUN echo step ${i + 1}`).join('\\n');
  await typeAndExpect(page, `mkdir long && printf 'FROM nginx\\nWORKDIR /srv\\n${steps}\\nCMD ["nginx", "-g", "daemon off;"]\\n' > long/Dockerfile`);
  await typeAndExpect(page, 'docker build -t long long', /naming to docker\.io\/library\/long:latest/);
  await page.waitForFunction(() => document.querySelector('#terminal-input') === document.activeElement);
  await page.waitForFunction(() => [...document.querySelectorAll('#terminal-output .line')].at(-1)?.textContent.includes('unpacking to'), null, { timeout: WAIT_MS });
  assert.ok((await terminalGap(page)) <= 24, `the screen is at its end after the build: ${await terminalGap(page)}px short`);
  await typeAndExpect(page, 'docker build -t long long', /naming to docker\.io\/library\/long:latest/);
  await page.waitForFunction(() => [...document.querySelectorAll('#terminal-output .line')].at(-1)?.textContent.includes('unpacking to'), null, { timeout: WAIT_MS });
  const rebuilt = await outputLines(page);
  const rebuild = rebuilt.slice(rebuilt.lastIndexOf('user@docker-host:~$ docker build -t long long'));
  assert.equal(rebuild.filter((l) => /^ => CACHED \[ ?\d+\/12\] RUN echo step/.test(l)).length, 10, rebuild.join('\n'));
  assert.ok((await terminalGap(page)) <= 24, `the screen is at its end after the rebuild: ${await terminalGap(page)}px short`);
  await page.screenshot({ path: resolve(SHOTS, 'editor-rebuild-desktop.png') });

  // 3. The files tab: the shell's directory; a file opens by click, a directory by keyboard.
  await typeAndExpect(page, 'mkdir -p app && echo "print(1)" > app/main.py');
  await page.locator('#diagram-tab-files').click();
  const entries = () => page.locator('#files-view .file-entry').evaluateAll((els) => els.map((e) => e.dataset.path));
  await page.locator('#files-view .file-entry[data-path="/home/user/app"]').waitFor({ timeout: WAIT_MS });
  const shown = await entries();
  assert.ok(shown.indexOf('/home/user/app') < shown.indexOf('/home/user/Dockerfile'), `directories first: ${shown}`);
  assert.ok(shown.includes('/home/user/index.html'), `${shown}`);
  assert.deepEqual(await seriousViolations(page), [], 'axe: the files tab');
  await page.locator('#files-view .file-entry[data-path="/home/user/Dockerfile"]').click();
  await page.locator('#editor[data-path="/home/user/Dockerfile"]').waitFor({ timeout: WAIT_MS });
  assert.equal(await page.locator('#editor-text').inputValue(), DOCKERFILE);
  await page.keyboard.press('Escape');
  await page.locator('#editor').waitFor({ state: 'detached', timeout: WAIT_MS });
  await page.locator('#files-view .file-entry[data-path="/home/user/app"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#files-view')?.dataset.dir === '/home/user/app', null, { timeout: WAIT_MS });
  await page.locator('#files-view .file-entry[data-path="/home/user/app/main.py"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('#editor[data-path="/home/user/app/main.py"]').waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Escape');
  await typeAndExpect(page, 'cd / && touch /tmp/x');
  await page.waitForFunction(() => document.querySelector('#files-view')?.dataset.dir === '/', null, { timeout: WAIT_MS });
  await typeAndExpect(page, 'cd');
  await page.waitForFunction(() => document.querySelector('#files-view')?.dataset.dir === '/home/user', null, { timeout: WAIT_MS });
  await page.screenshot({ path: resolve(SHOTS, 'editor-files-desktop.png') });

  // 4. A reload replays the machine's log, the saves included.
  await page.reload({ waitUntil: 'load' });
  await page.locator('#lesson .sandbox-intro').waitFor({ timeout: WAIT_MS });
  await page.locator('#terminal-output .line.note').first().waitFor({ timeout: WAIT_MS });
  await catShows(page, 'index.html', [PAGE]);
  await catShows(page, 'Dockerfile', ['FROM nginx', 'COPY index.html /usr/share/nginx/html/']);
  await typeAndExpect(page, 'docker images site', /^site\s+latest\s+[0-9a-f]{12}\s/);
  await previewShows(page, 'built by whalelab');

  // docker login's prompts: the name is typed in the open, the password is not shown.
  await typeAndExpect(page, 'docker login', /^Username: $/);
  assert.equal(await page.locator('#terminal-input').getAttribute('type'), 'text');
  await typeAndExpect(page, 'whale', /^Password: $/);
  assert.equal(await page.locator('#terminal-input').getAttribute('type'), 'password');
  assert.ok((await outputLines(page)).includes('whale'), 'the user name is shown as typed');
  await page.keyboard.type('hunter1-secret');
  await page.screenshot({ path: resolve(SHOTS, 'editor-login-desktop.png') });
  await page.keyboard.press('Enter');
  await waitForOutput(page, /^Login Succeeded$/);
  assert.ok(!(await outputLines(page)).some((l) => l.includes('hunter1-secret')), 'the password is not shown');
  assert.equal(await page.locator('#terminal-input').getAttribute('type'), 'text');
  await typeAndExpect(page, 'docker tag site whale/site:1.0 && docker push whale/site:1.0', /^1\.0: digest: sha256:[0-9a-f]{64} size: \d+$/);
  await typeAndExpect(page, 'docker logout', /^Removing login credentials for https:\/\/index\.docker\.io\/v1\/$/);

  // With -u, only the password is asked.
  await typeAndExpect(page, 'docker login -u orca');
  assert.equal(await page.locator('#terminal-input').getAttribute('type'), 'password');
  await typeAndExpect(page, 'hunter2-secret', /Login Succeeded/);
  assert.ok(!(await outputLines(page)).some((l) => l.includes('hunter2-secret')), 'the password is not shown');
  assert.equal(await page.locator('#terminal-input').getAttribute('type'), 'text');

  assert.deepEqual(problems, []);
  await context.close();
});

test('the editor fits the phone bottom sheet', { timeout: 120000 }, async () => {
  const { context, page, problems } = await fresh({ width: 390, height: 844 });
  await typeAndExpect(page, 'nano notes.txt');
  await page.locator('#editor').waitFor({ timeout: WAIT_MS });
  await page.keyboard.insertText('첫 줄');
  for (const part of ['#editor-text', '#editor-save', '#editor-close', '#editor pre']) {
    const box = await page.locator(part).boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `${part} is shown`);
    assert.ok(box.x >= 0 && box.x + box.width <= 390 && box.y >= 0 && box.y + box.height <= 844, `${part} fits: ${JSON.stringify(box)}`);
  }
  assert.deepEqual(await seriousViolations(page), [], 'axe: the editor on a phone');
  await page.locator('#editor-save').click();
  await page.waitForFunction(() => document.querySelector('#editor')?.dataset.dirty === 'false', null, { timeout: WAIT_MS });
  await page.screenshot({ path: resolve(SHOTS, 'editor-phone.png') });
  await page.locator('#editor-close').click();
  await page.locator('#editor').waitFor({ state: 'detached', timeout: WAIT_MS });
  await catShows(page, 'notes.txt', ['첫 줄']);
  // A file opened in the files tab (in the 상태 그림 part) brings the terminal's part up.
  await page.locator('.sheet-bar .sheet-tab', { hasText: '상태 그림' }).click();
  await page.locator('#diagram-tab-files').click();
  await page.locator('#files-view .file-entry[data-path="/home/user/notes.txt"]').click();
  await page.locator('#editor[data-path="/home/user/notes.txt"]').waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.equal(await page.locator('#editor-text').inputValue(), '첫 줄');
  await page.locator('#editor-close').click();
  await page.locator('#editor').waitFor({ state: 'detached', timeout: WAIT_MS });

  // A build on the phone: the narrow screen wraps its lines and still ends at its end; the
  // preview tab shows the built page.
  await typeAndExpect(page, `echo '<h1>폰에서 지은 사이트</h1>' > index.html && printf 'FROM nginx\\nCOPY index.html /usr/share/nginx/html/\\n' > Dockerfile`);
  await typeAndExpect(page, 'docker build -t phone .', /naming to docker\.io\/library\/phone:latest/);
  await page.waitForFunction(() => [...document.querySelectorAll('#terminal-output .line')].at(-1)?.textContent.includes('unpacking to'), null, { timeout: WAIT_MS });
  assert.ok((await terminalGap(page)) <= 24, `the screen is at its end after the build: ${await terminalGap(page)}px short`);
  await page.screenshot({ path: resolve(SHOTS, 'editor-build-phone.png') });
  await typeAndExpect(page, 'docker run -d -p 8080:80 phone', /^[0-9a-f]{64}$/);
  await page.locator('.sheet-bar .sheet-tab', { hasText: '브라우저 미리보기' }).click();
  await page.frameLocator('#preview-frame').locator('text=폰에서 지은 사이트').waitFor({ timeout: WAIT_MS });
  const frame = await page.locator('#preview-frame').boundingBox();
  assert.ok(frame && frame.x >= 0 && frame.x + frame.width <= 390 && frame.height > 100, `the preview fits: ${JSON.stringify(frame)}`);
  await page.screenshot({ path: resolve(SHOTS, 'editor-preview-phone.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
