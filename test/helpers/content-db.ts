import path from 'node:path';
import pg from 'pg';
import type { LoadedContent } from './load';
import type { BaseStore, SearchLimits } from '../../lib/content/store/base-store';
import { PgStore } from '../../lib/content/postgres/pg-store';
import { syncToPostgres } from '../../lib/content/postgres/pg-sync';
import { SqliteStore } from '../../lib/content/sqlite/sqlite-store';
import { buildContentDb } from '../../lib/content/build/write';
import type { QuestionSummary } from '../../lib/content/model/types';
import { temporaryDir } from './temporary';

// The store tests run on the store TEST_STORE names: SQLite (the default), or PostgreSQL
// (`postgres`, on the server at TEST_DATABASE_URL: scripts/test.sh and .ci/run start one), so
// that one suite checks both. On PostgreSQL, a store is the SQLite database synced into a new
// database of its own (content:sync's path).

export const STORE_KIND: 'sqlite' | 'postgres' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export type TestStore = BaseStore & { close(): unknown };

let databases = 0;

/** A new, empty database on the test server; its url. */
export async function freshDatabase(): Promise<string> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_STORE=postgres needs TEST_DATABASE_URL (scripts/postgres.sh start prints one)');
  const name = `test_${process.pid}_${++databases}`;
  const admin = new pg.Client(url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** A pool that lets the test process exit when idle. */
export const testPool = (url: string) => new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true, options: '-c enable_seqscan=off' });

/** The store of the content database at `file` (its build file beside it), on the store under test. */
export async function openStore(file: string, limits: Partial<SearchLimits> = {}): Promise<TestStore> {
  if (STORE_KIND === 'sqlite') return new SqliteStore(file, limits);
  const pool = testPool(await freshDatabase());
  const client = await pool.connect();
  try {
    await syncToPostgres(file, client);
  } finally {
    client.release();
  }
  return new PgStore(pool, limits);
}

/** Builds the content database of `dir` into a new temporary file and opens it. */
export async function buildStore(dir: string) {
  const file = path.join(temporaryDir('content-db-'), 'content.db');
  const build = await buildContentDb(dir, file);
  return { file, build, store: await openStore(file) };
}

/** Everything the getters can answer, read through the store. */
export async function dumpStore(store: TestStore) {
  const subjects = await store.subjects();
  const pages = [];
  const urls: string[] = [];
  for (const s of subjects) {
    for (let page = 1; ; page++) {
      const listing = await store.subjectPage(s.slug, page);
      if (!listing) break;
      pages.push(listing);
      urls.push(...listing.questions.map((q) => q.url));
    }
  }
  const questions = [];
  for (const url of urls) questions.push({ summary: await store.summary(url), question: await store.question(url), more: await store.neighbours(url, 5) });
  const sitemap = await store.sitemapQuestions(0, 1_000_000);
  return {
    subjects,
    pages,
    questions,
    newest: await store.newest(25),
    prerendered: await store.prerendered(3, 40),
    sitemapCount: await store.sitemapQuestionCount(),
    sitemap,
  };
}

const newestFirst = (a: QuestionSummary, b: QuestionSummary) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

/** The same, from the in-memory loader (test/helpers/load.ts): what the database replaces. */
export function dumpMemory({ index, questions }: LoadedContent) {
  const pages = [];
  const urls: string[] = [];
  for (const s of index.subjects) {
    for (let page = 1; ; page++) {
      const listing = index.subjectPage(s.slug, page);
      if (!listing) break;
      pages.push(listing);
      urls.push(...listing.questions.map((q) => q.url));
    }
  }
  const byUrl = new Map(questions.map((q) => [q.url, q]));
  const first: QuestionSummary[] = [];
  const rest: QuestionSummary[] = [];
  for (const s of index.subjects)
    index.listSubject(s.slug).forEach((q, i) => {
      (i < 3 ? first : rest).push(q);
    });
  const canonical = [...index.all()].filter((q) => q.canonicalUrl === q.url && !q.noIndex);
  return {
    subjects: index.subjects,
    pages,
    questions: urls.map((url) => ({ summary: index.getByUrl(url), question: byUrl.get(url)!, more: index.neighbours(url, 5) })),
    newest: index.newest(25),
    prerendered: [...first.sort(newestFirst), ...rest.sort(newestFirst)].slice(0, 40),
    sitemapCount: canonical.length,
    sitemap: canonical.sort(newestFirst).map((q) => ({ url: q.url, date: q.date })),
  };
}
