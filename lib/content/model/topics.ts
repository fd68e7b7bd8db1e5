import { createHash } from 'node:crypto';

// Topics: the ideas questions name in `seo.page_keywords`, across subjects. A keyword's key is
// what two spellings of one idea share (case, Unicode form, accents, punctuation and spacing,
// the plural of its last word); a key carried by TOPIC_MIN_QUESTIONS questions or more is a
// topic, with a page at /learn/topics/<slug>. Pure functions: the content step and the store
// both use them.

/**
 * A topic page lists at least this many questions. Below it, a page repeats what a question
 * page's own related links already offer, and search engines treat such tag pages as thin.
 * On the public corpus 15,753 keywords reach it (3,201 reach 20); five is also the number of
 * related links a question file carries, so a topic is never a shorter list than those.
 */
export const TOPIC_MIN_QUESTIONS = 5;

/** Topics listed per page of /learn/topics. */
export const TOPICS_PER_PAGE = 300;

// A leading dot stays (".NET"); a trailing one goes (the end of a sentence).
const SURROUNDING = /^[\s"'“”‘’«»()[\]{}<>,;:!?*…]+|[\s"'“”‘’«»()[\]{}<>,;:!?*.…]+$/gu;

/** Lower-case ASCII words, one space apart: most keywords, and every key a slug spells. */
const ASCII_WORDS = /^[a-z0-9]+( [a-z0-9]+)*$/;

/** A keyword as written, tidied for display: Unicode NFKC, spacing collapsed, surrounding punctuation gone. */
export function keywordSpelling(keyword: string): string {
  if (ASCII_WORDS.test(keyword)) return keyword;
  return keyword.normalize('NFKC').replace(/\s+/g, ' ').replace(SURROUNDING, '');
}

const GREEK: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  ζ: 'zeta',
  η: 'eta',
  θ: 'theta',
  ι: 'iota',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  ν: 'nu',
  ξ: 'xi',
  ο: 'omicron',
  π: 'pi',
  ρ: 'rho',
  σ: 'sigma',
  ς: 'sigma',
  τ: 'tau',
  υ: 'upsilon',
  φ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
};
/** Symbols that tell keywords apart (C, C++ and C#), spelt out so that the key keeps them. */
const SYMBOLS: Record<string, string> = { '+': 'plus', '#': 'sharp', '&': 'and', '@': 'at', '%': 'percent' };

/**
 * Words ending in s that are not plurals, or whose plural means something else than the
 * singular (news, arts, goods, means): never reduced.
 */
const NOT_PLURAL = new Set(
  (
    'news means arts goods customs humanities manners arms https windows series species lens kubernetes jenkins mars ' +
    'gas bias canvas atlas alias pandas texas saas paas iaas christmas pancreas chaos ethos pathos logos cosmos kudos ' +
    'asbestos macos ios dos sas aids covid always perhaps whereas various previous thus yes plus minus bonus status ' +
    'physics headquarters crossroads barracks odds outskirts sales thanks clothes economics politics statistics ethics'
  ).split(' '),
);
/** Plurals no suffix rule gets right. */
const IRREGULAR: Record<string, string> = {
  analyses: 'analysis',
  hypotheses: 'hypothesis',
  theses: 'thesis',
  crises: 'crisis',
  diagnoses: 'diagnosis',
  syntheses: 'synthesis',
  parentheses: 'parenthesis',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  appendices: 'appendix',
  stimuli: 'stimulus',
  nuclei: 'nucleus',
  fungi: 'fungus',
  curricula: 'curriculum',
  viruses: 'virus',
  buses: 'bus',
  campuses: 'campus',
  bonuses: 'bonus',
  statuses: 'status',
  quizzes: 'quiz',
  children: 'child',
  mice: 'mouse',
  teeth: 'tooth',
  feet: 'foot',
  geese: 'goose',
  women: 'woman',
  men: 'man',
};
/** Singulars ending in -ie, whose plural -ies is not -y. */
const IE_WORDS = new Set(
  'movie cookie calorie zombie rookie brownie selfie smoothie prairie freebie hippie goalie auntie budgie pixie genie hoodie newbie lingerie sortie birdie boogie cutie foodie indie junkie techie veggie tie pie lie die'.split(
    ' ',
  ),
);
const KEEP_ES = new Set('shoe toe canoe oboe hoe foe'.split(' '));

/**
 * The singular of an English word where the rule is safe; the word itself where it is not
 * (words in -ss, -us, -is and -ics, words of three letters or fewer, the NOT_PLURAL list).
 */
export function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word]!;
  if (word.length <= 3 || !word.endsWith('s') || NOT_PLURAL.has(word) || !/^[a-z]+$/.test(word)) return word;
  if (/(ss|us|is|ics)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length >= 5) return IE_WORDS.has(word.slice(0, -1)) ? word.slice(0, -1) : `${word.slice(0, -3)}y`;
  if (/(sses|xes|zzes|shes|oes)$/.test(word)) return KEEP_ES.has(word.slice(0, -1)) ? word.slice(0, -1) : word.slice(0, -2);
  // -ches: "approaches", "batches", "branches" lose -es; "caches", "niches", "headaches" lose -s.
  if (word.endsWith('ches')) return /([^aeiou]|oa|ea|ee|ou)ches$/.test(word) ? word.slice(0, -2) : word.slice(0, -1);
  return word.slice(0, -1);
}

/**
 * What spellings of one idea share: lower case, NFKC, accents folded, Greek letters named,
 * C++/C#/R&D's symbols spelt out, apostrophes dropped, any other punctuation a space, and the
 * last word singular. "Newton’s Laws", "newtons law" and "Newton's law" are one key; so are
 * "divide-and-conquer" and "divide and conquer", "α-helix" and "alpha helix". Empty when the
 * keyword has no letters or digits.
 */
export function topicKey(keyword: string): string {
  return keyOf(keywordSpelling(keyword));
}

/** topicKey() of a keyword already tidied by keywordSpelling(). */
function keyOf(spelling: string): string {
  // Most keywords are plain lower-case words: only their last word needs a look.
  if (ASCII_WORDS.test(spelling)) {
    const cut = spelling.lastIndexOf(' ') + 1;
    return spelling.slice(0, cut) + singular(spelling.slice(cut));
  }
  let text = spelling
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
  text = text.replace(/[α-ω]/g, (c) => ` ${GREEK[c] ?? c} `);
  text = text.replace(/^\.(?=[a-z])/, 'dot ').replace(/['’‘`´]/g, '');
  text = text.replace(/[+#&@%]/g, (c) => ` ${SYMBOLS[c]} `);
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return '';
  // An acronym's plural as written (APIs, GPUs) loses its s; any other last word, by singular().
  const acronymPlural = /(?:^|[^\p{L}])\p{Lu}{2,}s[^\p{L}\p{N}]*$/u.test(spelling);
  const last = words[words.length - 1]!;
  words[words.length - 1] = acronymPlural ? last.slice(0, -1) : singular(last);
  return words.join(' ');
}

export const hashOf = (key: string) => createHash('sha1').update(key).digest('hex');

/**
 * A topic's url slug, a function of its key alone, so it stays the same from build to build.
 * A key of ASCII letters and digits is its own slug, spaces as hyphens (one key, one slug, and
 * back). Any other key (another script, as in "量子力学") keeps its ASCII words and adds `--` and
 * the start of a hash of the key: a double hyphen, which no ASCII key's slug has, so the two
 * kinds never meet. `hashLength` is for tests; slugHashClash() says what happens when two
 * hashes agree.
 */
export function topicSlug(key: string, hashLength = 8): string {
  if (ASCII_WORDS.test(key)) return key.replaceAll(' ', '-');
  const ascii = key
    .split(' ')
    .filter((w) => /^[a-z0-9]+$/.test(w))
    .join('-');
  return `${ascii || 'topic'}--${hashOf(key).slice(0, hashLength)}`;
}

/**
 * The rule for two keys whose slugs agree (possible only for hashed slugs, when their hashes
 * begin alike): the key that sorts first keeps the short slug, the others get the whole hash.
 */
export function resolveSlugClash(keys: string[], hashLength = 8): Map<string, string> {
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map((key, i) => [key, i === 0 ? topicSlug(key, hashLength) : topicSlug(key, 40)]));
}

export interface Spelling {
  spelling: string;
  uses: number;
}

/** A topic's display name: its most used spelling; then the one with more capitals (IPv6 over ipv6); then code point order. */
export function displayName(spellings: Spelling[]): string {
  const capitals = (s: string) => s.replace(/[^\p{Lu}]/gu, '').length;
  return [...spellings].sort(
    (a, b) => b.uses - a.uses || capitals(b.spelling) - capitals(a.spelling) || (a.spelling < b.spelling ? -1 : a.spelling > b.spelling ? 1 : 0),
  )[0]!.spelling;
}

/** A question's keywords as [key, spelling] pairs, one per key (the first spelling the file uses). */
export function keywordsOf(keywords: string[]): [key: string, spelling: string][] {
  const seen = new Map<string, string>();
  for (const keyword of keywords) {
    const spelling = keywordSpelling(keyword);
    const key = keyOf(spelling);
    if (key && key.length <= 100 && !seen.has(key)) seen.set(key, spelling);
  }
  return [...seen];
}

/**
 * The letter a topic is listed under in the index: a–z, `0` for digits (which sort first) or
 * `*` for other scripts (which sort last).
 */
export function letterOf(key: string): string {
  return /^[a-z]/.test(key) ? key[0]! : /^[0-9]/.test(key) ? '0' : '*';
}
