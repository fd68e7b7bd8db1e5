// npm run content:sync -- [DIR]: publishes a content folder (default CONTENT_DIR) to the
// PostgreSQL content store at DATABASE_URL, without a rebuild. The folder goes through the
// site's content step first (every problem reported; nothing is written when there is one),
// into a working SQLite database kept under .content/sync/ (so that the next sync reads only
// the files that changed); then the PostgreSQL database is brought to it in one transaction
// (lib/content/postgres/pg-sync.ts). When REVALIDATE_SECRET and SITE_URL are set, the site is then
// told which pages changed (POST /api/revalidate), so that one command publishes.
//
// Exit status: 0 published (and the site told, when it is to be); 1 content errors or the sync
// failed, nothing published; 2 a bad command line or DATABASE_URL missing; 3 published, but the
// site could not be told (its cached pages still show the old content; the next sync tells it).
import fs from 'node:fs';
import path from 'node:path';
import { contentDir, siteUrl, syncWorkFile } from '../lib/config';
import { consoleProgress } from '../lib/content/build/progress';
import { contentPool } from '../lib/content/postgres/pg-pool';
import { syncToPostgres, type SyncChanges } from '../lib/content/postgres/pg-sync';
import { defaultWorkers } from '../lib/content/build/prepare-many';
import { buildContentDb } from '../lib/content/build/write';
import { formatProblem } from '../lib/content/model/types';
import { env } from '../lib/env.mjs';

const EXIT_NOT_TOLD = 3;
const REVALIDATE_TIMEOUT_MS = 10_000;
const started = performance.now();
const url = env().DATABASE_URL;
if (!url) {
  console.error('content:sync: DATABASE_URL is not set (postgres://user:password@host:port/database)');
  process.exit(2);
}
const dir = path.resolve(process.argv[2] ?? contentDir());
if (!fs.existsSync(dir)) {
  console.error(`content:sync: ${dir}: not a folder`);
  process.exit(2);
}
const shown = path.relative(process.cwd(), dir) || '.';
const work = syncWorkFile();
const { problems, stats } = await buildContentDb(dir, work, { progress: consoleProgress(), prepare: { workers: defaultWorkers() } });
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p, shown));
  console.error(`\n${problems.length} content errors in ${shown}: nothing was synced. Fix them and sync again.`);
  process.exit(1);
}
const checked = performance.now();

// Long statements are expected here (a cold sync writes every row): no statement time limit.
const pool = contentPool(url, { max: 1, statement_timeout: 0 });
let result;
try {
  const client = await pool.connect();
  try {
    result = await syncToPostgres(work, client);
  } finally {
    client.release();
  }
} catch (error) {
  // Nothing was committed: the transaction rolled back, or never began.
  console.error(`content:sync: ${(error as Error).message}; nothing was published.`);
  process.exit(1);
} finally {
  await pool.end();
}
const { changes, written, migrations } = result;
fs.writeFileSync(path.join(path.dirname(work), 'last-changes.json'), JSON.stringify(changes, null, 2));
const seconds = (t: number) => `${(t / 1000).toFixed(1)} s`;
console.log(
  `content:sync: ${stats.files} files (${stats.parsed} parsed) checked in ${seconds(checked - started)}; ` +
    (migrations.length > 0 ? `migrations ${migrations.join(', ')}; ` : '') +
    `${written.questions} questions written, ${written.questionFields} updated, ${written.removed} removed, ` +
    `${written.keywords} keywords, ${written.words} words, ${written.subjects} subject rows in ${seconds(performance.now() - checked)}`,
);

// Telling the site which pages changed. Changes it could not be told of are kept beside the
// working database and sent again with the next sync's, so that a sync run before the site is up
// (or while it is down) loses nothing: running it again once the site answers tells it.
const secret = env().REVALIDATE_SECRET;
const pendingFile = path.join(path.dirname(work), 'pending-revalidation.json');
const pending = fs.existsSync(pendingFile) ? (JSON.parse(fs.readFileSync(pendingFile, 'utf8')) as SyncChanges) : null;
const toTell = pending ? merged(pending, changes) : changes;
const changed = toTell.questions.length + toTell.subjects.length + toTell.topics.length > 0;
if (secret && env().SITE_URL && changed) {
  // A very long list (a first sync, a renamed subject) expires every page instead.
  const list = toTell.ids.length > 10_000 ? { all: true } : { ids: toTell.ids, subjects: toTell.subjects, topics: toTell.topics };
  const target = `${siteUrl()}/api/revalidate`;
  let failure: string | null = null;
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(list),
      signal: AbortSignal.timeout(REVALIDATE_TIMEOUT_MS),
    });
    if (response.ok) console.log(`content:sync: revalidated ${(await response.json()).revalidated} pages and tags on ${siteUrl()}`);
    else failure = `it answered ${response.status} ${(await response.text()).slice(0, 200)}`;
  } catch (error) {
    failure = reasonOf(error);
  }
  if (failure) {
    fs.writeFileSync(pendingFile, JSON.stringify(toTell));
    console.error(
      `content:sync: published (${toTell.questions.length} questions changed), but the site was not told: ${target}: ${failure}. ` +
        'Pages it has cached show the old content until it is. Once the site answers (check SITE_URL and REVALIDATE_SECRET), run content:sync again: it tells the site of these changes too.',
    );
    process.exit(EXIT_NOT_TOLD);
  }
  fs.rmSync(pendingFile, { force: true });
} else if (changed) {
  console.log('content:sync: REVALIDATE_SECRET and SITE_URL are not both set: pages the site has cached keep the old content until it is deployed again.');
}

/** Why a request did not get an answer, in a few words (never a stack trace: it is the network, not this script). */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${REVALIDATE_TIMEOUT_MS / 1000} s`;
  if (cause?.code === 'ECONNREFUSED') return 'nothing is listening there (connection refused)';
  if (cause?.code === 'ENOTFOUND') return 'the host name does not resolve';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Two change lists as one. */
function merged(a: SyncChanges, b: SyncChanges): SyncChanges {
  const union = <T>(x: T[], y: T[]) => [...new Set([...x, ...y])];
  return { questions: union(a.questions, b.questions), ids: union(a.ids, b.ids), subjects: union(a.subjects, b.subjects), topics: union(a.topics, b.topics) };
}
