import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { chooseCanonical, idClash, pageTitlesOf, subjectsFromSpellings, urlClash, type SubjectSpelling } from '../model/corpus';
import { listQuestionFiles } from './files';
import { silent, type Progress } from './progress';
import { vocabularyOf } from '../search/search-text';
import { displayName, keywordsOf, letterOf, resolveSlugClash, TOPIC_MIN_QUESTIONS, topicSlug } from '../model/topics';
import { questionUrl, type Problem } from '../model/types';
import { unpackBody } from '../store/body';
import { columnLengths, type SearchStats } from '../search/term-vector';
import { relatedWordsCached, WORDNET_VERSION } from './wordnet';
import { searchColumns, type FileTask, type PreparedQuestion } from './prepare';
import { prepareMany, type PrepareOptions } from './prepare-many';
import { BUILD_SCHEMA, PAGE_SIZE_BYTES, SCHEMA_VERSION, SITE_SCHEMA } from '../sqlite/schema';

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
  topics: number;
}

export interface ContentBuild {
  problems: Problem[];
  stats: ContentStats;
  /** Whether any question changed (then the database has a new `generation`). */
  changed: boolean;
}

/** The build's own file beside the site's database: `content.db` → `content.build.db`. */
export const buildFileOf = (file: string) => file.replace(/(\.db)?$/, '.build.db');

/**
 * A file the content step writes its keyword changes to while it streams files in, and applies
 * sorted at the end (saveTopics): sorted, a million questions' ten million keywords go in
 * several times faster than one by one. Thrown away after each build.
 */
const scratchFileOf = (file: string) => file.replace(/(\.db)?$/, '.scratch.db');

function metaOf(db: Db, table: string, key: string): string | undefined {
  try {
    return (db.prepare(`SELECT value FROM ${table} WHERE key = ?`).raw().get(key) as [string] | undefined)?.[0];
  } catch {
    return undefined;
  }
}

/** Opens (or creates) the database at `file`, with the build's file attached, for `dir`; rebuilt if stale. */
function openForWriting(file: string, dir: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const open = () => {
    const db = new Database(file);
    db.prepare('ATTACH DATABASE ? AS build').run(buildFileOf(file));
    return db;
  };
  let db = open();
  const current = (table: string) => metaOf(db, table, 'version') === String(SCHEMA_VERSION) && metaOf(db, table, 'dir') === dir;
  if (!current('main.meta') || !current('build.meta')) {
    db.close();
    for (const f of [file, buildFileOf(file)]) for (const suffix of ['', '-journal', '-wal']) fs.rmSync(f + suffix, { force: true });
    db = open();
    db.exec(`PRAGMA main.page_size = ${PAGE_SIZE_BYTES}; PRAGMA build.page_size = ${PAGE_SIZE_BYTES}`);
    db.exec(SITE_SCHEMA);
    db.exec(BUILD_SCHEMA);
    for (const table of ['main.meta', 'build.meta']) {
      db.prepare(`INSERT INTO ${table} (key, value) VALUES ('version', ?), ('dir', ?)`).run(String(SCHEMA_VERSION), dir);
    }
  }
  // Sorts larger than the cache go to temporary files, not memory (saveTopics sorts ten million rows at a million questions).
  db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = FILE');
  const scratch = scratchFileOf(file);
  for (const suffix of ['', '-journal']) fs.rmSync(scratch + suffix, { force: true });
  db.prepare('ATTACH DATABASE ? AS scratch').run(scratch);
  db.exec(`PRAGMA scratch.journal_mode = OFF; PRAGMA scratch.synchronous = OFF;
    CREATE TABLE scratch.tag_changes (key TEXT NOT NULL, spelling TEXT NOT NULL, day_rank INTEGER NOT NULL, id INTEGER NOT NULL, question INTEGER NOT NULL, sign INTEGER NOT NULL)`);
  return db;
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
  private readonly wordDeltas = new Map<string, number>();
  /** Keyword changes not yet written to scratch.tag_changes: [key, spelling, day_rank, id, question, sign]. */
  private tagBuffer: [string, string, number, number, number, number][] = [];
  /** Whether this build took a question out of a keyword's listing (scratch.tag_changes has a -1). */
  private untagged = false;
  private tagged = false;
  /** Per subject id, the last rowid given in it. */
  private readonly lastRowid = new Map<number, number>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly progress: Progress,
    private readonly prepare: PrepareOptions,
  ) {
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
      deleteTerms: db.prepare('DELETE FROM term_vectors WHERE rowid = ?'),
      insertTerms: db.prepare('INSERT INTO term_vectors (rowid, lengths, data) VALUES (?, ?, ?)'),
      deleteFile: db.prepare('DELETE FROM build.files WHERE file = ?'),
      unindex: db.prepare('DELETE FROM search WHERE rowid = ?'),
      unindexTitle: db.prepare('DELETE FROM titles WHERE rowid = ?'),
      insertQuestion: db.prepare(`INSERT INTO questions (rowid, subject_slug, slug, id, title, date, day_rank, description, no_index, file, searchable)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`),
      insertBody: db.prepare('INSERT INTO bodies (rowid, body) VALUES (?, ?)'),
      index: db.prepare('INSERT INTO search (rowid, title, question, keywords, description, answer) VALUES (?, ?, ?, ?, ?, ?)'),
      indexTitle: db.prepare('INSERT INTO titles (rowid, title, question, keywords) VALUES (?, ?, ?, ?)'),
      subjectId: db.prepare('SELECT id FROM subject_ids WHERE slug = ?').raw(),
      newSubjectId: db.prepare('INSERT INTO subject_ids (slug, id) SELECT ?, coalesce(max(id), 0) + 1 FROM subject_ids RETURNING id').raw(),
      lastInSubject: db.prepare('SELECT max(rowid) FROM questions WHERE rowid BETWEEN ?1 AND ?1 + 4294967295').raw(),
      tags: db.prepare(`INSERT INTO scratch.tag_changes (key, spelling, day_rank, id, question, sign)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?)`),
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

    this.saveRelatedWords();
    const changed = stats.parsed > 0 || stats.deleted > 0 || metaOf(this.db, 'main.meta', 'generation') === undefined;
    if (changed) {
      this.progress.phase('resolving copies, names and titles');
      this.saveWords();
      this.resolve();
      this.searchCanonicalOnly();
      this.progress.phase('counting topics');
      this.saveTopics();
      this.saveSearchStats();
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
    this.statements.insertTerms.run(rowid, columnLengths(q.search).join(' '), q.terms);
    // Searchable until resolving finds it to be another question's copy.
    this.statements.index.run(rowid, ...q.search);
    this.statements.indexTitle.run(rowid, ...q.search.slice(0, 3));
    this.tag(rowid, q.dayRank, q.id, q.keywords, 1);
    for (const word of q.words) this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) + 1);
    return rowid;
  }

  private removeQuestion(file: string) {
    const old = this.statements.questionOf.get(file) as [number, string, number, number, number, Buffer] | undefined;
    if (!old) return;
    const [rowid, title, searchable, dayRank, id, body] = old;
    const { question, keywords } = unpackBody(body);
    if (searchable) {
      this.statements.unindex.run(rowid);
      this.statements.unindexTitle.run(rowid);
      this.tag(rowid, dayRank, id, keywordsOf(keywords), -1);
    }
    this.statements.deleteQuestion.run(rowid);
    this.statements.deleteBody.run(rowid);
    this.statements.deleteTerms.run(rowid);
    for (const word of vocabularyOf(title, question, keywords)) this.wordDeltas.set(word, (this.wordDeltas.get(word) ?? 0) - 1);
  }

  private saveWords() {
    const add = this.db.prepare('INSERT INTO words (word, docs) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET docs = docs + excluded.docs');
    for (const [word, delta] of this.wordDeltas) if (delta !== 0) add.run(word, delta);
    this.db.exec('DELETE FROM words WHERE docs <= 0');
    this.wordDeltas.clear();
  }

  /**
   * Adds a canonical question to (or, with -1, removes it from) its keywords' listings: written
   * to the scratch file, applied by saveTopics().
   */
  private tag(rowid: number, dayRank: number, questionId: number, keywords: [string, string][], sign: 1 | -1) {
    for (const [key, spelling] of keywords) this.tagBuffer.push([key, spelling, dayRank, questionId, rowid, sign]);
    if (sign < 0 && keywords.length > 0) this.untagged = true;
    if (this.tagBuffer.length >= 50_000) this.flushTags();
  }

  /** Writes the buffered keyword changes, many in one statement. */
  private flushTags() {
    if (this.tagBuffer.length === 0) return;
    this.statements.tags.run(JSON.stringify(this.tagBuffer));
    this.tagBuffer = [];
    this.tagged = true;
  }

  /**
   * Brings the keywords this build changed up to date: their counts and spellings; which of
   * them are topics (TOPIC_MIN_QUESTIONS), with their names and slugs; the index's letters.
   */
  private saveTopics() {
    this.flushTags();
    if (!this.tagged) return;
    const db = this.db;
    // Each change summed per key, listing entry and spelling (a question removed and added again
    // in one build cancels out), keys resolved to ids once, applied in the tables' own order.
    // (A question has one spelling of a key, so the spelling goes with its listing entry.)
    db.exec(`CREATE INDEX scratch.changes_by_key ON tag_changes (key, day_rank, id, question, spelling, sign);
      INSERT OR IGNORE INTO keywords (key) SELECT DISTINCT key FROM scratch.tag_changes ORDER BY key;
      CREATE TABLE scratch.net AS SELECT k.id AS keyword, c.day_rank, c.id, c.question, c.spelling, c.sign FROM
        (SELECT key, day_rank, id, question, spelling, sum(sign) AS sign FROM scratch.tag_changes GROUP BY 1, 2, 3, 4) c
        JOIN keywords k ON k.key = c.key WHERE c.sign <> 0;
      INSERT INTO keyword_questions (keyword, day_rank, id, question)
        SELECT keyword, day_rank, id, question FROM scratch.net WHERE sign > 0 ORDER BY 1, 2, 3, 4;
      INSERT INTO build.spellings (keyword, spelling, uses)
        SELECT keyword, spelling, sum(sign) FROM scratch.net GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (keyword, spelling) DO UPDATE SET uses = uses + excluded.uses;
      CREATE TABLE scratch.touched (id INTEGER PRIMARY KEY, delta INTEGER NOT NULL);
      INSERT INTO scratch.touched SELECT keyword, sum(sign) FROM scratch.net GROUP BY 1 ORDER BY 1;
      UPDATE keywords SET questions = questions + t.delta FROM scratch.touched t WHERE keywords.id = t.id AND t.delta <> 0;
      DELETE FROM build.spellings WHERE uses <= 0 AND keyword IN (SELECT id FROM scratch.touched);`);
    if (this.untagged) {
      db.exec(`DELETE FROM keyword_questions WHERE (keyword, day_rank, id, question) IN
        (SELECT keyword, day_rank, id, question FROM scratch.net WHERE sign < 0)`);
    }

    // Which of the keywords touched are topics now (TOPIC_MIN_QUESTIONS), with their names and
    // slugs; only those that are or were one need a look.
    const spellings = db.prepare('SELECT spelling, uses FROM build.spellings WHERE keyword = ?').raw();
    const setTopic = db.prepare('UPDATE keywords SET name = ?, slug = ? WHERE id = ?');
    const changes = db
      .prepare(`SELECT k.id, k.key, k.questions, k.name, k.slug FROM scratch.touched t JOIN keywords k ON k.id = t.id
      WHERE k.questions >= ? OR k.slug IS NOT NULL`)
      .raw()
      .all(TOPIC_MIN_QUESTIONS) as [number, string, number, string | null, string | null][];
    // Hashed slugs (topics.ts) are settled per short slug once all counts are in, below.
    const hashed = new Set<string>();
    let topicsChanged = false;
    for (const [id, key, questions, name, slug] of changes) {
      const short = topicSlug(key);
      if (short.includes('--')) hashed.add(short);
      if (questions < TOPIC_MIN_QUESTIONS) {
        setTopic.run(null, null, id);
        topicsChanged = true;
        continue;
      }
      const newName = displayName((spellings.all(id) as [string, number][]).map(([spelling, uses]) => ({ spelling, uses })));
      const newSlug = short.includes('--') ? (slug ?? topicSlug(key, 40)) : short;
      if (newName !== name || newSlug !== slug) setTopic.run(newName, newSlug, id);
      topicsChanged ||= slug === null;
    }
    // Keywords no canonical question carries any more (or never did: a copy's own, taken out again).
    db.exec(`DELETE FROM keywords WHERE questions <= 0 AND key IN (SELECT key FROM scratch.tag_changes);
      DROP INDEX scratch.changes_by_key; DELETE FROM scratch.tag_changes; DROP TABLE scratch.net; DROP TABLE scratch.touched;`);
    this.tagged = this.untagged = false;
    // Every topic whose key's short slug is one of these (a full-hash slug starts with its short
    // one): the key sorting first takes the short slug, the others keep the whole hash.
    const contenders = db.prepare("SELECT id, key, slug FROM keywords WHERE slug >= ?1 AND slug < ?1 || '~'").raw();
    const setSlug = db.prepare('UPDATE keywords SET slug = ? WHERE id = ?');
    for (const short of hashed) {
      const group = (contenders.all(short) as [number, string, string][]).filter(([, key]) => topicSlug(key) === short);
      const resolved = resolveSlugClash(group.map(([, key]) => key));
      // Full hashes first, so that the short slug is free before it is given.
      for (const [id, key, slug] of group.sort(([, a], [, b]) => Number(resolved.get(a) === short) - Number(resolved.get(b) === short))) {
        if (resolved.get(key) !== slug) setSlug.run(resolved.get(key)!, id);
      }
    }
    if (!topicsChanged) return;
    // Where each letter starts in the alphabetical index (keys sort as the index lists them).
    const firsts: [string, number][] = [];
    let position = 0;
    for (const [first, n] of db
      .prepare(`SELECT substr(key, 1, 1), count(*) FROM keywords WHERE slug IS NOT NULL
      GROUP BY 1 ORDER BY 1`)
      .raw()
      .iterate() as Iterable<[string, number]>) {
      const letter = letterOf(first);
      if (!firsts.some(([l]) => l === letter)) firsts.push([letter, position]);
      position += n;
    }
    db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('topic_letters', ?)").run(JSON.stringify(firsts));
  }

  /** WordNet's related words (../wordnet.ts), when this database does not have this version of them. */
  private saveRelatedWords() {
    if (metaOf(this.db, 'main.meta', 'related_version') === WORDNET_VERSION) return;
    this.progress.phase('relating words (WordNet)');
    this.db.exec('DELETE FROM related_words');
    const insert = this.db.prepare('INSERT INTO related_words (word, stems) SELECT value ->> 0, value ->> 1 FROM json_each(?)');
    const table = relatedWordsCached();
    for (let i = 0; i < table.length; i += 10_000) insert.run(JSON.stringify(table.slice(i, i + 10_000)));
    this.db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('related_version', ?)").run(WORDNET_VERSION);
  }

  /** How many questions are searched, and their fields' average lengths: what BM25 weighs a field's length against. */
  private saveSearchStats() {
    const rows = this.db.prepare('SELECT t.lengths FROM term_vectors t JOIN questions q ON q.rowid = t.rowid WHERE q.searchable').raw().iterate() as Iterable<
      [string]
    >;
    const sums = [0, 0, 0, 0, 0];
    let count = 0;
    for (const [lengths] of rows) {
      count++;
      lengths.split(' ').forEach((n, i) => {
        sums[i]! += Number(n);
      });
    }
    const stats: SearchStats = { count, averageLengths: sums.map((sum) => (count === 0 ? 0 : Math.round((sum / count) * 100) / 100)) };
    this.db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('search_stats', ?)").run(JSON.stringify(stats));
  }

  /**
   * Search finds each question once: its canonical copy is in the full-text indexes and the
   * other copies are not. Brings the indexes in line with what resolving decided.
   */
  private searchCanonicalOnly() {
    const changed = this.db
      .prepare(`SELECT q.rowid, q.title, q.description, q.day_rank, q.id, q.canonical_url IS NULL, b.body FROM questions q
      JOIN bodies b ON b.rowid = q.rowid WHERE (q.canonical_url IS NULL) <> q.searchable`)
      .raw()
      .all() as [number, string, string, number, number, number, Buffer][];
    const mark = this.db.prepare('UPDATE questions SET searchable = ? WHERE rowid = ?');
    for (const [rowid, title, description, dayRank, id, canonical, packed] of changed) {
      const body = unpackBody(packed);
      if (canonical) {
        const columns = searchColumns(title, body.question, body.keywords.join(', '), description, body.answer);
        this.statements.index.run(rowid, ...columns);
        this.statements.indexTitle.run(rowid, ...columns.slice(0, 3));
      } else {
        this.statements.unindex.run(rowid);
        this.statements.unindexTitle.run(rowid);
      }
      this.tag(rowid, dayRank, id, keywordsOf(body.keywords), canonical ? 1 : -1);
      mark.run(canonical, rowid);
    }
  }

  /**
   * What only the whole folder can tell, from SQL a group at a time: url and id clashes,
   * subject names, canonical copies, unique page titles. Only rows whose values change are
   * written, so a one-file change rewrites only the rows it affects.
   */
  private resolve() {
    const db = this.db;
    const rows = <T>(sql: string) => db.prepare(sql).raw().iterate() as Iterable<T>;
    db.exec('DELETE FROM build.corpus_problems');
    const problem = db.prepare('INSERT INTO build.corpus_problems (file, field, message) VALUES (?, ?, ?)');

    // Two files with one url: the first by path is kept, the others are errors.
    for (const group of groups(
      rows<[string, string, string]>(`SELECT q.subject_slug, q.slug, f.file FROM questions q
      JOIN build.files f ON f.question = q.rowid
      WHERE (q.subject_slug, q.slug) IN (SELECT subject_slug, slug FROM questions GROUP BY 1, 2 HAVING count(*) > 1)
      ORDER BY q.subject_slug, q.slug, f.file`),
      ([subject, slug, file]) => ({ key: questionUrl(subject, slug), file }),
    )) {
      for (const other of group.slice(1)) problem.run(other.file, 'url', urlClash(other.key, group[0]!.file));
    }

    // Files sharing an id must be copies of one question: the same slug under other subjects.
    for (const group of groups(
      rows<[number, string, string]>(`SELECT q.id, q.slug, f.file FROM questions q
      JOIN build.files f ON f.question = q.rowid WHERE q.id IN
      (SELECT id FROM questions GROUP BY id HAVING count(DISTINCT slug) > 1) ORDER BY q.id, f.file`),
      ([key, slug, file]) => ({ key, slug, file }),
    )) {
      const first = group[0]!;
      for (const other of group.filter((r) => r.slug !== first.slug)) {
        problem.run(other.file, 'id', idClash(other.key, first));
      }
    }

    // One display name per subject.
    const spellings = (
      db
        .prepare(`SELECT q.subject_slug, f.subject_as_written, count(*) FROM build.files f
      JOIN questions q ON q.rowid = f.question GROUP BY 1, 2`)
        .raw()
        .all() as [string, string, number][]
    ).map(([slug, asWritten, count]): SubjectSpelling => ({ slug, asWritten, count }));
    const subjects = subjectsFromSpellings(spellings);
    db.exec('DELETE FROM subjects');
    const putSubject = db.prepare('INSERT INTO subjects (slug, name, count, position) VALUES (?, ?, ?, ?)');
    subjects.forEach((s, i) => {
      putSubject.run(s.slug, s.name, s.count, i);
    });
    const subjectName = new Map(subjects.map((s) => [s.slug, s.name]));

    // Canonical copies: singles are their own; each cross-listed group chooses one.
    db.exec(`UPDATE questions SET canonical_url = NULL WHERE canonical_url IS NOT NULL AND id IN
      (SELECT id FROM questions GROUP BY id HAVING count(*) = 1)`);
    const setOwn = db.prepare('UPDATE questions SET canonical_url = NULL WHERE rowid = ? AND canonical_url IS NOT NULL');
    const setOthers = db.prepare('UPDATE questions SET canonical_url = ?1 WHERE id = ?2 AND rowid <> ?3 AND canonical_url IS NOT ?1');
    for (const group of groups(
      rows<[number, number, string, string, number, string]>(`SELECT id, rowid, subject_slug, slug, no_index, date
      FROM questions WHERE id IN (SELECT id FROM questions GROUP BY id HAVING count(*) > 1) ORDER BY id`),
      ([key, rowid, subjectSlug, slug, noIndex, date]) => ({ key, rowid, url: questionUrl(subjectSlug, slug), subjectSlug, noIndex: noIndex === 1, date }),
    )) {
      const canonical = chooseCanonical(group);
      setOwn.run(canonical.rowid);
      setOthers.run(canonical.url, canonical.key, canonical.rowid);
    }

    // Page titles no two canonical pages share.
    const sharedTitles = `SELECT f2.title_key FROM build.files f2 JOIN questions q2 ON q2.rowid = f2.question
      WHERE f2.title_key IS NOT NULL GROUP BY f2.title_key HAVING count(DISTINCT q2.id) > 1`;
    db.exec(`UPDATE questions SET page_title = NULL WHERE page_title IS NOT NULL AND rowid NOT IN
      (SELECT question FROM build.files WHERE title_key IN (${sharedTitles}))`);
    const setTitle = db.prepare('UPDATE questions SET page_title = nullif(?1, title) WHERE rowid = ?2 AND page_title IS NOT nullif(?1, title)');
    for (const group of groups(
      rows<[string, number, string, string, number, string, string, string | null]>(`SELECT f.title_key, q.rowid,
      q.subject_slug, q.slug, q.id, q.title, q.date, q.canonical_url FROM build.files f JOIN questions q ON q.rowid = f.question
      WHERE f.title_key IN (${sharedTitles}) ORDER BY f.title_key`),
      ([key, rowid, subjectSlug, slug, id, title, date, canonicalUrl]) => ({
        key,
        rowid,
        url: questionUrl(subjectSlug, slug),
        subjectSlug,
        id,
        title,
        date,
        canonicalUrl,
      }),
    )) {
      const titles = pageTitlesOf(group, (r) => r.canonicalUrl === null, subjectName);
      for (const r of group) setTitle.run(titles.get(r.url)!, r.rowid);
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
 * Publishes the site's database at `from` to `to` for the site to read: copied beside it, then
 * renamed over it, so a server never opens a half-written file. Skipped when `to` already holds
 * this build's content.
 */
export function publishContentDb(from: string, to: string, progress: Progress = silent): void {
  if (generationOf(to) === generationOf(from) && generationOf(from) !== undefined) return;
  progress.phase('publishing');
  fs.mkdirSync(path.dirname(to), { recursive: true });
  // The copy is made beside the build's own database, so a step killed while copying leaves
  // nothing beside the published file; renamed over it (same file system: atomic).
  const stale = (f: string) => f.startsWith(`${path.basename(from)}.`) && f.endsWith('.publish');
  for (const f of fs.readdirSync(path.dirname(from)).filter(stale)) fs.rmSync(path.join(path.dirname(from), f), { force: true });
  let temporary = `${from}.${process.pid}.publish`;
  fs.copyFileSync(from, temporary);
  progress.phase('publishing: copied');
  try {
    fs.renameSync(temporary, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // Another file system: copied beside the published file after all.
    fs.rmSync(temporary);
    temporary = `${to}.${process.pid}.tmp`;
    fs.copyFileSync(from, temporary);
    fs.renameSync(temporary, to);
  }
}

/** The database's build generation (new whenever its questions change), if it has one. */
function generationOf(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true });
  try {
    return metaOf(db, 'meta', 'generation');
  } finally {
    db.close();
  }
}
