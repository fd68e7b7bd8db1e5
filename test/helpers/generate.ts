import fs from 'node:fs';
import path from 'node:path';

// A generated content folder in the real file format, for tests at a size the samples do not
// reach. Deterministic. Like the real corpus: cross-listed copies (every 7th question, under a
// second subject), a subject written in two casings, titles that two questions share, no_index
// pages, missing scores, related links (some to missing targets), math in some answers.

const SUBJECTS = ['Biology', 'Physics', 'World History', 'Computer science', 'Computer Science'];
const slugOf = (name: string) => name.toLowerCase().replace(/\s+/g, '-');
const WORDS = 'cell energy wave market memory graph matrix enzyme circuit voltage culture evidence sample layer protocol photosynthesis equation café'.split(
  ' ',
);

/** A content folder's files (paths under it), in order: for a test to edit some of them. */
export function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort();
}

export function generateContent(dir: string, n: number): string {
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < n; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length]!;
    const words = [WORDS[i % WORDS.length]!, WORDS[(i * 7 + 3) % WORDS.length]!, WORDS[(i * 13 + 5) % WORDS.length]!];
    // Every 50th title is the same as the one before it: another question, the same title.
    const titleOf = (k: number) => `How does ${WORDS[k % WORDS.length]} relate to ${WORDS[(k * 7 + 3) % WORDS.length]} in case ${k}?`;
    const title = i % 50 === 1 ? titleOf(i - 1) : titleOf(i);
    const slug = `question-${i}-${words[0]!.normalize('NFKD').replace(/[^a-z]/g, '')}`;
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 400) * 86_400_000).toISOString().slice(0, 10);
    const copies = i % 7 === 0 ? [subject, SUBJECTS[(i + 2) % SUBJECTS.length]!] : [subject];
    copies.forEach((copy, c) => {
      const subjectSlug = slugOf(copy);
      const related = [(i + 1) % n, n + i]
        .map(
          (k, r) =>
            `related_article${r + 1}:\n    id: ${k}\n    title: >-\n        Related ${k}\n    subject: ${subject}\n    url: /learn/${slugOf(SUBJECTS[k % SUBJECTS.length]!)}/questions/question-${k}-${WORDS[k % WORDS.length]!.normalize('NFKD').replace(/[^a-z]/g, '')}\n`,
        )
        .join('');
      const text = `---
_schema: default
id: ${i}
date: ${c === 0 ? day : '2025-06-01'}
title: >-
    ${title}
article_title: >-
    ${title}
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | ${copy}
  page_description: >-
    About ${words.join(' and ')} (question ${i}).
  page_keywords: >-
    ${words.join(', ')}
author: QuickTakes
question: >-
    ${title}
answer: >-
    The ${words[0]} of a ${words[1]} matters; compare it with ${WORDS[(i * 5 + 1) % WORDS.length]}.\\n\\n### Key points\\n\\n1. **${words[2]}**: it changes $\\gamma \\neq ${i}$.\\n2. Then $$\\n\\nu = ${i}\\n$$
subject: ${copy}
file_name: ${slug}.md
url: /learn/${subjectSlug}/questions/${slug}
${i % 5 === 0 ? '' : 'score: -1.0\n'}${i % 100 === 3 ? 'no_index: True\n' : ''}${related}---

&nbsp;
`;
      fs.mkdirSync(path.join(dir, subjectSlug), { recursive: true });
      fs.writeFileSync(path.join(dir, subjectSlug, `${slug}.md`), text);
    });
  }
  return dir;
}
