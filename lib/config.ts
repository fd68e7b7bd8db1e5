import path from 'node:path';

// The two settings the site is deployed with, read in one place.

/** The folder of question files the site publishes (`CONTENT_DIR`, default `content/`). */
export function contentDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.CONTENT_DIR ?? 'content');
}

/** The absolute origin for canonical links and the sitemap (`SITE_URL`), without a trailing slash. */
export function siteUrl(): string {
  return (process.env.SITE_URL || 'http://localhost:3000').replace(/\/+$/, '');
}

export const SITE_NAME = 'QuickTakes Learn';

/** The content index the build writes and the server reads (see lib/content/index-file.ts). */
export function indexFile(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), '.content', 'index.jsonl');
}

/** Per-file parse results kept between builds; under .next/cache, which Vercel restores. */
export function recordCacheFile(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), '.next', 'cache', 'content-records.jsonl');
}
