// `npm run bench -- relevance`: how well search finds what students type (bench/relevance-eval.ts:
// the hand-written query set on the 12,000 real files, this site on SQLite and PostgreSQL beside
// MiniSearch 7.2 in the same run), then how fast, in process, on both stores: the real files and
// corpora with a realistic vocabulary of 36,000, 100,000 and 1,000,000 questions
// (bench/search-once.ts: 2–4 title words, and natural questions of up to 12 words).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { syncToPostgres } from '../lib/content/postgres/pg-sync';
import { SCHEMA_VERSION } from '../lib/content/sqlite/schema';
import { LARGE_CORPUS, type Figures, type Style } from './relevance-eval';
import { fmt, realisticCorpus, ROOT, runJson, table, WORK } from './lib';
import type { SearchFigures } from './search';

const log = (line: string) => console.error(line);

/** The query set's first runs, kept beside each new one: the search before this issue, and this search before any tuning. */
const FIRST_RUNS = `For comparison, the same set measured before tuning (hit@1 / hit@5 / hit@10 / MRR@10 / no results, overall; hit@5 in other words, keywords, misspelled, concept):

| run | overall | other words | keywords | misspelled | concept |
| --- | --- | --- | --- | --- | --- |
| the search before issue 20 (\`add9741\`: every word, then all but one) | 64.5% / 76.0% / 76.5% / 0.697 / 11.5% | 24.0% | 92.0% | 90.0% | 98.0% |
| this search, first run (BM25 per field over any word, misspellings searched; no related words; 200 ranked) | 72.0% / 89.5% / 91.0% / 0.795 / 0.0% | 68.0% | 96.0% | 100.0% | 94.0% |
| MiniSearch 7.2 in that first run | 68.0% / 92.5% / 94.5% / 0.789 / 0.0% | 72.0% | 98.0% | 100.0% | 100.0% |`;
const PORT = 54331;
const pct = (x: number) => `${fmt(x * 100, 1)}%`;

/** A new, empty database on the cluster at `url`; its url. */
async function fresh(url: string, name: string): Promise<string> {
  const admin = new pg.Client(url);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** A new database on the cluster at `url`, the content database at `file` synced into it. */
async function synced(url: string, name: string, file: string): Promise<string> {
  const target = await fresh(url, name);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  await syncToPostgres(file, client);
  await client.end();
  return target.toString();
}

export async function benchRelevance(out: string[]) {
  const url = execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres.sh'), 'start', String(PORT)], { encoding: 'utf8' }).trim();
  try {
    fs.mkdirSync(WORK, { recursive: true });
    const large = path.join(WORK, 'relevance-large.db');
    for (const f of fs.readdirSync(WORK).filter((f) => f.startsWith('relevance-large.'))) fs.rmSync(path.join(WORK, f));
    log('relevance: the query set, SQLite, PostgreSQL and MiniSearch');
    runJson('bench/loader-once.ts', [LARGE_CORPUS, large]);
    const runs = runJson<[string, Record<Style | 'all', Figures>][]>('bench/relevance-once.ts', [large, await fresh(url, 'relevance')]);
    const rows = runs.flatMap(([name, figures]) =>
      Object.entries(figures).map(([style, f]) => [name, style, f.queries, pct(f.hit1), pct(f.hit5), pct(f.hit10), fmt(f.mrr10, 3), pct(f.noResults)]),
    );

    const speedRows: (string | number)[][] = [];
    const corpora: [string, () => string][] = [
      ['12,000 real', () => large],
      ['36,000 realistic', () => built(36_000)],
      ['100,000 realistic', () => built(100_000)],
      ['1,000,000 realistic', () => built(1_000_000)],
    ];
    for (const [name, dbOf] of corpora) {
      const db = dbOf();
      log(`relevance: speed on ${name}`);
      const sqlite = runJson<SearchFigures>('bench/search-once.ts', [db]);
      const postgres = runJson<SearchFigures>(
        'bench/search-once.ts',
        [db, await synced(url, `speed_${name.replace(/\D/g, '')}`, db)],
        ['--max-old-space-size=8000'],
      );
      for (const [store, f] of [
        ['SQLite', sqlite],
        ['PostgreSQL', postgres],
      ] as const) {
        speedRows.push([
          name,
          store,
          fmt(f.p50, 1),
          fmt(f.p95, 1),
          fmt(f.p99, 1),
          fmt(f.naturalP50, 1),
          fmt(f.naturalP95, 1),
          fmt(f.naturalP99, 1),
          pct(f.hitRate),
          pct(f.typoHitRate),
        ]);
      }
    }

    out.push(
      '## Relevance and search speed\n',
      'The query set (`bench/relevance/queries-*.tsv`): 200 queries written by hand before any tuning, 50 in each style, for questions of `../shared/corpus/quicktakes-large` (12,000 files, all indexed). A hit: the intended question (or a cross-listed copy) among the first k results. MiniSearch 7.2: BM25+, any word, prefix and fuzzy (0.2) matching, title boosted ×2, indexing the same fields of the same files.\n',
      table(['engine', 'style', 'queries', 'hit@1', 'hit@5', 'hit@10', 'MRR@10', 'no results'], rows),
      '',
      FIRST_RUNS,
      '',
      "Speed in process (`bench/search-once.ts`, milliseconds; no HTTP): 1,000 queries of 2–4 consecutive words of real titles; 1,000 natural queries (a question of the database asked whole, up to 12 words with its common words, every third with two letters swapped). Hit rates: 500 of the database's questions searched by their 3–4 rarest title words, among the first 5 results, then with a typo. PostgreSQL: the same database synced into a throwaway cluster (`scripts/postgres.sh`).\n",
      table(['corpus', 'store', 'title words p50', 'p95', 'p99', 'natural p50', 'p95', 'p99', 'exact-title hit', 'with a typo'], speedRows),
      '',
    );
  } finally {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres.sh'), 'stop', String(PORT)]);
  }
}

/** The content database of a realistic corpus of n questions, built by the content step (once per schema). */
function built(n: number): string {
  const db = path.join(WORK, `speed-v${SCHEMA_VERSION}-${n}.db`);
  if (!fs.existsSync(db)) runJson('bench/loader-once.ts', [realisticCorpus(n), db]);
  return db;
}
