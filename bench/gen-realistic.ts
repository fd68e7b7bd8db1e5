// N question files like ../shared/bench/gen-corpus.mjs writes, but with a realistic vocabulary:
// 30,000 made-up words drawn with Zipf's law, so that a question's rarest title words tell it
// apart as they do in real titles (gen-corpus draws every word from 60, so they never do); and
// realistic keywords, shared across subjects with a long tail (see keywords() below). For the
// search and topics benchmarks. Usage: tsx bench/gen-realistic.ts OUT_DIR N
import fs from 'node:fs';
import path from 'node:path';

const [out, count] = [process.argv[2]!, Number(process.argv[3])];
let seed = 11;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const SYLLABLES =
  'ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu'.split(
    ' ',
  );
const VOCABULARY = Array.from({ length: 30_000 }, (_, i) => {
  let word = '';
  for (let n = i + SYLLABLES.length; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});
// Zipf: the k-th word is drawn with weight 1/k (cumulative table, binary search).
const cumulative: number[] = [];
VOCABULARY.reduce((sum, _, k) => (cumulative[k] = sum + 1 / (k + 1)), 0);
const word = () => {
  const x = random() * cumulative[cumulative.length - 1]!;
  let [lo, hi] = [0, cumulative.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
};
const words = (n: number) => Array.from({ length: n }, word).join(' ');

/** A Zipf–Mandelbrot draw (weight 1/(k + q)^s) from ranks 0 … size − 1. */
function zipfMandelbrot(size: number, q: number, s: number): () => number {
  const table = new Float64Array(size);
  let sum = 0;
  for (let k = 0; k < size; k++) table[k] = sum += 1 / (k + 1 + q) ** s;
  return () => {
    const x = random() * sum;
    let [lo, hi] = [0, size - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (table[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// Keywords, fitted to the public corpus (35,915 files: 129,788 distinct keywords, 15,753 used by
// 5 questions or more, 3,201 by 20 or more, the most used by 790): 8 to 13 a question; 80% drawn
// from shared phrases by Zipf–Mandelbrot (q 30, s 0.85), 20% phrases of their own. At 35,915
// files this gives about 113,000 distinct, 14,600 used 5 times or more, 2,400 used 20 times, the
// most used 786. The shared phrases grow with the corpus (40,000 × √(N / 35,915)), as a real
// vocabulary does. One use in ten is capitalised and one in twenty plural: spellings that topics merge.
const PHRASES = Math.round(40_000 * Math.sqrt(count / 35_915));
const phraseRank = zipfMandelbrot(PHRASES, 30, 0.85);
const phraseOf = (rank: number) => {
  const parts = [VOCABULARY[(rank * 7919) % VOCABULARY.length]!];
  if (rank % 3 !== 0) parts.push(VOCABULARY[(rank * 104729 + 13) % VOCABULARY.length]!);
  if (rank % 7 === 1) parts.push(VOCABULARY[(rank * 1299709 + 7) % VOCABULARY.length]!);
  return parts.join(' ');
};
let own = 0;
function keywords(): string[] {
  return Array.from({ length: 8 + Math.floor(random() * 6) }, () => {
    if (random() >= 0.8) return `${words(2)} ${(own++).toString(36)}`;
    let phrase = phraseOf(phraseRank());
    if (random() < 0.05) phrase += 's';
    return random() < 0.1 ? phrase[0]!.toUpperCase() + phrase.slice(1) : phrase;
  });
}
const SUBJECTS = ['Biology', 'Chemistry', 'Physics', 'Mathematics', 'Computer Science', 'History', 'Economics', 'Psychology'];
const STARTS = ['What is', 'How does', 'Why is', 'What are the differences between', 'How do you calculate', 'Can you explain'];

fs.rmSync(out, { recursive: true, force: true });
for (let i = 0; i < count; i++) {
  const subject = SUBJECTS[i % SUBJECTS.length]!;
  const subjectSlug = subject.toLowerCase().replace(/ /g, '-');
  const title = `${STARTS[Math.floor(random() * STARTS.length)]} ${words(4 + Math.floor(random() * 4))}?`;
  const slug = `${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${i}`;
  const answer = [
    `${words(20)}.`,
    '### Key points',
    ...Array.from({ length: 4 }, (_, k) => `${k + 1}. **${words(2)}**: ${words(25)}.`),
    `In summary, ${words(15)}.`,
  ].join('\\n\\n');
  const text =
    `---\n_schema: default\nid: ${i + 1}\ndate: 2025-0${1 + (i % 9)}-1${i % 10}\ntitle: >-\n    ${title}\narticle_title: >-\n    ${title}\n` +
    `date_format: MMM DD, YYYY\npost_on_text: Posted on\nseo:\n  title: QuickTakes | ${subject}\n  page_description: >-\n    ${words(20)}.\n` +
    `  page_keywords: >-\n    ${keywords().join(', ')}\nauthor: QuickTakes\nquestion: >-\n    ${title}\nanswer: >-\n    ${answer}\n` +
    `subject: ${subject}\nfile_name: ${slug}.md\nurl: /learn/${subjectSlug}/questions/${slug}\n---\n\n&nbsp;\n`;
  fs.mkdirSync(path.join(out, subjectSlug), { recursive: true });
  fs.writeFileSync(path.join(out, subjectSlug, `${slug}.md`), text);
}
console.log(`wrote ${count} questions under ${out}`);
