import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadContent } from '../../lib/content/load';

// The site built from the real corpus, every question page checked over HTTP.

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/quicktakes');
const SITE_URL = 'https://corpus.example.org';
const PORT = 3300;
const env = { ...process.env, CONTENT_DIR: CORPUS, SITE_URL, NEXT_TELEMETRY_DISABLED: '1' };
const questions = loadContent(CORPUS).questions;
let server: ChildProcess;

before(async () => {
  execFileSync('npx', ['next', 'build'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(PORT)], { cwd: ROOT, env, stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${PORT}/robots.txt`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('next start did not answer');
});

after(() => {
  if (server?.pid) process.kill(-server.pid);
});

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" })[e]!);

for (const q of questions) {
  test(`page: ${q.url}`, async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}${q.url}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.equal(decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? ''), `${q.pageTitle} | QuickTakes Learn`);
    assert.equal(/<link rel="canonical" href="([^"]+)"/.exec(html)?.[1], `${SITE_URL}${q.canonicalUrl}`);
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const [article] = JSON.parse(jsonLd ?? 'null') as [{ '@type': string; url: string }];
    assert.equal(article['@type'], 'Article');
    assert.equal(article.url, `${SITE_URL}${q.canonicalUrl}`);
    assert.doesNotMatch(html, /katex-error|class="math-source"/);
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)![1]!;
    const text = main.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]+>/g, '');
    assert.doesNotMatch(text, /\\n(?![a-z])/, 'no literal \\n in the page');
    if (q.noIndex) assert.match(html, /<meta name="robots" content="noindex, follow"\/>/);
  });
}

test('the sitemaps list each indexable question once, canonical copies only', async () => {
  const index = await (await fetch(`http://127.0.0.1:${PORT}/sitemap.xml`)).text();
  const children = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const listed = new Set<string>();
  for (const child of children) {
    const xml = await (await fetch(`http://127.0.0.1:${PORT}${child}`)).text();
    for (const m of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) listed.add(new URL(m[1]!).pathname);
  }
  const expected = questions.filter((q) => q.canonicalUrl === q.url && !q.noIndex).map((q) => q.url);
  assert.deepEqual([...listed].filter((u) => u.includes('/questions/')).sort(), expected.sort());
});
