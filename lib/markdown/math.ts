import katex from 'katex';
import { opensInlineMath } from '../math-delimiters';

// Math is taken out of the Markdown before it is parsed and put back, typeset, after it is
// sanitised. Markdown would otherwise eat the backslashes of `\(`, `\[` and `\\`, split table
// cells on the `|` of `$|x|$`, and read "$50,000 … $10,000" as a formula.

export interface Formula {
  tex: string;
  display: boolean;
}

/** Stands in for formula n in the Markdown: private-use characters that Markdown leaves alone. */
const placeholder = (n: number) => `\uE000${n}\uE001`;
export const PLACEHOLDER = /\uE000(\d+)\uE001/g;

const PARAGRAPH_BREAK = /\n[ \t]*\n/;

/** Replaces every formula outside code with a placeholder; returns the formulas in order. */
export function extractMath(markdown: string): { markdown: string; formulas: Formula[] } {
  const formulas: Formula[] = [];
  let out = '';
  let fence = '';
  let lineStart = true;

  const take = (tex: string, display: boolean) => {
    out += placeholder(formulas.length);
    formulas.push({ tex: tex.trim(), display });
  };

  for (let i = 0; i < markdown.length; ) {
    const c = markdown[i]!;
    if (c === '\n') {
      out += c;
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      out += c;
      i++;
      continue;
    }

    // Code: fenced blocks and inline spans are copied as they are.
    if (c === '`' || c === '~') {
      const run = /^(`+|~+)/.exec(markdown.slice(i, i + 64))![0];
      if (fence) {
        if (lineStart && run[0] === fence[0] && run.length >= fence.length) fence = '';
      } else if (lineStart && run.length >= 3) {
        fence = run;
      } else if (c === '`') {
        const end = closingRun(markdown, i, run.length);
        if (end !== -1) {
          out += markdown.slice(i, end);
          i = end;
          lineStart = false;
          continue;
        }
      }
      out += run;
      i += run.length;
      lineStart = false;
      continue;
    }
    if (fence) {
      out += c;
      i++;
      lineStart = false;
      continue;
    }
    lineStart = false;

    if (c === '\\') {
      const next = markdown[i + 1];
      if (next === '(' || next === '[') {
        const close = markdown.indexOf(next === '(' ? '\\)' : '\\]', i + 2);
        if (close !== -1 && !PARAGRAPH_BREAK.test(markdown.slice(i, close))) {
          take(markdown.slice(i + 2, close), next === '[');
          i = close + 2;
          continue;
        }
      }
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }

    if (c === '$') {
      if (markdown[i + 1] === '$') {
        const close = markdown.indexOf('$$', i + 2);
        if (close !== -1 && !PARAGRAPH_BREAK.test(markdown.slice(i, close))) {
          take(markdown.slice(i + 2, close), true);
          i = close + 2;
          continue;
        }
        out += '$$';
        i += 2;
        continue;
      }
      const close = inlineClose(markdown, i);
      if (close !== -1 && opensInlineMath(markdown.slice(i + 1, close), markdown[close + 1])) {
        take(markdown.slice(i + 1, close), false);
        i = close + 1;
        continue;
      }
    }

    out += c;
    i++;
  }
  return { markdown: out, formulas };
}

/** The index of the `$` closing inline math opened at `at`, within its paragraph, or -1. */
function inlineClose(md: string, at: number): number {
  for (let j = at + 1; j < md.length; j++) {
    const c = md[j];
    if (c === '\\') j++;
    else if (c === '$') return md[j + 1] === '$' ? -1 : j;
    else if (c === '\n' && /^\n[ \t]*\n/.test(md.slice(j, j + 16))) return -1;
  }
  return -1;
}

/** The end of the inline code span opened by `len` backticks at `at`, or -1 when it has none. */
function closingRun(md: string, at: number, len: number): number {
  for (let j = at + len; j < md.length; j++) {
    if (md[j] === '\n' && /^\n[ \t]*\n/.test(md.slice(j, j + 16))) return -1;
    if (md[j] !== '`') continue;
    let k = j;
    while (md[k] === '`') k++;
    if (k - j === len) return k;
    j = k;
  }
  return -1;
}

export type Typeset = { html: string; error: null } | { html: null; error: string };

/**
 * KaTeX paints commands it will not run (`\href`, `\includegraphics`: nothing is trusted) in
 * this colour instead of throwing; a colour no formula asks for, so such output can be refused.
 */
const REFUSED_COLOR = '#cc0001';

/** KaTeX HTML with MathML beside it for screen readers, or KaTeX's reason for refusing. */
export function typeset(formula: Formula): Typeset {
  try {
    const html = katex.renderToString(formula.tex, {
      displayMode: formula.display,
      throwOnError: true,
      output: 'htmlAndMathml',
      strict: 'ignore',
      trust: false,
      errorColor: REFUSED_COLOR,
    });
    if (html.includes(REFUSED_COLOR)) return { html: null, error: 'uses a command that is not allowed (links, images, HTML)' };
    return { html, error: null };
  } catch (error) {
    return { html: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where KaTeX's stylesheet and fonts are served (copied to public/ by next.config.js). */
export const KATEX_ASSETS = `/katex/${katex.version}`;

/** KaTeX's font files and the classes in its HTML that use them (the common ones). */
const FONTS: [string, RegExp][] = [
  ['KaTeX_Main-Regular', /class="katex"/],
  ['KaTeX_Math-Italic', /\bmathnormal\b/],
  ['KaTeX_Main-Bold', /\b(mathbf|textbf)\b/],
  ['KaTeX_AMS-Regular', /\b(amsrm|mathbb)\b/],
  ['KaTeX_Size1-Regular', /\bsize1\b/],
  ['KaTeX_Size2-Regular', /\bsize2\b/],
  ['KaTeX_Size3-Regular', /\bsize3\b/],
  ['KaTeX_Size4-Regular', /\bsize4\b/],
];

/**
 * The urls of the fonts a page's formulas use, to preload: the browser then has them before
 * it first lays the text out, instead of reflowing it when they arrive.
 */
export function fontsUsed(html: string): string[] {
  return FONTS.filter(([, used]) => used.test(html)).map(([font]) => `${KATEX_ASSETS}/fonts/${font}.woff2`);
}
