import { deflateRawSync, inflateRawSync } from 'node:zlib';

// A question's search terms as the ranking reads them (lib/content/search/ranking.ts): the stems of its
// short fields in order (where words stand next to each other counts) and its answer's stems with
// how often each occurs. Written by the content step beside the full-text index, read back for
// the few hundred candidates a search ranks: one small compressed row each, the same bytes in
// SQLite and PostgreSQL.

/** The indexed fields, in the order of the full-text columns. */
export const FIELDS = ['title', 'question', 'keywords', 'description', 'answer'] as const;

/** The full-text columns of a question: each field's stems joined by spaces. */
export type SearchColumns = [title: string, question: string, keywords: string, description: string, answer: string];

export interface TermVector {
  /** Title, question, keywords and description: their stems in order. */
  short: [string[], string[], string[], string[]];
  /** The answer's stems with how many times each occurs, as packed: ` stem stem*3 … ` (read by answerCounts). */
  answer: string;
  /** How many words the answer has. */
  answerLength: number;
}

const split = (text: string) => (text === '' ? [] : text.split(' '));

export function termVectorOf(columns: SearchColumns): TermVector {
  const counts = new Map<string, number>();
  const answerWords = split(columns[4]);
  for (const s of answerWords) counts.set(s, (counts.get(s) ?? 0) + 1);
  const answer = [...counts].map(([s, n]) => (n === 1 ? s : `${s}*${n}`)).join(' ');
  return { short: [split(columns[0]), split(columns[1]), split(columns[2]), split(columns[3])], answer: ` ${answer} `, answerLength: answerWords.length };
}

const answerMaps = new WeakMap<TermVector, Map<string, number>>();

/**
 * The answer's stems with how many times each occurs, read from the packed text once per
 * vector (a search looks up its words, and their related words, in a hundred answers).
 */
export function answerCounts(v: TermVector): Map<string, number> {
  let counts = answerMaps.get(v);
  if (!counts) {
    counts = new Map();
    for (const entry of split(v.answer.trim())) {
      const star = entry.indexOf('*');
      if (star === -1) counts.set(entry, 1);
      else counts.set(entry.slice(0, star), Number(entry.slice(star + 1)));
    }
    answerMaps.set(v, counts);
  }
  return counts;
}

/** A question's distinct stems, anywhere and in its title, question or keywords: what the database counts each stem's rarity by. */
export function distinctStems(v: TermVector): { all: Set<string>; titles: Set<string> } {
  const titles = new Set([...v.short[0], ...v.short[1], ...v.short[2]]);
  return { all: new Set([...titles, ...v.short[3], ...answerCounts(v).keys()]), titles };
}

/** Each column's length in words. */
export function columnLengths(columns: SearchColumns): number[] {
  return columns.map((c) => (c === '' ? 0 : c.split(' ').length));
}

/** What the ranking weighs each question against: how many are searched, and their fields' average lengths. */
export interface SearchStats {
  count: number;
  /** In FIELDS order. */
  averageLengths: number[];
}

/** A database with no searched question (or written before the statistics were kept). */
export const NO_SEARCH_STATS: SearchStats = { count: 0, averageLengths: [0, 0, 0, 0, 0] };

/** One line a short field, then the answer's length, then its stems (`stem` once, `stem*3` three times). */
export function packTermVector(v: TermVector): Buffer {
  return deflateRawSync([...v.short.map((f) => f.join(' ')), String(v.answerLength), v.answer.trim()].join('\n'));
}

export function unpackTermVector(packed: Uint8Array): TermVector {
  const lines = inflateRawSync(packed).toString('utf8').split('\n');
  return { short: [split(lines[0]!), split(lines[1]!), split(lines[2]!), split(lines[3]!)], answer: ` ${lines[5] ?? ''} `, answerLength: Number(lines[4]) };
}
