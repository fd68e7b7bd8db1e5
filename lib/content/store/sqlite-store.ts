import { inflateRawSync } from 'node:zlib';
import Database from 'libsql';
import { PAGE_SIZE, type SubjectPage } from '../content-index';
import { answerProse, leadOf, oneEditAway, snippetOf } from '../search';
import type { Question, QuestionSummary, RelatedLink, Subject } from '../types';
import { SCHEMA_VERSION } from './schema';
import {
  SEARCH_PAGE_SIZE,
  type ContentStore,
  type SearchHit,
  type SearchRequest,
  type SearchResults,
  type SitemapQuestion,
} from './store';

// The content database read by the site: the SQLite file the content step wrote, opened
// read-only. Every method is a prepared statement or two; nothing loads the corpus.

const SUMMARY = 'id, url, subject_slug, slug, title, description, date, no_index, canonical_url, page_title, file';
type SummaryRow = [number, string, string, string, string, string, string, number, string, string, string];

const toSummary = ([id, url, subjectSlug, slug, title, description, date, noIndex, canonicalUrl, pageTitle, file]: SummaryRow): QuestionSummary => ({
  id, url, subjectSlug, slug, title, description, date, noIndex: noIndex === 1, canonicalUrl, pageTitle, file,
});

/** A word as an FTS5 string: the parser only ever yields letters and digits, quoted all the same. */
const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

export class SqliteStore implements ContentStore {
  private readonly db: InstanceType<typeof Database>;
  private readonly subjectList: Subject[];
  private readonly subjectBySlug: Map<string, Subject>;
  private readonly sql;

  constructor(file: string) {
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
    const q = (sql: string) => this.db.prepare(sql).raw();
    this.sql = {
      summary: q(`SELECT ${SUMMARY} FROM questions WHERE url = ?`),
      listing: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ? ORDER BY sort_key LIMIT ? OFFSET ?`),
      question: q(`SELECT ${SUMMARY}, article_title, question, answer, date_format, post_on_text, author, seo_title,
        keywords, score, related, sort_key FROM questions WHERE url = ?`),
      copies: q('SELECT url FROM questions WHERE id = ? AND url <> ? ORDER BY subject_slug, sort_key'),
      targets: q('SELECT url, title FROM questions WHERE url IN (SELECT value FROM json_each(?))'),
      newest: q(`SELECT ${SUMMARY} FROM questions WHERE canonical_url = url AND no_index = 0
        ORDER BY date DESC, subject_slug, sort_key LIMIT ?`),
      after: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ? AND sort_key > ? ORDER BY sort_key LIMIT ?`),
      before: q(`SELECT ${SUMMARY} FROM questions WHERE subject_slug = ? AND sort_key < ? ORDER BY sort_key LIMIT ?`),
      sortKey: q('SELECT subject_slug, sort_key FROM questions WHERE url = ?'),
      allNewest: q(`SELECT ${SUMMARY} FROM questions ORDER BY date DESC, subject_slug, sort_key LIMIT ?`),
      sitemapCount: q('SELECT count(*) FROM questions WHERE canonical_url = url AND no_index = 0'),
      sitemap: q(`SELECT url, date FROM questions WHERE canonical_url = url AND no_index = 0
        ORDER BY date DESC, subject_slug, sort_key LIMIT ? OFFSET ?`),
      matches: q('SELECT 1 FROM search WHERE search MATCH ? LIMIT 1'),
      words: q('SELECT word, docs FROM words WHERE word IN (SELECT value FROM json_each(?))'),
      wordWithPrefix: q("SELECT 1 FROM words WHERE word >= ?1 AND word < ?1 || char(1114111) LIMIT 1"),
      facets: q(`SELECT q.subject_slug, count(*) FROM search JOIN questions q ON q.rowid = search.rowid
        WHERE search MATCH ? AND q.canonical_url = q.url GROUP BY q.subject_slug`),
      hits: q(`SELECT q.url, q.title, q.subject_slug, q.date, q.description, q.rowid FROM search
        JOIN questions q ON q.rowid = search.rowid
        WHERE search MATCH ?1 AND q.canonical_url = q.url AND (?2 IS NULL OR q.subject_slug = ?2)
        ORDER BY search.rank LIMIT ?3 OFFSET ?4`),
      answer: q('SELECT answer FROM questions WHERE rowid = ?'),
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
    const pageCount = Math.max(1, Math.ceil(subject.count / PAGE_SIZE));
    if (page > pageCount) return null;
    const rows = this.sql.listing.all(slug, PAGE_SIZE, (page - 1) * PAGE_SIZE) as SummaryRow[];
    return { subject, questions: rows.map(toSummary), page, pageCount };
  }

  async summary(url: string) {
    const row = this.sql.summary.get(url) as SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  async question(url: string): Promise<Question | null> {
    const row = this.sql.question.get(url) as [...SummaryRow, string, string, Buffer, string, string, string, string, string, number | null, string, string] | undefined;
    if (!row) return null;
    const summary = toSummary(row.slice(0, 11) as SummaryRow);
    const [articleTitle, question, answer, dateFormat, postOnText, author, seoTitle, keywords, score, related] = row.slice(11) as [
      string, string, Buffer, string, string, string, string, string, number | null, string,
    ];
    const links = JSON.parse(related) as RelatedLink[];
    const targets = new Map(this.sql.targets.all(JSON.stringify(links.map((l) => l.url))) as [string, string][]);
    return {
      file: summary.file,
      id: summary.id,
      url: summary.url,
      subjectSlug: summary.subjectSlug,
      slug: summary.slug,
      title: summary.title,
      articleTitle,
      question,
      answer: inflateRawSync(answer).toString('utf8'),
      date: summary.date,
      dateFormat,
      postOnText,
      author,
      seo: { title: seoTitle, description: summary.description, keywords: JSON.parse(keywords) as string[] },
      score,
      noIndex: summary.noIndex,
      subject: this.subjectBySlug.get(summary.subjectSlug)!,
      canonicalUrl: summary.canonicalUrl,
      pageTitle: summary.pageTitle,
      copies: (this.sql.copies.all(summary.id, summary.url) as [string][]).map(([u]) => u),
      related: links.map((link) => ({
        ...link,
        title: targets.get(link.url) ?? link.title,
        subjectName: this.subjectBySlug.get(link.subjectSlug)?.name ?? link.subjectName,
        exists: targets.has(link.url),
      })),
    };
  }

  async newest(count: number) {
    return (this.sql.newest.all(count) as SummaryRow[]).map(toSummary);
  }

  async neighbours(url: string, count: number) {
    const at = this.sql.sortKey.get(url) as [string, string] | undefined;
    if (!at) return [];
    const [subject, key] = at;
    const after = this.sql.after.all(subject, key, count) as SummaryRow[];
    // Past the end of the listing, wrap around to its start.
    const before = after.length < count ? (this.sql.before.all(subject, key, count - after.length) as SummaryRow[]) : [];
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
    return (this.sql.sitemap.all(limit, offset) as [string, string][]).map(([url, date]) => ({ url, date }));
  }

  async search({ terms, prefix, subject: subjectSlug, page }: SearchRequest): Promise<SearchResults> {
    const subject = subjectSlug ? this.subjectBySlug.get(subjectSlug) ?? null : null;
    const none: SearchResults = { terms, matched: 'all', total: 0, page, pageCount: 0, hits: [], subjects: [], subject, suggestion: null };
    if (terms.length === 0) return none;

    // A word the index does not know may be a typo: look for a known word one edit away.
    const corrections = this.corrections(terms, prefix);
    const last = terms.length - 1;
    const alternatives = terms.map((term, i) => {
      const forms = [prefix && i === last && term.length >= 3 ? `${quoted(term)}*` : quoted(term)];
      const correction = corrections.get(term);
      if (correction) forms.push(quoted(correction));
      return forms.length > 1 ? `(${forms.join(' OR ')})` : forms[0]!;
    });
    // Every word must match; failing that, all words but one; failing that, any of them.
    const levels: [SearchResults['matched'], string][] = [['all', alternatives.join(' AND ')]];
    if (terms.length >= 3) {
      const allButOne = alternatives.map((_, skip) => `(${alternatives.filter((_, i) => i !== skip).join(' AND ')})`);
      levels.push(['most', allButOne.join(' OR ')]);
    }
    if (terms.length >= 2) levels.push(['any', alternatives.join(' OR ')]);

    const suggestion = corrections.size > 0 ? terms.map((t) => corrections.get(t) ?? t).join(' ') : null;
    for (const [matched, expression] of levels) {
      const facets = this.sql.facets.all(expression) as [string, number][];
      if (facets.length === 0) continue;
      const subjects = facets
        .map(([slug, matches]) => ({ ...this.subjectBySlug.get(slug)!, matches }))
        .sort((a, b) => b.matches - a.matches || this.subjectList.indexOf(a) - this.subjectList.indexOf(b));
      const total = subject ? (subjects.find((s) => s.slug === subject.slug)?.matches ?? 0) : subjects.reduce((n, s) => n + s.matches, 0);
      const pageCount = Math.ceil(total / SEARCH_PAGE_SIZE);
      const rows = page <= pageCount
        ? (this.sql.hits.all(expression, subject?.slug ?? null, SEARCH_PAGE_SIZE, (page - 1) * SEARCH_PAGE_SIZE) as [string, string, string, string, string, number][])
        : [];
      const snippetTerms = [...terms, ...corrections.values()];
      const hits = rows.map(([url, title, slug, date, description, rowid]): SearchHit => ({
        url,
        title,
        subject: this.subjectBySlug.get(slug)!,
        date,
        snippet:
          snippetOf(description, snippetTerms, prefix) ??
          snippetOf(answerProse(inflateRawSync((this.sql.answer.get(rowid) as [Buffer])[0]).toString('utf8')), snippetTerms, prefix) ??
          leadOf(description),
      }));
      return { terms, matched, total, page, pageCount, hits, subjects, subject, suggestion };
    }
    return { ...none, suggestion };
  }

  /** For each word the index does not have, the most used known word one edit away. */
  private corrections(terms: string[], prefix: boolean): Map<string, string> {
    const known = new Map(this.sql.words.all(JSON.stringify(terms)) as [string, number][]);
    const corrections = new Map<string, string>();
    terms.forEach((term, i) => {
      if (known.has(term) || term.length < 4 || /\d/.test(term)) return;
      const typing = prefix && i === terms.length - 1;
      if (typing && this.sql.wordWithPrefix.get(term)) return;
      if (this.sql.matches.get(typing ? `${quoted(term)}*` : quoted(term))) return;
      const candidates = this.sql.words.all(JSON.stringify(oneEditAway(term))) as [string, number][];
      const best = candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (best) corrections.set(term, best[0]);
    });
    return corrections;
  }
}
