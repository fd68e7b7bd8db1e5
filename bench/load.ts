// `npm run bench -- load`: the site under load, with autocannon (pinned), against `next start` on
// 127.0.0.1, on the real sample and on 100,000 questions with a realistic vocabulary and topics
// (bench/gen-realistic.ts), in one run: cached question
// pages, question pages rendered on demand (every request a url not rendered before; 100,000
// only: the sample has too few), subject and topic pages, search, each at 50 and 200 connections
// for LOAD_SECONDS (30 s), with and without `Accept-Encoding: gzip`; the server's RSS before and
// after. As the ceiling, Debian's nginx serving the same built HTML in the same run; and the
// self-hosting setup the README describes (nginx caching in front of `next start`, then of two
// processes sharing one build). The load generator shares the machine's two cores with them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'libsql';
import { nextBuild, onDemandUrls, startServer, treeRssKB, withServer } from './build';
import { fmt, realCorpus, realisticCorpus, ROOT, table, WORK } from './lib';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONNECTIONS = [50, 200];
export const NGINX_PORT = 3480;

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

/** autocannon on `base`, each request's path from `next()`. */
export async function fire(base: string, connections: number, gzip: boolean, next: () => string): Promise<Figures> {
  const result = await autocannon({
    url: base,
    connections,
    duration: SECONDS,
    timeout: 10,
    headers: gzip ? { 'accept-encoding': 'gzip' } : {},
    requests: [{ setupRequest: (request) => ({ ...request, path: next() }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

const cycle = (urls: string[]) => {
  let i = 0;
  return () => urls[i++ % urls.length]!;
};

/** Debian's module that sends a file's precompressed `.br` copy (scripts/precompress-static.ts). */
const BROTLI_STATIC = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

/** Debian's nginx and its brotli_static module (installed when missing), as root, on `config`, once it answers; stopped (and gone) by the returned function. */
export async function nginx(config: string): Promise<() => Promise<void>> {
  if (!fs.existsSync('/usr/sbin/nginx') || !fs.existsSync(BROTLI_STATIC)) {
    const install = 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light libnginx-mod-http-brotli-static >/dev/null';
    spawnSync('bash', ['-c', `${install} 2>&1 || (apt-get update -q >/dev/null && ${install})`], { stdio: 'inherit' });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-'));
  const file = path.join(dir, 'nginx.conf');
  // Its workers run as root like its master: the cache and temporary folders are root's.
  fs.writeFileSync(
    file,
    `load_module ${BROTLI_STATIC}; user root; worker_processes 2; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off; types { text/html html; } default_type text/html; sendfile on; keepalive_requests 100000;
  gzip on; gzip_types text/html; gzip_comp_level 6; gzip_min_length 256;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  ${config.replaceAll('$DIR', dir)}
}`,
  );
  const server: ChildProcess = spawn('/usr/sbin/nginx', ['-c', file, '-e', `${dir}/error.log`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (
    let i = 0;
    !(await fetch(`http://127.0.0.1:${NGINX_PORT}/`).then(
      () => true,
      () => false,
    ));
    i++
  ) {
    if (i > 50 || server.exitCode !== null) throw new Error(`nginx did not start: ${fs.readFileSync(`${dir}/error.log`, 'utf8').slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return async () => {
    server.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * The build's hashed files and KaTeX's, sent by nginx from the build at `root` with their
 * precompressed copies, as docs/deploying.md deploys them; a file it lacks is asked of `upstream`.
 */
export const STATIC_FROM_DISK = (root: string, upstream: string) =>
  ['/_next/static/', '/katex/']
    .map(
      (url) => `location ${url} { alias ${path.join(root, url === '/katex/' ? 'public/katex' : '.next/static')}/;
      types { application/javascript js; text/css css; font/woff2 woff2; } brotli_static on; gzip_static on;
      add_header Cache-Control "public, max-age=31536000, immutable"; add_header X-Content-Type-Options nosniff;
      error_page 404 = @site; }`,
    )
    .join('\n    ') + `\n    location @site { proxy_pass ${upstream}; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; }`;

/** The README's self-hosting setup: nginx caching what `next start` says may be cached, in front of one or more of them. */
export const PROXY_CACHE = (upstreams: string[]) => `proxy_cache_path $DIR/cache levels=1:2 keys_zone=pages:50m max_size=2g inactive=1h use_temp_path=off;
  upstream site { ${upstreams.map((u) => `server ${u.replace('http://', '')};`).join(' ')} keepalive 64; }
  server { listen 127.0.0.1:${NGINX_PORT};
    proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host;
    proxy_cache pages; proxy_cache_lock on; proxy_cache_use_stale error timeout updating http_500 http_502 http_503;
    proxy_cache_key $scheme$host$uri$is_args$args$http_accept_encoding;
    location / { proxy_pass http://site; }
    # Search results change only with the content: kept a minute, whatever the page says.
    location /search { proxy_pass http://site; proxy_ignore_headers Cache-Control Expires; proxy_cache_valid 200 1m; } }`;

const STATIC = (root: string) => `server { listen 127.0.0.1:${NGINX_PORT}; root ${root};
    location / { try_files $uri.html $uri/index.html $uri =404; } location = / { try_files /index.html =404; } }`;

/** Question, subject and topic urls of the built site; search queries from real titles. */
function urlsOf() {
  const db = new Database(path.join(ROOT, '.content', 'content.db'), { readonly: true });
  const questions = (
    db.prepare('SELECT subject_slug, slug FROM questions WHERE canonical_url IS NULL ORDER BY rowid LIMIT 2000').raw().all() as [string, string][]
  ).map(([s, q]) => `/learn/${s}/questions/${q}`);
  const subjects = (db.prepare('SELECT slug FROM subjects').raw().all() as [string][]).map(([s]) => `/learn/${s}`);
  const topics = (db.prepare('SELECT slug FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC LIMIT 200').raw().all() as [string][]).map(
    ([t]) => `/learn/topics/${t}`,
  );
  const titles = (db.prepare('SELECT title FROM questions ORDER BY rowid LIMIT 300').raw().all() as [string][]).map(([t]) => t);
  db.close();
  const searches = titles.map((t) => `/search?q=${encodeURIComponent(t.split(/\s+/).slice(1, 4).join(' '))}`);
  return { questions, listings: [...subjects, ...topics], searches };
}

export async function benchLoad(log: (line: string) => void, out: string[]) {
  out.push(
    `autocannon ${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')).version}, ${SECONDS} s a run, on the same 2 cores as the server. Latencies in ms.`,
    '',
  );
  const rows: (string | number)[][] = [];
  const row = (corpus: string, server: string, what: string, connections: number, gzip: boolean, f: Figures) => {
    rows.push([corpus, server, what, connections, gzip ? 'gzip' : '–', fmt(f.requestsPerSecond), fmt(f.p50), fmt(f.p99), f.errors, f.timeouts, f.non2xx]);
    log(
      `load: ${corpus} ${server} ${what} ${connections}${gzip ? ' gzip' : ''}: ${fmt(f.requestsPerSecond)}/s p50 ${f.p50} p99 ${f.p99} errors ${f.errors} timeouts ${f.timeouts} non-2xx ${f.non2xx}`,
    );
    return f;
  };
  const rss: string[] = [];
  for (const [corpus, dir] of [
    ['real sample', realCorpus()],
    ['100,000', realisticCorpus(100_000)],
  ] as const) {
    log(`load: building ${corpus}`);
    await nextBuild(dir, 1_000);
    const { questions, listings, searches } = urlsOf();
    const warmed = new Set(questions.slice(0, 500));
    const uncached = corpus === 'real sample' ? [] : onDemandUrls(40_000).filter((u) => !warmed.has(u));
    await withServer(async (base, pid) => {
      for (const url of [...questions.slice(0, 500), ...listings]) await (await fetch(base + url)).text(); // cached from here on
      const before = treeRssKB(pid) / 1024;
      const cachedQuestions = questions.slice(0, 500);
      for (const connections of CONNECTIONS) {
        for (const gzip of [false, true]) {
          row(corpus, 'next start', 'cached question pages', connections, gzip, await fire(base, connections, gzip, cycle(cachedQuestions)));
          if (uncached.length > 0) {
            const f = row(
              corpus,
              'next start',
              'on demand (distinct urls)',
              connections,
              gzip,
              await fire(base, connections, gzip, () => uncached.shift() ?? '/learn'),
            );
            if (uncached.length === 0) log(`load: ran out of uncached urls (${f.total})`);
          }
          row(corpus, 'next start', 'subject and topic pages', connections, gzip, await fire(base, connections, gzip, cycle(listings)));
          row(corpus, 'next start', 'search', connections, gzip, await fire(base, connections, gzip, cycle(searches)));
        }
      }
      rss.push(`${corpus}: server RSS ${fmt(before)} MB before the load, ${fmt(treeRssKB(pid) / 1024)} MB after`);

      // The ceiling: nginx serving the same built HTML from disk.
      const stopStatic = await nginx(STATIC(path.join(ROOT, '.next', 'server', 'app')));
      const nginxBase = `http://127.0.0.1:${NGINX_PORT}`;
      const prerendered = cachedQuestions.filter((u) => fs.existsSync(path.join(ROOT, '.next', 'server', 'app', `${u}.html`)));
      try {
        for (const connections of CONNECTIONS) {
          for (const gzip of [false, true])
            row(corpus, 'nginx, static files', 'cached question pages', connections, gzip, await fire(nginxBase, connections, gzip, cycle(prerendered)));
        }
      } finally {
        await stopStatic();
      }
      // The self-hosting setup: nginx's cache in front of next start.
      const stopProxy = await nginx(PROXY_CACHE([base]));
      try {
        for (const url of cachedQuestions) await (await fetch(nginxBase + url, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
        for (const url of cachedQuestions) await (await fetch(nginxBase + url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer();
        for (const gzip of [false, true])
          row(corpus, 'nginx cache → next start', 'cached question pages', 200, gzip, await fire(nginxBase, 200, gzip, cycle(cachedQuestions)));
        row(corpus, 'nginx cache → next start', 'subject and topic pages', 200, true, await fire(nginxBase, 200, true, cycle(listings)));
        row(corpus, 'nginx cache → next start', 'search', 200, true, await fire(nginxBase, 200, true, cycle(searches)));
      } finally {
        await stopProxy();
      }
      // Several processes on one build, sharing its page cache on disk, behind nginx's cache: on
      // demand, every request a url none of them rendered before.
      if (uncached.length === 0) return;
      const second = await startServer(3401);
      const stopCluster = await nginx(PROXY_CACHE([base, second.base]));
      try {
        for (const connections of CONNECTIONS) {
          row(
            corpus,
            'nginx cache → 2 × next start',
            'on demand (distinct urls)',
            connections,
            true,
            await fire(nginxBase, connections, true, () => uncached.shift() ?? '/learn'),
          );
        }
        for (const url of cachedQuestions) await (await fetch(nginxBase + url, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
        row(corpus, 'nginx cache → 2 × next start', 'cached question pages', 200, true, await fire(nginxBase, 200, true, cycle(cachedQuestions)));
      } finally {
        await stopCluster();
        await second.stop();
      }
    });
  }
  out.push(
    table(['corpus', 'server', 'pages', 'connections', 'encoding', 'requests/s', 'p50', 'p99', 'errors', 'timeouts', 'non-2xx'], rows),
    '',
    ...rss.map((r) => `- ${r}`),
  );
  fs.mkdirSync(WORK, { recursive: true });
}
