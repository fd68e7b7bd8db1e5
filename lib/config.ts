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

/** The content database the build publishes and the server reads (lib/content/store). */
export function contentDbFile(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), '.content', 'content.db');
}

/**
 * The content step's own copy of the database, updated in place build after build (only
 * changed files are parsed); under .next/cache, which Vercel restores between builds.
 */
export function contentCacheFile(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), '.next', 'cache', 'content.db');
}
