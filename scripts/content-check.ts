// npm run content:check -- [DIR]: checks a content folder with the site's loader and prints every
// problem, one line each (`path: field: problem`), then a summary. Exits 1 when there are errors.
import fs from 'node:fs';
import path from 'node:path';
import { contentDir } from '../lib/config';
import { loadContent } from '../lib/content/load';

const dir = path.resolve(process.argv[2] ?? contentDir());
if (!fs.existsSync(dir)) {
  console.log(`${dir}: not a folder`);
  process.exit(1);
}
const content = loadContent(dir);
const shown = path.relative(process.cwd(), dir) || '.';
for (const p of content.problems) console.log(`${path.join(shown, p.file)}: ${p.field}: ${p.message}`);
console.log(
  `${content.fileCount} files, ${content.index.subjects.length} subjects, ` +
    `${content.questions.length} questions, ${content.problems.length} errors`,
);
process.exitCode = content.problems.length > 0 ? 1 : 0;
