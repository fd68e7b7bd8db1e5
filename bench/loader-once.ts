// One content step in a fresh process (cold: no database yet; warm: the database of the
// previous run). Prints {ms, files, parsed, rssMB, dbMB}.
import fs from 'node:fs';
import { defaultWorkers } from '../lib/content/build/prepare-many';
import { buildContentDb } from '../lib/content/build/write';

const [dir, db] = process.argv.slice(2) as [string, string];
const started = performance.now();
const { stats, problems } = await buildContentDb(dir, db, { prepare: { workers: defaultWorkers() } });
const ms = performance.now() - started;
if (problems.length > 0) throw new Error(`${problems.length} problems in ${dir}`);
console.log(
  JSON.stringify({ ms, files: stats.files, parsed: stats.parsed, rssMB: process.resourceUsage().maxRSS / 1024, dbMB: fs.statSync(db).size / 2 ** 20 }),
);
