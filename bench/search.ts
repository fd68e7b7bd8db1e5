// `npm run bench -- search`: the content database and search, on the real sample and on
// synthetic corpora up to 1,000,000 files: the content step, `next build`, `next start`, and
// search in process.
import fs from 'node:fs';
import path from 'node:path';
import { nextBuild, onDemandUrls, treeRssKB, withServer, type BuildRun } from './build';
import { contentSteps, describeStep as step, fmt, median, realCorpus, realisticCorpus, ROOT, runJson, syntheticCorpus, table, WORK, type StepRun } from './lib';

const log = (line: string) => console.error(line);

interface ServerFigures {
  firstAfterStart: number;
  uncachedP50: number;
  cachedP50: number;
  pages: number;
  rssMB: number;
}

/** What bench/search-once.ts prints. */
export interface SearchFigures {
  p50: number;
  p95: number;
  p99: number;
  naturalP50: number;
  naturalP95: number;
  naturalP99: number;
  hitRate: number;
  typoHitRate: number;
  sample: number;
}

/** Under `next start` of the current build: first page after start, on-demand and cached pages, RSS. */
async function serverFigures(urls: string[]): Promise<ServerFigures> {
  const time = async (url: string) => {
    const started = performance.now();
    const response = await fetch(url);
    await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    return performance.now() - started;
  };
  // The first question page after each of 5 fresh starts (each a page not yet rendered).
  const firsts: number[] = [];
  for (let i = 0; i < 5; i++) firsts.push(await withServer((base) => time(base + urls[i]!)));
  const rest = urls.slice(5);
  return withServer(async (base, pid) => {
    const uncached: number[] = [];
    const cached: number[] = [];
    for (const url of rest) uncached.push(await time(base + url));
    for (const url of rest.slice(0, 50)) cached.push(await time(base + url));
    return { firstAfterStart: median(firsts), uncachedP50: median(uncached), cachedP50: median(cached), pages: rest.length, rssMB: treeRssKB(pid) / 1024 };
  });
}

export async function benchSearch(out: string[]) {
  const corpora: [string, string, number][] = [
    ['real sample (126)', realCorpus(), 12],
    ['1,000', syntheticCorpus(1_000), 100],
    ['36,000', syntheticCorpus(36_000), 1_000],
    ['100,000', syntheticCorpus(100_000), 1_000],
    ['1,000,000', syntheticCorpus(1_000_000), 1_000],
  ];
  const stepRows: (string | number)[][] = [];
  const buildRows: (string | number)[][] = [];
  const serverRows: (string | number)[][] = [];
  const searchRows: (string | number)[][] = [];
  for (const [name, dir, prerender] of corpora) {
    const million = name === '1,000,000';
    log(`search: ${name}: content steps`);
    const ours = contentSteps(dir, million ? 1 : 3);
    stepRows.push([name, step(ours.cold), step(ours.warm), `${fmt(ours.cold[0]!.dbMB!, 1)} MB`]);

    log(`search: ${name}: next build`);
    const build: BuildRun = await nextBuild(dir, prerender);
    const dbMB = fs.statSync(path.join(ROOT, '.content', 'content.db')).size / 2 ** 20;
    const urls = onDemandUrls(305);
    log(`search: ${name}: next start (${urls.length} on-demand urls)`);
    const server = await serverFigures(urls);
    log(`search: ${name}: search`);
    const found = runJson<SearchFigures>('bench/search-once.ts', [path.join(ROOT, '.content', 'content.db')]);
    searchRows.push([
      name,
      fmt(found.p50, 2),
      fmt(found.p95, 2),
      fmt(found.p99, 2),
      fmt(found.naturalP50, 2),
      fmt(found.naturalP95, 2),
      `${fmt(found.hitRate * 100, 1)}%`,
      `${fmt(found.typoHitRate * 100, 1)}%`,
      found.sample,
    ]);

    buildRows.push([name, `${fmt(build.seconds, 1)} s, ${fmt(build.peakRssMB)} MB`, fmt(build.pages), `${fmt(dbMB, 1)} MB`]);
    serverRows.push([
      name,
      fmt(server.firstAfterStart, 0),
      fmt(server.uncachedP50, 1),
      fmt(server.cachedP50, 1),
      `${fmt(server.rssMB)} MB after ${server.pages}`,
    ]);
    fs.writeFileSync(path.join(WORK, 'search-progress.json'), JSON.stringify({ stepRows, buildRows, serverRows, searchRows }, null, 1));
  }

  // gen-corpus titles draw every word from 60, so no 3 words tell a question apart there: the
  // hit rate is measured again on corpora with a realistic vocabulary.
  const realisticRows: (string | number)[][] = [];
  for (const n of [36_000, 100_000, 1_000_000]) {
    log(`search: realistic ${fmt(n)}`);
    const dir = realisticCorpus(n);
    const db = path.join(WORK, `realistic-${n}.db`);
    for (const f of fs.readdirSync(WORK).filter((f) => f.startsWith(`realistic-${n}.`))) fs.rmSync(path.join(WORK, f));
    const built = runJson<StepRun>('bench/loader-once.ts', [dir, db]);
    const found = runJson<SearchFigures>('bench/search-once.ts', [db]);
    realisticRows.push([
      fmt(n),
      `${fmt(built.dbMB!, 1)} MB`,
      fmt(found.p50, 2),
      fmt(found.p95, 2),
      fmt(found.p99, 2),
      fmt(found.naturalP50, 2),
      fmt(found.naturalP95, 2),
      `${fmt(found.hitRate * 100, 1)}%`,
      `${fmt(found.typoHitRate * 100, 1)}%`,
      found.sample,
    ]);
  }

  out.push(
    '## Content database and search\n',
    'Each corpus: the content step (`bench/loader-once.ts`: cold with no database, warm with unchanged content; median of 3 runs, 1 at 1,000,000; peak RSS of the process and its worker threads), then a full cold `next build` (its own cold content step included; `PRERENDER_QUESTIONS` 12 for the sample, 100 for 1,000, else 1,000), then `next start` on that build, then search in a fresh process on the published database.\n',
    '### Content step\n',
    table(['corpus', 'cold', 'warm', 'database'], stepRows),
    '',
    '### Full `next build` (cold)\n',
    table(['corpus', 'wall, peak RSS', 'pages prerendered', 'content.db'], buildRows),
    '',
    '### `next start`\n',
    'Milliseconds measured by a client on the same machine. First page: a question page not prerendered, the first request after each of 5 fresh starts (median). Uncached: the first request of each of the other on-demand pages (p50); cached: a second request of 50 of them (p50). RSS: the server process tree after those pages.\n',
    table(['corpus', 'first page', 'uncached p50', 'cached p50', 'RSS'], serverRows),
    '',
    '### Search (in process, `bench/search-once.ts`)\n',
    "1,000 queries of 2–4 consecutive words of real titles, and 1,000 natural queries (a question of the database asked whole, up to 12 words, every third with a typo); milliseconds. Hit rate: 500 of the database's questions, each searched by its 3–4 rarest title words (numbers left out), found among the first 3 results; then the same with two letters of the longest word swapped.\n",
    table(['corpus', 'p50 ms', 'p95 ms', 'p99 ms', 'natural p50', 'natural p95', 'hit rate', 'with a typo', 'questions'], searchRows),
    '',
    "The same on corpora from `bench/gen-realistic.ts` (30,000 made-up words drawn with Zipf's law; database built by the content step alone):\n",
    table(
      ['questions', 'content.db', 'p50 ms', 'p95 ms', 'p99 ms', 'natural p50', 'natural p95', 'hit rate', 'with a typo', 'questions searched'],
      realisticRows,
    ),
    '',
  );
}
