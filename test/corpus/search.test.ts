import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadContent } from '../helpers/load';
import { parseQuery } from '../../lib/content/search/query';
import { wordsOf } from '../../lib/content/search/search-text';
import { buildStore } from '../helpers/content-db';

// Search over the real corpus (../shared/corpus/quicktakes), built by the content step.

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/quicktakes');
const { store, build } = await buildStore(CORPUS);
const questions = loadContent(CORPUS).questions;

async function firstUrls(q: string, count: number): Promise<string[]> {
  const parsed = parseQuery(q);
  assert.ok(!('error' in parsed));
  return (await store.search({ ...parsed, prefix: false, subject: null, page: 1 })).hits.slice(0, count).map((h) => h.url);
}

test('the real corpus builds into the database with no problems', () => {
  assert.deepEqual(build.problems, []);
  assert.equal(build.stats.questions, questions.length);
});

test('every real question is found by its own title, among the first 3, as its canonical page', async () => {
  const missed: string[] = [];
  for (const q of questions) {
    if (!(await firstUrls(q.title, 3)).includes(q.canonicalUrl)) missed.push(`${q.file}: ${q.title}`);
  }
  assert.deepEqual(missed, []);
});

test('ranking on real files: 3 rare words of a title find it among the first 3 (≥ 97%), and with one typo (≥ 80%)', async () => {
  // How many titles use each word: the rarest words of a title are what a student remembers.
  const titlesWith = new Map<string, number>();
  for (const q of questions) for (const w of new Set(wordsOf(q.title))) titlesWith.set(w, (titlesWith.get(w) ?? 0) + 1);
  let found = 0;
  let foundWithTypo = 0;
  let tried = 0;
  for (const q of questions) {
    const rare = [...new Set(wordsOf(q.title))]
      .filter((w) => w.length >= 3)
      .sort((a, b) => titlesWith.get(a)! - titlesWith.get(b)! || b.length - a.length)
      .slice(0, 3);
    if (rare.length < 2) continue;
    tried++;
    if ((await firstUrls(rare.join(' '), 3)).includes(q.canonicalUrl)) found++;
    // One typo: two letters of the longest word swapped.
    const longest = rare.reduce((a, b) => (b.length > a.length ? b : a));
    const typo = `${longest.slice(0, 2)}${longest[3]}${longest[2]}${longest.slice(4)}`;
    if ((await firstUrls(rare.map((w) => (w === longest ? typo : w)).join(' '), 3)).includes(q.canonicalUrl)) foundWithTypo++;
  }
  console.log(`search on the real corpus: ${found}/${tried} found by 3 rare title words, ${foundWithTypo}/${tried} with one typo`);
  assert.ok(found / tried >= 0.97, `${found}/${tried}`);
  assert.ok(foundWithTypo / tried >= 0.8, `${foundWithTypo}/${tried} with a typo`);
});
