import { expect, test } from '@playwright/test';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { REVALIDATE_SECRET, SITE_URL } from '../playwright.config';
import { type Cluster, startCluster } from '../scripts/cluster';

// The site on several servers (E2E_STORE=postgres): three `next start` of one build, each with
// its own copy of it and no disk in common, behind nginx (scripts/cluster.ts). A page one server
// renders is served by the others from the PostgreSQL page cache; content:sync through the
// balancer reaches every server within a second; PostgreSQL going away leaves cached pages
// answering on every server; a server killed under load costs the clients nothing.
// The cluster has a database of its own (the same content, synced into e2e_cluster on the same
// PostgreSQL server): its revalidations would otherwise reach the server on port 3200 too, which
// shares the tags and the page cache of its database, and expire pages the later specs expect
// cached (postgres-outage.spec.ts serves / during an outage).

const ROOT = path.resolve(import.meta.dirname, '..');
const NGINX_PORT = 3290;
const FIRST_SERVER_PORT = 3291;
const question = (n: number) => `/learn/world-history/questions/world-history-practice-question-${n}`;

/** Rendered on demand (the build prerenders world history's questions 36–60, and topic pages without /in/ or /page/). */
const ON_DEMAND = [question(5), '/learn/topics/history/in/world-history', '/learn/topics/history/page/2'];

/** The question content:sync changes, and the pages that show its title. */
const CHANGED_FILE = path.join(ROOT, 'e2e/.content/world-history/world-history-practice-question-30.md');
const CHANGED_PAGES = [question(30), '/learn/world-history', '/learn/topics/history'];
const OLD_TITLE = 'World history practice question 30: what changed in year 1830?';
const NEW_TITLE = 'World history practice question 30 (revised): what changed in year 1830?';
const NEW_SENTENCE = 'Published through the balancer: this sentence came from content:sync.';

/** Served by every server before PostgreSQL stops: built ahead (the first three) or rendered on demand. */
const CACHED = ['/', '/learn/physics', question(40), question(6), question(7)];
/** Never rendered by any server (one per server), until PostgreSQL is back. */
const NEVER_RENDERED = [question(12), question(13), question(14)];

/**
 * Each server renders each route the tests time once before they start, as one that has served a
 * while has: a process's first render of a route loads its code, which took about a second here
 * (once). Listings are all built ahead: those below are expired first (POST /api/revalidate).
 */
const WARM_UP = [
  [question(15), '/learn/topics/practice/in/world-history', '/learn/biology', '/learn/topics/calculus'],
  [question(16), '/learn/topics/calculus/in/physics', '/learn/chemistry', '/learn/topics/problem-solving'],
  [question(17), '/learn/topics/calculus/in/mathematics', '/learn/psychology', '/learn/topics/xss'],
];
const WARM_UP_EXPIRED = { ids: [], subjects: ['biology', 'chemistry', 'psychology'], topics: ['calculus', 'problem-solving', 'xss'] };

/** What the clients ask for while a server is killed. */
const LOAD = ['/', '/learn', '/learn/physics', '/learn/world-history', question(40), question(41), question(6), question(7), '/learn/topics/history'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function get(url: string) {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The page's first <h1>, as HTML. */
const h1 = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1];

/** The cluster's own database, on the PostgreSQL server of DATABASE_URL. */
const CLUSTER_DATABASE_URL = (() => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://127.0.0.1/e2e');
  url.pathname = '/e2e_cluster';
  return url.toString();
})();

async function sql(text: string, values: unknown[] = [], connectionString = CLUSTER_DATABASE_URL) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The shared page cache's key for a page ends with /$<path> (route-cache/APP_PAGE/<route>/$/learn/…). */
const keyEnd = (page: string) => `/$${page}`;

/** content:sync of e2e/.content into the cluster's database, telling the site at `siteUrl` (none: told nothing). */
function contentSync(siteUrl?: string): { output: string; exited: number } {
  const output = execFileSync('npx', ['tsx', 'scripts/content-sync.ts', 'e2e/.content'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: CLUSTER_DATABASE_URL, SITE_URL: siteUrl ?? '', REVALIDATE_SECRET: siteUrl ? REVALIDATE_SECRET : '' },
    encoding: 'utf8',
  });
  return { output, exited: Date.now() };
}

/** Stops or starts the PostgreSQL server (without blocking: the load goes on meanwhile). */
async function postgres(command: 'down' | 'up') {
  await promisify(execFile)('bash', [path.join(ROOT, 'scripts/postgres.sh'), command, new URL(process.env.TEST_DATABASE_URL!).port]);
}

test.skip(!process.env.DATABASE_URL, 'needs the PostgreSQL store (E2E_STORE=postgres: scripts/test.sh runs it when TEST_DATABASE_URL is set)');

let cluster: Cluster;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await sql('DROP DATABASE IF EXISTS e2e_cluster WITH (FORCE)', [], process.env.DATABASE_URL);
  await sql('CREATE DATABASE e2e_cluster', [], process.env.DATABASE_URL);
  contentSync();
  cluster = await startCluster({
    servers: 3,
    nginxPort: NGINX_PORT,
    firstServerPort: FIRST_SERVER_PORT,
    env: { DATABASE_URL: CLUSTER_DATABASE_URL, SITE_URL, TZ: 'Pacific/Kiritimati', REVALIDATE_SECRET },
  });
  const expired = await fetch(`${cluster.servers[0]!.url}/api/revalidate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${REVALIDATE_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify(WARM_UP_EXPIRED),
  });
  expect(expired.status).toBe(200);
  await Promise.all(
    cluster.servers.map(async (server, i) => {
      for (const page of WARM_UP[i]!) {
        // Rendered by this server (a MISS) once it has read the expiry (every 250 ms).
        await expect
          .poll(async () => (await get(server.url + page)).headers.get('x-nextjs-cache'), {
            message: `${page} on server ${server.index}`,
            timeout: 10_000,
            intervals: [100],
          })
          .toBe('MISS');
      }
    }),
  );
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await cluster?.stop();
  await sql('DROP DATABASE IF EXISTS e2e_cluster WITH (FORCE)', [], process.env.DATABASE_URL);
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status === testInfo.expectedStatus || !cluster) return;
  const logs = cluster.servers.map((s) => `server ${s.index} (${s.url}):\n${s.logTail(20)}`).join('\n\n');
  await testInfo.attach('cluster logs', { body: `${logs}\n\nnginx:\n${cluster.nginxLogTail(20)}`, contentType: 'text/plain' });
});

test('a page rendered by one server is a cache hit on the others', async () => {
  const [first, ...others] = cluster.servers;
  for (const page of ON_DEMAND) {
    const rendered = await get(first!.url + page);
    expect(rendered.status, page).toBe(200);
    expect(rendered.headers.get('x-nextjs-cache'), `${page}: rendered by server 1`).toBe('MISS');
    const title = h1(rendered.body);
    expect(title, `${page}: its <h1>`).toBeTruthy();
    // Written to the shared cache as the page is rendered (the write may end just after the answer).
    await expect
      .poll(async () => (await sql('SELECT count(*)::int AS n FROM page_cache WHERE right(key, length($1)) = $1', [keyEnd(page)]))[0].n, {
        message: `${page} in the shared page cache`,
        timeout: 5_000,
        intervals: [50],
      })
      .toBe(1);
    for (const server of others) {
      const served = await get(server.url + page);
      expect(served.status, `${page} on server ${server.index}`).toBe(200);
      expect(served.headers.get('x-nextjs-cache'), `${page} on server ${server.index}: from the shared cache, not rendered again`).toBe('HIT');
      expect(h1(served.body), `${page} on server ${server.index}`).toBe(title);
    }
  }
});

test.describe('content:sync through the balancer', () => {
  const original = fs.existsSync(CHANGED_FILE) ? fs.readFileSync(CHANGED_FILE, 'utf8') : '';

  test.afterAll(() => {
    test.setTimeout(60_000);
    fs.writeFileSync(CHANGED_FILE, original);
    contentSync(cluster.url);
  });

  test('a changed answer shows on every server within a second of the sync', async () => {
    test.setTimeout(60_000);
    expect(original).toContain(OLD_TITLE);
    // Every server holds the old pages first.
    for (const server of cluster.servers) {
      for (const page of CHANGED_PAGES) {
        const before = await get(server.url + page);
        expect(before.status, `${page} on server ${server.index}`).toBe(200);
        expect(before.body, `${page} on server ${server.index}`).toContain(OLD_TITLE);
      }
    }

    fs.writeFileSync(CHANGED_FILE, original.replaceAll(OLD_TITLE, NEW_TITLE).replace(/^answer: >-\n/m, `answer: >-\n    ${NEW_SENTENCE}\n`));
    const { output, exited } = contentSync(cluster.url);
    expect(output).toMatch(/1 questions written/);
    expect(output).toMatch(new RegExp(`revalidated \\d+ pages and tags on http://127\\.0\\.0\\.1:${NGINX_PORT}`));

    // Each server asked directly for the three pages in turn (every 25 ms), the servers at once,
    // until it shows the change: how long after the sync ended.
    const delays = (
      await Promise.all(
        cluster.servers.map(async (server) => {
          const shown: { server: number; page: string; delay: number }[] = [];
          for (const page of CHANGED_PAGES) {
            const expected = page === question(30) ? [NEW_TITLE, NEW_SENTENCE] : [NEW_TITLE];
            for (;;) {
              const { status, body } = await get(server.url + page);
              const delay = Date.now() - exited;
              if (status === 200 && expected.every((text) => body.includes(text))) {
                shown.push({ server: server.index, page, delay });
                break;
              }
              if (delay > 5_000) {
                shown.push({ server: server.index, page, delay: Number.POSITIVE_INFINITY });
                break;
              }
              await sleep(25);
            }
          }
          return shown;
        }),
      )
    ).flat();
    for (const { server, page, delay } of delays) console.log(`cluster: server ${server} showed the change to ${page} ${delay} ms after content:sync ended`);
    for (const { server, page, delay } of delays) expect(delay, `server ${server}, ${page}`).toBeLessThanOrEqual(1_000);
    const question30 = await get(cluster.servers[2]!.url + question(30));
    expect(h1(question30.body)).toContain('(revised)');
  });
});

test('PostgreSQL stopped and started under load: cached pages answer on every server, others 503 then render', async () => {
  test.setTimeout(90_000);
  // Every server holds the cached pages itself (rendered here, or read from the shared cache).
  for (const server of cluster.servers) {
    for (const page of CACHED) expect((await get(server.url + page)).status, `${page} on server ${server.index}`).toBe(200);
  }

  // Load through nginx throughout: the cached pages, 8 at a time.
  const statuses = new Map<string, number>();
  const upstreamsDuringOutage = new Set<string>();
  let down = false;
  let loading = true;
  const load = Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let i = worker; loading; i++) {
        const page = CACHED[i % CACHED.length]!;
        const { status, headers } = await get(cluster.url + page).catch((error) => ({
          status: 0,
          headers: new Headers({ error: String(error.cause ?? error) }),
        }));
        const key = `${status} ${page}${status === 0 ? ` ${headers.get('error')}` : ''}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (down) upstreamsDuringOutage.add(headers.get('x-upstream') ?? '');
      }
    }),
  );

  let upAt = 0;
  await postgres('down');
  down = true;
  try {
    for (const [i, server] of cluster.servers.entries()) {
      const page = NEVER_RENDERED[i]!;
      await expect.poll(async () => (await get(server.url + page)).status, { message: `${page} on server ${server.index}`, timeout: 10_000 }).toBe(503);
      const unavailable = await get(server.url + page);
      expect(unavailable.headers.get('retry-after'), `${page} on server ${server.index}`).toBe('30');
      expect(unavailable.body).not.toMatch(/error:|at .*\(|ECONNREFUSED|postgres/i);
      for (const cached of CACHED) expect((await get(server.url + cached)).status, `${cached} on server ${server.index}`).toBe(200);
    }
    const balanced = await get(cluster.url + NEVER_RENDERED[0]!);
    expect(balanced.status, 'through nginx').toBe(503);
    expect(balanced.headers.get('retry-after'), 'through nginx').toBe('30');
    await sleep(2_000);
  } finally {
    down = false;
    await postgres('up');
    upAt = Date.now();
  }

  // Each server renders its page again once PostgreSQL answers.
  const recovered = await Promise.all(
    cluster.servers.map(async (server, i) => {
      const page = NEVER_RENDERED[i]!;
      await expect
        .poll(async () => (await get(server.url + page)).status, { message: `${page} on server ${server.index}`, timeout: 15_000, intervals: [100] })
        .toBe(200);
      return Date.now() - upAt;
    }),
  );
  console.log(`cluster: pages never rendered answered 200 again ${recovered.map((ms, i) => `on server ${i + 1} after ${ms} ms`).join(', ')}`);
  loading = false;
  await load;
  console.log(`cluster: statuses through nginx under load: ${JSON.stringify([...statuses])}`);
  expect(
    [...statuses.keys()].filter((key) => !key.startsWith('200 ')),
    'cached pages through nginx',
  ).toEqual([]);
  expect([...upstreamsDuringOutage].sort(), 'every server answered during the outage').toEqual(cluster.servers.map((s) => `127.0.0.1:${s.port}`));
});

test('a server killed under 50 connections: no client sees an error', async () => {
  test.setTimeout(90_000);
  for (const server of cluster.servers) {
    for (const page of LOAD) expect((await get(server.url + page)).status, `${page} on server ${server.index}`).toBe(200);
  }
  const victim = cluster.servers[1]!;
  let next = 0;
  const started = Date.now();
  const run = autocannon({
    url: cluster.url,
    connections: 50,
    duration: 30,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, path: LOAD[next++ % LOAD.length] }) }],
  });
  let killedAt = 0;
  const killer = setTimeout(() => {
    victim.kill('SIGKILL');
    killedAt = Date.now();
  }, 10_000);
  const result = await run;
  clearTimeout(killer);

  // nginx's access log names every server a request was sent to: "a, b" when a failed and b answered.
  const retried = fs
    .readFileSync(path.join(cluster.nginxDir, 'access.log'), 'utf8')
    .split('\n')
    .filter((line) => /upstream=(.*) upstream_status=/.exec(line)?.[1]?.includes(`127.0.0.1:${victim.port}, `)).length;
  console.log(
    `cluster: 50 connections for 30 s through nginx, server ${victim.index} killed after ${((killedAt - started) / 1000).toFixed(1)} s: ` +
      `${Math.round(result.requests.average)} requests/s (${result.requests.total} in all), ${result.errors} errors, ${result.timeouts} timeouts, ` +
      `${result.non2xx} non-2xx; nginx passed ${retried} requests from the killed server to another; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  expect(killedAt, 'the server was killed during the run').toBeGreaterThan(0);
  expect(victim.alive()).toBe(false);
  expect(
    await fetch(victim.url).then(
      () => 'answered',
      (error) => error.cause?.code,
    ),
    'the killed server',
  ).toBe('ECONNREFUSED');
  expect(result.errors, 'errors').toBe(0);
  expect(result.timeouts, 'timeouts').toBe(0);
  expect(result.non2xx, 'non-2xx answers').toBe(0);
  expect(result['2xx']).toBeGreaterThan(1_000);
});
