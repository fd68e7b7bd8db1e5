// npm run content:check -- [DIR]: checks a content folder with the site's loader and prints every
// problem, one line each (`path: field: problem`), then a summary. Exits 1 when there are errors.
import fs from 'node:fs';
import path from 'node:path';
import { contentDir } from '../lib/config';
import { buildContent } from '../lib/content/build';
import { formatProblem } from '../lib/content/types';

const dir = path.resolve(process.argv[2] ?? contentDir());
if (!fs.existsSync(dir)) {
  console.log(`${dir}: not a folder`);
  process.exit(1);
}
const { corpus, problems, stats } = buildContent(dir, null);
const shown = path.relative(process.cwd(), dir) || '.';
for (const p of problems) console.log(formatProblem(p, shown));
console.log(
  `${stats.files} files, ${corpus.subjects.length} subjects, ${corpus.questions.length} questions, ${problems.length} errors`,
);
process.exitCode = problems.length > 0 ? 1 : 0;
