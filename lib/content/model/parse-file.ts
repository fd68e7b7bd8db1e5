import matter from 'gray-matter';
import { z } from 'zod';
import { QUESTION_URL, questionUrlParts, type Day, type Problem, type QuestionFile, type RelatedLink } from './types';
import { parseYaml } from './front-matter-yaml';
import { unescapeAnswer } from './unescape';

// One file in, a validated QuestionFile or every problem found in it out. Nothing here knows
// about the other files.

/** Pages of the site under /learn that a subject's slug would collide with. */
const RESERVED_SUBJECT_SLUGS = new Set(['topics']);

const text = z.string().trim().min(1, 'is empty');

const questionUrl = z.string().regex(QUESTION_URL, 'must look like /learn/<subject-slug>/questions/<slug> (lowercase letters, digits and hyphens)');

const relatedSchema = z.object({ id: z.int(), title: text, subject: text, url: questionUrl });

const fileSchema = z.looseObject({
  id: z.int(),
  date: z.unknown(),
  title: text,
  article_title: text,
  date_format: text,
  post_on_text: text,
  seo: z.looseObject({ title: text, page_description: text, page_keywords: z.string() }),
  author: text,
  question: text,
  answer: text,
  subject: text,
  file_name: text,
  url: questionUrl,
  score: z.number().optional(),
  no_index: z.boolean().optional(),
});

const RELATED_KEY = /^related_article(\d+)$/;

export type ParseResult = { question: QuestionFile; problems: [] } | { question: null; problems: Problem[] };

/** Refuses bytes that are not UTF-8 (instead of reading them as U+FFFD); drops a byte order mark. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** `source` is the file's text, or its bytes, which must be UTF-8. */
export function parseQuestionFile(file: string, source: string | Buffer): ParseResult {
  const problems: Problem[] = [];
  const report = (field: string, message: string) => problems.push({ file, field, message });

  let decoded: string;
  try {
    decoded = typeof source === 'string' ? source.replace(/^\uFEFF/, '') : UTF8.decode(source);
  } catch {
    const line = (source.toString('utf8').split('\uFFFD')[0]!.match(/\n/g)?.length ?? 0) + 1;
    report('encoding', `not UTF-8 text (invalid bytes on line ${line}): save the file as UTF-8`);
    return { question: null, problems };
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options also keeps gray-matter from caching every file it has seen for good.
    parsed = matter(decoded, { engines: { yaml: parseYaml } });
  } catch (error) {
    report('front matter', `invalid YAML: ${yamlReason(error)}`);
    return { question: null, problems };
  }
  const data: Record<string, unknown> = parsed.data;
  if ((parsed.matter ?? '').trim() === '' || Object.keys(data).length === 0) {
    report('front matter', 'missing: the file must start with a --- block of YAML fields');
    return { question: null, problems };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    report('front matter', `expected YAML fields (key: value lines), got ${describeValue(data)}`);
    return { question: null, problems };
  }

  const result = fileSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) report(issue.path.join('.'), describeIssue(issue));
  }

  const related: RelatedLink[] = [];
  for (const key of Object.keys(data)
    .filter((k) => RELATED_KEY.test(k))
    .sort(byRelatedNumber)) {
    const link = relatedSchema.safeParse(data[key], { reportInput: true });
    if (!link.success) {
      for (const issue of link.error.issues) report([key, ...issue.path].join('.'), describeIssue(issue));
      continue;
    }
    const [subjectSlug] = questionUrlParts(link.data.url)!;
    const { id, title, url, subject } = link.data;
    related.push({ id, title, url, subjectSlug: subjectSlug!, subjectName: subject });
  }

  const date = parseDay(data.date, parsed.matter ?? '');
  if (typeof date !== 'string') report('date', date.problem);

  const body = parsed.content.trim();
  if (body !== '' && body !== '&nbsp;') {
    report('body', 'unexpected text after the front matter (the answer belongs in the `answer` field)');
  }

  if (!result.success || problems.length > 0) return { question: null, problems };
  const d = result.data;
  const [subjectSlug, slug] = questionUrlParts(d.url)!;
  if (RESERVED_SUBJECT_SLUGS.has(subjectSlug)) {
    report('url', `"${subjectSlug}" cannot be a subject: /learn/${subjectSlug} is the site's own page`);
    return { question: null, problems };
  }
  if (d.file_name !== `${slug}.md`) {
    report('file_name', `"${d.file_name}" does not match the url, which asks for "${slug}.md"`);
    return { question: null, problems };
  }

  return {
    problems: [],
    question: {
      file,
      id: d.id,
      url: d.url,
      subjectSlug: subjectSlug!,
      subjectAsWritten: d.subject,
      slug: slug!,
      title: d.title,
      articleTitle: d.article_title,
      question: d.question,
      answer: unescapeAnswer(d.answer),
      date: date as Day,
      dateFormat: d.date_format,
      postOnText: d.post_on_text,
      author: d.author,
      seo: {
        title: d.seo.title,
        description: d.seo.page_description,
        keywords: d.seo.page_keywords
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      },
      score: d.score ?? null,
      noIndex: d.no_index ?? false,
      related,
    },
  };
}

/**
 * The publication day. js-yaml turns `2025-01-31` into a Date at UTC midnight, but it also turns
 * `2025-02-30` into March 2 without a word, so the day is read from the YAML text itself.
 */
function parseDay(value: unknown, frontMatter: string): Day | { problem: string } {
  if (value === undefined || value === null) return { problem: 'is missing' };
  const literal = /^date:[ \t]*(.*?)[ \t]*$/m.exec(frontMatter)?.[1]?.replace(/^(['"])(.*)\1$/, '$2');
  const written = literal ?? (typeof value === 'string' ? value : '');
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(written);
  if (!match) return { problem: `"${written}" is not a calendar day written YYYY-MM-DD` };
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    return { problem: `"${written}" is not a real date` };
  }
  return written;
}

function byRelatedNumber(a: string, b: string): number {
  return Number(RELATED_KEY.exec(a)![1]) - Number(RELATED_KEY.exec(b)![1]);
}

const EXPECTED: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'a map of fields',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (!('input' in issue) || issue.input === undefined) return 'is missing';
    return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `the ${typeof value} ${String(value)}`;
}

function yamlReason(error: unknown): string {
  if (error && typeof error === 'object' && 'reason' in error) {
    const { reason, mark } = error as { reason: string; mark?: { line: number; column: number } };
    // js-yaml counts lines of the front matter from 0; the file has the opening --- first.
    return mark ? `${reason} (line ${mark.line + 2}, column ${mark.column + 1})` : reason;
  }
  return error instanceof Error ? error.message : String(error);
}
