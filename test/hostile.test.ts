import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { loadContent } from './helpers/load';
import { renderAnswer } from '../lib/markdown/render';
import { HOSTILE_DIR, writeHostileFixtures } from './fixtures/make-hostile';
import { temporaryDir } from './helpers/temporary';

// The hostile fixtures (test/fixtures/make-hostile.ts) load as ordinary questions, and their
// answers render to markup that cannot run anything. e2e/hostile.spec.ts checks the whole pages
// in Chromium.

const filesIn = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort();

test('the hostile fixtures are what make-hostile.ts writes', () => {
  const fresh = temporaryDir('hostile-');
  const cases = writeHostileFixtures(fresh);
  assert.ok(cases.length >= 40, `${cases.length} generated files`);
  const committed = filesIn(HOSTILE_DIR).filter((f) => !f.startsWith('web-security'));
  assert.deepEqual(committed, filesIn(fresh), 'run `npx tsx test/fixtures/make-hostile.ts` after changing it');
  for (const file of committed) assert.equal(fs.readFileSync(path.join(HOSTILE_DIR, file), 'utf8'), fs.readFileSync(path.join(fresh, file), 'utf8'), file);
});

const { questions, problems } = loadContent(HOSTILE_DIR);

test('every hostile file is a valid question: markup in a field is text, not an error', () => {
  assert.deepEqual(problems, []);
  assert.ok(questions.length >= 40, `${questions.length} questions`);
  const huge = questions.find((q) => q.slug.includes('one-megabyte'))!;
  assert.ok(huge.answer.length > 1_000_000, 'the 1 MB answer arrives whole');
  assert.ok(
    questions.some((q) => q.title.includes('\u202E')) && questions.some((q) => q.title.includes('\u200B')),
    'right-to-left and zero-width characters kept',
  );
});

/**
 * The tags and attributes of serialized HTML. rehype-stringify escapes every `<` of text and
 * double-quotes every attribute value (escaping `"` in it), so a `<` followed by a name is a tag.
 */
function markupOf(html: string) {
  const tags: string[] = [];
  const attributes: (readonly [string, string])[] = [];
  for (const [, tag, list] of html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:.-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    tags.push(tag!.toLowerCase());
    for (const [, name, value] of list!.matchAll(/\s([\w:.-]+)(?:="([^"]*)")?/g)) attributes.push([name!.toLowerCase(), value ?? ''] as const);
  }
  return { attributes, tags };
}

const ALLOWED_TAGS = new Set(
  'a blockquote br code del div em figcaption figure h2 h3 h4 h5 h6 hr input li ol p pre section span strong sup table tbody td th thead tr ul annotation math mi mn mo mrow msub msup mtext semantics mspace mfrac msqrt mover munder mstyle mpadded mtable mtr mtd menclose mroot msubsup munderover svg path line'.split(
    ' ',
  ),
);

test('no hostile answer renders to an element, attribute or url that could run script', () => {
  for (const q of questions) {
    const { html } = renderAnswer(q.answer);
    const { tags, attributes } = markupOf(html);
    assert.deepEqual(
      tags.filter((t) => !ALLOWED_TAGS.has(t)),
      [],
      `${q.slug}: elements`,
    );
    assert.deepEqual(
      attributes.filter(([name]) => name.startsWith('on') || name === 'srcdoc' || name === 'formaction'),
      [],
      `${q.slug}: attributes`,
    );
    const urls = attributes.filter(([name]) => ['href', 'src', 'xlink:href', 'action', 'data', 'background'].includes(name));
    assert.deepEqual(
      urls.filter(([, url]) => !/^(https?:\/\/|\/|#|mailto:)/i.test(url)),
      [],
      `${q.slug}: urls`,
    );
    assert.deepEqual(
      attributes.filter(([name, value]) => (name === 'id' || name === 'name') && value.startsWith('_')),
      [],
      `${q.slug}: ids that name the framework's globals`,
    );
    // An input is only a task list's disabled checkbox.
    assert.ok(!/<input(?![^>]*type="checkbox"[^>]*disabled)/.test(html), `${q.slug}: inputs`);
  }
});
