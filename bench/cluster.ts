// `npm run bench -- cluster`: one, two and three `next start` servers of one build behind nginx
// (scripts/cluster.ts: each server on its own copy of the build folder), on 100,000 realistic
// questions (BENCH_CLUSTER_N) in PostgreSQL, and one and three servers without the shared page
// cache (PAGE_CACHE_SHARED=0: as before it) as the baseline, in the same run. For each: pages
// rendered on demand per second and the CPU milliseconds they cost, how many pages rendered
// through one server are hits on the next it reaches, cached pages per second and their p99,
// and the delay from a revalidation to every server showing the change (median and max of 20);
// the cache table's size after 10,000 pages. All on this machine's two cores, load generator
// and database included: more servers add no cores here.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startCluster, type Cluster } from '../scripts/cluster';
import { nextBuild, onDemandUrls, treeCpuMs } from './build';
import { fmt, median, percentile, realisticCorpus, ROOT, table } from './lib';
import { sync } from './postgres';

const log = (line: string) => console.error(line);
const PG_PORT = 54331;
const SECRET = 'bench-cluster-secret';
const RENDER_SECONDS = 30;
const RENDER_CLIENTS = 20;
const CACHED_SECONDS = 15;
const CACHED_CONNECTIONS = 50;
const REVALIDATIONS = 20;
const TABLE_PAGES = 10_000;

interface Figures {
  name: string;
  rendered: number;
  renderedPerSecond: number;
  renderP99: number;
  cpuMsPerPage: number;
  errors: number;
  hitRate: number;
  cachedPerSecond: number;
  cachedP99: number;
  cachedErrors: number;
  delays: number[];
}

/** `clients` concurrent clients, each taking the next url not yet requested, for `seconds` (or until `stopAt` pages). */
async function renderAll(base: string, urls: string[], seconds: number, stopAt = Number.POSITIVE_INFINITY) {
  let next = 0;
  const times: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: RENDER_CLIENTS }, async () => {
      while (performance.now() < end && next < urls.length && times.length + errors < stopAt) {
        const url = urls[next++]!;
        const started = performance.now();
        try {
          const response = await fetch(base + url);
          await response.text();
          if (response.status === 200) times.push(performance.now() - started);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { done: urls.slice(0, next), times, errors };
}

/** Whether a page rendered through one server is a hit on the next one round robin reaches. */
async function hitRate(base: string, urls: string[]): Promise<number> {
  let hits = 0;
  for (const url of urls) {
    const response = await fetch(base + url);
    await response.text();
    if (response.headers.get('x-nextjs-cache') === 'HIT') hits++;
  }
  return hits / urls.length;
}

async function cachedLoad(base: string, urls: string[]) {
  const result = await autocannon({
    url: base,
    connections: CACHED_CONNECTIONS,
    duration: CACHED_SECONDS,
    requests: urls.slice(0, 500).map((u) => ({ method: 'GET', path: u })),
  });
  return { perSecond: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

/** From a revalidation posted to the balancer to every server showing the change: ms, the slowest server each time. */
async function revalidationDelays(cluster: Cluster, pool: pg.Pool, urls: string[]): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < REVALIDATIONS; i++) {
    const url = urls[i]!;
    const [, , subject, , slug] = url.split('/');
    for (const server of cluster.servers) await (await fetch(server.url + url)).text(); // cached everywhere
    const marker = `Revised ${Date.now()}-${i}`;
    const { rows } = await pool.query('UPDATE questions SET title = $3 WHERE subject_slug = $1 AND slug = $2 RETURNING id', [subject, slug, marker]);
    const posted = await fetch(`${cluster.url}/api/revalidate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [rows[0].id], subjects: [], topics: [] }),
    });
    if (posted.status !== 200) throw new Error(`revalidate: ${posted.status} ${await posted.text()}`);
    const sent = performance.now();
    const seen = await Promise.all(
      cluster.servers.map(async (server) => {
        for (;;) {
          if ((await (await fetch(server.url + url)).text()).includes(marker)) return performance.now() - sent;
          if (performance.now() - sent > 10_000) throw new Error(`${server.url}${url}: the change did not show within 10 s`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }),
    );
    delays.push(Math.max(...seen));
  }
  return delays;
}

async function measure(name: string, servers: number, env: Record<string, string>, urls: string[], pool: pg.Pool, untilTable = false) {
  log(`cluster: ${name}`);
  await pool.query('TRUNCATE page_cache');
  const cluster = await startCluster({ servers, buildDir: '.', env, nginxPort: 3290, firstServerPort: 3291 });
  try {
    await (await fetch(`${cluster.url}/learn`)).text();
    const cpuBefore = cluster.servers.reduce((ms, s) => ms + treeCpuMs(s.pid), 0);
    const started = performance.now();
    const render = await renderAll(cluster.url, urls, untilTable ? 600 : RENDER_SECONDS, untilTable ? TABLE_PAGES : undefined);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cluster.servers.reduce((ms, s) => ms + treeCpuMs(s.pid), 0) - cpuBefore;
    log(`  ${render.times.length} pages in ${seconds.toFixed(1)} s, ${render.errors} errors`);
    const tableBytes = untilTable ? Number((await pool.query("SELECT pg_total_relation_size('page_cache') AS bytes")).rows[0].bytes) : 0;
    const rate = await hitRate(cluster.url, render.done.slice(0, 1_000));
    const cached = await cachedLoad(cluster.url, render.done);
    const delays = await revalidationDelays(cluster, pool, render.done.slice(-REVALIDATIONS));
    const figures: Figures = {
      name,
      rendered: render.times.length,
      renderedPerSecond: render.times.length / seconds,
      renderP99: percentile(render.times, 99),
      cpuMsPerPage: cpu / Math.max(1, render.times.length),
      errors: render.errors,
      hitRate: rate,
      cachedPerSecond: cached.perSecond,
      cachedP99: cached.p99,
      cachedErrors: cached.errors,
      delays,
    };
    return { figures, tableBytes, tablePages: render.times.length };
  } finally {
    await cluster.stop();
  }
}

export async function benchCluster(out: string[]) {
  const n = Number(process.env.BENCH_CLUSTER_N ?? 100_000);
  const dir = realisticCorpus(n);
  const url = execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres.sh'), 'start', String(PG_PORT)], { encoding: 'utf8' }).trim();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    log(`cluster: content:sync of ${fmt(n)} questions`);
    sync(dir, url);
    log('cluster: next build against PostgreSQL');
    await nextBuild(dir, 100, { DATABASE_URL: url });
    const urls = onDemandUrls(50_000, path.join(ROOT, '.content', 'sync', 'content.db'));
    const env = { DATABASE_URL: url, SITE_URL: 'https://learn.example.org', REVALIDATE_SECRET: SECRET };
    // Each configuration takes urls no other has rendered (its pages are all first visits).
    const per = Math.floor(urls.length / 5);
    const slices = [0, 1, 2, 3, 4].map((i) => urls.slice(i * per, (i + 1) * per));
    const own = { ...env, PAGE_CACHE_SHARED: '0' };
    const baseline = await measure('1 server, its own cache (as before)', 1, own, slices[0]!, pool);
    const threeOwn = await measure('3 servers, each its own cache (as before)', 3, own, slices[1]!, pool);
    const one = await measure('1 server, shared cache', 1, env, slices[2]!, pool);
    const two = await measure('2 servers, shared cache', 2, env, slices[3]!, pool);
    const three = await measure('3 servers, shared cache', 3, env, slices[4]!, pool, true);
    const rows = [baseline, threeOwn, one, two, three].map(({ figures: f }) => [
      f.name,
      `${fmt(f.renderedPerSecond, 1)} (p99 ${fmt(f.renderP99)} ms)`,
      fmt(f.cpuMsPerPage, 1),
      `${fmt(f.hitRate * 100, 1)}%`,
      `${fmt(f.cachedPerSecond)} (p99 ${fmt(f.cachedP99)} ms)`,
      `${fmt(median(f.delays))} / ${fmt(Math.max(...f.delays))} ms`,
      `${f.errors} / ${f.cachedErrors}`,
    ]);
    out.push(
      `## Several servers (${fmt(n)} realistic questions, PostgreSQL)\n`,
      `\`next start\` servers of one build (100 questions prerendered), each on its own copy of the build folder, behind nginx round robin (scripts/cluster.ts), all on this machine's two cores with PostgreSQL 15 and the load generator. On demand: ${RENDER_CLIENTS} clients for ${RENDER_SECONDS} s on question pages never rendered (3 servers: until ${fmt(TABLE_PAGES)} pages). Hit on the next server: 1,000 of those pages requested once more through the balancer, which sends each to the next server (\`x-nextjs-cache: HIT\`). Cached: autocannon, ${CACHED_CONNECTIONS} connections for ${CACHED_SECONDS} s over 500 of them. Revalidation: a question's title changed in PostgreSQL and \`/api/revalidate\` posted to the balancer; the time until every server, asked directly, shows it (the slowest server; median and max of ${REVALIDATIONS}). CPU: the servers' processes only.\n`,
      table(
        [
          'servers',
          'rendered on demand per s',
          'CPU ms a page',
          'hit on the next server',
          'cached per s',
          'revalidation to all: median / max',
          'errors: on demand / cached',
        ],
        rows,
      ),
      '',
      `The cache table after ${fmt(three.tablePages)} pages: ${fmt(three.tableBytes / 2 ** 20, 1)} MB (${fmt(three.tableBytes / three.tablePages / 1024, 1)} KB a page, gzipped, with its indexes).\n`,
    );
  } finally {
    await pool.end();
    execFileSync('bash', [path.join(ROOT, 'scripts', 'postgres.sh'), 'stop', String(PG_PORT)]);
  }
}
