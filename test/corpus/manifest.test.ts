import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { readSimpleYaml } from '../../lib/content/model/front-matter-yaml';
import { loadContent } from '../helpers/load';
import type { Question } from '../../lib/content/model/types';
import { renderAnswer } from '../../lib/markdown/render';

// The real QuickTakes files (../shared/corpus/quicktakes), read by the site's own loader.

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const CORPUS = path.join(SHARED, 'corpus', 'quicktakes');
const content = loadContent(CORPUS);

interface ManifestLine {
  path: string;
  id: number;
  subject: string;
  url: string;
  features: string[];
}
const manifest: ManifestLine[] = fs
  .readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file, id, subject, url, , features] = line.split('\t') as string[];
    return { path: file!, id: Number(id), subject: subject!, url: url!, features: features ? features.split(',') : [] };
  });

/** Each MANIFEST feature, as the loader's output shows it. */
const FEATURES: Record<string, (q: Question) => boolean> = {
  code: (q) => /^\s*```/m.test(q.answer),
  heading: (q) => /^#{1,6} \S/m.test(q.answer),
  related: (q) => q.related.length > 0,
  nonascii: (q) => /[^\x00-\x7f]/.test(JSON.stringify(q)),
  // Folded (`>-`) titles come out as one clean line.
  folded_title: (q) => q.title.length > 0 && !q.title.includes('\n') && !q.title.startsWith('>') && q.title === q.title.trim(),
  crosslisted: (q) => q.copies.length > 0,
  no_index: (q) => q.noIndex,
  no_score: (q) => q.score === null,
  math: (q) => /\$|\\\(|\\\[/.test(q.answer),
  table: (q) => /^\s*\|.*\|\s*$/m.test(q.answer) && /^\s*\|?\s*:?-{3,}/m.test(q.answer),
};
// The manifest marks these exactly. It marks `math` only where an answer has `$$`, `\(` or
// `\frac` (not `$O(1)$`), `no_score` on 2 of the 8 files without a score, and `crosslisted` not on
// the LINEST pair (same id, slug and answer under chemistry and mathematics): for those three a
// feature it names must be there, but the loader may find it in more files.
const EXACT = ['code', 'heading', 'related', 'nonascii', 'no_index', 'table'];

test('every real file loads, with zero errors', () => {
  assert.deepEqual(content.problems, []);
  assert.equal(content.fileCount, manifest.length);
  assert.equal(content.questions.length, manifest.length);
});

for (const line of manifest) {
  test(`MANIFEST: ${line.path}`, () => {
    const q = content.questions.find((question) => question.file === line.path);
    assert.ok(q, 'loaded');
    assert.equal(q.url, line.url);
    assert.equal(q.id, line.id);
    assert.equal(q.subject.slug, line.url.split('/')[2]);
    assert.equal(q.subject.name.toLowerCase(), line.subject.toLowerCase(), 'one display name, the same words');
    for (const feature of line.features) assert.ok(FEATURES[feature]!(q), `has ${feature}`);
    for (const feature of EXACT) assert.equal(FEATURES[feature]!(q), line.features.includes(feature), `${feature} as the manifest says`);
    assert.doesNotMatch(q.answer.replace(/\\n(?:eq|u|abla)\b/g, ''), /\\n/, 'no escaped line break left');
  });
}

test('the fast YAML reader gives js-yaml’s result on every real file and the seed example', () => {
  const files = [...manifest.map((l) => path.join(CORPUS, l.path)), path.join(SHARED, 'content-format', 'seed-example.md')];
  for (const file of files) {
    const text = matter(fs.readFileSync(file, 'utf8'), { engines: { yaml: () => ({}) } }).matter;
    const fast = readSimpleYaml(text);
    assert.ok(fast, `${file}: read by the fast path`);
    assert.deepStrictEqual(fast, yaml.safeLoad(text), file);
  }
});

test('every real answer renders with zero KaTeX errors and no literal \\n', (t) => {
  let formulas = 0;
  const fallbacks: string[] = [];
  for (const q of content.questions) {
    const rendered = renderAnswer(q.answer);
    fallbacks.push(...rendered.mathErrors.map((e) => `${q.file}: ${e.tex}: ${e.error}`));
    assert.equal(rendered.html.split('class="math-source"').length - 1, rendered.mathErrors.length, q.file);
    assert.doesNotMatch(rendered.html, /katex-error/, q.file);
    const text = rendered.html.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]+>/g, '');
    assert.doesNotMatch(text, /\\n(?![a-z])/, q.file);
    formulas += rendered.html.split('class="katex"').length - 1;
  }
  // Formulas KaTeX refuses are shown as their source (the readable fallback): none on this sample.
  t.diagnostic(`${formulas} formulas typeset, ${fallbacks.length} shown as source (KaTeX fallbacks)`);
  console.log(`KaTeX on the real corpus: ${formulas} formulas typeset, ${fallbacks.length} fallbacks`);
  assert.deepEqual(fallbacks, []);
  assert.ok(formulas > 500, `${formulas} formulas typeset`);
});

test('page titles are unique across the canonical pages of the real corpus', () => {
  const canonical = content.questions.filter((q) => q.canonicalUrl === q.url);
  assert.equal(new Set(canonical.map((q) => q.pageTitle)).size, canonical.length);
});
