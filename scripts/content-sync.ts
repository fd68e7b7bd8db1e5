// npm run content:sync -- [DIR]: publishes a content folder (default CONTENT_DIR) to the
// PostgreSQL content store at DATABASE_URL, without a rebuild. The folder goes through the
// site's content step first (every problem reported; nothing is written when there is one),
// into a working SQLite database kept under .content/sync/ (so that the next sync reads only
// the files that changed); then the PostgreSQL database is brought to it in one transaction
// (lib/content/postgres/pg-sync.ts). When REVALIDATE_SECRET and SITE_URL are set, the site is then
// told which pages changed (POST /api/revalidate), so that one command publishes.
import fs from 'node:fs';
import path from 'node:path';
import { contentDir, siteUrl, syncWorkFile } from '../lib/config';
import { consoleProgress } from '../lib/content/build/progress';
import { contentPool } from '../lib/content/postgres/pg-pool';
import { syncToPostgres } from '../lib/content/postgres/pg-sync';
import { defaultWorkers } from '../lib/content/build/prepare-many';
import { buildContentDb } from '../lib/content/build/write';
import { formatProblem } from '../lib/content/model/types';
import { env } from '../lib/env.mjs';

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

const secret = env().REVALIDATE_SECRET;
const changed = changes.questions.length + changes.subjects.length + changes.topics.length > 0;
if (secret && env().SITE_URL && changed) {
  // A very long list (a first sync, a renamed subject) expires every page instead.
  const list = changes.ids.length > 10_000 ? { all: true } : { ids: changes.ids, subjects: changes.subjects, topics: changes.topics };
  const response = await fetch(`${siteUrl()}/api/revalidate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(list),
  });
  if (!response.ok) {
    console.error(`content:sync: the content is published, but ${siteUrl()}/api/revalidate answered ${response.status}: ${await response.text()}`);
    process.exit(1);
  }
  console.log(`content:sync: revalidated ${(await response.json()).revalidated} pages and tags on ${siteUrl()}`);
} else if (changed) {
  console.log('content:sync: REVALIDATE_SECRET and SITE_URL are not both set: pages already cached show the new content when they next revalidate.');
}
