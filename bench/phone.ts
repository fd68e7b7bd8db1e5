// `npm run bench -- phone`: Lighthouse mobile (12.2.3, simulated throttling) on the site built
// from the real sample: home, /learn, the largest subject, the search page and a results page,
// the largest topic, and the 10 heaviest question pages (by HTML size). Median of 3 runs a page.
// On this host Lighthouse's performance score is bound by the machine (docs/performance.md):
// the bytes each page downloads are what compare across runs.
import Database from 'libsql';
import path from 'node:path';
import { nextBuild, withServer } from './build';
import { fmt, realCorpus, ROOT, table } from './lib';
import { lighthouseRuns, medianRun, type LighthouseRun } from './lighthouse';

const RUNS = 3;
const log = (line: string) => console.error(line);

/** The pages measured, from the database of the current build: fixed pages, then the 10 heaviest questions. */
export async function phonePages(base: string): Promise<{ name: string; path: string }[]> {
  const db = new Database(path.join(ROOT, '.content', 'content.db'), { readonly: true });
  const [subject] = db.prepare('SELECT slug FROM subjects ORDER BY count DESC LIMIT 1').raw().get() as [string];
  const topic = db.prepare('SELECT slug FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC LIMIT 1').raw().get() as [string] | undefined;
  const questions = (db.prepare('SELECT subject_slug, slug FROM questions').raw().all() as [string, string][]).map(
    ([s, slug]) => `/learn/${s}/questions/${slug}`,
  );
  db.close();
  const sizes = await Promise.all(questions.map(async (url) => ({ url, bytes: (await (await fetch(base + url)).arrayBuffer()).byteLength })));
  const heaviest = sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 10);
  return [
    { name: 'home', path: '/' },
    { name: '/learn', path: '/learn' },
    { name: `largest subject`, path: `/learn/${subject}` },
    { name: 'search page', path: '/search' },
    { name: 'search results', path: '/search?q=electric+field' },
    ...(topic ? [{ name: 'largest topic', path: `/learn/topics/${topic[0]}` }] : []),
    ...heaviest.map((q, i) => ({ name: `question ${i + 1} (${fmt(q.bytes / 1024)} KB)`, path: q.url })),
  ];
}

/** Lighthouse on every page of the current build, each fetched once first (so that none is measured while it renders). */
async function measure() {
  return withServer(async (base) => {
    const list = await phonePages(base);
    for (const page of list) await (await fetch(base + page.path)).text();
    const results = new Map<string, LighthouseRun>();
    for (const page of list) {
      log(`phone: ${page.path}`);
      results.set(page.path, medianRun(await lighthouseRuns(base + page.path, RUNS)));
    }
    return { list, results };
  });
}

const kb = (n: number | undefined) => fmt((n ?? 0) / 1024, 1);
const cells = (r: LighthouseRun) => [
  r.performance,
  fmt(r.lcp / 1000, 2),
  fmt(r.tbt),
  fmt(r.cls, 3),
  kb(r.bytes.document),
  kb(r.bytes.script),
  kb(r.bytes.stylesheet),
  kb(r.bytes.font),
];

export async function benchPhone(out: string[]) {
  log('phone: build the real sample');
  await nextBuild(realCorpus(), 1000);
  const now = await measure();
  const rows = now.list.map((page) => {
    const a = now.results.get(page.path)!;
    return [
      `${page.name}: \`${page.path.length > 60 ? `${page.path.slice(0, 57)}…` : page.path}\``,
      ...cells(a),
      `${a.accessibility} / ${a.bestPractices} / ${a.seo}`,
      a.failed.join(', ') || '–',
    ];
  });
  out.push(
    '## On a phone (Lighthouse mobile)\n',
    `Lighthouse ${'12.2.3'} (mobile preset, default simulated throttling) in Debian's Chromium against \`next start\` of the real sample (\`../shared/corpus/quicktakes\`), each page requested once before it is measured; the run with the median performance score of ${RUNS}. LCP in seconds, TBT in milliseconds, transferred KB (gzip as served) of the document, scripts, stylesheets and fonts.\n`,
    table(['page', 'score', 'LCP', 'TBT', 'CLS', 'HTML', 'JS', 'CSS', 'fonts', 'a11y / BP / SEO', 'failed audits'], rows),
    '',
  );
}
