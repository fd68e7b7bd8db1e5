import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REVALIDATE_SECRET, SITE_URL } from '../playwright.config';
import { env } from '../lib/env.mjs';
import { seeded } from '../test/helpers/random';

// A second `next start` on the same build, killed (SIGKILL) at seeded moments while it renders
// pages on demand: after each restart, every page is served whole, never from a cache entry the
// killed server was writing (lib/page-cache-handler.cjs). FAULT_SEED replays a run.

const PORT = 3201;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(import.meta.dirname, '..');
const SEED = Number(process.env.FAULT_SEED ?? 20261126);

async function start(): Promise<ChildProcess> {
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, SITE_URL, TZ: 'Pacific/Kiritimati', REVALIDATE_SECRET },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${ORIGIN}/robots.txt`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill('SIGKILL');
  throw new Error(`next start on ${PORT} did not answer`);
}

async function kill(server: ChildProcess) {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

test('a server killed while rendering pages on demand serves every page whole after its restart', async () => {
  test.setTimeout(240_000);
  console.log(`fault: seed ${SEED} (FAULT_SEED=${SEED} replays it)`);
  const random = seeded(SEED).next;
  const pages = Array.from({ length: 30 }, (_, i) => 30 + i); // world-history practice questions no other test opens
  let server = await start();
  try {
    for (let round = 0; round < 3; round++) {
      const batch = pages.slice(round * 10, round * 10 + 10);
      // Requests cut by the kill: before their answer or halfway through its body.
      const inFlight = batch.map((n) =>
        fetch(`${ORIGIN}/learn/world-history/questions/world-history-practice-question-${n}`)
          .then((r) => r.text())
          .catch(() => ''),
      );
      const delay = 20 + Math.floor(random() * 600);
      await new Promise((r) => setTimeout(r, delay));
      await kill(server);
      await Promise.all(inFlight);
      server = await start();
      for (const n of pages.slice(0, round * 10 + 10)) {
        const response = await fetch(`${ORIGIN}/learn/world-history/questions/world-history-practice-question-${n}`);
        const html = await response.text();
        expect(response.status, `seed ${SEED}, round ${round} (killed after ${delay} ms): question ${n}`).toBe(200);
        expect(html.trimEnd().endsWith('</html>'), `seed ${SEED}, round ${round}: question ${n} whole`).toBe(true);
        expect(html).toContain(`World history practice question ${n}: what changed in year ${1800 + n}?`);
        expect(html).toContain(`A short practice answer about ${1800 + n}.`);
      }
    }
    const journal = path.join(ROOT, env().BUILD_DIR, '.next', 'cache', 'page-writes');
    expect(fs.existsSync(journal) ? fs.readdirSync(journal) : [], 'no write left unfinished').toEqual([]);
  } finally {
    await kill(server);
  }
});
