// `npm run bench -- ondemand`: question pages rendered on demand (every request a url no request
// asked for before) on 100,000 questions of bench/gen-realistic.ts, at 50 connections with gzip:
// one `next start`, then the README's self-hosting setup (nginx in front of two `next start`
// sharing one build), against the one server in the same run. The median of RUNS runs of
// LOAD_SECONDS each, and the servers' CPU time per page (their process trees' user and system
// time over the pages served).
import { nextBuild, onDemandUrls, startServer, treeCpuMs, withServer } from './build';
import { fire, nginx, NGINX_PORT, PROXY_CACHE, type Figures } from './load';
import { fmt, median, realisticCorpus, table } from './lib';

const RUNS = 3;
const CONNECTIONS = 50;
type Run = Figures & { cpuMsPerPage: number };

/** One run against `base`: 20 pages first (they load the servers' modules and content index), then the load. */
async function measure(base: string, urls: string[], pids: number[]): Promise<Run> {
  for (const url of ['/learn', ...urls.splice(0, 20)]) await (await fetch(base + url)).text();
  const cpu = () => pids.reduce((ms, pid) => ms + treeCpuMs(pid), 0);
  const before = cpu();
  const f = await fire(base, CONNECTIONS, true, () => urls.shift() ?? '/learn');
  return { ...f, cpuMsPerPage: (cpu() - before) / f.total };
}

export async function benchOnDemand(log: (line: string) => void, out: string[]) {
  const dir = realisticCorpus(100_000);
  const report = (name: string, run: Run) =>
    log(
      `ondemand: ${name}: ${fmt(run.requestsPerSecond)}/s p99 ${run.p99} ms, ${fmt(run.cpuMsPerPage, 1)} ms CPU a page, errors ${run.errors} timeouts ${run.timeouts}`,
    );
  log('ondemand: building');
  await nextBuild(dir, 1_000);
  const urls = onDemandUrls(40_000);
  const single = { name: 'next start', runs: [] as Run[] };
  const cluster = { name: 'nginx → 2 × next start', runs: [] as Run[] };
  await withServer(async (base, pid) => {
    // Interleaved: one server, then both behind nginx, RUNS times.
    for (let run = 0; run < RUNS; run++) {
      single.runs.push(await measure(base, urls, [pid]));
      report(single.name, single.runs.at(-1)!);
      const second = await startServer(3401);
      const stop = await nginx(PROXY_CACHE([base, second.base]));
      try {
        cluster.runs.push(await measure(`http://127.0.0.1:${NGINX_PORT}`, urls, [pid, second.pid]));
        report(cluster.name, cluster.runs.at(-1)!);
      } finally {
        await stop();
        await second.stop();
      }
    }
  });

  const singleRate = median(single.runs.map((r) => r.requestsPerSecond));
  out.push(
    '## Pages rendered on demand\n',
    `Question pages rendered on demand, every request a url not rendered before: 100,000 questions (1,000 prerendered), autocannon with ${CONNECTIONS} connections and gzip on 127.0.0.1, on the same two cores as the servers. Median of ${RUNS} runs, the two setups interleaved; CPU: the servers' process trees, per page served.`,
    '',
    table(
      ['setup', 'requests/s (runs)', 'requests/s', 'p50 ms', 'p99 ms', 'CPU ms a page', 'errors', 'timeouts', 'vs. one server'],
      [single, cluster].map((p) => {
        const rate = median(p.runs.map((r) => r.requestsPerSecond));
        return [
          p.name,
          p.runs.map((r) => fmt(r.requestsPerSecond)).join(' / '),
          fmt(rate),
          fmt(median(p.runs.map((r) => r.p50))),
          fmt(median(p.runs.map((r) => r.p99))),
          fmt(median(p.runs.map((r) => r.cpuMsPerPage)), 1),
          p.runs.reduce((n, r) => n + r.errors, 0),
          p.runs.reduce((n, r) => n + r.timeouts, 0),
          `${fmt(rate / singleRate, 2)}×`,
        ];
      }),
    ),
    '',
  );
}
