// `npm run bench -- topics`: what topics cost. The content step on the real sample and on corpora
// with realistic keywords (bench/gen-realistic.ts) of 100,000 and 1,000,000 questions, and again
// after one file's keywords changed; the topics each gives; and under `next start`, the first
// request of a large topic's last pages.
import fs from 'node:fs';
import path from 'node:path';
import { listQuestionFiles } from '../lib/content/build/files';
import { nextBuild, onDemandLatency } from './build';
import { contentSteps, describeStep, fmt, median, realCorpus, realisticCorpus, runJson, table, WORK, type StepRun } from './lib';

const log = (line: string) => console.error(line);

interface TopicFigures {
  topics: number;
  canonical: number;
  covered: number;
  largest: { slug: string; count: number; pages: number };
  lastPageMs: number;
  relatedMs: number;
  moreP50: number;
  moreP95: number;
}

/** The content step after one file's keywords changed (a keyword of the largest topic added), then put back. */
function oneFileChanged(dir: string, db: string, keyword: string): StepRun {
  const file = path.join(dir, listQuestionFiles(dir)[0]!);
  const text = fs.readFileSync(file, 'utf8');
  try {
    fs.writeFileSync(file, text.replace(/(page_keywords: >-\n {4})/, `$1${keyword}, `));
    return runJson<StepRun>('bench/loader-once.ts', [dir, db]);
  } finally {
    fs.writeFileSync(file, text);
    runJson<StepRun>('bench/loader-once.ts', [dir, db]);
  }
}

/** The last `n` pages of a topic (none is prerendered). */
function lastPages(slug: string, pages: number, n: number): string[] {
  return Array.from({ length: Math.min(n, pages) }, (_, i) => (pages - i === 1 ? `/learn/topics/${slug}` : `/learn/topics/${slug}/page/${pages - i}`));
}

export async function benchTopics(out: string[]) {
  // A copy of the real sample, so that the step with one file changed never touches ../shared.
  const real = path.join(WORK, 'real-sample-copy');
  fs.rmSync(real, { recursive: true, force: true });
  fs.cpSync(realCorpus(), real, { recursive: true });
  const corpora: [string, string, number][] = [
    ['real sample (126)', real, 3],
    ['100,000 (realistic keywords)', realisticCorpus(100_000), 3],
    ['1,000,000 (realistic keywords)', realisticCorpus(1_000_000), 1],
  ];
  const stepRows: (string | number)[][] = [];
  const topicRows: (string | number)[][] = [];
  const serverRows: (string | number)[][] = [];
  for (const [name, dir, runs] of corpora) {
    log(`topics: ${name}: content steps`);
    const ours = contentSteps(dir, runs);
    const db = path.join(WORK, `step-${path.basename(dir)}.db`);
    const figures = runJson<TopicFigures>('bench/topics-once.ts', [db]);
    const changed = oneFileChanged(dir, db, figures.largest.slug.replaceAll('-', ' '));
    const cold = median(ours.cold.map((r) => r.ms));
    stepRows.push([name, describeStep(ours.cold), `${fmt(ours.cold[0]!.dbMB!, 1)} MB`, `${fmt(changed.ms / 1000, 2)} s`, `${fmt(changed.ms / cold, 2)}×`]);
    topicRows.push([
      name,
      fmt(figures.topics),
      `${fmt((figures.covered / figures.canonical) * 100, 1)}%`,
      `${figures.largest.slug} (${fmt(figures.largest.count)} questions, ${fmt(figures.largest.pages)} pages)`,
      fmt(figures.lastPageMs, 1),
      fmt(figures.relatedMs, 1),
      `${fmt(figures.moreP50, 2)} / ${fmt(figures.moreP95, 2)}`,
    ]);
    log(`topics: ${name}: next build and start`);
    const build = await nextBuild(dir, 1000);
    const urls = lastPages(figures.largest.slug, figures.largest.pages, 5);
    const served = await onDemandLatency(urls);
    serverRows.push([name, `${fmt(build.seconds, 1)} s`, urls.length, fmt(served.firstP50, 1), fmt(served.firstP95, 1), fmt(served.cachedP50, 1)]);
    fs.writeFileSync(path.join(WORK, 'topics-progress.json'), JSON.stringify({ stepRows, topicRows, serverRows }, null, 1));
  }
  out.push(
    '## Topics\n',
    `The content step (\`bench/loader-once.ts\`, cold: no database), median of 3 runs (1 at 1,000,000); the database it writes; and the step after one file's keywords changed (a keyword of the largest topic added to one file), which updates that topic's count and listing. Corpora: the real sample, and \`bench/gen-realistic.ts\` with keywords fitted to the public corpus (shared phrases drawn by Zipf–Mandelbrot, a long tail of a question's own).\n`,
    table(['corpus', 'cold', 'database', "one file's keywords changed", 'vs. cold'], stepRows),
    '',
    'Topics each corpus gives (a keyword of 5 questions or more), the share of canonical questions with at least one, and the store\'s time in a fresh process (milliseconds, first call): the largest topic\'s last page, its related topics, and "more on this topic" for 200 questions spread over the corpus (p50 / p95).\n',
    table(['corpus', 'topics', 'questions with a topic', 'largest topic', 'last page ms', 'related topics ms', 'more on this topic ms'], topicRows),
    '',
    'Under `next start` after a cold `next build` (`PRERENDER_QUESTIONS=1000`): the last pages of the largest topic, which no build prerenders, each requested once (first request: rendered on demand) and again (cached). Milliseconds measured by a client on the same machine; the server had served one page (/learn) first.\n',
    table(['corpus', 'next build', 'pages', 'first request p50', 'first request p95', 'cached p50'], serverRows),
    '',
  );
}
