import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadContent, type LoadedContent } from './helpers/load';
import type { Question } from '../lib/content/model/types';
import { questionJsonLd, serializeJsonLd } from '../lib/seo/json-ld';
import { questionMetadata } from '../lib/seo/metadata';

process.env.SITE_URL = 'https://learn.example.org/';
const ORIGIN = 'https://learn.example.org';

const ROOT = path.resolve(import.meta.dirname, '..');
const sample = loadContent(path.join(ROOT, 'content'));
const hostile = loadContent(path.join(ROOT, 'test/fixtures/hostile'));

function jsonLdOf(content: LoadedContent, q: Question) {
  const canonical = content.index.getByUrl(q.canonicalUrl)!;
  return questionJsonLd(q, canonical, content.index.getSubject(canonical.subjectSlug)!.name);
}

/** The JSON-LD as a browser or crawler reads it back out of the page's HTML. */
function roundTrip(data: unknown): unknown {
  const html = `<script type="application/ld+json">${serializeJsonLd(data)}</script><p>after</p>`;
  const body = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
  return JSON.parse(body);
}

test('the JSON-LD of every sample page is a valid Article and BreadcrumbList', () => {
  assert.ok(sample.questions.length >= 15);
  for (const q of sample.questions) {
    const data = jsonLdOf(sample, q);
    assert.deepEqual(roundTrip(data), data, q.url);
    const [article, breadcrumbs] = data as [Record<string, any>, Record<string, any>];
    const canonical = `${ORIGIN}${q.canonicalUrl}`;
    assert.equal(article['@context'], 'https://schema.org');
    assert.equal(article['@type'], 'Article');
    assert.ok(typeof article.headline === 'string' && article.headline.length > 0 && article.headline.length <= 110);
    assert.equal(article.description, q.seo.description);
    assert.match(article.datePublished, /^\d{4}-\d\d-\d\d$/);
    assert.equal(article.author.name, q.author);
    assert.equal(article.publisher['@type'], 'Organization');
    assert.equal(article.mainEntityOfPage['@id'], canonical);
    assert.equal(article.url, canonical);
    assert.deepEqual(article.keywords, q.seo.keywords);
    assert.equal(article.inLanguage, 'en');
    assert.ok(article.articleSection);
    assert.equal(breadcrumbs['@type'], 'BreadcrumbList');
    assert.deepEqual(
      breadcrumbs.itemListElement.map((c: any) => c.position),
      [1, 2, 3, 4],
    );
    assert.equal(breadcrumbs.itemListElement[3].item, canonical);
    for (const crumb of breadcrumbs.itemListElement) assert.ok(crumb.item.startsWith(`${ORIGIN}/`));
  }
});

test('cross-listed copies describe the canonical page in their JSON-LD', () => {
  const copies = sample.questions.filter((q) => q.copies.length > 0);
  assert.equal(copies.length, 2);
  const [a, b] = copies.map((q) => jsonLdOf(sample, q)[0] as Record<string, any>);
  assert.equal(a!.url, b!.url);
  assert.equal(a!.articleSection, b!.articleSection);
});

test('a title with </script> or <!-- cannot break out of the JSON-LD script element', () => {
  const q = hostile.questions.find((q) => q.id === 990001)!;
  assert.match(q.title, /<\/script>.*<!--/);
  const serialized = serializeJsonLd(jsonLdOf(hostile, q));
  assert.doesNotMatch(serialized, /[<>]/);
  assert.doesNotMatch(serialized, /<\/script|<!--/i);
  const back = roundTrip(jsonLdOf(hostile, q)) as [Record<string, any>];
  assert.equal(back[0].headline.slice(0, 30), q.articleTitle.slice(0, 30));
  assert.ok(serializeJsonLd({ s: 'a\u2028b' }).includes('\\u2028'));
});

test('page titles are unique across canonical pages', () => {
  const canonical = sample.questions.filter((q) => q.canonicalUrl === q.url);
  assert.equal(new Set(canonical.map((q) => q.pageTitle)).size, canonical.length);
});

test('question metadata: description, keywords, canonical, Open Graph, Twitter, robots', () => {
  const copy = sample.questions.find((q) => q.copies.length > 0 && q.canonicalUrl !== q.url)!;
  const meta = questionMetadata(copy);
  assert.equal(meta.title, copy.pageTitle);
  assert.equal(meta.description, copy.seo.description);
  assert.deepEqual(meta.keywords, copy.seo.keywords);
  assert.equal(meta.alternates?.canonical, copy.canonicalUrl);
  assert.notEqual(copy.canonicalUrl, copy.url);
  assert.equal(meta.robots, undefined);
  assert.deepEqual(
    { ...meta.openGraph, tags: undefined },
    {
      type: 'article',
      title: copy.pageTitle,
      description: copy.seo.description,
      url: copy.canonicalUrl,
      siteName: 'QuickTakes Learn',
      publishedTime: copy.date,
      section: copy.subject.name,
      tags: undefined,
    },
  );
  assert.equal((meta.twitter as { card: string }).card, 'summary_large_image');
  const hidden = sample.questions.find((q) => q.noIndex)!;
  assert.deepEqual(questionMetadata(hidden).robots, { index: false, follow: true });
});
