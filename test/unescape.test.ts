import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unescapeAnswer } from '../lib/content/model/unescape';

// The answer arrives with its line breaks written as backslash + n (String.raw keeps them so).

test('escaped newlines become paragraph breaks and list items', () => {
  assert.equal(
    unescapeAnswer(String.raw`Reasons:\n\n1. **Clinical Exposure**: yes\n2. **Skills**`),
    'Reasons:\n\n1. **Clinical Exposure**: yes\n2. **Skills**',
  );
});

test('backslashes that are not escapes reach the math renderer unchanged', () => {
  assert.equal(unescapeAnswer(String.raw`Use \( x^2 \) and \[ y \]`), String.raw`Use \( x^2 \) and \[ y \]`);
  assert.equal(unescapeAnswer(String.raw`$\begin{bmatrix} 1 \\ 0 \\ 0 \end{bmatrix}$`), String.raw`$\begin{bmatrix} 1 \\ 0 \\ 0 \end{bmatrix}$`);
  // `\\\nc`: a row break, then a line break, then c.
  assert.equal(unescapeAnswer(String.raw`$$ a \\\nc $$`), '$$ a \\\\\nc $$');
});

test('LaTeX commands beginning with n are kept inside math', () => {
  assert.equal(unescapeAnswer(String.raw`that $\gamma \neq 0$, so`), String.raw`that $\gamma \neq 0$, so`);
  assert.equal(unescapeAnswer(String.raw`frequency $\nu$ and \( \nabla f \)`), String.raw`frequency $\nu$ and \( \nabla f \)`);
  assert.equal(unescapeAnswer(String.raw`$$ H_1: \beta_j \neq 0 $$`), String.raw`$$ H_1: \beta_j \neq 0 $$`);
});

test('a backslash-n in math that spells no command, or follows an opener, is a line break', () => {
  assert.equal(unescapeAnswer(String.raw`$\begin{pmatrix}\na & b\end{pmatrix}$`), '$\\begin{pmatrix}\na & b\\end{pmatrix}$');
  // Real file: the PID output u(t) on the line after `$$`, not the Greek letter nu.
  assert.equal(unescapeAnswer(String.raw`$$\nu(t) = K_p e(t)\n$$`), '$$\nu(t) = K_p e(t)\n$$');
  assert.equal(unescapeAnswer(String.raw`$$\nms^2 + bs + k = 0\n$$`), '$$\nms^2 + bs + k = 0\n$$');
  assert.equal(unescapeAnswer(String.raw`\[\nu = 1\]`), '\\[\nu = 1\\]');
  // …but a long command there is kept: a line would hardly start with "abla".
  assert.equal(unescapeAnswer(String.raw`$$\nabla f = 0$$`), String.raw`$$\nabla f = 0$$`);
});

test('outside math every backslash-n is a line break, even before command-like words', () => {
  assert.equal(unescapeAnswer(String.raw`Done.\nnot yet\neq`), 'Done.\nnot yet\neq');
  assert.equal(unescapeAnswer(String.raw`a grant of $5,000 and\nnot a formula, $1,200`), 'a grant of $5,000 and\nnot a formula, $1,200');
});

test('code is copied with real line breaks and no math', () => {
  const raw = 'Run:\\n\\n```bash\\necho $HOME\\nnot_a_command\\n```\\n\\nand `$x \\neq` too.';
  assert.equal(unescapeAnswer(raw), 'Run:\n\n```bash\necho $HOME\nnot_a_command\n```\n\nand `$x \neq` too.');
});

test('right after a line break inside math (indentation aside), every n command is kept', () => {
  // A second line break there would leave a blank line inside the formula, which ends it.
  assert.equal(unescapeAnswer(String.raw`as:\n   $$\n   \neg P\n   $$`), 'as:\n   $$\n   \\neg P\n   $$');
  assert.equal(unescapeAnswer(String.raw`$$\n\nu = 1$$`), '$$\n\\nu = 1$$');
  assert.equal(unescapeAnswer(String.raw`\[\n\t\ni x\]`), '\\[\n\\t\\ni x\\]');
  // Not after an opener or a row break: there a short command is still a line break.
  assert.equal(unescapeAnswer(String.raw`$$ a \\\nu $$`), '$$ a \\\\\nu $$');
});
