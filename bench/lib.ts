// Shared by the benchmarks: corpora, child processes, statistics, tables.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const WORK = path.join(ROOT, 'bench', '.work');
export const SHARED = path.resolve(ROOT, '..', 'shared');

/** A synthetic corpus of n files from ../shared/bench/gen-corpus.mjs, generated once. */
export function syntheticCorpus(n: number): string {
  const dir = path.join(WORK, `gen-${n}`);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    // A million files' answers are held in memory by the generator: give it room.
    execFileSync(process.execPath, ['--max-old-space-size=16000', path.join(SHARED, 'bench', 'gen-corpus.mjs'), dir, String(n)], { stdio: 'ignore' });
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  return dir;
}

export const realCorpus = () => path.join(SHARED, 'corpus', 'quicktakes');

/** A corpus of n files with a realistic vocabulary (bench/gen-realistic.ts), generated once. */
export function realisticCorpus(n: number): string {
  // v2: with realistic keywords (topics).
  const dir = path.join(WORK, `realistic-v2-${n}`);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'gen-realistic.ts'), dir, String(n)], { stdio: 'ignore' });
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  return dir;
}

/** Runs a TypeScript script of the project in a fresh Node process; returns the JSON it prints last. */
export function runJson<T>(script: string, args: string[], nodeArgs: string[] = []): T {
  const result = spawnSync(process.execPath, ['--expose-gc', ...nodeArgs, '--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as T;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface StepRun {
  ms: number;
  files: number;
  rssMB: number;
  dbMB?: number;
}

/** Cold runs (no database or cache), then warm runs (unchanged content) of the content step. */
export function contentSteps(dir: string, runs: number): { cold: StepRun[]; warm: StepRun[] } {
  const file = path.join(WORK, `step-${path.basename(dir)}.db`);
  const cold: StepRun[] = [];
  const warm: StepRun[] = [];
  for (let i = 0; i < runs; i++) {
    for (const f of fs.readdirSync(WORK).filter((f) => f.startsWith(path.basename(file, '.db')))) fs.rmSync(path.join(WORK, f));
    cold.push(runJson<StepRun>('bench/loader-once.ts', [dir, file]));
    warm.push(runJson<StepRun>('bench/loader-once.ts', [dir, file]));
  }
  return { cold, warm };
}

/** A content step's runs as "seconds, files/s, peak MB". */
export const describeStep = (runs: StepRun[]) => {
  const ms = median(runs.map((r) => r.ms));
  return `${fmt(ms / 1000, 1)} s, ${fmt((runs[0]!.files / ms) * 1000)} files/s, ${fmt(Math.max(...runs.map((r) => r.rssMB)))} MB`;
};
