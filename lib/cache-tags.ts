import 'server-only';
import { unstable_cache } from 'next/cache';
import { env } from './env.mjs';

// What published content a cached page shows, as Next cache tags. content:sync sends the list
// of what it changed to /api/revalidate, which expires exactly the pages tagged with it: those
// questions (and their copies, which share the question's id), their subjects' listings and
// feeds, their topics' pages and feeds, the home page, the topic index and the sitemaps.

export const TAGS = {
  question: (id: number) => `question:${id}`,
  subject: (slug: string) => `subject:${slug}`,
  topic: (slug: string) => `topic:${slug}`,
  /** The home page, /learn and the site's feed: newest questions, subjects, popular topics. */
  home: 'home',
  topicIndex: 'topics',
  sitemaps: 'sitemaps',
};

/**
 * Marks the page being rendered as showing what these tags name. Next collects the tags of
 * unstable_cache calls into the page's cache entry; the value cached here is only `true`. The
 * getters of lib/content/index.ts call it, so that no route can forget a tag.
 */
export async function showing(...tags: string[]): Promise<void> {
  // The SQLite store changes only with a build, which renders every page again: nothing to tag.
  if (!env().DATABASE_URL) return;
  await unstable_cache(async () => true, ['showing', ...tags], { tags, revalidate: false })();
}
