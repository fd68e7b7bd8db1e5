import { keywordTopics, resolveRelated } from '../../lib/content/model/links';
import type { Question, QuestionFile, QuestionSummary, Subject, TopicRef } from '../../lib/content/model/types';
import type { Corpus } from '../../lib/content/model/corpus';
import { PAGE_SIZE, pageCountOf, type SubjectPage } from '../../lib/content/model/paging';

// The in-memory reference the tests compare the stores with: the corpus as the pages ask it,
// lookups by url, id and subject, built from a Corpus (./load.ts).

export class ContentIndex {
  readonly subjects: Subject[];
  private readonly subjectBySlug: Map<string, Subject>;
  private readonly byUrl = new Map<string, QuestionSummary>();
  private readonly bySubject = new Map<string, QuestionSummary[]>();
  private readonly byId = new Map<number, QuestionSummary[]>();
  /** Position of each question in its subject's newest-first list. */
  private readonly position = new Map<string, number>();

  constructor(corpus: Pick<Corpus, 'subjects' | 'questions'>) {
    this.subjects = corpus.subjects;
    this.subjectBySlug = new Map(corpus.subjects.map((s) => [s.slug, s]));
    for (const q of corpus.questions) {
      this.byUrl.set(q.url, q);
      const list = this.bySubject.get(q.subjectSlug) ?? [];
      this.position.set(q.url, list.length);
      list.push(q);
      this.bySubject.set(q.subjectSlug, list);
      const copies = this.byId.get(q.id);
      if (copies) copies.push(q);
      else this.byId.set(q.id, [q]);
    }
  }

  get size(): number {
    return this.byUrl.size;
  }

  getSubject(slug: string): Subject | null {
    return this.subjectBySlug.get(slug) ?? null;
  }

  /** A subject's questions, newest first (copies included: each is listed under its subject). */
  listSubject(slug: string): QuestionSummary[] {
    return this.bySubject.get(slug) ?? [];
  }

  /** One page (from 1) of a subject's questions, newest first; null past the last page. */
  subjectPage(slug: string, page: number): SubjectPage | null {
    const subject = this.subjectBySlug.get(slug);
    if (!subject || !Number.isInteger(page) || page < 1) return null;
    const all = this.listSubject(slug);
    const pageCount = pageCountOf(all.length);
    if (page > pageCount) return null;
    return { subject, questions: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pageCount };
  }

  getByUrl(url: string): QuestionSummary | null {
    return this.byUrl.get(url) ?? null;
  }

  /** Every copy of a question (one unless it is cross-listed). */
  getById(id: number): QuestionSummary[] {
    return this.byId.get(id) ?? [];
  }

  /** Every question, grouped by subject, each subject newest first. */
  all(): Iterable<QuestionSummary> {
    return this.byUrl.values();
  }

  /** The newest canonical, indexable questions across all subjects. */
  newest(count: number): QuestionSummary[] {
    const canonical = [...this.byUrl.values()].filter((q) => q.canonicalUrl === q.url && !q.noIndex);
    return canonical.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)).slice(0, count);
  }

  /** Up to `count` other questions of the same subject, those listed next to it first. */
  neighbours(url: string, count: number): QuestionSummary[] {
    const q = this.byUrl.get(url);
    if (!q) return [];
    const list = this.listSubject(q.subjectSlug);
    const at = this.position.get(url)!;
    const picked: QuestionSummary[] = [];
    for (let step = 1; picked.length < count && step < list.length; step++) {
      const other = list[(at + step) % list.length]!;
      if (other.id !== q.id) picked.push(other);
    }
    return picked;
  }

  /** A file as the pages see it: with its subject's name, its canonical copy and its links resolved. */
  resolve(file: QuestionFile, topics: Map<string, TopicRef> = new Map()): Question {
    const { subjectAsWritten, related, ...rest } = file;
    const summary = this.byUrl.get(file.url);
    const subject = this.subjectBySlug.get(file.subjectSlug) ?? { slug: file.subjectSlug, name: subjectAsWritten, count: 0 };
    return {
      ...rest,
      subject,
      canonicalUrl: summary?.canonicalUrl ?? file.url,
      pageTitle: summary?.pageTitle ?? file.title,
      copies: this.getById(file.id)
        .filter((c) => c.url !== file.url)
        .map((c) => c.url),
      related: resolveRelated(
        related,
        (url) => this.byUrl.get(url)?.title,
        (slug) => this.subjectBySlug.get(slug)?.name,
      ),
      keywords: keywordTopics(file.seo.keywords, (key) => topics.get(key)),
    };
  }
}
