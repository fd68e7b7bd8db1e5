import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadContent } from './helpers/load';
import { parseQuestionFile } from '../lib/content/model/parse-file';
import { generateContent } from './helpers/generate';
import { CONTENT_ERRORS, CRASHED, contentStepFailure, crashStatus, OUT_OF_MEMORY, runContentStep } from '../lib/content-step.mjs';
import { temporaryDir } from './helpers/temporary';

const BAD = path.join(import.meta.dirname, 'fixtures/bad');
const content = loadContent(BAD);
const problemsOf = (file: string) => content.problems.filter((p) => p.file === file).map((p) => `${p.field}: ${p.message}`);

test('every problem of the folder is reported, not only the first', () => {
  assert.equal(content.fileCount, 15);
  assert.equal(content.problems.length, 14);
  // The one good file and the first of each clashing pair are still loaded.
  assert.deepEqual(content.questions.map((q) => q.file).sort(), ['biology/duplicate-url.md', 'biology/same-id-first.md', 'biology/valid-question.md']);
});

const cases: [string, string, RegExp][] = [
  ['broken YAML', 'biology/broken-yaml.md', /^front matter: invalid YAML: .*double quoted scalar \(line \d+, column \d+\)$/],
  ['no front matter', 'biology/no-front-matter.md', /^front matter: missing/],
  ['a missing field', 'biology/missing-answer.md', /^answer: is missing$/],
  ['a wrong-typed id', 'biology/wrong-types.md', /^id: expected a number, got the text "twelve"$/],
  ['a wrong-typed score', 'biology/wrong-types.md', /^score: expected a number, got the text "high"$/],
  ['a wrong-typed no_index', 'biology/wrong-types.md', /^no_index: expected true or false, got the text "maybe"$/],
  ['a url not of the form /learn/<subject>/questions/<slug>', 'biology/bad-url.md', /^url: must look like \/learn\/<subject-slug>\/questions\/<slug>/],
  ['a related link with a bad url', 'biology/bad-related.md', /^related_article1\.url: must look like/],
  [
    'a file_name that disagrees with the url',
    'biology/file-name-mismatch.md',
    /^file_name: "another-name\.md" does not match the url, which asks for "file-name-mismatch\.md"$/,
  ],
  ['an impossible date', 'biology/impossible-date.md', /^date: "2025-02-30" is not a real date$/],
  ['a date that is not a date', 'biology/not-a-date.md', /^date: "soon" is not a calendar day written YYYY-MM-DD$/],
  [
    'two files with one url',
    'chemistry/duplicate-url-copy.md',
    /^url: \/learn\/biology\/questions\/duplicate-url is also the url of biology\/duplicate-url\.md$/,
  ],
  ['one id on two different questions', 'chemistry/same-id-other-question.md', /^id: 611 is also the id of biology\/same-id-first\.md, a different question/],
  ['text in the body', 'biology/body-text.md', /^body: unexpected text after the front matter/],
];
for (const [kind, file, expected] of cases) {
  test(`bad input: ${kind} is reported with its file and field`, () => {
    const found = problemsOf(file);
    assert.ok(
      found.some((line) => expected.test(line)),
      `${file}: ${JSON.stringify(found)}`,
    );
  });
}

test('content:check prints every problem as path: field: problem, a summary, and exits 1', () => {
  let output = '';
  let status = 0;
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', BAD], { encoding: 'utf8' });
  } catch (error) {
    ({ stdout: output, status } = error as { stdout: string; status: number });
  }
  assert.equal(status, 1);
  const lines = output.trim().split('\n');
  assert.equal(lines.length, 15);
  assert.match(lines[0]!, /fixtures\/bad\/biology\/bad-related\.md: related_article1\.url: /);
  assert.equal(lines.at(-1), '15 files, 2 subjects, 3 questions, 14 errors');
});

test('content:check exits 0 on a clean folder', () => {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', path.join(import.meta.dirname, 'fixtures/quirks')], {
    encoding: 'utf8',
  });
  assert.equal(output.trim(), '6 files, 5 subjects, 6 questions, 0 errors');
});

test('the build stops on content errors, listing every one', () => {
  let result = { status: 0, stderr: '' };
  // Run in an empty folder, so the project's own content index is left alone.
  const cwd = temporaryDir('build-content-');
  try {
    execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.resolve('scripts/build-content.ts')], {
      cwd,
      env: { ...process.env, CONTENT_DIR: BAD },
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    result = error as { status: number; stderr: string };
  }
  assert.equal(result.status, CONTENT_ERRORS);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.filter((l) => /fixtures\/bad\/\w[\w-]*\/[\w-]+\.md: /.test(l)).length, 14);
  assert.match(lines.at(-1)!, /^14 content errors in .*fixtures\/bad: nothing was built/);
  assert.ok(!fs.existsSync(path.join(cwd, '.content')), 'no index written');
});

test('bytes: a byte order mark and CRLF line ends read as the same question; invalid UTF-8, an empty file and front matter that is not fields are refused by name', () => {
  const file = 'biology/valid-question.md';
  const bytes = fs.readFileSync(path.join(BAD, file));
  const plain = parseQuestionFile(file, bytes).question!;
  const withBom = parseQuestionFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])).question;
  const crlf = parseQuestionFile(file, Buffer.from(bytes.toString('utf8').replaceAll('\n', '\r\n'))).question;
  assert.deepEqual(withBom, plain);
  assert.deepEqual(crlf, plain);
  const invalid = Buffer.concat([bytes.subarray(0, 40), Buffer.from([0xc3, 0x28]), bytes.subarray(40)]);
  assert.deepEqual(
    parseQuestionFile(file, invalid).problems.map((p) => `${p.field}: ${p.message}`),
    ['encoding: not UTF-8 text (invalid bytes on line 4): save the file as UTF-8'],
  );
  assert.deepEqual(
    parseQuestionFile(file, Buffer.alloc(0)).problems.map((p) => p.field),
    ['front matter'],
  );
  assert.match(
    parseQuestionFile(file, '---\n_schem\n---\n')
      .problems.map((p) => `${p.field}: ${p.message}`)
      .join(),
    /^front matter: expected YAML fields \(key: value lines\), got the text "_schem"$/,
  );
});

test('a content step that runs out of memory or is killed says so, never "the content has errors"', async () => {
  const script = path.resolve('scripts/build-content.ts');
  const cwd = temporaryDir('build-content-');
  // A heap too small for the step: V8 stops it, or a worker thread's heap fills first (CI met both).
  const many = generateContent(path.join(cwd, 'many'), 5_000);
  const env = { ...process.env, CONTENT_DIR: many, NODE_OPTIONS: '--max-old-space-size=12' };
  assert.throws(() => runContentStep(script, { cwd, env, stdio: 'ignore' }), /^Error: The content step ran out of memory .*This is not a content error/);
  // Killed halfway (the system's out-of-memory killer sends SIGKILL).
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script], {
    cwd,
    env: { ...process.env, CONTENT_DIR: path.resolve('content') },
    stdio: 'ignore',
  });
  setTimeout(() => child.kill('SIGKILL'), 300);
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, sig) => resolve([code, sig])));
  assert.equal(signal, 'SIGKILL');
  assert.match(contentStepFailure(status, signal)!, /^The content step was killed \(SIGKILL\), most likely by the system for lack of memory/);
  assert.ok(!fs.existsSync(path.join(cwd, '.content', 'content.db')), 'nothing published');
  // What the step exits with otherwise.
  assert.equal(contentStepFailure(0, null), null);
  assert.match(contentStepFailure(CONTENT_ERRORS, null)!, /^The content has errors \(listed above\)/);
  assert.match(contentStepFailure(CRASHED, null)!, /internal error.*not a content error/);
  // A worker thread whose heap fills: the step exits as out of memory, not as a bug.
  const worker = new Worker('const kept = []; for (;;) kept.push(new Array(1e5).fill(kept.length));', {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: 8 },
  });
  const workerError = await new Promise((resolve) => worker.on('error', resolve));
  assert.equal(crashStatus(workerError), OUT_OF_MEMORY);
  assert.match(contentStepFailure(OUT_OF_MEMORY, null)!, /^The content step ran out of memory .*not a content error/);
  assert.equal(crashStatus(new Error('a bug')), CRASHED);
  assert.match(contentStepFailure(null, 'SIGTERM')!, /stopped by SIGTERM/);
});
