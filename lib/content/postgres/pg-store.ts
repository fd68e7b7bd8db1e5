import type pg from 'pg';
import { env } from '../../env.mjs';
import { questionUrl, type TopicRef } from '../model/types';
import { NO_SEARCH_STATS, unpackTermVector, type SearchStats, type TermVector } from '../search/term-vector';
import {
  BaseStore,
  dayOf,
  LISTED,
  SUMMARY,
  SUMMARY_Q,
  toSummary,
  type Candidate,
  type HitRow,
  type KeywordHandle,
  type RowId,
  type SearchLimits,
  type Subjects,
  type SummaryRow,
} from '../store/base-store';
import { unpackBody, type Body } from '../store/body';
import { isUnavailable, markUnavailable } from './pg-health';
import { contentPool } from './pg-pool';
import type { SitemapQuestion } from '../store/store';

// The content store in PostgreSQL (DATABASE_URL), written by content:sync (pg-sync.ts): shared
// by every server, so that content outgrows one deployment and publishes without a rebuild.
// Search finds its candidates with PostgreSQL's full-text search over the stems the content step
// wrote (the same tokens as SQLite's index); base-store.ts ranks them.

/** How long the subjects and the search statistics (read by every page or search) are kept before they are read again. */
const SHARED_TTL_MS = 5_000;

/** `load()`'s value, kept for `ttl` ms; a failed load is not kept. */
function refreshed<T>(ttl: number, load: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (cached && Date.now() - cached.at < ttl) return cached.value;
    const value = load();
    const entry = { at: Date.now(), value };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = null;
    });
    return value;
  };
}

/** How long a query dropped with its connection waits before it is tried again. */
const RETRY_DELAY_MS = 100;

/** Queries made, and how many had to wait for a connection (every one in use): `npm run bench -- postgres` reads them. */
const poolStats = { queries: 0, waited: 0, maxWaiting: 0 };
if (env().PG_POOL_STATS) setInterval(() => console.log(`pg-pool-stats ${JSON.stringify(poolStats)}`), 1_000).unref();

/** A stem in tsquery's syntax, quoted (stems are letters and digits, quoted all the same). */
const quoted = (stem: string) => `'${stem.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

export class PgStore extends BaseStore {
  /** content:sync changes it under a running server. */
  readonly fixed = false;
  private readonly subjectData = refreshed(SHARED_TTL_MS, async (): Promise<Subjects> => {
    const list = (await this.rows<[string, string, number]>('SELECT slug, name, count FROM subjects ORDER BY position')).map(([slug, name, count]) => ({
      slug,
      name,
      count,
    }));
    return { list, bySlug: new Map(list.map((s) => [s.slug, s])) };
  });
  private readonly stats = refreshed(SHARED_TTL_MS, async (): Promise<SearchStats> => {
    const [row] = await this.rows<[string]>("SELECT value FROM content_meta WHERE key = 'search_stats'");
    return row ? (JSON.parse(row[0]) as SearchStats) : NO_SEARCH_STATS;
  });

  constructor(
    private readonly pool: pg.Pool,
    limits: Partial<SearchLimits> = {},
  ) {
    super(limits);
  }

  /**
   * A store on `url`, with the site's connection pool. Its queries all have an index to use; a
   * sequential scan is never what they need, though the planner may pick one for a search with
   * a LIMIT when it cannot tell how rare a word is (reading every answer's vector: seconds).
   * A search's bitmap of a common word's matches (a million questions: ~15 MB) must fit in
   * work_mem (PG_WORK_MEM, default 32MB): past PostgreSQL's 4 MB default it turns lossy, and
   * every question on its pages has its vector read again (3–7× the time).
   */
  static open(url: string, limits: Partial<SearchLimits> = {}) {
    return new PgStore(contentPool(url, { options: `-c enable_seqscan=off -c work_mem=${env().PG_WORK_MEM}` }), limits);
  }

  async close() {
    await this.pool.end();
  }

  /**
   * A query's rows. A connection the database dropped (it restarted, or failed over) is retried
   * once on a new one; when that fails too, the proxy is told, so that it answers 503 until the
   * database is back.
   */
  private async rows<T extends unknown[]>(text: string, values: unknown[] = []): Promise<T[]> {
    // PostgreSQL's text cannot hold NUL: no key has one, and sending it is an error. An address
    // with %00 in it asks for nothing that exists.
    if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) return [];
    try {
      const query = this.pool.query<T>({ text, values, rowMode: 'array' });
      poolStats.queries++;
      if (this.pool.waitingCount > 0) {
        poolStats.waited++;
        poolStats.maxWaiting = Math.max(poolStats.maxWaiting, this.pool.waitingCount);
      }
      return (await query).rows;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      try {
        return (await this.pool.query<T>({ text, values, rowMode: 'array' })).rows;
      } catch (again) {
        if (isUnavailable(again)) markUnavailable();
        throw again;
      }
    }
  }

  protected subjectIndex(): Promise<Subjects> {
    return this.subjectData();
  }

  private async summaries(text: string, values: unknown[]) {
    return (await this.rows<SummaryRow>(text, values)).map(toSummary);
  }

  protected listing(subject: string, limit: number, offset: number) {
    return this.summaries(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = $1 ORDER BY ${LISTED} LIMIT $2 OFFSET $3`, [subject, limit, offset]);
  }

  protected allNewest(limit: number) {
    return this.summaries(`SELECT ${SUMMARY} FROM questions ORDER BY day_rank, subject_slug, title, slug LIMIT $1`, [limit]);
  }

  protected async summaryOf(subject: string, slug: string) {
    return (await this.summaries(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = $1 AND slug = $2`, [subject, slug]))[0] ?? null;
  }

  protected async questionOf(subject: string, slug: string) {
    const [row] = await this.rows<[...SummaryRow, Buffer]>(`SELECT ${SUMMARY}, body FROM questions WHERE subject_slug = $1 AND slug = $2`, [subject, slug]);
    return row ? { summary: toSummary(row.slice(0, 10) as SummaryRow), body: unpackBody(row[10]) } : null;
  }

  protected async copiesOf(id: number, subject: string) {
    const rows = await this.rows<[string, string]>(
      `SELECT subject_slug, slug FROM questions WHERE id = $1 AND subject_slug <> $2 ORDER BY subject_slug, ${LISTED}`,
      [id, subject],
    );
    return rows.map(([s, slug]) => questionUrl(s, slug));
  }

  protected async titlesOf(questions: [string, string][]) {
    if (questions.length === 0) return new Map<string, string>();
    const rows = await this.rows<[string, string, string]>(
      'SELECT q.subject_slug, q.slug, q.title FROM unnest($1::text[], $2::text[]) u(s, g) JOIN questions q ON q.subject_slug = u.s AND q.slug = u.g',
      [questions.map((q) => q[0]), questions.map((q) => q[1])],
    );
    return new Map(rows.map(([s, slug, title]) => [questionUrl(s, slug), title]));
  }

  protected listedNextTo(subject: string, slug: string, count: number, direction: 'after' | 'before') {
    return this.summaries(
      `SELECT ${SUMMARY} FROM questions WHERE subject_slug = $1
       AND (${LISTED}) ${direction === 'after' ? '>' : '<'} (SELECT ${LISTED} FROM questions WHERE subject_slug = $1 AND slug = $2)
       ORDER BY ${LISTED} LIMIT $3`,
      [subject, slug, count],
    );
  }

  protected async topicsByKeys(keys: string[]) {
    const rows = await this.rows<[string, string, string, number]>(
      'SELECT key, slug, name, questions FROM keywords WHERE slug IS NOT NULL AND key = ANY($1::text[])',
      [keys],
    );
    return new Map(rows.map(([key, slug, name, count]): [string, TopicRef] => [key, { slug, name, count }]));
  }

  protected async topicBySlug(slug: string) {
    const [row] = await this.rows<[string, string, number]>('SELECT key, name, questions FROM keywords WHERE slug = $1', [slug]);
    return row ? { handle: row[0], topic: { slug, name: row[1], count: row[2] } } : null;
  }

  protected topicsBySlugs(slugs: string[]) {
    return this.rows<[KeywordHandle, number]>('SELECT key, questions FROM keywords WHERE slug = ANY($1::text[])', [slugs]);
  }

  protected async topicCount() {
    return (await this.rows<[number]>('SELECT count(*)::int FROM keywords WHERE slug IS NOT NULL'))[0]![0];
  }

  protected async topicIndexRows(limit: number, offset: number) {
    const rows = await this.rows<[string, string, number, string]>(
      'SELECT slug, name, questions, key FROM keywords WHERE slug IS NOT NULL ORDER BY key LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    return rows.map(([slug, name, count, key]) => ({ slug, name, count, key }));
  }

  protected async topicLetters() {
    const [row] = await this.rows<[string]>("SELECT value FROM content_meta WHERE key = 'topic_letters'");
    return JSON.parse(row?.[0] ?? '[]') as [string, number][];
  }

  protected topicSubjects(topic: KeywordHandle) {
    return this.rows<[string, number]>('SELECT subject_slug, count(*)::int FROM keyword_questions WHERE keyword = $1 GROUP BY 1', [topic]);
  }

  protected topicListing(topic: KeywordHandle, subject: string | null, limit: number, offset: number) {
    return this.summaries(
      `SELECT ${SUMMARY_Q} FROM keyword_questions kq JOIN questions q USING (subject_slug, slug)
       WHERE kq.keyword = $1 AND ($2::text IS NULL OR kq.subject_slug = $2) ORDER BY kq.day_rank, kq.id LIMIT $3 OFFSET $4`,
      [topic, subject, limit, offset],
    );
  }

  protected topicRows(topic: KeywordHandle, limit: number) {
    return this.rows<[RowId, number, number]>(
      'SELECT q.qid, kq.day_rank, kq.id FROM keyword_questions kq JOIN questions q USING (subject_slug, slug) WHERE kq.keyword = $1 ORDER BY kq.day_rank, kq.id LIMIT $2',
      [topic, limit],
    );
  }

  protected async taggedAmong(topic: KeywordHandle, questions: { row: RowId; dayRank: number; id: number }[]) {
    // A canonical question is one (day, id) pair: looked up in the topic's key order.
    const rows = await this.rows<[number]>(
      'SELECT id FROM keyword_questions WHERE keyword = $1 AND (day_rank, id) IN (SELECT * FROM unnest($2::int[], $3::int[]))',
      [topic, questions.map((q) => q.dayRank), questions.map((q) => q.id)],
    );
    const ids = new Set(rows.map(([id]) => id));
    return new Set(questions.filter((q) => ids.has(q.id)).map((q) => q.row));
  }

  protected async summariesOf(rows: RowId[]) {
    const found = await this.rows<[number, ...SummaryRow]>(`SELECT qid, ${SUMMARY} FROM questions WHERE qid = ANY($1::int[])`, [rows]);
    return new Map(found.map(([qid, ...row]) => [qid, toSummary(row)]));
  }

  protected async bodiesOf(rows: RowId[]) {
    const found = await this.rows<[number, Buffer]>('SELECT qid, body FROM questions WHERE qid = ANY($1::int[])', [rows]);
    return new Map(found.map(([qid, body]): [RowId, Body] => [qid, unpackBody(body)]));
  }

  protected async feedRows(scope: { site: true } | { subject: string } | { topic: KeywordHandle }, count: number) {
    const [text, values] =
      'site' in scope
        ? [`SELECT ${SUMMARY}, body FROM questions WHERE canonical_url IS NULL AND NOT no_index ORDER BY day_rank, subject_slug, title, slug LIMIT $1`, [count]]
        : 'subject' in scope
          ? [`SELECT ${SUMMARY}, body FROM questions WHERE subject_slug = $1 AND NOT no_index ORDER BY ${LISTED} LIMIT $2`, [scope.subject, count]]
          : [
              `SELECT ${SUMMARY_Q}, q.body FROM keyword_questions kq JOIN questions q USING (subject_slug, slug)
               WHERE kq.keyword = $1 AND NOT q.no_index ORDER BY kq.day_rank, kq.id LIMIT $2`,
              [scope.topic, count],
            ];
    const rows = await this.rows<[...SummaryRow, Buffer]>(text, values);
    return rows.map((row) => ({ summary: toSummary(row.slice(0, 10) as SummaryRow), body: unpackBody(row[10]) }));
  }

  protected async knownWords(words: string[]) {
    return new Map(await this.rows<[string, number]>('SELECT word, docs FROM words WHERE word = ANY($1::text[])', [words]));
  }

  protected async completions(prefix: string, count: number) {
    const rows = await this.rows<[string]>(
      `SELECT word FROM (SELECT word, docs FROM words WHERE word > $1 AND word < $1 || chr(1114111) ORDER BY word LIMIT 2000) w
       ORDER BY docs DESC, word LIMIT $2`,
      [prefix, count],
    );
    return rows.map(([word]) => word);
  }

  protected wordsNear(word: string) {
    const first = String.fromCodePoint(word.codePointAt(0)!);
    const next = String.fromCodePoint(word.codePointAt(0)! + 1);
    return this.rows<[string, number]>(
      `SELECT word, docs FROM words WHERE word >= $1 AND word < $2 AND length(word) BETWEEN $3 AND $4
       UNION ALL SELECT word, docs FROM words WHERE word LIKE '%' || $5 || '%' AND length(word) BETWEEN $3 AND $4`,
      [first, next, word.length - 2, word.length + 2, word.slice(2, 6)],
    );
  }

  protected async relatedStems(words: string[]) {
    return new Map(await this.rows<[string, string]>('SELECT word, stems FROM related_words WHERE word = ANY($1::text[])', [words]));
  }

  protected async stemCounts(stems: string[]) {
    const rows = await this.rows<[string, number, number]>('SELECT lexeme, docs, title_docs FROM lexemes WHERE lexeme = ANY($1::text[]) AND docs > 0', [stems]);
    return new Map(rows.map(([stem, docs, titleDocs]): [string, [number, number]] => [stem, [docs, titleDocs]]));
  }

  protected async matching(stems: string[], titles: boolean, subject: string | null, limit: number): Promise<Candidate[]> {
    const rows = await this.rows<[number, number, string]>(
      `SELECT qid, rid::float8, subject_slug FROM questions WHERE searchable AND ${titles ? 'titles' : 'search'} @@ $1::tsquery
       AND ($2::text IS NULL OR subject_slug = $2) ORDER BY rid DESC LIMIT $3`,
      [stems.map(quoted).join(' | '), subject, limit],
    );
    return rows.map(([row, order, subjectSlug]) => ({ row, order, subject: subjectSlug }));
  }

  protected async termVectorsOf(rows: RowId[]) {
    const found = await this.rows<[number, Buffer]>('SELECT qid, terms FROM questions WHERE qid = ANY($1::int[])', [rows]);
    return new Map(found.map(([qid, terms]): [RowId, TermVector] => [qid, unpackTermVector(terms)]));
  }

  protected searchStats(): Promise<SearchStats> {
    return this.stats();
  }

  protected async hitRows(rows: RowId[]) {
    const found = await this.rows<[number, string, string, string, string, string]>(
      'SELECT qid, subject_slug, slug, title, date, description FROM questions WHERE qid = ANY($1::int[])',
      [rows],
    );
    return new Map(found.map(([qid, subjectSlug, slug, title, date, description]): [RowId, HitRow] => [qid, { subjectSlug, slug, title, date, description }]));
  }

  newest(count: number) {
    return this.summaries(
      `SELECT ${SUMMARY} FROM questions WHERE canonical_url IS NULL AND NOT no_index ORDER BY day_rank, subject_slug, title, slug LIMIT $1`,
      [count],
    );
  }

  async sitemapQuestionCount() {
    return (await this.rows<[number]>('SELECT count(*)::int FROM questions WHERE canonical_url IS NULL AND NOT no_index'))[0]![0];
  }

  async sitemapQuestions(offset: number, limit: number): Promise<SitemapQuestion[]> {
    const rows = await this.rows<[string, string, string]>(
      'SELECT subject_slug, slug, date FROM questions WHERE canonical_url IS NULL AND NOT no_index ORDER BY day_rank, subject_slug, title, slug LIMIT $1 OFFSET $2',
      [limit, offset],
    );
    return rows.map(([subject, slug, date]) => ({ url: questionUrl(subject, slug), date }));
  }

  async largestTopics(count: number) {
    const rows = await this.rows<[string, string, number]>(
      'SELECT slug, name, questions FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC, key LIMIT $1',
      [count],
    );
    return rows.map(([slug, name, c]) => ({ slug, name, count: c }));
  }

  async sitemapTopics(offset: number, limit: number) {
    const rows = await this.rows<[string, number]>(
      `SELECT k.slug, (SELECT min(day_rank) FROM keyword_questions WHERE keyword = k.key) FROM keywords k
       WHERE k.slug IS NOT NULL ORDER BY k.key LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(([slug, rank]) => ({ slug, date: dayOf(rank) }));
  }
}
