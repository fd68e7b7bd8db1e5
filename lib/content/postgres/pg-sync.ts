import Database from 'libsql';
import type pg from 'pg';
import { buildFileOf } from '../build/database';
import { searchColumns } from '../build/prepare';
import { keywordsOf } from '../model/topics';
import { questionUrl } from '../model/types';
import { NO_SEARCH_STATS } from '../search/term-vector';
import { SCHEMA_VERSION } from '../sqlite/schema';
import { unpackBody } from '../store/body';
import { BATCH, Batch, mergeByKey, PAGE, pgRows } from './key-walk';
import { migrate, SYNC_LOCK } from './pg-migrate';

// content:sync's second half: brings the PostgreSQL content store to what the content step's
// SQLite database holds (the same loader, checks and resolution wrote it), in one transaction.
// Each table is walked in key order on both sides at once (./key-walk.ts), so memory stays flat
// whatever the corpus; only rows that differ are written, and a question's body and search
// vectors only when its file's content hash changed.

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

type Written = Record<'questions' | 'questionFields' | 'removed' | 'keywordRows' | 'keywords' | 'words' | 'subjects' | 'meta', number>;

export interface SyncResult {
  changes: SyncChanges;
  /** Rows written, by table (0 everywhere when nothing changed). */
  written: Written;
  /** Migrations applied first. */
  migrations: string[];
}

/** One sync: both databases, and what it wrote and changed so far. */
interface Sync {
  db: InstanceType<typeof Database>;
  client: pg.ClientBase;
  /** content_meta as the sync found it. */
  meta: Map<string, string>;
  written: Written;
  urls: string[];
  ids: Set<number>;
  subjects: Set<string>;
  /** Keys of keywords whose question lists changed. */
  keys: Set<string>;
  topics: Set<string>;
}

/**
 * A question's fields, the same in both databases, with their PostgreSQL types. SQLite's rows are
 * read under these names; rid is the question's SQLite rowid: search breaks ties by it, so that
 * both stores rank alike.
 */
const QUESTION_FIELDS = [
  ['subject_slug', 'text'],
  ['slug', 'text'],
  ['id', 'int'],
  ['title', 'text'],
  ['date', 'text'],
  ['day_rank', 'int'],
  ['description', 'text'],
  ['no_index', 'bool'],
  ['canonical_url', 'text'],
  ['page_title', 'text'],
  ['file', 'text'],
  ['searchable', 'bool'],
  ['rid', 'int8'],
] as const;
type Field = (typeof QUESTION_FIELDS)[number][0];
/** A question's row: SQLite's flags are 0/1 and PostgreSQL's booleans; PostgreSQL's rid (int8) a string. */
type QuestionRow = Record<Field, string | number | boolean | null> & { hash: string };

const FIELDS = QUESTION_FIELDS.map(([name]) => name);
/** A field's value as PostgreSQL takes it, whichever database it was read from. */
const pgValue = (row: QuestionRow, [name, type]: (typeof QUESTION_FIELDS)[number]) =>
  type === 'bool' ? row[name] === 1 || row[name] === true : type === 'int8' ? Number(row[name]) : row[name];
const fieldsOf = (row: QuestionRow) => QUESTION_FIELDS.map((field) => pgValue(row, field));
const sameFields = (a: QuestionRow, b: QuestionRow) => QUESTION_FIELDS.every((field) => pgValue(a, field) === pgValue(b, field));
/** `$1::text[], $2::text[], …` for these types, from parameter `first`. */
const arrays = (types: readonly string[], first = 1) => types.map((t, i) => `$${first + i}::${t}[]`).join(', ');
/** The search vectors of a question's search columns (t, q, k, d, a): weighted A to D, and its titles' alone. */
const vectors = (u: string) => {
  const v = (column: string, weight: string) => `setweight(to_tsvector('quicktakes', ${u}.${column}), '${weight}')`;
  const titles = `${v('t', 'A')} || ${v('q', 'A')} || ${v('k', 'B')}`;
  return [`${titles} || ${v('d', 'C')} || ${v('a', 'D')}`, titles];
};

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
  const sync: Sync = { db, client, meta: new Map(), written, urls: [], ids: new Set(), subjects: new Set(), keys: new Set(), topics: new Set() };
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
    const meta = await client.query<{ key: string; value: string }>('SELECT key, value FROM content_meta');
    sync.meta = new Map(meta.rows.map((r) => [r.key, r.value]));
    await syncQuestions(sync);
    await syncKeywords(sync);
    await syncWords(sync);
    await syncSubjects(sync);
    await syncMeta(sync);
    await client.query('COMMIT');
    // After many rows changed (a first sync above all): fresh statistics, which the planner
    // needs to see which search words are common, and the tables vacuumed, so that the servers
    // do not meet the autovacuum that would follow (at 36,000 questions, short searches' p95 was
    // 121 ms in the minutes after a sync, 23 ms with this). After the commit: its failure publishes
    // no less.
    if (written.questions + written.removed > 1_000) {
      await client.query('VACUUM (ANALYZE) questions, keyword_questions, keywords, words, lexemes, related_words').catch(() => {});
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.close();
  }
  return {
    changes: { questions: sync.urls, ids: [...sync.ids].sort((a, b) => a - b), subjects: [...sync.subjects].sort(), topics: [...sync.topics].sort() },
    written,
    migrations,
  };
}

/** Questions, with their bodies, search vectors and rows in keyword_questions. */
async function syncQuestions(sync: Sync) {
  const { db, client, written } = sync;
  // A new parser or schema can turn the same file into a different body: rewrite them all.
  const sameBodies = sync.meta.get('body_version') === String(SCHEMA_VERSION);
  const empty = (await client.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT FROM questions) AS empty')).rows[0]!.empty;
  const finishBulkWrite = empty || !sameBodies ? await beginBulkWrite(client, empty) : null;
  const bodyOf = db.prepare('SELECT body FROM bodies WHERE rowid = ?').raw();
  const termsOf = db.prepare('SELECT data, lengths FROM term_vectors WHERE rowid = ?').raw();
  const types = QUESTION_FIELDS.map(([, type]) => type);
  const columns = FIELDS.map((_, i) => `c${i}`).join(', ');
  // The search text is stems already (search-text.ts): the 'quicktakes' configuration only
  // splits it into words (migration 0003), as SQLite's tokenizer does.
  const extra = [['hash', 'text'], ['body', 'bytea'], ['terms', 'bytea'], ['lengths', 'text'], ...['t', 'q', 'k', 'd', 'a'].map((c) => [c, 'text'])];
  const upsert = new Batch<unknown[]>((c) =>
    client.query(
      `INSERT INTO questions (${FIELDS.join(', ')}, hash, body, terms, lengths, search, titles)
       SELECT ${FIELDS.map((_, i) => `u.c${i}`).join(', ')}, u.hash, u.body, u.terms, u.lengths, ${vectors('u').join(', ')}
       FROM unnest(${arrays([...types, ...extra.map(([, type]) => type!)])}) AS u(${columns}, ${extra.map(([name]) => name).join(', ')})
       ON CONFLICT (subject_slug, slug) DO UPDATE SET ${[...FIELDS.slice(2), 'hash', 'body', 'terms', 'lengths', 'search', 'titles']
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
      c,
    ),
  );
  const update = new Batch<unknown[]>((c) =>
    client.query(
      `UPDATE questions q SET ${FIELDS.slice(2)
        .map((c, i) => `${c} = u.c${i + 2}`)
        .join(', ')}
       FROM unnest(${arrays(types)}) AS u(${columns}) WHERE q.subject_slug = u.c0 AND q.slug = u.c1`,
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
  const changed = (q: { subject_slug: string; slug: string; id: number }) => {
    sync.urls.push(questionUrl(q.subject_slug, q.slug));
    sync.ids.add(q.id);
    sync.subjects.add(q.subject_slug);
  };
  const write = async (q: QuestionRow, full: boolean) => {
    const rowid = Number(q.rid);
    const packed = (bodyOf.get(rowid) as [Buffer])[0];
    const body = unpackBody(packed);
    if (full) {
      const search = searchColumns(String(q.title), body.question, body.keywords.join(', '), String(q.description), body.answer);
      const [terms, lengths] = termsOf.get(rowid) as [Buffer, string];
      await upsert.add([...fieldsOf(q), q.hash, packed, terms, lengths, ...search]);
    } else {
      await update.add(fieldsOf(q));
    }
    const [subject, slug, id] = [String(q.subject_slug), String(q.slug), Number(q.id)];
    await untag.add([subject, slug], true);
    if (q.searchable === 1) {
      for (const [key] of keywordsOf(body.keywords)) {
        await tag.add([key, Number(q.day_rank), id, subject, slug], true);
        sync.keys.add(key);
      }
    }
    if (untag.full || tag.full) await writeTags();
    changed({ subject_slug: subject, slug, id });
  };

  const sqliteQuestions = db
    .prepare(
      `SELECT ${FIELDS.map((f) => (f === 'rid' ? 'q.rowid AS rid' : `q.${f}`)).join(', ')}, f.hash
       FROM questions q JOIN build.files f ON f.question = q.rowid ORDER BY q.subject_slug, q.slug`,
    )
    .iterate() as Iterable<QuestionRow>;
  const key = (q: QuestionRow) => [String(q.subject_slug), String(q.slug)];
  await mergeByKey(
    sqliteQuestions,
    pgRows<QuestionRow>(client, `${FIELDS.join(', ')}, hash`, 'questions', ['subject_slug', 'slug'], key),
    key,
    key,
    async (q, p) => {
      if (q && (!p || p.hash !== q.hash || !sameBodies)) await write(q, true);
      else if (q && p && !sameFields(q, p)) await write(q, false);
      else if (!q && p) {
        const [subject, slug] = key(p);
        await remove.add([subject!, slug!]);
        await untag.add([subject!, slug!], true);
        if (untag.full) await writeTags();
        changed({ subject_slug: subject!, slug: slug!, id: Number(p.id) });
      }
    },
  );
  for (const batch of [upsert, update, remove]) await batch.flush();
  await writeTags();
  await finishBulkWrite?.();
  written.questions = upsert.count;
  written.questionFields = update.count;
  written.removed = remove.count;
  written.keywordRows = tag.count + untag.count;
}

/** The triggers that keep the lexeme counts (migration 0002). */
const LEXEME_TRIGGERS = ['questions_lexemes_inserted', 'questions_lexemes_updated', 'questions_lexemes_deleted'];

/**
 * A sync that writes every question (a first one, or bodies of a new version) builds what is
 * made from all of them once, after its writes, rather than batch by batch: the lexeme counts,
 * recounted with their triggers off meanwhile (migration 0008 says why); and, into an empty
 * table, its GIN indexes, dropped and made again (at 1,000,000 questions the writes slowed
 * tenfold as they grew). Dropping an index keeps readers of the table waiting until the commit:
 * only done when they would find no questions anyway. Returns what to do after the writes; all
 * of it is in the sync's transaction, so a failing sync leaves the triggers and indexes as they were.
 */
async function beginBulkWrite(client: pg.ClientBase, empty: boolean): Promise<() => Promise<void>> {
  const triggers = (verb: string) => `ALTER TABLE questions ${LEXEME_TRIGGERS.map((t) => `${verb} TRIGGER ${t}`).join(', ')}`;
  await client.query(triggers('DISABLE'));
  const indexes = empty
    ? (
        await client.query<{ name: string; definition: string }>(
          `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
           WHERE schemaname = current_schema() AND tablename = 'questions' AND indexdef LIKE '% USING gin %'`,
        )
      ).rows
    : [];
  for (const { name } of indexes) await client.query(`DROP INDEX "${name}"`);
  return async () => {
    for (const { definition } of indexes) await client.query(definition);
    await client.query('SELECT recount_lexemes()');
    await client.query(triggers('ENABLE'));
  };
}

/**
 * Keywords: counts, names and slugs, gathered in a temporary table and applied at once. A slug
 * moves between keys only by the clash rule (both keys then change): the moving ones are cleared
 * first, so that the unique index never sees one slug twice.
 */
async function syncKeywords(sync: Sync) {
  const { client } = sync;
  await client.query('CREATE TEMPORARY TABLE keyword_changes (key text COLLATE "C", questions int, name text, slug text COLLATE "C") ON COMMIT DROP');
  const changes = new Batch<[string, number, string | null, string | null]>(
    (c) => client.query('INSERT INTO keyword_changes SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[])', c),
    PAGE,
  );
  const gone = new Batch<[string]>((c) => client.query('DELETE FROM keywords WHERE key = ANY($1::text[])', c), PAGE);
  type Keyword = { key: string; questions: number; name: string | null; slug: string | null };
  await walkTable<Keyword>(sync, 'keywords', ['key', 'questions', 'name', 'slug'], async (k, p) => {
    if (k && p && k.questions === p.questions && k.name === p.name && k.slug === p.slug) return;
    if (p?.slug) sync.topics.add(p.slug);
    if (k?.slug) sync.topics.add(k.slug);
    if (k) await changes.add([k.key, k.questions, k.name, k.slug]);
    else await gone.add([p!.key]);
  });
  await changes.flush();
  await gone.flush();
  await client.query(`UPDATE keywords k SET slug = NULL FROM keyword_changes c
    WHERE c.key = k.key AND k.slug IS NOT NULL AND k.slug IS DISTINCT FROM c.slug`);
  await client.query(`INSERT INTO keywords SELECT * FROM keyword_changes
    ON CONFLICT (key) DO UPDATE SET questions = excluded.questions, name = excluded.name, slug = excluded.slug`);
  sync.written.keywords = changes.count + gone.count;
  // Topics whose question lists changed without their counts or names changing.
  if (sync.keys.size > 0) {
    const { rows } = await client.query<{ slug: string }>('SELECT slug FROM keywords WHERE slug IS NOT NULL AND key = ANY($1::text[])', [[...sync.keys]]);
    for (const { slug } of rows) sync.topics.add(slug);
  }
}

/** The "did you mean" vocabulary. */
async function syncWords(sync: Sync) {
  const { client } = sync;
  const changes = new Batch<[string, number]>(
    (c) => client.query('INSERT INTO words SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (word) DO UPDATE SET docs = excluded.docs', c),
    PAGE,
  );
  const gone: string[] = [];
  await walkTable<{ word: string; docs: number }>(sync, 'words', ['word', 'docs'], async (w, p) => {
    if (w && w.docs !== p?.docs) await changes.add([w.word, w.docs], true);
    else if (!w && p) gone.push(p.word);
  });
  // Written after the walk: the walk reads the table page by page.
  await changes.flush();
  if (gone.length > 0) await client.query('DELETE FROM words WHERE word = ANY($1::text[])', [gone]);
  sync.written.words = changes.count + gone.length;
}

/** Walks a table keyed by its first column, the same in both databases: `visit` gets each key's row on either side. */
function walkTable<T extends Record<string, unknown>>(sync: Sync, table: string, columns: string[], visit: (ours?: T, theirs?: T) => Promise<void>) {
  const key = (row: T) => [String(row[columns[0]!])];
  const ours = sync.db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${columns[0]}`).iterate() as Iterable<T>;
  return mergeByKey(ours, pgRows<T>(sync.client, columns.join(', '), table, [columns[0]!], key), key, key, visit);
}

/** Subjects: a few dozen rows, rewritten together when any differs. */
async function syncSubjects(sync: Sync) {
  const { db, client } = sync;
  const subjects = db.prepare('SELECT slug, name, count, position FROM subjects ORDER BY slug').raw().all() as [string, string, number, number][];
  const before = (await client.query<{ slug: string; name: string; count: number; position: number }>('SELECT slug, name, count, position FROM subjects')).rows;
  const same =
    subjects.length === before.length &&
    subjects.every(([slug, name, count, position]) => before.some((b) => b.slug === slug && b.name === name && b.count === count && b.position === position));
  if (same) return;
  await client.query('DELETE FROM subjects');
  await client.query(
    'INSERT INTO subjects SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])',
    [0, 1, 2, 3].map((i) => subjects.map((s) => s[i])),
  );
  sync.written.subjects = subjects.length;
  for (const [slug, name] of subjects) if (!before.some((b) => b.slug === slug && b.name === name)) sync.subjects.add(slug);
}

/** WordNet's related words (the same for every corpus, written when their version changes), and what the store reads from meta. */
async function syncMeta(sync: Sync) {
  const { db, client } = sync;
  const metaValue = (key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').raw().get(key) as [string] | undefined)?.[0];
  const relatedVersion = metaValue('related_version') ?? '';
  if (sync.meta.get('related_version') !== relatedVersion) {
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
    ['search_stats', metaValue('search_stats') ?? JSON.stringify(NO_SEARCH_STATS)],
    ['topic_letters', metaValue('topic_letters') ?? '[]'],
  ]);
  for (const [key, value] of wanted) {
    if (sync.meta.get(key) === value) continue;
    await client.query('INSERT INTO content_meta VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    sync.written.meta++;
  }
}
