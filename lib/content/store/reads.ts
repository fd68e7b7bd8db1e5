import { questionUrl, type QuestionSummary } from '../model/types';

// The reads both databases answer with the same query, written once, in SQL that SQLite and
// PostgreSQL both take. Where they differ (parameters, lists, booleans, and the few tables laid
// out differently) DIALECTS gives each database's words side by side. What differs for real, full-text search and
// a subject's range of questions, stays in sqlite-store.ts and pg-store.ts.

type Database = 'sqlite' | 'postgres';
type Side<T> = { sqlite: T; postgres: T };
type Param = (n: number) => string;

/** What differs between the two databases' SQL, side by side: SQLite's, then PostgreSQL's. */
const DIALECTS = {
  /** The n-th parameter (from 1). */
  param: { sqlite: (n) => `?${n}`, postgres: (n) => `$${n}` } as Side<Param>,
  /** `IN` a list, the n-th parameter: sent as an array (SQLite's store sends it as JSON). */
  inList: {
    sqlite: (n) => `IN (SELECT value FROM json_each(?${n}))`,
    postgres: (n, type) => `= ANY($${n}::${type}[])`,
  } as Side<(n: number, type: 'int' | 'text') => string>,
  /** The n-th parameter, a JSON array sent as text, as a table: `value` is each element. */
  jsonRows: { sqlite: (n) => `json_each(?${n})`, postgres: (n) => `jsonb_array_elements($${n}::jsonb)` } as Side<Param>,
  /** A vocabulary word spelt backwards: a column in SQLite, an indexed expression in PostgreSQL (migration 0006). */
  backwards: { sqlite: 'backwards', postgres: 'reverse(word)' } as Side<string>,
  /** False, as the schema stores a flag: partial indexes name it so, and match only the same words. */
  false: { sqlite: '0', postgres: 'false' },
  /** A question's row number in its database. */
  row: { sqlite: 'rowid', postgres: 'qid' },
  /** How keyword_questions names a keyword. */
  keyword: { sqlite: 'id', postgres: 'key' },
  /** The table of keys and values the content step writes (search statistics, topic letters). */
  meta: { sqlite: 'meta', postgres: 'content_meta' },
  /** The table holding each question's `body` by row. */
  bodies: { sqlite: 'bodies', postgres: 'questions' },
  /** The table holding each question's term vector by row, and its column. */
  termVectors: { sqlite: { table: 'term_vectors', column: 'data' }, postgres: { table: 'questions', column: 'terms' } },
  /** keyword_questions kq joined to its questions, as `questions q`. */
  topicQuestions: {
    sqlite: 'keyword_questions kq JOIN questions q ON q.rowid = kq.question',
    postgres: 'keyword_questions kq JOIN questions q USING (subject_slug, slug)',
  },
  /** Where a topic's entries (kq) name their questions' rows: SQLite's hold them (no join: 5× faster); PostgreSQL's are joined. */
  topicEntries: {
    sqlite: { from: 'keyword_questions kq', row: 'kq.question' },
    postgres: { from: 'keyword_questions kq JOIN questions q USING (subject_slug, slug)', row: 'q.qid' },
  },
  /** kq's questions within a subject's range, given by the n-th and n+1-th parameters (BaseStore.subjectRange). */
  topicInSubject: {
    sqlite: (n) => `kq.question BETWEEN ?${n} AND ?${n + 1}`,
    postgres: (n) => `kq.subject_slug BETWEEN $${n} AND $${n + 1}`,
  } as Side<Param>,
};

type Dialect = { [K in keyof typeof DIALECTS]: (typeof DIALECTS)[K]['sqlite'] };

/** One database's side of DIALECTS. */
function dialectOf(database: Database): Dialect {
  return Object.fromEntries(Object.entries(DIALECTS).map(([key, sides]) => [key, sides[database]])) as Dialect;
}

/** The columns of a question's summary, the same in both databases' `questions` table. */
const SUMMARY = 'id, subject_slug, slug, title, description, date, no_index, canonical_url, page_title, file';
/** The same columns, of `questions q` in a join. */
const SUMMARY_Q = SUMMARY.split(', ')
  .map((c) => `q.${c}`)
  .join(', ');
/** A subject's listing order: newest first, then by title, then by url. */
const LISTED = 'day_rank, title, slug';
/** The order of every subject's questions together: newest first, then by subject, title and url. */
const NEWEST = 'day_rank, subject_slug, title, slug';

export type SummaryRow = [number, string, string, string, string, string, number | boolean, string | null, string | null, string | null];

/** A row of the summary columns (no_index is SQLite's 0/1 or PostgreSQL's boolean) as a QuestionSummary. */
export function toSummary([id, subjectSlug, slug, title, description, date, noIndex, canonicalUrl, pageTitle, file]: SummaryRow): QuestionSummary {
  const url = questionUrl(subjectSlug, slug);
  return {
    id,
    url,
    subjectSlug,
    slug,
    title,
    description,
    date,
    noIndex: noIndex === 1 || noIndex === true,
    canonicalUrl: canonicalUrl ?? url,
    pageTitle: pageTitle ?? title,
    file: file ?? `${subjectSlug}/${slug}.md`,
  };
}

/** A day_rank (see schema.ts) back to its day. */
export const dayOf = (rank: number) => String(99_999_999 - rank).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');

/** The shared reads in a database's dialect: SQL by name. */
/** Every read, in `database`'s SQL. */
export function readsIn(database: Database) {
  const d = dialectOf(database);
  const $ = d.param;
  const row = d.row;
  /** Canonical pages that may be indexed: the home page, the sitemaps, the site's feed. */
  const published = (q = '') => `${q}canonical_url IS NULL AND ${q}no_index = ${d.false}`;
  const withBody = `questions q JOIN ${d.bodies} b ON b.${row} = q.${row}`;
  const nextTo = (direction: '>' | '<') =>
    `SELECT ${SUMMARY} FROM questions WHERE subject_slug = ${$(1)}
     AND (${LISTED}) ${direction} (SELECT ${LISTED} FROM questions WHERE subject_slug = ${$(1)} AND slug = ${$(2)})
     ORDER BY ${LISTED} LIMIT ${$(3)}`;
  return {
    subjects: 'SELECT slug, name, count FROM subjects ORDER BY position',
    meta: `SELECT value FROM ${d.meta} WHERE key = ${$(1)}`,

    // Questions
    summary: `SELECT ${SUMMARY} FROM questions WHERE subject_slug = ${$(1)} AND slug = ${$(2)}`,
    question: `SELECT ${SUMMARY_Q}, b.body FROM ${withBody} WHERE q.subject_slug = ${$(1)} AND q.slug = ${$(2)}`,
    listing: `SELECT ${SUMMARY} FROM questions WHERE subject_slug = ${$(1)} ORDER BY ${LISTED} LIMIT ${$(2)} OFFSET ${$(3)}`,
    after: nextTo('>'),
    before: nextTo('<'),
    allNewest: `SELECT ${SUMMARY} FROM questions ORDER BY ${NEWEST} LIMIT ${$(1)}`,
    newest: `SELECT ${SUMMARY} FROM questions WHERE ${published()} ORDER BY ${NEWEST} LIMIT ${$(1)}`,
    copies: `SELECT subject_slug, slug FROM questions WHERE id = ${$(1)} AND subject_slug <> ${$(2)} ORDER BY subject_slug, ${LISTED}`,
    /** Of [subject, slug] pairs (JSON), those that exist, with their titles. */
    titles: `SELECT q.subject_slug, q.slug, q.title FROM ${d.jsonRows(1)} j
      JOIN questions q ON q.subject_slug = j.value ->> 0 AND q.slug = j.value ->> 1`,
    summaries: `SELECT ${row}, ${SUMMARY} FROM questions WHERE ${row} ${d.inList(1, 'int')}`,
    bodies: `SELECT ${row}, body FROM ${d.bodies} WHERE ${row} ${d.inList(1, 'int')}`,
    hits: `SELECT ${row}, subject_slug, slug, title, date, description FROM questions WHERE ${row} ${d.inList(1, 'int')}`,
    sitemapCount: `SELECT CAST(count(*) AS int) FROM questions WHERE ${published()}`,
    sitemap: `SELECT subject_slug, slug, date FROM questions WHERE ${published()} ORDER BY ${NEWEST} LIMIT ${$(1)} OFFSET ${$(2)}`,

    // Topics (lib/content/model/topics.ts)
    topicsOfKeys: `SELECT key, slug, name, questions FROM keywords WHERE slug IS NOT NULL AND key ${d.inList(1, 'text')}`,
    topicsOfSlugs: `SELECT ${d.keyword}, questions FROM keywords WHERE slug ${d.inList(1, 'text')}`,
    topic: `SELECT ${d.keyword}, name, questions FROM keywords WHERE slug = ${$(1)}`,
    topicCount: 'SELECT CAST(count(*) AS int) FROM keywords WHERE slug IS NOT NULL',
    topicIndex: `SELECT slug, name, questions, key FROM keywords WHERE slug IS NOT NULL ORDER BY key LIMIT ${$(1)} OFFSET ${$(2)}`,
    largestTopics: `SELECT slug, name, questions FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC, key LIMIT ${$(1)}`,
    sitemapTopics: `SELECT k.slug, (SELECT min(day_rank) FROM keyword_questions WHERE keyword = k.${d.keyword}) FROM keywords k
      WHERE k.slug IS NOT NULL ORDER BY k.key LIMIT ${$(1)} OFFSET ${$(2)}`,
    topicListing: `SELECT ${SUMMARY_Q} FROM ${d.topicQuestions} WHERE kq.keyword = ${$(1)} AND ${d.topicInSubject(2)}
      ORDER BY kq.day_rank, kq.id LIMIT ${$(4)} OFFSET ${$(5)}`,
    topicRows: `SELECT ${d.topicEntries.row}, kq.day_rank, kq.id FROM ${d.topicEntries.from} WHERE kq.keyword = ${$(1)}
      ORDER BY kq.day_rank, kq.id LIMIT ${$(2)}`,
    // A canonical question is one (day, id) pair, each looked up in the topic's key order, in one
    // read for all of them (one read each cost 4 ms a page). CROSS JOIN keeps SQLite from
    // scanning the topic instead.
    tagged: `SELECT kq.id FROM ${d.jsonRows(2)} j CROSS JOIN keyword_questions kq
      WHERE kq.keyword = ${$(1)} AND kq.day_rank = CAST(j.value ->> 0 AS int) AND kq.id = CAST(j.value ->> 1 AS int)`,

    // Practice sets: a subject's or a topic's questions with their bodies, in listing order.
    practiceSubject: `SELECT ${SUMMARY_Q}, b.body FROM ${withBody} WHERE q.subject_slug = ${$(1)}
      ORDER BY ${LISTED.replace(/\w+/g, 'q.$&')} LIMIT ${$(2)} OFFSET ${$(3)}`,
    practiceTopic: `SELECT ${SUMMARY_Q}, b.body FROM ${d.topicQuestions} JOIN ${d.bodies} b ON b.${row} = q.${row}
      WHERE kq.keyword = ${$(1)} ORDER BY kq.day_rank, kq.id LIMIT ${$(2)} OFFSET ${$(3)}`,

    // Feeds: indexable questions with their bodies, newest first (the site's: canonical ones).
    feedSite: `SELECT ${SUMMARY_Q}, b.body FROM ${withBody} WHERE ${published('q.')} ORDER BY ${NEWEST.replace(/\w+/g, 'q.$&')} LIMIT ${$(1)}`,
    feedSubject: `SELECT ${SUMMARY_Q}, b.body FROM ${withBody} WHERE q.subject_slug = ${$(1)} AND q.no_index = ${d.false}
      ORDER BY ${LISTED.replace(/\w+/g, 'q.$&')} LIMIT ${$(2)}`,
    feedTopic: `SELECT ${SUMMARY_Q}, b.body FROM ${d.topicQuestions} JOIN ${d.bodies} b ON b.${row} = q.${row}
      WHERE kq.keyword = ${$(1)} AND q.no_index = ${d.false} ORDER BY kq.day_rank, kq.id LIMIT ${$(2)}`,

    // Search's vocabulary and its questions' terms
    words: `SELECT word, docs FROM words WHERE word ${d.inList(1, 'text')}`,
    // The most used of the first 2,000 words between two bounds (a prefix's): bounded for a short one.
    completions: `SELECT word FROM (SELECT word, docs FROM words WHERE word > ${$(1)} AND word < ${$(2)} ORDER BY word LIMIT 2000) w
      ORDER BY docs DESC, word LIMIT ${$(3)}`,
    // Words within a length range that start between two letters, or end as a word spelt backwards starts (?5, below ?6).
    wordsNear: `SELECT word, docs FROM words WHERE word >= ${$(1)} AND word < ${$(2)} AND length(word) BETWEEN ${$(3)} AND ${$(4)}
      UNION ALL SELECT word, docs FROM words WHERE ${d.backwards} >= ${$(5)} AND ${d.backwards} < ${$(6)} AND length(word) BETWEEN ${$(3)} AND ${$(4)}`,
    related: `SELECT word, stems FROM related_words WHERE word ${d.inList(1, 'text')}`,
    termVectors: `SELECT ${row}, ${d.termVectors.column} FROM ${d.termVectors.table} WHERE ${row} ${d.inList(1, 'int')}`,
  };
}

export type Read = keyof ReturnType<typeof readsIn>;
