import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sitemapCount, sitemapIndexXml, sitemapSource, sitemapXml, URLS_PER_SITEMAP } from '../lib/seo/sitemap';
import { buildStore } from './helpers/content-db';
import { generateContent } from './helpers/generate';

const SITE = 'https://learn.example.org';
const N = 22_000;

test('sitemaps: an index of children of at most 10,000 urls, each canonical indexable page once', async () => {
  // N questions over 4 subjects (test/helpers/generate.ts): every 7th cross-listed under a second
  // subject, every 100th (i % 100 == 3) no_index with its copies.
  const { store } = await buildStore(generateContent(path.join(os.tmpdir(), 'sitemap-generated'), N));
  const source = await sitemapSource(store);
  const count = sitemapCount(source, SITE);
  assert.equal(count, 3);
  const children = [...sitemapIndexXml(source, SITE).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.deepEqual(
    children,
    [0, 1, 2].map((id) => `${SITE}/sitemap/${id}.xml`),
  );
  const urls: string[] = [];
  for (let id = 0; id < count; id++) {
    const xml = await sitemapXml(source, SITE, id);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const locs = [...xml.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>\d{4}-\d\d-\d\d<\/lastmod><\/url>/g)].map((m) => m[1]!);
    assert.ok(locs.length <= URLS_PER_SITEMAP);
    if (id < count - 1) assert.equal(locs.length, URLS_PER_SITEMAP, 'only the last child is short');
    urls.push(...locs);
  }
  assert.equal(new Set(urls).size, urls.length, 'no url twice');
  const questions = urls.filter((u) => u.includes('/questions/'));
  assert.equal(questions.length, N - N / 100, 'one url per question, no_index left out');
  assert.ok(!questions.includes(`${SITE}/learn/world-history/questions/question-3-market`), 'no_index is left out');
  const copies = [`${SITE}/learn/biology/questions/question-0-cell`, `${SITE}/learn/world-history/questions/question-0-cell`];
  assert.equal(copies.filter((u) => questions.includes(u)).length, 1, 'one copy of a cross-listed question');
  const physics = (await store.subjectPage('physics', 1))!.pageCount;
  assert.ok(physics > 80);
  assert.ok(urls.includes(`${SITE}/learn/physics/page/${physics}`), 'every listing page');
  assert.ok(!urls.includes(`${SITE}/learn/physics/page/${physics + 1}`));
  assert.deepEqual(urls.slice(0, 4), [`${SITE}/`, `${SITE}/learn`, `${SITE}/learn/topics`, `${SITE}/learn/biology`]);
  // Every topic's first page, once; not its later pages nor its pages filtered to one subject.
  const topics = urls.filter((u) => u.startsWith(`${SITE}/learn/topics/`));
  const expected = (await store.topicIndex(1))!.topics.map((t) => `${SITE}/learn/topics/${t.slug}`);
  assert.ok(expected.length > 10);
  assert.deepEqual(topics, expected);
  store.close();
});
