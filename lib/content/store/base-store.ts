import { keywordTopics, resolveRelated } from '../model/links';
import { PAGE_SIZE, pageCountOf, practiceSlice, type SubjectPage } from '../model/paging';
import { idf, RANKING, scoreOf, type QueryTerm } from '../search/ranking';
import { answerSnippet, baseForms, editDistance, editsAllowed, leadOf, oneEditAway, snippetOf, suggestionOf } from '../search/query';
import { backwards, stem } from '../search/search-text';
import { NO_SEARCH_STATS, unpackTermVector, type SearchStats, type TermVector } from '../search/term-vector';
import { letterOf, TOPICS_PER_PAGE, topicKey } from '../model/topics';
import { questionUrl, questionUrlParts, type Question, type QuestionSummary, type Subject, type TopicRef } from '../model/types';
import { unpackBody, type Body } from './body';
import { dayOf, toSummary, type Read, type SummaryRow } from './reads';
import {
  SEARCH_PAGE_SIZE,
  type ContentStore,
  type FeedItem,
  type FeedScope,
  type PracticeScope,
  type PracticeSet,
  type SearchHit,
  type SearchRequest,
  type SearchResults,
  type SitemapQuestion,
  type TopicIndexPage,
  type TopicPage,
} from './store';

// What the content stores share: how a question page, a search, a topic page and a feed are put
// together from reads written once (./reads.ts), which each database (sqlite-store.ts,
// pg-store.ts) runs in its dialect, and from the few it answers in its own SQL (full-text search,
// a subject's range of questions). Both stores therefore answer alike, and one test suite checks both.

/** What bounds the work of one search, whatever the size of the corpus. */
export interface SearchLimits {
  /** Rows of matches read in all to gather candidates (past it, the count is approximate). */
  candidates: number;
  /** At most this many candidates are ranked by their terms: the pages of results. */
  ranked: number;
}

export const SEARCH_LIMITS: SearchLimits = { candidates: 6_000, ranked: 100 };
/** A word still being typed is searched as this many of its likeliest completions. */
const COMPLETIONS = 3;
/** What a word held in a question's title, question or keywords adds to its weight as a candidate, again. */
const TITLE_BONUS = 1;
/** Even past the budget, a word gets this many candidates (so that any known word finds something). */
const MIN_CANDIDATES = 200;
/** A word is corrected when a spelling within reach is in this many times as many questions (or it is in none). */
const CORRECTION_RATIO = 100;
/** "More on this topic" reads at most this many of a topic's questions, and checks the rest one by one. */
const TOPIC_SCAN = 500;
/** Related topics are those of a topic's newest questions, this many. */
const RELATED_SAMPLE = 200;
/** Where the content may change under a running server: how long subjects and search statistics are kept. */
const SHARED_TTL_MS = 5_000;

/** A question's row in its database (SQLite's rowid, PostgreSQL's qid). */
type RowId = number;
/** A keyword's handle in its database (its id or its key). */
export type KeywordHandle = number | string;

/** A question a search may show: its row, its SQLite rowid in both stores (which breaks ties alike), its subject. */
export interface Candidate {
  row: RowId;
  order: number;
  subject: string;
  /** The rarity of the query's words it was found by (0 from the database): which candidates are ranked. */
  weight: number;
}

/** The columns of a search hit. */
interface HitRow {
  subjectSlug: string;
  slug: string;
  title: string;
  date: string;
  description: string;
}

interface Subjects {
  list: Subject[];
  bySlug: Map<string, Subject>;
}

export abstract class BaseStore implements ContentStore {
  abstract readonly fixed: boolean;
  protected readonly limits: SearchLimits;

  constructor(limits: Partial<SearchLimits> = {}) {
    this.limits = { ...SEARCH_LIMITS, ...limits };
  }

  // ── What each database implements ──────────────────────────────────────────────────────────

  /** The rows of a shared read (./reads.ts) in this database's dialect. */
  protected abstract read<T extends unknown[]>(read: Read, values?: unknown[]): Promise<T[]>;
  /** How many of a topic's questions each subject has. */
  protected abstract topicSubjects(topic: KeywordHandle): Promise<[subject: string, count: number][]>;
  /** The bounds of a subject's questions (every question's, for null), as DIALECTS.topicInSubject (reads.ts) compares them. */
  protected abstract subjectRange(subject: string | null): [unknown, unknown];
  /** How many searched questions hold each stem: anywhere, and in their title, question or keywords. */
  protected abstract stemCounts(stems: string[]): Promise<Map<string, [docs: number, titleDocs: number]>>;
  /**
   * Searched questions holding, for each group, any of its stems (in their title, question or
   * keywords only, when `titles`): the `limit` of them with the highest rowids, in any order.
   * `share` is the part of the searched questions expected to hold them (from the stems' counts).
   */
  protected abstract matching(groups: string[][], titles: boolean, subject: string | null, limit: number, share: number): Promise<Candidate[]>;

  // ── The reads, the same in every database ──────────────────────────────────────────────────

  /** Subjects are a few dozen rows that every page needs: kept (for good where the content is fixed). */
  private readonly subjectIndex = this.kept(async (): Promise<Subjects> => {
    const rows = await this.read<[string, string, number]>('subjects');
    const list = rows.map(([slug, name, count]) => ({ slug, name, count }));
    return { list, bySlug: new Map(list.map((s) => [s.slug, s])) };
  });

  protected readonly searchStats = this.kept(async (): Promise<SearchStats> => {
    const value = await this.metaValue('search_stats');
    return value ? (JSON.parse(value) as SearchStats) : NO_SEARCH_STATS;
  });

  /** `load()`'s value, kept while the content is fixed, else for SHARED_TTL_MS; a failed load is not kept. */
  private kept<T>(load: () => Promise<T>): () => Promise<T> {
    let cached: { at: number; value: Promise<T> } | null = null;
    return () => {
      if (cached && (this.fixed || Date.now() - cached.at < SHARED_TTL_MS)) return cached.value;
      const value = load();
      const entry = { at: Date.now(), value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = null;
      });
      return value;
    };
  }

  private async metaValue(key: string) {
    return (await this.read<[string]>('meta', [key]))[0]?.[0] ?? null;
  }

  private async summaries(read: Read, values: unknown[]) {
    return (await this.read<SummaryRow>(read, values)).map(toSummary);
  }

  private async withBodies(read: Read, values: unknown[]) {
    const rows = await this.read<[...SummaryRow, Uint8Array]>(read, values);
    return rows.map((row) => ({ summary: toSummary(row.slice(0, 10) as SummaryRow), body: unpackBody(row[10]) }));
  }

  private async byRow<T extends unknown[], V>(read: Read, rows: RowId[], value: (row: T) => V): Promise<Map<RowId, V>> {
    if (rows.length === 0) return new Map();
    const found = await this.read<[RowId, ...T]>(read, [rows]);
    return new Map(found.map(([row, ...rest]) => [row, value(rest as unknown as T)]));
  }

  private async titlesOf(questions: [string, string][]) {
    if (questions.length === 0) return new Map<string, string>();
    const rows = await this.read<[string, string, string]>('titles', [JSON.stringify(questions)]);
    return new Map(rows.map(([s, slug, title]) => [questionUrl(s, slug), title]));
  }

  private async topicsByKeys(keys: string[]) {
    const rows = await this.read<[string, string, string, number]>('topicsOfKeys', [keys]);
    return new Map(rows.map(([key, slug, name, count]): [string, TopicRef] => [key, { slug, name, count }]));
  }

  private async topicBySlug(slug: string) {
    const [row] = await this.read<[KeywordHandle, string, number]>('topic', [slug]);
    return row ? { handle: row[0], topic: { slug, name: row[1], count: row[2] } } : null;
  }

  private topicRows(topic: KeywordHandle, limit: number) {
    return this.read<[RowId, number, number]>('topicRows', [topic, limit]);
  }

  /** Which of these questions a topic has: one read for them all. */
  private async taggedAmong(topic: KeywordHandle, questions: { row: RowId; dayRank: number; id: number }[]) {
    const ids = new Set((await this.read<[number]>('tagged', [topic, JSON.stringify(questions.map((q) => [q.dayRank, q.id]))])).map(([id]) => id));
    return new Set(questions.filter((q) => ids.has(q.id)).map((q) => q.row));
  }

  private bodiesOf(rows: RowId[]) {
    return this.byRow<[Uint8Array], Body>('bodies', rows, ([body]) => unpackBody(body));
  }

  private async topicCount() {
    return (await this.read<[number]>('topicCount'))[0]![0];
  }

  /** The vocabulary's words (titles, questions, keywords) among these, with how many questions use them. */
  private async knownWords(words: string[]) {
    return new Map(await this.read<[string, number]>('words', [words]));
  }

  /** The vocabulary's words starting with `prefix`, the most used first. */
  private async completions(prefix: string, count: number) {
    return (await this.read<[string]>('completions', [prefix, `${prefix}\u{10FFFF}`, count])).map(([word]) => word);
  }

  /**
   * The vocabulary's words within two letters of `word`'s length that start with its letter or
   * end with its last four (`fotosynthesis`: `photosynthesis`): where a long word's two slips
   * may have come from. Both are ranges of an index, whatever the size of the vocabulary.
   */
  private wordsNear(word: string) {
    const first = String.fromCodePoint(word.codePointAt(0)!);
    const next = String.fromCodePoint(word.codePointAt(0)! + 1);
    const ending = backwards(word).slice(0, 4);
    return this.read<[string, number]>('wordsNear', [first, next, word.length - 2, word.length + 2, ending, `${ending}\u{10FFFF}`]);
  }

  /** WordNet's related stems of those of these words it lists (../build/wordnet.ts), space-separated, by word. */
  private async relatedStems(words: string[]) {
    return new Map(await this.read<[string, string]>('related', [words]));
  }

  async newest(count: number) {
    return this.summaries('newest', [count]);
  }

  async sitemapQuestionCount() {
    return (await this.read<[number]>('sitemapCount'))[0]![0];
  }

  async sitemapQuestions(offset: number, limit: number): Promise<SitemapQuestion[]> {
    const rows = await this.read<[string, string, string]>('sitemap', [limit, offset]);
    return rows.map(([subject, slug, date]) => ({ url: questionUrl(subject, slug), date }));
  }

  async largestTopics(count: number) {
    const rows = await this.read<[string, string, number]>('largestTopics', [count]);
    return rows.map(([slug, name, c]) => ({ slug, name, count: c }));
  }

  async sitemapTopics(offset: number, limit: number) {
    const rows = await this.read<[string, number]>('sitemapTopics', [limit, offset]);
    return rows.map(([slug, rank]) => ({ slug, date: dayOf(rank) }));
  }

  // ── What the site asks (ContentStore), the same for every database ─────────────────────────

  async subjects() {
    return (await this.subjectIndex()).list;
  }

  async subject(slug: string) {
    return (await this.subjectIndex()).bySlug.get(slug) ?? null;
  }

  async subjectPage(slug: string, page: number): Promise<SubjectPage | null> {
    const subject = (await this.subjectIndex()).bySlug.get(slug);
    if (!subject || !Number.isInteger(page) || page < 1) return null;
    const pageCount = pageCountOf(subject.count);
    if (page > pageCount) return null;
    return { subject, questions: await this.summaries('listing', [slug, PAGE_SIZE, (page - 1) * PAGE_SIZE]), page, pageCount };
  }

  async summary(url: string) {
    const parts = questionUrlParts(url);
    if (!parts) return null;
    return (await this.summaries('summary', parts))[0] ?? null;
  }

  async question(url: string): Promise<Question | null> {
    const parts = questionUrlParts(url);
    const [row] = parts ? await this.withBodies('question', parts) : [];
    if (!row) return null;
    const { summary } = row;
    const { seoTitle, keywords, related, ...body } = row.body;
    const { bySlug } = await this.subjectIndex();
    const [topics, targets, copies] = await Promise.all([
      this.topicsByKeys([...new Set(keywords.map(topicKey))]),
      this.titlesOf(related.map((l) => questionUrlParts(l.url)).filter((p) => p !== null)),
      this.read<[string, string]>('copies', [summary.id, summary.subjectSlug]),
    ]);
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
      subject: bySlug.get(summary.subjectSlug)!,
      canonicalUrl: summary.canonicalUrl,
      pageTitle: summary.pageTitle,
      copies: copies.map(([s, slug]) => questionUrl(s, slug)),
      related: resolveRelated(
        related,
        (url) => targets.get(url),
        (slug) => bySlug.get(slug)?.name,
      ),
      keywords: keywordTopics(keywords, (key) => topics.get(key)),
    };
  }

  async neighbours(url: string, count: number) {
    const parts = questionUrlParts(url);
    if (!parts) return [];
    const after = await this.summaries('after', [...parts, count]);
    // Past the end of the listing, wrap around to its start.
    const before = after.length < count ? await this.summaries('before', [...parts, count - after.length]) : [];
    return [...after, ...before];
  }

  async prerendered(perSubject: number, limit: number) {
    const first: QuestionSummary[] = [];
    for (const s of await this.subjects()) first.push(...(await this.summaries('listing', [s.slug, perSubject, 0])));
    const newestFirst = (a: QuestionSummary, b: QuestionSummary) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
    first.sort(newestFirst);
    if (first.length >= limit) return first.slice(0, limit);
    const taken = new Set(first.map((q) => q.url));
    const rest = (await this.summaries('allNewest', [limit + first.length])).filter((q) => !taken.has(q.url));
    return [...first, ...rest].slice(0, limit);
  }

  /**
   * Any of the query's words, ranked (../ranking.ts). A misspelt word is searched as its likely
   * spelling; the last word, while it is being typed, as its likeliest completions. The work is
   * bounded whatever the corpus (SearchLimits): candidates are gathered from the rarer words
   * first, up to a budget of rows. A word too common to take whole is looked for in the title,
   * question and keywords of the questions already gathered (a walk of their rows, not of its
   * own) and, while they are few, of its newest questions; questions with every word there
   * join them. The heaviest by the words they hold (twice, in those fields) are ranked by their
   * terms, and those make the pages.
   */
  async search({ terms, prefix, subject: subjectSlug, page, exact = false }: SearchRequest): Promise<SearchResults> {
    const { list, bySlug } = await this.subjectIndex();
    const subject = subjectSlug ? (bySlug.get(subjectSlug) ?? null) : null;
    const none: SearchResults = { terms, total: 0, approximate: false, page, pageCount: 0, hits: [], subjects: [], subject, corrections: [], suggestion: null };
    if (terms.length === 0) return none;

    const last = terms.length - 1;
    const known = await this.knownWords(terms);
    const typed = prefix && terms[last]!.length >= 2 && !known.has(terms[last]!) ? await this.completions(terms[last]!, COMPLETIONS) : [];
    const found = await this.corrections(typed.length > 0 ? terms.slice(0, last) : terms, known);
    const corrections = exact ? new Map<string, string>() : found;
    const query: Omit<QueryTerm, 'docs'>[] = terms.map((term, i) => {
      if (i === last && typed.length > 0) return { stems: [...new Set([stem(term), ...typed.map(stem)])], weight: 1 };
      return { stems: [stem(corrections.get(term) ?? term)], weight: 1 };
    });
    // Each word's related words (WordNet), as one more term of small weight: they rank, not gather.
    const forms = terms.map((term) => baseForms(corrections.get(term) ?? term));
    const listed = await this.relatedStems([...new Set(forms.flat())]);
    forms.forEach((candidates, i) => {
      const form = candidates.find((f) => listed.has(f));
      const own = query[i]!.stems;
      const stems = form
        ? listed
            .get(form)!
            .split(' ')
            .filter((s) => !own.includes(s))
            .slice(0, RANKING.relatedStems)
        : [];
      if (stems.length > 0) query.push({ stems, weight: RANKING.relatedWeight, expansion: true });
    });
    const counts = await this.stemCounts([...new Set(query.flatMap((q) => q.stems))]);
    const queryTerms: QueryTerm[] = query
      .map((q) => ({ ...q, stems: q.expansion ? q.stems.filter((s) => counts.has(s)) : q.stems }))
      .filter((q) => q.stems.length > 0)
      .map((q) => ({ ...q, docs: Math.max(0, ...q.stems.map((s) => counts.get(s)?.[0] ?? 0)) }));
    const stats = await this.searchStats();

    // Candidates, rarer words first, within the budget of rows. A candidate's weight is the
    // rarity of the words it holds, and as much again for a common word in its title, question
    // or keywords (the fields that weigh most in ranking): the heaviest are ranked. (Crediting
    // rare words in those fields too, and looking for common words in the whole text, measured
    // no better on the query set and at 1,000,000 questions, and cost 6 ms a search at 100,000.)
    /** The words the questions are gathered by (not related words), and each one's rarity times its weight. */
    const words = queryTerms.filter((t) => t.docs > 0 && !t.expansion);
    const weights = new Map(words.map((t) => [t, t.weight * idf(t.docs, stats.count)]));
    const rarestFirst = [...words].sort((a, b) => a.docs - b.docs);
    /** Questions holding any of these stems (summed), in their whole text or their titles. */
    const docsOf = (stems: string[], titles: boolean) => stems.reduce((n, s) => n + (counts.get(s)?.[titles ? 1 : 0] ?? 0), 0);
    const titleDocsOf = (term: QueryTerm) => docsOf(term.stems, true);
    /** The store's read, told the share of questions expected to match (the groups taken as independent). */
    const matching = (groups: string[][], titles: boolean, filter: string | null, limit: number) => {
      const share = groups.reduce((p, stems) => p * Math.min(1, docsOf(stems, titles) / Math.max(1, stats.count)), 1);
      return this.matching(groups, titles, filter, limit, share);
    };
    const gather = async (filter: string | null) => {
      const candidates = new Map<RowId, Candidate>();
      let budget = this.limits.candidates;
      let approximate = false;
      /** Stems all of whose questions are candidates (a common word's: all holding it in a title, question or keywords). */
      const held: string[] = [];
      // Questions with every word in their title, question or keywords weigh all they can,
      // however common the words: found by a walk of the rarest word's rows, read while the
      // words are gathered one by one (it depends on none of them). So do, from three words,
      // those with every word but the rarest there: the rarest is the likeliest to be a slip the
      // vocabulary happens to hold, or a word of the student's own.
      const titlePasses = [words, rarestFirst.slice(1)]
        .filter((pass) => pass.length > 1)
        .map((passWords) => {
          const rows = matching(
            passWords.map((t) => t.stems),
            true,
            filter,
            this.limits.ranked,
          );
          rows.catch(() => {}); // awaited below, unless a read before it fails
          return { passWords, rows };
        });
      // The words taken whole, and the limits of their reads, follow from their counts: the
      // leading run of them is read at once (on PostgreSQL, in parallel). A read whose rows
      // disagree with the counts (a word still being typed, a subject) is cut to its turn's
      // limit, or done again in turn where it fell short of it.
      const ahead = new Map<QueryTerm, { limit: number; rows: Promise<Candidate[]> }>();
      let expected = budget;
      for (const term of rarestFirst) {
        if (term.docs > expected && titleDocsOf(term) > 0) break;
        const limit = Math.max(expected, MIN_CANDIDATES);
        const rows = matching([term.stems], false, filter, limit);
        rows.catch(() => {}); // awaited in its turn, unless a read before it fails
        ahead.set(term, { limit, rows });
        expected -= Math.min(term.docs, limit);
      }
      /** Which candidates hold a common word in their title, question or keywords, read ahead. */
      const checks = new Map<QueryTerm, Promise<Candidate[]>>();
      for (const [index, term] of rarestFirst.entries()) {
        const weight = weights.get(term)!;
        const holding = new Set<RowId>();
        const inTitle = new Set<RowId>();
        /** Rows holding the word (in a title, when `titles`): credited once each; new candidates only when `widen`. */
        const credit = (rows: Candidate[], titles: boolean, widen: boolean) => {
          for (const row of rows) {
            let c = candidates.get(row.row);
            if (!c) {
              if (!widen) continue;
              row.weight = 0;
              candidates.set(row.row, row);
              c = row;
            }
            if (!holding.has(row.row)) {
              holding.add(row.row);
              c.weight += weight;
            }
            if (titles && !inTitle.has(row.row)) {
              inTitle.add(row.row);
              c.weight += weight * TITLE_BONUS;
            }
          }
        };
        const limit = Math.max(budget, MIN_CANDIDATES);
        if (term.docs <= budget || titleDocsOf(term) === 0) {
          const early = ahead.get(term);
          let rows = early ? await early.rows : [];
          if (rows.length > limit) rows = rows.sort((a, b) => b.order - a.order).slice(0, limit);
          else if (!early || (rows.length === early.limit && early.limit < limit)) rows = await matching([term.stems], false, filter, limit);
          if (rows.length < limit) held.push(...term.stems);
          else approximate = true;
          budget -= rows.length;
          credit(rows, false, true);
          continue;
        }
        // Too common to take whole. Which candidates hold it in their title, question or
        // keywords: a walk of the rows of the rarer words, not of this one's. Then, within the
        // budget, the newest questions holding it there.
        approximate = true;
        // Across subjects, the newest are read only while the candidates are fewer than are
        // ranked: past that they changed no hit on the query set or at 36,000 and 1,000,000
        // questions (one in 500 at 100,000), and on PostgreSQL they were half of a search's time
        // (every question holding the word was read and sorted to find the newest). Within a
        // subject they still count towards its "About N".
        const newest = !(budget <= 0 && candidates.size > 0) && !(filter === null && candidates.size >= this.limits.ranked);
        if (held.length > 0) {
          // Where no newest are read, neither the candidates nor `held` change until the next
          // word taken whole: the checks of the common words up to it are read at once.
          if (!newest && !checks.has(term)) {
            for (const next of rarestFirst.slice(index)) {
              if (titleDocsOf(next) === 0) break;
              checks.set(next, matching([next.stems, held], true, filter, candidates.size));
              checks.get(next)!.catch(() => {}); // awaited in its turn, unless a read before it fails
            }
          }
          credit(await (checks.get(term) ?? matching([term.stems, held], true, filter, candidates.size)), true, false);
        }
        if (!newest) continue;
        const rows = await matching([term.stems], true, filter, limit);
        if (rows.length < limit) held.push(...term.stems);
        budget -= rows.length;
        credit(rows, true, true);
      }
      for (const { passWords, rows } of titlePasses) {
        const weight = (1 + TITLE_BONUS) * passWords.reduce((sum, t) => sum + weights.get(t)!, 0);
        for (const row of await rows) {
          const c = candidates.get(row.row);
          if (c) c.weight = Math.max(c.weight, weight);
          else {
            row.weight = weight;
            candidates.set(row.row, row);
          }
        }
      }
      return { candidates: [...candidates.values()], approximate };
    };
    let { candidates, approximate } = await gather(null);
    const atLeast = Math.max(candidates.length, ...queryTerms.filter((t) => !t.expansion).map((t) => t.docs));
    const bySubject = new Map<string, number>();
    for (const c of candidates) bySubject.set(c.subject, (bySubject.get(c.subject) ?? 0) + 1);
    const subjects = [...bySubject]
      .map(([slug, matches]) => ({ ...bySlug.get(slug)!, matches: approximate ? null : matches }))
      .sort((a, b) => (b.matches ?? 0) - (a.matches ?? 0) || list.findIndex((s) => s.slug === a.slug) - list.findIndex((s) => s.slug === b.slug));
    if (subject) {
      if (approximate) ({ candidates } = await gather(subject.slug));
      else candidates = candidates.filter((c) => c.subject === subject.slug);
    }
    const total = subject && !approximate ? (bySubject.get(subject.slug) ?? 0) : subject ? candidates.length : atLeast;
    if (candidates.length === 0) return { ...none, subjects, suggestion: exact ? suggestionOf(terms, found) : null };

    // The best by the words they hold, ranked by their terms.
    const best = heaviest(candidates, this.limits.ranked);
    const vectors = await this.byRow<[Uint8Array], TermVector>(
      'termVectors',
      best.map((c) => c.row),
      ([data]) => unpackTermVector(data),
    );
    const ranked = best
      .map((c) => ({ c, score: scoreOf(vectors.get(c.row)!, queryTerms, stats) }))
      .sort((a, b) => b.score - a.score || b.c.order - a.c.order)
      .map(({ c }) => c.row);
    const pageCount = Math.ceil(ranked.length / SEARCH_PAGE_SIZE);
    const rows = ranked.slice((page - 1) * SEARCH_PAGE_SIZE, page * SEARCH_PAGE_SIZE);
    const snippetTerms = [...terms, ...corrections.values(), ...typed];
    const [hitRows, bodies] = await Promise.all([
      this.byRow<[string, string, string, string, string], HitRow>('hits', rows, ([subjectSlug, slug, title, date, description]) => ({
        subjectSlug,
        slug,
        title,
        date,
        description,
      })),
      this.bodiesOf(rows),
    ]);
    const topics = await this.topicsByKeys([...new Set([...bodies.values()].flatMap((b) => b.keywords.map(topicKey)))]);
    const hits = rows.map((row): SearchHit => {
      const { subjectSlug, slug, title, date, description } = hitRows.get(row)!;
      const body = bodies.get(row)!;
      const hitTopics = [...new Set(body.keywords.map((k) => topics.get(topicKey(k))).filter((t) => t !== undefined))];
      return {
        url: questionUrl(subjectSlug, slug),
        title,
        subject: bySlug.get(subjectSlug)!,
        date,
        snippet: snippetOf(description, snippetTerms, prefix) ?? answerSnippet(body.answer, snippetTerms, prefix) ?? leadOf(description),
        topics: hitTopics.slice(0, 5),
      };
    });
    return {
      terms,
      total: Math.max(total, ranked.length),
      approximate,
      page,
      pageCount,
      hits,
      subjects,
      subject,
      corrections: [...corrections],
      suggestion: exact ? suggestionOf(terms, found) : null,
    };
  }

  async topicIndex(page: number): Promise<TopicIndexPage | null> {
    const total = await this.topicCount();
    const pageCount = Math.max(1, Math.ceil(total / TOPICS_PER_PAGE));
    if (!Number.isInteger(page) || page < 1 || page > pageCount) return null;
    const rows = await this.read<[string, string, number, string]>('topicIndex', [TOPICS_PER_PAGE, (page - 1) * TOPICS_PER_PAGE]);
    const topics = rows.map(([slug, name, count, key]) => ({ slug, name, count, letter: letterOf(key) }));
    const letters = (JSON.parse((await this.metaValue('topic_letters')) ?? '[]') as [string, number][]).map(([letter, position]) => ({
      letter,
      page: Math.floor(position / TOPICS_PER_PAGE) + 1,
    }));
    return { topics, total, page, pageCount, letters };
  }

  async topicPage(slug: string, page: number, subjectSlug: string | null): Promise<TopicPage | null> {
    const found = await this.topicBySlug(slug);
    if (!found || !Number.isInteger(page) || page < 1) return null;
    const { list, bySlug } = await this.subjectIndex();
    const subjects = (await this.topicSubjects(found.handle))
      .map(([s, matches]) => ({ ...bySlug.get(s)!, matches }))
      .sort((a, b) => b.matches - a.matches || list.findIndex((s) => s.slug === a.slug) - list.findIndex((s) => s.slug === b.slug));
    const subject = subjectSlug === null ? null : subjects.find((s) => s.slug === subjectSlug);
    if (subject === undefined) return null;
    const pageCount = pageCountOf(subject ? subject.matches : found.topic.count);
    if (page > pageCount) return null;
    const questions = await this.summaries('topicListing', [found.handle, ...this.subjectRange(subject?.slug ?? null), PAGE_SIZE, (page - 1) * PAGE_SIZE]);
    const { matches: _, ...plain } = subject ?? { matches: 0 };
    return { topic: found.topic, subjects, subject: subject ? (plain as Subject) : null, questions, page, pageCount };
  }

  async relatedTopics(slug: string, count: number): Promise<TopicRef[]> {
    const found = await this.topicBySlug(slug);
    if (!found) return [];
    const rows = (await this.topicRows(found.handle, RELATED_SAMPLE)).map(([row]) => row);
    const keywords = [...(await this.bodiesOf(rows)).values()].map((body) => [...new Set(body.keywords.map(topicKey))]);
    const topics = await this.topicsByKeys([...new Set(keywords.flat())]);
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
    const topics = (await this.read<[KeywordHandle, number]>('topicsOfSlugs', [question.topicSlugs])).sort((a, b) => a[1] - b[1]);
    if (topics.length === 0) return [];
    const candidates = new Map<number, { row: RowId; dayRank: number; shared: number; sizes: number }>();
    const small = topics.filter(([, size]) => size <= TOPIC_SCAN);
    for (const [topic, size] of small.length > 0 ? small : topics.slice(0, 1)) {
      for (const [row, dayRank, id] of await this.topicRows(topic, TOPIC_SCAN)) {
        if (id === question.id) continue;
        const c = candidates.get(id) ?? { row, dayRank, shared: 0, sizes: 0 };
        if (small.length > 0) {
          c.shared++;
          c.sizes += size;
        }
        candidates.set(id, c);
      }
    }
    const checked = [...candidates].map(([id, c]) => ({ id, ...c }));
    for (const [topic, size] of topics.filter(([, s]) => s > TOPIC_SCAN)) {
      const tagged = await this.taggedAmong(topic, checked);
      for (const c of checked) {
        if (tagged.has(c.row)) {
          candidates.get(c.id)!.shared++;
          candidates.get(c.id)!.sizes += size;
        }
      }
    }
    const best = [...candidates]
      .sort(([i, a], [j, b]) => b.shared - a.shared || a.sizes - b.sizes || a.dayRank - b.dayRank || i - j)
      .slice(0, count + exclude.length)
      .map(([, c]) => c.row);
    const summaries = await this.byRow<SummaryRow, QuestionSummary>('summaries', best, toSummary);
    const excluded = new Set(exclude);
    return best
      .map((row) => summaries.get(row)!)
      .filter((q) => !excluded.has(q.url))
      .slice(0, count);
  }

  async feed(scope: FeedScope, count: number): Promise<FeedItem[] | null> {
    const { bySlug } = await this.subjectIndex();
    let rows;
    if ('site' in scope) rows = await this.withBodies('feedSite', [count]);
    else if ('subject' in scope) {
      if (!bySlug.has(scope.subject)) return null;
      rows = await this.withBodies('feedSubject', [scope.subject, count]);
    } else {
      const topic = await this.topicBySlug(scope.topic);
      if (!topic) return null;
      rows = await this.withBodies('feedTopic', [topic.handle, count]);
    }
    return rows.map(({ summary, body }) => ({
      summary,
      subjectName: bySlug.get(summary.subjectSlug)!.name,
      question: body.question,
      answer: body.answer,
      author: body.author,
    }));
  }

  async practiceSet(scope: PracticeScope, set: number): Promise<PracticeSet | null> {
    const { bySlug } = await this.subjectIndex();
    let source: { name: string; total: number; read: Read; key: unknown } | null = null;
    if ('subject' in scope) {
      const subject = bySlug.get(scope.subject);
      if (subject) source = { name: subject.name, total: subject.count, read: 'practiceSubject', key: subject.slug };
    } else {
      const found = await this.topicBySlug(scope.topic);
      if (found) source = { name: found.topic.name, total: found.topic.count, read: 'practiceTopic', key: found.handle };
    }
    const slice = source && practiceSlice(source.total, set);
    if (!source || !slice) return null;
    const rows = slice.limit === 0 ? [] : await this.withBodies(source.read, [source.key, slice.limit, slice.offset]);
    const cards = rows.reverse().map(({ summary, body }) => ({
      summary,
      subjectName: bySlug.get(summary.subjectSlug)!.name,
      question: body.question,
      answer: body.answer,
    }));
    return { scope, name: source.name, set, setCount: slice.setCount, total: source.total, cards };
  }

  async sitemapTopicCount() {
    return this.topicCount();
  }

  /**
   * For each word that is likely misspelt, its likely spelling: a word of the vocabulary (titles,
   * questions, keywords) up to editsAllowed() away, the nearest, then the most used. Taken when
   * the word is in no question, or when it is not a word of the vocabulary (at most one title
   * uses it) and the spelling is in CORRECTION_RATIO times as many questions. Below 9 letters
   * the first letter stays (`fuses` is not `uses`, nor `savant` `avant`).
   */
  private async corrections(terms: string[], known: Map<string, number>): Promise<Map<string, string>> {
    const corrections = new Map<string, string>();
    for (const term of terms) {
      const edits = editsAllowed(term);
      if (edits === 0 || /\d/.test(term) || (known.get(term) ?? 0) >= 2) continue;
      const near = new Map(await this.knownWords(oneEditAway(term)));
      if (edits === 2) for (const [word, docs] of await this.wordsNear(term)) if (editDistance(term, word, 2) <= 2) near.set(word, docs);
      if (edits === 1) for (const word of near.keys()) if (word[0] !== term[0]) near.delete(word);
      if (near.size === 0) continue;
      const counts = await this.stemCounts([...new Set([stem(term), ...[...near.keys()].map(stem)])]);
      const own = counts.get(stem(term))?.[0] ?? 0;
      const [best] = [...near.keys()]
        .map((word) => ({ word, distance: editDistance(term, word, edits), docs: counts.get(stem(word))?.[0] ?? 0 }))
        .filter((c) => c.docs > 0 && stem(c.word) !== stem(term) && c.docs >= Math.max(1, own * CORRECTION_RATIO))
        .sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.word < b.word ? -1 : 1));
      if (best) corrections.set(term, best.word);
    }
    return corrections;
  }
}

/**
 * The `count` candidates of most weight, the newest first among equals: what sorting them all by
 * `b.weight - a.weight || b.order - a.order` would give, without sorting the thousands below
 * (numbers sort natively; orders are unique).
 */
export function heaviest(candidates: Candidate[], count: number): Candidate[] {
  const newest = (a: Candidate, b: Candidate) => b.order - a.order;
  if (candidates.length <= count) return candidates.sort((a, b) => b.weight - a.weight || newest(a, b));
  const least = Float64Array.from(candidates, (c) => c.weight).sort()[candidates.length - count]!;
  const above = candidates.filter((c) => c.weight > least).sort((a, b) => b.weight - a.weight || newest(a, b));
  let ties = candidates.filter((c) => c.weight === least);
  const wanted = count - above.length;
  if (ties.length > wanted) {
    const oldest = Float64Array.from(ties, (c) => c.order).sort()[ties.length - wanted]!;
    ties = ties.filter((c) => c.order >= oldest);
  }
  return [...above, ...ties.sort(newest)];
}
