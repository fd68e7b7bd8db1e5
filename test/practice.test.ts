import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pageOfSegment, PRACTICE_SET_SIZE, practiceSlice } from '../lib/content/model/paging';
import { practiceUrl, type PracticeScope } from '../lib/content/model/types';
import type { QuestionSummary } from '../lib/content/model/types';
import type { PracticeSet } from '../lib/content/store/store';
import { renderAnswer } from '../lib/markdown/render';
import { boxCounts, grade, nextQuestion, parseSchedule, storedSchedule, TOP_BOX } from '../lib/study/leitner';
import { parseSaved, withSaved } from '../lib/study/saved';
import { readStored, writeStored } from '../lib/study/stored';
import { buildStore, type TestStore } from './helpers/content-db';
import { generateContent } from './helpers/generate';
import { loadContent } from './helpers/load';

// Studying: practice sets (both stores), the Leitner schedule, saved questions, and what the
// browser keeps for them.

test('practice sets run oldest first, PRACTICE_SET_SIZE a set, the newest set the partial one', () => {
  assert.equal(PRACTICE_SET_SIZE, 20);
  assert.deepEqual(practiceSlice(45, 1), { offset: 25, limit: 20, setCount: 3 });
  assert.deepEqual(practiceSlice(45, 2), { offset: 5, limit: 20, setCount: 3 });
  assert.deepEqual(practiceSlice(45, 3), { offset: 0, limit: 5, setCount: 3 });
  assert.deepEqual(practiceSlice(20, 1), { offset: 0, limit: 20, setCount: 1 });
  assert.deepEqual(practiceSlice(3, 1), { offset: 0, limit: 3, setCount: 1 });
  for (const set of [0, -1, 1.5, 4, Number.NaN]) assert.equal(practiceSlice(45, set), null, String(set));
  // A set's (or listing page's) number in the address: none is 1; /1, 02, 1e3, -2 name nothing.
  assert.deepEqual(['2', '17', undefined].map(pageOfSegment), [2, 17, 1]);
  for (const odd of ['1', '0', '02', '1e3', '-2', '2.0', '', 'x']) assert.equal(pageOfSegment(odd), null, odd);
  assert.equal(practiceUrl({ subject: 'biology' }), '/learn/biology/practice');
  assert.equal(practiceUrl({ topic: 'base-case' }, 3), '/learn/topics/base-case/practice/3');
});

/** Every set of `scope`, in order, until the store answers null. */
async function allSets(store: TestStore, scope: PracticeScope) {
  const sets: PracticeSet[] = [];
  for (let n = 1; ; n++) {
    const found = await store.practiceSet(scope, n);
    if (!found) return sets;
    sets.push(found);
  }
}

/** Every question of a subject's or topic's listing pages, in their order (newest first). */
async function listing(store: TestStore, scope: PracticeScope) {
  const questions: QuestionSummary[] = [];
  for (let page = 1; ; page++) {
    const found = 'subject' in scope ? await store.subjectPage(scope.subject, page) : await store.topicPage(scope.topic, page, null);
    if (!found) return questions;
    questions.push(...found.questions);
  }
}

test('a practice set holds its listing’s questions oldest first, with their question and answer: subjects and topics of 1,500 questions', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'practice-generated'), 1_500);
  const { store } = await buildStore(dir);
  const memory = new Map(loadContent(dir).questions.map((q) => [q.url, q]));
  const subjects = await store.subjects();
  const topics = await store.largestTopics(5);
  const scopes: PracticeScope[] = [...subjects.map((s) => ({ subject: s.slug })), ...topics.map((t) => ({ topic: t.slug }))];
  assert.ok(subjects.some((s) => s.count > 2 * PRACTICE_SET_SIZE) && topics[0]!.count > PRACTICE_SET_SIZE);
  for (const scope of scopes) {
    const label = JSON.stringify(scope);
    const sets = await allSets(store, scope);
    const expected = (await listing(store, scope)).reverse();
    assert.equal(sets.length, Math.ceil(expected.length / PRACTICE_SET_SIZE), label);
    assert.deepEqual(
      sets.flatMap((s) => s.cards.map((c) => c.summary)),
      expected,
      label,
    );
    for (const [i, found] of sets.entries()) {
      assert.deepEqual([found.set, found.setCount, found.total, found.scope], [i + 1, sets.length, expected.length, scope], label);
      assert.ok(found.cards.length === PRACTICE_SET_SIZE || i === sets.length - 1, label);
      for (const card of found.cards) {
        const q = memory.get(card.summary.url)!;
        assert.deepEqual([card.question, card.answer, card.subjectName], [q.question, q.answer, subjects.find((s) => s.slug === q.subjectSlug)!.name]);
      }
    }
  }
  assert.equal(await store.practiceSet({ subject: 'no-such-subject' }, 1), null);
  assert.equal(await store.practiceSet({ topic: 'no-such-topic' }, 1), null);
  assert.equal(await store.practiceSet({ subject: subjects[0]!.slug }, 0), null);
  store.close();
});

test('answers shown together never share an id: headings and footnotes are prefixed, their links too', () => {
  const markdown = '## Key points\n\nSee [below](#key-points) and a note.[^1]\n\n### Key points\n\n[^1]: The note.';
  const alone = renderAnswer(markdown);
  const inSet = renderAnswer(markdown, { idPrefix: 'q3-', headingLevel: 3 });
  assert.match(alone.html, /<h2 id="key-points">/);
  assert.match(inSet.html, /<h3 id="q3-key-points">/);
  assert.match(inSet.html, /<h4 id="q3-key-points-1">/);
  assert.match(inSet.html, /href="#q3-key-points"/);
  // Every link within the answer reaches its target, on its own page (footnotes were prefixed twice) and in a set.
  for (const [html, prefix] of [
    [alone.html, ''],
    [inSet.html, 'q3-'],
  ] as const) {
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(ids.length >= 5 && ids.every((id) => id.startsWith(prefix)), ids.join(' '));
    const targets = [...html.matchAll(/href="#([^"]+)"/g), ...html.matchAll(/aria-describedby="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(targets.length, 4);
    for (const target of targets) assert.ok(ids.includes(target), `${prefix}: ${target}`);
  }
  assert.deepEqual(
    inSet.toc.map((e) => e.id),
    ['q3-key-points', 'q3-key-points-1'],
  );
});

const DAY = 86_400_000;

test('Leitner boxes: knew it moves a question up a box and away for longer; not yet sends it back to box 1, within the minute', () => {
  const now = Date.UTC(2026, 11, 2);
  let schedule = grade({}, '7', true, now);
  assert.deepEqual(schedule['7'], { box: 2, due: now + DAY });
  schedule = grade(schedule, '7', true, now);
  assert.deepEqual(schedule['7'], { box: 3, due: now + 3 * DAY });
  for (let i = 0; i < 5; i++) schedule = grade(schedule, '7', true, now);
  assert.deepEqual(schedule['7'], { box: TOP_BOX, due: now + 16 * DAY });
  schedule = grade(schedule, '7', false, now);
  assert.deepEqual(schedule['7'], { box: 1, due: now + 60_000 });
  assert.deepEqual(grade({}, '8', false, now)['8'], { box: 1, due: now + 60_000 });
});

test('the next question is the one most due: overdue, then never seen in the set’s order, then due soonest; never the one just asked while another is left', () => {
  const now = Date.UTC(2026, 11, 2);
  const ids = ['a', 'b', 'c', 'd'];
  assert.equal(nextQuestion(ids, {}, now), 0);
  const schedule = { a: { box: 3, due: now + 3 * DAY }, b: { box: 1, due: now + 60_000 }, c: { box: 2, due: now - DAY } };
  assert.equal(nextQuestion(ids, schedule, now), 2, 'overdue first');
  assert.equal(nextQuestion(ids, { ...schedule, c: { box: 2, due: now + DAY } }, now), 3, 'then never seen');
  const seen = { ...schedule, c: { box: 2, due: now + DAY }, d: { box: 2, due: now + 2 * DAY } };
  assert.equal(nextQuestion(ids, seen, now), 1, 'then due soonest');
  assert.equal(nextQuestion(ids, seen, now, 'b'), 2, 'not the one just asked');
  assert.equal(nextQuestion(['b'], seen, now, 'b'), 0, 'unless it is the only one');
  assert.deepEqual(boxCounts(ids, seen), [0, 1, 2, 1, 0, 0]);
});

test('a stored schedule reads back; anything else reads as none', () => {
  const schedule = { '12': { box: 2, due: 1_700_000_000_000 }, '40': { box: 5, due: 1 } };
  assert.deepEqual(parseSchedule(JSON.parse(JSON.stringify({ v: 1, ...storedSchedule(schedule) }))), schedule);
  for (const bad of [
    {},
    { cards: [] },
    { cards: null },
    { cards: { '1': [0, 5] } },
    { cards: { '1': [6, 5] } },
    { cards: { '1': [2] } },
    { cards: { '1': [2, 'soon'] } },
    { cards: { '1': { box: 2 } } },
  ]) {
    assert.equal(parseSchedule(bad), null, JSON.stringify(bad));
  }
});

test('saved questions: saving again moves one to the top, removing drops it; a stored list with anything odd reads as none', () => {
  const a = { url: '/learn/biology/questions/a', title: 'A', subject: 'Biology', savedAt: 1 };
  const b = { url: '/learn/physics/questions/b', title: 'B', subject: 'Physics', savedAt: 2 };
  assert.deepEqual(withSaved([b, a], { ...a, savedAt: 3 }, true), [{ ...a, savedAt: 3 }, b]);
  assert.deepEqual(withSaved([b, a], a, false), [b]);
  assert.deepEqual(parseSaved({ items: [b, a] }), [b, a]);
  for (const items of [null, 'x', [{ ...a, url: 'javascript:alert(1)' }], [{ ...a, title: 5 }], [{ ...a, savedAt: 'now' }], [null]]) {
    assert.equal(parseSaved({ items }), null, JSON.stringify(items));
  }
});

test('what the browser keeps: the version checked, a corrupt value or refused storage read as none, a refused write reported', () => {
  const kept = new Map<string, string>();
  let refuse = false;
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (key: string) => kept.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('full', 'QuotaExceededError');
      kept.set(key, value);
    },
  };
  try {
    const parse = (value: Record<string, unknown>) => (Array.isArray(value.items) ? value.items : null);
    assert.equal(readStored('k', 1, parse), null);
    assert.equal(writeStored('k', 1, { items: [1] }), true);
    assert.equal(kept.get('k'), '{"v":1,"items":[1]}');
    assert.deepEqual(readStored('k', 1, parse), [1]);
    assert.equal(readStored('k', 2, parse), null, 'another version');
    for (const corrupt of ['{"v":1,', 'null', '"text"', '[1]', '{"v":1,"items":5}']) {
      kept.set('k', corrupt);
      assert.equal(readStored('k', 1, parse), null, corrupt);
    }
    refuse = true;
    assert.equal(writeStored('k', 1, { items: [] }), false);
  } finally {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  }
});
