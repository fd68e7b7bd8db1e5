import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { readSimpleYaml } from '../lib/content/model/front-matter-yaml';
import { listQuestionFiles } from '../lib/content/build/files';

// The fast reader must give js-yaml's result exactly, or step aside (null) for js-yaml.

function frontMatterOf(file: string): string {
  return matter(fs.readFileSync(file, 'utf8'), { engines: { yaml: () => ({}) } }).matter;
}

function agreesWithJsYaml(text: string, label: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === null) return false;
  assert.deepStrictEqual(fast, yaml.safeLoad(text), label);
  return true;
}

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
for (const folder of ['quirks', 'bad']) {
  test(`the fast YAML reader agrees with js-yaml on every fixture in ${folder}/`, () => {
    for (const file of listQuestionFiles(path.join(FIXTURES, folder))) {
      const text = frontMatterOf(path.join(FIXTURES, folder, file));
      let valid = true;
      try {
        yaml.safeLoad(text);
      } catch {
        valid = false;
      }
      if (valid) agreesWithJsYaml(text, file);
      else assert.equal(readSimpleYaml(text), null, `${file}: js-yaml rejects it, so must the fast reader`);
    }
  });
}

test('the fast YAML reader reads the whole of the seed example', () => {
  const seed = path.resolve(import.meta.dirname, '../../shared/content-format/seed-example.md');
  if (!fs.existsSync(seed)) return; // ../shared is beside the project in CI; the corpus test covers it there
  assert.ok(agreesWithJsYaml(frontMatterOf(seed), 'seed-example.md'));
});

test('the fast YAML reader reads the format it was written for', () => {
  const text = [
    '',
    '_schema: default',
    'id: -42',
    'date: 2025-01-31',
    'title: >-',
    '    What is "X": a & b — café?',
    'article_title: Plain title with \'quotes\' & "more"',
    'seo:',
    '  title: QuickTakes | Biology',
    '  page_keywords: >-',
    '    a, b,',
    '    c',
    'score: -1.0',
    'no_index: True',
    'related_article1:',
    '    id: 7',
    '    url: /learn/x/questions/y',
    '',
  ].join('\n');
  assert.ok(agreesWithJsYaml(text, 'format'));
});

const handedToJsYaml: [string, string][] = [
  ['a quoted string', 'title: "quoted"'],
  ['a comment', 'title: a # comment'],
  ['a literal block', 'answer: |\n    line one\n    line two'],
  ['a folded block with a blank line', 'answer: >-\n    one\n\n    two'],
  ['a more-indented folded line', 'answer: >-\n    one\n      two'],
  ['a multi-line plain scalar', 'title: What is\n  this?'],
  ['a number js-yaml reads its own way', 'id: 0x1F'],
  ['an underscored number', 'id: 1_000'],
  ['a date with a time', 'date: 2025-01-31T10:00:00Z'],
  ['a string starting with a digit', 'title: 3 ways to learn'],
  ['null', 'score: null'],
  ['an empty value', 'score:'],
  ['a duplicate key', 'id: 1\nid: 2'],
  ['a tab', 'title:\tx'],
  ['a colon and space inside a plain scalar', 'title: What: this'],
  ['a list', 'tags:\n  - a\n  - b'],
  ['a key with a hyphen', 'some-key: x'],
  ['a name of an Object property', 'subject: toString'],
];
for (const [kind, text] of handedToJsYaml) {
  test(`the fast YAML reader leaves ${kind} to js-yaml`, () => {
    const fast = readSimpleYaml(text);
    if (fast === null) return;
    // Reading it is fine only when the result is js-yaml's.
    assert.deepStrictEqual(fast, yaml.safeLoad(text));
  });
}
