import { siteUrl } from '../config';
import { getAllQuestions, getSubjects, listSubjectPage } from '../content';

// What search engines are told to crawl: the home page, /learn, every subject listing page and
// every canonical question page that may be indexed (no `no_index`, one copy per cross-listed
// question). Split into sitemaps of at most 10,000 urls, listed by a sitemap index.

export const URLS_PER_SITEMAP = 10_000;

export interface SitemapEntry {
  url: string;
  lastModified: string;
}

let entries: SitemapEntry[] | undefined;

function allEntries(): SitemapEntry[] {
  if (entries) return entries;
  const site = siteUrl();
  const questions = [...getAllQuestions()].filter((q) => q.canonicalUrl === q.url && !q.noIndex);
  const newest = questions.reduce((day, q) => (q.date > day ? q.date : day), '1970-01-01');
  const pages: SitemapEntry[] = [
    { url: `${site}/`, lastModified: newest },
    { url: `${site}/learn`, lastModified: newest },
  ];
  for (const subject of getSubjects()) {
    const { pageCount, questions: first } = listSubjectPage(subject.slug, 1)!;
    const lastModified = first[0]?.date ?? newest;
    pages.push({ url: `${site}/learn/${subject.slug}`, lastModified });
    for (let page = 2; page <= pageCount; page++) pages.push({ url: `${site}/learn/${subject.slug}/page/${page}`, lastModified });
  }
  entries = [...pages, ...questions.map((q) => ({ url: `${site}${q.url}`, lastModified: q.date }))];
  return entries;
}

export function sitemapCount(): number {
  return Math.max(1, Math.ceil(allEntries().length / URLS_PER_SITEMAP));
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sitemapXml(id: number): string {
  const urls = allEntries()
    .slice(id * URLS_PER_SITEMAP, (id + 1) * URLS_PER_SITEMAP)
    .map((e) => `<url><loc>${escapeXml(e.url)}</loc><lastmod>${e.lastModified}</lastmod></url>`);
  return `${XML_HEAD}\n<urlset ${NS}>\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(): string {
  const site = siteUrl();
  const items = Array.from({ length: sitemapCount() }, (_, id) => `<sitemap><loc>${escapeXml(`${site}/sitemap/${id}.xml`)}</loc></sitemap>`);
  return `${XML_HEAD}\n<sitemapindex ${NS}>\n${items.join('\n')}\n</sitemapindex>\n`;
}
