// Spaced repetition for the practice pages, by Leitner boxes: a question the student knew moves
// up a box and comes back after that box's interval; one not yet known goes back to box 1 and
// comes back within the minute. The next question is the one most due: overdue first, then those
// never seen (in the set's order), then those due soonest. Kept by question id, so a question's
// schedule is the same in every set that holds it (its subject's, its topics').

export const PRACTICE_KEY = 'quicktakes:practice';
export const PRACTICE_VERSION = 1;
/** Questions in a round of practice. */
export const ROUND_SIZE = 10;
export const TOP_BOX = 5;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How long until a question in box n (1–5) is due again: box 1 within the round. */
const INTERVALS = [0, MINUTE, DAY, 3 * DAY, 7 * DAY, 16 * DAY];

/** A question's place in the schedule: its box (1–5) and when it is due (ms since 1970). */
export interface CardState {
  box: number;
  due: number;
}

/** Question id → its state; a question not in it was never graded. */
export type Schedule = Record<string, CardState>;

/** The schedule from its stored form `{ v, cards: { id: [box, due] } }`; null when it is not one. */
export function parseSchedule(value: Record<string, unknown>): Schedule | null {
  const { cards } = value;
  if (typeof cards !== 'object' || cards === null || Array.isArray(cards)) return null;
  const schedule: Schedule = {};
  for (const [id, state] of Object.entries(cards)) {
    if (!Array.isArray(state) || state.length !== 2) return null;
    const [box, due] = state as unknown[];
    if (!Number.isInteger(box) || (box as number) < 1 || (box as number) > TOP_BOX || !Number.isFinite(due)) return null;
    schedule[id] = { box: box as number, due: due as number };
  }
  return schedule;
}

/** The schedule in its stored form (without the version). */
export function storedSchedule(schedule: Schedule): { cards: Record<string, [number, number]> } {
  return { cards: Object.fromEntries(Object.entries(schedule).map(([id, s]) => [id, [s.box, s.due]])) };
}

/** The schedule after the student graded question `id` at `now`: up a box if they knew it, back to box 1 if not. */
export function grade(schedule: Schedule, id: string, knew: boolean, now: number): Schedule {
  const box = knew ? Math.min(TOP_BOX, (schedule[id]?.box ?? 1) + 1) : 1;
  return { ...schedule, [id]: { box, due: now + INTERVALS[box]! } };
}

/**
 * Which of `ids` (a set's questions, in its order) to ask next: the most overdue, then the first
 * never seen, then the one due soonest. Never `last` (the question just asked) while another
 * is left, so that "Not yet" does not ask it again at once.
 */
export function nextQuestion(ids: string[], schedule: Schedule, now: number, last?: string): number {
  let best = -1;
  let bestDue = Number.POSITIVE_INFINITY;
  ids.forEach((id, index) => {
    if (id === last && ids.some((other) => other !== last)) return;
    // Never seen: due now, after the overdue ones.
    const due = schedule[id]?.due ?? now;
    if (due < bestDue) [best, bestDue] = [index, due];
  });
  return best;
}

/** How many of `ids` are in each box (index 0: never graded). */
export function boxCounts(ids: string[], schedule: Schedule): number[] {
  const counts = new Array<number>(TOP_BOX + 1).fill(0);
  for (const id of new Set(ids)) counts[schedule[id]?.box ?? 0]!++;
  return counts;
}
