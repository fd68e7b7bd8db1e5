// One loader run in a fresh process (cold: no cache; warm: the cache of the previous run).
// Prints {ms, files, parsed, rssMB}.
import { buildContent } from '../lib/content/build';

const [dir, cache] = process.argv.slice(2) as [string, string | undefined];
const started = performance.now();
const { stats, problems } = buildContent(dir, cache ?? null);
const ms = performance.now() - started;
if (problems.length > 0) throw new Error(`${problems.length} problems in ${dir}`);
console.log(JSON.stringify({ ms, files: stats.files, parsed: stats.parsed, rssMB: process.resourceUsage().maxRSS / 1024 }));
