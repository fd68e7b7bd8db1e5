import { pageCountOf } from '../content/content-index';
import type { ContentStore, SitemapQuestion } from '../content/store/store';
import type { Subject } from '../content/types';

// What search engines are told to crawl: the home page, /learn, every subject listing page and
// every canonical question page that may be indexed (no `no_index`, one copy per cross-listed
// question). Split into sitemaps of at most 10,000 urls, listed by a sitemap index. Questions
// are read from the content store a sitemap at a time, never all at once.

export const URLS_PER_SITEMAP = 10_000;

/** What the sitemaps need of the content (lib/content's getters provide it). */
export interface SitemapSource {
  subjects: (Subject & { newest: string })[];
  questionCount: number;
  questions(offset: number, limit: number): Promise<SitemapQuestion[]>;
}

/** The sitemaps' view of a content store: a query per subject, then questions a slice at a time. */
export async function sitemapSource(store: ContentStore): Promise<SitemapSource> {
  const subjects = await Promise.all(
    (await store.subjects()).map(async (s) => ({ ...s, newest: (await store.subjectPage(s.slug, 1))?.questions[0]?.date ?? '1970-01-01' })),
  );
  return { subjects, questionCount: await store.sitemapQuestionCount(), questions: (offset, limit) => store.sitemapQuestions(offset, limit) };
}

interface SitemapEntry {
  url: string;
  lastModified: string;
}

/** The entries before the questions: home, /learn, and every listing page. */
function pageEntries({ subjects }: SitemapSource, site: string): SitemapEntry[] {
  const newest = subjects.reduce((day, s) => (s.newest > day ? s.newest : day), '1970-01-01');
  const entries: SitemapEntry[] = [
    { url: `${site}/`, lastModified: newest },
    { url: `${site}/learn`, lastModified: newest },
  ];
  for (const subject of subjects) {
    const pageCount = pageCountOf(subject.count);
    entries.push({ url: `${site}/learn/${subject.slug}`, lastModified: subject.newest });
    for (let page = 2; page <= pageCount; page++) entries.push({ url: `${site}/learn/${subject.slug}/page/${page}`, lastModified: subject.newest });
  }
  return entries;
}

export function sitemapCount(source: SitemapSource, site: string): number {
  return Math.max(1, Math.ceil((pageEntries(source, site).length + source.questionCount) / URLS_PER_SITEMAP));
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Child sitemap `id` (from 0). */
export async function sitemapXml(source: SitemapSource, site: string, id: number): Promise<string> {
  const pages = pageEntries(source, site);
  const [start, end] = [id * URLS_PER_SITEMAP, (id + 1) * URLS_PER_SITEMAP];
  const entries = pages.slice(start, end);
  if (end > pages.length) {
    const offset = Math.max(0, start - pages.length);
    const questions = await source.questions(offset, end - Math.max(start, pages.length));
    entries.push(...questions.map((q) => ({ url: `${site}${q.url}`, lastModified: q.date })));
  }
  const urls = entries.map((e) => `<url><loc>${escapeXml(e.url)}</loc><lastmod>${e.lastModified}</lastmod></url>`);
  return `${XML_HEAD}\n<urlset ${NS}>\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(source: SitemapSource, site: string): string {
  const items = Array.from(
    { length: sitemapCount(source, site) },
    (_, id) => `<sitemap><loc>${escapeXml(`${site}/sitemap/${id}.xml`)}</loc></sitemap>`,
  );
  return `${XML_HEAD}\n<sitemapindex ${NS}>\n${items.join('\n')}\n</sitemapindex>\n`;
}
