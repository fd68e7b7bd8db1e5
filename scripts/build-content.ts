// Checks CONTENT_DIR and writes the content index the site is built from. Run by next.config.js
// before every `next build` and `next dev`; exits 1, listing every problem, when the content has
// errors, so that no partial site is ever published.
import fs from 'node:fs';
import path from 'node:path';
import { contentDir, indexFile, recordCacheFile } from '../lib/config';
import { buildContent } from '../lib/content/build';
import { writeIndexFile } from '../lib/content/index-file';
import { formatProblem } from '../lib/content/types';

const started = performance.now();
const dir = contentDir();
const { corpus, problems, stats } = buildContent(dir, recordCacheFile());
const shown = path.relative(process.cwd(), dir) || '.';

if (problems.length > 0) {
  fs.rmSync(indexFile(), { force: true }); // no stale index may outlive a failed build
  for (const p of problems) console.error(formatProblem(p, shown));
  console.error(`\n${problems.length} content errors in ${shown}: nothing was built. Fix them and build again.`);
  process.exit(1);
}
writeIndexFile(indexFile(), corpus, path.relative(process.cwd(), dir));
const ms = Math.round(performance.now() - started);
console.log(
  `content: ${stats.files} files (${stats.parsed} parsed, ${stats.files - stats.parsed} from cache), ` +
    `${corpus.subjects.length} subjects, ${corpus.questions.length} questions, indexed in ${ms} ms`,
);
