import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// `next dev` shows the content files as they are, on a reload (the folder is looked at once a
// second at most): an edit, its revert, a second edit, a new file and a deleted one. Its own
// content folder and build folder (BUILD_DIR), so the production build the other specs use is
// untouched. SQLite only: with DATABASE_URL the site reads PostgreSQL, which content:sync
// writes, not the files.

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3202;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SUBJECT = path.join(ROOT, 'content', 'biology');
const SLUG = 'how-do-the-four-classes-of-biological-macromolecules-compare';
const TITLE = 'How do the four classes of biological macromolecules compare?';
const ADDED = 'how-does-the-electron-transport-chain-produce-atp-in-cellular-respiration';
/** How often the development server looks at the folder (lib/content/build/dev-sync.ts), with room. */
const LOOKS_EVERY_MS = 1_500;

test.skip(process.env.E2E_STORE === 'postgres', 'next dev reads the files only through SQLite');

let server: ChildProcess | undefined;
test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGKILL');
});

/** The page's heading, or its status when it is not 200. */
async function heading(slug: string): Promise<string> {
  const response = await fetch(`${ORIGIN}/learn/biology/questions/${slug}`);
  if (response.status !== 200) return String(response.status);
  return /<h1[^>]*>([^<]*)<\/h1>/.exec(await response.text())?.[1] ?? 'no heading';
}

test('next dev: edits, a revert, a second edit, an added and a deleted file, each on a reload', async () => {
  test.setTimeout(300_000);
  const content = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-content-'));
  fs.mkdirSync(path.join(content, 'biology'));
  const file = path.join(content, 'biology', `${SLUG}.md`);
  const original = fs.readFileSync(path.join(SUBJECT, `${SLUG}.md`), 'utf8');
  fs.writeFileSync(file, original);
  server = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'dev', '-H', '127.0.0.1', '-p', String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', CONTENT_DIR: content, BUILD_DIR: '.test-build/dev', NODE_ENV: 'development' },
    stdio: 'ignore',
    detached: true,
  });
  for (
    let i = 0;
    i < 600 &&
    !(await fetch(`${ORIGIN}/robots.txt`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 200));

  expect(await heading(SLUG)).toBe(TITLE);
  const steps: [string, () => void, string, string][] = [
    ['edited', () => fs.writeFileSync(file, original.replaceAll(TITLE, 'Edited once: macromolecules?')), SLUG, 'Edited once: macromolecules?'],
    ['reverted', () => fs.writeFileSync(file, original), SLUG, TITLE],
    ['edited again', () => fs.writeFileSync(file, original.replaceAll(TITLE, 'Edited twice: macromolecules?')), SLUG, 'Edited twice: macromolecules?'],
    [
      'a file added',
      () => fs.copyFileSync(path.join(SUBJECT, `${ADDED}.md`), path.join(content, 'biology', `${ADDED}.md`)),
      ADDED,
      'How does the electron transport chain produce ATP in cellular respiration?',
    ],
    ['a file deleted', () => fs.rmSync(path.join(content, 'biology', `${ADDED}.md`)), ADDED, '404'],
  ];
  for (const [what, change, slug, shown] of steps) {
    change();
    // A reload looks at the folder when the last look is a second old: reloads spaced so, a
    // few allowed (on a loaded CI machine the one reload 1.5 s after an edit once still showed
    // the page before it).
    await expect.poll(() => heading(slug), { message: what, intervals: [LOOKS_EVERY_MS], timeout: 20_000 }).toBe(shown);
  }
  fs.rmSync(content, { recursive: true });
});
