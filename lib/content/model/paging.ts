import type { QuestionSummary, Subject } from './types';

// How subject listings are cut into pages.

/** Questions per subject listing page. */
export const PAGE_SIZE = 50;

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
