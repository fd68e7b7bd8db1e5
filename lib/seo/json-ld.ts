import { SITE_NAME, siteUrl } from '../config';
import { subjectUrl, type Question, type QuestionSummary } from '../content/model/types';

// Structured data for a question page, as Google documents it for articles: an Article and a
// BreadcrumbList. Not QAPage (reserved for pages where users can post answers), not FAQPage.
// Every copy of a cross-listed question describes the group's canonical page.

type JsonLd = Record<string, unknown>;

const absolute = (url: string) => `${siteUrl()}${url}`;

export function questionJsonLd(q: Question, canonical: QuestionSummary, canonicalSubjectName: string): JsonLd[] {
  const url = absolute(canonical.url);
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: q.articleTitle.length > 110 ? `${q.articleTitle.slice(0, 109)}…` : q.articleTitle,
      description: q.seo.description,
      datePublished: q.date,
      author: { '@type': 'Organization', name: q.author },
      publisher: { '@type': 'Organization', name: SITE_NAME, url: siteUrl() },
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      url,
      image: `${absolute(canonical.url)}/opengraph-image`,
      articleSection: canonicalSubjectName,
      keywords: q.seo.keywords,
      inLanguage: 'en',
    },
    breadcrumbJsonLd([
      { name: 'Home', url: '/' },
      { name: 'Learn', url: '/learn' },
      { name: canonicalSubjectName, url: subjectUrl(canonical.subjectSlug) },
      { name: canonical.title, url: canonical.url },
    ]),
  ];
}

export function breadcrumbJsonLd(crumbs: { name: string; url: string }[]): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, i) => ({ '@type': 'ListItem', position: i + 1, name: crumb.name, item: absolute(crumb.url) })),
  };
}

/** A listing page (a topic, the topic index): a CollectionPage of its items, and its breadcrumbs. */
export function collectionJsonLd(
  page: { name: string; description: string; url: string; items: { name: string; url: string }[] },
  crumbs: { name: string; url: string }[],
): JsonLd[] {
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'CollectionPage',
      name: page.name,
      description: page.description,
      url: absolute(page.url),
      isPartOf: { '@type': 'WebSite', name: SITE_NAME, url: siteUrl() },
      mainEntity: {
        '@type': 'ItemList',
        itemListElement: page.items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, url: absolute(item.url) })),
      },
    },
    breadcrumbJsonLd(crumbs),
  ];
}

/**
 * JSON for inside a <script> element: `<`, `>` and `&` are escaped so that no text (a title
 * containing `</script>` or `<!--`) can end the element or open a comment; U+2028/9 likewise.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
