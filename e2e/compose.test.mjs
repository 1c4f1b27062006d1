// e2e/compose.test.mjs: a multi-container application with Docker Compose (issue #15).
//
// In the sandbox a learner writes compose.yaml with a here-document (a web server publishing
// 8080 and a database with a named volume), runs `docker compose up -d`, sees both services in
// `docker compose ps`, the object graph's frame labelled with the project around them, and the
// web service's page in the browser preview; `docker compose down` removes the frame. Typing
// `docker-compose` gets bash's error and the site's note about `docker compose`.
// Every wait is on a condition with a timeout, never a fixed sleep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, watchProblems, typeCommand, typeAndExpect, openPage, WAIT_MS } from './browser.mjs';

const COMPOSE_YAML = [
  'services:',
  '  web:',
  '    image: nginx',
  '    ports:',
  '      - "8080:80"',
  '    depends_on:',
  '      - db',
  '  db:',
  '    image: redis',
  '    volumes:',
  '      - data:/data',
  'volumes:',
  '  data:',
];

test('compose: a here-document compose.yaml, up -d, ps, the project frame and the preview, down', { timeout: 180000 }, async (t) => {
  const { baseUrl, browser, close } = await openSite();
  t.after(close);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = [];
  watchProblems(page, problems);
  await openPage(page, `${baseUrl}#/sandbox`, '#terminal-input');

  await typeAndExpect(page, 'mkdir shop && cd shop');
  // The here-document, line by line as a learner types it; the shell reads until EOF.
  await typeCommand(page, "cat > compose.yaml <<'EOF'");
  for (const line of COMPOSE_YAML) await typeCommand(page, line);
  await typeCommand(page, 'EOF');
  await typeAndExpect(page, 'cat compose.yaml', /^ {6}- data:\/data$/);

  await typeAndExpect(page, 'docker compose up -d', /Container shop-web-1\s+Started/);
  await typeAndExpect(page, 'docker compose ps --services', /^db$/);
  await typeAndExpect(page, 'docker compose ps', /^shop-web-1\s+nginx\s+.*0\.0\.0\.0:8080->80\/tcp/);

  // The object graph groups the project's containers, volume and network in one frame.
  await page.locator('#diagram-tab-graph').click();
  const frame = page.locator('#diagram-graph g.project[data-project="shop"]');
  await frame.waitFor({ state: 'attached', timeout: WAIT_MS });
  assert.match(await frame.locator('.project-label').textContent(), /프로젝트 shop/);
  for (const key of ['volume:shop_data', 'network:shop_default']) {
    assert.equal(await page.locator(`#diagram-graph [data-key="${key}"]`).count(), 1, `${key} is drawn`);
  }

  // The preview shows the web service's page.
  await page.waitForFunction(() => (document.querySelector('#preview-frame')?.getAttribute('srcdoc') ?? '').includes('Welcome to nginx'), null, {
    timeout: WAIT_MS,
  });

  await typeAndExpect(page, 'docker compose down', /Network shop_default\s+Removed/);
  await page.waitForFunction(() => document.querySelectorAll('#diagram-graph g.project').length === 0, null, { timeout: WAIT_MS });

  // Compose v1's spelling: bash's error, then the site's note.
  await typeAndExpect(page, 'docker-compose up -d', /docker-compose: command not found/);
  const note = page.locator('#terminal-output .line.note').last();
  await note.waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.match(await note.textContent(), /docker compose/);

  assert.deepEqual(problems, []);
});
