import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'libsql';
import { loadContent } from './helpers/load';
import { publishContentDb } from '../lib/content/build/publish';
import { buildContentDb } from '../lib/content/build/write';
import { buildStore, dumpMemory, dumpStore, openStore } from './helpers/content-db';
import { generateContent } from './helpers/generate';
import { dumpMemoryTopics, dumpStoreTopics } from './helpers/topics';
import { temporaryDir } from './helpers/temporary';

// The content database against the in-memory loader it replaces: every getter gives the same
// answer, on the samples and on a generated corpus; and the incremental content step gives the
// database a cold build would, whatever changed.

const ROOT = path.resolve(import.meta.dirname, '..');
const QUIRKS = path.join(import.meta.dirname, 'fixtures/quirks');
const DOPPLER = 'physics/what-is-the-doppler-effect.md';
const BST = 'computer-science/what-is-a-binary-search-tree.md';

for (const [name, dir] of [
  ['the sample content', path.join(ROOT, 'content')],
  ['the quirks fixtures', QUIRKS],
  ['a generated corpus of 1,500 questions', generateContent(path.join(os.tmpdir(), 'content-db-generated'), 1_500)],
] as const) {
  test(`every getter answers as the in-memory loader did: ${name}`, async () => {
    const { store, build } = await buildStore(dir);
    assert.deepEqual(build.problems, []);
    const memory = loadContent(dir);
    const [got, expected] = [await dumpStore(store), dumpMemory(memory)];
    assert.equal(got.questions.length, memory.questions.length);
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) assert.deepEqual(got[key], expected[key], key);
    const [gotTopics, expectedTopics] = [await dumpStoreTopics(store), dumpMemoryTopics(memory)];
    for (const key of Object.keys(expectedTopics) as (keyof typeof expectedTopics)[]) assert.deepEqual(gotTopics[key], expectedTopics[key], `topics: ${key}`);
    store.close();
  });
}

test('worker threads prepare files into the same database as the main thread does', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'content-db-workers'), 700);
  const inline = await buildStore(dir);
  const file = path.join(temporaryDir('content-db-'), 'content.db');
  const build = await buildContentDb(dir, file, { prepare: { workers: 2, minTasks: 0 } });
  assert.equal(build.stats.parsed, 700 + 100);
  const threaded = await openStore(file);
  assert.deepEqual(await dumpStore(threaded), await dumpStore(inline.store));
  assert.deepEqual(
    await threaded.search({ terms: ['photosynthesis'], prefix: false, subject: null, page: 1 }),
    await inline.store.search({ terms: ['photosynthesis'], prefix: false, subject: null, page: 1 }),
  );
});

function workspace() {
  const root = temporaryDir('content-step-');
  const dir = path.join(root, 'content');
  fs.cpSync(QUIRKS, dir, { recursive: true });
  return { dir, db: path.join(root, 'cache', 'content.db') };
}

/** The incremental database must read exactly as a cold build of the same folder. */
/**
 * The stems table that search reads each word's rarity from, against what the full-text indexes
 * hold (FTS5's vocabulary, which counts by reading them): the same stems with the same counts.
 */
function assertStemsCounted(file: string) {
  const db = new Database(file, { readonly: true });
  db.exec('CREATE VIRTUAL TABLE temp.all_terms USING fts5vocab(main, search, row); CREATE VIRTUAL TABLE temp.title_terms USING fts5vocab(main, titles, row)');
  const counted = db.prepare('SELECT stem, docs, title_docs FROM stems ORDER BY stem').raw().all();
  const indexed = db
    .prepare('SELECT a.term, a.doc, coalesce(t.doc, 0) FROM temp.all_terms a LEFT JOIN temp.title_terms t ON t.term = a.term ORDER BY a.term')
    .raw()
    .all();
  db.close();
  assert.ok(indexed.length > 0);
  assert.deepEqual(counted, indexed);
}

async function assertSameAsCold(dir: string, db: string) {
  assertStemsCounted(db);
  const cold = await buildStore(dir);
  const warm = await openStore(db);
  assert.deepEqual(await dumpStore(warm), await dumpStore(cold.store));
  assert.deepEqual(await dumpStoreTopics(warm), await dumpStoreTopics(cold.store));
  warm.close();
  cold.store.close();
}

const stats = async (dir: string, db: string) => {
  const { files, parsed, rehashed, deleted } = (await buildContentDb(dir, db)).stats;
  return { files, parsed, rehashed, deleted };
};

test('a second build with unchanged content parses nothing and changes nothing', async () => {
  const { dir, db } = workspace();
  assert.deepEqual(await stats(dir, db), { files: 6, parsed: 6, rehashed: 0, deleted: 0 });
  const again = await buildContentDb(dir, db);
  assert.deepEqual(again.stats, { files: 6, parsed: 0, rehashed: 0, deleted: 0, subjects: 5, questions: 6, topics: 0 });
  assert.equal(again.changed, false);
  await assertSameAsCold(dir, db);
});

test('a fresh checkout (new times, same bytes) reads the files but parses none', async () => {
  const { dir, db } = workspace();
  await buildContentDb(dir, db);
  const later = new Date(Date.now() + 60_000);
  for (const file of [DOPPLER, BST]) fs.utimesSync(path.join(dir, file), later, later);
  assert.deepEqual(await stats(dir, db), { files: 6, parsed: 0, rehashed: 2, deleted: 0 });
  assert.deepEqual(await stats(dir, db), { files: 6, parsed: 0, rehashed: 0, deleted: 0 });
});

test('a changed file is parsed again, alone, and search sees the change', async () => {
  const { dir, db } = workspace();
  await buildContentDb(dir, db);
  const file = path.join(dir, DOPPLER);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('What is the Doppler effect?', 'What is the Doppler shift?'));
  assert.deepEqual(await stats(dir, db), { files: 6, parsed: 1, rehashed: 0, deleted: 0 });
  const store = await openStore(db);
  assert.equal((await store.summary('/learn/physics/questions/what-is-the-doppler-effect'))?.title, 'What is the Doppler shift?');
  assert.equal((await store.search({ terms: ['shift'], prefix: false, subject: null, page: 1 })).total, 1);
  store.close();
  await assertSameAsCold(dir, db);
});

test('an added file is parsed and indexed', async () => {
  const { dir, db } = workspace();
  await buildContentDb(dir, db);
  const text = fs.readFileSync(path.join(dir, BST), 'utf8').replaceAll('binary-search-tree', 'red-black-tree').replace('id: -7', 'id: -8');
  fs.writeFileSync(path.join(dir, 'computer-science/what-is-a-red-black-tree.md'), text);
  assert.deepEqual(await stats(dir, db), { files: 7, parsed: 1, rehashed: 0, deleted: 0 });
  await assertSameAsCold(dir, db);
});

test('a renamed file is indexed under its new path, and the old path is gone', async () => {
  const { dir, db } = workspace();
  await buildContentDb(dir, db);
  fs.mkdirSync(path.join(dir, 'archive'));
  fs.renameSync(path.join(dir, BST), path.join(dir, 'archive', 'bst.md'));
  assert.deepEqual(await stats(dir, db), { files: 6, parsed: 1, rehashed: 0, deleted: 1 });
  const store = await openStore(db);
  assert.equal((await store.summary('/learn/computer-science/questions/what-is-a-binary-search-tree'))?.file, 'archive/bst.md');
  store.close();
  await assertSameAsCold(dir, db);
});

test('a deleted file leaves every table: listings, subjects, copies, search', async () => {
  const { dir, db } = workspace();
  await buildContentDb(dir, db);
  fs.rmSync(path.join(dir, DOPPLER));
  fs.rmSync(path.join(dir, 'psychology/what-is-working-memory.md')); // the canonical copy of a cross-listed question
  assert.deepEqual(await stats(dir, db), { files: 4, parsed: 0, rehashed: 0, deleted: 2 });
  const store = await openStore(db);
  assert.equal(await store.subject('physics'), null);
  assert.equal((await store.search({ terms: ['doppler'], prefix: false, subject: null, page: 1 })).total, 0);
  store.close();
  await assertSameAsCold(dir, db);
});

test('problems are kept with their file: a warm build reports them again', async () => {
  const { dir, db } = workspace();
  fs.writeFileSync(path.join(dir, 'physics/broken.md'), '---\ntitle: "unclosed\n---\n');
  const first = await buildContentDb(dir, db);
  const second = await buildContentDb(dir, db);
  assert.equal(second.stats.parsed, 0);
  assert.equal(first.problems.length, 1);
  assert.deepEqual(second.problems, first.problems);
});

test('a database written for another folder is rebuilt, not trusted', async () => {
  const a = workspace();
  const b = workspace();
  await buildContentDb(a.dir, a.db);
  assert.equal((await buildContentDb(b.dir, a.db)).stats.parsed, 6);
});

test('publishing replaces the served file whole, and only when the content changed', async () => {
  const { dir, db } = workspace();
  await buildContentDb(dir, db);
  const served = path.join(path.dirname(db), 'served', 'content.db');
  publishContentDb(db, served);
  const first = fs.statSync(served);
  await buildContentDb(dir, db);
  publishContentDb(db, served);
  assert.equal(fs.statSync(served).ino, first.ino, 'unchanged content: the same file');
  fs.rmSync(path.join(dir, DOPPLER));
  await buildContentDb(dir, db);
  publishContentDb(db, served);
  assert.notEqual(fs.statSync(served).ino, first.ino, 'a new file, renamed into place');
  assert.deepEqual(fs.readdirSync(path.dirname(served)), ['content.db'], 'no temporary file left');
});

test('an interrupted content step leaves the previous database intact', async () => {
  const root = temporaryDir('content-interrupted-');
  const dir = generateContent(path.join(root, 'content'), 400);
  const db = path.join(root, 'content.db');
  await buildContentDb(dir, db);
  const before = await dumpStore(await openStore(db));
  // Change every file, then kill the step while it is writing them.
  for (const subject of fs.readdirSync(dir)) {
    for (const file of fs.readdirSync(path.join(dir, subject))) {
      const full = path.join(dir, subject, file);
      fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replaceAll('How does', 'Why does'));
    }
  }
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `
    import('${path.join(ROOT, 'lib/content/build/write.ts')}').then(({ buildContentDb }) => {
      let n = 0;
      let phase = '';
      buildContentDb(${JSON.stringify(dir)}, ${JSON.stringify(db)}, { progress: {
        phase(name) { phase = name; }, end() {},
        tick() { if (phase.startsWith('reading') && ++n === 200) { console.log('halfway'); process.kill(process.pid, 'SIGKILL'); } },
      } });
    });`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const signal = await new Promise((resolve) => child.on('exit', (_code, s) => resolve(s)));
  assert.equal(signal, 'SIGKILL');
  assert.match(output, /halfway/);
  // Its journal rolls the transaction back when the database is next opened for writing: the
  // previous build is intact, and the next step parses every changed file again.
  assert.ok(fs.existsSync(`${db}-journal`), 'the interrupted transaction left its journal');
  new Database(db).close();
  assert.deepEqual(await dumpStore(await openStore(db)), before);
  const next = await buildContentDb(dir, db);
  assert.equal(next.stats.parsed, 400 + Math.ceil(400 / 7));
  assert.deepEqual(next.problems, []);
  assert.match((await (await openStore(db)).summary((await (await openStore(db)).newest(1))[0]!.url))!.title, /^Why does/);
});

test('addresses with NUL or odd characters find nothing, on every store', async () => {
  const { store } = await buildStore(path.join(ROOT, 'content'));
  for (const odd of ['a\u0000b', '\u0000', '../../etc/passwd', 'é\u202e', '%00']) {
    assert.equal(await store.question(`/learn/physics/questions/${odd}`), null, JSON.stringify(odd));
    assert.equal(await store.subjectPage(odd, 1), null, JSON.stringify(odd));
    assert.equal(await store.topicPage(odd, 1, null), null, JSON.stringify(odd));
  }
  store.close();
});
