import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildContent } from '../lib/content/build';

// The incremental content build: unchanged files are not parsed again, and adding, changing,
// renaming or deleting files gives exactly the index a cold build would.

const QUIRKS = path.join(import.meta.dirname, 'fixtures/quirks');
const DOPPLER = 'physics/what-is-the-doppler-effect.md';
const BST = 'computer-science/what-is-a-binary-search-tree.md';

function workspace() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-cache-'));
  const dir = path.join(root, 'content');
  fs.cpSync(QUIRKS, dir, { recursive: true });
  return { dir, cache: path.join(root, 'cache', 'records.json') };
}

/** The index as a cold build (no cache) makes it, to compare the incremental one with. */
const cold = (dir: string) => buildContent(dir, null);
const urls = (built: ReturnType<typeof cold>) => built.corpus.questions.map((q) => q.url).sort();

test('a second build with unchanged content parses nothing', () => {
  const { dir, cache } = workspace();
  assert.deepEqual(buildContent(dir, cache).stats, { files: 6, parsed: 6, rehashed: 0 });
  const warm = buildContent(dir, cache);
  assert.deepEqual(warm.stats, { files: 6, parsed: 0, rehashed: 0 });
  assert.deepEqual(warm.corpus, cold(dir).corpus);
});

test('a fresh checkout (new times, same bytes) reads the files but parses none', () => {
  const { dir, cache } = workspace();
  buildContent(dir, cache);
  const later = new Date(Date.now() + 60_000);
  for (const file of [DOPPLER, BST]) fs.utimesSync(path.join(dir, file), later, later);
  assert.deepEqual(buildContent(dir, cache).stats, { files: 6, parsed: 0, rehashed: 2 });
  assert.deepEqual(buildContent(dir, cache).stats, { files: 6, parsed: 0, rehashed: 0 });
});

test('a changed file is parsed again, alone', () => {
  const { dir, cache } = workspace();
  buildContent(dir, cache);
  const file = path.join(dir, DOPPLER);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('What is the Doppler effect?', 'What is the Doppler shift?'));
  const built = buildContent(dir, cache);
  assert.deepEqual(built.stats, { files: 6, parsed: 1, rehashed: 0 });
  assert.equal(built.corpus.questions.find((q) => q.file === DOPPLER)?.title, 'What is the Doppler shift?');
  assert.deepEqual(built.corpus, cold(dir).corpus);
});

test('an added file is parsed and indexed', () => {
  const { dir, cache } = workspace();
  buildContent(dir, cache);
  const text = fs.readFileSync(path.join(dir, BST), 'utf8').replaceAll('binary-search-tree', 'red-black-tree').replace('id: -7', 'id: -8');
  fs.writeFileSync(path.join(dir, 'computer-science/what-is-a-red-black-tree.md'), text);
  const built = buildContent(dir, cache);
  assert.deepEqual(built.stats, { files: 7, parsed: 1, rehashed: 0 });
  assert.ok(urls(built).includes('/learn/computer-science/questions/what-is-a-red-black-tree'));
  assert.deepEqual(built.corpus, cold(dir).corpus);
});

test('a renamed file is indexed under its new path, and the old path is gone', () => {
  const { dir, cache } = workspace();
  buildContent(dir, cache);
  fs.mkdirSync(path.join(dir, 'archive'));
  fs.renameSync(path.join(dir, BST), path.join(dir, 'archive', 'bst.md'));
  const built = buildContent(dir, cache);
  assert.deepEqual(built.stats, { files: 6, parsed: 1, rehashed: 0 });
  assert.equal(built.corpus.questions.find((q) => q.id === -7)?.file, 'archive/bst.md');
  assert.deepEqual(built.corpus, cold(dir).corpus);
});

test('a deleted file leaves the index', () => {
  const { dir, cache } = workspace();
  buildContent(dir, cache);
  fs.rmSync(path.join(dir, DOPPLER));
  const built = buildContent(dir, cache);
  assert.deepEqual(built.stats, { files: 5, parsed: 0, rehashed: 0 });
  assert.ok(!urls(built).includes('/learn/physics/questions/what-is-the-doppler-effect'));
  assert.equal(built.corpus.subjects.find((s) => s.slug === 'physics'), undefined);
  assert.deepEqual(built.corpus, cold(dir).corpus);
});

test('problems are cached with their file: a warm build reports them again', () => {
  const { dir, cache } = workspace();
  fs.writeFileSync(path.join(dir, 'physics/broken.md'), '---\ntitle: "unclosed\n---\n');
  const first = buildContent(dir, cache);
  const second = buildContent(dir, cache);
  assert.equal(second.stats.parsed, 0);
  assert.equal(first.problems.length, 1);
  assert.deepEqual(second.problems, first.problems);
});

test('a cache written for another folder is not used', () => {
  const a = workspace();
  const b = workspace();
  buildContent(a.dir, a.cache);
  assert.equal(buildContent(b.dir, a.cache).stats.parsed, 6);
});
