import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentIndex } from '../lib/content/content-index';
import { buildCorpus, type IndexRecord } from '../lib/content/corpus';
import { sitemapCount, sitemapIndexXml, sitemapXml, URLS_PER_SITEMAP } from '../lib/seo/sitemap';

const SITE = 'https://learn.example.org';

/** n questions over 3 subjects; every 7th is cross-listed into another subject, every 100th no_index. */
function corpusOf(n: number): ContentIndex {
  const subjects = ['biology', 'physics', 'history'];
  const records: IndexRecord[] = [];
  for (let i = 0; i < n; i++) {
    const subjectSlug = subjects[i % 3]!;
    const slug = `question-${i}`;
    const base = { id: i, slug, title: `Question ${i}?`, date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`, description: 'd' };
    records.push({ ...base, file: `${subjectSlug}/${slug}.md`, url: `/learn/${subjectSlug}/questions/${slug}`, subjectSlug, subjectAsWritten: subjectSlug, noIndex: i % 100 === 0 });
    if (i % 7 === 0) {
      const other = subjects[(i + 1) % 3]!;
      records.push({ ...base, file: `${other}/${slug}.md`, url: `/learn/${other}/questions/${slug}`, subjectSlug: other, subjectAsWritten: other, noIndex: false });
    }
  }
  return new ContentIndex(buildCorpus(records));
}

test('sitemaps: an index of children of at most 10,000 urls, each canonical indexable page once', () => {
  const index = corpusOf(25_000);
  const count = sitemapCount(index, SITE);
  assert.equal(count, 3);
  const children = [...sitemapIndexXml(index, SITE).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.deepEqual(children, [0, 1, 2].map((id) => `${SITE}/sitemap/${id}.xml`));
  const urls: string[] = [];
  for (let id = 0; id < count; id++) {
    const xml = sitemapXml(index, SITE, id);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const locs = [...xml.matchAll(/<url><loc>([^<]+)<\/loc><lastmod>\d{4}-\d\d-\d\d<\/lastmod><\/url>/g)].map((m) => m[1]!);
    assert.ok(locs.length <= URLS_PER_SITEMAP);
    urls.push(...locs);
  }
  assert.equal(new Set(urls).size, urls.length, 'no url twice');
  const questions = urls.filter((u) => u.includes('/questions/'));
  // 25,000 questions, 250 of them no_index, but 36 of those (every 700th) have a cross-listed copy
  // that may be indexed, which is then the canonical page; other copies are not listed.
  assert.equal(questions.length, 25_000 - 250 + 36);
  assert.ok(!questions.includes(`${SITE}/learn/biology/questions/question-100`), 'no_index is left out');
  assert.ok(questions.includes(`${SITE}/learn/physics/questions/question-7`) !== questions.includes(`${SITE}/learn/history/questions/question-7`), 'one copy');
  const pages = index.subjectPage('physics', 1)!.pageCount;
  assert.ok(pages > 150);
  assert.ok(urls.includes(`${SITE}/learn/physics/page/${pages}`), 'every listing page');
  assert.ok(!urls.includes(`${SITE}/learn/physics/page/${pages + 1}`));
  assert.deepEqual(urls.slice(0, 3), [`${SITE}/`, `${SITE}/learn`, `${SITE}/learn/biology`]);
});
