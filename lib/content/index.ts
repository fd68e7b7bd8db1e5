import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { cache } from 'react';
import { indexFile } from '../config';
import { PAGE_SIZE, type ContentIndex, type SubjectPage } from './content-index';
import { readIndexFile } from './index-file';
import { parseQuestionFile } from './parse-file';
import { formatProblem, type Question, type QuestionSummary, type Subject } from './types';

// What the pages ask of the content. Listings, titles and links come from the content index
// (written by the build); a question page reads only its own file. Getters return null for
// what does not exist, so a page can call notFound().

export type { Question, QuestionSummary, Subject } from './types';
export type { SubjectPage } from './content-index';

let loaded: { index: ContentIndex; contentDir: string } | undefined;

function content() {
  if (!loaded) {
    const file = indexFile();
    if (!fs.existsSync(file)) {
      throw new Error(`No content index at ${file}: it is written before \`next build\` and \`next dev\` (next.config.js).`);
    }
    loaded = readIndexFile(file);
  }
  return loaded;
}

export function getSubjects(): Subject[] {
  return content().index.subjects;
}

export function getSubject(slug: string): Subject | null {
  return content().index.getSubject(slug);
}

/** One page (from 1) of a subject's questions, newest first; null past the last page. */
export function listSubjectPage(slug: string, page: number): SubjectPage | null {
  return content().index.subjectPage(slug, page);
}

export function getQuestionSummary(url: string): QuestionSummary | null {
  return content().index.getByUrl(url);
}

/** A question page's data: its own file, read and checked now, resolved against the index. */
export const getQuestion = cache((subject: string, slug: string): Question | null => {
  const { index, contentDir } = content();
  const summary = index.getByUrl(questionUrl(subject, slug));
  if (!summary) return null;
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), contentDir, summary.file);
  const result = parseQuestionFile(summary.file, fs.readFileSync(file));
  if (!result.question) {
    // The file changed after the build checked it: fail loudly rather than show half a page.
    throw new Error(result.problems.map((p) => formatProblem(p)).join('\n'));
  }
  return index.resolve(result.question);
});

export function getNewestQuestions(count: number): QuestionSummary[] {
  return content().index.newest(count);
}

export function getMoreFromSubject(url: string, count: number): QuestionSummary[] {
  return content().index.neighbours(url, count);
}

/** The whole index, for the sitemaps. */
export function getContentIndex(): ContentIndex {
  return content().index;
}

/**
 * The question pages built ahead of any visit: at most PRERENDER_QUESTIONS (default 1,000), so
 * that build time does not grow with the corpus. Those on the first listing page of a subject
 * come first (what visitors and crawlers reach first after a deploy), then the rest, each
 * newest first. Every other question is rendered on its first visit and then cached.
 */
export function getPrerenderedQuestions(): QuestionSummary[] {
  const limit = Number(process.env.PRERENDER_QUESTIONS ?? 1000);
  const { index } = content();
  const firstPages: QuestionSummary[] = [];
  const rest: QuestionSummary[] = [];
  for (const subject of index.subjects) {
    index.listSubject(subject.slug).forEach((q, i) => (i < PAGE_SIZE ? firstPages : rest).push(q));
  }
  const newestFirst = (a: QuestionSummary, b: QuestionSummary) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
  return [...firstPages.sort(newestFirst), ...rest.sort(newestFirst)].slice(0, limit);
}

export function questionUrl(subject: string, slug: string): string {
  return `/learn/${subject}/questions/${slug}`;
}
