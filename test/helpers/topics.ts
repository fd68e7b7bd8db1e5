import { PAGE_SIZE, pageCountOf } from '../../lib/content/model/paging';
import type { LoadedContent } from './load';
import type { TestStore } from './content-db';
import type { FeedItem, TopicIndexPage, TopicPage } from '../../lib/content/store/store';
import { displayName, keywordsOf, letterOf, resolveSlugClash, TOPIC_MIN_QUESTIONS, TOPICS_PER_PAGE, topicSlug } from '../../lib/content/model/topics';
import type { Question, QuestionSummary, TopicRef } from '../../lib/content/model/types';

// Topics as the getters give them, read from the store, and as a plain computation over the
// loaded folder computes them: the tests compare the two.

const RELATED = 12;
const MORE = 5;
const FEED = 50;

/** Every topic answer the store gives: index pages, topic pages (filtered too), related, more, feeds. */
export async function dumpStoreTopics(store: TestStore) {
  const questions: Question[] = [];
  for (const s of await store.subjects()) {
    for (let page = 1; ; page++) {
      const listing = await store.subjectPage(s.slug, page);
      if (!listing) break;
      for (const q of listing.questions) questions.push((await store.question(q.url))!);
    }
  }
  const index: TopicIndexPage[] = [];
  for (let page = 1; ; page++) {
    const found = await store.topicIndex(page);
    if (!found) break;
    index.push(found);
  }
  const pages: TopicPage[] = [];
  const related: Record<string, TopicRef[]> = {};
  const feeds: Record<string, FeedItem[] | null> = { site: await store.feed({ site: true }, FEED) };
  for (const { slug } of index.flatMap((p) => p.topics)) {
    for (const subject of [null, ...((await store.topicPage(slug, 1, null))?.subjects.map((s) => s.slug) ?? [])]) {
      for (let page = 1; ; page++) {
        const found = await store.topicPage(slug, page, subject);
        if (!found) break;
        pages.push(found);
      }
    }
    related[slug] = await store.relatedTopics(slug, RELATED);
    feeds[`topic ${slug}`] = await store.feed({ topic: slug }, FEED);
  }
  for (const s of await store.subjects()) feeds[`subject ${s.slug}`] = await store.feed({ subject: s.slug }, FEED);
  const more: Record<string, QuestionSummary[]> = {};
  for (const q of questions.sort((a, b) => compare(a.url, b.url))) {
    more[q.url] = await store.moreOnTopics({ id: q.id, topicSlugs: q.keywords.flatMap((k) => (k.topic ? [k.topic.slug] : [])) }, MORE, []);
  }
  return { index, pages, related, feeds, more };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The same, computed from the loaded folder without a database. */
export function dumpMemoryTopics({ index: content, questions, topics }: LoadedContent) {
  const canonical = questions.filter((q) => q.canonicalUrl === q.url);
  const keysOf = new Map(canonical.map((q) => [q.url, keywordsOf(q.seo.keywords).map(([key]) => key)]));
  const newestFirst = (a: Question, b: Question) => compare(b.date, a.date) || a.id - b.id;
  const sorted = [...topics].sort(([a], [b]) => compare(a, b));
  const questionsOf = new Map(sorted.map(([key]) => [key, canonical.filter((q) => keysOf.get(q.url)!.includes(key)).sort(newestFirst)]));
  const subjectPosition = new Map(content.subjects.map((s, i) => [s.slug, i]));

  const index: TopicIndexPage[] = [];
  const letters: { letter: string; page: number }[] = [];
  sorted.forEach(([key], i) => {
    if (!letters.some((l) => l.letter === letterOf(key))) letters.push({ letter: letterOf(key), page: Math.floor(i / TOPICS_PER_PAGE) + 1 });
  });
  for (let start = 0; start < Math.max(1, sorted.length); start += TOPICS_PER_PAGE) {
    index.push({
      topics: sorted.slice(start, start + TOPICS_PER_PAGE).map(([key, t]) => ({ ...t, letter: letterOf(key) })),
      total: sorted.length,
      page: start / TOPICS_PER_PAGE + 1,
      pageCount: Math.max(1, Math.ceil(sorted.length / TOPICS_PER_PAGE)),
      letters,
    });
  }

  const summary = (q: Question) => content.getByUrl(q.url)!;
  const pages: TopicPage[] = [];
  const related: Record<string, TopicRef[]> = {};
  const feeds: Record<string, FeedItem[] | null> = {};
  const feedItem = (q: Question): FeedItem => ({ summary: summary(q), subjectName: q.subject.name, question: q.question, answer: q.answer, author: q.author });
  for (const [key, topic] of sorted) {
    const all = questionsOf.get(key)!;
    const counts = new Map<string, number>();
    for (const q of all) counts.set(q.subjectSlug, (counts.get(q.subjectSlug) ?? 0) + 1);
    const subjects = [...counts]
      .map(([slug, matches]) => ({ ...content.subjects.find((s) => s.slug === slug)!, matches }))
      .sort((a, b) => b.matches - a.matches || subjectPosition.get(a.slug)! - subjectPosition.get(b.slug)!);
    for (const subject of [null, ...subjects]) {
      const listed = subject ? all.filter((q) => q.subjectSlug === subject.slug) : all;
      const pageCount = pageCountOf(listed.length);
      for (let page = 1; page <= pageCount; page++) {
        const plain = subject && { slug: subject.slug, name: subject.name, count: subject.count };
        pages.push({ topic, subjects, subject: plain, questions: listed.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(summary), page, pageCount });
      }
    }
    // Related: the topics of its newest 200 questions, by how many of them share each.
    const shared = new Map<string, number>();
    for (const q of all.slice(0, 200)) for (const k of new Set(keysOf.get(q.url)!)) if (k !== key && topics.has(k)) shared.set(k, (shared.get(k) ?? 0) + 1);
    related[topic.slug] = [...shared]
      .sort(([a, m], [b, n]) => n - m || topics.get(b)!.count - topics.get(a)!.count || compare(a, b))
      .slice(0, RELATED)
      .map(([k]) => topics.get(k)!);
    feeds[`topic ${topic.slug}`] = all
      .filter((q) => !q.noIndex)
      .slice(0, FEED)
      .map(feedItem);
  }
  const listingOrder = (a: Question, b: Question) => compare(b.date, a.date) || compare(a.title, b.title) || compare(a.slug, b.slug);
  feeds.site = canonical
    .filter((q) => !q.noIndex)
    .sort((a, b) => compare(b.date, a.date) || compare(a.subjectSlug, b.subjectSlug) || listingOrder(a, b))
    .slice(0, FEED)
    .map(feedItem);
  for (const s of content.subjects) {
    feeds[`subject ${s.slug}`] = questions
      .filter((q) => q.subjectSlug === s.slug && !q.noIndex)
      .sort(listingOrder)
      .slice(0, FEED)
      .map(feedItem);
  }

  // More on this topic: every canonical question sharing a topic, by shared topics, then the
  // smaller sum of their sizes, then the newest.
  const more: Record<string, QuestionSummary[]> = {};
  for (const q of [...questions].sort((a, b) => compare(a.url, b.url))) {
    const own = new Set(q.keywords.flatMap((k) => (k.topic ? [topicKeyOf(topics, k.topic.slug)] : [])));
    const scored = canonical
      .filter((c) => c.id !== q.id)
      .map((c) => {
        const common = [...new Set(keysOf.get(c.url)!)].filter((k) => own.has(k));
        return { c, shared: common.length, sizes: common.reduce((n, k) => n + topics.get(k)!.count, 0) };
      })
      .filter((s) => s.shared > 0)
      .sort((a, b) => b.shared - a.shared || a.sizes - b.sizes || compare(b.c.date, a.c.date) || a.c.id - b.c.id);
    more[q.url] = scored.slice(0, MORE).map((s) => summary(s.c));
  }
  return { index, pages, related, feeds, more };
}

const topicKeyOf = (topics: Map<string, TopicRef>, slug: string) => [...topics].find(([, t]) => t.slug === slug)![0];

/**
 * The topics of a set of canonical questions, by key, computed in memory: what the content
 * step maintains incrementally in the database (the tests compare the two).
 */
export function topicsOf(questions: { keywords: string[] }[]): Map<string, TopicRef> {
  const spellings = new Map<string, Map<string, number>>();
  for (const q of questions) {
    for (const [key, spelling] of keywordsOf(q.keywords)) {
      const uses = spellings.get(key) ?? new Map<string, number>();
      uses.set(spelling, (uses.get(spelling) ?? 0) + 1);
      spellings.set(key, uses);
    }
  }
  const keys = [...spellings].filter(([, uses]) => sum(uses.values()) >= TOPIC_MIN_QUESTIONS).map(([key]) => key);
  const bySlug = new Map<string, string[]>();
  for (const key of keys) bySlug.set(topicSlug(key), [...(bySlug.get(topicSlug(key)) ?? []), key]);
  const topics = new Map<string, TopicRef>();
  for (const group of bySlug.values()) {
    for (const [key, slug] of resolveSlugClash(group)) {
      const uses = spellings.get(key)!;
      topics.set(key, { slug, name: displayName([...uses].map(([spelling, n]) => ({ spelling, uses: n }))), count: sum(uses.values()) });
    }
  }
  return topics;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
