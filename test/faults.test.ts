import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { test } from 'node:test';
import Database from 'libsql';
import { SqliteStore } from '../lib/content/sqlite/sqlite-store';
import { buildStore, dumpStore } from './helpers/content-db';
import { generateContent } from './helpers/generate';
import { seeded } from './helpers/random';
import { temporaryDir } from './helpers/temporary';

// Faults around the content database: the content step killed at seeded moments, content files
// changed after the build, a database missing or corrupt. FAULT_SEED replays a run.

const ROOT = path.resolve(import.meta.dirname, '..');
const SEED = Number(process.env.FAULT_SEED ?? 20261126);
const tsx = import.meta.resolve('tsx');

test('what the site shows comes from the build: content files changed or deleted afterwards change nothing', async () => {
  const dir = temporaryDir('after-build-');
  fs.cpSync(path.join(ROOT, 'content'), dir, { recursive: true });
  const { store } = await buildStore(dir);
  const before = await dumpStore(store);
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'))) {
    fs.writeFileSync(path.join(dir, file), 'changed after the build, half written');
  }
  assert.deepEqual(await dumpStore(store), before, 'files rewritten');
  fs.rmSync(dir, { recursive: true });
  assert.deepEqual(await dumpStore(store), before, 'files gone');
});

test('a content database that is missing or corrupt: an error that names the file and what to do', () => {
  const dir = temporaryDir('corrupt-db-');
  for (const [name, bytes] of [
    ['random.db', crypto.randomBytes(8192)],
    ['text.db', Buffer.from('not a database\n'.repeat(500))],
    ['empty.db', Buffer.alloc(0)],
  ] as const) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    assert.throws(() => new SqliteStore(file), new RegExp(`^Error: ${file}: not a readable content database \\(.+\\); build again$`), name);
  }
  // The site started without one (`next start` before any build).
  const run = (() => {
    try {
      execFileSync(
        process.execPath,
        [
          '--conditions',
          'react-server',
          '--import',
          tsx,
          '-e',
          `import(${JSON.stringify(path.join(ROOT, 'lib/content/index.ts'))}).then((c) => c.getSubjects())`,
        ],
        { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
      );
      return '';
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
  })();
  assert.match(run, new RegExp(`No content database at ${path.join(dir, '.content', 'content.db')}: it is written before \`next build\``));
});

/** What a published database holds, or why it is not whole. */
function fingerprint(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const [check] = db.prepare('PRAGMA integrity_check').raw().get() as [string];
    if (check !== 'ok') return `corrupt: ${check}`;
    const rows = db.prepare('SELECT subject_slug, slug, title FROM questions ORDER BY subject_slug, slug').raw().all() as string[][];
    return crypto
      .createHash('sha1')
      .update(rows.map((r) => r.join('/')).join('\n'))
      .digest('hex');
  } finally {
    db.close();
  }
}

/**
 * Runs the content step (as `next build` does) in `cwd`, stepping through the points it reports
 * (`steppedProgress`); kills it at point `killAt` if it reaches it. Returns how it ended and how
 * many points it reported.
 */
function contentStep(cwd: string, content: string, killAt?: number): Promise<{ status: number | null; signal: NodeJS.Signals | null; points: number }> {
  const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'scripts/build-content.ts')], {
    cwd,
    env: { ...process.env, CONTENT_DIR: content, CONTENT_STEP_POINTS: '1' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let points = 0;
  child.stdin.on('error', () => {}); // the step killed while told to go on
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('point ')) return;
    if (points++ === killAt) child.kill('SIGKILL');
    else child.stdin.write('\n');
  });
  return new Promise((resolve) => child.on('exit', (status, signal) => resolve({ status, signal, points })));
}

const flip = (dir: string, from: string, to: string) => {
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'))) {
    const full = path.join(dir, file);
    fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replaceAll(from, to));
  }
};

test(`the content step killed at 24 seeded points of its progress (seed ${SEED}): the published database is always a whole build, and a running server keeps its own`, async () => {
  const work = temporaryDir('killed-step-');
  const content = generateContent(path.join(work, 'content'), 1_000);
  const published = path.join(work, '.content', 'content.db');
  // The two versions of the content, each built whole once, for reference.
  const reference = temporaryDir('killed-step-reference-');
  fs.cpSync(content, path.join(reference, 'content'), { recursive: true });
  const first = await contentStep(reference, path.join(reference, 'content'));
  assert.equal(first.status, 0);
  const versions = { how: fingerprint(path.join(reference, '.content', 'content.db')), why: '' };
  flip(path.join(reference, 'content'), 'How does', 'Why does');
  const full = await contentStep(reference, path.join(reference, 'content'));
  versions.why = fingerprint(path.join(reference, '.content', 'content.db'));

  assert.equal((await contentStep(work, content)).status, 0);
  assert.equal(fingerprint(published), versions.how);
  const running = new SqliteStore(published); // a server started on the first build
  const shownFirst = (await running.newest(3)).map((q) => q.title);

  const random = seeded(SEED).next;
  let current: 'how' | 'why' = 'how';
  const outcomes = { killed: 0, finished: 0 };
  for (let run = 0; run < 24; run++) {
    // Always something to do: the content differs from what is published.
    const next: 'how' | 'why' = current === 'how' ? 'why' : 'how';
    flip(content, current === 'how' ? 'How does' : 'Why does', next === 'how' ? 'How does' : 'Why does');
    // Any point the step reports, or one past its last (then it finishes).
    const killAt = Math.floor(random() * (full.points + 1));
    const result = await contentStep(work, content, killAt);
    const shown = fingerprint(published);
    const replay = `seed ${SEED}, run ${run}: killed at point ${killAt} of ${full.points}`;
    assert.ok(shown === versions[current] || shown === versions[next], `${replay}: the published database is neither build (${shown})`);
    assert.deepEqual(fs.readdirSync(path.dirname(published)), ['content.db'], `${replay}: a partial file beside it`);
    if (result.signal === 'SIGKILL') {
      outcomes.killed++;
      // The next step finishes what the killed one started.
      assert.equal((await contentStep(work, content)).status, 0, replay);
    } else {
      assert.equal(result.status, 0, replay);
      outcomes.finished++;
    }
    assert.equal(fingerprint(published), versions[next], `${replay}: the next build is correct`);
    current = next;
  }
  console.log(`content step: ${outcomes.killed} of 24 runs killed at a point of ${full.points}, ${outcomes.finished} finished`);
  assert.ok(outcomes.killed >= 20, `${outcomes.killed} of 24 runs killed before they finished`);
  assert.deepEqual(
    (await running.newest(3)).map((q) => q.title),
    shownFirst,
    'the running server still shows the build it started on',
  );
  assert.ok(shownFirst.every((t) => t.startsWith('How does')));
  running.close();
  const restarted = new SqliteStore(published);
  assert.ok(
    (await restarted.newest(3)).every((q) => q.title.startsWith(current === 'how' ? 'How does' : 'Why does')),
    'a restarted server shows the last build',
  );
  restarted.close();
});
