import { PAGE_SIZE, pageCountOf, type SubjectPage } from '../content-index';
import { answerSnippet, leadOf, oneEditAway, snippetOf } from '../search';
import { letterOf, TOPICS_PER_PAGE, topicKey } from '../topics';
import { questionUrl, questionUrlParts, type Question, type QuestionSummary, type Subject, type TopicRef } from '../types';
import type { Body } from './body';
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

// What the content stores share: how a question page, a search, a topic page and a feed are put
// together from a few primitive reads, which each database (sqlite-store.ts, pg-store.ts)
// implements in its own SQL. Both stores therefore answer alike, and one test suite checks both.

/** What bounds the work of one search, whatever the size of the corpus. */
export interface SearchLimits {
  /** Matches are counted up to this many (a page of results says "more than" past it). */
  countCap: number;
  /** At most this many matches are ranked in one query. */
  rankAll: number;
  /**
   * The subject filter's counts, when there are at most this many matches in all (as many as
   * are counted: past them the page says "more than", and counts of a part would mislead).
   */
  facetCap: number;
}

export const SEARCH_LIMITS: SearchLimits = { countCap: 10_000, rankAll: 3_000, facetCap: 10_000 };
/** "More on this topic" reads at most this many of a topic's questions, and checks the rest one by one. */
const TOPIC_SCAN = 500;
/** Related topics are those of a topic's newest questions, this many. */
const RELATED_SAMPLE = 200;

/** The columns of a question's summary, the same in both databases' `questions` table. */
export const SUMMARY = 'id, subject_slug, slug, title, description, date, no_index, canonical_url, page_title, file';
/** The same columns, of `questions q` in a join. */
export const SUMMARY_Q = SUMMARY.split(', ').map((c) => `q.${c}`).join(', ');
/** A listing's order: newest first, then by title, then by url. */
export const LISTED = 'day_rank, title, slug';
export type SummaryRow = [number, string, string, string, string, string, number | boolean, string | null, string | null, string | null];

/** A row of the summary columns (no_index is SQLite's 0/1 or PostgreSQL's boolean) as a QuestionSummary. */
export function toSummary([id, subjectSlug, slug, title, description, date, noIndex, canonicalUrl, pageTitle, file]: SummaryRow): QuestionSummary {
  const url = questionUrl(subjectSlug, slug);
  return { id, url, subjectSlug, slug, title, description, date, noIndex: noIndex === 1 || noIndex === true, canonicalUrl: canonicalUrl ?? url, pageTitle: pageTitle ?? title, file: file ?? `${subjectSlug}/${slug}.md` };
}

/** A day_rank (see schema.ts) back to its day. */
export const dayOf = (rank: number) => String(99_999_999 - rank).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');

/** How one page of matches is ordered: best first, or (the title matches, or the rest) newest first. */
export type MatchOrder = 'ranked' | 'ranked titles' | 'latest titles' | 'latest others';

/** A question's row in its database (SQLite's rowid, PostgreSQL's qid). */
export type RowId = number;
/** A keyword's handle in its database (its id or its key). */
export type KeywordHandle = number | string;
/** A match expression, in the database's own query language, built from words by the store. */
export type Expression = string;

/** The columns of a search hit. */
export interface HitRow {
  subjectSlug: string;
  slug: string;
  title: string;
  date: string;
  description: string;
}

export interface Subjects {
  list: Subject[];
  bySlug: Map<string, Subject>;
}

export abstract class BaseStore implements ContentStore {
  protected readonly limits: SearchLimits;

  constructor(limits: Partial<SearchLimits> = {}) {
    this.limits = { ...SEARCH_LIMITS, ...limits };
  }

  // ── What each database implements ──────────────────────────────────────────────────────────

  protected abstract subjectIndex(): Promise<Subjects>;
  /** A subject's questions in listing order (newest first, then title, then url). */
  protected abstract listing(subject: string, limit: number, offset: number): Promise<QuestionSummary[]>;
  /** The newest questions of every subject, canonical or not. */
  protected abstract allNewest(limit: number): Promise<QuestionSummary[]>;
  protected abstract summaryOf(subject: string, slug: string): Promise<QuestionSummary | null>;
  protected abstract questionOf(subject: string, slug: string): Promise<{ summary: QuestionSummary; body: Body } | null>;
  /** The urls of the other subjects' copies of question `id`. */
  protected abstract copiesOf(id: number, subject: string): Promise<string[]>;
  /** The titles of those of these questions that exist, by url. */
  protected abstract titlesOf(questions: [subject: string, slug: string][]): Promise<Map<string, string>>;
  /** Up to `count` questions listed after (or before) this one in its subject; none for a question that does not exist. */
  protected abstract listedNextTo(subject: string, slug: string, count: number, direction: 'after' | 'before'): Promise<QuestionSummary[]>;

  /** The keys of `keys` that are topics, with their topics. */
  protected abstract topicsByKeys(keys: string[]): Promise<Map<string, TopicRef>>;
  protected abstract topicBySlug(slug: string): Promise<{ handle: KeywordHandle; topic: TopicRef } | null>;
  /** Topics by slug, with their handles and sizes. */
  protected abstract topicsBySlugs(slugs: string[]): Promise<[KeywordHandle, number][]>;
  protected abstract topicCount(): Promise<number>;
  protected abstract topicIndexRows(limit: number, offset: number): Promise<(TopicRef & { key: string })[]>;
  protected abstract topicLetters(): Promise<[letter: string, position: number][]>;
  /** How many of a topic's questions each subject has. */
  protected abstract topicSubjects(topic: KeywordHandle): Promise<[subject: string, count: number][]>;
  protected abstract topicListing(topic: KeywordHandle, subject: string | null, limit: number, offset: number): Promise<QuestionSummary[]>;
  /** A topic's newest questions: their rows, days (as day_rank) and question ids. */
  protected abstract topicRows(topic: KeywordHandle, limit: number): Promise<[RowId, number, number][]>;
  /** Which of these questions (rows, with their days and ids) a topic has: one read for them all. */
  protected abstract taggedAmong(topic: KeywordHandle, questions: { row: RowId; dayRank: number; id: number }[]): Promise<Set<RowId>>;
  protected abstract summariesOf(rows: RowId[]): Promise<Map<RowId, QuestionSummary>>;
  protected abstract bodiesOf(rows: RowId[]): Promise<Map<RowId, Body>>;
  protected abstract feedRows(scope: { site: true } | { subject: string } | { topic: KeywordHandle }, count: number): Promise<{ summary: QuestionSummary; body: Body }[]>;

  /** The match expression for one word (as the start of a word when `prefix`). */
  protected abstract word(term: string, prefix: boolean): Expression;
  protected abstract anyOf(expressions: Expression[]): Expression;
  protected abstract allOf(expressions: Expression[]): Expression;
  /** Which of these words the vocabulary has, with how many questions use them. */
  protected abstract knownWords(words: string[]): Promise<Map<string, number>>;
  protected abstract hasWordStartingWith(prefix: string): Promise<boolean>;
  /** Whether any question matches (a word may be in answers only, not in the vocabulary). */
  protected abstract anyMatch(expression: Expression): Promise<boolean>;
  /** The vocabulary's word to suggest for a misspelt `term` that is not one edit from a known word, if any. */
  protected abstract nearWord(term: string): Promise<string | null>;
  /** Matches per subject, counting at most `cap` matches in all. */
  protected abstract facetCounts(expression: Expression, cap: number): Promise<[subject: string, count: number][]>;
  protected abstract countMatches(expression: Expression, subject: string | null, cap: number, titlesOnly: boolean): Promise<number>;
  /**
   * Numbers of questions certain to hold every word (each a list of alternative spellings),
   * anywhere and in their titles, known without counting them; 0 when unknown. A database whose
   * counting costs time in proportion to the matches says so for common words (PostgreSQL).
   * `prefix`: the last word is the start of a word.
   */
  protected async matchesAtLeast(_words: string[][], _prefix: boolean): Promise<{ anywhere: number; inTitles: number }> {
    return { anywhere: 0, inTitles: 0 };
  }
  /** Whether reads started together run at once (a pool of connections), not one after another. */
  protected readonly concurrentReads: boolean = false;
  /**
   * One page of matches: best first, or (titles only, or the rest) newest first. `terms` are the
   * query's words (each with its alternatives) and how much each weighs, rarer ones more (for a
   * database whose ranking does not weigh words by rarity itself).
   */
  protected abstract matchPage(expression: Expression, subject: string | null, order: MatchOrder, limit: number, offset: number, terms: [Expression, number][]): Promise<RowId[]>;
  protected abstract hitRows(rows: RowId[]): Promise<Map<RowId, HitRow>>;

  abstract newest(count: number): Promise<QuestionSummary[]>;
  abstract sitemapQuestionCount(): Promise<number>;
  abstract sitemapQuestions(offset: number, limit: number): Promise<SitemapQuestion[]>;
  abstract largestTopics(count: number): Promise<TopicRef[]>;
  abstract sitemapTopics(offset: number, limit: number): Promise<{ slug: string; date: string }[]>;

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
    return { subject, questions: await this.listing(slug, PAGE_SIZE, (page - 1) * PAGE_SIZE), page, pageCount };
  }

  async summary(url: string) {
    const parts = questionUrlParts(url);
    return parts ? this.summaryOf(...parts) : null;
  }

  async question(url: string): Promise<Question | null> {
    const parts = questionUrlParts(url);
    const row = parts && (await this.questionOf(...parts));
    if (!row) return null;
    const { summary } = row;
    const { seoTitle, keywords, related, ...body } = row.body;
    const { bySlug } = await this.subjectIndex();
    const [topics, targets, copies] = await Promise.all([
      this.topicsByKeys([...new Set(keywords.map(topicKey))]),
      this.titlesOf(related.map((l) => questionUrlParts(l.url)).filter((p) => p !== null)),
      this.copiesOf(summary.id, summary.subjectSlug),
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
      copies,
      related: related.map((link) => ({
        ...link,
        title: targets.get(link.url) ?? link.title,
        subjectName: bySlug.get(link.subjectSlug)?.name ?? link.subjectName,
        exists: targets.has(link.url),
      })),
      keywords: keywords.map((keyword) => ({ keyword, topic: topics.get(topicKey(keyword)) ?? null })),
    };
  }

  async neighbours(url: string, count: number) {
    const parts = questionUrlParts(url);
    if (!parts) return [];
    const after = await this.listedNextTo(...parts, count, 'after');
    // Past the end of the listing, wrap around to its start.
    const before = after.length < count ? await this.listedNextTo(...parts, count - after.length, 'before') : [];
    return [...after, ...before];
  }

  async prerendered(perSubject: number, limit: number) {
    const first: QuestionSummary[] = [];
    for (const s of await this.subjects()) first.push(...(await this.listing(s.slug, perSubject, 0)));
    const newestFirst = (a: QuestionSummary, b: QuestionSummary) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
    first.sort(newestFirst);
    if (first.length >= limit) return first.slice(0, limit);
    const taken = new Set(first.map((q) => q.url));
    const rest = (await this.allNewest(limit + first.length)).filter((q) => !taken.has(q.url));
    return [...first, ...rest].slice(0, limit);
  }

  /**
   * Every word must match; failing that, all words but one. The work is bounded whatever the
   * corpus (SearchLimits): matches are counted up to countCap; when there are at most rankAll of
   * them they are ranked (title and question above keywords and description, above the answer);
   * otherwise the questions whose title, question or keywords hold every word come first
   * (ranked when they are at most rankAll, else newest first), then the rest, newest first.
   */
  async search({ terms, prefix, subject: subjectSlug, page }: SearchRequest): Promise<SearchResults> {
    const { bySlug } = await this.subjectIndex();
    const subject = subjectSlug ? bySlug.get(subjectSlug) ?? null : null;
    const none: SearchResults = { terms, matched: 'all', total: 0, more: false, page, pageCount: 0, hits: [], subjects: [], subject, suggestion: null };
    if (terms.length === 0) return none;

    // The last word may be the start of a longer one: when it is not a word of the vocabulary
    // itself but starts one (matching every word that starts "cultural…" costs in proportion to
    // the corpus, so only where it can help). A word the index does not know may be a typo: look
    // for a known word one edit away.
    const known = await this.knownWords(terms);
    const lastWord = terms[terms.length - 1]!;
    const typing = prefix && lastWord.length >= 3 && !known.has(lastWord) && (await this.hasWordStartingWith(lastWord));
    const corrections = await this.corrections(terms, known, typing);
    const last = terms.length - 1;
    const spellings = terms.map((term) => [term, ...(corrections.has(term) ? [corrections.get(term)!] : [])]);
    const alternatives = spellings.map(([term, correction], i) => {
      const word = this.word(term!, typing && i === last);
      return correction ? this.anyOf([word, this.word(correction, false)]) : word;
    });
    // Inverse document frequency from the vocabulary's counts: a word few questions use tells more.
    const questions = (await this.subjects()).reduce((n, s) => n + s.count, 0);
    const weights = alternatives.map((expression, i): [Expression, number] => {
      const uses = Math.max(known.get(terms[i]!) ?? 0, known.get(corrections.get(terms[i]!) ?? '') ?? 0);
      return [expression, Math.log(1 + questions / (1 + uses))];
    });
    const levels: [SearchResults['matched'], Expression][] = [['all', this.allOf(alternatives)]];
    if (terms.length >= 3) levels.push(['most', this.anyOf(alternatives.map((_, skip) => this.allOf(alternatives.filter((_, i) => i !== skip))))]);
    const suggestion = corrections.size > 0 ? terms.map((t) => corrections.get(t) ?? t).join(' ') : null;

    for (const [matched, expression] of levels) {
      const filter = subject?.slug ?? null;
      // Words so common that the matches are certainly past every cap need not be counted.
      const { anywhere: certain, inTitles: titledAtLeast } = matched === 'all' && filter === null ? await this.matchesAtLeast(spellings, typing) : { anywhere: 0, inTitles: 0 };
      // How many questions hold the words in their title, question or keywords orders a large
      // result's pages (pageOf). A database that reads on several connections at once counts
      // them while it counts the subjects: the two longest reads of a broad search.
      let titledCount: Promise<number> | undefined;
      const titled = () =>
        (titledCount ??= filter === null && titledAtLeast > this.limits.countCap ? Promise.resolve(titledAtLeast) : this.countMatches(expression, filter, this.limits.countCap + 1, true));
      if (this.concurrentReads) titled().catch(() => {}); // awaited by pageOf, if it needs it
      const [subjects, atLeast] = await this.facets(expression, certain);
      if (subjects.length === 0) continue;
      // When the subjects' counts took in every match, the total is theirs; when they stopped
      // past the cap, so did it: no second pass over the matches either way.
      const counted = subjects[0]!.matches !== null
        ? subjects.reduce((n, s) => n + (filter === null || s.slug === filter ? s.matches! : 0), 0)
        : filter === null && atLeast > this.limits.countCap ? atLeast : await this.countMatches(expression, filter, this.limits.countCap + 1, false);
      const total = Math.min(counted, this.limits.countCap);
      const pageCount = Math.ceil(total / SEARCH_PAGE_SIZE);
      const rows = page <= pageCount ? await this.pageOf(expression, filter, total, (page - 1) * SEARCH_PAGE_SIZE, weights, titled) : [];
      const snippetTerms = [...terms, ...corrections.values()];
      const [hitRows, bodies] = await Promise.all([this.hitRows(rows), this.bodiesOf(rows)]);
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
      return { terms, matched, total, more: counted > this.limits.countCap, page, pageCount, hits, subjects, subject, suggestion };
    }
    return { ...none, suggestion };
  }

  async topicIndex(page: number): Promise<TopicIndexPage | null> {
    const total = await this.topicCount();
    const pageCount = Math.max(1, Math.ceil(total / TOPICS_PER_PAGE));
    if (!Number.isInteger(page) || page < 1 || page > pageCount) return null;
    const rows = await this.topicIndexRows(TOPICS_PER_PAGE, (page - 1) * TOPICS_PER_PAGE);
    const topics = rows.map(({ key, ...topic }) => ({ ...topic, letter: letterOf(key) }));
    const letters = (await this.topicLetters()).map(([letter, position]) => ({ letter, page: Math.floor(position / TOPICS_PER_PAGE) + 1 }));
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
    const questions = await this.topicListing(found.handle, subject?.slug ?? null, PAGE_SIZE, (page - 1) * PAGE_SIZE);
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
    const topics = (await this.topicsBySlugs(question.topicSlugs)).sort((a, b) => a[1] - b[1]);
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
    const summaries = await this.summariesOf(best);
    const excluded = new Set(exclude);
    return best.map((row) => summaries.get(row)!).filter((q) => !excluded.has(q.url)).slice(0, count);
  }

  async feed(scope: FeedScope, count: number): Promise<FeedItem[] | null> {
    const { bySlug } = await this.subjectIndex();
    let rows;
    if ('site' in scope) rows = await this.feedRows(scope, count);
    else if ('subject' in scope) {
      if (!bySlug.has(scope.subject)) return null;
      rows = await this.feedRows(scope, count);
    } else {
      const topic = await this.topicBySlug(scope.topic);
      if (!topic) return null;
      rows = await this.feedRows({ topic: topic.handle }, count);
    }
    return rows.map(({ summary, body }) => ({ summary, subjectName: bySlug.get(summary.subjectSlug)!.name, question: body.question, answer: body.answer, author: body.author }));
  }

  async sitemapTopicCount() {
    return this.topicCount();
  }

  /**
   * Subjects with matches and how many, when there are at most facetCap matches in all; past
   * that (or when `certain` matches are known to be), every subject, uncounted (counting them
   * all would cost time in proportion to the corpus). Then, how many matches there are: all of
   * them, or as many as are known (more than facetCap).
   */
  private async facets(expression: Expression, certain: number): Promise<[SearchResults['subjects'], number]> {
    const { list, bySlug } = await this.subjectIndex();
    const uncounted = list.map((s) => ({ ...s, matches: null }));
    if (certain > this.limits.facetCap) return [uncounted, certain];
    const bySubject = await this.facetCounts(expression, this.limits.facetCap + 1);
    const counted = bySubject.reduce((n, [, count]) => n + count, 0);
    if (counted > this.limits.facetCap) return [uncounted, counted];
    const subjects = bySubject
      .map(([slug, matches]) => ({ ...bySlug.get(slug)!, matches }))
      .sort((a, b) => b.matches - a.matches || list.findIndex((s) => s.slug === a.slug) - list.findIndex((s) => s.slug === b.slug));
    return [subjects, counted];
  }

  /** The rows of one page of results (see search()); `titledCount`: how many match in their titles (up to countCap + 1, or more). */
  private async pageOf(expression: Expression, subject: string | null, total: number, offset: number, terms: [Expression, number][], titledCount: () => Promise<number>): Promise<RowId[]> {
    if (total <= this.limits.rankAll) return this.matchPage(expression, subject, 'ranked', SEARCH_PAGE_SIZE, offset, terms);
    const titled = await titledCount();
    const first = await this.matchPage(expression, subject, titled <= this.limits.rankAll ? 'ranked titles' : 'latest titles', SEARCH_PAGE_SIZE, offset, terms);
    if (first.length === SEARCH_PAGE_SIZE) return first;
    const skip = Math.max(0, offset - titled);
    return [...first, ...(await this.matchPage(expression, subject, 'latest others', SEARCH_PAGE_SIZE - first.length, skip, terms))];
  }

  /** For each word the index does not have, the most used known word one edit away (or the store's nearest). */
  private async corrections(terms: string[], known: Map<string, number>, typing: boolean): Promise<Map<string, string>> {
    const corrections = new Map<string, string>();
    for (const [i, term] of terms.entries()) {
      if (known.has(term) || term.length < 4 || /\d/.test(term) || (typing && i === terms.length - 1)) continue;
      if (await this.anyMatch(this.word(term, false))) continue;
      const candidates = [...(await this.knownWords(oneEditAway(term)))];
      const best = candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? (await this.nearWord(term));
      if (best) corrections.set(term, best);
    }
    return corrections;
  }
}
