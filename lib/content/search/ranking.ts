import type { SearchStats, TermVector } from './term-vector';

// How a search ranks its candidates: pure arithmetic over each candidate's terms
// (./term-vector.ts) and the corpus's statistics, the same code whichever database found them.
//
// BM25 per field, summed with the fields' weights (title and question above keywords, above the
// description, above the answer), each query word weighted by its rarity; then a bonus for query
// words that stand next to each other in a short field (a phrase), and a factor for how much of
// the query (by rarity) a question holds.

/** One word of the query: its stems (the word, or the completions of a word being typed) and its weight. */
export interface QueryTerm {
  stems: string[];
  /** How many searched questions hold it (the most of its stems). */
  docs: number;
  /** 1 for a word as typed; less for a related word. */
  weight: number;
  /** A word's related words (WordNet), not typed: left out of the coverage and of phrases. */
  expansion?: boolean;
}

export const RANKING = {
  k1: 1.2,
  b: 0.75,
  /** Title, question, keywords, description, answer. */
  fieldWeights: [6, 6, 4, 2.5, 1],
  /** Two query words next to each other (in order, at most one word between) in a short field. */
  phrase: 2,
  /** The score is multiplied by (1 − coverage) + coverage × the share of the query's rarity a question holds. */
  coverage: 0.5,
  /** The weight of a word's related words (WordNet: `primate` for `monkeys`). */
  relatedWeight: 0.5,
  /** At most this many of a word's related words (WordNet lists the closest first). */
  relatedStems: 8,
};

export function idf(docs: number, count: number): number {
  return Math.log(1 + (count - docs + 0.5) / (docs + 0.5));
}

const termsByStem = new WeakMap<QueryTerm[], Map<string, number[]>>();

/** Which of the query's terms each stem belongs to (a stem may be a word's and a related word's). */
function termsOfStems(terms: QueryTerm[]): Map<string, number[]> {
  let index = termsByStem.get(terms);
  if (!index) {
    index = new Map();
    terms.forEach((term, i) => {
      for (const s of new Set(term.stems)) index!.set(s, [...(index!.get(s) ?? []), i]);
    });
    termsByStem.set(terms, index);
  }
  return index;
}

/**
 * How often each term's stems occur in each field (title, question, keywords, description,
 * answer): one walk of the vector's words, looking each up among the query's stems.
 */
function termFrequencies(v: TermVector, terms: QueryTerm[]): number[][] {
  const index = termsOfStems(terms);
  const tf = terms.map(() => [0, 0, 0, 0, 0]);
  for (let f = 0; f < 4; f++) {
    for (const word of v.short[f as 0 | 1 | 2 | 3]) for (const i of index.get(word) ?? []) tf[i]![f]!++;
  }
  for (const entry of v.answer.split(' ')) {
    if (entry === '') continue;
    const star = entry.indexOf('*');
    const found = index.get(star === -1 ? entry : entry.slice(0, star));
    if (found) for (const i of found) tf[i]![4]! += star === -1 ? 1 : Number(entry.slice(star + 1));
  }
  return tf;
}

/** Whether stems of `a` and then `b` stand within two places of each other in `field`. */
function adjacent(field: string[], a: string[], b: string[]): boolean {
  for (let i = 0; i < field.length; i++) {
    if (!a.includes(field[i]!)) continue;
    if (b.includes(field[i + 1]!) || b.includes(field[i + 2]!)) return true;
  }
  return false;
}

export function scoreOf(v: TermVector, terms: QueryTerm[], stats: SearchStats): number {
  const { k1, b, fieldWeights } = RANKING;
  const lengths = [...v.short.map((f) => f.length), v.answerLength];
  const frequencies = termFrequencies(v, terms);
  let score = 0;
  let held = 0;
  let all = 0;
  const weights = terms.map((t) => t.weight * idf(t.docs, stats.count));
  terms.forEach((term, i) => {
    const w = weights[i]!;
    if (!term.expansion) all += w;
    let found = false;
    for (let f = 0; f < 5; f++) {
      const tf = frequencies[i]![f]!;
      if (tf === 0) continue;
      found = true;
      const norm = 1 - b + (b * lengths[f]!) / (stats.averageLengths[f] || 1);
      score += fieldWeights[f]! * w * ((tf * (k1 + 1)) / (tf + k1 * norm));
    }
    if (found && !term.expansion) held += w;
  });
  for (let i = 0; i + 1 < terms.length; i++) {
    const [a, c] = [terms[i]!, terms[i + 1]!];
    if (a.expansion || c.expansion) break;
    for (let f = 0; f < 4; f++) {
      if (adjacent(v.short[f as 0 | 1 | 2 | 3], a.stems, c.stems)) {
        score += RANKING.phrase * (fieldWeights[f]! / fieldWeights[0]!) * Math.min(weights[i]!, weights[i + 1]!);
        break;
      }
    }
  }
  return all === 0 ? score : score * (1 - RANKING.coverage + (RANKING.coverage * held) / all);
}
