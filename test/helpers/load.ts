import fs from 'node:fs';
import path from 'node:path';
import { buildCorpus, toIndexRecord } from '../../lib/content/model/corpus';
import { ContentIndex } from './content-index';
import { listQuestionFiles } from '../../lib/content/build/files';
import { parseQuestionFile } from '../../lib/content/model/parse-file';
import { topicsOf } from './topics';
import type { Problem, Question, QuestionFile, TopicRef } from '../../lib/content/model/types';

export interface LoadedContent {
  dir: string;
  /** Every question that loaded, resolved against the others. */
  questions: Question[];
  index: ContentIndex;
  /** Every problem of every file; the content is publishable only when this is empty. */
  problems: Problem[];
  fileCount: number;
  /** Topics by key (./topics.ts). */
  topics: Map<string, TopicRef>;
}

const loaded = new Map<string, LoadedContent>();

/** Reads and checks a whole content folder; each folder is parsed once per process, unless `fresh`. */
export function loadContent(dir: string, { fresh = false } = {}): LoadedContent {
  const abs = path.resolve(dir);
  let content = loaded.get(abs);
  if (!content || fresh) {
    content = readContent(abs);
    loaded.set(abs, content);
  }
  return content;
}

function readContent(dir: string): LoadedContent {
  const files = listQuestionFiles(dir);
  const problems: Problem[] = [];
  const parsed: QuestionFile[] = [];
  for (const file of files) {
    const result = parseQuestionFile(file, fs.readFileSync(path.join(dir, file), 'utf8'));
    if (result.question) parsed.push(result.question);
    else problems.push(...result.problems);
  }
  const corpus = buildCorpus(parsed.map(toIndexRecord));
  problems.push(...corpus.problems);
  const index = new ContentIndex(corpus);
  // Files that lost a url or id clash are not in the index: they are reported, not published.
  const kept = parsed.filter((q) => index.getByUrl(q.url)?.file === q.file);
  const topics = topicsOf(kept.filter((q) => index.getByUrl(q.url)!.canonicalUrl === q.url).map((q) => ({ keywords: q.seo.keywords })));
  const questions = kept.map((q) => index.resolve(q, topics));
  return { dir, questions, index, problems, fileCount: files.length, topics };
}
