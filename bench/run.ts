// npm run bench [-- loader] : runs the benchmarks and prints their tables (Markdown).
import { benchLoader } from './loader';
import { machine } from './lib';

const only = process.argv[2];
console.log(`Machine: ${machine()}\n`);
if (!only || only === 'loader') {
  console.log('## Loader (median of 5 runs, each in a fresh process)\n');
  console.log(benchLoader([1_000, 20_000]));
}
