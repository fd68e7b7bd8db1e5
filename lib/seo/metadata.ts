import type { Metadata } from 'next';
import { SITE_NAME } from '../config';
import type { PracticeSet, TopicIndexPage, TopicPage } from '../content/store/store';
import { pagedUrl, subjectUrl, topicIndexUrl, topicUrl, type Question, type Subject } from '../content/model/types';
import { subjectFeed, topicFeed } from './feed';

// Page metadata, from the same data the pages show. Urls are relative: the root layout's
// metadataBase (SITE_URL) makes them absolute.

export const SITE_DESCRIPTION = 'Short questions and clear, worked answers for university students: biology, computer science, mathematics, physics and more.';

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
  const url = subjectUrl(subject.slug, page);
  const title = page === 1 ? `${subject.name} questions` : `${subject.name} questions, page ${page}`;
  const description = `${subject.count.toLocaleString('en-US')} ${subject.name} questions with clear, worked answers, newest first.`;
  return {
    title,
    description,
    alternates: { canonical: url, types: { 'application/atom+xml': [{ url: subjectFeed(subject.slug), title: `${subject.name}: newest questions` }] } },
    openGraph: { type: 'website', title, description, url, siteName: SITE_NAME },
  };
}

/** "Base case", for a title: the first letter capitalised when the name is all lower case. */
export const capitalised = (name: string) => (name === name.toLowerCase() ? name.charAt(0).toUpperCase() + name.slice(1) : name);

const listOf = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

export function topicPath({ topic, subject, page }: Pick<TopicPage, 'topic' | 'subject' | 'page'>): string {
  const base = subject ? `${topicUrl(topic.slug)}/in/${subject.slug}` : topicUrl(topic.slug);
  return pagedUrl(base, page);
}

/** A topic page's title and description, unique among the site's pages: the topic's name is in both. */
export function topicSummary({ topic, subject, subjects, page }: TopicPage): { title: string; description: string } {
  const where = subject ? ` in ${subject.name}` : '';
  const title = `Questions about ${topic.name}${where}${page > 1 ? `, page ${page}` : ''}`;
  const count = subject ? subjects.find((s) => s.slug === subject.slug)!.matches : topic.count;
  const across = subject
    ? ''
    : subjects.length > 1
      ? ` across ${subjects.length > 3 ? `${subjects.length} subjects` : listOf(subjects.map((s) => s.name))}`
      : ` in ${subjects[0]?.name}`;
  const description = `${count.toLocaleString('en-US')} questions about ${topic.name}${where}${across}, with clear, worked answers, newest first.`;
  return { title, description };
}

/**
 * A topic page's metadata. Its pages filtered to one subject are for readers, not for search
 * engines: they repeat the topic's own pages, so they are `noindex` (and not in the sitemaps).
 */
export function topicMetadata(found: TopicPage): Metadata {
  const { title, description } = topicSummary(found);
  const url = topicPath(found);
  return {
    title,
    description,
    alternates: { canonical: url, types: { 'application/atom+xml': [{ url: topicFeed(found.topic.slug), title: `${found.topic.name}: newest questions` }] } },
    robots: found.subject ? { index: false, follow: true } : undefined,
    openGraph: { type: 'website', title, description, url, siteName: SITE_NAME },
  };
}

export function topicIndexMetadata({ page, total }: TopicIndexPage): Metadata {
  const url = topicIndexUrl(page);
  const title = page === 1 ? 'All topics' : `All topics, page ${page}`;
  const description = `${total.toLocaleString('en-US')} topics, A to Z: the ideas questions share across subjects, each with its questions and answers.`;
  return { title, description, alternates: { canonical: url }, openGraph: { type: 'website', title, description, url, siteName: SITE_NAME } };
}

/**
 * A practice page's metadata. It repeats answers that have their own pages, and it is for a
 * student practising, not for search engines: `noindex` (and not in the sitemaps).
 */
export function practiceMetadata({ name, set, total }: PracticeSet): Metadata {
  return {
    title: `Practice: ${name}${set > 1 ? `, set ${set}` : ''}`,
    description: `Recall, then check: practice ${total.toLocaleString('en-US')} questions on ${name}, one at a time.`,
    robots: { index: false, follow: true },
  };
}
