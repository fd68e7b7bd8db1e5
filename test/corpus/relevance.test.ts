import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { buildLargeCorpusDb, evaluate, miniSearchEngine, relevanceQueries, relevanceTable, storeEngine } from '../../bench/relevance-eval';
import { parseQuery } from '../../lib/content/search/query';
import { SqliteStore } from '../../lib/content/sqlite/sqlite-store';
import { openStore, STORE_KIND } from '../helpers/content-db';
import { temporaryDir } from '../helpers/temporary';

// The relevance set (bench/relevance/: 200 queries written by hand as students type them) on the
// 12,000 real files of ../shared/corpus/quicktakes-large, on the store under test, with
// MiniSearch 7.2 beside it. Fails below the targets where they are met, and below the
// figures reached where they are not yet (bench/RESULTS.md, "Relevance and search speed").

const file = await buildLargeCorpusDb(path.join(temporaryDir('relevance-'), 'content.db'));
const store = await openStore(file);
const site = await evaluate(storeEngine(store));
const mini = await evaluate(miniSearchEngine());
console.log(
  relevanceTable([
    [`this site (${STORE_KIND})`, site],
    ['MiniSearch 7.2', mini],
  ]),
);
const all = site.get('all')!;

test('relevance targets: hit@5 ≥ 90% overall, ≥ 85% for misspelled queries, "no results" ≤ 1%', () => {
  assert.ok(all.hit5 >= 0.9, `hit@5 overall ${all.hit5}`);
  assert.ok(site.get('misspelled')!.hit5 >= 0.85, `misspelled ${site.get('misspelled')!.hit5}`);
  assert.ok(all.noResults <= 0.01, `no results ${all.noResults}`);
});

test('not yet at target, kept from falling: questions in other words (target 80%), and the lead over MiniSearch (target +10 points)', () => {
  assert.ok(site.get('paraphrase')!.hit5 >= 0.7, `other words ${site.get('paraphrase')!.hit5}`);
  assert.ok(all.hit1 > mini.get('all')!.hit1 && all.mrr10 > mini.get('all')!.mrr10, 'first results better than MiniSearch');
  assert.ok(all.hit5 >= mini.get('all')!.hit5 - 0.025, `hit@5 ${all.hit5} against MiniSearch ${mini.get('all')!.hit5}`);
});

test('misspellings are searched as their likely spelling; real words are not "corrected"', async () => {
  const corrections = async (q: string) =>
    (await store.search({ ...(parseQuery(q) as { terms: string[]; prefix: boolean }), subject: null, page: 1 })).corrections;
  assert.deepEqual(await corrections('fotosynthesis in plants'), [['fotosynthesis', 'photosynthesis']]);
  assert.deepEqual(await corrections('homeostatis'), [['homeostatis', 'homeostasis']]);
  for (const q of ['savant syndrome', 'investigative detention', 'fuses in circuits', 'anion exchange']) assert.deepEqual(await corrections(q), [], q);
});

test('both stores rank alike: every query of the set gives the same first page', {
  skip: STORE_KIND === 'sqlite' && 'on PostgreSQL only (TEST_STORE=postgres)',
}, async () => {
  const sqlite = new SqliteStore(file);
  for (const { query } of relevanceQueries()) {
    const parsed = parseQuery(query) as { terms: string[]; prefix: boolean };
    const request = { ...parsed, subject: null, page: 1 };
    assert.deepEqual(
      (await store.search(request)).hits.map((h) => h.url),
      (await sqlite.search(request)).hits.map((h) => h.url),
      query,
    );
  }
});
