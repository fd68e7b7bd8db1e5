// Saved questions: what a student keeps to come back to, in this browser (./stored.ts), newest first.

export const SAVED_KEY = 'quicktakes:saved';
export const SAVED_VERSION = 1;

export interface SavedQuestion {
  url: string;
  title: string;
  subject: string;
  /** When it was saved (ms since 1970). */
  savedAt: number;
}

/** The saved questions from their stored form `{ v, items: [...] }`; null when it is not one. */
export function parseSaved(value: Record<string, unknown>): SavedQuestion[] | null {
  const { items } = value;
  if (!Array.isArray(items)) return null;
  const valid = items.every(
    (item: Partial<SavedQuestion> | null) =>
      typeof item?.url === 'string' &&
      item.url.startsWith('/learn/') &&
      typeof item.title === 'string' &&
      typeof item.subject === 'string' &&
      Number.isFinite(item.savedAt),
  );
  return valid ? (items as SavedQuestion[]) : null;
}

/** `saved` with `question` first (saved again: moved to the top), or without it. */
export function withSaved(saved: SavedQuestion[], question: SavedQuestion, keep: boolean): SavedQuestion[] {
  const others = saved.filter((s) => s.url !== question.url);
  return keep ? [question, ...others] : others;
}
