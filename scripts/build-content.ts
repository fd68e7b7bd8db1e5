// Checks CONTENT_DIR and publishes the content database the site is built from. Run by
// next.config.js before every `next build` and `next dev`; exits CONTENT_ERRORS, listing every
// problem, when the content has errors, so that no partial site is ever published.
import fs from 'node:fs';
import path from 'node:path';
import { contentCacheFile, contentDbFile, contentDir } from '../lib/config';
import { consoleProgress, steppedProgress } from '../lib/content/build/progress';
import { defaultWorkers } from '../lib/content/build/prepare-many';
import { publishContentDb } from '../lib/content/build/publish';
import { buildContentDb } from '../lib/content/build/write';
import { formatProblem } from '../lib/content/model/types';
import { CONTENT_ERRORS, CRASHED, crashStatus } from '../lib/content-step.mjs';
import { env } from '../lib/env.mjs';

// Anything that fails other than the content says so, with its cause, and exits CRASHED (a bug)
// or OUT_OF_MEMORY (a worker's heap full), never CONTENT_ERRORS (lib/content-step.mjs tells them apart).
const crashed = (error: unknown) => {
  const status = crashStatus(error);
  console.error(`content step: ${status === CRASHED ? 'internal error' : 'out of memory'}: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(status);
};
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

const started = performance.now();
const dir = contentDir();
const progress = env().CONTENT_STEP_POINTS ? steppedProgress() : consoleProgress();
const { problems, stats } = await buildContentDb(dir, contentCacheFile(), { progress, prepare: { workers: defaultWorkers() } });
const shown = path.relative(process.cwd(), dir) || '.';

if (problems.length > 0) {
  fs.rmSync(contentDbFile(), { force: true }); // no stale database may outlive a failed build
  for (const p of problems) console.error(formatProblem(p, shown));
  console.error(`\n${problems.length} content errors in ${shown}: nothing was built. Fix them and build again.`);
  process.exit(CONTENT_ERRORS);
}
publishContentDb(contentCacheFile(), contentDbFile(), progress);
progress.end();
const seconds = (performance.now() - started) / 1000;
console.log(
  `content: ${stats.files} files (${stats.parsed} parsed, ${stats.rehashed} re-read unchanged, ${stats.deleted} deleted), ` +
    `${stats.subjects} subjects, ${stats.questions} questions; ${fs.statSync(contentDbFile()).size.toLocaleString('en')} bytes ` +
    `in ${path.relative(process.cwd(), contentDbFile())}, ${seconds.toFixed(1)} s`,
);
