import Database from 'libsql';
import { PAGE_SIZE, pageCountOf, type SubjectPage } from '../content-index';
import { answerSnippet, leadOf, oneEditAway, snippetOf } from '../search';
import { letterOf, TOPICS_PER_PAGE, topicKey } from '../topics';
import { questionUrl, questionUrlParts, type Question, type QuestionSummary, type Subject, type TopicRef } from '../types';
import { unpackBody } from './body';
import { SCHEMA_VERSION } from './schema';
import {
  SEARCH_PAGE_SIZE,
  type ContentStore,
  type FeedItem,
  type FeedScope,
  type SearchHit,
  type SearchRequest,
  type SearchResults,
  type SitemapQuestion,
  type TopicIndexPage,
  type TopicPage,
} from './store';

// The content database read by the site: the SQLite file the content step wrote, opened
// read-only. Every method is a prepared statement or two; nothing loads the corpus.

const SUMMARY = 'id, subject_slug, slug, title, description, date, no_index, canonical_url, page_title, file';
/** The same columns, of `questions q` in a join. */
const SUMMARY_Q = SUMMARY.split(', ').map((c) => `q.${c}`).join(', ');
/** A listing's order: newest first, then by title, then by url. */
const LISTED = 'day_rank, title, slug';
type SummaryRow = [number, string, string, string, string, string, number, string | null, string | null, string | null];

function toSummary([id, subjectSlug, slug, title, description, date, noIndex, canonicalUrl, pageTitle, file]: SummaryRow): QuestionSummary {
  const url = questionUrl(subjectSlug, slug);
  return { id, url, subjectSlug, slug, title, description, date, noIndex: noIndex === 1, canonicalUrl: canonicalUrl ?? url, pageTitle: pageTitle ?? title, file: file ?? `${subjectSlug}/${slug}.md` };
}


/** What bounds the work of one search, whatever the size of the corpus. */
export interface SearchLimits {
  /** Matches are counted up to this many (a page of results says "more than" past it). */
  countCap: number;
  /** At most this many matches are ranked by BM25 in one query. */
  rankAll: number;
  /** The subject filter's counts, when there are at most this many matches in all. */
  facetCap: number;
}

const LIMITS: SearchLimits = { countCap: 10_000, rankAll: 3_000, facetCap: 20_000 };
const ALL_ROWS: [number, number] = [0, Number.MAX_SAFE_INTEGER];
/** "More on this topic" reads at most this many of a topic's questions, and checks the rest one by one. */
const TOPIC_SCAN = 500;
/** Related topics are those of a topic's newest questions, this many. */
const RELATED_SAMPLE = 200;
/** A day_rank (see schema.ts) back to its day. */
const dayOf = (rank: number) => String(99_999_999 - rank).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');

/** A word as an FTS5 string: the parser only ever yields letters and digits, quoted all the same. */
const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

export class SqliteStore implements ContentStore {
  private readonly db: InstanceType<typeof Database>;
  private readonly subjectList: Subject[];
  private readonly subjectBySlug: Map<string, Subject>;
  private readonly subjectIds: Map<string, number>;
  private readonly subjectSlugs: Map<number, string>;
  private readonly sql;

  private readonly limits: SearchLimits;

  constructor(file: string, limits: Partial<SearchLimits> = {}) {
    this.limits = { ...LIMITS, ...limits };
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    const version = this.db.prepare("SELECT value FROM meta WHERE key = 'version'").raw().get() as [string] | undefined;
    if (version?.[0] !== String(SCHEMA_VERSION)) {
      throw new Error(`${file}: content database version ${version?.[0]}, expected ${SCHEMA_VERSION}; build again`);
    }
    // Subjects are a few dozen rows, read once: every page needs their names.
    this.subjectList = (this.db.prepare('SELECT slug, name, count FROM subjects ORDER BY position').raw().all() as [string, string, number][]).map(
      ([slug, name, count]) => ({ slug, name, count }),
    );
    this.subjectBySlug = new Map(this.subjectList.map((s) => [s.slug, s]));
    const ids = this.db.prepare('SELECT slug, id FROM subject_ids').raw().all() as [string, number][];
    this.subjectIds = new Map(ids);
    this.subjectSlugs = new Map(ids.map(([slug, id]) => [id, slug]));
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
      matches: q('SELECT 1 FROM search WHERE search MATCH ? LIMIT 1'),
      words: q('SELECT word, docs FROM words WHERE word IN (SELECT value FROM json_each(?))'),
      wordWithPrefix: q("SELECT 1 FROM words WHERE word >= ?1 AND word < ?1 || char(1114111) LIMIT 1"),
      // Search: every query is bounded (see search() below). ?1 is the match expression, ?2–?3 a
      // rowid range (one subject's, or all).
      facets: q(`SELECT rowid >> 32, count(*) FROM (SELECT rowid FROM search WHERE search MATCH ?1 LIMIT ?2) GROUP BY 1`),
      count: q(`SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 LIMIT ?4)`),
      countTitles: q(`SELECT count(*) FROM (SELECT 1 FROM titles WHERE titles MATCH ?1 AND rowid BETWEEN ?2 AND ?3 LIMIT ?4)`),
      ranked: q(`SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rank LIMIT ?4 OFFSET ?5`),
      rankedTitles: q(`SELECT rowid FROM titles WHERE titles MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rank LIMIT ?4 OFFSET ?5`),
      latestTitles: q(`SELECT rowid FROM titles WHERE titles MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4 OFFSET ?5`),
      latestOthers: q(`SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3
        AND rowid NOT IN (SELECT rowid FROM titles WHERE titles MATCH ?1 AND rowid BETWEEN ?2 AND ?3)
        ORDER BY rowid DESC LIMIT ?4 OFFSET ?5`),
      hits: q(`SELECT rowid, subject_slug, slug, title, date, description FROM questions WHERE rowid IN (SELECT value FROM json_each(?))`),
      bodies: q('SELECT rowid, body FROM bodies WHERE rowid IN (SELECT value FROM json_each(?))'),
      summaries: q(`SELECT rowid, ${SUMMARY} FROM questions WHERE rowid IN (SELECT value FROM json_each(?))`),
      meta: q('SELECT value FROM meta WHERE key = ?'),
      // Topics (lib/content/topics.ts).
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
      tagged: q('SELECT 1 FROM keyword_questions WHERE keyword = ? AND day_rank = ? AND id = ? AND question = ?'),
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

  async subjects() {
    return this.subjectList;
  }

  async subject(slug: string) {
    return this.subjectBySlug.get(slug) ?? null;
  }

  async subjectPage(slug: string, page: number): Promise<SubjectPage | null> {
    const subject = this.subjectBySlug.get(slug);
    if (!subject || !Number.isInteger(page) || page < 1) return null;
    const pageCount = pageCountOf(subject.count);
    if (page > pageCount) return null;
    const rows = this.sql.listing.all(slug, PAGE_SIZE, (page - 1) * PAGE_SIZE) as SummaryRow[];
    return { subject, questions: rows.map(toSummary), page, pageCount };
  }

  async summary(url: string) {
    const parts = questionUrlParts(url);
    const row = parts && (this.sql.summary.get(...parts) as SummaryRow | undefined);
    return row ? toSummary(row) : null;
  }

  async question(url: string): Promise<Question | null> {
    const parts = questionUrlParts(url);
    const row = parts && (this.sql.question.get(...parts) as [...SummaryRow, Buffer] | undefined);
    if (!row) return null;
    const summary = toSummary(row.slice(0, 10) as SummaryRow);
    const { seoTitle, keywords, related, ...body } = unpackBody(row[10]);
    const topics = this.topicsOf(keywords);
    const wanted = related.map((l) => questionUrlParts(l.url)).filter((p) => p !== null);
    const targets = new Map((this.sql.targets.all(JSON.stringify(wanted)) as [string, string, string][]).map(([s, slug, title]) => [questionUrl(s, slug), title]));
    return {
      file: summary.file,
      id: summary.id,
      url: summary.url,
      subjectSlug: summary.subjectSlug,
      slug: summary.slug,
      title: summary.title,
      articleTitle: body.articleTitle,
      question: body.question,
      answer: body.answer,
      date: summary.date,
      dateFormat: body.dateFormat,
      postOnText: body.postOnText,
      author: body.author,
      seo: { title: seoTitle, description: summary.description, keywords },
      score: body.score,
      noIndex: summary.noIndex,
      subject: this.subjectBySlug.get(summary.subjectSlug)!,
      canonicalUrl: summary.canonicalUrl,
      pageTitle: summary.pageTitle,
      copies: (this.sql.copies.all(summary.id, summary.subjectSlug) as [string, string][]).map(([s, slug]) => questionUrl(s, slug)),
      related: related.map((link) => ({
        ...link,
        title: targets.get(link.url) ?? link.title,
        subjectName: this.subjectBySlug.get(link.subjectSlug)?.name ?? link.subjectName,
        exists: targets.has(link.url),
      })),
      keywords: keywords.map((keyword) => ({ keyword, topic: topics.get(topicKey(keyword)) ?? null })),
    };
  }

  /** Which of these keywords are topics, by key. */
  private topicsOf(keywords: string[]): Map<string, TopicRef> {
    return this.topicsOfKeys(keywords.map(topicKey));
  }

  private topicsOfKeys(keys: string[]): Map<string, TopicRef> {
    const rows = this.sql.topicsOfKeys.all(JSON.stringify([...new Set(keys)])) as [string, string, string, number][];
    return new Map(rows.map(([key, slug, name, count]) => [key, { slug, name, count }]));
  }

  async newest(count: number) {
    return (this.sql.newest.all(count) as SummaryRow[]).map(toSummary);
  }

  async neighbours(url: string, count: number) {
    const parts = questionUrlParts(url);
    const at = parts && (this.sql.position.get(...parts) as [string, number, string, string] | undefined);
    if (!at) return [];
    const after = this.sql.after.all(...at, count) as SummaryRow[];
    // Past the end of the listing, wrap around to its start.
    const before = after.length < count ? (this.sql.before.all(...at, count - after.length) as SummaryRow[]) : [];
    return [...after, ...before].map(toSummary);
  }

  async prerendered(perSubject: number, limit: number) {
    const first: QuestionSummary[] = [];
    for (const s of this.subjectList) {
      first.push(...(this.sql.listing.all(s.slug, perSubject, 0) as SummaryRow[]).map(toSummary));
    }
    const newestFirst = (a: QuestionSummary, b: QuestionSummary) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
    first.sort(newestFirst);
    if (first.length >= limit) return first.slice(0, limit);
    const taken = new Set(first.map((q) => q.url));
    const rest = (this.sql.allNewest.all(limit + first.length) as SummaryRow[]).map(toSummary).filter((q) => !taken.has(q.url));
    return [...first, ...rest].slice(0, limit);
  }

  async sitemapQuestionCount() {
    return (this.sql.sitemapCount.get() as [number])[0];
  }

  async sitemapQuestions(offset: number, limit: number): Promise<SitemapQuestion[]> {
    return (this.sql.sitemap.all(limit, offset) as [string, string, string][]).map(([subject, slug, date]) => ({ url: questionUrl(subject, slug), date }));
  }

  /**
   * Every word must match; failing that, all words but one. The work is bounded whatever the
   * corpus (SearchLimits): matches are counted up to countCap; when there are at most rankAll of
   * them they are ranked by BM25 (title and question above keywords and description, above the
   * answer); otherwise the questions whose title, question or keywords hold every word come first
   * (ranked when they are at most rankAll, else newest first), then the rest, newest first.
   */
  async search({ terms, prefix, subject: subjectSlug, page }: SearchRequest): Promise<SearchResults> {
    const subject = subjectSlug ? this.subjectBySlug.get(subjectSlug) ?? null : null;
    const none: SearchResults = { terms, matched: 'all', total: 0, more: false, page, pageCount: 0, hits: [], subjects: [], subject, suggestion: null };
    if (terms.length === 0) return none;

    // The last word may be the start of a longer one: when it is not a word of the vocabulary
    // itself but starts one (matching every word that starts "cultural…" costs in proportion to
    // the corpus, so only where it can help). A word the index does not know may be a typo: look
    // for a known word one edit away.
    const known = new Map(this.sql.words.all(JSON.stringify(terms)) as [string, number][]);
    const lastWord = terms[terms.length - 1]!;
    const typing = prefix && lastWord.length >= 3 && !known.has(lastWord) && this.sql.wordWithPrefix.get(lastWord) !== undefined;
    const corrections = this.corrections(terms, known, typing);
    const last = terms.length - 1;
    const alternatives = terms.map((term, i) => {
      const forms = [typing && i === last ? `${quoted(term)}*` : quoted(term)];
      const correction = corrections.get(term);
      if (correction) forms.push(quoted(correction));
      return forms.length > 1 ? `(${forms.join(' OR ')})` : forms[0]!;
    });
    const levels: [SearchResults['matched'], string][] = [['all', alternatives.join(' AND ')]];
    if (terms.length >= 3) levels.push(['most', alternatives.map((_, skip) => `(${alternatives.filter((_, i) => i !== skip).join(' AND ')})`).join(' OR ')]);
    const suggestion = corrections.size > 0 ? terms.map((t) => corrections.get(t) ?? t).join(' ') : null;

    for (const [matched, expression] of levels) {
      const subjects = this.facets(expression);
      if (subjects.length === 0) continue;
      const range = subject ? this.rangeOf(subject.slug) : ALL_ROWS;
      const counted = (this.sql.count.get(expression, ...range, this.limits.countCap + 1) as [number])[0];
      const total = Math.min(counted, this.limits.countCap);
      const pageCount = Math.ceil(total / SEARCH_PAGE_SIZE);
      const rowids = page <= pageCount ? this.pageOf(expression, range, total, (page - 1) * SEARCH_PAGE_SIZE) : [];
      const rows = new Map((this.sql.hits.all(JSON.stringify(rowids)) as [number, string, string, string, string, string][]).map((r) => [r[0], r]));
      const snippetTerms = [...terms, ...corrections.values()];
      const bodies = new Map((this.sql.bodies.all(JSON.stringify(rowids)) as [number, Buffer][]).map(([rowid, body]) => [rowid, unpackBody(body)]));
      const topics = this.topicsOf([...bodies.values()].flatMap((b) => b.keywords));
      const hits = rowids.map((rowid): SearchHit => {
        const [, subjectSlug, slug, title, date, description] = rows.get(rowid)!;
        const body = bodies.get(rowid)!;
        const hitTopics = [...new Set(body.keywords.map((k) => topics.get(topicKey(k))).filter((t) => t !== undefined))];
        return {
          url: questionUrl(subjectSlug, slug),
          title,
          subject: this.subjectBySlug.get(subjectSlug)!,
          date,
          snippet:
            snippetOf(description, snippetTerms, prefix) ??
            answerSnippet(body.answer, snippetTerms, prefix) ??
            leadOf(description),
          topics: hitTopics.slice(0, 5),
        };
      });
      return { terms, matched, total, more: counted > this.limits.countCap, page, pageCount, hits, subjects, subject, suggestion };
    }
    return { ...none, suggestion };
  }

  async topicIndex(page: number): Promise<TopicIndexPage | null> {
    const total = (this.sql.topicCount.get() as [number])[0];
    const pageCount = Math.max(1, Math.ceil(total / TOPICS_PER_PAGE));
    if (!Number.isInteger(page) || page < 1 || page > pageCount) return null;
    const topics = (this.sql.topicIndex.all(TOPICS_PER_PAGE, (page - 1) * TOPICS_PER_PAGE) as [string, string, number, string][]).map(
      ([slug, name, count, key]) => ({ slug, name, count, letter: letterOf(key) }),
    );
    const firsts = JSON.parse((this.sql.meta.get('topic_letters') as [string] | undefined)?.[0] ?? '[]') as [string, number][];
    return { topics, total, page, pageCount, letters: firsts.map(([letter, position]) => ({ letter, page: Math.floor(position / TOPICS_PER_PAGE) + 1 })) };
  }

  async topicPage(slug: string, page: number, subjectSlug: string | null): Promise<TopicPage | null> {
    const row = this.sql.topic.get(slug) as [number, string, string, number] | undefined;
    if (!row || !Number.isInteger(page) || page < 1) return null;
    const [id, , name, count] = row;
    const subjects = (this.sql.topicSubjects.all(id) as [number, number][])
      .map(([subjectId, matches]) => ({ ...this.subjectBySlug.get(this.subjectSlugs.get(subjectId)!)!, matches }))
      .sort((a, b) => b.matches - a.matches || this.subjectList.indexOf(a) - this.subjectList.indexOf(b));
    const subject = subjectSlug === null ? null : subjects.find((s) => s.slug === subjectSlug);
    if (subject === undefined) return null;
    const pageCount = pageCountOf(subject ? subject.matches : count);
    if (page > pageCount) return null;
    const range = subject ? this.rangeOf(subject.slug) : ALL_ROWS;
    const questions = (this.sql.topicListing.all(id, ...range, PAGE_SIZE, (page - 1) * PAGE_SIZE) as SummaryRow[]).map(toSummary);
    const { matches: _, ...plain } = subject ?? { matches: 0 };
    return { topic: { slug, name, count }, subjects, subject: subject ? (plain as Subject) : null, questions, page, pageCount };
  }

  async relatedTopics(slug: string, count: number): Promise<TopicRef[]> {
    const row = this.sql.topic.get(slug) as [number, string, string, number] | undefined;
    if (!row) return [];
    const rowids = (this.sql.topicRows.all(row[0], RELATED_SAMPLE) as [number, number][]).map(([rowid]) => rowid);
    const keywords = (this.sql.bodies.all(JSON.stringify(rowids)) as [number, Buffer][]).map(([, body]) => [...new Set(unpackBody(body).keywords.map(topicKey))]);
    const topics = this.topicsOfKeys(keywords.flat());
    const shared = new Map<string, number>();
    for (const keys of keywords) for (const key of keys) if (topics.get(key) && topics.get(key)!.slug !== slug) shared.set(key, (shared.get(key) ?? 0) + 1);
    return [...shared]
      .sort(([a, m], [b, n]) => n - m || topics.get(b)!.count - topics.get(a)!.count || (a < b ? -1 : 1))
      .slice(0, count)
      .map(([key]) => topics.get(key)!);
  }

  /**
   * Canonical questions sharing the most of these topics, then those whose shared topics are
   * rarer (the smaller their sizes' sum), then the newest. Bounded: a topic's questions are read
   * up to TOPIC_SCAN; larger topics are only checked against the candidates the smaller ones gave.
   */
  async moreOnTopics(question: { id: number; topicSlugs: string[] }, count: number, exclude: string[]): Promise<QuestionSummary[]> {
    const topics = (this.sql.topicsOfSlugs.all(JSON.stringify(question.topicSlugs)) as [number, number][]).sort((a, b) => a[1] - b[1]);
    if (topics.length === 0) return [];
    const candidates = new Map<number, { rowid: number; dayRank: number; shared: number; sizes: number }>();
    const small = topics.filter(([, size]) => size <= TOPIC_SCAN);
    for (const [topic, size] of small.length > 0 ? small : topics.slice(0, 1)) {
      for (const [rowid, dayRank, id] of this.sql.topicRows.all(topic, TOPIC_SCAN) as [number, number, number][]) {
        if (id === question.id) continue;
        const c = candidates.get(id) ?? { rowid, dayRank, shared: 0, sizes: 0 };
        if (small.length > 0) {
          c.shared++;
          c.sizes += size;
        }
        candidates.set(id, c);
      }
    }
    for (const [topic, size] of topics.filter(([, s]) => s > TOPIC_SCAN)) {
      for (const [id, c] of candidates) {
        if (this.sql.tagged.get(topic, c.dayRank, id, c.rowid)) {
          c.shared++;
          c.sizes += size;
        }
      }
    }
    const best = [...candidates]
      .sort(([i, a], [j, b]) => b.shared - a.shared || a.sizes - b.sizes || a.dayRank - b.dayRank || i - j)
      .slice(0, count + exclude.length)
      .map(([, c]) => c.rowid);
    const rows = new Map((this.sql.summaries.all(JSON.stringify(best)) as [number, ...SummaryRow][]).map(([rowid, ...row]) => [rowid, toSummary(row)]));
    const excluded = new Set(exclude);
    return best.map((rowid) => rows.get(rowid)!).filter((q) => !excluded.has(q.url)).slice(0, count);
  }

  async feed(scope: FeedScope, count: number): Promise<FeedItem[] | null> {
    let rows: [...SummaryRow, Buffer][];
    if ('site' in scope) rows = this.sql.feedSite.all(count) as typeof rows;
    else if ('subject' in scope) {
      if (!this.subjectBySlug.has(scope.subject)) return null;
      rows = this.sql.feedSubject.all(scope.subject, count) as typeof rows;
    } else {
      const topic = this.sql.topic.get(scope.topic) as [number] | undefined;
      if (!topic) return null;
      rows = this.sql.feedTopic.all(topic[0], count) as typeof rows;
    }
    return rows.map((row) => {
      const summary = toSummary(row.slice(0, 10) as SummaryRow);
      const body = unpackBody(row[10]);
      return { summary, subjectName: this.subjectBySlug.get(summary.subjectSlug)!.name, question: body.question, answer: body.answer, author: body.author };
    });
  }

  async largestTopics(count: number) {
    return (this.sql.largestTopics.all(count) as [string, string, number][]).map(([slug, name, c]) => ({ slug, name, count: c }));
  }

  async sitemapTopicCount() {
    return (this.sql.topicCount.get() as [number])[0];
  }

  async sitemapTopics(offset: number, limit: number) {
    return (this.sql.sitemapTopics.all(limit, offset) as [string, number][]).map(([slug, rank]) => ({ slug, date: dayOf(rank) }));
  }

  /** The rowid range of a subject's questions: its id is their high 32 bits. */
  private rangeOf(slug: string): [number, number] {
    const id = this.subjectIds.get(slug) ?? 0;
    return [id * 2 ** 32, id * 2 ** 32 + 2 ** 32 - 1];
  }

  /**
   * Subjects with matches and how many, when there are at most facetCap matches in all; past
   * that, every subject, uncounted (counting them all would cost time in proportion to the corpus).
   */
  private facets(expression: string): SearchResults['subjects'] {
    const bySubjectId = this.sql.facets.all(expression, this.limits.facetCap + 1) as [number, number][];
    const counted = bySubjectId.reduce((n, [, count]) => n + count, 0);
    if (counted === 0) return [];
    if (counted > this.limits.facetCap) return this.subjectList.map((s) => ({ ...s, matches: null }));
    return bySubjectId
      .map(([id, matches]) => ({ ...this.subjectBySlug.get(this.subjectSlugs.get(id)!)!, matches }))
      .sort((a, b) => b.matches - a.matches || this.subjectList.indexOf(a) - this.subjectList.indexOf(b));
  }

  /** The rowids of one page of results (see search()). */
  private pageOf(expression: string, range: [number, number], total: number, offset: number): number[] {
    const rowids = (rows: unknown[]) => (rows as [number][]).map(([rowid]) => rowid);
    if (total <= this.limits.rankAll) return rowids(this.sql.ranked.all(expression, ...range, SEARCH_PAGE_SIZE, offset));
    const titled = (this.sql.countTitles.get(expression, ...range, this.limits.countCap + 1) as [number])[0];
    const first = rowids((titled <= this.limits.rankAll ? this.sql.rankedTitles : this.sql.latestTitles).all(expression, ...range, SEARCH_PAGE_SIZE, offset));
    if (first.length === SEARCH_PAGE_SIZE) return first;
    const skip = Math.max(0, offset - titled);
    return [...first, ...rowids(this.sql.latestOthers.all(expression, ...range, SEARCH_PAGE_SIZE - first.length, skip))];
  }

  /** For each word the index does not have, the most used known word one edit away. */
  private corrections(terms: string[], known: Map<string, number>, typing: boolean): Map<string, string> {
    const corrections = new Map<string, string>();
    terms.forEach((term, i) => {
      if (known.has(term) || term.length < 4 || /\d/.test(term) || (typing && i === terms.length - 1)) return;
      if (this.sql.matches.get(quoted(term))) return;
      const candidates = this.sql.words.all(JSON.stringify(oneEditAway(term))) as [string, number][];
      const best = candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (best) corrections.set(term, best[0]);
    });
    return corrections;
  }
}
