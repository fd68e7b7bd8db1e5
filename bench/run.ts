// npm run bench [-- loader|build|page|search|relevance|topics|fonts|phone|postgres|cluster|load|ondemand ...]: runs the benchmarks (all by default) and writes
// their tables to bench/RESULTS.md. Medians of repeated runs, each in a fresh process; the
// machine is shared and noisy, so ratios against the baseline matter more than absolute times.
import fs from 'node:fs';
import path from 'node:path';
import { describeBuild, nextBuild, onDemandLatency, onDemandUrls, type BuildRun, type Latency } from './build';
import { fmt, machine, realCorpus, ROOT, syntheticCorpus, table } from './lib';
import { benchLoader } from './loader';
import { pageWeight } from './page-weight';
import { benchRelevance } from './relevance';
import { benchSearch } from './search';
import { benchPhone } from './phone';
import { benchPostgres } from './postgres';
import { benchCluster } from './cluster';
import { benchLoad } from './load';
import { benchOnDemand } from './ondemand';
import { benchTopics } from './topics';
import { benchFonts } from './fonts';

const sections = process.argv.slice(2);
const wanted = (name: string) => sections.length === 0 || sections.includes(name);
const log = (line: string) => console.error(line);
const day = new Date().toISOString().slice(0, 10);
/** Each section's Markdown; a run rewrites its own sections of RESULTS.md and keeps the others. */
const results = new Map<string, string[]>();
const file = path.join(ROOT, 'bench', 'RESULTS.md');

/** Writes the sections done so far into RESULTS.md (after each section: a crash keeps them). */
function save() {
  let text = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench` (`npm run bench -- loader build page search` for some sections).\n';
  for (const [name, lines] of results) {
    const body = `<!-- ${name} -->\nMachine: ${machine()}; ${day}.\n\n${lines.join('\n')}\n<!-- /${name} -->`;
    const existing = new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`);
    text = existing.test(text) ? text.replace(existing, () => body) : `${text.trimEnd()}\n\n${body}\n`;
  }
  fs.writeFileSync(file, text);
}
let out: string[] = [];
const section = (name: string) => {
  save();
  out = [];
  results.set(name, out);
};

if (wanted('loader')) {
  section('loader');
  out.push(
    '## Loader\n',
    'The content step of every build (`scripts/build-content.ts`, `lib/content/build/`): read, check and write every file into the content database. Cold: no cache; warm: unchanged files, the per-file cache of the previous build. Median of 5 runs, each in a fresh process.\n',
  );
  out.push(benchLoader([1_000, 20_000, 100_000]), '');
}

async function builds(dir: string, prerender: number): Promise<BuildRun[]> {
  const runs = [await nextBuild(dir, prerender)];
  log(`  build ${dir} prerender=${prerender}: ${runs[0]!.seconds.toFixed(1)} s`);
  // Median of 3 where a build takes under 2 minutes.
  if (runs[0]!.seconds < 120) for (let i = 0; i < 2; i++) runs.push(await nextBuild(dir, prerender));
  return runs;
}

if (wanted('build')) {
  section('build');
  const BASELINE = 1_000_000_000;
  const corpora: [string, string][] = [
    ['real sample (126)', realCorpus()],
    ['1,000', syntheticCorpus(1_000)],
    ['20,000', syntheticCorpus(20_000)],
    ['100,000', syntheticCorpus(100_000)],
  ];
  const rows: (string | number)[][] = [];
  const latencyRows: (string | number)[][] = [];
  const baselineRows: (string | number)[][] = [];
  const medians = new Map<string, number>();
  for (const [name, dir] of corpora) {
    log(`build: ${name}`);
    const runs = await builds(dir, 1000);
    const d = describeBuild(runs);
    medians.set(name, Number(d.seconds.replace(/,/g, '')));
    rows.push([name, `${d.seconds} (${runs.length} run${runs.length > 1 ? 's' : ''})`, d.rss, d.pages, d.next, runs[0]!.contentLine.replace(/^content: /, '')]);
    const urls = onDemandUrls(100);
    if (urls.length >= 100) {
      const l: Latency = await onDemandLatency(urls);
      latencyRows.push([name, fmt(l.firstP50, 1), fmt(l.firstP95, 1), fmt(l.cachedP50, 1), fmt(l.cachedP95, 1)]);
    } else {
      latencyRows.push([name, 'every question is prerendered', '', '', '']);
    }
  }
  for (const [name, dir] of corpora.slice(1, 3)) {
    log(`baseline: ${name}`);
    const d = describeBuild(await builds(dir, BASELINE));
    const ours = medians.get(name)!;
    baselineRows.push([name, d.seconds, d.rss, d.pages, d.next, fmt(ours, 1), `${fmt(Number(d.seconds.replace(/,/g, '')) / ours, 1)}×`]);
  }
  out.push(
    '## next build\n',
    "Cold builds (`.next` removed first), `PRERENDER_QUESTIONS=1000`: home, /learn, every subject listing page, the sitemaps and at most 1,000 question pages (first those on the first listing page of each subject, then the newest) are prerendered; every other question page is rendered on its first request and cached. Median of 3 runs where a build takes under 2 minutes. Peak RSS is the sum over the build's process tree.\n",
    table(['corpus', 'build s (median)', 'peak RSS MB', 'pages prerendered', '.next MB', 'content step'], rows),
    '',
    '### Baseline: every question prerendered\n',
    table(['corpus', 'build s', 'peak RSS MB', 'pages prerendered', '.next MB', 'ours, s', 'baseline ÷ ours'], baselineRows),
    '',
    '## Question pages rendered on demand (`next start`)\n',
    '100 distinct question urls that the build did not prerender, requested one after another: the first request renders and caches the page, the second is served from the cache. Milliseconds, measured by the client on the same machine.\n',
    table(['corpus', 'first request p50', 'first p95', 'cached p50', 'cached p95'], latencyRows),
    '',
  );
}

if (wanted('page')) {
  section('page');
  log('page: build content/ and weigh a question page');
  await nextBuild(path.join(ROOT, 'content'), 1000);
  out.push(
    '## What a reader downloads for one question page\n',
    'The sample question on Big O notation (formulas, a table, a code block), served by `next start`; gzip as served.\n',
    await pageWeight('/learn/computer-science/questions/what-is-big-o-notation-how-do-you-analyse-an-algorithms-running-time'),
    '',
  );
}

if (wanted('search')) {
  section('search');
  await benchSearch(out);
}

if (wanted('relevance')) {
  section('relevance');
  await benchRelevance(out);
}

if (wanted('topics')) {
  section('topics');
  await benchTopics(out);
}

if (wanted('fonts')) {
  section('fonts');
  await benchFonts(out);
}

if (wanted('phone')) {
  section('phone');
  await benchPhone(out);
}

if (wanted('postgres')) {
  section('postgres');
  await benchPostgres(out);
}

if (wanted('cluster')) {
  section('cluster');
  await benchCluster(out);
}

if (wanted('load')) {
  section('load');
  await benchLoad(log, out);
}

if (wanted('ondemand')) {
  section('ondemand');
  await benchOnDemand(log, out);
}

save();
