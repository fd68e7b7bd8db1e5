// Search on one content database, in a fresh process, as the server runs it (SqliteStore, or
// PgStore on the database at the second argument, synced from the first; no HTTP): latency over
// 1,000 queries made of words from real titles, and over 1,000 natural queries (a question of
// the database asked whole, up to 12 words, common ones included; every third with a typo); the
// hit rate of 500 of the database's own questions found by 3–4 of their rarest title words
// among the first 5, with and without a typo. Prints one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { parseQuery } from '../lib/content/search/query';
import { wordsOf } from '../lib/content/search/search-text';
import { PgStore } from '../lib/content/postgres/pg-store';
import { SqliteStore } from '../lib/content/sqlite/sqlite-store';
import { questionUrl } from '../lib/content/model/types';
import { median, percentile, realCorpus } from './lib';

const db = process.argv[2]!;
let seed = 7;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;

// 1,000 queries: 2 to 4 consecutive words of a real title, as a student would type them.
const titles = fs
  .readdirSync(realCorpus(), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .map((f) => /^title: (?:>-\n\s+)?(.+)$/m.exec(fs.readFileSync(path.join(realCorpus(), f), 'utf8'))![1]!);
const queries = Array.from({ length: 1_000 }, () => {
  const words = wordsOf(titles[Math.floor(random() * titles.length)]!);
  const length = 2 + Math.floor(random() * 3);
  const start = Math.floor(random() * Math.max(1, words.length - length + 1));
  return words.slice(start, start + length).join(' ');
});

const store = process.argv[3] ? PgStore.open(process.argv[3]) : new SqliteStore(db);
const search = (q: string) => {
  const parsed = parseQuery(q);
  if ('error' in parsed) throw new Error(parsed.error);
  return store.search({ ...parsed, subject: null, page: 1 });
};
for (const q of queries.slice(0, 50)) await search(q); // warm the page cache, as a running server has
const timed = async (list: string[]) => {
  const times: number[] = [];
  for (const q of list) {
    const started = performance.now();
    await search(q);
    times.push(performance.now() - started);
  }
  return times;
};
const times = await timed(queries);

// Hit rate: 500 questions spread over the database; the rarest words of each title (by how many
// questions use them), numbers left out: a student remembers words, not the corpus's numbering.
const raw = new Database(db, { readonly: true });
const total = (raw.prepare('SELECT count(*) FROM questions WHERE canonical_url IS NULL').raw().get() as [number])[0];
const step = Math.max(1, Math.floor(total / 500));
const sample = raw.prepare('SELECT subject_slug, slug, title FROM questions WHERE canonical_url IS NULL AND rowid % ? = 0 LIMIT 500').raw().all(step) as [
  string,
  string,
  string,
][];
const docs = raw.prepare('SELECT docs FROM words WHERE word = ?').raw();
const frequency = (word: string) => (docs.get(word) as [number] | undefined)?.[0] ?? 0;
// Natural queries: questions of the database asked whole, as a student types a question.
const questionTitles = raw
  .prepare('SELECT title FROM questions WHERE canonical_url IS NULL AND rowid % ? = 1 LIMIT 1000')
  .raw()
  .all(Math.max(1, Math.floor(total / 1000))) as [string][];
const natural = questionTitles.map(([title], i) => {
  const words = wordsOf(title).slice(0, 12);
  if (i % 3 !== 0) return words.join(' ');
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
  return words.map((w) => (w === longest && w.length >= 5 ? `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}` : w)).join(' ');
});
const naturalTimes = await timed(natural);
let found = 0;
let foundWithTypo = 0;
for (const [subject, slug, title] of sample) {
  const words = [...new Set(wordsOf(title))].filter((w) => w.length >= 3 && !/^\d+$/.test(w));
  const rare = words.sort((a, b) => frequency(a) - frequency(b) || b.length - a.length).slice(0, words.length >= 8 ? 4 : 3);
  const url = questionUrl(subject, slug);
  const top5 = async (q: string) => (await search(q)).hits.slice(0, 5).some((h) => h.url === url);
  if (await top5(rare.join(' '))) found++;
  const longest = rare.reduce((a, b) => (b.length > a.length ? b : a), '');
  const typo = longest.length >= 4 ? `${longest.slice(0, 1)}${longest[2]}${longest[1]}${longest.slice(3)}` : longest;
  if (await top5(rare.map((w) => (w === longest ? typo : w)).join(' '))) foundWithTypo++;
}
await store.close();
console.log(
  JSON.stringify({
    p50: median(times),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: Math.max(...times),
    naturalP50: median(naturalTimes),
    naturalP95: percentile(naturalTimes, 95),
    naturalP99: percentile(naturalTimes, 99),
    hitRate: found / sample.length,
    typoHitRate: foundWithTypo / sample.length,
    sample: sample.length,
    rssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
