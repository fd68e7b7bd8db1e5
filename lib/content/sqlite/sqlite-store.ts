import Database from 'libsql';
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
import { SCHEMA_VERSION } from './schema';
import type { SitemapQuestion } from '../store/store';

// The content database read by the site by default: the SQLite file the content step wrote,
// opened read-only. Every read is a prepared statement; nothing loads the corpus. Search finds
// its candidates in FTS5 (ranking them is base-store.ts's); a subject's questions are one rowid
// range (schema.ts).

const ALL_ROWS: [number, number] = [0, Number.MAX_SAFE_INTEGER];

/** A word as an FTS5 string: the parser only ever yields letters and digits, quoted all the same. */
const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

export class SqliteStore extends BaseStore {
  readonly fixed = true;
  private readonly db: InstanceType<typeof Database>;
  private readonly subjectData: Subjects;
  private readonly subjectIds: Map<string, number>;
  private readonly subjectSlugs: Map<number, string>;
  private readonly sql;
  private readonly stats: SearchStats;

  constructor(file: string, limits: Partial<SearchLimits> = {}) {
    super(limits);
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    let version: [string] | undefined;
    try {
      version = this.db.prepare("SELECT value FROM meta WHERE key = 'version'").raw().get() as [string] | undefined;
    } catch (error) {
      this.db.close();
      throw new Error(`${file}: not a readable content database (${error instanceof Error ? error.message : error}); build again`);
    }
    if (version?.[0] !== String(SCHEMA_VERSION)) {
      throw new Error(`${file}: content database version ${version?.[0]}, expected ${SCHEMA_VERSION}; build again`);
    }
    // Subjects are a few dozen rows, read once: every page needs their names.
    const list = (this.db.prepare('SELECT slug, name, count FROM subjects ORDER BY position').raw().all() as [string, string, number][]).map(
      ([slug, name, count]) => ({ slug, name, count }),
    );
    this.subjectData = { list, bySlug: new Map(list.map((s) => [s.slug, s])) };
    const ids = this.db.prepare('SELECT slug, id FROM subject_ids').raw().all() as [string, number][];
    this.subjectIds = new Map(ids);
    this.subjectSlugs = new Map(ids.map(([slug, id]) => [id, slug]));
    const stats = this.db.prepare("SELECT value FROM meta WHERE key = 'search_stats'").raw().get() as [string] | undefined;
    this.stats = stats ? (JSON.parse(stats[0]) as SearchStats) : NO_SEARCH_STATS;
    const q = (sql: string) => this.db.prepare(sql).raw();
    this.sql = {
      summary: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ? AND slug = ?`),
      listing: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ? ORDER BY ${LISTED} LIMIT ? OFFSET ?`),
      question: q(`SELECT ${SUMMARY}, b.body FROM questions q JOIN bodies b ON b.rowid = q.rowid WHERE q.subject_slug = ? AND q.slug = ?`),
      copies: q(`SELECT subject_slug, slug FROM questions WHERE id = ?1 AND subject_slug <> ?2 ORDER BY subject_slug, ${LISTED}`),
      targets: q(`SELECT q.subject_slug, q.slug, q.title FROM json_each(?) j
        JOIN questions q ON q.subject_slug = j.value ->> '$[0]' AND q.slug = j.value ->> '$[1]'`),
      newest: q(`SELECT ${SUMMARY} FROM questions WHERE canonical_url IS NULL AND no_index = 0 ORDER BY day_rank, subject_slug, title, slug LIMIT ?`),
      position: q('SELECT subject_slug, day_rank, title, slug FROM questions WHERE subject_slug = ? AND slug = ?'),
      after: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ?1 AND (${LISTED}) > (?2, ?3, ?4) ORDER BY ${LISTED} LIMIT ?5`),
      before: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ?1 AND (${LISTED}) < (?2, ?3, ?4) ORDER BY ${LISTED} LIMIT ?5`),
      allNewest: q(`SELECT ${SUMMARY} FROM questions ORDER BY day_rank, subject_slug, title, slug LIMIT ?`),
      sitemapCount: q('SELECT count(*) FROM questions WHERE canonical_url IS NULL AND no_index = 0'),
      sitemap: q(`SELECT subject_slug, slug, date FROM questions WHERE canonical_url IS NULL AND no_index = 0
        ORDER BY day_rank, subject_slug, title, slug LIMIT ? OFFSET ?`),
      words: q('SELECT word, docs FROM words WHERE word IN (SELECT value FROM json_each(?))'),
      // The most used of the first 2,000 words with a prefix: bounded for a short one.
      completions: q(`SELECT word FROM (SELECT word, docs FROM words WHERE word > ?1 AND word < ?1 || char(1114111) ORDER BY word LIMIT 2000)
        ORDER BY docs DESC, word LIMIT ?2`),
      wordsNear: q('SELECT word, docs FROM words WHERE word >= ?1 AND word < ?2 AND length(word) BETWEEN ?3 AND ?4'),
      wordsHolding: q('SELECT word, docs FROM words WHERE instr(word, ?1) > 0 AND length(word) BETWEEN ?2 AND ?3'),
      related: q('SELECT word, stems FROM related_words WHERE word IN (SELECT value FROM json_each(?))'),
      stemDocs: q('SELECT (SELECT doc FROM search_terms WHERE term = ?1), (SELECT doc FROM title_terms WHERE term = ?1)'),
      termVectors: q('SELECT rowid, data FROM term_vectors WHERE rowid IN (SELECT value FROM json_each(?))'),
      // Search: ?1 a match expression, ?2–?3 a rowid range (one subject's, or all).
      matching: q('SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4'),
      matchingTitles: q('SELECT rowid FROM titles WHERE titles MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4'),
      hits: q(`SELECT rowid, subject_slug, slug, title, date, description FROM questions WHERE rowid IN (SELECT value FROM json_each(?))`),
      bodies: q('SELECT rowid, body FROM bodies WHERE rowid IN (SELECT value FROM json_each(?))'),
      summaries: q(`SELECT rowid, ${SUMMARY} FROM questions WHERE rowid IN (SELECT value FROM json_each(?))`),
      meta: q('SELECT value FROM meta WHERE key = ?'),
      // Topics (lib/content/model/topics.ts).
      topicsOfKeys: q('SELECT key, slug, name, questions FROM keywords WHERE slug IS NOT NULL AND key IN (SELECT value FROM json_each(?))'),
      topicsOfSlugs: q('SELECT id, questions FROM keywords WHERE slug IN (SELECT value FROM json_each(?))'),
      topic: q('SELECT id, slug, name, questions FROM keywords WHERE slug = ?'),
      largestTopics: q('SELECT slug, name, questions FROM keywords WHERE slug IS NOT NULL ORDER BY questions DESC, key LIMIT ?'),
      topicCount: q('SELECT count(*) FROM keywords WHERE slug IS NOT NULL'),
      topicIndex: q('SELECT slug, name, questions, key FROM keywords WHERE slug IS NOT NULL ORDER BY key LIMIT ? OFFSET ?'),
      topicSubjects: q('SELECT question >> 32, count(*) FROM keyword_questions WHERE keyword = ? GROUP BY 1'),
      topicListing: q(`SELECT ${SUMMARY_Q} FROM keyword_questions kq JOIN questions q ON q.rowid = kq.question
        WHERE kq.keyword = ?1 AND kq.question BETWEEN ?2 AND ?3 ORDER BY kq.day_rank, kq.id LIMIT ?4 OFFSET ?5`),
      topicRows: q('SELECT question, day_rank, id FROM keyword_questions WHERE keyword = ? ORDER BY day_rank, id LIMIT ?'),
      // Every candidate looked up in the topic's key order in one call (a call each cost 4 ms a
      // page); CROSS JOIN keeps the candidates outside, where SQLite would otherwise scan the topic.
      tagged: q(`SELECT kq.question FROM json_each(?) j CROSS JOIN keyword_questions kq
        ON kq.keyword = ? AND kq.day_rank = j.value ->> 0 AND kq.id = j.value ->> 1 AND kq.question = j.value ->> 2`),
      sitemapTopics: q(`SELECT k.slug, (SELECT min(day_rank) FROM keyword_questions WHERE keyword = k.id) FROM keywords k
        WHERE k.slug IS NOT NULL ORDER BY k.key LIMIT ? OFFSET ?`),
      // Feeds: canonical, indexable questions with their bodies, newest first.
      feedSite: q(`SELECT ${SUMMARY_Q}, b.body FROM questions q JOIN bodies b ON b.rowid = q.rowid
        WHERE q.canonical_url IS NULL AND q.no_index = 0 ORDER BY q.day_rank, q.subject_slug, q.title, q.slug LIMIT ?`),
      feedSubject: q(`SELECT ${SUMMARY_Q}, b.body FROM questions q JOIN bodies b ON b.rowid = q.rowid
        WHERE q.subject_slug = ? AND q.no_index = 0 ORDER BY q.day_rank, q.title, q.slug LIMIT ?`),
      feedTopic: q(`SELECT ${SUMMARY_Q}, b.body FROM keyword_questions kq JOIN questions q ON q.rowid = kq.question
        JOIN bodies b ON b.rowid = q.rowid WHERE kq.keyword = ? AND q.no_index = 0 ORDER BY kq.day_rank, kq.id LIMIT ?`),
    };
  }

  close() {
    this.db.close();
  }

  protected async subjectIndex() {
    return this.subjectData;
  }

  protected async listing(subject: string, limit: number, offset: number) {
    return (this.sql.listing.all(subject, limit, offset) as SummaryRow[]).map(toSummary);
  }

  protected async allNewest(limit: number) {
    return (this.sql.allNewest.all(limit) as SummaryRow[]).map(toSummary);
  }

  protected async summaryOf(subject: string, slug: string) {
    const row = this.sql.summary.get(subject, slug) as SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  protected async questionOf(subject: string, slug: string) {
    const row = this.sql.question.get(subject, slug) as [...SummaryRow, Buffer] | undefined;
    return row ? { summary: toSummary(row.slice(0, 10) as SummaryRow), body: unpackBody(row[10]) } : null;
  }

  protected async copiesOf(id: number, subject: string) {
    return (this.sql.copies.all(id, subject) as [string, string][]).map(([s, slug]) => questionUrl(s, slug));
  }

  protected async titlesOf(questions: [string, string][]) {
    const rows = this.sql.targets.all(JSON.stringify(questions)) as [string, string, string][];
    return new Map(rows.map(([s, slug, title]) => [questionUrl(s, slug), title]));
  }

  protected async listedNextTo(subject: string, slug: string, count: number, direction: 'after' | 'before') {
    const at = this.sql.position.get(subject, slug) as [string, number, string, string] | undefined;
    if (!at) return [];
    return ((direction === 'after' ? this.sql.after : this.sql.before).all(...at, count) as SummaryRow[]).map(toSummary);
  }

  protected async topicsByKeys(keys: string[]) {
    const rows = this.sql.topicsOfKeys.all(JSON.stringify(keys)) as [string, string, string, number][];
    return new Map(rows.map(([key, slug, name, count]): [string, TopicRef] => [key, { slug, name, count }]));
  }

  protected async topicBySlug(slug: string) {
    const row = this.sql.topic.get(slug) as [number, string, string, number] | undefined;
    return row ? { handle: row[0], topic: { slug, name: row[2], count: row[3] } } : null;
  }

  protected async topicsBySlugs(slugs: string[]) {
    return this.sql.topicsOfSlugs.all(JSON.stringify(slugs)) as [number, number][];
  }

  protected async topicCount() {
    return (this.sql.topicCount.get() as [number])[0];
  }

  protected async topicIndexRows(limit: number, offset: number) {
    return (this.sql.topicIndex.all(limit, offset) as [string, string, number, string][]).map(([slug, name, count, key]) => ({ slug, name, count, key }));
  }

  protected async topicLetters() {
    return JSON.parse((this.sql.meta.get('topic_letters') as [string] | undefined)?.[0] ?? '[]') as [string, number][];
  }

  protected async topicSubjects(topic: KeywordHandle) {
    return (this.sql.topicSubjects.all(topic) as [number, number][]).map(([id, count]): [string, number] => [this.subjectSlugs.get(id)!, count]);
  }

  protected async topicListing(topic: KeywordHandle, subject: string | null, limit: number, offset: number) {
    return (this.sql.topicListing.all(topic, ...this.rangeOf(subject), limit, offset) as SummaryRow[]).map(toSummary);
  }

  protected async topicRows(topic: KeywordHandle, limit: number) {
    return this.sql.topicRows.all(topic, limit) as [RowId, number, number][];
  }

  protected async taggedAmong(topic: KeywordHandle, questions: { row: RowId; dayRank: number; id: number }[]) {
    const candidates = JSON.stringify(questions.map((q) => [q.dayRank, q.id, q.row]));
    return new Set((this.sql.tagged.all(candidates, topic) as [RowId][]).map(([row]) => row));
  }

  protected async summariesOf(rows: RowId[]) {
    return new Map((this.sql.summaries.all(JSON.stringify(rows)) as [number, ...SummaryRow][]).map(([rowid, ...row]) => [rowid, toSummary(row)]));
  }

  protected async bodiesOf(rows: RowId[]) {
    return new Map((this.sql.bodies.all(JSON.stringify(rows)) as [number, Buffer][]).map(([rowid, body]): [RowId, Body] => [rowid, unpackBody(body)]));
  }

  protected async feedRows(scope: { site: true } | { subject: string } | { topic: KeywordHandle }, count: number) {
    const rows = (
      'site' in scope
        ? this.sql.feedSite.all(count)
        : 'subject' in scope
          ? this.sql.feedSubject.all(scope.subject, count)
          : this.sql.feedTopic.all(scope.topic, count)
    ) as [...SummaryRow, Buffer][];
    return rows.map((row) => ({ summary: toSummary(row.slice(0, 10) as SummaryRow), body: unpackBody(row[10]) }));
  }

  protected async knownWords(words: string[]) {
    return new Map(this.sql.words.all(JSON.stringify(words)) as [string, number][]);
  }

  protected async completions(prefix: string, count: number) {
    return (this.sql.completions.all(prefix, count) as [string][]).map(([word]) => word);
  }

  protected async wordsNear(word: string) {
    const first = String.fromCodePoint(word.codePointAt(0)!);
    const next = String.fromCodePoint(word.codePointAt(0)! + 1);
    const [min, max] = [word.length - 2, word.length + 2];
    return [
      ...(this.sql.wordsNear.all(first, next, min, max) as [string, number][]),
      ...(this.sql.wordsHolding.all(word.slice(2, 6), min, max) as [string, number][]),
    ];
  }

  protected async relatedStems(words: string[]) {
    return new Map(this.sql.related.all(JSON.stringify(words)) as [string, string][]);
  }

  protected async stemCounts(stems: string[]) {
    const counts = new Map<string, [number, number]>();
    for (const stem of stems) {
      const [docs, titleDocs] = this.sql.stemDocs.get(stem) as [number | null, number | null];
      if (docs) counts.set(stem, [docs, titleDocs ?? 0]);
    }
    return counts;
  }

  protected async matching(stems: string[], titles: boolean, subject: string | null, limit: number): Promise<Candidate[]> {
    const expression = stems.map(quoted).join(' OR ');
    const rows = (titles ? this.sql.matchingTitles : this.sql.matching).all(expression, ...this.rangeOf(subject), limit) as [number][];
    return rows.map(([rowid]) => ({ row: rowid, order: rowid, subject: this.subjectSlugs.get(Math.floor(rowid / 2 ** 32))! }));
  }

  protected async termVectorsOf(rows: RowId[]) {
    const found = this.sql.termVectors.all(JSON.stringify(rows)) as [number, Buffer][];
    return new Map(found.map(([rowid, data]): [RowId, TermVector] => [rowid, unpackTermVector(data)]));
  }

  protected async searchStats() {
    return this.stats;
  }

  protected async hitRows(rows: RowId[]) {
    const found = this.sql.hits.all(JSON.stringify(rows)) as [number, string, string, string, string, string][];
    return new Map(
      found.map(([rowid, subjectSlug, slug, title, date, description]): [RowId, HitRow] => [rowid, { subjectSlug, slug, title, date, description }]),
    );
  }

  async newest(count: number) {
    return (this.sql.newest.all(count) as SummaryRow[]).map(toSummary);
  }

  async sitemapQuestionCount() {
    return (this.sql.sitemapCount.get() as [number])[0];
  }

  async sitemapQuestions(offset: number, limit: number): Promise<SitemapQuestion[]> {
    return (this.sql.sitemap.all(limit, offset) as [string, string, string][]).map(([subject, slug, date]) => ({ url: questionUrl(subject, slug), date }));
  }

  async largestTopics(count: number) {
    return (this.sql.largestTopics.all(count) as [string, string, number][]).map(([slug, name, c]) => ({ slug, name, count: c }));
  }

  async sitemapTopics(offset: number, limit: number) {
    return (this.sql.sitemapTopics.all(limit, offset) as [string, number][]).map(([slug, rank]) => ({ slug, date: dayOf(rank) }));
  }

  /** The rowid range of a subject's questions (its id is their high 32 bits), or every row. */
  private rangeOf(slug: string | null): [number, number] {
    if (slug === null) return ALL_ROWS;
    const id = this.subjectIds.get(slug) ?? 0;
    return [id * 2 ** 32, id * 2 ** 32 + 2 ** 32 - 1];
  }
}
