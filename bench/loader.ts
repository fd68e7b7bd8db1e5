// The loader's speed: files per second cold (nothing cached) and warm (unchanged content, the
// per-file cache of the previous build), and the peak memory of the process. Median of runs.
import fs from 'node:fs';
import path from 'node:path';
import { fmt, median, realCorpus, runJson, syntheticCorpus, table, WORK } from './lib';

interface Run {
  ms: number;
  files: number;
  parsed: number;
  rssMB: number;
}

export function benchLoader(sizes: number[], runs = 5): string {
  const rows: (string | number)[][] = [];
  const corpora: [string, string][] = [['real sample', realCorpus()], ...sizes.map((n): [string, string] => [fmt(n), syntheticCorpus(n)])];
  for (const [name, dir] of corpora) {
    const cache = path.join(WORK, `content-${path.basename(dir)}.db`);
    const cold: Run[] = [];
    const warm: Run[] = [];
    for (let i = 0; i < runs; i++) {
      fs.rmSync(cache, { force: true });
      cold.push(runJson<Run>('bench/loader-once.ts', [dir, cache]));
      warm.push(runJson<Run>('bench/loader-once.ts', [dir, cache]));
      if (warm.at(-1)!.parsed !== 0) throw new Error('a warm run parsed files again');
    }
    const files = cold[0]!.files;
    const coldMs = median(cold.map((r) => r.ms));
    const warmMs = median(warm.map((r) => r.ms));
    rows.push([
      name,
      fmt(files),
      fmt(coldMs),
      fmt((files / coldMs) * 1000),
      fmt(Math.max(...cold.map((r) => r.rssMB))),
      fmt(warmMs),
      fmt((files / warmMs) * 1000),
      fmt(Math.max(...warm.map((r) => r.rssMB))),
    ]);
    console.error(`loader: ${name} done`);
  }
  return table(['corpus', 'files', 'cold ms', 'cold files/s', 'cold peak RSS MB', 'warm ms', 'warm files/s', 'warm peak RSS MB'], rows);
}
