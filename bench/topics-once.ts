// Topic figures of one content database, in a fresh process: how many topics, how many
// canonical questions have one, the largest topic, and the store's time for what topic pages
// ask (its last page, related topics, "more on this topic"). Prints JSON.
// Usage: tsx bench/topics-once.ts DB_FILE
import Database from 'libsql';
import { PAGE_SIZE } from '../lib/content/model/paging';
import { SqliteStore } from '../lib/content/sqlite/sqlite-store';
import { median, percentile } from './lib';

const file = process.argv[2]!;
const db = new Database(file, { readonly: true });
const one = <T>(sql: string) => db.prepare(sql).raw().get() as T;
const [topics] = one<[number]>('SELECT count(*) FROM keywords WHERE slug IS NOT NULL');
const [canonical] = one<[number]>('SELECT count(*) FROM questions WHERE canonical_url IS NULL');
const [covered] = one<[number]>('SELECT count(DISTINCT kq.question) FROM keyword_questions kq JOIN keywords k ON k.id = kq.keyword WHERE k.slug IS NOT NULL');
const [slug, count] = one<[string, number]>('SELECT slug, questions FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC LIMIT 1');
const sample = db.prepare('SELECT subject_slug, slug FROM questions WHERE canonical_url IS NULL ORDER BY rowid').raw().all() as [string, string][];
db.close();

const store = new SqliteStore(file);
const time = async (f: () => Promise<unknown>) => {
  const started = performance.now();
  await f();
  return performance.now() - started;
};
const lastPage = Math.ceil(count / PAGE_SIZE);
const lastPageMs = await time(() => store.topicPage(slug, lastPage, null));
const relatedMs = await time(() => store.relatedTopics(slug, 12));
const more: number[] = [];
const step = Math.max(1, Math.floor(sample.length / 200));
for (let i = 0; i < sample.length; i += step) {
  const q = (await store.question(`/learn/${sample[i]![0]}/questions/${sample[i]![1]}`))!;
  const topicSlugs = q.keywords.flatMap((k) => (k.topic ? [k.topic.slug] : []));
  more.push(await time(() => store.moreOnTopics({ id: q.id, topicSlugs }, 5, [])));
}
console.log(
  JSON.stringify({
    topics,
    canonical,
    covered,
    largest: { slug, count, pages: lastPage },
    lastPageMs,
    relatedMs,
    moreP50: median(more),
    moreP95: percentile(more, 95),
  }),
);
