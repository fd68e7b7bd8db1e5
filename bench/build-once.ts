// One cold `next build` of a content folder, as the benchmarks run it: prints {seconds, peakRssMB, pages}.
// Usage: tsx bench/build-once.ts CONTENT_DIR [PRERENDER_QUESTIONS]
import { nextBuild } from './build';

const run = await nextBuild(process.argv[2]!, Number(process.argv[3] ?? 1000));
console.log(JSON.stringify({ seconds: run.seconds, peakRssMB: run.peakRssMB, pages: run.pages }));
