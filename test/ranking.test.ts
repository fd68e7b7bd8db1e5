import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idf, scoreOf, type QueryTerm } from '../lib/content/search/ranking';
import { heaviest, type Candidate } from '../lib/content/store/base-store';
import { indexText, stem } from '../lib/content/search/search-text';
import { answerCounts, packTermVector, termVectorOf, unpackTermVector, type SearchColumns, type TermVector } from '../lib/content/search/term-vector';

// The ranking's arithmetic and the term vectors it reads (lib/content/search/ranking.ts,
// lib/content/search/term-vector.ts), on small made-up questions.

const stats = { count: 1_000, averageLengths: [10, 0, 8, 25, 400] };
const columnsOf = (title: string, keywords: string, description: string, answer: string): SearchColumns =>
  [title, '', keywords, description, answer].map((t) => indexText(t).join(' ')) as SearchColumns;
const vector = (title: string, keywords = '', description = '', answer = ''): TermVector =>
  unpackTermVector(packTermVector(termVectorOf(columnsOf(title, keywords, description, answer))));
const query = (text: string, docs: Record<string, number> = {}): QueryTerm[] => indexText(text).map((s) => ({ stems: [s], docs: docs[s] ?? 10, weight: 1 }));

test('text is indexed as folded English stems', () => {
  assert.deepEqual(indexText('The Primary FUNCTIONS of the Liver, café'), ['the', 'primari', 'function', 'of', 'the', 'liver', 'cafe']);
  assert.equal(stem('functions'), stem('function'));
  assert.equal(stem('h2o'), 'h2o', 'words with digits are kept as they are');
});

test("a term vector keeps the short fields in order and counts the answer's stems", () => {
  const v = vector('Liver functions', 'liver, bile', 'What the liver does', 'The liver makes bile. Bile helps digestion; the liver stores glycogen.');
  assert.deepEqual(v.short[0], ['liver', 'function']);
  assert.deepEqual(v.short[2], ['liver', 'bile']);
  const counts = answerCounts(v);
  assert.equal(counts.get('liver'), 2);
  assert.equal(counts.get('bile'), 2);
  assert.equal(counts.get('digest'), 1);
  assert.equal(counts.get('li'), undefined, 'a stem that starts another is not it');
  assert.equal(counts.get('kidnei'), undefined);
  assert.equal(v.answerLength, 11);
});

test('rarer words weigh more', () => {
  assert.ok(idf(5, 1_000) > idf(500, 1_000));
  assert.ok(idf(1_000, 1_000) > 0, 'a word in every question still counts a little');
});

test('a word in the title outweighs the same word in the answer', () => {
  const inTitle = vector('How does the liver work?', '', '', 'It filters blood.');
  const inAnswer = vector('How does digestion work?', '', '', 'The liver makes bile.');
  const q = query('liver');
  assert.ok(scoreOf(inTitle, q, stats) > scoreOf(inAnswer, q, stats));
});

test('more of the query ranks higher; words next to each other (a phrase) rank higher', () => {
  const q = query('natural selection', { natur: 50, select: 40 });
  const both = vector('What is natural selection?');
  const one = vector('What is selection bias?');
  assert.ok(scoreOf(both, q, stats) > scoreOf(one, q, stats));
  const together = vector('Natural selection in finches');
  const apart = vector('Selection of natural habitats');
  assert.ok(scoreOf(together, q, stats) > scoreOf(apart, q, stats), 'in order and adjacent beats reversed');
});

test('common words neither decide nor dominate: a rare word held beats many common ones', () => {
  const q = query('what is the mitochondria', { what: 900, is: 950, the: 990, mitochondria: 5 });
  const rare = vector('Energy in mitochondria');
  const common = vector('What is the what is the what');
  assert.ok(scoreOf(rare, q, stats) > scoreOf(common, q, stats));
});

test('a related word (WordNet) lifts a question that holds it, and a question holding the word typed stays above', () => {
  const q: QueryTerm[] = [...query('monkeys habitats', { monkei: 20, habitat: 30 }), { stems: ['primat'], docs: 25, weight: 0.5, expansion: true }];
  const primates = vector('How do primates adapt to their habitats?');
  const other = vector('How do birds adapt to their habitats?');
  const typed = vector('Where do monkeys find their habitats?');
  assert.ok(scoreOf(primates, q, stats) > scoreOf(other, q, stats));
  assert.ok(scoreOf(typed, q, stats) > scoreOf(primates, q, stats));
});

test('the candidates ranked are the heaviest, the newest first among equals, as a full sort gives them', () => {
  let seed = 3;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  for (const [size, count, weights] of [
    [6_000, 100, 4],
    [6_000, 100, 1],
    [250, 100, 50],
    [80, 100, 3],
  ] as const) {
    const candidates: Candidate[] = Array.from({ length: size }, (_, i) => ({
      row: i,
      order: 2 ** 32 + i * 7,
      subject: 's',
      weight: Math.floor(random() * weights) * 1.5,
    }));
    const sorted = [...candidates].sort((a, b) => b.weight - a.weight || b.order - a.order).slice(0, count);
    assert.deepEqual(
      heaviest([...candidates].reverse(), count).map((c) => c.row),
      sorted.map((c) => c.row),
    );
  }
});
