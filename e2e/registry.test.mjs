// e2e/registry.test.mjs: the practice registry is data the site fetches (issue #13).
//
// 1. A cold load fetches content/registry/index.toml and no other registry file.
// 2. The first `docker run redis` fetches redis's file (and its base system's) while the
//    line waits, then runs as usual: the container answers `redis-cli ping`.
// 3. A self-hoster adds an image to a built dist/content/registry/ (an [[repo]] in the index
//    and its file, as tests/fixtures/instructor-course does): on the next load
//    `docker search` lists it and it runs, with no rebuild.
// The check page (#/check) fetches every registry file the index reaches and reports no
// error for the shipped registry, nor for the added image.
// Every wait is on a condition with a timeout, never a fixed sleep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile, appendFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveSubPath } from './serve.mjs';
import {
  ROOT,
  DIST,
  CHROMIUM,
  CHROMIUM_ARGS,
  WAIT_MS,
  watchProblems,
  typeAndExpect,
  openPage,
} from './browser.mjs';

const FIXTURE = resolve(ROOT, 'tests/fixtures/instructor-course/registry');

/** The registry files (paths under content/registry/) the page has asked for so far. */
function registryRequests(page) {
  const seen = [];
  page.on('request', (req) => {
    const m = new URL(req.url()).pathname.match(/\/content\/registry\/(.+)$/);
    if (m) seen.push(m[1]);
  });
  return seen;
}

/** Serves `dir` from /course/ and opens a fresh browser on the sandbox. */
async function openSandbox(t, dir) {
  assert.ok(existsSync(resolve(dir, 'index.html')), `${dir}/index.html is missing: build with \`make dist\` first`);
  const server = await serveSubPath(dir, 'course');
  t.after(() => server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = [];
  watchProblems(page, problems);
  const requests = registryRequests(page);
  await openPage(page, `${server.baseUrl}#/sandbox`, '#terminal-input');
  return { page, problems, requests };
}

test('a cold load fetches the index only; the first `docker run redis` fetches redis and works', { timeout: 180000 }, async (t) => {
  const { page, problems, requests } = await openSandbox(t, DIST);
  // The index arrives at start; `docker search` answers from it alone.
  await typeAndExpect(page, 'docker search redis', /^redis\s+Redis is the world/);
  assert.deepEqual(requests, ['index.toml'], 'a cold load (and a search) fetch the index only');

  await typeAndExpect(page, 'docker run -d --name cache redis', /^[0-9a-f]{64}$/);
  assert.ok(requests.includes('library/redis.toml'), `redis's file was fetched: ${requests}`);
  const others = requests.filter((r) => r.startsWith('library/') && r !== 'library/redis.toml');
  assert.deepEqual(others, [], 'no other repository was fetched');
  await typeAndExpect(page, 'docker exec cache redis-cli ping', /^PONG$/);
  await typeAndExpect(page, 'docker logs cache', /Ready to accept connections tcp/);
  const fetchedOnce = requests.length;
  await typeAndExpect(page, 'docker run -d --name cache2 redis', /^[0-9a-f]{64}$/);
  assert.equal(requests.length, fetchedOnce, 'a second run fetches nothing');

  // An image the practice registry lacks: docker's error, then the site's own note.
  await typeAndExpect(page, 'docker pull nginxx', /pull access denied for nginxx/);
  const note = page.locator('#terminal-output .line.note.catalogue').last();
  await note.waitFor({ state: 'visible', timeout: WAIT_MS });
  assert.match(await note.textContent(), /`nginxx:latest`.*docker search/);

  // The instructors' check page fetches the whole registry and finds nothing wrong with it.
  await page.goto(`${new URL(page.url()).origin}${new URL(page.url()).pathname}#/check`);
  const summary = page.locator('#check .check-summary');
  await summary.waitFor({ timeout: 60000 });
  assert.match(await summary.textContent(), /오류 0개, 경고 0개/);
  assert.ok(requests.includes('os/debian12.toml') && requests.includes('library/traefik.toml'), 'every file the index reaches');
  assert.deepEqual(problems, [], 'no errors on the page');
});

test('an image added to dist/content/registry/ after the build is found by docker search and runs', { timeout: 180000 }, async (t) => {
  const copy = await mkdtemp(join(tmpdir(), 'whalelab-registry-'));
  t.after(() => rm(copy, { recursive: true, force: true }));
  await cp(DIST, copy, { recursive: true });
  const registry = join(copy, 'content/registry');
  const index = await readFile(join(FIXTURE, 'index.toml'), 'utf8');
  await appendFile(join(registry, 'index.toml'), `\n${index}`);
  await mkdir(join(registry, 'myschool'), { recursive: true });
  for (const name of ['hello-web.toml', 'hello.toml']) {
    await writeFile(join(registry, 'myschool', name), await readFile(join(FIXTURE, 'myschool', name), 'utf8'));
  }

  const { page, problems, requests } = await openSandbox(t, copy);
  await typeAndExpect(page, 'docker search myschool', /^myschool\/hello-web\s+MySchool's welcome page, served by nginx\s+3\s*$/);
  await typeAndExpect(page, 'docker run myschool/hello', /^Hello from MySchool!$/);
  await typeAndExpect(page, 'docker run -d --name web -p 8080:80 myschool/hello-web', /^[0-9a-f]{64}$/);
  await typeAndExpect(page, 'curl -s localhost:8080', /MySchool 도커 수업에 오신 것을 환영합니다!/);
  assert.ok(requests.includes('myschool/hello-web.toml') && requests.includes('myschool/hello.toml'), `${requests}`);
  // The check page validates the added image with the rest.
  await page.goto(`${new URL(page.url()).origin}${new URL(page.url()).pathname}#/check`);
  const summary = page.locator('#check .check-summary');
  await summary.waitFor({ timeout: 60000 });
  assert.match(await summary.textContent(), /오류 0개, 경고 0개/);
  assert.deepEqual(problems, [], 'no errors on the page');
});
