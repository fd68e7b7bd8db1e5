// The folder the end-to-end tests build the site from: the sample content, the hostile
// fixtures, and 60 short questions in one subject so that it has a second listing page (whose
// questions are not prerendered: they exercise on-demand rendering).
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const E2E_CONTENT = path.join(ROOT, 'e2e', '.content');
export const FILLER_SUBJECT = 'world-history';
export const FILLER_COUNT = 60;

fs.rmSync(E2E_CONTENT, { recursive: true, force: true });
fs.cpSync(path.join(ROOT, 'content'), E2E_CONTENT, { recursive: true });
fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'hostile'), E2E_CONTENT, { recursive: true });

fs.mkdirSync(path.join(E2E_CONTENT, FILLER_SUBJECT));
for (let n = 1; n <= FILLER_COUNT; n++) {
  const slug = `world-history-practice-question-${n}`;
  const day = new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const text = `---
_schema: default
id: ${980000 + n}
date: ${day}
title: >-
    World history practice question ${n}: what changed in year ${1800 + n}?
article_title: >-
    World history practice question ${n}: what changed in year ${1800 + n}?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | World History
  page_description: >-
    Practice question ${n} about the year ${1800 + n}.
  page_keywords: >-
    history, practice, ${1800 + n}
author: QuickTakes
question: >-
    World history practice question ${n}: what changed in year ${1800 + n}?
answer: >-
    A short practice answer about ${1800 + n}.\\n\\n### Key points\\n\\n1. **Trade**: routes changed.\\n2. **Politics**: borders moved.
subject: World History
file_name: ${slug}.md
url: /learn/${FILLER_SUBJECT}/questions/${slug}
---

&nbsp;
`;
  fs.writeFileSync(path.join(E2E_CONTENT, FILLER_SUBJECT, `${slug}.md`), text);
}
console.log(`e2e content: ${E2E_CONTENT}`);
