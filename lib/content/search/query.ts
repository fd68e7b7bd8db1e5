import { fold, MAX_WORD, stem, wordsOf } from './search-text';
import type { Snippet } from '../store/store';

// The parts of search that do not depend on the database: what a query means, which words a
// typo could have meant, and how a snippet shows the matched words.

/** Longer than this is not a question anyone typed: answered with a 400. */
export const MAX_QUERY_LENGTH = 500;
/** Words searched at most; the rest of a long query is ignored. */
export const MAX_TERMS = 12;

const STOPWORDS = new Set(
  'a an and are as at be between by can do does for from how in into is it its of on or that the their them these this to was what when where which who why will with you your'.split(
    ' ',
  ),
);

export type ParsedQuery = { terms: string[]; prefix: boolean } | { error: string };

/**
 * A query as words: letters and digits only, folded (so `Café` finds `cafe`). Punctuation,
 * operators, quotes, control and zero-width characters and emoji are not words: nothing the
 * person types ever reaches the database as query syntax.
 */
export function parseQuery(raw: string): ParsedQuery {
  if (raw.length > MAX_QUERY_LENGTH) return { error: `A search can be at most ${MAX_QUERY_LENGTH} characters long.` };
  const words = [...new Set(wordsOf(raw).filter((w) => w.length <= MAX_WORD))];
  // A query ending in a letter may be a word still being typed.
  const prefix = /[\p{L}\p{N}]$/u.test(raw.normalize('NFKC'));
  // Words nearly every question has ("what is the") tell questions apart no better than
  // nothing, and cost the most to match: they are searched only when there is nothing else.
  const content = words.filter((w) => !STOPWORDS.has(w));
  const terms = (content.length > 0 ? content : words).slice(0, MAX_TERMS);
  // …and never as the start of a longer word ("the" would be "the", "then", "theory"…).
  return { terms, prefix: prefix && terms.length > 0 && !STOPWORDS.has(terms[terms.length - 1]!) };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every word one edit away (delete, swap, replace, insert a letter): where a typo may have come from. */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return [...out];
}

/**
 * How many typing slips a word may be corrected for: one from 5 letters, two from 9 (the
 * thresholds Algolia and Meilisearch use); shorter words are too easily another real word.
 */
export function editsAllowed(word: string): number {
  return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
}

/** Edits (insert, delete, replace a letter, swap two neighbours) from `a` to `b`, up to `max` + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return Math.min(rows[a.length]![b.length]!, max + 1);
}

const ENDINGS: [string, string][] = [
  ['s', ''],
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['ies', 'y'],
  ['es', 'e'],
  ['es', ''],
  ['ed', 'e'],
  ['ed', ''],
  ['ing', 'e'],
  ['ing', ''],
  ['er', ''],
  ['est', ''],
];

/** The forms WordNet (./wordnet.ts) may list a word under, the word itself first (`monkeys`: monkey; `studies`: study). */
export function baseForms(word: string): string[] {
  const forms = [word];
  for (const [ending, replacement] of ENDINGS)
    if (word.endsWith(ending) && word.length > ending.length + 2) forms.push(word.slice(0, -ending.length) + replacement);
  return [...new Set(forms)];
}

/** The query with its corrections applied, or null when there are none. */
export function suggestionOf(terms: string[], corrections: Map<string, string>): string | null {
  return corrections.size > 0 ? terms.map((t) => corrections.get(t) ?? t).join(' ') : null;
}

/**
 * The query as a person typed it, with the corrected words replaced ("Showing results for …"):
 * the rest of the query (its case, its small words) kept as typed.
 */
export function correctedQuery(q: string, corrections: [string, string][]): string {
  const to = new Map(corrections);
  return q.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const folded = wordsOf(word).join('');
    return to.get(folded) ?? word;
  });
}

/** Whether a word of a text is one the query matched (same stem, or the typed start of it). */
function matcher(terms: string[], prefix: boolean): (word: string) => boolean {
  const stems = new Set(terms.map(stem));
  const last = prefix ? terms[terms.length - 1] : undefined;
  return (word) => {
    const folded = fold(word);
    return stems.has(stem(folded)) || (last !== undefined && last.length >= 2 && folded.startsWith(last));
  };
}

const SNIPPET_WORDS = 32;

/**
 * Up to about 32 words of `text` around its first matched words, split into runs so that the
 * page shows the matches highlighted (as text, never HTML). Null when no word matches.
 */
export function snippetOf(text: string, terms: string[], prefix: boolean): Snippet | null {
  const isMatch = matcher(terms, prefix);
  const tokens = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/([\p{L}\p{N}]+)/u);
  // tokens alternate: separator, word, separator, word, …
  let first = -1;
  for (let i = 1; i < tokens.length; i += 2) {
    if (isMatch(tokens[i]!)) {
      first = i;
      break;
    }
  }
  if (first === -1) return null;
  const start = Math.max(0, first - 2 * 8 - 1);
  const end = Math.min(tokens.length, start + 2 * SNIPPET_WORDS + 1);
  const runs: Snippet = [];
  const push = (text: string, match: boolean) => {
    const previous = runs[runs.length - 1];
    if (previous && previous.match === match) previous.text += text;
    else if (text) runs.push({ text, match });
  };
  if (start > 0) push('… ', false);
  for (let i = start; i < end; i++) push(tokens[i]!, i % 2 === 1 && isMatch(tokens[i]!));
  if (end < tokens.length) push(' …', false);
  if (runs[0] && !runs[0].match) runs[0].text = runs[0].text.trimStart().replace(/^… +/, '… ');
  return runs;
}

/**
 * A snippet from an answer's Markdown: the first line of prose (not code, a table or a display
 * formula) with a matched word, its markup and inline formulas taken out. Line by line, so that
 * a long answer costs little when its first lines match.
 */
export function answerSnippet(markdown: string, terms: string[], prefix: boolean): Snippet | null {
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^\s*(```|~~~|\||\$\$|\\\[)/.test(line)) continue;
    const prose = line
      .replace(/\\\(.*?\\\)|\$[^$\s][^$]*?\$/g, ' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^\s*(#{1,6}|\d+\.|[-*+]|>)\s+/, '')
      .replace(/[*_`~]+/g, '');
    const snippet = snippetOf(prose, terms, prefix);
    if (snippet) return snippet;
  }
  return null;
}

/** A plain snippet when no word matches: the text's first words. */
export function leadOf(text: string): Snippet {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  return [{ text: words.length > SNIPPET_WORDS ? `${words.slice(0, SNIPPET_WORDS).join(' ')} …` : words.join(' '), match: false }];
}
