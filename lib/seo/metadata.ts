import type { Metadata } from 'next';
import { SITE_NAME } from '../config';
import type { Question, Subject } from '../content/types';

// Page metadata, from the same data the pages show. Urls are relative: the root layout's
// metadataBase (SITE_URL) makes them absolute.

export const SITE_DESCRIPTION =
  'Short questions and clear, worked answers for university students: biology, computer science, mathematics, physics and more.';

export function questionMetadata(q: Question): Metadata {
  const title = q.pageTitle;
  const description = q.seo.description;
  return {
    title,
    description,
    keywords: q.seo.keywords,
    authors: [{ name: q.author }],
    alternates: { canonical: q.canonicalUrl },
    robots: q.noIndex ? { index: false, follow: true } : undefined,
    openGraph: {
      type: 'article',
      title,
      description,
      url: q.canonicalUrl,
      siteName: SITE_NAME,
      publishedTime: q.date,
      section: q.subject.name,
      tags: q.seo.keywords,
    },
    twitter: { card: 'summary_large_image', title, description },
  };
}

export function subjectMetadata(subject: Subject, page: number): Metadata {
  const url = page === 1 ? `/learn/${subject.slug}` : `/learn/${subject.slug}/page/${page}`;
  const title = page === 1 ? `${subject.name} questions` : `${subject.name} questions, page ${page}`;
  const description = `${subject.count.toLocaleString('en-US')} ${subject.name} questions with clear, worked answers, newest first.`;
  return {
    title,
    description,
    alternates: { canonical: url },
    openGraph: { type: 'website', title, description, url, siteName: SITE_NAME },
  };
}
