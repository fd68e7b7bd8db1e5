import { stemmer } from 'stemmer';

// How text becomes search words, shared by the content step (which indexes) and the search
// (which queries): Unicode letters and digits, lower case, accents folded (café → cafe), then
// English stems (Porter). Both databases index these stems as written, so SQLite and
// PostgreSQL see the same tokens and a search ranks alike on either.

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** Lower case, accents and compatibility forms folded (`Café` → `cafe`, `ﬁ` → `fi`). */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** The words of a text, folded, in order. */
export function wordsOf(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/**
 * The distinct words a question adds to the "did you mean" vocabulary: those of its title,
 * question and keywords, of a plausible word length.
 */
export function vocabularyOf(title: string, question: string, keywords: string[]): string[] {
  return [...new Set(wordsOf(`${title} ${question} ${keywords.join(', ')}`))].filter((w) => w.length >= 2 && w.length <= 40);
}

/**
 * An answer's Markdown as the full-text index should see it: TeX command names (`\frac`,
 * `\alpha`) are markup, not words a student would search for.
 */
export function answerSearchText(markdown: string): string {
  return markdown.replace(/\\[A-Za-z]+/g, ' ');
}

/** A word spelt backwards, letter by letter (as PostgreSQL's reverse() spells it). */
export function backwards(word: string): string {
  return [...word].reverse().join('');
}

/** Longer than this is not a word anyone searches for (a hash, a run of digits). */
export const MAX_WORD = 40;

const stems = new Map<string, string>();

/** A folded word's stem (`functions` → `function`), cached: words repeat across the corpus. */
export function stem(word: string): string {
  let found = stems.get(word);
  if (found === undefined) {
    found = /^[a-z]+$/.test(word) ? stemmer(word) : word;
    if (stems.size >= 200_000) stems.clear();
    stems.set(word, found);
  }
  return found;
}

/** A text as the index holds it: its words' stems, in order, separated by spaces. */
export function indexText(text: string): string[] {
  return wordsOf(text)
    .filter((w) => w.length <= MAX_WORD)
    .map(stem);
}
