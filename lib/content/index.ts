import 'server-only';
import fs from 'node:fs';
import { cache } from 'react';
import { showing, TAGS } from '../cache-tags';
import { contentDbFile } from '../config';
import { env } from '../env.mjs';
import { PAGE_SIZE } from './model/paging';
import { parseQuery } from './search/query';
import { PgStore } from './postgres/pg-store';
import { SqliteStore } from './sqlite/sqlite-store';
import { sitemapSource, type SitemapSource } from '../seo/sitemap';
import type { ContentStore, FeedScope, PracticeScope, SearchOutcome } from './store/store';
import { questionUrl, type Question, type QuestionSummary, type Subject } from './model/types';

// What the pages ask of the content, from the content store (never the content files): the
// SQLite database the build wrote, or PostgreSQL when DATABASE_URL is set (content:sync writes
// it). Getters return null for what does not exist, so a page can call notFound().

export {
  pagedUrl,
  practiceUrl,
  questionUrl,
  subjectUrl,
  topicIndexUrl,
  topicUrl,
  type Question,
  type QuestionSummary,
  type ResolvedRelatedLink,
  type Subject,
  type TopicRef,
} from './model/types';
/** Whether an error means the PostgreSQL store has gone away (answer 503 and try again shortly). */
export { isUnavailable as isContentUnavailable } from './postgres/pg-health';
export { pageCountOf, pageOfSegment, PRACTICE_SET_SIZE, type SubjectPage } from './model/paging';
export type {
  FeedItem,
  FeedScope,
  PracticeCard,
  PracticeScope,
  PracticeSet,
  SearchHit,
  SearchOutcome,
  SearchResults,
  Snippet,
  TopicIndexPage,
  TopicPage,
} from './store/store';

let shared: PgStore | undefined;
let opened: { store: SqliteStore; identity: string } | undefined;

/** Which file is at `file` now: publishing renames a new one over it. */
const identityOf = (file: string) => {
  const { ino, mtimeMs, size } = fs.statSync(file);
  return `${ino}:${mtimeMs}:${size}`;
};

async function store(): Promise<ContentStore> {
  const { DATABASE_URL, NODE_ENV } = env();
  if (DATABASE_URL) return (shared ??= PgStore.open(DATABASE_URL));
  const file = contentDbFile();
  if (NODE_ENV === 'development') {
    // `next dev`: content edits show on the next reload, without a restart. Whoever published
    // the database (this copy of the module, another route's, a content step), it is read as it
    // now is: a store open on a file renamed away is closed.
    const { syncForDevelopment } = await import('./build/dev-sync');
    await syncForDevelopment();
    if (opened && fs.existsSync(file) && identityOf(file) !== opened.identity) {
      opened.store.close();
      opened = undefined;
    }
  }
  if (!opened) {
    if (!fs.existsSync(file)) {
      throw new Error(`No content database at ${file}: it is written before \`next build\` and \`next dev\` (next.config.js).`);
    }
    opened = { identity: identityOf(file), store: new SqliteStore(file) };
  }
  return opened.store;
}

export async function getSubjects(): Promise<Subject[]> {
  return (await store()).subjects();
}

/** The subjects as the home page and /learn list them, with their counts: such a page shows the home tag. */
export async function getSubjectIndex(): Promise<Subject[]> {
  await showing(TAGS.home);
  return getSubjects();
}

export async function getSubject(slug: string): Promise<Subject | null> {
  return (await store()).subject(slug);
}

/** One page (from 1) of a subject's questions, newest first; null past the last page. */
export async function listSubjectPage(slug: string, page: number) {
  const listing = await (await store()).subjectPage(slug, page);
  if (listing) await showing(TAGS.subject(listing.subject.slug));
  return listing;
}

export async function getQuestionSummary(url: string): Promise<QuestionSummary | null> {
  const summary = await (await store()).summary(url);
  if (summary) await showing(TAGS.question(summary.id));
  return summary;
}

/** A question page's data: the question, its subject, canonical copy, copies and related links. */
export const getQuestion = cache(async (subject: string, slug: string): Promise<Question | null> => {
  const q = await (await store()).question(questionUrl(subject, slug));
  if (q) await showing(TAGS.question(q.id));
  return q;
});

export async function getNewestQuestions(count: number): Promise<QuestionSummary[]> {
  await showing(TAGS.home);
  return (await store()).newest(count);
}

export async function getMoreFromSubject(url: string, count: number): Promise<QuestionSummary[]> {
  return (await store()).neighbours(url, count);
}

/**
 * The question pages built ahead of any visit: at most PRERENDER_QUESTIONS (default 1,000), so
 * that build time does not grow with the corpus. Those on the first listing page of a subject
 * come first (what visitors and crawlers reach first after a deploy), then the rest, each
 * newest first. Every other question is rendered on its first visit and then cached.
 */
export async function getPrerenderedQuestions(): Promise<QuestionSummary[]> {
  return (await store()).prerendered(PAGE_SIZE, env().PRERENDER_QUESTIONS);
}

/** Listing pages built ahead: a subject's first pages; deeper ones render on demand. */
export const PRERENDERED_LISTING_PAGES = 3;

const sitemapSources = new WeakMap<ContentStore, Promise<SitemapSource>>();

/**
 * What the sitemaps read: subjects with their newest day, and the canonical questions a slice
 * at a time. Read once per opened SQLite database (every child sitemap needs the same counts);
 * from PostgreSQL, which content:sync changes under a running server, once per request.
 */
export async function getSitemapSource(): Promise<SitemapSource> {
  await showing(TAGS.sitemaps);
  const content = await store();
  if (!content.fixed) return sitemapSource(content);
  let source = sitemapSources.get(content);
  if (!source) sitemapSources.set(content, (source = sitemapSource(content)));
  return source;
}

/** Questions matching what a person typed (misspellings searched as their likely spelling unless `exact`), 20 a page (`page` from 1, as searchStateOf gives it); `{ error }` for what cannot be a query. */
export async function searchQuestions(q: string, subject: string | null, page: number, exact = false): Promise<SearchOutcome> {
  const parsed = parseQuery(q);
  if ('error' in parsed) return parsed;
  return (await store()).search({ ...parsed, subject, page, exact });
}

/** One page (from 1) of the topic index, alphabetical; null past the last page. Read once per request (metadata and page). */
export const getTopicIndex = cache(async (page: number) => {
  const index = await (await store()).topicIndex(page);
  if (index) await showing(TAGS.topicIndex);
  return index;
});

/** One page (from 1) of a topic's questions, newest first, within one subject if given; null when there is none. Read once per request. */
export const getTopicPage = cache(async (slug: string, page: number, subject: string | null = null) => {
  const found = await (await store()).topicPage(slug, page, subject);
  if (found) await showing(TAGS.topic(found.topic.slug));
  return found;
});

export async function getRelatedTopics(slug: string, count: number) {
  return (await store()).relatedTopics(slug, count);
}

/** "More on this topic": questions sharing the most topics with `q`, never `q`, its copies or `exclude`. */
export async function getMoreOnTopics(q: Question, count: number, exclude: string[]): Promise<QuestionSummary[]> {
  const topicSlugs = q.keywords.flatMap((k) => (k.topic ? [k.topic.slug] : []));
  return topicSlugs.length === 0 ? [] : (await store()).moreOnTopics({ id: q.id, topicSlugs }, count, exclude);
}

/** Topic pages built ahead of any visit (their slugs): the largest topics, at most PRERENDER_TOPICS (default 200). */
export async function getPrerenderedTopics(): Promise<string[]> {
  return (await getLargestTopics(env().PRERENDER_TOPICS)).map((t) => t.slug);
}

/** The topics with the most questions, most first. */
export async function getLargestTopics(count: number) {
  return (await store()).largestTopics(count);
}

/** The newest questions of the site, a subject or a topic, for its feed; null for an unknown one. */
export async function getFeedItems(scope: FeedScope) {
  const items = await (await store()).feed(scope, FEED_SIZE);
  // Tagged only when it exists: an unknown slug from the address is no tag (and may not be a valid one).
  if (items) await showing('site' in scope ? TAGS.home : 'subject' in scope ? TAGS.subject(scope.subject) : TAGS.topic(scope.topic));
  return items;
}

/**
 * One set (from 1) of a subject's or topic's questions to practise, with their answers; null for
 * an unknown one or past the last set. Read once per request (metadata and page: cache() keys by
 * its arguments, so they are strings and a number, not a scope object made afresh each call).
 * Tagged with its subject or topic (which questions it holds) and each question (their answers).
 */
export const getPracticeSet = cache(async (kind: 'subject' | 'topic', slug: string, set: number) => {
  const scope: PracticeScope = kind === 'subject' ? { subject: slug } : { topic: slug };
  const found = await (await store()).practiceSet(scope, set);
  if (found) await showing(kind === 'subject' ? TAGS.subject(slug) : TAGS.topic(slug), ...found.cards.map((c) => TAGS.question(c.summary.id)));
  return found;
});

/** Entries in a feed. */
export const FEED_SIZE = 50;
