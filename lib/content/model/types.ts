// The content's own types: everything past lib/content sees these, never the file format.

/** One thing wrong with one file. `file` is relative to the content folder. */
export interface Problem {
  file: string;
  field: string;
  message: string;
}

/** A problem as one line, `path: field: problem`, its path under `folder`. */
export function formatProblem({ file, field, message }: Problem, folder = ''): string {
  return `${folder && folder !== '.' ? `${folder}/` : ''}${file}: ${field}: ${message}`;
}

/** A question's page: `/learn/<subject>/questions/<slug>`. */
export function questionUrl(subjectSlug: string, slug: string): string {
  return `/learn/${subjectSlug}/questions/${slug}`;
}

const SLUG = '[a-z0-9][a-z0-9_-]*';
/** What a question's url must look like: lowercase letters, digits and hyphens in both slugs. */
export const QUESTION_URL = new RegExp(`^/learn/(${SLUG})/questions/(${SLUG})$`);

/** A question url's subject slug and slug, or null for what cannot be one. */
export function questionUrlParts(url: string): [subjectSlug: string, slug: string] | null {
  const match = QUESTION_URL.exec(url);
  return match ? [match[1]!, match[2]!] : null;
}

/** A calendar day, `YYYY-MM-DD`. Never a moment in time: no time zone can shift it. */
export type Day = string;

export interface RelatedLink {
  id: number;
  title: string;
  url: string;
  subjectSlug: string;
  /** As the linking file writes it; replaced by the subject's display name once resolved. */
  subjectName: string;
}

/** One question file, validated. Knows nothing of the other files. */
export interface QuestionFile {
  /** Path relative to the content folder, with `/` separators. */
  file: string;
  id: number;
  url: string;
  subjectSlug: string;
  /** The `subject` string exactly as this file writes it (casing varies between files). */
  subjectAsWritten: string;
  slug: string;
  title: string;
  articleTitle: string;
  question: string;
  /** Markdown with real line breaks; LaTeX inside math left as written. */
  answer: string;
  date: Day;
  dateFormat: string;
  postOnText: string;
  author: string;
  seo: { title: string; description: string; keywords: string[] };
  score: number | null;
  noIndex: boolean;
  related: RelatedLink[];
}

export interface Subject {
  slug: string;
  /** One display name per subject, even when files disagree on casing. */
  name: string;
  count: number;
}

/** What listings, the sitemap, related links and titles need of a question: no answer. */
export interface QuestionSummary {
  id: number;
  url: string;
  subjectSlug: string;
  slug: string;
  title: string;
  description: string;
  date: Day;
  noIndex: boolean;
  /** The url search engines should see for this question: its group's canonical copy. */
  canonicalUrl: string;
  /** A page title that no other canonical page shares (without the site name). */
  pageTitle: string;
  file: string;
}

/** A topic as links show it (lib/content/model/topics.ts). */
export interface TopicRef {
  slug: string;
  /** Its most used spelling. */
  name: string;
  /** Canonical questions carrying it. */
  count: number;
}

/** A topic's page: `/learn/topics/<slug>`. */
export const topicUrl = (slug: string) => `/learn/topics/${slug}`;

/** Page `page` (from 1) of a listing: the first is `base` itself, the others `<base>/page/<n>`. */
export const pagedUrl = (base: string, page = 1) => (page === 1 ? base : `${base}/page/${page}`);

/** A subject's listing: `/learn/<slug>`, then `/learn/<slug>/page/<n>`. */
export const subjectUrl = (slug: string, page = 1) => pagedUrl(`/learn/${slug}`, page);

/** The topic index: `/learn/topics`, then `/learn/topics/page/<n>`. */
export const topicIndexUrl = (page = 1) => pagedUrl('/learn/topics', page);

/** What a practice set is drawn from: a subject's questions or a topic's. */
export type PracticeScope = { subject: string } | { topic: string };

/** Practice set `set` (from 1) of a subject or a topic: `…/practice`, then `…/practice/<n>`. */
export const practiceUrl = (scope: PracticeScope, set = 1) =>
  `${'subject' in scope ? `/learn/${scope.subject}` : topicUrl(scope.topic)}/practice${set === 1 ? '' : `/${set}`}`;

export interface ResolvedRelatedLink extends RelatedLink {
  /** Whether the target is a page of this site; missing targets are shown without a link. */
  exists: boolean;
}

/** A question as the pages see it: its file plus what the rest of the corpus says about it. */
export interface Question extends Omit<QuestionFile, 'related' | 'subjectAsWritten'> {
  subject: Subject;
  canonicalUrl: string;
  /** Urls of the other copies of this question under other subjects (cross-listing). */
  copies: string[];
  pageTitle: string;
  related: ResolvedRelatedLink[];
  /** Its keywords as the file writes them, each with its topic where it is one. */
  keywords: { keyword: string; topic: TopicRef | null }[];
}
