// `npm run bench -- phone`: Lighthouse mobile (12.2.3, simulated throttling) on the site built
// from the real sample: home, the practice pages of the largest subject and topic, the saved
// page, the lightest question page, /learn, the largest subject, the search page and a results
// page, the largest topic, and the 10 heaviest question pages (by HTML size). Median of 3 runs a
// page. And our own JavaScript by page type, before the study tools (PHONE_BEFORE) and now.
// On this host Lighthouse's performance score is bound by the machine (docs/performance.md):
// the bytes each page downloads are what compare across runs.
import { chromium } from '@playwright/test';
import Database from 'libsql';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nextBuild, withServer } from './build';
import { fmt, realCorpus, ROOT, table } from './lib';
import { NGINX_PORT, nginx, STATIC_FROM_DISK } from './load';
import { precompressStatic } from '../scripts/precompress-static';
import { FRAMEWORK_ONLY_PAGE, ownJavaScript } from './own-js';
import { lighthouseRuns, medianRun, type LighthouseRun } from './lighthouse';

const RUNS = 3;
/** The commit before the study tools (practice, saved, copy-tex): our JavaScript then. */
const BEFORE = process.env.PHONE_BEFORE ?? '66e33cb';
/** nginx's TLS port (its plain port, NGINX_PORT, tells when it is up). */
const TLS_PORT = NGINX_PORT + 1;
/** The same, with nginx passing every request to `next start`. */
const PROXIED_TLS_PORT = NGINX_PORT + 2;
const log = (line: string) => console.error(line);

/** The pages measured, from the database of the current build: fixed pages, then the 10 heaviest questions. */
export async function phonePages(base: string, root = ROOT): Promise<{ name: string; path: string }[]> {
  const db = new Database(path.join(root, '.content', 'content.db'), { readonly: true });
  const [subject] = db.prepare('SELECT slug FROM subjects ORDER BY count DESC LIMIT 1').raw().get() as [string];
  const topic = db.prepare('SELECT slug FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC LIMIT 1').raw().get() as [string] | undefined;
  const questions = (db.prepare('SELECT subject_slug, slug FROM questions').raw().all() as [string, string][]).map(
    ([s, slug]) => `/learn/${s}/questions/${slug}`,
  );
  db.close();
  const sizes = await Promise.all(questions.map(async (url) => ({ url, bytes: (await (await fetch(base + url)).arrayBuffer()).byteLength })));
  sizes.sort((a, b) => b.bytes - a.bytes);
  const heaviest = sizes.slice(0, 10);
  return [
    { name: 'home', path: '/' },
    { name: 'practice, largest subject', path: `/learn/${subject}/practice` },
    ...(topic ? [{ name: 'practice, largest topic', path: `/learn/topics/${topic[0]}/practice` }] : []),
    { name: 'saved', path: '/saved' },
    { name: 'lightest question', path: sizes.at(-1)!.url },
    { name: '/learn', path: '/learn' },
    { name: `largest subject`, path: `/learn/${subject}` },
    { name: 'search page', path: '/search' },
    { name: 'search results', path: '/search?q=electric+field' },
    ...(topic ? [{ name: 'largest topic', path: `/learn/topics/${topic[0]}` }] : []),
    ...heaviest.map((q, i) => ({ name: `question ${i + 1} (${fmt(q.bytes / 1024)} KB)`, path: q.url })),
  ];
}

/** Lighthouse on every page of the current build, each fetched once first (so that none is measured while it renders). */
async function measure() {
  return withServer(async (base) => {
    const list = await phonePages(base);
    for (const page of list) await (await fetch(base + page.path)).text();
    const results = new Map<string, LighthouseRun>();
    for (const page of list) {
      log(`phone: ${page.path}`);
      results.set(page.path, medianRun(await lighthouseRuns(base + page.path, RUNS)));
    }
    return { list, results };
  });
}

const kb = (n: number | undefined) => fmt((n ?? 0) / 1024, 1);
const cells = (r: LighthouseRun) => [
  r.performance,
  fmt(r.lcp / 1000, 2),
  fmt(r.tbt),
  fmt(r.cls, 3),
  kb(r.bytes.document),
  kb(r.bytes.script),
  kb(r.bytes.stylesheet),
  kb(r.bytes.font),
];

/** Page types, and which of phonePages is each: our JavaScript is measured on one page of each. */
const PAGE_TYPES: [type: string, name: RegExp][] = [
  ['home', /^home$/],
  ['subject listing', /^largest subject$/],
  ['topic', /^largest topic$/],
  ['search results', /^search results$/],
  ['question without formulas', /^lightest question$/],
  ['question with formulas (the heaviest)', /^question 1 /],
  ['practice', /^practice, largest subject$/],
  ['saved', /^saved$/],
];

/** Our JavaScript on a page of each type, of the build at `root` (served there); `–` where the page does not exist. */
async function ownJavaScriptByType(root = ROOT): Promise<Map<string, string>> {
  return withServer(
    async (base) => {
      const list = await phonePages(base, root);
      const paths = PAGE_TYPES.map(([, name]) => list.find((p) => name.test(p.name))!.path);
      const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
      try {
        const exists = await Promise.all(paths.map(async (p) => (await fetch(base + p)).ok));
        const measured = await ownJavaScript(browser, base, paths);
        return new Map(PAGE_TYPES.map(([type], i) => [type, exists[i] ? `${fmt(measured[i]!.gzip / 1024, 2)} (${measured[i]!.files.length})` : '–']));
      } finally {
        await browser.close();
      }
    },
    {},
    root,
  );
}

/**
 * A checkout of `commit` outside the project (inside it, the build would find two copies of
 * every package: its own and the project's above it), built from the real sample.
 */
async function buildCheckout(commit: string): Promise<string> {
  const dir = path.join(os.tmpdir(), `quicktakes-checkout-${commit}`);
  if (!fs.existsSync(dir)) execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: ROOT, stdio: 'ignore' });
  // Its own node_modules, hard links to the project's: Turbopack compiles nothing outside the checkout (a symlink is outside).
  if (!fs.existsSync(path.join(dir, 'node_modules'))) execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
  await nextBuild(realCorpus(), 1000, {}, dir);
  return dir;
}

/** Pages measured as deployed (behind nginx with TLS and HTTP/2): the three heaviest questions, the lightest, a practice page. */
const DEPLOYED = /^(question [123] |lightest question|practice, largest subject)/;

/** Runs a deployed page is measured: more than elsewhere, since whether Next's scripts run before
 * the first paint on this host decides whether Lighthouse counts them in LCP (docs/performance.md). */
const DEPLOYED_RUNS = 5;

interface Deployed {
  /** As docs/deploying.md deploys it: nginx sends the build's hashed files, precompressed. */
  deployed: LighthouseRun;
  /** nginx passing every request to `next start` (the deployment before 2026-12-03). */
  proxied?: LighthouseRun;
}

/**
 * Lighthouse (median of DEPLOYED_RUNS) on DEPLOYED pages of the build at `root`, served as the
 * README deploys it: nginx with TLS (a self-signed certificate, which Chromium is told to accept)
 * and HTTP/2 in front of `next start`, sending the build's hashed files itself with their
 * precompressed copies; with `proxied`, also through nginx passing every request on, the two
 * measured in turn. By page name; a page the build lacks is left out.
 */
async function deployedLighthouse(root = ROOT, proxied = false): Promise<Map<string, Deployed>> {
  const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', `${certs}/key.pem`, '-out', `${certs}/cert.pem`],
    {
      stdio: 'ignore',
    },
  );
  try {
    return await withServer(
      async (base) => {
        const pages = (await phonePages(base, root)).filter((p) => DEPLOYED.test(p.name));
        precompressStatic([path.join(root, '.next', 'static'), path.join(root, 'public', 'katex')]);
        const tls = `ssl_certificate ${certs}/cert.pem; ssl_certificate_key ${certs}/key.pem;`;
        const site = `location / { proxy_pass ${base}; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; }`;
        const stop = await nginx(`server { listen 127.0.0.1:${NGINX_PORT}; listen 127.0.0.1:${TLS_PORT} ssl http2; ${tls}
          ${STATIC_FROM_DISK(root, base)}
          ${site} }
          server { listen 127.0.0.1:${PROXIED_TLS_PORT} ssl http2; ${tls} ${site} }`);
        const run = async (port: number, page: string) => (await lighthouseRuns(`https://127.0.0.1:${port}${page}`, 1, ['--ignore-certificate-errors']))[0]!;
        try {
          const results = new Map<string, Deployed>();
          for (const page of pages) {
            if (!(await fetch(base + page.path)).ok) continue;
            log(`phone, deployed: ${page.path}`);
            const runs: { deployed: LighthouseRun[]; proxied: LighthouseRun[] } = { deployed: [], proxied: [] };
            for (let i = 0; i < DEPLOYED_RUNS; i++) {
              runs.deployed.push(await run(TLS_PORT, page.path));
              if (proxied) runs.proxied.push(await run(PROXIED_TLS_PORT, page.path));
            }
            results.set(page.name.replace(/ \(.*/, ''), { deployed: medianRun(runs.deployed), proxied: proxied ? medianRun(runs.proxied) : undefined });
          }
          return results;
        } finally {
          await stop();
        }
      },
      {},
      root,
    );
  } finally {
    fs.rmSync(certs, { recursive: true, force: true });
  }
}

export async function benchPhone(out: string[]) {
  log(`phone: build the real sample at ${BEFORE} (before the study tools) and now`);
  const checkout = await buildCheckout(BEFORE);
  const before = await ownJavaScriptByType(checkout);
  const deployedBefore = await deployedLighthouse(checkout);
  await nextBuild(realCorpus(), 1000);
  const ownNow = await ownJavaScriptByType();
  const deployedNow = await deployedLighthouse(ROOT, true);
  const now = await measure();
  const rows = now.list.map((page) => {
    const a = now.results.get(page.path)!;
    return [
      `${page.name}: \`${page.path.length > 60 ? `${page.path.slice(0, 57)}…` : page.path}\``,
      ...cells(a),
      `${a.accessibility} / ${a.bestPractices} / ${a.seo}`,
      a.failed.join(', ') || '–',
    ];
  });
  out.push(
    '## On a phone (Lighthouse mobile)\n',
    `Lighthouse ${'12.2.3'} (mobile preset, default simulated throttling) in Debian's Chromium against \`next start\` of the real sample (\`../shared/corpus/quicktakes\`), each page requested once before it is measured; the run with the median performance score of ${RUNS}. LCP in seconds, TBT in milliseconds, transferred KB (gzip as served) of the document, scripts, stylesheets and fonts.\n`,
    table(['page', 'score', 'LCP', 'TBT', 'CLS', 'HTML', 'JS', 'CSS', 'fonts', 'a11y / BP / SEO', 'failed audits'], rows),
    '',
    '### Served as deployed: nginx with TLS and HTTP/2\n',
    `The same Lighthouse runs (median of ${DEPLOYED_RUNS}) through nginx with TLS and HTTP/2 in front of \`next start\`, as docs/deploying.md deploys it (nginx sends the build's hashed files and KaTeX's itself, with their brotli copies: scripts/precompress-static.ts), before (commit \`${BEFORE}\`) and now; and now with nginx passing every request to \`next start\` (as deployed until 2026-12-03), measured in turn with the deployed setup. Score, LCP in seconds, TBT in milliseconds.\n`,
    table(
      ['page', 'before: score', 'LCP', 'TBT', 'now: score', 'LCP', 'TBT', 'now, all proxied: score', 'LCP', 'TBT'],
      [...deployedNow.keys()].map((name) => {
        const [b, a] = [deployedBefore.get(name)?.deployed, deployedNow.get(name)!];
        const deployedCells = (r: LighthouseRun | undefined) => (r ? [r.performance, fmt(r.lcp / 1000, 2), fmt(r.tbt)] : ['–', '–', '–']);
        return [name, ...deployedCells(b), ...deployedCells(a.deployed), ...deployedCells(a.proxied)];
      }),
    ),
    '',
    '### Our JavaScript, by page type\n',
    `KB gzip (files) of the scripts a page loads, those it imports later included, that \`${FRAMEWORK_ONLY_PAGE}\` (no client component of ours) does not load (bench/own-js.ts): before, commit \`${BEFORE}\`, and now, both built from the real sample in this run. Budgets: question pages 3 KB, practice pages 10 KB.\n`,
    table(
      ['page type', 'before', 'now'],
      PAGE_TYPES.map(([type]) => [type, before.get(type)!, ownNow.get(type)!]),
    ),
    '',
  );
}
