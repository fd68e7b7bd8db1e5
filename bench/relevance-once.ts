// One run of the relevance evaluation (bench/relevance-eval.ts): the site's search on SQLite (and on
// PostgreSQL when a url is given, synced from the same database) and MiniSearch, on the 12,000
// files of ../shared/corpus/quicktakes-large; prints the table, then the figures as JSON.
// Usage: node --import tsx bench/relevance-once.ts [CONTENT_DB] [POSTGRES_URL]
import fs from 'node:fs';
import pg from 'pg';
import { PgStore } from '../lib/content/postgres/pg-store';
import { syncToPostgres } from '../lib/content/postgres/pg-sync';
import { SqliteStore } from '../lib/content/sqlite/sqlite-store';
import { buildLargeCorpusDb, evaluate, miniSearchEngine, relevanceTable, storeEngine, type Figures, type Style } from './relevance-eval';

const [file = await buildLargeCorpusDb(), url] = process.argv.slice(2);
if (!fs.existsSync(file)) await buildLargeCorpusDb(file);
const runs: [string, Map<Style | 'all', Figures>][] = [];
const sqlite = new SqliteStore(file);
const site = await evaluate(storeEngine(sqlite));
runs.push(['this site (SQLite)', site]);
if (url) {
  const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c enable_seqscan=off' });
  const client = await pool.connect();
  await syncToPostgres(file, client);
  client.release();
  runs.push(['this site (PostgreSQL)', await evaluate(storeEngine(new PgStore(pool)))]);
  await pool.end();
}
runs.push(['MiniSearch 7.2', await evaluate(miniSearchEngine())]);
console.error(relevanceTable(runs));
if (process.env.SHOW_MISSES) for (const m of site.misses) console.error(`${m.style}\t${m.rank}\t${m.query}`);
console.log(JSON.stringify(runs.map(([name, f]) => [name, Object.fromEntries(f)])));
