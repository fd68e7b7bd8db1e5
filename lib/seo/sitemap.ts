import { pageCountOf } from '../content/model/paging';
import type { ContentStore, SitemapQuestion } from '../content/store/store';
import { TOPICS_PER_PAGE } from '../content/model/topics';
import { subjectUrl, topicIndexUrl, topicUrl, type Subject } from '../content/model/types';

// What search engines are told to crawl: the home page, /learn, every subject listing page, the
// topic index and every topic's page, and every canonical question page that may be indexed
// (no `no_index`, one copy per cross-listed question). Split into sitemaps of at most 10,000
// urls, listed by a sitemap index. Topics and questions are read from the content store a
// sitemap at a time, never all at once. A topic's later pages and its pages filtered to one
// subject are left out: the first page links to them (and the filtered ones are `noindex`).

export const URLS_PER_SITEMAP = 10_000;

/** What the sitemaps need of the content (lib/content's getters provide it). */
export interface SitemapSource {
  subjects: (Subject & { newest: string })[];
  questionCount: number;
  questions(offset: number, limit: number): Promise<SitemapQuestion[]>;
  topicCount: number;
  topics(offset: number, limit: number): Promise<{ slug: string; date: string }[]>;
}

/** The sitemaps' view of a content store: a query per subject, then questions a slice at a time. */
export async function sitemapSource(store: ContentStore): Promise<SitemapSource> {
  const subjects = await Promise.all(
    (await store.subjects()).map(async (s) => ({ ...s, newest: (await store.subjectPage(s.slug, 1))?.questions[0]?.date ?? '1970-01-01' })),
  );
  return {
    subjects,
    questionCount: await store.sitemapQuestionCount(),
    questions: (offset, limit) => store.sitemapQuestions(offset, limit),
    topicCount: await store.sitemapTopicCount(),
    topics: (offset, limit) => store.sitemapTopics(offset, limit),
  };
}

interface SitemapEntry {
  url: string;
  lastModified: string;
}

/** The entries before the topics and questions: home, /learn, every listing page, the topic index. */
function pageEntries({ subjects, topicCount }: SitemapSource, site: string): SitemapEntry[] {
  const newest = subjects.reduce((day, s) => (s.newest > day ? s.newest : day), '1970-01-01');
  const entries: SitemapEntry[] = [
    { url: `${site}/`, lastModified: newest },
    { url: `${site}/learn`, lastModified: newest },
  ];
  if (topicCount > 0) {
    const indexPages = Math.ceil(topicCount / TOPICS_PER_PAGE);
    entries.push({ url: `${site}/learn/topics`, lastModified: newest });
    for (let page = 2; page <= indexPages; page++) entries.push({ url: `${site}${topicIndexUrl(page)}`, lastModified: newest });
  }
  for (const subject of subjects) {
    const pageCount = pageCountOf(subject.count);
    entries.push({ url: `${site}/learn/${subject.slug}`, lastModified: subject.newest });
    for (let page = 2; page <= pageCount; page++) entries.push({ url: `${site}${subjectUrl(subject.slug, page)}`, lastModified: subject.newest });
  }
  return entries;
}

/** The sitemaps' entries in order, as parts that can be read a slice at a time. */
function parts(source: SitemapSource, site: string): { length: number; slice(offset: number, limit: number): Promise<SitemapEntry[]> }[] {
  const pages = pageEntries(source, site);
  return [
    { length: pages.length, slice: async (offset, limit) => pages.slice(offset, offset + limit) },
    {
      length: source.topicCount,
      slice: async (offset, limit) => (await source.topics(offset, limit)).map((t) => ({ url: `${site}${topicUrl(t.slug)}`, lastModified: t.date })),
    },
    {
      length: source.questionCount,
      slice: async (offset, limit) => (await source.questions(offset, limit)).map((q) => ({ url: `${site}${q.url}`, lastModified: q.date })),
    },
  ];
}

export function sitemapCount(source: SitemapSource, site: string): number {
  const total = parts(source, site).reduce((n, part) => n + part.length, 0);
  return Math.max(1, Math.ceil(total / URLS_PER_SITEMAP));
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Child sitemap `id` (from 0). */
export async function sitemapXml(source: SitemapSource, site: string, id: number): Promise<string> {
  const [start, end] = [id * URLS_PER_SITEMAP, (id + 1) * URLS_PER_SITEMAP];
  const entries: SitemapEntry[] = [];
  let partStart = 0;
  for (const part of parts(source, site)) {
    const [from, to] = [Math.max(start, partStart), Math.min(end, partStart + part.length)];
    if (from < to) entries.push(...(await part.slice(from - partStart, to - from)));
    partStart += part.length;
  }
  const urls = entries.map((e) => `<url><loc>${escapeXml(e.url)}</loc><lastmod>${e.lastModified}</lastmod></url>`);
  return `${XML_HEAD}\n<urlset ${NS}>\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(source: SitemapSource, site: string): string {
  const items = Array.from({ length: sitemapCount(source, site) }, (_, id) => `<sitemap><loc>${escapeXml(`${site}/sitemap/${id}.xml`)}</loc></sitemap>`);
  return `${XML_HEAD}\n<sitemapindex ${NS}>\n${items.join('\n')}\n</sitemapindex>\n`;
}
