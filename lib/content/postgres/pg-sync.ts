import Database from 'libsql';
import type pg from 'pg';
import { keywordsOf } from '../model/topics';
import { questionUrl } from '../model/types';
import { unpackBody } from '../store/body';
import { migrate, SYNC_LOCK } from './pg-migrate';
import { NO_SEARCH_STATS } from '../search/term-vector';
import { searchColumns } from '../build/prepare';
import { SCHEMA_VERSION } from '../sqlite/schema';
import { buildFileOf } from '../build/write';

// content:sync's second half: brings the PostgreSQL content store to what the content step's
// SQLite database holds (the same loader, checks and resolution wrote it), in one transaction.
// Each table is walked in key order on both sides at once (keys compare byte by byte in both
// databases), so memory stays flat whatever the corpus; only rows that differ are written, and a
// question's body and search vectors only when its file's content hash changed.

/** What a sync changed, for revalidating exactly the pages that show it (app/api/revalidate). */
export interface SyncChanges {
  /** Urls of the questions added, changed or removed. */
  questions: string[];
  /** Their question ids (a question's copies share its id). */
  ids: number[];
  /** Subjects whose questions changed: their listings, feeds and sitemap entries. */
  subjects: string[];
  /** Topic slugs whose pages changed (as they were before the sync, and after). */
  topics: string[];
}

export interface SyncResult {
  changes: SyncChanges;
  /** Rows written, by table (0 everywhere when nothing changed). */
  written: Record<'questions' | 'questionFields' | 'removed' | 'keywordRows' | 'keywords' | 'words' | 'subjects' | 'meta', number>;
  /** Migrations applied first. */
  migrations: string[];
}

const BATCH = 500;
const PAGE = 5_000;

type Key = (string | number)[];

/** Byte order of UTF-8, as SQLite's BINARY and PostgreSQL's "C" collation compare. */
function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
  }
  return 0;
}

/** Rows of a PostgreSQL table in key order, a page at a time (keyset pagination). */
async function* pgRows<T>(client: pg.ClientBase, select: string, from: string, keyColumns: string[], keyOf: (row: T) => Key): AsyncGenerator<T> {
  const order = keyColumns.join(', ');
  let after: Key | null = null;
  for (;;) {
    const params = after ?? [];
    const where = after ? `WHERE (${order}) > (${keyColumns.map((_, i) => `$${i + 1}`).join(', ')})` : '';
    const { rows } = await client.query<T & pg.QueryResultRow>(`SELECT ${select} FROM ${from} ${where} ORDER BY ${order} LIMIT ${PAGE}`, params);
    for (const row of rows) yield row as T;
    if (rows.length < PAGE) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** Walks two key-ordered row streams together: calls `visit` with each key's row on either side. */
async function mergeByKey<A, B>(
  left: Iterable<A>,
  right: AsyncIterable<B>,
  keyOfLeft: (a: A) => Key,
  keyOfRight: (b: B) => Key,
  visit: (a: A | undefined, b: B | undefined) => Promise<void>,
) {
  const l = left[Symbol.iterator]();
  const r = right[Symbol.asyncIterator]();
  let a = l.next();
  let b = await r.next();
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareKeys(keyOfLeft(a.value), keyOfRight(b.value));
    if (order < 0) {
      await visit(a.value as A, undefined);
      a = l.next();
    } else if (order > 0) {
      await visit(undefined, b.value as B);
      b = await r.next();
    } else {
      await visit(a.value as A, b.value as B);
      a = l.next();
      b = await r.next();
    }
  }
}

/** Rows written as one statement of parallel arrays (unnest), `size` rows at a time. */
class Batch<T extends unknown[]> {
  private rows: T[] = [];
  count = 0;
  constructor(
    private readonly write: (columns: unknown[][]) => Promise<unknown>,
    private readonly size = BATCH,
  ) {}
  get full() {
    return this.rows.length >= this.size;
  }
  /** Adds a row; written at once when the batch is full, unless `hold` (the caller flushes). */
  async add(row: T, hold = false) {
    this.rows.push(row);
    this.count++;
    if (!hold && this.full) await this.flush();
  }
  async flush() {
    if (this.rows.length === 0) return;
    const columns = this.rows[0]!.map((_, i) => this.rows.map((row) => row[i]));
    this.rows = [];
    await this.write(columns);
  }
}

type QuestionRow = [
  rowid: number,
  subjectSlug: string,
  slug: string,
  id: number,
  title: string,
  date: string,
  dayRank: number,
  description: string,
  noIndex: number,
  canonicalUrl: string | null,
  pageTitle: string | null,
  file: string | null,
  searchable: number,
  hash: string,
];
interface PgQuestion {
  subject_slug: string;
  slug: string;
  id: number;
  title: string;
  date: string;
  day_rank: number;
  description: string;
  no_index: boolean;
  canonical_url: string | null;
  page_title: string | null;
  file: string | null;
  searchable: boolean;
  rid: string | null;
  hash: string;
}

// rid is the question's SQLite rowid: search breaks ties by it, so that both stores rank alike.
const FIELDS = 'subject_slug, slug, id, title, date, day_rank, description, no_index, canonical_url, page_title, file, searchable, rid';
const FIELD_TYPES = 'text[], text[], int[], text[], text[], int[], text[], bool[], text[], text[], text[], bool[], int8[]';
const FIELD_NAMES = FIELDS.split(', ');
const fieldsOf = (q: QuestionRow) => [q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8] === 1, q[9], q[10], q[11], q[12] === 1, q[0]];
const sameFields = (q: QuestionRow, p: PgQuestion) =>
  q[0] === Number(p.rid) &&
  q[3] === p.id &&
  q[4] === p.title &&
  q[5] === p.date &&
  q[6] === p.day_rank &&
  q[7] === p.description &&
  (q[8] === 1) === p.no_index &&
  q[9] === p.canonical_url &&
  q[10] === p.page_title &&
  q[11] === p.file &&
  (q[12] === 1) === p.searchable;

/**
 * Brings the PostgreSQL database `client` is connected to up to date with the content step's
 * SQLite database at `sqliteFile` (its build file beside it), applying migrations first.
 * Holds an advisory lock for the whole transaction: a second sync waits, then finds the first's
 * work done. Throws (and changes nothing) on any error.
 */
export async function syncToPostgres(sqliteFile: string, client: pg.ClientBase): Promise<SyncResult> {
  const migrations = await migrate(client);
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  db.prepare('ATTACH DATABASE ? AS build').run(buildFileOf(sqliteFile));
  const written = { questions: 0, questionFields: 0, removed: 0, keywordRows: 0, keywords: 0, words: 0, subjects: 0, meta: 0 };
  const changedUrls: string[] = [];
  const changedIds = new Set<number>();
  const changedSubjects = new Set<string>();
  const changedKeys = new Set<string>();
  const topicSlugs = new Set<string>();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
    const meta = new Map((await client.query<{ key: string; value: string }>('SELECT key, value FROM content_meta')).rows.map((r) => [r.key, r.value]));
    // A new parser or schema can turn the same file into a different body: rewrite them all.
    const sameBodies = meta.get('body_version') === String(SCHEMA_VERSION);

    const bodyOf = db.prepare('SELECT body FROM bodies WHERE rowid = ?').raw();
    const termsOf = db.prepare('SELECT data, lengths FROM term_vectors WHERE rowid = ?').raw();
    // The search text is stems already (search-text.ts): the 'quicktakes' configuration only
    // splits it into words (migration 0003), as SQLite's tokenizer does.
    const extra = ['hash text[]', 'body bytea[]', 'terms bytea[]', 'lengths text[]', 't text[]', 'q text[]', 'k text[]', 'd text[]', 'a text[]'];
    const upsert = new Batch<unknown[]>((c) =>
      client.query(
        `INSERT INTO questions (${FIELDS}, hash, body, terms, lengths, search, titles)
         SELECT ${FIELD_NAMES.map((_, i) => `u.c${i}`).join(', ')}, u.hash, u.body, u.terms, u.lengths,
           setweight(to_tsvector('quicktakes', u.t), 'A') || setweight(to_tsvector('quicktakes', u.q), 'A') ||
           setweight(to_tsvector('quicktakes', u.k), 'B') || setweight(to_tsvector('quicktakes', u.d), 'C') || setweight(to_tsvector('quicktakes', u.a), 'D'),
           setweight(to_tsvector('quicktakes', u.t), 'A') || setweight(to_tsvector('quicktakes', u.q), 'A') || setweight(to_tsvector('quicktakes', u.k), 'B')
         FROM unnest(${[...FIELD_TYPES.split(', '), ...extra.map((e) => e.split(' ')[1])].map((t, i) => `$${i + 1}::${t}`).join(', ')})
           AS u(${FIELD_NAMES.map((_, i) => `c${i}`).join(', ')}, ${extra.map((e) => e.split(' ')[0]).join(', ')})
         ON CONFLICT (subject_slug, slug) DO UPDATE SET ${[...FIELD_NAMES.slice(2), 'hash', 'body', 'terms', 'lengths', 'search', 'titles'].map((c) => `${c} = excluded.${c}`).join(', ')}`,
        c,
      ),
    );
    const update = new Batch<unknown[]>((c) =>
      client.query(
        `UPDATE questions q SET ${FIELD_NAMES.slice(2)
          .map((c, i) => `${c} = u.c${i + 2}`)
          .join(', ')}
         FROM unnest(${FIELD_TYPES.split(', ')
           .map((t, i) => `$${i + 1}::${t}`)
           .join(', ')}) AS u(${FIELD_NAMES.map((_, i) => `c${i}`).join(', ')})
         WHERE q.subject_slug = u.c0 AND q.slug = u.c1`,
        c,
      ),
    );
    const remove = new Batch<[string, string]>((c) =>
      client.query('DELETE FROM questions WHERE (subject_slug, slug) IN (SELECT * FROM unnest($1::text[], $2::text[]))', c),
    );
    // A question's rows in keyword_questions are rewritten whenever the question changes.
    const untag = new Batch<[string, string]>((c) =>
      client.query('DELETE FROM keyword_questions WHERE (subject_slug, slug) IN (SELECT * FROM unnest($1::text[], $2::text[]))', c),
    );
    const tag = new Batch<[string, number, number, string, string]>(
      (c) => client.query('INSERT INTO keyword_questions SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[])', c),
      BATCH * 10,
    );

    // Its old rows go before its new ones go in: the two batches are written together.
    const writeTags = async () => {
      await untag.flush();
      await tag.flush();
    };
    const changed = async (q: QuestionRow, full: boolean) => {
      const packed = (bodyOf.get(q[0]) as [Buffer])[0];
      const body = unpackBody(packed);
      if (full) {
        const columns = searchColumns(q[4], body.question, body.keywords.join(', '), q[7], body.answer);
        const [terms, lengths] = termsOf.get(q[0]) as [Buffer, string];
        await upsert.add([...fieldsOf(q), q[13], packed, terms, lengths, ...columns]);
      } else {
        await update.add(fieldsOf(q));
      }
      await untag.add([q[1], q[2]], true);
      if (q[12] === 1) {
        for (const [key] of keywordsOf(body.keywords)) {
          await tag.add([key, q[6], q[3], q[1], q[2]], true);
          changedKeys.add(key);
        }
      }
      if (untag.full || tag.full) await writeTags();
      changedUrls.push(questionUrl(q[1], q[2]));
      changedIds.add(q[3]);
      changedSubjects.add(q[1]);
    };

    const sqliteQuestions = db
      .prepare(
        `SELECT q.rowid, q.subject_slug, q.slug, q.id, q.title, q.date, q.day_rank, q.description, q.no_index, q.canonical_url, q.page_title, q.file, q.searchable, f.hash
         FROM questions q JOIN build.files f ON f.question = q.rowid ORDER BY q.subject_slug, q.slug`,
      )
      .raw()
      .iterate() as Iterable<QuestionRow>;
    await mergeByKey(
      sqliteQuestions,
      pgRows<PgQuestion>(client, `${FIELDS}, hash`, 'questions', ['subject_slug', 'slug'], (p) => [p.subject_slug, p.slug]),
      (q) => [q[1], q[2]],
      (p) => [p.subject_slug, p.slug],
      async (q, p) => {
        if (q && (!p || p.hash !== q[13] || !sameBodies)) await changed(q, true);
        else if (q && p && !sameFields(q, p)) await changed(q, false);
        else if (!q && p) {
          await remove.add([p.subject_slug, p.slug]);
          await untag.add([p.subject_slug, p.slug], true);
          if (untag.full) await writeTags();
          changedUrls.push(questionUrl(p.subject_slug, p.slug));
          changedIds.add(p.id);
          changedSubjects.add(p.subject_slug);
        }
      },
    );
    for (const batch of [upsert, update, remove]) await batch.flush();
    await writeTags();
    written.questions = upsert.count;
    written.questionFields = update.count;
    written.removed = remove.count;
    written.keywordRows = tag.count + untag.count;

    // Keywords: counts, names and slugs, gathered in a temporary table and applied at once. A
    // slug moves between keys only by the clash rule (both keys then change): the moving ones
    // are cleared first, so that the unique index never sees one slug twice.
    await client.query('CREATE TEMPORARY TABLE keyword_changes (key text COLLATE "C", questions int, name text, slug text COLLATE "C") ON COMMIT DROP');
    const keywordChanges = new Batch<[string, number, string | null, string | null]>(
      (c) => client.query('INSERT INTO keyword_changes SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[])', c),
      PAGE,
    );
    const keywordsGone = new Batch<[string]>((c) => client.query('DELETE FROM keywords WHERE key = ANY($1::text[])', c), PAGE);
    type KeywordRow = [key: string, questions: number, name: string | null, slug: string | null];
    await mergeByKey(
      db.prepare('SELECT key, questions, name, slug FROM keywords ORDER BY key').raw().iterate() as Iterable<KeywordRow>,
      pgRows<{ key: string; questions: number; name: string | null; slug: string | null }>(client, 'key, questions, name, slug', 'keywords', ['key'], (p) => [
        p.key,
      ]),
      (k) => [k[0]],
      (p) => [p.key],
      async (k, p) => {
        if (k && p && k[1] === p.questions && k[2] === p.name && k[3] === p.slug) return;
        if (p?.slug) topicSlugs.add(p.slug);
        if (k?.[3]) topicSlugs.add(k[3]);
        if (k) await keywordChanges.add(k);
        else await keywordsGone.add([p!.key]);
      },
    );
    await keywordChanges.flush();
    await keywordsGone.flush();
    await client.query(`UPDATE keywords k SET slug = NULL FROM keyword_changes c
      WHERE c.key = k.key AND k.slug IS NOT NULL AND k.slug IS DISTINCT FROM c.slug`);
    await client.query(`INSERT INTO keywords SELECT * FROM keyword_changes
      ON CONFLICT (key) DO UPDATE SET questions = excluded.questions, name = excluded.name, slug = excluded.slug`);
    written.keywords = keywordChanges.count + keywordsGone.count;
    // Topics whose question lists changed without their counts or names changing.
    if (changedKeys.size > 0) {
      const { rows } = await client.query<{ slug: string }>('SELECT slug FROM keywords WHERE slug IS NOT NULL AND key = ANY($1::text[])', [[...changedKeys]]);
      for (const { slug } of rows) topicSlugs.add(slug);
    }

    // The "did you mean" vocabulary.
    const wordChanges: [string, number][] = [];
    const wordsGone: string[] = [];
    await mergeByKey(
      db.prepare('SELECT word, docs FROM words ORDER BY word').raw().iterate() as Iterable<[string, number]>,
      pgRows<{ word: string; docs: number }>(client, 'word, docs', 'words', ['word'], (p) => [p.word]),
      (w) => [w[0]],
      (p) => [p.word],
      async (w, p) => {
        if (w && w[1] !== p?.docs) wordChanges.push(w);
        else if (!w && p) wordsGone.push(p.word);
      },
    );
    for (let i = 0; i < wordChanges.length; i += PAGE) {
      const slice = wordChanges.slice(i, i + PAGE);
      await client.query('INSERT INTO words SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (word) DO UPDATE SET docs = excluded.docs', [
        slice.map((w) => w[0]),
        slice.map((w) => w[1]),
      ]);
    }
    if (wordsGone.length > 0) await client.query('DELETE FROM words WHERE word = ANY($1::text[])', [wordsGone]);
    written.words = wordChanges.length + wordsGone.length;

    // Subjects (a few dozen rows) and what the store reads from meta.
    const subjects = db.prepare('SELECT slug, name, count, position FROM subjects ORDER BY slug').raw().all() as [string, string, number, number][];
    const before = (await client.query<{ slug: string; name: string; count: number; position: number }>('SELECT slug, name, count, position FROM subjects'))
      .rows;
    const same =
      subjects.length === before.length &&
      subjects.every(([slug, name, count, position]) => before.some((b) => b.slug === slug && b.name === name && b.count === count && b.position === position));
    if (!same) {
      await client.query('DELETE FROM subjects');
      await client.query(
        'INSERT INTO subjects SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])',
        [0, 1, 2, 3].map((i) => subjects.map((s) => s[i])),
      );
      written.subjects = subjects.length;
      for (const [slug] of subjects) if (!before.some((b) => b.slug === slug && b.name === subjects.find((s) => s[0] === slug)![1])) changedSubjects.add(slug);
    }
    // WordNet's related words: the same for every corpus, written when their version changes.
    const relatedVersion = (db.prepare("SELECT value FROM meta WHERE key = 'related_version'").raw().get() as [string] | undefined)?.[0] ?? '';
    if (meta.get('related_version') !== relatedVersion) {
      await client.query('DELETE FROM related_words');
      const rows = db.prepare('SELECT word, stems FROM related_words ORDER BY word').raw().all() as [string, string][];
      for (let i = 0; i < rows.length; i += PAGE) {
        const page = rows.slice(i, i + PAGE);
        await client.query('INSERT INTO related_words SELECT * FROM unnest($1::text[], $2::text[])', [page.map((r) => r[0]), page.map((r) => r[1])]);
      }
    }
    const wanted = new Map([
      ['related_version', relatedVersion],
      ['body_version', String(SCHEMA_VERSION)],
      [
        'search_stats',
        (db.prepare("SELECT value FROM meta WHERE key = 'search_stats'").raw().get() as [string] | undefined)?.[0] ?? JSON.stringify(NO_SEARCH_STATS),
      ],
      ['topic_letters', (db.prepare("SELECT value FROM meta WHERE key = 'topic_letters'").raw().get() as [string] | undefined)?.[0] ?? '[]'],
    ]);
    for (const [key, value] of wanted) {
      if (meta.get(key) === value) continue;
      await client.query('INSERT INTO content_meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
      written.meta++;
    }
    await client.query('COMMIT');
    // Fresh statistics after many rows changed (a first sync above all): the planner needs them
    // to see which search words are common.
    // (After the commit: its failure publishes no less.)
    if (written.questions + written.removed > 1_000) await client.query('ANALYZE questions, keyword_questions, keywords, words').catch(() => {});
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.close();
  }
  return {
    changes: { questions: changedUrls, ids: [...changedIds].sort((a, b) => a - b), subjects: [...changedSubjects].sort(), topics: [...topicSlugs].sort() },
    written,
    migrations,
  };
}
