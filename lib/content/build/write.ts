import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { metaOf, openForWriting, scratchFileOf, type Db } from './database';
import { listQuestionFiles } from './files';
import type { FileTask, PreparedQuestion } from './prepare';
import { prepareMany, type PrepareOptions } from './prepare-many';
import { silent, type Progress } from './progress';
import { resolveCorpus } from './resolve';
import { SearchIndex } from './search-index';
import { TopicIndex } from './topic-index';
import { keywordsOf } from '../model/topics';
import type { Problem } from '../model/types';
import { unpackBody } from '../store/body';

// The content step: every file of the folder read through the loader into the content database,
// incrementally and in one transaction. A file whose size and time (or, after a fresh checkout,
// whose bytes) are those of the last build is not parsed again. Records stream into the
// database as they are parsed; what needs the whole folder (duplicates, canonical copies,
// subject names, unique titles: ./resolve.ts) is then resolved group by group from SQL, so
// memory does not grow with the corpus; search (./search-index.ts) and topics
// (./topic-index.ts) are brought up to date with it. A build that fails or is interrupted rolls
// back: the database keeps the previous build. Publishing it for the site: ./publish.ts.

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
  topics: number;
}

export interface ContentBuild {
  problems: Problem[];
  stats: ContentStats;
  /** Whether any question changed (then the database has a new `generation`). */
  changed: boolean;
}

export interface BuildOptions {
  progress?: Progress;
  /** Worker threads that read and parse files when many changed (the build scripts use them). */
  prepare?: PrepareOptions;
}

/** Brings the database at `file` up to date with the folder `dir`; returns every problem found. */
export async function buildContentDb(dir: string, file: string, options: BuildOptions = {}): Promise<ContentBuild> {
  const abs = path.resolve(dir);
  const progress = options.progress ?? silent;
  const db = openForWriting(file, abs);
  try {
    progress.phase('listing files');
    const files = listQuestionFiles(abs);
    db.exec('BEGIN');
    const build = await new Writer(db, abs, progress, options.prepare ?? { workers: 0 }).run(files);
    db.exec('COMMIT');
    return build;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.close();
    fs.rmSync(scratchFileOf(file), { force: true });
    progress.end();
  }
}

class Writer {
  private readonly search: SearchIndex;
  private readonly topics: TopicIndex;
  /** Per subject id, the last rowid given in it. */
  private readonly lastRowid = new Map<number, number>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly progress: Progress,
    private readonly prepare: PrepareOptions,
  ) {
    this.search = new SearchIndex(db);
    this.topics = new TopicIndex(db);
    this.statements = {
      cached: db.prepare('SELECT mtime, size, hash FROM build.files WHERE file = ?').raw(),
      touch: db.prepare('UPDATE build.files SET mtime = ?, size = ? WHERE file = ?'),
      putFile: db.prepare(`INSERT OR REPLACE INTO build.files (file, mtime, size, hash, problems, question, title_key, subject_as_written)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      questionOf: db
        .prepare(`SELECT f.question, q.title, q.searchable, q.day_rank, q.id, b.body FROM build.files f
        JOIN questions q ON q.rowid = f.question JOIN bodies b ON b.rowid = f.question WHERE f.file = ?`)
        .raw(),
      deleteQuestion: db.prepare('DELETE FROM questions WHERE rowid = ?'),
      deleteBody: db.prepare('DELETE FROM bodies WHERE rowid = ?'),
      deleteFile: db.prepare('DELETE FROM build.files WHERE file = ?'),
      insertQuestion: db.prepare(`INSERT INTO questions (rowid, subject_slug, slug, id, title, date, day_rank, description, no_index, file, searchable)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`),
      insertBody: db.prepare('INSERT INTO bodies (rowid, body) VALUES (?, ?)'),
      subjectId: db.prepare('SELECT id FROM subject_ids WHERE slug = ?').raw(),
      newSubjectId: db.prepare('INSERT INTO subject_ids (slug, id) SELECT ?, coalesce(max(id), 0) + 1 FROM subject_ids RETURNING id').raw(),
      lastInSubject: db.prepare('SELECT max(rowid) FROM questions WHERE rowid BETWEEN ?1 AND ?1 + 4294967295').raw(),
    };
  }

  async run(files: string[]): Promise<ContentBuild> {
    const stats: ContentStats = { files: files.length, parsed: 0, rehashed: 0, deleted: 0, subjects: 0, questions: 0, topics: 0 };
    // Files whose size or time changed since the last build are read again; the others are not.
    this.progress.phase('checking', files.length);
    const tasks: FileTask[] = [];
    files.forEach((file, n) => {
      this.progress.tick(n);
      const { mtimeMs: mtime, size } = fs.statSync(path.join(this.dir, file));
      const cached = this.statements.cached.get(file) as [number, number, string] | undefined;
      if (!cached || cached[0] !== mtime || cached[1] !== size) tasks.push({ file, mtime, size, cachedHash: cached?.[2] ?? null });
    });
    this.progress.phase('reading and parsing', tasks.length);
    let n = 0;
    for await (const prepared of prepareMany(this.dir, tasks, this.prepare)) {
      this.progress.tick(n++);
      const { file, mtime, size, hash } = prepared;
      if (prepared.kind === 'same bytes') {
        this.statements.touch.run(mtime, size, file);
        stats.rehashed++;
        continue;
      }
      this.removeQuestion(file);
      const q = prepared.question;
      const rowid = q ? this.insert(q) : null;
      this.statements.putFile.run(
        file,
        mtime,
        size,
        hash,
        prepared.problems ? JSON.stringify(prepared.problems) : null,
        rowid,
        q?.titleKey ?? null,
        q?.subjectAsWritten ?? null,
      );
      stats.parsed++;
    }

    // Files gone since the last build: every row whose file was not listed this time.
    this.progress.phase('removing deleted files');
    this.db.exec('CREATE TEMP TABLE listed (file TEXT PRIMARY KEY) WITHOUT ROWID');
    const list = this.db.prepare('INSERT INTO temp.listed (file) VALUES (?)');
    for (const file of files) list.run(file);
    const gone = this.db.prepare('SELECT file FROM build.files WHERE file NOT IN (SELECT file FROM temp.listed)').raw().all() as [string][];
    for (const [file] of gone) {
      this.removeQuestion(file);
      this.statements.deleteFile.run(file);
    }
    this.db.exec('DROP TABLE temp.listed');
    stats.deleted = gone.length;

    this.search.saveRelatedWords(this.progress);
    const changed = stats.parsed > 0 || stats.deleted > 0 || metaOf(this.db, 'main.meta', 'generation') === undefined;
    if (changed) {
      this.progress.phase('resolving copies, names and titles');
      this.search.saveWords();
      resolveCorpus(this.db);
      this.search.canonicalOnly(this.topics);
      this.search.saveStems();
      this.progress.phase('counting topics');
      this.topics.save();
      this.search.saveStats();
      // Statistics for SQLite's planner: without them it reads a question by url through the
      // listing index (a subject's every row: 0.25 ms; a page's related links, 1.3 ms) instead
      // of the url index. Sampled (analysis_limit): 0.35 s at 100,000 questions.
      this.db.exec('PRAGMA analysis_limit = 1000; ANALYZE main');
      this.db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('generation', ?)").run(randomUUID());
    }
    if (stats.parsed > stats.files / 10 && stats.parsed > 1000) {
      this.progress.phase('optimising the search index');
      this.db.exec("INSERT INTO search (search) VALUES ('optimize'); INSERT INTO titles (titles) VALUES ('optimize')");
    }

    const problems: Problem[] = [];
    for (const [json] of this.db.prepare('SELECT problems FROM build.files WHERE problems IS NOT NULL ORDER BY file').raw().iterate() as Iterable<[string]>) {
      problems.push(...(JSON.parse(json) as Problem[]));
    }
    for (const [file, field, message] of this.db.prepare('SELECT file, field, message FROM build.corpus_problems ORDER BY rowid').raw().all() as [
      string,
      string,
      string,
    ][]) {
      problems.push({ file, field, message });
    }
    stats.subjects = this.count('SELECT count(*) FROM subjects');
    stats.topics = this.count('SELECT count(*) FROM keywords WHERE slug IS NOT NULL');
    // Files that lost a url or id clash are reported, not counted as published questions.
    stats.questions = this.count('SELECT count(*) FROM build.files WHERE question IS NOT NULL AND file NOT IN (SELECT file FROM build.corpus_problems)');
    return { problems, stats, changed };
  }

  private count(sql: string): number {
    return (this.db.prepare(sql).raw().get() as [number])[0];
  }

  /** The next rowid in a subject's range: (subject id << 32) + a number within the subject. */
  private nextRowid(subjectSlug: string): number {
    const known = this.statements.subjectId.get(subjectSlug) as [number] | undefined;
    const id = known?.[0] ?? (this.statements.newSubjectId.get(subjectSlug) as [number])[0];
    const base = id * 2 ** 32;
    const last = this.lastRowid.get(id) ?? (this.statements.lastInSubject.get(base) as [number | null])[0] ?? base;
    this.lastRowid.set(id, last + 1);
    return last + 1;
  }

  private insert(q: PreparedQuestion): number {
    const rowid = this.nextRowid(q.subjectSlug);
    this.statements.insertQuestion.run(rowid, q.subjectSlug, q.slug, q.id, q.title, q.date, q.dayRank, q.description, q.noIndex ? 1 : 0, q.file);
    this.statements.insertBody.run(rowid, q.body);
    this.search.add(rowid, q);
    this.topics.tag(rowid, q.dayRank, q.id, q.keywords, 1);
    return rowid;
  }

  private removeQuestion(file: string) {
    const old = this.statements.questionOf.get(file) as [number, string, number, number, number, Buffer] | undefined;
    if (!old) return;
    const [rowid, title, searchable, dayRank, id, body] = old;
    const { question, keywords } = unpackBody(body);
    if (searchable) this.topics.tag(rowid, dayRank, id, keywordsOf(keywords), -1);
    this.search.remove(rowid, searchable === 1, { title, question, keywords });
    this.statements.deleteQuestion.run(rowid);
    this.statements.deleteBody.run(rowid);
  }
}
