import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseQuestionFile } from '../lib/content/model/parse-file';
import { renderAnswer } from '../lib/markdown/render';

// One fixture per class of formula the real corpus writes (test/fixtures/formulas): the escaped
// file goes in through the loader, the rendered answer is checked.

const FIXTURES = path.join(import.meta.dirname, 'fixtures/formulas');

function load(file: string) {
  const result = parseQuestionFile(file, fs.readFileSync(path.join(FIXTURES, file)));
  assert.ok(result.question, JSON.stringify(result.problems));
  return { answer: result.question.answer, ...renderAnswer(result.question.answer) };
}

/** The text a reader sees: no tags, no TeX annotations. */
const visibleText = (html: string) => html.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]+>/g, '');

test('chemistry (\\ce) is typeset by mhchem: arrows, subscripts, charges', () => {
  const { html, mathErrors } = load('chemistry/how-does-ethanol-burn.md');
  assert.deepEqual(mathErrors, []);
  assert.doesNotMatch(visibleText(html), /\\ce|->/, 'no source left');
  const [reaction, sp3, water, , sulfate] = html.split('<span class="katex">').slice(1);
  assert.match(reaction!, /<mo[^>]*>→<\/mo>/, 'the reaction arrow');
  assert.match(reaction!, /<msub>.*?<mn>2<\/mn>.*?<\/msub>.*?<msub>.*?<mn>5<\/mn>/, 'C2H5: subscripts');
  assert.match(sp3!, /<msup>.*<mn>3<\/mn><\/msup>/, 'sp^3: a superscript');
  assert.match(water!, /<mi mathvariant="normal">H<\/mi><msub>.*<mn>2<\/mn>.*<\/msub><mi mathvariant="normal">O<\/mi>/);
  assert.match(html, /<msup>.*?<mrow><mn>3<\/mn><mo>\+<\/mo><\/mrow><\/msup>/, 'Fe^3+: a charge');
  assert.match(html, /<div class="math-display"><span class="katex-display">/, 'the displayed equilibrium');
  assert.match(html, /[⇌]|harpoons|<mo[^>]*>⇌<\/mo>/, 'the equilibrium arrow');
  assert.match(sulfate!, /<msup>.*?<mrow><mn>2<\/mn><mo>−<\/mo><\/mrow><\/msup>/, 'SO4^2-: a negative charge');
});

test('a short \\n command after a line break and indentation stays a command (De Morgan)', () => {
  const { answer, html, mathErrors } = load('mathematics/what-are-de-morgans-laws.md');
  assert.match(answer, /as:\n {3}\$\$\n {3}\\neg \(P \\land Q\) \\equiv \\neg P \\lor \\neg Q\n {3}\$\$\n2\./);
  assert.match(answer, /\\\[\n {3}\\nu\(A\) \\neq \\nu\(B\)/, '\\nu and \\neq after \\[ and an indented line break');
  assert.match(answer, /\n {3}\\ni x, \\quad \\not\\subset, \\quad \\nabla f\n/, '\\ni, \\not and \\nabla');
  assert.deepEqual(mathErrors, []);
  assert.equal(html.match(/class="katex-display"/g)?.length, 4, 'every display formula typeset');
  assert.doesNotMatch(visibleText(html), /\$\$|\\neg|\\\[|(^|\s)eg\b/, 'no delimiter, source or stray "eg" left');
  assert.match(html, /<mi mathvariant="normal">¬<\/mi>/);
  assert.match(html, /<mo>∋<\/mo>/);
});

test('\\n\\nu after a display opener is ν, while $$\\nu(t) stays a line break and u(t)', () => {
  const { answer, html, mathErrors } = load('physics/what-is-poissons-ratio.md');
  assert.match(answer, /\$\$\n\\nu = -\\frac\{\\epsilon_t\}\{\\epsilon_a\}\n\$\$/);
  assert.deepEqual(mathErrors, []);
  assert.match(html, /<mi>ν<\/mi><mo>=<\/mo><mo>−<\/mo><mfrac>/);
  const pid = parseQuestionFile(
    'pid.md',
    fs.readFileSync(path.join(import.meta.dirname, 'fixtures/quirks/computer-science/how-does-a-pid-controller-compute-its-output.md')),
  );
  assert.match(pid.question!.answer, /\$\$\nu\(t\) = K_p/, 'the controller output u(t), as before');
});

test('math in headings reads as text in the table of contents and the id, never as TeX', () => {
  const { toc, html } = load('mathematics/how-do-you-prove-that-the-square-root-of-2-is-irrational.md');
  assert.deepEqual(toc, [
    { id: 'example-proving-that-2-is-irrational', text: 'Example: Proving that √2 is Irrational', depth: 2 },
    { id: 'a-truth-table-for-p--q', text: 'A truth table for ¬(p ∧ q)', depth: 2 },
    { id: 'chemistry-aside-h2o', text: 'Chemistry aside: H₂O', depth: 2 },
  ]);
  assert.match(html, /<h2 id="example-proving-that-2-is-irrational">Example: Proving that <span class="katex">/, 'the heading itself is typeset');
  for (const entry of toc) assert.doesNotMatch(entry.text + entry.id, /\\|\{|\}/);
});

test('a literal % in \\text{} is a percent sign; a real comment and % in code are untouched', () => {
  const { html, mathErrors } = load('statistics/what-is-a-confidence-interval.md');
  const ci = html.split('<span class="katex-display">')[1]!;
  assert.match(ci, /<mtext>95%\sCI<\/mtext>/);
  assert.match(ci, /<mtext>SEM<\/mtext>/, 'the formula is not cut at %');
  const comment = html.split('<span class="katex-display">')[2]!;
  assert.doesNotMatch(visibleText(comment.split('</annotation>')[1] ?? comment), /first value/, 'a comment stays a comment');
  assert.match(comment, /<mo>\+<\/mo><mn>2<\/mn>/, 'and the next line is read');
  assert.match(html, /<span class="hljs-comment">% 95% interval<\/span>/, '% in code is as written');
  assert.match(html, /<code>fprintf\("%d%%"\)<\/code>/);
  // An unknown macro is still refused, and shown as its source.
  assert.deepEqual(
    mathErrors.map((e) => e.tex),
    ['\\struct{x}'],
  );
  assert.match(html, /<code class="math-source" title="Formula shown as written">\\struct\{x\}<\/code>/);
});
