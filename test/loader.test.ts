import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { loadContent } from './helpers/load';
import { formatDay } from '../lib/format-day';

const QUIRKS = path.join(import.meta.dirname, 'fixtures/quirks');
const content = loadContent(QUIRKS);
const byUrl = (url: string) => {
  const q = content.questions.find((question) => question.url === url);
  assert.ok(q, `no question at ${url}`);
  return q;
};
const DOPPLER = '/learn/physics/questions/what-is-the-doppler-effect';
const PID = '/learn/computer-science/questions/how-does-a-pid-controller-compute-its-output';
const BST = '/learn/computer-science/questions/what-is-a-binary-search-tree';
const MEMORY_PSY = '/learn/psychology/questions/what-is-working-memory';
const MEMORY_EDU = '/learn/education-studies/questions/what-is-working-memory';
const MEMORY_MATH = '/learn/mathematics/questions/what-is-working-memory';

test('the quirks folder loads completely, with no problems', () => {
  assert.deepEqual(content.problems, []);
  assert.equal(content.fileCount, 6);
  assert.equal(content.questions.length, 6);
});

test('a file becomes a typed question with every field', () => {
  const q = byUrl(DOPPLER);
  assert.equal(q.id, 501);
  assert.equal(q.slug, 'what-is-the-doppler-effect');
  assert.equal(q.file, 'physics/what-is-the-doppler-effect.md');
  assert.deepEqual(q.subject, { slug: 'physics', name: 'Physics', count: 1 });
  assert.equal(q.title, 'What is the Doppler effect?');
  assert.equal(q.articleTitle, 'What is the Doppler effect?');
  assert.equal(q.question, 'What is the Doppler effect?');
  assert.equal(q.date, '2025-01-31');
  assert.equal(q.dateFormat, 'MMM DD, YYYY');
  assert.equal(q.postOnText, 'Posted on');
  assert.equal(q.author, 'QuickTakes');
  assert.equal(q.seo.title, 'QuickTakes | Physics');
  assert.match(q.seo.description, /^The Doppler effect is the change/);
  // Keywords are a list: split on commas, trimmed, blanks dropped.
  assert.deepEqual(q.seo.keywords, ['Doppler effect', 'frequency', 'waves', 'sound']);
  assert.equal(q.score, -1);
  assert.equal(q.noIndex, false);
});

test('quirk: escaped newlines in the answer become real line breaks', () => {
  assert.match(byUrl(DOPPLER).answer, /^The observed frequency changes with motion\.\n\n1\. \*\*Approaching\*\*/);
  assert.doesNotMatch(byUrl(DOPPLER).answer, /\\n(?!u|eq)/);
});

test('quirk: backslashes that are not escapes are kept (\\( \\) and the row break \\\\)', () => {
  const answer = byUrl(DOPPLER).answer;
  assert.ok(answer.includes(String.raw`\( f' = f \frac{v}{v - v_s} \)`));
  assert.ok(answer.includes('a & b \\\\\nc & d'), 'row break, line break, then c');
});

test('quirk: \\neq and \\nu inside math are kept, \\begin{pmatrix}\\na is split', () => {
  const answer = byUrl(DOPPLER).answer;
  assert.ok(answer.includes(String.raw`$\nu' \neq \nu$`));
  assert.ok(answer.includes('\\begin{pmatrix}\na & b'));
  const pid = byUrl(PID).answer;
  assert.ok(pid.startsWith('The output is:\n\n$$\nu(t) = K_p'), 'a line break after $$, then u(t)');
  assert.ok(pid.includes('where $$\nm x^2$$'));
  assert.ok(pid.includes('The grant is $5,000 and the stipend $1,200.\nnot done yet.'), 'money is not math');
  assert.ok(pid.includes('```python\nprint("a\\\\nb")\nnot_a_command = 1\n```'), 'code keeps \\\\n, gets line breaks');
});

test('quirk: dates are calendar days, formatted by date_format', () => {
  assert.equal(byUrl(DOPPLER).date, '2025-01-31');
  assert.equal(formatDay('2025-01-31', 'MMM DD, YYYY'), 'Jan 31, 2025');
  assert.equal(formatDay(byUrl(PID).date, byUrl(PID).dateFormat), 'Tuesday, December 31st 2024');
  assert.equal(formatDay('2024-03-03', 'D/M/YY [at] ddd'), '3/3/24 at Sun');
});

for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
  test(`quirk: dates stay the same day under TZ=${tz}`, () => {
    const run = (url: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'helpers/print-day.ts'), QUIRKS, url], {
          env: { ...process.env, TZ: tz },
          encoding: 'utf8',
        }),
      );
    assert.deepEqual(run(DOPPLER), { day: '2025-01-31', shown: 'Jan 31, 2025', tz });
    assert.deepEqual(run(PID), { day: '2024-12-31', shown: 'Tuesday, December 31st 2024', tz });
  });
}

test('quirk: the subject is the url slug, with one display name whatever the casing', () => {
  assert.equal(byUrl(PID).subject.name, 'Computer Science', 'the file says "Computer science"');
  assert.equal(byUrl(BST).subject.name, 'Computer Science');
  assert.deepEqual(content.index.getSubject('computer-science'), { slug: 'computer-science', name: 'Computer Science', count: 2 });
  assert.equal(content.index.getSubject('Computer Science'), null);
});

test('quirk: titles keep quotes, colons, & and non-ASCII exactly', () => {
  const title = 'How does a PID controller compute its output: "P", "I" & "D" in Schrödinger\'s café?';
  assert.equal(byUrl(PID).title, title);
  assert.equal(byUrl(PID).articleTitle, title);
  assert.equal(byUrl(PID).question, title);
  assert.equal(byUrl(PID).postOnText, 'Published');
});

test('quirk: cross-listed copies are grouped, each still a question of its subject', () => {
  const psy = byUrl(MEMORY_PSY);
  const edu = byUrl(MEMORY_EDU);
  // Rule: earliest date wins (education studies, Jan 8, before psychology, Jan 10).
  assert.equal(psy.canonicalUrl, MEMORY_EDU);
  assert.equal(edu.canonicalUrl, MEMORY_EDU);
  assert.deepEqual(psy.copies, [MEMORY_EDU]);
  assert.deepEqual(edu.copies, [MEMORY_PSY]);
  assert.deepEqual(
    content.index
      .getById(503)
      .map((q) => q.url)
      .sort(),
    [MEMORY_EDU, MEMORY_PSY],
  );
  assert.deepEqual(
    content.index.listSubject('psychology').map((q) => q.url),
    [MEMORY_PSY],
  );
  assert.deepEqual(
    content.index.listSubject('education-studies').map((q) => q.url),
    [MEMORY_EDU],
  );
  assert.equal(psy.seo.description, 'Working memory holds information briefly (psychology copy).');
});

test('the same title under another id gets its subject in the page title', () => {
  assert.equal(byUrl(MEMORY_EDU).pageTitle, 'What is working memory? (Education Studies)');
  assert.equal(byUrl(MEMORY_MATH).pageTitle, 'What is working memory? (Mathematics)');
  assert.equal(byUrl(DOPPLER).pageTitle, 'What is the Doppler effect?');
});

test('optional fields may be missing, unknown fields are tolerated, ids may be negative', () => {
  assert.equal(byUrl(PID).score, null);
  assert.deepEqual(byUrl(PID).related, []);
  assert.equal(byUrl(BST).id, -7);
  assert.equal(byUrl(MEMORY_MATH).noIndex, true);
  assert.equal(byUrl(DOPPLER).noIndex, false);
});

test('related articles are resolved: existing targets, across subjects, and missing ones', () => {
  const [pid, missing] = byUrl(DOPPLER).related;
  assert.deepEqual(pid, {
    id: 502,
    url: PID,
    subjectSlug: 'computer-science',
    subjectName: 'Computer Science',
    title: byUrl(PID).title, // the target's own title, not the link's stale copy
    exists: true,
  });
  assert.equal(missing?.exists, false);
  assert.equal(missing?.title, 'A question that is not in this folder');
});

test('indexes: subjects with counts, a subject newest first, by url, by id', () => {
  assert.deepEqual(
    content.index.subjects.map((s) => [s.slug, s.count]),
    [
      ['computer-science', 2],
      ['education-studies', 1],
      ['mathematics', 1],
      ['physics', 1],
      ['psychology', 1],
    ],
  );
  assert.deepEqual(
    content.index.listSubject('computer-science').map((q) => q.date),
    ['2025-02-15', '2024-12-31'],
  );
  assert.equal(content.index.getByUrl(BST)?.id, -7);
  assert.equal(content.index.getByUrl('/learn/physics/questions/nope'), null);
  assert.deepEqual(
    content.index.getById(-7).map((q) => q.url),
    [BST],
  );
  assert.deepEqual(content.index.getById(12345), []);
});

test('each folder is parsed once per process', () => {
  assert.equal(loadContent(QUIRKS), content);
});
