import path from 'node:path';
import { env } from './env.mjs';

// The folders and addresses the site is built and served with (from the environment, checked in
// lib/env.mjs).

/** The folder of question files the site publishes (`CONTENT_DIR`, default `content/`). */
export function contentDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().CONTENT_DIR);
}

/** The absolute origin for canonical links and the sitemap (`SITE_URL`), without a trailing slash. */
export function siteUrl(): string {
  return env().SITE_URL ?? 'http://localhost:3000';
}

export const SITE_NAME = 'QuickTakes Learn';

/** A path in the build's folder: the project's own, or the tests' (`BUILD_DIR`, a folder inside the project). */
export function buildPath(...parts: string[]): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), env().BUILD_DIR, ...parts);
}

/** The content database the build publishes and the server reads (lib/content/store). */
export function contentDbFile(): string {
  return buildPath('.content', 'content.db');
}

/**
 * The content step's own copy of the database, updated in place build after build (only
 * changed files are parsed); under .next/cache, which Vercel restores between builds.
 */
export function contentCacheFile(): string {
  return buildPath('.next', 'cache', 'content.db');
}

/** content:sync's working copy of the database (only changed files are parsed on the next sync). */
export function syncWorkFile(): string {
  return buildPath('.content', 'sync', 'content.db');
}
