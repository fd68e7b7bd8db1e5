import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Database from 'libsql';
import { chooseCanonical, pageTitlesOf, subjectsFromSpellings, titleKey, type SubjectSpelling } from '../corpus';
import { listQuestionFiles } from '../load';
import { parseQuestionFile } from '../parse-file';
import { silent, type Progress } from '../progress';
import { answerSearchText, wordsOf } from '../search-text';
import type { Problem, QuestionFile } from '../types';
import { SCHEMA, SCHEMA_VERSION } from './schema';

// The content step: every file of the folder read through the loader into the content database,
// incrementally and in one transaction. A file whose size and time (or, after a fresh checkout,
// whose bytes) are those of the last build is not parsed again. Records stream into the
// database as they are parsed; what needs the whole folder (duplicates, canonical copies,
// subject names, unique titles) is then resolved group by group from SQL, so memory does not
// grow with the corpus. A build that fails or is interrupted rolls back: the database keeps the
// previous build.

type Db = InstanceType<typeof Database>;

export interface ContentStats {
  files: number;
  /** Files read and parsed this time (all of them on a cold build). */
  parsed: number;
  /** Files whose bytes were read and found unchanged (fresh checkout, same content). */
  rehashed: number;
  /** Files gone since the last build. */
  deleted: number;
  subjects: number;
  questions: number;
}

export interface ContentBuild {
  problems: Problem[];
  stats: ContentStats;
  /** Whether any question changed (then the database has a new `generation`). */
  changed: boolean;
}

const hashOf = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64');

/** Answers are stored compressed: they are most of the file, and read one at a time. */
export const compressAnswer = (markdown: string) => deflateRawSync(Buffer.from(markdown, 'utf8'));

/** Within a subject: newest first, then by title, then by url (one string, so one index). */
export function sortKey(date: string, title: string, url: string): string {
  return `${String(99_999_999 - Number(date.replaceAll('-', ''))).padStart(8, '0')}\u0001${title}\u0001${url}`;
}

/** Opens (or creates) the database at `file` for the content of `dir`, rebuilt if stale. */
function openForWriting(file: string, dir: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db = new Database(file);
  const meta = (key: string) => {
    try {
      return (db.prepare('SELECT value FROM meta WHERE key = ?').raw().get(key) as [string] | undefined)?.[0];
    } catch {
      return undefined;
    }
  };
  if (meta('version') !== String(SCHEMA_VERSION) || meta('dir') !== dir) {
    db.close();
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    db = new Database(file);
    db.exec(SCHEMA);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('version', String(SCHEMA_VERSION), 'dir', dir);
  }
  db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY');
  return db;
}

export function buildContentDb(dir: string, file: string, progress: Progress = silent): ContentBuild {
  const abs = path.resolve(dir);
  const db = openForWriting(file, abs);
  try {
    progress.phase('listing files');
    const files = listQuestionFiles(abs);
    db.exec('BEGIN');
    const build = new Writer(db, abs, progress).run(files);
    db.exec('COMMIT');
    return build;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
    progress.end();
  }
}

type Row = { rowid: number } & Record<string, unknown>;

class Writer {
  private readonly wordDeltas = new Map<string, number>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly progress: Progress,
  ) {
    this.statements = {
      cached: db.prepare('SELECT mtime, size, hash FROM files WHERE file = ?').raw(),
      touch: db.prepare('UPDATE files SET mtime = ?, size = ? WHERE file = ?'),
      putFile: db.prepare('INSERT OR REPLACE INTO files (file, mtime, size, hash, problems) VALUES (?, ?, ?, ?, ?)'),
      questionOf: db.prepare('SELECT rowid, title, question, keywords FROM questions WHERE file = ?'),
      deleteQuestion: db.prepare('DELETE FROM questions WHERE rowid = ?'),
      unindex: db.prepare('DELETE FROM search WHERE rowid = ?'),
      insertQuestion: db.prepare(`INSERT INTO questions (file, url, id, subject_slug, subject_as_written, slug, title,
        title_key, article_title, question, answer, date, date_format, post_on_text, author, seo_title, description,
        keywords, score, no_index, related, canonical_url, page_title, sort_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      index: db.prepare('INSERT INTO search (rowid, title, question, keywords, description, answer) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  run(files: string[]): ContentBuild {
    const stats: ContentStats = { files: files.length, parsed: 0, rehashed: 0, deleted: 0, subjects: 0, questions: 0 };
    this.progress.phase('reading', files.length);
    files.forEach((file, n) => {
      this.progress.tick(n);
      const outcome = this.update(file);
      if (outcome === 'parsed') stats.parsed++;
      else if (outcome === 'rehashed') stats.rehashed++;
    });

    // Files gone since the last build: every row whose file was not listed this time.
    this.progress.phase('removing deleted files');
    this.db.exec('CREATE TEMP TABLE listed (file TEXT PRIMARY KEY) WITHOUT ROWID');
    const list = this.db.prepare('INSERT INTO listed (file) VALUES (?)');
    for (const file of files) list.run(file);
    const gone = this.db.prepare('SELECT file FROM files WHERE file NOT IN (SELECT file FROM listed)').raw().all() as [string][];
    for (const [file] of gone) this.remove(file);
    this.db.exec('DROP TABLE listed');
    stats.deleted = gone.length;

    const changed = stats.parsed > 0 || stats.deleted > 0 || this.meta('resolved') !== 'yes';
    if (changed) {
      this.progress.phase('resolving copies, names and titles');
      this.saveWords();
      this.resolve();
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('resolved', 'yes'), ('generation', ?)").run(randomUUID());
    }
    if (stats.parsed > stats.files / 10 && stats.parsed > 1000) {
      this.progress.phase('optimising the search index');
      this.db.exec("INSERT INTO search (search) VALUES ('optimize')");
    }

    const problems: Problem[] = [];
    for (const [json] of this.db.prepare('SELECT problems FROM files WHERE problems IS NOT NULL ORDER BY file').raw().iterate() as Iterable<[string]>) {
      problems.push(...(JSON.parse(json) as Problem[]));
    }
    for (const [file, field, message] of this.db.prepare('SELECT file, field, message FROM corpus_problems ORDER BY rowid').raw().all() as [string, string, string][]) {
      problems.push({ file, field, message });
    }
    stats.subjects = this.count('SELECT count(*) FROM subjects');
    // Files that lost a url or id clash are reported, not counted as published questions.
    stats.questions = this.count('SELECT count(*) FROM questions WHERE file NOT IN (SELECT file FROM corpus_problems)');
    return { problems, stats, changed };
  }

  private count(sql: string): number {
    return (this.db.prepare(sql).raw().get() as [number])[0];
  }

  private meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').raw().get(key) as [string] | undefined)?.[0];
  }

  /** Brings one file's rows up to date; says how much work that took. */
  private update(file: string): 'unchanged' | 'rehashed' | 'parsed' {
    const { mtimeMs, size } = fs.statSync(path.join(this.dir, file));
    const cached = this.statements.cached.get(file) as [number, number, string] | undefined;
    if (cached && cached[0] === mtimeMs && cached[1] === size) return 'unchanged';
    const bytes = fs.readFileSync(path.join(this.dir, file));
    const hash = hashOf(bytes);
    if (cached && cached[2] === hash) {
      this.statements.touch.run(mtimeMs, size, file);
      return 'rehashed';
    }
    this.removeQuestion(file);
    const result = parseQuestionFile(file, bytes);
    this.statements.putFile.run(file, mtimeMs, size, hash, result.question ? null : JSON.stringify(result.problems));
    if (result.question) this.insert(result.question);
    return 'parsed';
  }

  private insert(q: QuestionFile) {
    const keywords = q.seo.keywords.join(', ');
    const { lastInsertRowid } = this.statements.insertQuestion.run(
      q.file, q.url, q.id, q.subjectSlug, q.subjectAsWritten, q.slug, q.title, titleKey(q.title), q.articleTitle,
      q.question, compressAnswer(q.answer), q.date, q.dateFormat, q.postOnText, q.author, q.seo.title,
      q.seo.description, JSON.stringify(q.seo.keywords), q.score, q.noIndex ? 1 : 0, JSON.stringify(q.related),
      q.url, q.title, sortKey(q.date, q.title, q.url),
    );
    this.statements.index.run(lastInsertRowid, q.title, q.question, keywords, q.seo.description, answerSearchText(q.answer));
    this.countWords(`${q.title} ${q.question} ${keywords}`, 1);
  }

  private remove(file: string) {
    this.removeQuestion(file);
    this.db.prepare('DELETE FROM files WHERE file = ?').run(file);
  }

  private removeQuestion(file: string) {
    const old = this.statements.questionOf.get(file) as Row | undefined;
    if (!old) return;
    this.statements.unindex.run(old.rowid);
    this.statements.deleteQuestion.run(old.rowid);
    this.countWords(`${old.title} ${old.question} ${(JSON.parse(old.keywords as string) as string[]).join(', ')}`, -1);
  }

  private countWords(text: string, delta: number) {
    for (const word of new Set(wordsOf(text))) {
      if (word.length < 2 || word.length > 40) continue;
      this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) + delta);
    }
  }

  private saveWords() {
    const add = this.db.prepare('INSERT INTO words (word, docs) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET docs = docs + excluded.docs');
    for (const [word, delta] of this.wordDeltas) if (delta !== 0) add.run(word, delta);
    this.db.exec('DELETE FROM words WHERE docs <= 0');
    this.wordDeltas.clear();
  }

  /**
   * What only the whole folder can tell, from SQL a group at a time: url and id clashes,
   * subject names, canonical copies, unique page titles. Only rows whose values change are
   * written, so a one-file change rewrites only the rows it affects.
   */
  private resolve() {
    const db = this.db;
    db.exec('DELETE FROM corpus_problems');
    const problem = db.prepare('INSERT INTO corpus_problems (file, field, message) VALUES (?, ?, ?)');

    // Two files with one url: the first by path is kept, the others are errors.
    let url = '';
    let first = '';
    for (const [u, file] of db.prepare(`SELECT url, file FROM questions WHERE url IN
      (SELECT url FROM questions GROUP BY url HAVING count(*) > 1) ORDER BY url, file`).raw().iterate() as Iterable<[string, string]>) {
      if (u !== url) [url, first] = [u, file];
      else problem.run(file, 'url', `${u} is also the url of ${first}`);
    }

    // Files sharing an id must be copies of one question: the same slug under other subjects.
    let id: number | null = null;
    let reference = { slug: '', file: '' };
    for (const [i, slug, file] of db.prepare(`SELECT id, slug, file FROM questions WHERE id IN
      (SELECT id FROM questions GROUP BY id HAVING count(DISTINCT slug) > 1) ORDER BY id, file`).raw().iterate() as Iterable<[number, string, string]>) {
      if (i !== id) [id, reference] = [i, { slug, file }];
      else if (slug !== reference.slug) {
        problem.run(file, 'id',
          `${i} is also the id of ${reference.file}, a different question (slug "${reference.slug}"); ` +
            'files may share an id only as copies of one question (same slug, other subject)');
      }
    }

    // One display name per subject.
    const spellings = (db.prepare('SELECT subject_slug, subject_as_written, count(*) FROM questions GROUP BY 1, 2').raw().all() as [string, string, number][])
      .map(([slug, asWritten, count]): SubjectSpelling => ({ slug, asWritten, count }));
    const subjects = subjectsFromSpellings(spellings);
    db.exec('DELETE FROM subjects');
    const putSubject = db.prepare('INSERT INTO subjects (slug, name, count, position) VALUES (?, ?, ?, ?)');
    subjects.forEach((s, i) => putSubject.run(s.slug, s.name, s.count, i));
    const subjectName = new Map(subjects.map((s) => [s.slug, s.name]));

    // Canonical copies: singles are their own; each cross-listed group chooses one.
    db.exec(`UPDATE questions SET canonical_url = url WHERE canonical_url <> url AND id IN
      (SELECT id FROM questions GROUP BY id HAVING count(*) = 1)`);
    const setCanonical = db.prepare('UPDATE questions SET canonical_url = ? WHERE id = ? AND canonical_url <> ?');
    for (const group of groups(db.prepare(`SELECT id, url, no_index, date, subject_slug FROM questions WHERE id IN
      (SELECT id FROM questions GROUP BY id HAVING count(*) > 1) ORDER BY id, url`).raw().iterate() as Iterable<[number, string, number, string, string]>,
      ([i, u, noIndex, date, subjectSlug]) => ({ key: i, id: i, url: u, noIndex: noIndex === 1, date, subjectSlug }))) {
      const canonical = chooseCanonical(group).url;
      setCanonical.run(canonical, group[0]!.id, canonical);
    }

    // Page titles no two canonical pages share.
    db.exec(`UPDATE questions SET page_title = title WHERE page_title <> title AND title_key NOT IN
      (SELECT title_key FROM questions GROUP BY title_key HAVING count(DISTINCT id) > 1)`);
    const setTitle = db.prepare('UPDATE questions SET page_title = ? WHERE url = ? AND page_title <> ?');
    for (const group of groups(db.prepare(`SELECT title_key, url, id, title, subject_slug, date, canonical_url FROM questions
      WHERE title_key IN (SELECT title_key FROM questions GROUP BY title_key HAVING count(DISTINCT id) > 1)
      ORDER BY title_key`).raw().iterate() as Iterable<[string, string, number, string, string, string, string]>,
      ([key, u, i, title, subjectSlug, date, canonicalUrl]) => ({ key, url: u, id: i, title, subjectSlug, date, canonicalUrl }))) {
      for (const [u, title] of pageTitlesOf(group, (r) => r.canonicalUrl === r.url, subjectName)) setTitle.run(title, u, title);
    }
  }
}

/** Consecutive rows with the same key, as groups (the query orders by the key). */
function* groups<R, T extends { key: unknown }>(rows: Iterable<R>, map: (row: R) => T): Generator<T[]> {
  let group: T[] = [];
  for (const row of rows) {
    const item = map(row);
    if (group.length > 0 && group[0]!.key !== item.key) {
      yield group;
      group = [];
    }
    group.push(item);
  }
  if (group.length > 0) yield group;
}

/**
 * Publishes the database at `from` to `to` for the site to read: copied beside it, then renamed
 * over it, so a server never opens a half-written file.
 */
export function publishContentDb(from: string, to: string): void {
  if (generationOf(to) === generationOf(from) && generationOf(from) !== undefined) return;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temporary = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, temporary);
  fs.renameSync(temporary, to);
}

/** The database's build generation (new whenever its questions change), if it has one. */
function generationOf(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'generation'").raw().get() as [string] | undefined)?.[0];
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
