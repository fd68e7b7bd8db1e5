// npm run content:check -- [DIR]: checks a content folder with the site's loader and prints every
// problem, one line each (`path: field: problem`), then a summary. Exits 1 when there are errors.
// The content step runs into a throwaway database, so nothing the site reads is touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentDir } from '../lib/config';
import { consoleProgress } from '../lib/content/build/progress';
import { defaultWorkers } from '../lib/content/build/prepare-many';
import { buildContentDb } from '../lib/content/build/write';
import { formatProblem } from '../lib/content/model/types';

const dir = path.resolve(process.argv[2] ?? contentDir());
if (!fs.existsSync(dir)) {
  console.log(`${dir}: not a folder`);
  process.exit(1);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'content-check-'));
try {
  const { problems, stats } = await buildContentDb(dir, path.join(scratch, 'content.db'), {
    progress: consoleProgress(),
    prepare: { workers: defaultWorkers() },
  });
  const shown = path.relative(process.cwd(), dir) || '.';
  for (const p of problems) console.log(formatProblem(p, shown));
  console.log(`${stats.files} files, ${stats.subjects} subjects, ${stats.questions} questions, ${problems.length} errors`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
