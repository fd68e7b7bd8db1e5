// How text becomes search words, shared by the content step (which indexes) and the search
// (which queries): Unicode letters and digits, lower case, accents folded (café → cafe).

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
