import type { QuestionSummary, Subject } from './types';

// How subject listings are cut into pages.

/** Questions per subject listing page. */
export const PAGE_SIZE = 50;

/**
 * The page (from 1) an address's segment names: 1 without one, null for anything but 2, 3, …
 * (page 1 has no url of its own, and `02` or `1e3` are not page numbers).
 */
export function pageOfSegment(segment: string | undefined): number | null {
  if (segment === undefined) return 1;
  return /^[1-9]\d*$/.test(segment) && segment !== '1' ? Number(segment) : null;
}

/** How many listing pages a subject of `count` questions has (one, even when empty). */
export function pageCountOf(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

export interface SubjectPage {
  subject: Subject;
  questions: QuestionSummary[];
  page: number;
  pageCount: number;
}

/** Questions in a practice set: two rounds of practice (components/study). */
export const PRACTICE_SET_SIZE = 20;

/**
 * Where practice set `set` (from 1) of `count` questions lies in listing order (newest first):
 * sets run oldest first, so that a set keeps its questions as new ones are published and what a
 * student practised is still there. Null past the last set.
 */
export function practiceSlice(count: number, set: number): { offset: number; limit: number; setCount: number } | null {
  const setCount = Math.max(1, Math.ceil(count / PRACTICE_SET_SIZE));
  if (!Number.isInteger(set) || set < 1 || set > setCount) return null;
  const end = Math.max(0, count - (set - 1) * PRACTICE_SET_SIZE);
  const offset = Math.max(0, end - PRACTICE_SET_SIZE);
  return { offset, limit: end - offset, setCount };
}
