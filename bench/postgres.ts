// `npm run bench -- postgres`: the PostgreSQL content store on 1,000,000 synthetic files
// (BENCH_POSTGRES_N for another size), on a throwaway cluster (scripts/postgres.sh):
// content:sync cold and after 1% of the files changed; search over 1,000 queries on PostgreSQL
// and on SQLite (the same content) in the same run; under `next start` built against
// PostgreSQL, uncached question pages one at a time, then 200 concurrent clients on uncached
// pages for 30 s (errors, p99, waits for a pooled connection). The load generator shares the
// machine's cores with the server and the database.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { nextBuild, withServer } from './build';
import { fmt, median, percentile, ROOT, runJson, syntheticCorpus, table, WORK } from './lib';
import type { SearchFigures } from './search';

const log = (line: string) => console.error(line);
const PORT = 54330;
const SYNC_DB = path.join(ROOT, '.content', 'sync', 'content.db');
const BACKUP = path.join(WORK, 'postgres-1pct-originals');
const LOAD_SECONDS = 30;
const CLIENTS = 200;

/** content:sync of `dir` into `url`; its wall time and its summary lines. */
export function sync(dir: string, url: string) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--max-old-space-size=8000', '--import', 'tsx', path.join(ROOT, 'scripts', 'content-sync.ts'), dir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, REVALIDATE_SECRET: '', SITE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`content:sync failed:\n${run.stderr.slice(-3000)}`);
  const summary = run.stdout.split('\n').find((l) => l.startsWith('content:sync: ') && l.includes('checked in')) ?? '';
  return { seconds: (performance.now() - started) / 1000, summary: summary.replace('content:sync: ', '') };
}

/** Changes 1% of the files (every hundredth, an added sentence in the answer); returns how to put them back. */
function changeOnePercent(dir: string): () => void {
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort();
  const chosen = files.filter((_, i) => i % 100 === 0);
  fs.mkdirSync(BACKUP, { recursive: true });
  for (const file of chosen) {
    const original = fs.readFileSync(path.join(dir, file), 'utf8');
    const backup = path.join(BACKUP, file);
    fs.mkdirSync(path.dirname(backup), { recursive: true });
    fs.writeFileSync(backup, original);
    fs.writeFileSync(path.join(dir, file), original.replace(/^answer: >-\n/m, 'answer: >-\n    Revised for the benchmark: one sentence more.\n'));
  }
  log(`postgres: changed ${chosen.length} of ${files.length} files`);
  return () => restore(dir);
}

/** Puts back files a previous run changed (also after a run that was killed). */
function restore(dir: string) {
  if (!fs.existsSync(BACKUP)) return;
  for (const file of fs.readdirSync(BACKUP, { recursive: true, encoding: 'utf8' })) {
    const from = path.join(BACKUP, file);
    if (fs.statSync(from).isFile()) fs.copyFileSync(from, path.join(dir, file));
  }
  fs.rmSync(BACKUP, { recursive: true, force: true });
}

/** Question urls the build did not prerender, spread over the corpus. */
function uncachedUrls(count: number): string[] {
  const prerendered = new Set(
    fs
      .readdirSync(path.join(ROOT, '.next', 'server', 'app', 'learn'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.includes('/questions/') && f.endsWith('.html'))
      .map((f) => `/learn/${f.replace(/\.html$/, '')}`),
  );
  const db = new Database(SYNC_DB, { readonly: true });
  const total = (db.prepare('SELECT count(*) FROM questions').raw().get() as [number])[0];
  const step = Math.max(1, Math.floor(total / (count * 1.2)));
  const rows = db.prepare('SELECT subject_slug, slug FROM questions WHERE rowid % ? = 0').raw().all(step) as [string, string][];
  db.close();
  return rows
    .map(([subject, slug]) => `/learn/${subject}/questions/${slug}`)
    .filter((u) => !prerendered.has(u))
    .slice(0, count);
}

async function timed(url: string) {
  const started = performance.now();
  const response = await fetch(url);
  await response.text();
  return { ms: performance.now() - started, status: response.status };
}

/** CLIENTS concurrent clients, each requesting the next uncached url, for LOAD_SECONDS. */
async function load(base: string, urls: string[]) {
  let next = 0;
  const times: number[] = [];
  const statuses = new Map<string, number>();
  const end = performance.now() + LOAD_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end && next < urls.length) {
        const url = urls[next++]!;
        try {
          const { ms, status } = await timed(base + url);
          times.push(ms);
          statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
        } catch (error) {
          const name = (error as Error).cause ? String(((error as Error).cause as Error).message) : String(error);
          statuses.set(name, (statuses.get(name) ?? 0) + 1);
        }
      }
    }),
  );
  return {
    requests: times.length,
    perSecond: times.length / LOAD_SECONDS,
    p50: median(times),
    p99: percentile(times, 99),
    statuses,
    ranOut: next >= urls.length,
  };
}

export async function benchPostgres(out: string[]) {
  const n = Number(process.env.BENCH_POSTGRES_N ?? 1_000_000);
  const dir = syntheticCorpus(n);
  restore(dir);
  const url = execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres.sh'), 'start', String(PORT)], { encoding: 'utf8' }).trim();
  try {
    log(`postgres: ${fmt(n)} files: cold sync`);
    fs.rmSync(path.dirname(SYNC_DB), { recursive: true, force: true });
    const cold = sync(dir, url);
    log(`  ${cold.seconds.toFixed(1)} s: ${cold.summary}`);
    const again = sync(dir, url);
    const putBack = changeOnePercent(dir);
    let changed;
    try {
      log('postgres: sync after 1% changed');
      changed = sync(dir, url);
      log(`  ${changed.seconds.toFixed(1)} s: ${changed.summary}`);
    } finally {
      putBack();
    }
    const size = execFileSync('psql', [url, '-Atc', 'SELECT pg_database_size(current_database())'], { encoding: 'utf8' });
    out.push(
      `## PostgreSQL store (${fmt(n)} synthetic files)\n`,
      'PostgreSQL 15 (Debian, a throwaway cluster on this machine, fsync off), `content:sync` as a fresh process each time: the content step (loader, checks) into its working SQLite database, then the PostgreSQL transaction. Target for the 1% sync: ≤ 60 s.\n',
      table(
        ['sync', 'wall time', 'what it did'],
        [
          ['cold (empty database, no working copy)', `${fmt(cold.seconds, 1)} s`, cold.summary],
          ['again, nothing changed', `${fmt(again.seconds, 1)} s`, again.summary],
          ['after 1% of the files changed', `${fmt(changed.seconds, 1)} s`, changed.summary],
        ],
      ),
      '',
      `Database size after the syncs: ${fmt(Number(size) / 2 ** 30, 2)} GB.\n`,
    );

    log('postgres: search, SQLite then PostgreSQL');
    const sqlite = runJson<SearchFigures>('bench/search-once.ts', [SYNC_DB]);
    const postgres = runJson<SearchFigures>('bench/search-once.ts', [SYNC_DB, url]);
    const row = (name: string, f: SearchFigures) => [
      name,
      fmt(f.p50, 2),
      fmt(f.p95, 2),
      fmt(f.p99, 2),
      `${fmt(f.hitRate * 100, 1)}%`,
      `${fmt(f.typoHitRate * 100, 1)}%`,
    ];
    out.push(
      '### Search\n',
      "1,000 queries of 2–4 consecutive words of real titles, in process (no HTTP), after 50 to warm up; hit rate: 500 of the corpus's questions found among the first 3 by 3–4 of their rarest title words, and with a typo in the longest. Target: p95 ≤ 50 ms.\n",
      table(
        ['store', 'p50 ms', 'p95 ms', 'p99 ms', 'found in top 3', 'with a typo'],
        [
          row('SQLite (FTS5)', sqlite),
          row('PostgreSQL (tsvector, GIN)', postgres),
          ['ratio PostgreSQL / SQLite', fmt(postgres.p50 / sqlite.p50, 2), fmt(postgres.p95 / sqlite.p95, 2), fmt(postgres.p99 / sqlite.p99, 2), '', ''],
        ],
      ),
      '',
    );

    log('postgres: next build against PostgreSQL');
    const build = await nextBuild(dir, 100, { DATABASE_URL: url });
    const urls = uncachedUrls(20_300);
    log(`postgres: next start, ${urls.length} uncached urls`);
    const pages = await withServer(
      async (base, _pid, output) => {
        await (await fetch(`${base}/learn`)).text();
        const one: number[] = [];
        for (const u of urls.slice(0, 300)) {
          const { ms, status } = await timed(base + u);
          if (status !== 200) throw new Error(`${u}: ${status}`);
          one.push(ms);
        }
        const loaded = await load(base, urls.slice(300));
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const stats =
          output()
            .match(/pg-pool-stats (.*)/g)
            ?.at(-1)
            ?.replace('pg-pool-stats ', '') ?? '{}';
        return { p50: median(one), p95: percentile(one, 95), loaded, pool: JSON.parse(stats) as { queries: number; waited: number; maxWaiting: number } };
      },
      { DATABASE_URL: url, PG_POOL_STATS: '1' },
    );
    const errors = [...pages.loaded.statuses].filter(([status]) => status !== '200').reduce((sum, [, count]) => sum + count, 0);
    out.push(
      '### Pages under `next start` (PostgreSQL store)\n',
      `Built against PostgreSQL (${fmt(build.seconds, 1)} s, 100 questions prerendered; the build read no content files). Uncached question pages (never rendered before): 300 one at a time, then ${CLIENTS} concurrent clients for ${LOAD_SECONDS} s, each taking the next url not yet rendered, on the same two cores as the server and the database; the pool holds 10 connections. Targets: uncached p95 ≤ 150 ms; 0 errors.\n`,
      table(
        ['measure', 'figure'],
        [
          ['uncached page, one at a time: p50 / p95', `${fmt(pages.p50, 1)} / ${fmt(pages.p95, 1)} ms`],
          [
            `${CLIENTS} clients, ${LOAD_SECONDS} s: pages`,
            `${fmt(pages.loaded.requests)} (${fmt(pages.loaded.perSecond, 1)}/s)${pages.loaded.ranOut ? ', ran out of urls' : ''}`,
          ],
          [`${CLIENTS} clients: p50 / p99`, `${fmt(pages.loaded.p50)} / ${fmt(pages.loaded.p99)} ms`],
          [`${CLIENTS} clients: errors`, `${errors} (${[...pages.loaded.statuses].map(([s, c]) => `${s}: ${c}`).join(', ')})`],
          ['queries that waited for a pooled connection', `${fmt(pages.pool.waited)} of ${fmt(pages.pool.queries)} (at most ${pages.pool.maxWaiting} waiting)`],
        ],
      ),
      '',
    );
  } finally {
    restore(dir);
    execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres.sh'), 'stop', String(PORT)]);
  }
}
