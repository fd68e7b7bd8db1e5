// `next build` and `next start` at scale: build wall time and peak RSS (the whole process tree),
// `.next` size, pages prerendered, and the latency of question pages rendered on demand (first
// request) and then served from the cache (second request), over 100 distinct urls.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { fmt, median, percentile, ROOT } from './lib';

export interface BuildRun {
  seconds: number;
  peakRssMB: number;
  pages: number;
  nextMB: number;
  contentLine: string;
}

/** A process and all its descendants, read from /proc: each one's stat line and status text. */
function processTree(root: number): { stat: string[]; status: string }[] {
  const children = new Map<number, number[]>();
  const procs = new Map<number, { stat: string[]; status: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const line = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, …
      const stat = line.slice(line.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(stat[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      procs.set(Number(entry), { stat, status: fs.readFileSync(`/proc/${entry}/status`, 'utf8') });
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (procs.has(pid)) tree.push(procs.get(pid)!);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The summed RSS of a process and all its descendants. */
export function treeRssKB(root: number): number {
  return processTree(root).reduce((kb, p) => kb + Number(/VmRSS:\s+(\d+)/.exec(p.status)?.[1] ?? 0), 0);
}

/** The length of a clock tick, the unit of /proc's CPU times, in ms. */
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/** The CPU time (user and system) a process and its living descendants have used, in ms. */
export function treeCpuMs(root: number): number {
  // utime and stime are fields 14 and 15 of the stat line, 12 and 13 after the command name.
  return processTree(root).reduce((ms, p) => ms + (Number(p.stat[11]) + Number(p.stat[12])) * TICK_MS, 0);
}

function duMB(dir: string): number {
  const out = spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout;
  return Number(out.split('\t')[0]) / 1024;
}

/** One cold `next build` (no .next, so no caches) of `contentDir`, of the project or of a checkout of it at `root`. */
export async function nextBuild(contentDir: string, prerender: number, env: Record<string, string> = {}, root = ROOT): Promise<BuildRun> {
  fs.rmSync(path.join(root, '.next'), { recursive: true, force: true });
  const started = performance.now();
  const child = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    env: {
      ...process.env,
      CONTENT_DIR: contentDir,
      SITE_URL: 'https://learn.example.org',
      PRERENDER_QUESTIONS: String(prerender),
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, treeRssKB(child.pid!))), 250);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  clearInterval(poll);
  if (code !== 0) throw new Error(`next build failed:\n${output.slice(-3000)}`);
  const pages = [...output.matchAll(/\((\d+)\/(\d+)\)/g)].at(-1)?.[2];
  return {
    seconds: (performance.now() - started) / 1000,
    peakRssMB: peak / 1024,
    pages: Number(pages ?? 0),
    nextMB: duMB(path.join(root, '.next')),
    contentLine: /content: .*/.exec(output)?.[0] ?? '',
  };
}

export interface Latency {
  firstP50: number;
  firstP95: number;
  cachedP50: number;
  cachedP95: number;
}

/** `next start` of the project's build (or that of a checkout at `root`) on `port`, once it answers; `stop` waits until it is gone. */
export async function startServer(port: number, env: Record<string, string> = {}, root = ROOT) {
  const base = `http://127.0.0.1:${port}`;
  const robots = () => fetch(`${base}/robots.txt`, { signal: AbortSignal.timeout(1000) });
  // A server left over from an interrupted run would answer instead, with another build.
  if (
    await robots().then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already in use`);
  const server = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    env: { ...process.env, SITE_URL: 'https://learn.example.org', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  });
  const exited = new Promise<boolean>((resolve) => server.once('exit', () => resolve(true)));
  let output = '';
  server.stdout.on('data', (d) => (output = (output + d).slice(-100_000)));
  const stop = async () => {
    // Gone, port and all, before another server on the same port starts: Next's graceful stop
    // can take a while, and a slow answer is not an absent one.
    process.kill(-server.pid!);
    if (!(await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 5000))]))) {
      process.kill(-server.pid!, 'SIGKILL');
      await exited;
    }
    const refused = () =>
      robots().then(
        () => false,
        (e) => e?.cause?.code === 'ECONNREFUSED',
      );
    for (let i = 0; i < 50 && !(await refused()); i++) await new Promise((r) => setTimeout(r, 100));
  };
  for (
    let i = 0;
    !(await robots().then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 150) {
      await stop();
      throw new Error('next start did not answer');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, pid: server.pid!, output: () => output, stop };
}

/** Runs `use` against `next start` serving the project's current build (or that of a checkout at `root`). */
export async function withServer<T>(
  use: (base: string, pid: number, output: () => string) => Promise<T>,
  env: Record<string, string> = {},
  root = ROOT,
): Promise<T> {
  const server = await startServer(3400, env, root);
  try {
    return await use(server.base, server.pid, server.output);
  } finally {
    await server.stop();
  }
}

/** First and second request times of `urls` (not prerendered) under `next start`. */
export function onDemandLatency(urls: string[]): Promise<Latency> {
  return withServer(async (base) => {
    // One page first, so the process has loaded the content index before timing starts.
    await (await fetch(`${base}/learn`)).text();
    const time = async (url: string) => {
      const started = performance.now();
      const response = await fetch(base + url);
      await response.text();
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      return { ms: performance.now() - started, cache: response.headers.get('x-nextjs-cache') };
    };
    const first: number[] = [];
    const cached: number[] = [];
    for (const url of urls) {
      const a = await time(url);
      if (a.cache === 'HIT') throw new Error(`${url} was already rendered`);
      first.push(a.ms);
    }
    for (const url of urls) {
      const b = await time(url);
      if (b.cache !== 'HIT') throw new Error(`${url} was not served from the cache (${b.cache})`);
      cached.push(b.ms);
    }
    return { firstP50: median(first), firstP95: percentile(first, 95), cachedP50: median(cached), cachedP95: percentile(cached, 95) };
  });
}

/** `count` question urls spread over the corpus that the current build did not prerender. */
export function onDemandUrls(count: number, database = path.join(ROOT, '.content', 'content.db')): string[] {
  const prerendered = new Set(
    fs
      .readdirSync(path.join(ROOT, '.next', 'server', 'app', 'learn'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.includes('/questions/') && f.endsWith('.html'))
      .map((f) => `/learn/${f.replace(/\.html$/, '')}`),
  );
  const db = new Database(database, { readonly: true });
  const rows = db.prepare('SELECT subject_slug, slug FROM questions ORDER BY rowid').raw().all() as [string, string][];
  db.close();
  const all = rows.map(([subject, slug]) => `/learn/${subject}/questions/${slug}`).filter((u) => !prerendered.has(u));
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}

export const describeBuild = (runs: BuildRun[]) => ({
  seconds: fmt(median(runs.map((r) => r.seconds)), 1),
  rss: fmt(Math.max(...runs.map((r) => r.peakRssMB))),
  pages: fmt(runs[0]!.pages),
  next: fmt(runs[0]!.nextMB),
});
