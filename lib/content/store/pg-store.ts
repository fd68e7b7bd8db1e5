import type pg from 'pg';
import { questionUrl, type QuestionSummary, type TopicRef } from '../types';
import { BaseStore, dayOf, LISTED, SUMMARY, SUMMARY_Q, toSummary, type Expression, type HitRow, type KeywordHandle, type MatchOrder, type RowId, type SearchLimits, type Subjects, type SummaryRow } from './base-store';
import { unpackBody, type Body } from './body';
import { isUnavailable, markUnavailable } from './pg-health';
import { contentPool } from './pg-pool';
import type { SitemapQuestion } from './store';

// The content store in PostgreSQL (DATABASE_URL), written by content:sync (pg-sync.ts): shared
// by every server, so that content outgrows one deployment and publishes without a rebuild.
// Search is PostgreSQL's full-text search over weighted vectors (title and question A, keywords
// B, description C, answer D; English stems, accents folded), ranked by ts_rank.

/** How long the subjects (a few dozen rows every page needs) are kept before they are read again. */
const SUBJECTS_TTL_MS = 5_000;
/** ts_rank's weights for D, C, B and A. */
const WEIGHTS = "'{0.1, 0.3, 0.4, 1.0}'";
const QUERY = "to_tsquery('quicktakes', $1)";
/** Words of the vocabulary at least this similar (trigrams) may be suggested for one that is further than one edit. */
const NEAR_WORD_SIMILARITY = 0.5;

/** How long a query dropped with its connection waits before it is tried again. */
const RETRY_DELAY_MS = 100;

/** Queries made, and how many had to wait for a connection (every one in use): `npm run bench -- postgres` reads them. */
const poolStats = { queries: 0, waited: 0, maxWaiting: 0 };
if (process.env.PG_POOL_STATS) setInterval(() => console.log(`pg-pool-stats ${JSON.stringify(poolStats)}`), 1_000).unref();

const SUBJECT_FILTER = '($2::text IS NULL OR subject_slug = $2)';

export class PgStore extends BaseStore {
  private subjectCache: { at: number; value: Promise<Subjects> } | null = null;

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
    const workMem = process.env.PG_WORK_MEM ?? '32MB';
    return new PgStore(contentPool(url, { options: `-c enable_seqscan=off -c work_mem=${workMem}` }), limits);
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
    if (this.subjectCache && Date.now() - this.subjectCache.at < SUBJECTS_TTL_MS) return this.subjectCache.value;
    const value = this.rows<[string, string, number]>('SELECT slug, name, count FROM subjects ORDER BY position').then((rows) => {
      const list = rows.map(([slug, name, count]) => ({ slug, name, count }));
      return { list, bySlug: new Map(list.map((s) => [s.slug, s])) };
    });
    this.subjectCache = { at: Date.now(), value };
    value.catch(() => (this.subjectCache = null));
    return value;
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
    const rows = await this.rows<[string, string]>(`SELECT subject_slug, slug FROM questions WHERE id = $1 AND subject_slug <> $2 ORDER BY subject_slug, ${LISTED}`, [id, subject]);
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
    const rows = await this.rows<[string, string, string, number]>('SELECT key, slug, name, questions FROM keywords WHERE slug IS NOT NULL AND key = ANY($1::text[])', [keys]);
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
    const rows = await this.rows<[string, string, number, string]>('SELECT slug, name, questions, key FROM keywords WHERE slug IS NOT NULL ORDER BY key LIMIT $1 OFFSET $2', [limit, offset]);
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

  /** A word in to_tsquery's syntax: quoted (the parser only yields letters and digits, quoted all the same). */
  protected word(term: string, prefix: boolean): Expression {
    return `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${prefix ? ':*' : ''}`;
  }

  protected anyOf(expressions: Expression[]) {
    return `(${expressions.join(' | ')})`;
  }

  protected allOf(expressions: Expression[]) {
    return expressions.length === 1 ? expressions[0]! : `(${expressions.join(' & ')})`;
  }

  protected async knownWords(words: string[]) {
    return new Map(await this.rows<[string, number]>('SELECT word, docs FROM words WHERE word = ANY($1::text[])', [words]));
  }

  protected async hasWordStartingWith(prefix: string) {
    return (await this.rows('SELECT 1 FROM words WHERE word >= $1 AND word < $1 || chr(1114111) LIMIT 1', [prefix])).length > 0;
  }

  protected async anyMatch(expression: Expression) {
    return (await this.rows(`SELECT 1 FROM questions WHERE searchable AND search @@ ${QUERY} LIMIT 1`, [expression])).length > 0;
  }

  /**
   * The most similar word by trigrams (pg_trgm), when it is similar enough and about as long (a
   * typo, not the start of a longer word): two typos and more.
   */
  protected async nearWord(term: string) {
    const [row] = await this.rows<[string]>(
      `SELECT word FROM words WHERE word % $1 AND similarity(word, $1) >= ${NEAR_WORD_SIMILARITY} AND abs(length(word) - length($1)) <= 2
       ORDER BY similarity(word, $1) DESC, docs DESC, word LIMIT 1`,
      [term],
    );
    return row?.[0] ?? null;
  }

  protected override readonly concurrentReads = true;

  /**
   * From the lexemes table (migration 0002): at least Σ docs(word) − (k − 1) × N of the N
   * searchable questions hold all k words (each word's most used spelling; for the start of a
   * word, its most used completion), by inclusion and exclusion; the same for the titles.
   * Positive only when every word is in most questions, which is when counting them through the
   * GIN index is slow.
   */
  protected override async matchesAtLeast(words: string[][], prefix: boolean) {
    const last = words.length - 1;
    const [row] = await this.rows<[number | null, number | null]>(
      `SELECT sum(docs)::int - ($3::int - 1) * all_docs, sum(title_docs)::int - ($3::int - 1) * all_title_docs
       FROM (SELECT max(d.docs) AS docs, max(d.title_docs) AS title_docs
             FROM unnest($1::text[], $2::int[], $4::bool[]) AS w(word, n, prefix)
             CROSS JOIN LATERAL (SELECT (tsvector_to_array(to_tsvector('quicktakes', w.word)))[1] AS stem) s
             CROSS JOIN LATERAL (
               SELECT docs, title_docs FROM lexemes WHERE lexeme = s.stem
               UNION ALL SELECT max(docs), max(title_docs) FROM lexemes WHERE w.prefix AND lexeme >= s.stem AND lexeme < s.stem || chr(1114111)
             ) d
             GROUP BY w.n) found,
            (SELECT docs AS all_docs, title_docs AS all_title_docs FROM lexemes WHERE lexeme = '') corpus
       GROUP BY all_docs, all_title_docs`,
      [
        words.flat(),
        words.flatMap((spellings, n) => spellings.map(() => n)),
        words.length,
        words.flatMap((spellings, n) => spellings.map((_, i) => prefix && n === last && i === 0)),
      ],
    );
    return { anywhere: Math.max(0, row?.[0] ?? 0), inTitles: Math.max(0, row?.[1] ?? 0) };
  }

  protected facetCounts(expression: Expression, cap: number) {
    return this.rows<[string, number]>(
      `SELECT subject_slug, count(*)::int FROM (SELECT subject_slug FROM questions WHERE searchable AND search @@ ${QUERY} LIMIT $2) m GROUP BY 1`,
      [expression, cap],
    );
  }

  protected async countMatches(expression: Expression, subject: string | null, cap: number, titlesOnly: boolean) {
    const column = titlesOnly ? 'titles' : 'search';
    const [row] = await this.rows<[number]>(
      `SELECT count(*)::int FROM (SELECT 1 FROM questions WHERE searchable AND ${column} @@ ${QUERY} AND ${SUBJECT_FILTER} LIMIT $3) m`,
      [expression, subject, cap],
    );
    return row![0];
  }

  /**
   * Ranked: by the title, question and keywords (ts_rank over the small `titles` vector; the
   * answer's vector is not read back for every match), each word weighted by its rarity, since
   * ts_rank does not weigh words by how many questions use them as BM25 does.
   */
  protected async matchPage(
    expression: Expression,
    subject: string | null,
    order: MatchOrder,
    limit: number,
    offset: number,
    terms: [Expression, number][],
  ) {
    const rank = terms.map(([, weight], i) => `${weight.toFixed(4)} * ts_rank(${WEIGHTS}, titles, to_tsquery('quicktakes', $${i + 5}))`).join(' + ');
    const [where, orderBy] = {
      ranked: ['search @@ q', `${rank} DESC`],
      'ranked titles': ['titles @@ q', `${rank} DESC`],
      'latest titles': ['titles @@ q', 'day_rank'],
      'latest others': ['search @@ q AND NOT titles @@ q', 'day_rank'],
    }[order];
    const ranked = order.startsWith('ranked');
    const rows = await this.rows<[number]>(
      `SELECT qid FROM questions, ${QUERY} q WHERE searchable AND ${where} AND ${SUBJECT_FILTER}
       ORDER BY ${orderBy}, day_rank, subject_slug, slug LIMIT $3 OFFSET $4`,
      [expression, subject, limit, offset, ...(ranked ? terms.map(([term]) => term) : [])],
    );
    return rows.map(([qid]) => qid);
  }

  protected async hitRows(rows: RowId[]) {
    const found = await this.rows<[number, string, string, string, string, string]>('SELECT qid, subject_slug, slug, title, date, description FROM questions WHERE qid = ANY($1::int[])', [rows]);
    return new Map(found.map(([qid, subjectSlug, slug, title, date, description]): [RowId, HitRow] => [qid, { subjectSlug, slug, title, date, description }]));
  }

  newest(count: number) {
    return this.summaries(`SELECT ${SUMMARY} FROM questions WHERE canonical_url IS NULL AND NOT no_index ORDER BY day_rank, subject_slug, title, slug LIMIT $1`, [count]);
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
    const rows = await this.rows<[string, string, number]>('SELECT slug, name, questions FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC, key LIMIT $1', [count]);
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
