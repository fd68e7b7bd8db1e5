import type { SubjectPage } from '../model/paging';
import type { PracticeScope, Question, QuestionSummary, Subject, TopicRef } from '../model/types';

export type { PracticeScope };

// What the site asks of the content database, whichever database it is: the getters in
// lib/content/index.ts call these. Asynchronous, so that a networked database (PostgreSQL)
// can sit behind the same interface as the embedded SQLite file.

export const SEARCH_PAGE_SIZE = 20;

/** A snippet as runs of text, some of them matched words: rendered as text, never as HTML. */
export type Snippet = { text: string; match: boolean }[];

export interface SearchHit {
  url: string;
  title: string;
  subject: Subject;
  date: string;
  snippet: Snippet;
  /** Its keywords that are topics. */
  topics: TopicRef[];
}

export interface SearchResults {
  /** The query's words, as typed (folded). Empty when the query had none. */
  terms: string[];
  /** Questions holding any of the words (canonical copies only), within the subject filter if any. */
  total: number;
  /** Whether `total` is an estimate (a word too common to count every question holding it). */
  approximate: boolean;
  page: number;
  /** Pages of ranked results (the best 100 at most). */
  pageCount: number;
  hits: SearchHit[];
  /** Every subject with matches and how many (null: not counted, too many), the filter's choices. */
  subjects: (Subject & { matches: number | null })[];
  /** The subject filter applied, if it names a subject. */
  subject: Subject | null;
  /** Words searched as their likely spelling: [as typed, as searched]. */
  corrections: [string, string][];
  /** When the search was asked to take the words as typed: the query with likely misspellings corrected, if any. */
  suggestion: string | null;
}

/** What a search answers: results, or why the query cannot be one. */
export type SearchOutcome = SearchResults | { error: string };

export interface SearchRequest {
  terms: string[];
  /** Whether the last word may be the start of a longer one (the person may still be typing). */
  prefix: boolean;
  subject: string | null;
  page: number;
  /** Search the words as typed, not as their likely spelling ("Search instead for …"). */
  exact?: boolean;
}

export interface SitemapQuestion {
  url: string;
  date: string;
}

export interface TopicIndexPage {
  /** Each with the letter it is listed under (lib/content/model/topics.ts letterOf). */
  topics: (TopicRef & { letter: string })[];
  /** Topics in all. */
  total: number;
  page: number;
  pageCount: number;
  /** Each letter with topics (a–z; `0` for digits, `*` for other scripts) and the index page it starts on. */
  letters: { letter: string; page: number }[];
}

export interface TopicPage {
  topic: TopicRef;
  /** The subjects its questions are in, with how many, most first. */
  subjects: (Subject & { matches: number })[];
  /** The subject filter, when the page shows one subject's questions only. */
  subject: Subject | null;
  /** One page of its questions (within the filter), newest first. */
  questions: QuestionSummary[];
  page: number;
  pageCount: number;
}

/** A feed's entry: a canonical, indexable question with its answer. */
export interface FeedItem {
  summary: QuestionSummary;
  subjectName: string;
  question: string;
  answer: string;
  author: string;
}

/** Whose newest questions a feed follows. */
export type FeedScope = { site: true } | { subject: string } | { topic: string };

/** A question to practise: what is asked, and its answer (Markdown). */
export interface PracticeCard {
  summary: QuestionSummary;
  subjectName: string;
  question: string;
  answer: string;
}

/** One set (PRACTICE_SET_SIZE questions) of a subject's or a topic's questions, oldest first. */
export interface PracticeSet {
  scope: PracticeScope;
  /** The subject's or the topic's name. */
  name: string;
  set: number;
  setCount: number;
  /** Questions in all its sets. */
  total: number;
  cards: PracticeCard[];
}

export interface ContentStore {
  /** True when what it reads cannot change while it is open (a published SQLite file), so what is derived from it may be kept. */
  readonly fixed: boolean;
  subjects(): Promise<Subject[]>;
  subject(slug: string): Promise<Subject | null>;
  /** One page (from 1) of a subject's questions, newest first; null past the last page. */
  subjectPage(slug: string, page: number): Promise<SubjectPage | null>;
  summary(url: string): Promise<QuestionSummary | null>;
  /** A question page's data, resolved: subject name, canonical copy, copies, related links. */
  question(url: string): Promise<Question | null>;
  /** The newest canonical, indexable questions across all subjects. */
  newest(count: number): Promise<QuestionSummary[]>;
  /** Up to `count` other questions of the same subject, those listed next to it first. */
  neighbours(url: string, count: number): Promise<QuestionSummary[]>;
  /** Each subject's first `perSubject` questions, newest first, then the newest of the rest. */
  prerendered(perSubject: number, limit: number): Promise<QuestionSummary[]>;
  /** How many canonical, indexable questions the sitemaps list. */
  sitemapQuestionCount(): Promise<number>;
  /** A slice of those, in a stable order. */
  sitemapQuestions(offset: number, limit: number): Promise<SitemapQuestion[]>;
  search(request: SearchRequest): Promise<SearchResults>;
  /** One page (from 1) of every topic, alphabetical; null past the last page. */
  topicIndex(page: number): Promise<TopicIndexPage | null>;
  /** One page (from 1) of a topic's questions, within one subject if `subject` is given; null when there is none. */
  topicPage(slug: string, page: number, subject: string | null): Promise<TopicPage | null>;
  /** The topics that share the most questions with this one (estimated from its newest questions). */
  relatedTopics(slug: string, count: number): Promise<TopicRef[]>;
  /** Questions sharing the most topics with this one: never the question itself or its copies, nor `exclude`. */
  moreOnTopics(question: { id: number; topicSlugs: string[] }, count: number, exclude: string[]): Promise<QuestionSummary[]>;
  /** The newest `count` canonical, indexable questions of the site, a subject or a topic; null for an unknown one. */
  feed(scope: FeedScope, count: number): Promise<FeedItem[] | null>;
  /** One set (from 1) of a subject's or topic's questions to practise, with their answers; null for an unknown one or past the last set. */
  practiceSet(scope: PracticeScope, set: number): Promise<PracticeSet | null>;
  /** The `count` topics with the most questions, most first. */
  largestTopics(count: number): Promise<TopicRef[]>;
  /** How many topics the sitemaps list, and a slice of them with their newest question's day. */
  sitemapTopicCount(): Promise<number>;
  sitemapTopics(offset: number, limit: number): Promise<{ slug: string; date: string }[]>;
}
