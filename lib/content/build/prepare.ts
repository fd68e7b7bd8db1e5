import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { titleKey } from '../model/corpus';
import { parseQuestionFile } from '../model/parse-file';
import { answerSearchText, indexText, vocabularyOf } from '../search/search-text';
import { packTermVector, termVectorOf, type SearchColumns } from '../search/term-vector';
import { keywordsOf } from '../model/topics';
import type { Problem } from '../model/types';
import { bodyOf, packBody } from '../store/body';

// One file made ready for the database: read, hashed, parsed, its body compressed, its search
// text and words extracted. Pure and self-contained, so that a large build can run it in worker
// threads (./prepare-worker.ts) while the main thread writes to the database.

export interface FileTask {
  file: string;
  mtime: number;
  size: number;
  /** The hash the previous build recorded, if any: equal bytes need no parsing. */
  cachedHash: string | null;
}

export interface PreparedQuestion {
  subjectSlug: string;
  slug: string;
  id: number;
  title: string;
  titleKey: string;
  date: string;
  dayRank: number;
  description: string;
  noIndex: boolean;
  /** Null when it is `<subject>/<slug>.md`, as nearly every file is. */
  file: string | null;
  subjectAsWritten: string;
  body: Uint8Array;
  /** The full-text columns: title, question, keywords, description, answer, as stems. */
  search: SearchColumns;
  /** The same terms as the ranking reads them (../term-vector.ts). */
  terms: Uint8Array;
  /** The distinct words of the title, question and keywords (the "did you mean" vocabulary). */
  words: string[];
  /** Its keywords by topic key, each with the spelling it uses (./topics.ts). */
  keywords: [key: string, spelling: string][];
}

export type PreparedFile = FileTask & { hash: string } & (
    | { kind: 'same bytes' }
    | { kind: 'parsed'; question: PreparedQuestion; problems: null }
    | { kind: 'parsed'; question: null; problems: Problem[] }
  );

/** An answer is searchable by its first this many characters (PostgreSQL's tsvector holds at most 1 MB). */
const MAX_ANSWER_SEARCH_TEXT = 300_000;

/**
 * The full-text columns of a question, as stems (../search-text.ts). The question is left empty
 * where it repeats the title (most files): the index is then smaller and the title is not
 * counted twice.
 */
export function searchColumns(title: string, question: string, keywords: string, description: string, answer: string): SearchColumns {
  const texts = [title, question === title ? '' : question, keywords, description, answerSearchText(answer).slice(0, MAX_ANSWER_SEARCH_TEXT)];
  return texts.map((text) => indexText(text).join(' ')) as SearchColumns;
}

/** Orders days newest first as a number that sorts ascending: 99999999 − YYYYMMDD. */
export const dayRank = (day: string) => 99_999_999 - Number(day.replaceAll('-', ''));

export function prepareFile(dir: string, task: FileTask): PreparedFile {
  const bytes = fs.readFileSync(path.join(dir, task.file));
  const hash = createHash('sha1').update(bytes).digest('base64');
  if (hash === task.cachedHash) return { ...task, hash, kind: 'same bytes' };
  const result = parseQuestionFile(task.file, bytes);
  const q = result.question;
  if (!q) return { ...task, hash, kind: 'parsed', question: null, problems: result.problems };
  const keywords = q.seo.keywords.join(', ');
  const search = searchColumns(q.title, q.question, keywords, q.seo.description, q.answer);
  return {
    ...task,
    hash,
    kind: 'parsed',
    problems: null,
    question: {
      subjectSlug: q.subjectSlug,
      slug: q.slug,
      id: q.id,
      title: q.title,
      titleKey: titleKey(q.title),
      date: q.date,
      dayRank: dayRank(q.date),
      description: q.seo.description,
      noIndex: q.noIndex,
      file: q.file === `${q.subjectSlug}/${q.slug}.md` ? null : q.file,
      subjectAsWritten: q.subjectAsWritten,
      body: packBody(bodyOf(q)),
      search,
      terms: packTermVector(termVectorOf(search)),
      words: vocabularyOf(q.title, q.question, q.seo.keywords),
      keywords: keywordsOf(q.seo.keywords),
    },
  };
}
