import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MAX_QUERY_LENGTH, oneEditAway, parseQuery } from '../lib/content/search';
import type { SearchResults } from '../lib/content/store/store';
import { buildStore, openStore } from './helpers/content-db';
import { generateContent } from './helpers/generate';

// Search over the sample content (content/ and the hostile fixture): what a query means, how
// results rank, and that nothing a person types reaches the database as syntax.

const ROOT = path.resolve(import.meta.dirname, '..');
const { store } = await buildStore(path.join(ROOT, 'content'));
const hostile = (await buildStore(path.join(ROOT, 'test/fixtures/hostile'))).store;

async function search(q: string, subject: string | null = null, page = 1, from = store): Promise<SearchResults> {
  const parsed = parseQuery(q);
  assert.ok(!('error' in parsed), `${q}: ${JSON.stringify(parsed)}`);
  return from.search({ ...parsed, subject, page });
}
const slugs = (r: SearchResults) => r.hits.map((h) => h.url.split('/').pop());

test('a query is its words: folded, deduplicated, at most 8, never syntax', () => {
  assert.deepEqual(parseQuery('Café  CAFÉ "NEAR(x y)" OR -foo* ^bar title:baz qux'), { terms: ['cafe', 'near', 'x', 'y', 'foo', 'bar', 'title', 'baz'], prefix: true });
  assert.deepEqual(parseQuery('What is the spacing effect'), { terms: ['spacing', 'effect'], prefix: true }, 'common words are left out');
  assert.deepEqual(parseQuery('what is the'), { terms: ['what', 'is', 'the'], prefix: false }, 'unless there is nothing else, and not as a prefix');
  assert.deepEqual(parseQuery('photosynth '), { terms: ['photosynth'], prefix: false }, 'a space after the last word: it is finished');
  assert.deepEqual(parseQuery('\u200b\u0000\u202e 😀 ***'), { terms: [], prefix: false });
  assert.ok('error' in parseQuery('a'.repeat(MAX_QUERY_LENGTH + 1)));
});

test('one edit away: deletions, swaps, replacements, insertions', () => {
  const edits = oneEditAway('cat');
  for (const word of ['at', 'act', 'cut', 'cart', 'cats']) assert.ok(edits.includes(word), word);
  assert.ok(!edits.includes('cat'));
});

test('title words find their question first', async () => {
  assert.equal(slugs(await search('balance combustion ethanol'))[0], 'how-do-you-balance-the-combustion-of-ethanol');
  assert.equal(slugs(await search('snell refractive index'))[0], 'what-is-the-refractive-index-and-how-does-snells-law-describe-refraction');
  assert.equal(slugs(await search('pipefail'))[0], 'what-does-set-euo-pipefail-do-in-a-bash-script');
});

test('a title match ranks above a match in the answer text only', async () => {
  const r = await search('eigenvalues');
  assert.equal(slugs(r)[0], 'how-do-you-find-the-eigenvalues-and-eigenvectors-of-a-matrix');
  assert.ok(r.total >= 1);
});

test('the last word matches as a prefix while typing, stems match, accents fold', async () => {
  assert.equal(slugs(await search('photoelec'))[0], 'how-does-the-photoelectric-effect-show-that-light-is-made-of-photons');
  assert.equal((await search('photoelec ')).total, 0, 'a finished word is not a prefix');
  assert.ok(slugs(await search('equations')).includes('how-do-you-find-the-eigenvalues-and-eigenvectors-of-a-matrix'), 'equations finds equation');
  assert.equal(slugs(await search('schrodinger equation'))[0], 'what-is-schrodingers-equation-and-what-does-the-wave-function-mean');
  assert.deepEqual(slugs(await search('cafe')), slugs(await search('café')));
});

test('every word must match before most of them, then any', async () => {
  const all = await search('spacing effect');
  assert.equal(all.matched, 'all');
  const most = await search('spacing effect xylophone');
  assert.equal(most.matched, 'most');
  assert.equal(slugs(most)[0], 'what-is-the-spacing-effect-and-how-can-students-use-it-to-study-better');
  assert.equal((await search('xylophone quasar')).total, 0);
});

test('one typo is tolerated, with a "did you mean" from the index\'s own words', async () => {
  const r = await search('photoelectrc effect');
  assert.equal(r.suggestion, 'photoelectric effect');
  assert.equal(slugs(r)[0], 'how-does-the-photoelectric-effect-show-that-light-is-made-of-photons');
  assert.equal((await search('photoelectric effect')).suggestion, null, 'no suggestion for words the index has');
});

test('cross-listed copies appear once, as their canonical page', async () => {
  const r = await search('spacing effect study');
  const copies = r.hits.filter((h) => h.url.endsWith('/what-is-the-spacing-effect-and-how-can-students-use-it-to-study-better'));
  assert.equal(copies.length, 1);
  assert.equal(r.total, r.hits.length);
});

test('the subject filter: counts per subject, and results from that subject only', async () => {
  const r = await search('equation');
  const maths = r.subjects.find((s) => s.slug === 'mathematics')!;
  assert.ok(maths.matches! >= 2);
  assert.equal(r.subjects.reduce((n, s) => n + s.matches!, 0), r.total);
  const filtered = await search('equation', 'mathematics');
  assert.equal(filtered.total, maths.matches);
  assert.ok(filtered.hits.every((h) => h.subject.slug === 'mathematics'));
  assert.equal(filtered.subject?.slug, 'mathematics');
  const unknown = await search('equation', 'no-such-subject');
  assert.equal(unknown.subject, null, 'an unknown subject filters nothing');
  assert.equal(unknown.total, r.total);
});

test('pages of 20, and a page past the last one is empty, not an error', async () => {
  const r = await search('the');
  assert.ok(r.total > 20, `${r.total}`);
  assert.equal(r.hits.length, 20);
  assert.equal(r.pageCount, Math.ceil(r.total / 20));
  const second = await search('the', null, 2);
  assert.equal(second.hits.length, r.total - 20);
  assert.equal(new Set([...slugs(r), ...slugs(second)]).size, r.total, 'no question on two pages');
  const past = await search('the', null, 99);
  assert.deepEqual(past.hits, []);
  assert.equal(past.pageCount, r.pageCount);
});

test('snippets highlight the matched words, as text runs', async () => {
  const [hit] = (await search('combustion ethanol')).hits;
  assert.ok(hit!.snippet.some((run) => run.match && /combustion/i.test(run.text)));
  assert.ok(hit!.snippet.some((run) => run.match && /ethanol/i.test(run.text)));
  // Markup in the content stays text in the snippet: the page escapes it when it renders runs.
  const [scripted] = (await search('description tries to break out', null, 1, hostile)).hits;
  assert.match(scripted!.snippet.map((r) => r.text).join(''), /"><script>alert\("description"\)<\/script>/);
});

// Their speed is measured by `npm run bench -- search`, not here.
test('hostile and useless queries: normal results (or none), never an error', async () => {
  const queries = [
    '', '   ', '"', '""', "'", '*', '-', '^', 'NEAR(a b)', 'a OR b', 'NOT x', 'AND', 'title:x', 'search:*',
    "'; DROP TABLE questions; --", '1=1 UNION SELECT', '\u0000\u0007\u001b', '\u200b\u200c\ufeff', '😀🎓', 'x'.repeat(40),
    'é'.repeat(300), 'a b c d e f g h i j k l', '(((', ')', '{}', '\\', '%', '_', '*'.repeat(MAX_QUERY_LENGTH),
  ];
  for (const q of queries) {
    const r = await search(q);
    assert.ok(Array.isArray(r.hits) && r.total >= 0, q);
  }
});

test('broad queries stay bounded: counts stop at a cap, title matches first, subject counts capped', async () => {
  const { file } = await buildStore(generateContent(path.join(os.tmpdir(), 'search-broad'), 1_500));
  const exact = await openStore(file);
  const request = { terms: ['energy'], prefix: false, subject: null, page: 1 };
  const all = await exact.search(request);
  assert.ok(all.total > 200 && !all.more, `${all.total}`);

  const capped = await (await openStore(file, { countCap: 100, rankAll: 20, facetCap: 200 })).search(request);
  assert.deepEqual([capped.total, capped.more, capped.pageCount], [100, true, 5]);
  assert.deepEqual(capped.subjects.map((s) => [s.slug, s.matches]), all.subjects.map((s) => [s.slug, null]).sort(), 'every subject, not counted');
  assert.ok(capped.hits.every((h) => /energy/.test(h.snippet.map((r) => r.text).join(''))));

  // Past rankAll, the questions whose title, question or keywords (which the generated
  // descriptions repeat) hold the word come first, then the rest; every match exactly once.
  const bounded = await openStore(file, { rankAll: 20 });
  const seen: { url: string; titled: boolean }[] = [];
  for (let page = 1; page <= all.pageCount; page++) {
    for (const hit of (await bounded.search({ ...request, page })).hits) {
      seen.push({ url: hit.url, titled: /energy/.test(hit.title) || /About [^(]*energy/.test(hit.snippet.map((r) => r.text).join('')) });
    }
  }
  assert.equal(new Set(seen.map((s) => s.url)).size, all.total);
  const firstUntitled = seen.findIndex((s) => !s.titled);
  assert.ok(firstUntitled > 20, `${firstUntitled}`);
  assert.ok(seen.slice(firstUntitled).every((s) => !s.titled), 'no title match after the first other match');

  const physics = await bounded.search({ ...request, subject: 'physics' });
  assert.ok(physics.hits.length > 0 && physics.hits.every((h) => h.subject.slug === 'physics'));
  assert.equal(physics.total, all.subjects.find((s) => s.slug === 'physics')!.matches);
});

test('words in every question: the counts stop at the cap and title matches come first, counted or not', async () => {
  // Every generated title says "How does … relate to … in case N": a store that knows these
  // words are in every question (PostgreSQL's lexeme counts) skips counting them, and must say
  // what counting says.
  const { file } = await buildStore(generateContent(path.join(os.tmpdir(), 'search-common'), 1_500));
  const store = await openStore(file, { countCap: 100, rankAll: 20, facetCap: 200 });
  const request = { terms: ['relate', 'case'], prefix: false, subject: null, page: 1 };
  const [first, second] = [await store.search(request), await store.search({ ...request, page: 2 })];
  assert.deepEqual([first.total, first.more, first.matched, first.pageCount], [100, true, 'all', 5]);
  assert.ok(first.subjects.length > 0 && first.subjects.every((s) => s.matches === null), 'every subject, not counted');
  const hits = [...first.hits, ...second.hits];
  assert.equal(new Set(hits.map((h) => h.url)).size, 40, 'two full pages, no question twice');
  assert.ok(hits.every((h) => /relate .* case/.test(h.title)), 'title matches first');
  const typing = await store.search({ terms: ['relate', 'cas'], prefix: true, subject: null, page: 1 });
  assert.deepEqual(typing.hits.map((h) => h.url), first.hits.map((h) => h.url), 'the start of a word: the same page');
});

test('BM25 ranks a title match above questions that only mention the word in their answers', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-ranking'), 30);
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).sort();
  files.forEach((file, i) => {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    // Most questions mention zebrafish once in the answer; one has it in its title.
    fs.writeFileSync(full, i === files.length - 1 ? text.replaceAll('How does', 'How do zebrafish and') : text.replace('matters;', 'matters for zebrafish;'));
  });
  const { store: ranked } = await buildStore(dir);
  const r = await ranked.search({ terms: ['zebrafish'], prefix: false, subject: null, page: 1 });
  assert.ok(r.total > 20, `${r.total}`);
  assert.match(r.hits[0]!.title, /zebrafish/);
});
