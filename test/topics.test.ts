import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'libsql';
import { validateXML } from 'xmllint-wasm';
import { loadContent } from './helpers/load';
import { buildContentDb } from '../lib/content/build/write';
import { displayName, hashOf, keywordSpelling, resolveSlugClash, singular, TOPIC_MIN_QUESTIONS, topicKey, topicSlug } from '../lib/content/model/topics';
import { atomFeed, entryId, xmlText } from '../lib/seo/feed';
import { buildStore, dumpStore, openStore } from './helpers/content-db';
import { generateContent } from './helpers/generate';
import { dumpMemoryTopics, dumpStoreTopics, topicsOf } from './helpers/topics';
import { temporaryDir } from './helpers/temporary';

// Topics: how keywords become topics (keys, spellings, thresholds, slugs), that the content
// database keeps them right build after build, "more on this topic", and the Atom feeds.

const ROOT = path.resolve(import.meta.dirname, '..');

test('spellings of one idea share a key: case, Unicode form, spacing, punctuation, accents', () => {
  const same: string[][] = [
    ['Critical Thinking', 'critical thinking', '  critical   thinking ', '“critical thinking”.', 'ＣＲＩＴＩＣＡＬ ｔｈｉｎｋｉｎｇ', '(critical thinking)'],
    ['divide-and-conquer', 'divide and conquer', 'Divide_and_Conquer'],
    ['Newton’s laws', "newton's law", 'Newtons Law'],
    ['café culture', 'cafe culture', 'Café Culture'],
    ['α-helix', 'alpha helix', 'Α helix'],
    ['C++', 'c plus plus'],
    ['R&D', 'r and d'],
    ['.NET', 'dot net'],
    ['node.js', 'Node JS'],
  ];
  for (const group of same) assert.deepEqual(new Set(group.map(topicKey)).size, 1, group.join(' | '));
  const different = ['C', 'C++', 'C#', 'F#', '.NET', 'net', 'HTTP', 'HTTPS', 'art', 'arts', 'news', 'new', 'mean', 'means'];
  assert.equal(new Set(different.map(topicKey)).size, different.length);
  assert.equal(topicKey('—'), '');
  assert.equal(topicKey('...'), '');
  assert.equal(keywordSpelling('  “Critical   Thinking”. '), 'Critical Thinking');
  assert.equal(keywordSpelling('.NET'), '.NET');
});

test('the plural of the last word is merged with its singular where the rule is safe', () => {
  const merged: [string, string][] = [
    ['use cases', 'use case'],
    ['theories', 'theory'],
    ['processes', 'process'],
    ['approaches', 'approach'],
    ['batches', 'batch'],
    ['caches', 'cache'],
    ['niches', 'niche'],
    ['databases', 'database'],
    ['boxes', 'box'],
    ['heroes', 'hero'],
    ['movies', 'movie'],
    ['analyses', 'analysis'],
    ['hypotheses', 'hypothesis'],
    ['criteria', 'criterion'],
    ['viruses', 'virus'],
    ['neural networks', 'neural network'],
    ['ideas', 'idea'],
    ['APIs', 'API'],
    ['GPUs', 'GPU'],
  ];
  for (const [plural, one] of merged) assert.equal(topicKey(plural), topicKey(one), `${plural} = ${one}`);
  // Words in -s that are not plurals, or whose plural means something else, stay as they are.
  for (const word of [
    'physics',
    'economics',
    'analysis',
    'status',
    'news',
    'means',
    'arts',
    'https',
    'gas',
    'bias',
    'series',
    'species',
    'class',
    'bus',
    'chaos',
    'windows',
    'ios',
  ])
    assert.equal(singular(word), word, word);
  // Lower-case words in -is and -us are never reduced (apis, gpus: a missed merge, never a wrong one).
  assert.notEqual(topicKey('apis'), topicKey('api'));
  // Only the last word: "sales forecasting" keeps "sales".
  assert.equal(topicKey('sales forecasts'), 'sales forecast');
});

test('a slug is a function of the key alone: ASCII keys spell it, other keys add a hash after a double hyphen', () => {
  assert.equal(topicSlug(topicKey('Critical Thinking')), 'critical-thinking');
  assert.equal(topicSlug(topicKey('C++')), 'c-plus-plus');
  assert.equal(topicSlug(topicKey('C#')), 'c-sharp');
  assert.equal(topicSlug(topicKey('.NET')), 'dot-net');
  const cjk = topicKey('量子力学');
  assert.equal(topicSlug(cjk), `topic--${hashOf(cjk).slice(0, 8)}`);
  assert.equal(topicSlug(topicKey('量子 computing')), `computing--${hashOf(topicKey('量子 computing')).slice(0, 8)}`);
  // An ASCII key's slug never has a double hyphen, so the two kinds cannot meet.
  assert.doesNotMatch(topicSlug(topicKey('a - - b')), /--/);
});

test('two keys whose hashed slugs agree: the key sorting first keeps the short slug, the others get the whole hash', () => {
  // With one hex digit of hash, a clash is easy to find.
  const keys = Array.from({ length: 40 }, (_, i) => `量子${i}`);
  const first = keys.find((k, i) => keys.slice(i + 1).some((o) => topicSlug(o, 1) === topicSlug(k, 1)))!;
  const other = keys.find((o) => o !== first && topicSlug(o, 1) === topicSlug(first, 1))!;
  const resolved = resolveSlugClash([other, first], 1);
  const [a, b] = [first, other].sort();
  assert.equal(resolved.get(a!), topicSlug(a!, 1));
  assert.equal(resolved.get(b!), `topic--${hashOf(b!)}`);
  assert.notEqual(resolved.get(a!), resolved.get(b!));
});

test("a topic's name is its most used spelling; ties go to the one with more capitals", () => {
  assert.equal(
    displayName([
      { spelling: 'critical thinking', uses: 5 },
      { spelling: 'Critical Thinking', uses: 2 },
    ]),
    'critical thinking',
  );
  assert.equal(
    displayName([
      { spelling: 'ipv6', uses: 3 },
      { spelling: 'IPv6', uses: 3 },
    ]),
    'IPv6',
  );
  assert.equal(
    displayName([
      { spelling: 'b', uses: 1 },
      { spelling: 'a', uses: 1 },
    ]),
    'a',
  );
});

test(`a keyword is a topic from ${TOPIC_MIN_QUESTIONS} questions; the rest stay keywords`, () => {
  const questions = (n: number, keyword: string) => Array.from({ length: n }, (_, i) => ({ keywords: [keyword, `solo ${keyword} ${i}`] }));
  const topics = topicsOf([...questions(TOPIC_MIN_QUESTIONS, 'Use cases'), ...questions(TOPIC_MIN_QUESTIONS - 1, 'rare idea'), { keywords: ['use case'] }]);
  assert.deepEqual([...topics], [['use case', { slug: 'use-case', name: 'Use cases', count: TOPIC_MIN_QUESTIONS + 1 }]]);
  // A question naming one idea twice counts once.
  assert.equal(topicsOf(questions(TOPIC_MIN_QUESTIONS - 1, 'x').map((q) => ({ keywords: [...q.keywords, 'X', 'x.'] }))).size, 0);
});

/** A question file in the real format, with these keywords. */
function questionFile(n: number, subject: string, keywords: string[], day = `2025-01-${String(1 + (n % 28)).padStart(2, '0')}`, id = 700000 + n) {
  const slugOf = (s: string) => s.toLowerCase().replace(/\s+/g, '-');
  return [
    `${slugOf(subject)}/question-${n}.md`,
    `---
_schema: default
id: ${id}
date: ${day}
title: >-
    Question ${n}?
article_title: >-
    Question ${n}?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | ${subject}
  page_description: >-
    About question ${n}.
  page_keywords: >-
    ${keywords.join(', ')}
author: QuickTakes
question: >-
    Question ${n}?
answer: >-
    An answer with $x^2$ and **bold**.
subject: ${subject}
file_name: question-${n}.md
url: /learn/${slugOf(subject)}/questions/question-${n}
---

&nbsp;
`,
  ] as const;
}

function writeFolder(files: (readonly [string, string])[]) {
  const root = temporaryDir('topics-');
  const dir = path.join(root, 'content');
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { dir, db: path.join(root, 'content.db') };
}

/** The database after an incremental build reads as a cold build's, and as the in-memory computation. */
async function assertTopicsRight(dir: string, db: string) {
  const warm = await openStore(db);
  const cold = await buildStore(dir);
  assert.deepEqual(await dumpStore(warm), await dumpStore(cold.store));
  const got = await dumpStoreTopics(warm);
  assert.deepEqual(got, await dumpStoreTopics(cold.store));
  const expected = dumpMemoryTopics(loadContent(dir, { fresh: true }));
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) assert.deepEqual(got[key], expected[key], key);
  warm.close();
  cold.store.close();
  return got;
}

test("changing one file's keywords updates its topics' counts and pages, incrementally", async () => {
  const files = Array.from({ length: 12 }, (_, n) =>
    questionFile(n, n % 2 ? 'Biology' : 'Physics', n < 5 ? ['energy', 'cells'] : n < 9 ? ['cells', 'light'] : ['light']),
  );
  const { dir, db } = writeFolder(files);
  await buildContentDb(dir, db);
  let topics = (await assertTopicsRight(dir, db)).index[0]!.topics;
  assert.deepEqual(
    topics.map((t) => [t.slug, t.count]),
    [
      ['cell', 9],
      ['energy', 5],
      ['light', 7],
    ],
  );

  // One file drops "energy" (5 → 4: no longer a topic) and adds "Energies" elsewhere.
  const edit = (n: number, keywords: string[]) => {
    const [file, text] = questionFile(n, n % 2 ? 'Biology' : 'Physics', keywords);
    fs.writeFileSync(path.join(dir, file), text);
  };
  edit(0, ['cells']);
  let build = await buildContentDb(dir, db);
  assert.equal(build.stats.parsed, 1);
  topics = (await assertTopicsRight(dir, db)).index[0]!.topics;
  assert.deepEqual(
    topics.map((t) => [t.slug, t.count]),
    [
      ['cell', 9],
      ['light', 7],
    ],
  );
  edit(11, ['light', 'Energies']);
  build = await buildContentDb(dir, db);
  const got = await assertTopicsRight(dir, db);
  assert.deepEqual(
    got.index[0]!.topics.map((t) => [t.slug, t.name, t.count]),
    [
      ['cell', 'cells', 9],
      ['energy', 'energy', 5],
      ['light', 'light', 7],
    ],
  );
  assert.equal(build.stats.topics, 3);
  const energy = got.pages.find((p) => p.topic.slug === 'energy' && !p.subject)!;
  assert.deepEqual(energy.questions.map((q) => q.slug).sort(), ['question-1', 'question-11', 'question-2', 'question-3', 'question-4']);
  assert.deepEqual(
    energy.subjects.map((s) => [s.slug, s.matches]),
    [
      ['biology', 3],
      ['physics', 2],
    ],
  );

  // Deleting files takes them out of their topics.
  for (const n of [5, 6, 7]) fs.rmSync(path.join(dir, questionFile(n, n % 2 ? 'Biology' : 'Physics', [])[0]));
  await buildContentDb(dir, db);
  assert.deepEqual(
    (await assertTopicsRight(dir, db)).index[0]!.topics.map((t) => [t.slug, t.count]),
    [
      ['cell', 6],
      ['energy', 5],
    ],
  );
});

test('two topics whose hashed slugs agree get distinct slugs, and the database keeps the rule build after build', async () => {
  // Keys of another script have hashed slugs: find two whose first 8 hex digits agree.
  const seen = new Map<string, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; !pair; i++) {
    const key = `量子${i}`;
    const slug = topicSlug(key);
    if (seen.has(slug)) pair = [seen.get(slug)!, key];
    else seen.set(slug, key);
  }
  const [first, second] = pair.sort();
  const files = Array.from({ length: 2 * TOPIC_MIN_QUESTIONS }, (_, n) => questionFile(n, 'Physics', [n < TOPIC_MIN_QUESTIONS ? second! : first!]));
  const { dir, db } = writeFolder(files);
  await buildContentDb(dir, db);
  const slugs = (got: Awaited<ReturnType<typeof assertTopicsRight>>) => new Map(got.index[0]!.topics.map((t) => [t.name, t.slug]));
  let got = slugs(await assertTopicsRight(dir, db));
  assert.equal(got.get(first!), topicSlug(first!));
  assert.equal(got.get(second!), topicSlug(second!, 40));
  // The first goes: the second takes the short slug.
  for (const [file] of files.slice(TOPIC_MIN_QUESTIONS)) fs.rmSync(path.join(dir, file));
  await buildContentDb(dir, db);
  got = slugs(await assertTopicsRight(dir, db));
  assert.deepEqual([...got], [[second, topicSlug(second!)]]);
});

test('a cross-listed question counts once, under its canonical copy, and moves when that copy goes', async () => {
  const files = [
    ...Array.from({ length: 4 }, (_, n) => questionFile(n, 'Physics', ['waves'])),
    // Question 9 in two subjects: one id, the same slug; the earlier date is canonical.
    questionFile(9, 'Physics', ['waves'], '2024-05-01', 700009),
    questionFile(9, 'Music', ['waves', 'sound'], '2024-06-01', 700009),
  ];
  const { dir, db } = writeFolder(files);
  await buildContentDb(dir, db);
  let got = await assertTopicsRight(dir, db);
  assert.deepEqual(
    got.index[0]!.topics.map((t) => [t.slug, t.count]),
    [['wave', 5]],
  );
  // The copy's own keyword ("sound") was counted while copies were resolved, then taken out: no row is left behind.
  const raw = new Database(db, { readonly: true });
  assert.deepEqual(raw.prepare('SELECT key, questions FROM keywords ORDER BY key').raw().all(), [['wave', 5]]);
  raw.close();
  fs.rmSync(path.join(dir, files[4]![0]));
  await buildContentDb(dir, db);
  got = await assertTopicsRight(dir, db);
  const waves = got.pages.find((p) => p.topic.slug === 'wave' && !p.subject)!;
  assert.ok(waves.questions.some((q) => q.url === '/learn/music/questions/question-9'));
});

test('"more on this topic" never offers the page itself or its copies, nor what the page already links to', async () => {
  const dir = generateContent(path.join(os.tmpdir(), 'topics-more'), 400);
  const { store } = await buildStore(dir);
  const { questions } = loadContent(dir);
  let offered = 0;
  for (const q of questions) {
    const topicSlugs = q.keywords.flatMap((k) => (k.topic ? [k.topic.slug] : []));
    const copies = new Set([q.url, ...q.copies]);
    const more = await store.moreOnTopics({ id: q.id, topicSlugs }, 5, []);
    offered += more.length;
    for (const m of more) {
      assert.ok(!copies.has(m.url) && m.id !== q.id, `${q.url} offered ${m.url}`);
      assert.equal(m.canonicalUrl, m.url, 'canonical copies only');
    }
    const exclude = more.slice(0, 2).map((m) => m.url);
    for (const m of await store.moreOnTopics({ id: q.id, topicSlugs }, 5, exclude)) assert.ok(!exclude.includes(m.url));
  }
  assert.ok(offered > questions.length * 4, 'most questions are offered five');
  store.close();
});

test('"more on this topic" counts the large topics a candidate shares too (those past the scan are looked up)', async () => {
  // 1,100 questions: "common" in all, "even" in every other one (both too large to scan), and 13
  // small groups. An even question's group-mates that are even share three topics with it, the
  // others two: only the lookup in the large topics can tell them apart.
  const files = Array.from({ length: 1_100 }, (_, n) => questionFile(n, 'Physics', ['common', `group ${n % 13}`, ...(n % 2 === 0 ? ['even'] : [])]));
  const { dir, db } = writeFolder(files);
  await buildContentDb(dir, db);
  const store = await openStore(db);
  const sizes = new Map((await store.topicIndex(1))!.topics.map((t) => [t.slug, t.count]));
  assert.ok(sizes.get('common')! > 1_000 && sizes.get('even')! > 500 && sizes.get('group-0')! < 100, JSON.stringify([...sizes]));
  for (const n of [0, 2, 25, 1_098]) {
    const more = await store.moreOnTopics({ id: 700000 + n, topicSlugs: ['common', `group-${n % 13}`, 'even'] }, 5, []);
    assert.equal(more.length, 5);
    for (const m of more) {
      const other = Number(m.slug.replace('question-', ''));
      assert.ok(other % 13 === n % 13 && other % 2 === 0 && other !== n, `question-${n} offered ${m.slug}`);
    }
  }
  store.close();
});

test('an unknown topic, a page past the last and a subject the topic is not in are null', async () => {
  const { store } = await buildStore(path.join(ROOT, 'content'));
  assert.equal(await store.topicPage('no-such-topic', 1, null), null);
  const topic = (await store.topicIndex(1))!.topics[0]!;
  assert.equal(await store.topicPage(topic.slug, 2, null), null);
  assert.equal(await store.topicPage(topic.slug, 0, null), null);
  assert.equal(await store.topicPage(topic.slug, 1, 'no-such-subject'), null);
  assert.equal(await store.feed({ topic: 'no-such-topic' }, 5), null);
  assert.equal(await store.feed({ subject: 'no-such-subject' }, 5), null);
  store.close();
});

test('a subject cannot be called "topics": /learn/topics is the topic index', () => {
  const [file, text] = questionFile(1, 'Topics', ['x']);
  const { dir } = writeFolder([[file, text]]);
  const { problems } = loadContent(dir);
  assert.deepEqual(
    problems.map((p) => [p.file, p.field]),
    [['topics/question-1.md', 'url']],
  );
  assert.match(problems[0]!.message, /cannot be a subject/);
});

const SCHEMA = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/atom/atom.rng'), 'utf8');
const SITE = 'https://learn.example.org';

async function assertValidAtom(xml: string, name: string) {
  const result = await validateXML({
    xml: [{ fileName: `${name}.xml`, contents: xml }],
    schema: [{ fileName: 'atom.rng', contents: SCHEMA }],
    extension: 'relaxng',
  });
  assert.ok(result.valid, `${name}: ${result.errors.map((e) => e.message).join('\n')}`);
  // What the schema cannot say (RFC 4287's other rules, and ours): absolute urls, one id per entry, a self link.
  const ids = [...xml.matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, `${name}: entry ids are unique`);
  for (const [, href] of xml.matchAll(/href="([^"]+)"/g)) assert.match(href!, /^https:\/\/learn\.example\.org\//);
  assert.match(xml, /<link rel="self" type="application\/atom\+xml" href="https:\/\/learn\.example\.org\/[^"]*feed\.xml"\/>/);
  for (const [, entry] of xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)) assert.match(entry!, /<author><name>[^<]+<\/name><\/author>/);
}

/** The HTML a feed reader gets from every entry, unescaped: it must hold nothing that can run. */
function assertNoScript(xml: string, name: string) {
  const unescapeHtml = (s: string) =>
    s
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e]!);
  for (const [, html] of xml.matchAll(/<content type="html">([\s\S]*?)<\/content>/g)) {
    const content = unescapeHtml(html!);
    assert.doesNotMatch(content, /<script|<iframe|<svg|<object|<embed|<img[^>]+onerror/i, name);
    assert.doesNotMatch(content, /<[^>]+\son\w+\s*=/i, `${name}: event handler attribute`);
    assert.doesNotMatch(content, /<[a-z][^>]*\s(href|src)\s*=\s*"\s*(javascript|vbscript|data):/i, `${name}: script url`);
  }
}

test('the feeds are valid Atom, with absolute urls and stable ids, and carry no script', async () => {
  // The sample content, plus hostile questions (five of them, so that their keywords are a topic).
  const hostile = fs.readFileSync(path.join(ROOT, 'test/fixtures/hostile/web-security/what-does-a-script-tag-in-a-title-do.md'), 'utf8');
  const { dir } = writeFolder([]);
  fs.cpSync(path.join(ROOT, 'content'), dir, { recursive: true });
  for (let n = 0; n < TOPIC_MIN_QUESTIONS; n++) {
    fs.mkdirSync(path.join(dir, 'web-security'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, `web-security/hostile-${n}.md`),
      hostile
        .replaceAll('what-does-a-script-tag-in-a-title-do', `hostile-${n}`)
        .replace('id: 990001', `id: ${990100 + n}`)
        .replace('Raw HTML in an answer', `Raw <a href="jav&#x61;script:alert(1)">HTML</a> in an answer ${n}`),
    );
  }
  const { store, build } = await buildStore(dir);
  assert.deepEqual(build.problems, []);
  const scopes = [
    { site: true } as const,
    ...(await store.subjects()).map((s) => ({ subject: s.slug })),
    ...(await store.topicIndex(1))!.topics.map((t) => ({ topic: t.slug })),
  ];
  assert.ok(
    scopes.some((s) => 'topic' in s && s.topic.includes('onerror')),
    'a hostile keyword is a topic',
  );
  for (const scope of scopes) {
    const items = (await store.feed(scope, 50))!;
    const name = JSON.stringify(scope);
    const xml = atomFeed({ title: `Feed ${name}`, subtitle: 'Newest', pagePath: '/', feedPath: '/x/feed.xml' }, items, SITE);
    await assertValidAtom(xml, name);
    assertNoScript(xml, name);
    assert.ok(items.length > 0 && items.length <= 50);
    // The site's and topics' feeds list canonical copies; a subject's feed links its copies to theirs.
    if (!('subject' in scope)) for (const item of items) assert.equal(item.summary.canonicalUrl, item.summary.url);
    for (const item of items) assert.ok(xml.includes(`href="${SITE}${item.summary.canonicalUrl}"`));
  }
  // Formulas stay as their source text; the entry id is the question's, whichever copy links.
  const site = atomFeed({ title: 'All', subtitle: 'All', pagePath: '/', feedPath: '/feed.xml' }, (await store.feed({ site: true }, 50))!, SITE);
  assert.match(site, /\$x\^2\$|\$\$/);
  assert.equal(entryId(SITE, 12), 'tag:learn.example.org,2024:question/12');
  // Characters XML 1.0 cannot hold at all are dropped, not escaped.
  assert.equal(xmlText('a\u0001b\uFFFEc\uD800d<'), 'abcd&#60;');
  store.close();
});
