import type { Corpus } from './corpus';
import { ContentIndex } from './content-index';
import { readJsonLines, writeJsonLines } from './json-lines';
import type { QuestionSummary, Subject } from './types';

// The content index on disk: written once per build, read by every server process. Rows are
// arrays, not objects, and fields equal to what they default to are left empty, to keep it
// small at hundreds of thousands of questions.

const VERSION = 1;

type Row = [
  subject: number,
  slug: string,
  id: number,
  title: string,
  description: string,
  date: string,
  noIndex: 0 | 1,
  canonicalUrl: string, // '' when the question is its own canonical page
  pageTitle: string, // '' when it is the title
  file: string, // '' when it is <subject>/<slug>.md
];

interface IndexHeader {
  version: number;
  /** The content folder, relative to the project (the server's working directory). */
  contentDir: string;
  subjects: Subject[];
}

export function writeIndexFile(file: string, corpus: Corpus, contentDir: string): void {
  const subjectIndex = new Map(corpus.subjects.map((s, i) => [s.slug, i]));
  const rows = corpus.questions.map(
    (q): Row => [
      subjectIndex.get(q.subjectSlug)!,
      q.slug,
      q.id,
      q.title,
      q.description,
      q.date,
      q.noIndex ? 1 : 0,
      q.canonicalUrl === q.url ? '' : q.canonicalUrl,
      q.pageTitle === q.title ? '' : q.pageTitle,
      q.file === `${q.subjectSlug}/${q.slug}.md` ? '' : q.file,
    ],
  );
  writeJsonLines(file, { version: VERSION, contentDir, subjects: corpus.subjects } satisfies IndexHeader, rows);
}

export function readIndexFile(file: string): { index: ContentIndex; contentDir: string } {
  const { header: data, rows } = readJsonLines<IndexHeader, Row>(file);
  if (data.version !== VERSION) throw new Error(`${file}: content index version ${data.version}, expected ${VERSION}; rebuild`);
  const questions = rows.map(
    ([subject, slug, id, title, description, date, noIndex, canonicalUrl, pageTitle, path]): QuestionSummary => {
      const subjectSlug = data.subjects[subject]!.slug;
      const url = `/learn/${subjectSlug}/questions/${slug}`;
      return {
        id,
        url,
        subjectSlug,
        slug,
        title,
        description,
        date,
        noIndex: noIndex === 1,
        canonicalUrl: canonicalUrl || url,
        pageTitle: pageTitle || title,
        file: path || `${subjectSlug}/${slug}.md`,
      };
    },
  );
  return { index: new ContentIndex({ subjects: data.subjects, questions }), contentDir: data.contentDir };
}
