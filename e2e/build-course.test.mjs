// e2e/build-course.test.mjs: the course past the seeds (issue 17), in headless Chromium
// against the built site served from /course/. One exercise of each new chapter is started
// and solved as a learner would, by typing at the prompt and clicking ▶ buttons:
//   15 Dockerfile로 이미지 만들기 — a here-document typed line by line (the terminal's `> `
//      prompts), the build, the run; a lesson ▶ (`curl`) and the preview show the page;
//   16 레이어와 빌드 캐시 — "정답 보기" shows the solution's here-document as one ▶, which
//      types all its lines; the build is typed;
//   17 멀티 스테이지 빌드 — the lesson's two-stage Dockerfile is one ▶ (its `#` lines and the
//      blank line between the stages reach the file), clicked inside the exercise's folder;
//   18 이미지 공유하기 — the lesson's login ▶, then the push typed;
//   19 Compose — a compose.yaml typed line by line (its indentation kept), the lesson's
//      `docker compose up -d` ▶;
//   20 Compose 심화 — .env changed by typing, applied with the lesson's ▶;
//   21 종합 실습 — a project brought back up with the lesson's ▶, its notice still in the volume;
// and every exercise turns solved. The page must log no console error, page error or failed
// request. A failing step saves target/e2e/build-course-failure.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ROOT, WAIT_MS, cmdCount, openPage, openSite, outputLines, typeAndExpect, waitForCmd, waitForOutput, watchProblems } from './browser.mjs';

const SHOTS = resolve(ROOT, process.env.E2E_SHOTS ?? 'target/e2e');

let site;
before(async () => {
  await mkdir(SHOTS, { recursive: true });
  site = await openSite();
});
after(async () => site?.close());

const exercise = (page, id) => page.locator(`#lesson section.exercise[data-exercise="${id}"]`);

/** Opens lesson `file` and starts exercise `id` (a fresh machine with its files and setup). */
async function startExercise(page, file, id) {
  await openPage(page, `${site.baseUrl}#/lesson/${file}`);
  await exercise(page, id).locator('.start-exercise').click();
  await exercise(page, id).and(page.locator('[data-started="true"]')).waitFor({ state: 'attached', timeout: WAIT_MS });
}

async function waitForSolved(page, id) {
  await exercise(page, id).and(page.locator('[data-solved="true"]')).waitFor({ state: 'attached', timeout: WAIT_MS });
}

/** Types each line of `text` at the prompt, as a learner types a here-document. */
async function typeLines(page, text) {
  for (const line of text.split('\n')) await typeAndExpect(page, line);
}

/** Clicks `button` and waits until the terminal has echoed `lines` more command lines. */
async function clickAndWait(page, button, lines) {
  const before = await cmdCount(page);
  await button.click();
  await waitForCmd(page, before + lines - 1);
}

/** The prompts of the last `n` echoed command lines. */
function lastPrompts(page, n) {
  return page.evaluate(
    (k) => [...document.querySelectorAll('#terminal-output .line.cmd')].slice(-k).map((l) => l.textContent.slice(0, 2)),
    n,
  );
}

test('one exercise of each new chapter, by typing and clicking ▶', { timeout: 300000 }, async (t) => {
  const context = await site.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  watchProblems(page, problems);
  const step = async (name, body) =>
    t.test(name, async () => {
      try {
        await body();
      } catch (e) {
        await page.screenshot({ path: resolve(SHOTS, 'build-course-failure.png') }).catch(() => {});
        console.log((await outputLines(page).catch(() => [])).slice(-30).join('\n'));
        throw e;
      }
    });

  await step('15: a here-document typed, the image built and run, the page in the preview', async () => {
    await startExercise(page, '15-dockerfile', 'build-static-site');
    await typeAndExpect(page, 'cd mysite');
    await typeLines(page, "cat >> Dockerfile <<'EOF'\nCOPY index.html /usr/share/nginx/html/\nEOF");
    assert.deepEqual(await lastPrompts(page, 2), ['> ', '> '], 'the body and EOF are typed at the continuation prompt');
    await typeAndExpect(page, 'cat Dockerfile', /^COPY index\.html \/usr\/share\/nginx\/html\/$/);
    await typeAndExpect(page, 'docker build -t mysite:1.0 .', /naming to docker\.io\/library\/mysite:1\.0/);
    await typeAndExpect(page, 'docker run -d --name site -p 8080:80 mysite:1.0', /^[0-9a-f]{64}$/);
    await clickAndWait(page, page.locator('#lesson .runnable .run-button:not(.solution-run)[data-command="curl http://localhost:8080"]'), 1);
    await waitForSolved(page, 'build-static-site');
    await page.waitForFunction(
      () => (document.querySelector('#preview-frame')?.getAttribute('srcdoc') ?? '').includes('고래 카페'),
      null,
      { timeout: WAIT_MS },
    );
  });

  await step("16: the solution's here-document is one ▶", async () => {
    await startExercise(page, '16-layers-and-cache', 'entrypoint-and-cmd');
    await typeAndExpect(page, 'cd greeter');
    await exercise(page, 'entrypoint-and-cmd').locator('.solution > summary').click();
    const unit = exercise(page, 'entrypoint-and-cmd').locator('.solution .run-button[data-command^="cat >> Dockerfile"]');
    assert.equal(await unit.count(), 1, 'one button for the whole here-document');
    await clickAndWait(page, unit, 4);
    await typeAndExpect(page, 'cat Dockerfile', /^CMD \["world"\]$/);
    await typeAndExpect(page, 'docker build -t greeter .', /naming to docker\.io\/library\/greeter:latest/);
    await waitForSolved(page, 'entrypoint-and-cmd');
  });

  await step("17: the lesson's two-stage Dockerfile is one ▶, comments and blank line kept", async () => {
    await startExercise(page, '17-multi-stage', 'multi-stage-site');
    await typeAndExpect(page, 'cd blog');
    const unit = page.locator('#lesson .runnable .run-button:not(.solution-run)[data-command^="cat > Dockerfile"]');
    assert.equal(await unit.count(), 1);
    const lines = (await unit.getAttribute('data-command')).split('\n').length;
    await clickAndWait(page, unit, lines);
    await typeAndExpect(page, 'wc -l < Dockerfile', new RegExp(`^${lines - 2}$`));
    await typeAndExpect(page, 'head -n 1 Dockerfile', /^# 1단계: 빌드/);
    await typeAndExpect(page, 'docker build -t blog:slim .', /naming to docker\.io\/library\/blog:slim/);
    await typeAndExpect(page, 'docker run -d --name blog -p 8080:80 blog:slim', /^[0-9a-f]{64}$/);
    await waitForSolved(page, 'multi-stage-site');
  });

  await step("18: the lesson's login ▶, the push typed", async () => {
    await startExercise(page, '18-sharing-images', 'push-to-hub');
    await typeAndExpect(page, 'cd weather');
    await typeAndExpect(page, 'docker build -t weather .', /naming to docker\.io\/library\/weather:latest/);
    await typeAndExpect(page, 'docker tag weather learner/weather:1.0');
    await clickAndWait(page, page.locator('#lesson .runnable .run-button:not(.solution-run)[data-command^="echo whale1234 | docker login"]'), 1);
    await typeAndExpect(page, 'docker push learner/weather:1.0', /^1\.0: digest: sha256:[0-9a-f]{64} size: \d+$/);
    await waitForSolved(page, 'push-to-hub');
  });

  await step('19: a compose.yaml typed (its indentation kept), the lesson ▶ brings it up', async () => {
    await startExercise(page, '19-compose', 'compose-write');
    await typeAndExpect(page, 'mkdir hello');
    await typeAndExpect(page, 'cd hello');
    await typeLines(page, "cat > compose.yaml <<'EOF'\nservices:\n  web:\n    image: httpd\n    ports:\n      - \"8081:80\"\nEOF");
    await typeAndExpect(page, 'docker compose config', /^\s+published: "8081"$/);
    await clickAndWait(page, page.locator('#lesson .runnable .run-button:not(.solution-run)[data-command="docker compose up -d"]').first(), 1);
    await waitForOutput(page, /Container hello-web-1\s+Started/);
    await waitForSolved(page, 'compose-write');
  });

  await step('20: .env changed by typing, the lesson ▶ applies it', async () => {
    await startExercise(page, '20-compose-more', 'compose-env-port');
    await typeAndExpect(page, "echo 'WEB_PORT=9090' > .env");
    await clickAndWait(page, page.locator('#lesson .runnable .run-button:not(.solution-run)[data-command="docker compose up -d"]').first(), 1);
    await waitForOutput(page, /Container shop-web-1\s+(Started|Recreated)/);
    await waitForSolved(page, 'compose-env-port');
  });

  await step('21: the project comes back up and its notice survived in the volume', async () => {
    await startExercise(page, '21-capstone', 'capstone-survives');
    await clickAndWait(page, page.locator('#lesson .runnable .run-button:not(.solution-run)[data-command="docker compose up -d"]').first(), 1);
    await waitForOutput(page, /Container cafe-web-1\s+Started/);
    await typeAndExpect(page, 'curl http://localhost:8080/notice/today.txt', /파도 라떼/);
    await waitForSolved(page, 'capstone-survives');
  });

  assert.deepEqual(problems, []);
  await context.close();
});
