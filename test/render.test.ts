import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadContent } from './helpers/load';
import { renderAnswer } from '../lib/markdown/render';

test('headings start at h2, never skip a level, get ids and feed the table of contents', () => {
  const { html, toc } = renderAnswer('Intro\n\n### First part\n\ntext\n\n#### Detail: $x^2$\n\n### Second part\n\n### Main content');
  assert.match(html, /<h2 id="first-part">First part<\/h2>/);
  assert.match(html, /<h3 id="detail-x2">Detail: <span class="katex">/);
  assert.match(html, /<h2 id="main-content-1">/, 'ids the page itself uses are not taken');
  assert.deepEqual(
    toc.map((e) => [e.depth, e.id]),
    [
      [2, 'first-part'],
      [3, 'detail-x2'],
      [2, 'second-part'],
      [2, 'main-content-1'],
    ],
  );
});

test('lists, bold, links, inline code and GFM tables (which scroll on a phone)', () => {
  const { html } = renderAnswer('1. **One**: `a <b>`\n2. Two\n   - nested [link](https://example.org)\n\n| A | B |\n|---|---|\n| 1 | 2 |');
  assert.match(html, /<ol>\s*<li><strong>One<\/strong>: <code>a &#x3C;b><\/code><\/li>/);
  assert.match(html, /<ul>\s*<li>nested <a href="https:\/\/example.org">link<\/a><\/li>/);
  assert.match(html, /<section class="table-scroll" tabindex="0" aria-label="Table"><table>/);
  assert.match(html, /<td>1<\/td>\s*<td>2<\/td>/);
});

test('fenced code is highlighted at build time and shows its language', () => {
  const { html } = renderAnswer('```python\ndef f(x):\n    return x * 2  # <tag> & "quotes"\n```');
  assert.match(html, /<figure class="code-block"><figcaption>Python<\/figcaption><pre tabindex="0"><code class="hljs language-python">/);
  assert.match(html, /<span class="hljs-keyword">def<\/span>/);
  assert.match(html, /<span class="hljs-comment"># &#x3C;tag> &#x26; "quotes"<\/span>/);
  assert.match(renderAnswer('```\nplain\n```').html, /<figcaption>Code<\/figcaption>/);
});

test('math in all four delimiters is typeset by KaTeX, with MathML for screen readers', () => {
  const { html, mathErrors, fonts } = renderAnswer(
    String.raw`Inline $\gamma \neq 0$ and \( \nu = \frac{c}{\lambda} \).` +
      '\n\n$$\n\\nabla f = 0\n$$\n\n' +
      String.raw`\[ \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix} \]`,
  );
  assert.deepEqual(mathErrors, []);
  // Parts of the split fonts (lib/katex-fonts.mjs): ∇ is among Main's operators, ≠ is drawn with
  // a private-use glyph (Main's "other" block), the Greek letters are not common in Math-Italic.
  assert.deepEqual(
    fonts.map((f) => f.replace(/^\/katex\/[\d.]+-\w+\/fonts\//, '')),
    [
      'KaTeX_Main-Regular.common.woff2',
      'KaTeX_Main-Regular.operators.woff2',
      'KaTeX_Main-Regular.other.woff2',
      'KaTeX_Math-Italic.common.woff2',
      'KaTeX_Math-Italic.greek.woff2',
      'KaTeX_Size3-Regular.woff2',
    ],
  );
  assert.deepEqual(renderAnswer('No formulas here.').fonts, []);
  assert.equal(html.match(/<span class="katex">/g)?.length, 4);
  assert.equal(html.match(/<div class="math-display"><span class="katex-display">/g)?.length, 2);
  assert.match(html, /<annotation encoding="application\/x-tex">\\gamma \\neq 0<\/annotation>/);
  assert.match(html, /<mo mathvariant="normal">≠<\/mo>|<mo>≠<\/mo>/);
  assert.match(html, /class="katex-html" aria-hidden="true"/);
  assert.doesNotMatch(html, /\\\(|\\\[|\$/, 'no delimiter is left as text');
});

test('money is not math, and $|x|$ in a table stays in its cell', () => {
  const money = renderAnswer('Income ($50,000) and debt ($10,000); $2^n$ is math. It costs $5 or $10.').html;
  assert.match(money, /Income \(\$50,000\) and debt \(\$10,000\); <span class="katex">/);
  assert.match(money, /It costs \$5 or \$10\.<\/p>/);
  const table = renderAnswer('| f | value |\n|---|---|\n| $|x|$ | 2 |').html;
  assert.match(table, /<td><span class="katex">.*<\/span><\/td>\s*<td>2<\/td>/s);
});

test('a formula KaTeX refuses is shown as its source, never as a red error', () => {
  const { html, mathErrors } = renderAnswer(String.raw`Broken: $\frac{1}{$ and untrusted: $\href{https://x.org}{x}$`);
  assert.equal(mathErrors.length, 1 + 1);
  assert.match(html, /<code class="math-source" title="Formula shown as written">\\href\{https:\/\/x.org\}\{x\}<\/code>/);
  assert.doesNotMatch(html, /katex-error|#cc0/);
});

test('hostile answers: raw HTML is shown as text, scripts and javascript: links never survive', () => {
  const hostile = loadContent(path.join(import.meta.dirname, 'fixtures/hostile')).questions.find((q) => q.id === 990001)!;
  const { html } = renderAnswer(hostile.answer);
  for (const tag of ['script', 'iframe', 'svg', 'div', 'img src']) assert.doesNotMatch(html, new RegExp(`<${tag}`, 'i'), tag);
  assert.doesNotMatch(html, /<[a-z][^>]*\son\w+\s*=/i, 'no tag with an event handler attribute');
  assert.doesNotMatch(html, /<[a-z][^>]*(href|src)="(javascript|data):/i);
  assert.match(html, /<p>&#x3C;script>alert\("answer"\)&#x3C;\/script><\/p>/, 'shown as text');
  assert.match(html, /Links: click me, /, 'the link text stays, its javascript: target and the link are gone');
  assert.match(html, /<code class="math-source"[^>]*>\\href\{javascript:alert\("katex"\)\}\{x\}<\/code>/);
});

test('answers are text: images become their alt text, links that are not web addresses their text, heading ids never start with "_"', () => {
  const { html, toc } = renderAnswer(
    '![a diagram](https://tracker.example/p.png) and [notes](notes.html), [site](/learn/physics), [web](https://example.org) and [mail](mailto:a@example.org)\n\n## __next_f\n\n```"><b>x\ncode\n```',
  );
  assert.doesNotMatch(html, /<img/);
  assert.match(
    html,
    /<p>a diagram and notes, <a href="\/learn\/physics">site<\/a>, <a href="https:\/\/example.org">web<\/a> and <a href="mailto:a@example.org">mail<\/a><\/p>/,
  );
  assert.deepEqual(
    toc.map((t) => t.id),
    ['next_f'],
  );
  assert.match(html, /<figcaption>Code<\/figcaption><pre tabindex="0"><code class="hljs">code/);
});
