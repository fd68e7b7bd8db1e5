import { opensInlineMath } from '../../math-delimiters';

// In the files, the answer is a folded YAML scalar whose line breaks are written as the two
// characters `\` `n`, which YAML leaves alone. Every other backslash is literal: LaTeX such as
// `\( x \)`, `\frac` and the row break `\\` must reach the math renderer unchanged.
//
// The trap is LaTeX commands that begin with `n` inside math (`\neq`, `\nu`): they look exactly
// like an escaped line break. Inside math, `\n` followed by letters is kept as a command when
// those letters spell a KaTeX command that starts with `n`. Where a line break is what authors
// write (right after `$$`, `\[`, a row break `\\` or `\begin{…}`), only a long command is kept:
// `$$\nu(t) = …` in the real files is a line break then `u(t)`, while `$$\nabla f` is the
// gradient (a line would hardly start with "abla"). Right after a line break (indentation
// aside), every command is kept: reading a second line break there would put a blank line inside
// the formula, which ends it, so `$$\n\nu = …` is ν and an indented `\n   \neg` is ¬.

/** KaTeX's commands that begin with `n` (from katex@0.16's function and symbol tables). */
const N_COMMANDS = new Set(
  (
    'nLeftarrow nLeftrightarrow nRightarrow nVDash nVdash nabla natnums natural ncong ne nearrow ' +
    'neg negmedspace negthickspace negthinspace neq newcommand newline nexists ngeq ngeqq ' +
    'ngeqslant ngtr ni nleftarrow nleftrightarrow nleq nleqq nleqslant nless nmid nobreak ' +
    'nobreakspace noexpand nolimits nonumber normalsize not notag notin notni nparallel nprec ' +
    'npreceq nrightarrow nshortmid nshortparallel nsim nsubseteq nsubseteqq nsucc nsucceq ' +
    'nsupseteq nsupseteqq ntriangleleft ntrianglelefteq ntriangleright ntrianglerighteq nu ' +
    'nvDash nvdash nwarrow'
  ).split(' '),
);

type MathCloser = '$' | '$$' | '\\)' | '\\]';

const PARAGRAPH_BREAK = /^\\n[ \t]*\\n/;
const FENCE_RUN = /`+|~+/y;

/** The letters after the backslash at `at`, e.g. `neq` for `\neq 0`. */
function commandAt(raw: string, at: number): string {
  return /^[A-Za-z]+/.exec(raw.slice(at + 1, at + 40))?.[0] ?? '';
}

/** Whether the `$` at `at` opens inline math (see opensInlineMath), in the escaped text. */
function opensMathAt(raw: string, at: number): boolean {
  for (let j = at + 1; j < raw.length; j++) {
    if (raw[j] === '$') return opensInlineMath(raw.slice(at + 1, j), raw[j + 1]);
    if (raw[j] === '\\') {
      if (PARAGRAPH_BREAK.test(raw.slice(j, j + 24))) return false;
      j++;
    }
  }
  return false;
}

/** Whether a run of `len` backticks at `at` has a closing run of the same length in its paragraph. */
function closesInParagraph(raw: string, at: number, len: number): boolean {
  const fence = '`'.repeat(len);
  for (let j = at + len; j < raw.length; j++) {
    if (raw[j] === '\\' && PARAGRAPH_BREAK.test(raw.slice(j, j + 24))) return false;
    if (raw.startsWith(fence, j) && raw[j + len] !== '`' && raw[j - 1] !== '`') return true;
  }
  return false;
}

export function unescapeAnswer(raw: string): string {
  // Most answers have no math: then every `\n` is a line break and `\\` stays as it is.
  if (!raw.includes('$') && !raw.includes('\\(') && !raw.includes('\\[')) {
    return raw.replace(/\\[\\n]/g, (pair) => (pair === '\\n' ? '\n' : pair));
  }
  let out = '';
  let math: MathCloser | null = null;
  let fence = ''; // the backtick or tilde run of the fenced code block we are in
  let codeRun = 0; // the backtick count of the inline code span we are in
  let lineStart = true; // only spaces since the last line break (or the start)
  let breakContext = true; // a `\n` here is a line break before a short command's letters

  for (let i = 0; i < raw.length; ) {
    const c = raw[i]!;
    const next = raw[i + 1];

    if (c === '\\' && next === 'n') {
      const name = commandAt(raw, i);
      if (math && N_COMMANDS.has(name) && (!breakContext || lineStart || name.length >= 5)) {
        out += `\\${name}`;
        i += 1 + name.length;
        lineStart = false;
        continue;
      }
      out += '\n';
      i += 2;
      lineStart = true;
      breakContext = true;
      continue;
    }

    if (c === ' ' || c === '\t') {
      out += c;
      i++;
      continue;
    }

    const inCode = fence !== '' || codeRun > 0;

    if ((c === '`' || c === '~') && !math) {
      FENCE_RUN.lastIndex = i;
      const run = FENCE_RUN.exec(raw)![0];
      if (fence) {
        if (lineStart && run[0] === fence[0] && run.length >= fence.length) fence = '';
      } else if (codeRun) {
        if (c === '`' && run.length === codeRun) codeRun = 0;
      } else if (lineStart && run.length >= 3) {
        fence = run;
      } else if (c === '`' && closesInParagraph(raw, i, run.length)) {
        codeRun = run.length;
      }
      out += run;
      i += run.length;
      lineStart = false;
      breakContext = false;
      continue;
    }

    if (c === '\\' && next !== undefined && (!inCode || next === '\\')) {
      // A two-character escape or LaTeX pair: `\\` (row break), `\(`, `\]`, `\$`, `\{` …
      const pair = c + next;
      out += pair;
      i += 2;
      lineStart = false;
      breakContext = false;
      if (inCode) continue;
      if (!math && (pair === '\\(' || pair === '\\[')) {
        math = pair === '\\(' ? '\\)' : '\\]';
        breakContext = pair === '\\[';
      } else if (math && pair === math) {
        math = null;
      } else if (math && pair === '\\\\') {
        breakContext = true;
      } else if (math && pair === '\\b' && raw.startsWith('egin{', i)) {
        const end = raw.indexOf('}', i);
        if (end !== -1) {
          out += raw.slice(i, end + 1);
          i = end + 1;
          breakContext = true;
        }
      }
      continue;
    }

    if (c === '$' && !inCode) {
      let width = 1;
      if (math === '$$') {
        if (next === '$') [math, width] = [null, 2];
      } else if (math === '$') {
        math = null;
      } else if (!math && next === '$') {
        [math, width] = ['$$', 2];
      } else if (!math && opensMathAt(raw, i)) {
        math = '$';
      }
      out += raw.slice(i, i + width);
      i += width;
      lineStart = false;
      breakContext = math === '$$' && width === 2;
      continue;
    }

    out += c;
    i++;
    lineStart = false;
    breakContext = false;
  }
  return out;
}
