import type { ContentIndex } from '../content/content-index';

// What search engines are told to crawl: the home page, /learn, every subject listing page and
// every canonical question page that may be indexed (no `no_index`, one copy per cross-listed
// question). Split into sitemaps of at most 10,000 urls, listed by a sitemap index.

export const URLS_PER_SITEMAP = 10_000;

interface SitemapEntry {
  url: string;
  lastModified: string;
}

const computed = new WeakMap<ContentIndex, SitemapEntry[]>();

/** Every url of the sitemaps, in order (computed once per index). */
export function sitemapEntries(index: ContentIndex, site: string): SitemapEntry[] {
  const known = computed.get(index);
  if (known) return known;
  const questions = [...index.all()].filter((q) => q.canonicalUrl === q.url && !q.noIndex);
  const newest = questions.reduce((day, q) => (q.date > day ? q.date : day), '1970-01-01');
  const entries: SitemapEntry[] = [
    { url: `${site}/`, lastModified: newest },
    { url: `${site}/learn`, lastModified: newest },
  ];
  for (const subject of index.subjects) {
    const { pageCount, questions: first } = index.subjectPage(subject.slug, 1)!;
    const lastModified = first[0]?.date ?? newest;
    entries.push({ url: `${site}/learn/${subject.slug}`, lastModified });
    for (let page = 2; page <= pageCount; page++) entries.push({ url: `${site}/learn/${subject.slug}/page/${page}`, lastModified });
  }
  for (const q of questions) entries.push({ url: `${site}${q.url}`, lastModified: q.date });
  computed.set(index, entries);
  return entries;
}

export function sitemapCount(index: ContentIndex, site: string): number {
  return Math.max(1, Math.ceil(sitemapEntries(index, site).length / URLS_PER_SITEMAP));
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Child sitemap `id` (from 0). */
export function sitemapXml(index: ContentIndex, site: string, id: number): string {
  const urls = sitemapEntries(index, site)
    .slice(id * URLS_PER_SITEMAP, (id + 1) * URLS_PER_SITEMAP)
    .map((e) => `<url><loc>${escapeXml(e.url)}</loc><lastmod>${e.lastModified}</lastmod></url>`);
  return `${XML_HEAD}\n<urlset ${NS}>\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(index: ContentIndex, site: string): string {
  const items = Array.from(
    { length: sitemapCount(index, site) },
    (_, id) => `<sitemap><loc>${escapeXml(`${site}/sitemap/${id}.xml`)}</loc></sitemap>`,
  );
  return `${XML_HEAD}\n<sitemapindex ${NS}>\n${items.join('\n')}\n</sitemapindex>\n`;
}
