import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Database from 'libsql';
import { parseQuestionFile } from '../../lib/content/model/parse-file';
import { QUESTION_URL } from '../../lib/content/model/types';
import { CONTENT_ERRORS } from '../../lib/content-step.mjs';
import { seeded, type Random } from '../helpers/random';
import { temporaryDir } from '../helpers/temporary';

// A seeded fuzz of the loader on the real files: at least 10,000 mutated files (lines cut,
// duplicated and swapped, indentation broken, types changed, fields dropped and duplicated,
// bytes injected, invalid UTF-8, a byte order mark, CRLF, truncation). Each one must either load
// as a complete, valid question or yield problems that name the file and the field, within a
// bounded time, and never throw. Then whole folders with mutated files go through the content
// step: all published, or nothing and every problem listed. LOADER_FUZZ_SEED replays a run.

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/quicktakes');
const SEED = Number(process.env.LOADER_FUZZ_SEED ?? 20261126);
const MUTATED_FILES = Number(process.env.LOADER_FUZZ_FILES ?? 10_000);
const FIELDS = new Set([
  'front matter',
  'encoding',
  'body',
  'date',
  'id',
  'title',
  'article_title',
  'date_format',
  'post_on_text',
  'seo',
  'author',
  'question',
  'answer',
  'subject',
  'file_name',
  'url',
  'score',
  'no_index',
]);

const files = fs
  .readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((file) => ({ file, bytes: fs.readFileSync(path.join(CORPUS, file)) }));

const VALUES = [
  'abc',
  '12',
  '-3.5',
  'true',
  'True',
  'null',
  '~',
  '[]',
  '[1, 2]',
  '{}',
  '{a: 1}',
  '2025-02-30',
  '2025-13-01',
  '"quoted"',
  "'single'",
  '>-',
  '|',
  '&anchor x',
  '*alias',
  '!!binary aGk=',
  '',
  '"',
  '- item',
  '0x1F',
  '.inf',
  '1e400',
];

/** One named mutation of a file's lines or bytes. */
const MUTATIONS: [name: string, (bytes: Buffer, r: Random) => Buffer][] = [
  ['cut a line', (b, r) => lines(b, (l) => l.splice(r.int(l.length), 1))],
  [
    'duplicate a line',
    (b, r) =>
      lines(b, (l) => {
        const i = r.int(l.length);
        l.splice(i, 0, l[i]!);
      }),
  ],
  [
    'swap two lines',
    (b, r) =>
      lines(b, (l) => {
        const [i, j] = [r.int(l.length), r.int(l.length)];
        [l[i], l[j]] = [l[j]!, l[i]!];
      }),
  ],
  [
    'break indentation',
    (b, r) =>
      lines(b, (l) => {
        const i = r.int(l.length);
        l[i] = r.int(2) ? ' '.repeat(1 + r.int(5)) + l[i] : l[i]!.trimStart();
      }),
  ],
  [
    'tab indentation',
    (b, r) =>
      lines(b, (l) => {
        const i = r.int(l.length);
        l[i] = l[i]!.replace(/^ +/, '\t');
      }),
  ],
  [
    'change a type',
    (b, r) =>
      lines(b, (l) => {
        const keyed = l.map((x, i) => [x, i] as const).filter(([x]) => /^ *[a-z_0-9]+:/.test(x));
        if (keyed.length === 0) return;
        const [line, i] = r.pick(keyed);
        l[i] = line.replace(/:.*$/, `: ${r.pick(VALUES)}`);
      }),
  ],
  [
    'drop a field',
    (b, r) =>
      lines(b, (l) => {
        const starts = l.map((x, i) => [x, i] as const).filter(([x]) => /^[a-z_0-9]+:/.test(x));
        if (starts.length === 0) return;
        const [, i] = r.pick(starts);
        let end = i + 1;
        while (end < l.length && /^ /.test(l[end]!)) end++;
        l.splice(i, end - i);
      }),
  ],
  [
    'duplicate a field',
    (b, r) =>
      lines(b, (l) => {
        const starts = l.map((x, i) => [x, i] as const).filter(([x]) => /^[a-z_0-9]+:/.test(x));
        if (starts.length === 0) return;
        const [, i] = r.pick(starts);
        let end = i + 1;
        while (end < l.length && /^ /.test(l[end]!)) end++;
        l.splice(end, 0, ...l.slice(i, end));
      }),
  ],
  ['inject bytes', (b, r) => splice(b, r.int(b.length + 1), Buffer.from(Array.from({ length: 1 + r.int(6) }, () => r.int(256))))],
  ['inject control characters', (b, r) => splice(b, r.int(b.length + 1), Buffer.from([r.pick([0, 1, 7, 8, 11, 12, 27, 127, 0x1f])]))],
  [
    'invalid UTF-8',
    (b, r) =>
      splice(b, r.int(b.length + 1), Buffer.from(r.pick([[0xc3, 0x28], [0xff], [0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]))),
  ],
  ['byte order mark', (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])],
  ['CRLF', (b) => Buffer.from(b.toString('latin1').replaceAll('\n', '\r\n'), 'latin1')],
  [
    'lone CR',
    (b, r) =>
      lines(b, (l) => {
        const i = r.int(l.length);
        l[i] = `${l[i]}\r`;
      }),
  ],
  ['truncate', (b, r) => b.subarray(0, r.int(b.length))],
  ['drop the closing ---', (b) => Buffer.from(b.toString('latin1').replace(/\n---\s*\n/, '\n'), 'latin1')],
  ['empty file', () => Buffer.alloc(0)],
  ['text after the front matter', (b) => Buffer.concat([b, Buffer.from('\nstray text\n')])],
];

function lines(bytes: Buffer, change: (lines: string[]) => void): Buffer {
  // latin1 keeps every byte as it is: a mutation of lines never repairs or breaks the encoding.
  const list = bytes.toString('latin1').split('\n');
  if (list.length > 0) change(list);
  return Buffer.from(list.join('\n'), 'latin1');
}
const splice = (bytes: Buffer, at: number, insert: Buffer) => Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);

test(`the loader on ${MUTATED_FILES} mutated real files (seed ${SEED}): a valid question or problems naming file and field, never a crash or a hang`, () => {
  console.log(`loader fuzz: seed ${SEED} (LOADER_FUZZ_SEED=${SEED} replays it), ${MUTATED_FILES} files from ${files.length} real ones`);
  const random = seeded(SEED);
  const outcomes = { valid: 0, problems: 0 };
  const used = new Map<string, number>();
  const started = performance.now();
  let slowest = 0;
  for (let n = 0; n < MUTATED_FILES; n++) {
    const original = random.pick(files);
    let bytes: Buffer = original.bytes;
    const applied: string[] = [];
    for (let k = 1 + random.int(3); k > 0; k--) {
      const [name, mutate] = random.pick(MUTATIONS);
      bytes = mutate(bytes, random);
      applied.push(name);
      used.set(name, (used.get(name) ?? 0) + 1);
    }
    const replay = `seed ${SEED}, file ${n} (${original.file}: ${applied.join(', ')})`;
    const t = performance.now();
    let result;
    try {
      result = parseQuestionFile(original.file, bytes);
    } catch (error) {
      assert.fail(`${replay}: the loader threw ${error instanceof Error ? error.stack : error}`);
    }
    const ms = performance.now() - t;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < 2_000, `${replay}: ${ms.toFixed(0)} ms`);
    if (result.question) {
      assert.deepEqual(result.problems, [], replay);
      const q = result.question;
      assert.ok(Number.isInteger(q.id) && /^\d{4}-\d\d-\d\d$/.test(q.date) && QUESTION_URL.test(q.url), `${replay}: an invalid question was accepted`);
      for (const field of [q.title, q.articleTitle, q.question, q.answer, q.author, q.subjectAsWritten, q.seo.title, q.seo.description]) {
        assert.ok(typeof field === 'string' && field.trim() !== '' && !field.includes('\uFFFD'), `${replay}: a field accepted empty or with undecodable bytes`);
      }
      outcomes.valid++;
    } else {
      assert.ok(result.problems.length > 0, `${replay}: neither a question nor a problem`);
      for (const p of result.problems) {
        assert.equal(p.file, original.file, replay);
        const field = p.field.split('.')[0]!;
        assert.ok(FIELDS.has(field) || /^related_article\d+$/.test(field), `${replay}: problem without a known field: ${JSON.stringify(p)}`);
        assert.ok(p.message.length > 0, replay);
      }
      outcomes.problems++;
    }
  }
  console.log(
    `loader fuzz: ${outcomes.valid} loaded, ${outcomes.problems} refused with problems, in ${((performance.now() - started) / 1000).toFixed(1)} s (slowest file ${slowest.toFixed(0)} ms); mutations: ${[...used].map(([name, count]) => `${name} ${count}`).join(', ')}`,
  );
  assert.equal(used.size, MUTATIONS.length, 'every kind of mutation was tried');
  assert.ok(outcomes.problems > MUTATED_FILES / 4 && outcomes.valid > 0, 'both outcomes occur');
});

test(`folders with mutated files (seed ${SEED}): the build publishes all of them, or nothing and every problem listed`, () => {
  const random = seeded(SEED + 1);
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  for (let round = 0; round < 10; round++) {
    const work = temporaryDir('loader-fuzz-');
    const dir = path.join(work, 'content');
    const refused = new Set<string>();
    for (const { file, bytes } of files) {
      let out: Buffer = bytes;
      if (random.int(30) === 0) {
        out = random.pick(MUTATIONS)[1](bytes, random);
        if (parseQuestionFile(file, out).question === null) refused.add(file);
      }
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), out);
    }
    // The content step as `next build` runs it (scripts/build-content.ts, worker threads and all).
    const run = spawnSync(process.execPath, ['--import', tsx, path.join(ROOT, 'scripts/build-content.ts')], {
      cwd: work,
      env: { ...process.env, CONTENT_DIR: dir },
      encoding: 'utf8',
    });
    const published = path.join(work, '.content', 'content.db');
    if (run.status === 0) {
      assert.deepEqual([...refused], [], `round ${round}: published with refused files`);
      const db = new Database(published, { readonly: true });
      assert.equal((db.prepare('SELECT count(*) FROM questions').raw().get() as [number])[0], files.length, `round ${round}: every file published`);
      db.close();
    } else {
      assert.equal(run.status, CONTENT_ERRORS, `round ${round}: ${run.stderr.slice(-2000)}`);
      assert.match(run.stderr, /content errors in .*: nothing was built/, `round ${round}`);
      for (const file of refused) assert.ok(run.stderr.includes(file), `round ${round}: ${file} is not in the list of problems`);
      assert.ok(!fs.existsSync(published), `round ${round}: a database was published with content errors`);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
});
