import type { Problem, QuestionFile, QuestionSummary, Subject } from './types';

// What only the whole folder can tell: duplicate urls and ids, cross-listed copies and their
// canonical page, one display name per subject, page titles that no two pages share.

/** What the corpus needs of one file: small enough to cache for every file between builds. */
export type IndexRecord = Pick<QuestionFile, 'file' | 'id' | 'url' | 'subjectSlug' | 'subjectAsWritten' | 'slug' | 'title' | 'date' | 'noIndex'> & {
  description: string;
};

export function toIndexRecord(q: QuestionFile): IndexRecord {
  const { file, id, url, subjectSlug, subjectAsWritten, slug, title, date, noIndex } = q;
  return { file, id, url, subjectSlug, subjectAsWritten, slug, title, date, noIndex, description: q.seo.description };
}

export interface Corpus {
  /** Sorted by display name. */
  subjects: Subject[];
  /** Every question (copies included), by subject, each subject newest first. */
  questions: QuestionSummary[];
  problems: Problem[];
}

/** Two files with one url: the first by path is kept, the others get this error. */
export function urlClash(url: string, firstFile: string): string {
  return `${url} is also the url of ${firstFile}`;
}

/** Files sharing an id must be copies of one question (the same slug under other subjects); another gets this error. */
export function idClash(id: number, first: { file: string; slug: string }): string {
  return (
    `${id} is also the id of ${first.file}, a different question (slug "${first.slug}"); ` +
    'files may share an id only as copies of one question (same slug, other subject)'
  );
}

export function buildCorpus(records: IndexRecord[]): Corpus {
  const problems: Problem[] = [];
  const sorted = [...records].sort((a, b) => compare(a.file, b.file));

  // Two files with one url: the first by path is kept, the others are errors.
  const byUrl = new Map<string, IndexRecord>();
  for (const r of sorted) {
    const first = byUrl.get(r.url);
    if (first) problems.push({ file: r.file, field: 'url', message: urlClash(r.url, first.file) });
    else byUrl.set(r.url, r);
  }

  // Files sharing an id must be copies of one question: the same slug under other subjects.
  const groups = new Map<number, IndexRecord[]>();
  for (const r of byUrl.values()) {
    const group = groups.get(r.id);
    if (!group) {
      groups.set(r.id, [r]);
    } else if (group[0]!.slug !== r.slug) {
      problems.push({ file: r.file, field: 'id', message: idClash(r.id, group[0]!) });
    } else {
      group.push(r);
    }
  }

  const subjects = subjectsOf([...byUrl.values()]);
  const subjectName = new Map(subjects.map((s) => [s.slug, s.name]));

  const canonicalOf = new Map<number, string>();
  for (const [id, group] of groups) canonicalOf.set(id, chooseCanonical(group).url);

  const kept = [...groups.values()].flat();
  const pageTitles = new Map<string, string>();
  const sameTitle = new Map<string, IndexRecord[]>();
  for (const r of kept) {
    const group = sameTitle.get(titleKey(r.title));
    if (group) group.push(r);
    else sameTitle.set(titleKey(r.title), [r]);
  }
  for (const group of sameTitle.values()) {
    for (const [url, title] of pageTitlesOf(group, (r) => canonicalOf.get(r.id) === r.url, subjectName)) pageTitles.set(url, title);
  }
  const questions: QuestionSummary[] = kept
    .map((r) => ({
      id: r.id,
      url: r.url,
      subjectSlug: r.subjectSlug,
      slug: r.slug,
      title: r.title,
      description: r.description,
      date: r.date,
      noIndex: r.noIndex,
      canonicalUrl: canonicalOf.get(r.id)!,
      pageTitle: pageTitles.get(r.url)!,
      file: r.file,
    }))
    .sort((a, b) => compare(a.subjectSlug, b.subjectSlug) || compare(b.date, a.date) || compare(a.title, b.title) || compare(a.url, b.url));

  return { subjects, questions, problems };
}

/**
 * The one copy of a cross-listed question that search engines see. Rule: a copy that may be
 * indexed beats a `no_index` one; then the earliest date (the original, which a later copy will
 * not displace); then the subject slug in alphabetical order.
 */
export function chooseCanonical<T extends Pick<IndexRecord, 'noIndex' | 'date' | 'subjectSlug'>>(copies: T[]): T {
  return [...copies].sort((a, b) => Number(a.noIndex) - Number(b.noIndex) || compare(a.date, b.date) || compare(a.subjectSlug, b.subjectSlug))[0]!;
}

/**
 * One display name per subject slug. Files disagree on casing ("Computer science",
 * "Computer Science"): the spelling with the most capitalised words wins, then the most
 * frequent, then the first alphabetically.
 */
function subjectsOf(records: IndexRecord[]): Subject[] {
  const spellings: SubjectSpelling[] = [];
  const counted = new Map<string, SubjectSpelling>();
  for (const r of records) {
    const key = `${r.subjectSlug}\n${r.subjectAsWritten}`;
    const known = counted.get(key);
    if (known) known.count++;
    else {
      const spelling = { slug: r.subjectSlug, asWritten: r.subjectAsWritten, count: 1 };
      counted.set(key, spelling);
      spellings.push(spelling);
    }
  }
  return subjectsFromSpellings(spellings);
}

/** How many files write a subject (by slug) one way: all a subject's name is chosen from. */
export interface SubjectSpelling {
  slug: string;
  asWritten: string;
  count: number;
}

/** The subjects, each with its display name and question count, sorted by name. */
export function subjectsFromSpellings(spellings: SubjectSpelling[]): Subject[] {
  const bySlug = new Map<string, SubjectSpelling[]>();
  for (const s of spellings) bySlug.set(s.slug, [...(bySlug.get(s.slug) ?? []), s]);
  const capitals = (s: string) => s.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).length;
  return [...bySlug]
    .map(([slug, counts]) => {
      const { asWritten: name } = [...counts].sort(
        (a, b) => capitals(b.asWritten) - capitals(a.asWritten) || b.count - a.count || compare(a.asWritten, b.asWritten),
      )[0]!;
      return { slug, name, count: counts.reduce((sum, s) => sum + s.count, 0) };
    })
    .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.slug, b.slug));
}

/** Questions whose titles are equal under this key compete for one page title. */
export function titleKey(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim();
}

type TitledRecord = Pick<IndexRecord, 'url' | 'id' | 'title' | 'subjectSlug' | 'date'>;

/**
 * Page titles (before the site name) for one group of questions sharing a title key, such that
 * no two canonical pages share one. Usually the title itself; where another question (another
 * id) has the same title, the subject is added, and where that still collides (same title twice
 * in one subject), the day, then the id.
 */
export function pageTitlesOf<T extends TitledRecord>(group: T[], isCanonical: (r: T) => boolean, subjectName: Map<string, string>): Map<string, string> {
  const ids = new Set(group.map((r) => r.id));
  const steps: ((r: T) => string)[] = [
    (r) => r.title,
    (r) => `${r.title} (${subjectName.get(r.subjectSlug)})`,
    (r) => `${r.title} (${subjectName.get(r.subjectSlug)}, ${r.date})`,
    (r) => `${r.title} (${subjectName.get(r.subjectSlug)}, #${r.id})`,
  ];
  const canonical = group.filter(isCanonical);
  const step = ids.size === 1 ? steps[0]! : (steps.find((s) => new Set(canonical.map((r) => titleKey(s(r)))).size === canonical.length) ?? steps[3]!);
  return new Map(group.map((r) => [r.url, step(r)]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
