import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { correctedQuery, editDistance, editsAllowed, MAX_QUERY_LENGTH, oneEditAway, parseQuery } from '../lib/content/search/query';
import { stem } from '../lib/content/search/search-text';
import { SqliteStore } from '../lib/content/sqlite/sqlite-store';
import type { Candidate } from '../lib/content/store/base-store';
import type { SearchResults } from '../lib/content/store/store';
import { buildStore, openStore, STORE_KIND } from './helpers/content-db';
import { generateContent, markdownFiles } from './helpers/generate';

// Search over the sample content (content/ and the hostile fixture): what a query means, how
// results rank, and that nothing a person types reaches the database as syntax. On either store
// (TEST_STORE); on PostgreSQL, every search is also compared with SQLite's on the same database.

const ROOT = path.resolve(import.meta.dirname, '..');
const built = await buildStore(path.join(ROOT, 'content'));
const { store } = built;
const hostile = (await buildStore(path.join(ROOT, 'test/fixtures/hostile'))).store;
/** The same database on SQLite: a PostgreSQL store must rank exactly as it does. */
const reference = new SqliteStore(built.file);

async function search(q: string, subject: string | null = null, page = 1, from = store, exact = false): Promise<SearchResults> {
  const parsed = parseQuery(q);
  assert.ok(!('error' in parsed), `${q}: ${JSON.stringify(parsed)}`);
  const results = await from.search({ ...parsed, subject, page, exact });
  if (from === store) assert.deepEqual(results, await reference.search({ ...parsed, subject, page, exact }), `${q}: the same results on both stores`);
  return results;
}
const slugs = (r: SearchResults) => r.hits.map((h) => h.url.split('/').pop());

test('a query is its words: folded, deduplicated, at most 12, never syntax', () => {
  assert.deepEqual(parseQuery('Café  CAFÉ "NEAR(x y)" OR -foo* ^bar title:baz qux a1 b2 c3 d4 e5'), {
    terms: ['cafe', 'near', 'x', 'y', 'foo', 'bar', 'title', 'baz', 'qux', 'a1', 'b2', 'c3'],
    prefix: true,
  });
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

test('edit distance (a swap is one edit) and how many edits a word may be corrected for', () => {
  assert.equal(editDistance('recieve', 'receive', 2), 1);
  assert.equal(editDistance('fotosynthesis', 'photosynthesis', 2), 2);
  assert.equal(editDistance('mitochondria', 'mitochondeia', 2), 1);
  assert.equal(editDistance('cat', 'dog', 2), 3, 'past the limit: limit + 1');
  assert.deepEqual(['cell', 'cells', 'membrane', 'photosynthesis'].map(editsAllowed), [0, 1, 1, 2]);
  assert.equal(correctedQuery('What is Fotosynthesis?', [['fotosynthesis', 'photosynthesis']]), 'What is photosynthesis?');
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

test('any of the words: the more a question holds, the higher it ranks; an unknown word empties nothing', async () => {
  const both = await search('spacing effect');
  assert.equal(slugs(both)[0], 'what-is-the-spacing-effect-and-how-can-students-use-it-to-study-better');
  const withUnknown = await search('spacing effect xylophone');
  assert.equal(slugs(withUnknown)[0], 'what-is-the-spacing-effect-and-how-can-students-use-it-to-study-better');
  assert.ok(withUnknown.total >= both.total);
  const one = await search('effect');
  assert.ok(both.total >= one.total && one.total > 1, 'every question with either word is a match');
  assert.equal((await search('xylophone quasar')).total, 0, 'no word the corpus holds: no results');
});

test('a question of common words only ("what is the") still finds questions', async () => {
  const r = await search('what is the');
  assert.ok(r.total > 0 && r.hits.length > 0);
});

test('a misspelt word is searched as its likely spelling, and the words as typed are offered', async () => {
  const r = await search('photoelectrc effect');
  assert.deepEqual(r.corrections, [['photoelectrc', 'photoelectric']]);
  assert.equal(r.suggestion, null);
  assert.equal(slugs(r)[0], 'how-does-the-photoelectric-effect-show-that-light-is-made-of-photons');
  assert.deepEqual((await search('photoelectric effect')).corrections, [], 'no correction for words the index has');
  // "Search instead for": the words as typed, with the correction offered as "did you mean".
  const asTyped = await search('photoelectrc effect', null, 1, store, true);
  assert.deepEqual(asTyped.corrections, []);
  assert.equal(asTyped.suggestion, 'photoelectric effect');
  assert.ok(!slugs(asTyped).includes(undefined));
  // Two slips in a long word; a short word is left as it is.
  assert.deepEqual((await search('photoelectirk')).corrections, [['photoelectirk', 'photoelectric']]);
  assert.deepEqual((await search('fotoelectric')).corrections, [['fotoelectric', 'photoelectric']], 'two slips at the start: found by the ending');
  assert.deepEqual((await search('efect')).corrections, [['efect', 'effect']]);
  assert.deepEqual((await search('celi')).corrections, [], 'four letters: not corrected');
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
  assert.equal(
    r.subjects.reduce((n, s) => n + s.matches!, 0),
    r.total,
  );
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
  assert.ok(r.total > 20 && r.total < 40, `${r.total}`);
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
    '',
    '   ',
    '"',
    '""',
    "'",
    '*',
    '-',
    '^',
    'NEAR(a b)',
    'a OR b',
    'NOT x',
    'AND',
    'title:x',
    'search:*',
    "'; DROP TABLE questions; --",
    '1=1 UNION SELECT',
    '\u0000\u0007\u001b',
    '\u200b\u200c\ufeff',
    '😀🎓',
    'x'.repeat(40),
    'é'.repeat(300),
    'a b c d e f g h i j k l',
    '(((',
    ')',
    '{}',
    '\\',
    '%',
    '_',
    '*'.repeat(MAX_QUERY_LENGTH),
  ];
  for (const q of queries) {
    const r = await search(q);
    assert.ok(Array.isArray(r.hits) && r.total >= 0, q);
  }
});

test('broad queries stay bounded: rarer words first, a common one among titles only, the count then approximate', async () => {
  const { file } = await buildStore(generateContent(path.join(os.tmpdir(), 'search-broad'), 1_500));
  const exact = await openStore(file);
  const request = { terms: ['energy'], prefix: false, subject: null, page: 1 };
  const all = await exact.search(request);
  assert.ok(all.total > 200 && !all.approximate, `${all.total}`);
  assert.equal(
    all.subjects.reduce((n, s) => n + s.matches!, 0),
    all.total,
    'every match counted, by subject',
  );
  assert.equal(all.pageCount, 5, 'the best 100 ranked, 20 a page');

  const bounded = await openStore(file, { candidates: 100, ranked: 20 });
  const capped = await bounded.search(request);
  assert.ok(capped.approximate);
  assert.equal(capped.total, all.total, "the count is known from the word's own count");
  assert.equal(capped.pageCount, 1);
  assert.ok(capped.subjects.length > 0 && capped.subjects.every((s) => s.matches === null), 'subjects not counted');
  assert.ok(capped.hits.every((h) => /energy/.test(h.snippet.map((r) => r.text).join(''))));
  const physics = await bounded.search({ ...request, subject: 'physics' });
  assert.ok(physics.hits.length > 0 && physics.hits.every((h) => h.subject.slug === 'physics'), 'a subject filter searches within it');
});

/** The first question (the oldest row) retitled with two words that hundreds of titles and keywords hold, but no other title holds together. */
function retitleFirstQuestion(dir: string) {
  for (const file of markdownFiles(dir).filter((f) => f.endsWith('question-0-cell.md'))) {
    const full = path.join(dir, file);
    fs.writeFileSync(
      full,
      fs.readFileSync(full, 'utf8').replaceAll('How does cell relate to market in case 0?', 'How does photosynthesis relate to voltage in case 0?'),
    );
  }
}

/** These generated answers (of `dir`) mention `word`, which no generated title holds. */
function mention(dir: string, files: string[], word: string) {
  for (const file of files) {
    const full = path.join(dir, file);
    fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace('matters;', `matters for ${word};`));
  }
}

test('a question holding every word in its title is found however common the words, and however old the question', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-all-words'), 1_500);
  retitleFirstQuestion(dir);
  const { file } = await buildStore(dir);
  const store = await openStore(file, { candidates: 100, ranked: 20 });
  const r = await store.search({ terms: ['photosynthesis', 'voltage'], prefix: false, subject: null, page: 1 });
  assert.ok(r.approximate, 'both words are too common to take whole');
  assert.match(r.hits[0]!.url, /\/question-0-cell$/);
  store.close();
});

test('a question holding every word but the rarest in its title is found: the rarest may be a slip, or a word of the asker', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-all-but-rarest'), 1_500);
  retitleFirstQuestion(dir);
  // Three newer answers hold a rare word the first question lacks (as a typo the vocabulary holds would be).
  mention(dir, markdownFiles(dir).slice(-3), 'zebrafish');
  const { file } = await buildStore(dir);
  const store = await openStore(file, { candidates: 100, ranked: 20 });
  const r = await store.search({ terms: ['photosynthesis', 'voltage', 'zebrafish'], prefix: false, subject: null, page: 1 });
  assert.ok(r.approximate, 'the two title words are too common to take whole');
  assert.ok(
    r.hits.slice(0, 5).some((h) => h.url.endsWith('/question-0-cell')),
    `the question with both title words is among the first five: ${r.hits.slice(0, 5).map((h) => h.title)}`,
  );
  store.close();
});

test("a common word's newest questions are read only while the candidates are fewer than those ranked", async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-newest'), 1_500);
  const files = markdownFiles(dir);
  // 30 answers mention zebrafish; every title says "relate" (too common to take whole here).
  mention(dir, files.slice(0, 30), 'zebrafish');
  const { file } = await buildStore(dir);
  const store = await openStore(file, { candidates: 100, ranked: 20 });
  const reads: string[] = [];
  const spied = store as unknown as { matching: (groups: string[][], titles: boolean, ...rest: unknown[]) => Promise<unknown> };
  const matching = spied.matching.bind(store);
  spied.matching = (groups, titles, ...rest) => {
    reads.push(`${titles ? 'titles' : 'all'}: ${groups.map((g) => g.join('|')).join(' & ')}`);
    return matching(groups, titles, ...rest);
  };
  const request = { prefix: false, subject: null, page: 1 };
  const rare = await store.search({ ...request, terms: ['zebrafish', 'relate'] });
  assert.equal(rare.hits.length, 20);
  assert.ok(!reads.includes('titles: relat'), `30 candidates from the rarer word: no newest questions of the common one (${reads.join('; ')})`);
  // (The all-words pass reads 'titles: zebrafish & relat': the words in the query's order.)
  assert.ok(reads.includes('titles: relat & zebrafish'), 'which candidates hold the common word: still read');
  reads.length = 0;
  const common = await store.search({ ...request, terms: ['relate'] });
  assert.equal(common.hits.length, 20);
  assert.deepEqual(reads, ['titles: relat'], 'no candidates: its newest questions');
  store.close();
});

test("a very common word's newest questions are exactly the newest, wherever they lie and whatever share was expected", async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-newest-part'), 1_500);
  retitleFirstQuestion(dir);
  const { file } = await buildStore(dir);
  const store = await openStore(file, { candidates: 100, ranked: 20 });
  type Read = (groups: string[][], titles: boolean, subject: string | null, limit: number, share: number) => Promise<Candidate[]>;
  const matching = (store as unknown as { matching: Read }).matching.bind(store);
  // On PostgreSQL the reads of a part of the newest questions (migration 0009) are counted.
  const statements: string[] = [];
  if (STORE_KIND === 'postgres') {
    const spied = store as unknown as { rows: (text: string, ...rest: unknown[]) => Promise<unknown[]> };
    const rows = spied.rows.bind(store);
    spied.rows = (text, ...rest) => {
      statements.push(text);
      return rows(text, ...rest);
    };
  }
  const newestParts = () => statements.splice(0).filter((s) => s.includes('OFFSET')).length;
  const orders = (rows: Candidate[]) => rows.map((c) => c.order).sort((a, b) => b - a);
  const cases: [string, string[][], number, number, number][] = [
    // [what, groups, limit, share told, parts read on PostgreSQL]
    ['a word in every title: one part', [[stem('relate')]], 50, 1, 1],
    ['a word in every title, its share told too small: the whole at once', [[stem('relate')]], 50, 0.01, 0],
    [
      'two words only the oldest question holds together, told common: parts made larger, then the whole',
      [[stem('photosynthesis')], [stem('voltage')]],
      5,
      0.5,
      3,
    ],
    ['either of two words', [[stem('photosynthesis'), stem('voltage')]], 40, 0.4, 1],
  ];
  for (const [what, groups, limit, share, parts] of cases) {
    const all = orders(await matching(groups, true, null, 1_000_000, 1));
    newestParts();
    const newest = await matching(groups, true, null, limit, share);
    assert.deepEqual(orders(newest), all.slice(0, limit), `${what}: the ${limit} newest of ${all.length}`);
    if (STORE_KIND === 'postgres') assert.equal(newestParts(), parts, `${what}: parts read`);
  }
  store.close();
});

test('the reads of the words taken whole are made at once, and give what reads in turn would', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-ahead'), 1_500);
  // Questions asked once, in the index (not cross-listed copies, not no_index): the first in
  // path order are Biology's.
  const plain = markdownFiles(dir).filter((f) => {
    const i = Number(/question-(\d+)-/.exec(f)![1]);
    return i % 7 !== 0 && i % 100 !== 3;
  });
  // Answers only: 220 Biology answers mention quokkas; 150 answers zebrafish, 20 of them Biology's.
  mention(dir, plain.slice(0, 220), 'quokka');
  mention(dir, [...plain.slice(220, 240), ...plain.slice(-130)], 'zebrafish');
  assert.ok(plain.slice(0, 240).every((f) => f.startsWith('biology/')) && !plain.at(-130)!.startsWith('biology/'));
  const { file } = await buildStore(dir);
  const store = await openStore(file, { candidates: 250, ranked: 20 });
  let inFlight = 0;
  let most = 0;
  const spied = store as unknown as { matching: (...args: unknown[]) => Promise<unknown> };
  const matching = spied.matching.bind(store);
  spied.matching = async (...args) => {
    most = Math.max(most, ++inFlight);
    try {
      return await matching(...args);
    } finally {
      inFlight--;
    }
  };
  const request = { terms: ['zebrafish', 'quokka'], prefix: false, page: 1 };
  const all = await store.search({ ...request, subject: null });
  assert.equal(most, 3, 'both words and the all-words pass at once');
  assert.ok(all.approximate, 'quokka, past the budget left by zebrafish, is read up to 200 of its 220');
  // In Biology, zebrafish leaves 230 of the 250 rows: read ahead with the 200 its counts left it,
  // quokka is read again for the 230, and all 220 are found. (Without the second read: 20 + 200.)
  const biology = await store.search({ ...request, subject: 'biology' });
  assert.equal(biology.total, 20 + 220);
  store.close();
});

test('words in every question: a rare word among them decides, and the page is the same while the last is typed', async () => {
  // Every generated title says "How does … relate to … in case N".
  const { file } = await buildStore(generateContent(path.join(os.tmpdir(), 'search-common'), 1_500));
  const store = await openStore(file, { candidates: 300 });
  const request = { terms: ['relate', 'case'], prefix: false, subject: null, page: 1 };
  const first = await store.search(request);
  assert.ok(first.hits.length === 20 && first.approximate);
  assert.ok(first.hits.every((h) => /relate .* case/.test(h.title)));
  const typing = await store.search({ terms: ['relate', 'cas'], prefix: true, subject: null, page: 1 });
  assert.deepEqual(
    typing.hits.map((h) => h.url),
    first.hits.map((h) => h.url),
    'the start of a word: the same page',
  );
});

test('BM25 ranks a title match above questions that only mention the word in their answers', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'search-ranking'), 30);
  const files = markdownFiles(dir);
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
