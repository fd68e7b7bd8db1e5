import katex from 'katex';
// Registers \ce and \pu (chemistry: reactions, formulas, charges) on this KaTeX; server only.
import 'katex/contrib/mhchem';
import { blockOf, SPLIT_FONTS, SPLIT_ID } from '../katex-fonts.mjs';
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
    // Whitespace is copied; a new line starts after a newline, and indentation keeps it started.
    if (c === '\n' || c === ' ' || c === '\t') {
      out += c;
      i++;
      if (c === '\n') lineStart = true;
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
    const html = katex.renderToString(percentsAsText(formula.tex), {
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

/** Commands whose argument is text, where authors write `%` meaning a percent sign. */
const TEXT_COMMAND = /\\(?:text(?:bf|it|rm|sf|tt|normal)?|mbox|mathrm|operatorname)\s*\{/g;

/**
 * `\text{95% CI}`: in TeX `%` starts a comment, which would cut the formula there; inside a text
 * argument authors mean the percent sign, so it is escaped. A `%` elsewhere (a comment at the end
 * of a line) is left to KaTeX.
 */
export function percentsAsText(tex: string): string {
  if (!tex.includes('%')) return tex;
  let out = '';
  let last = 0;
  for (const match of tex.matchAll(TEXT_COMMAND)) {
    let depth = 1;
    let i = match.index + match[0].length;
    if (i <= last) continue; // nested in a group already rewritten
    out += tex.slice(last, i);
    for (; i < tex.length && depth > 0; i++) {
      const c = tex[i]!;
      if (c === '\\') {
        out += tex.slice(i, i + 2);
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') depth--;
      out += c === '%' ? '\\%' : c;
    }
    last = i;
  }
  return out + tex.slice(last);
}

/**
 * A formula as plain readable text (`√2`, `¬(p ∧ q)`, `C₂H₅OH`), for where markup cannot go: a
 * table of contents entry, a heading's id. Read from KaTeX's own MathML, so every symbol is
 * KaTeX's; a formula KaTeX refuses reads as its source, as it is shown.
 */
export function formulaText(formula: Formula): string {
  let mathml: string;
  try {
    mathml = katex.renderToString(percentsAsText(formula.tex), { output: 'mathml', throwOnError: true, strict: 'ignore', trust: false });
  } catch {
    return formula.tex;
  }
  return mathmlText(parseMathml(mathml))
    .replace(/\s+/g, ' ')
    .replace(/([([{]) /g, '$1')
    .replace(/ ([)\]},.;!])/g, '$1')
    .trim();
}

interface MathmlNode {
  tag: string;
  children: (MathmlNode | string)[];
}

/** KaTeX's MathML as a tree: its own output, well formed, with no comments or CDATA. */
function parseMathml(xml: string): MathmlNode {
  const root: MathmlNode = { tag: '', children: [] };
  const stack = [root];
  for (const [, close, tag, selfClosing, text] of xml.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>|([^<]+)/g)) {
    const top = stack[stack.length - 1]!;
    if (text !== undefined) top.children.push(decodeEntities(text));
    else if (close) stack.length > 1 && stack.pop();
    else {
      const node: MathmlNode = { tag: tag!, children: [] };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  return root;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[e] ?? "'");
}

const SUPERSCRIPTS: Record<string, string> = Object.fromEntries([...'0123456789+-=()n'].map((c, i) => [c, '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ'[i]!]).concat([['−', '⁻']]));
const SUBSCRIPTS: Record<string, string> = Object.fromEntries([...'0123456789+-=()'].map((c, i) => [c, '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎'[i]!]).concat([['−', '₋']]));
/** Operators read with a space either side; brackets and punctuation without. */
const TIGHT = /^[()[\]{}|.:!'′″]$/;

function script(text: string, table: Record<string, string>, marker: string): string {
  text = text.replace(/\s+/g, '');
  if (text === '') return '';
  const chars = [...text];
  if (chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${marker}${text}` : `${marker}(${text})`;
}

const grouped = (text: string) => ([...text].length > 1 ? `(${text})` : text);

function mathmlText(node: MathmlNode | string): string {
  if (typeof node === 'string') return node;
  const parts = node.children.map(mathmlText);
  switch (node.tag) {
    case 'annotation':
    case 'mphantom':
      return '';
    case 'mspace':
      return ' ';
    case 'mo':
      if (/^[,;]$/.test(parts.join('').trim())) return `${parts.join('').trim()} `;
      return TIGHT.test(parts.join('').trim()) ? parts.join('') : ` ${parts.join('')} `;
    case 'msqrt':
      return `√${grouped(parts.join('').trim())}`;
    case 'mroot':
      return `√${grouped(parts[0]!.trim())}`;
    case 'mfrac':
      return `${grouped(parts[0]!.trim())}/${grouped(parts[1]!.trim())}`;
    case 'msup':
      return parts[0]! + script(parts[1]!.trim(), SUPERSCRIPTS, '^');
    case 'msub':
      return parts[0]! + script(parts[1]!.trim(), SUBSCRIPTS, '_');
    case 'msubsup':
      return parts[0]! + script(parts[1]!.trim(), SUBSCRIPTS, '_') + script(parts[2]!.trim(), SUPERSCRIPTS, '^');
    default:
      return parts.join('');
  }
}

/** Where KaTeX's stylesheet and fonts are served (written to public/ by lib/katex-assets.mjs). */
export const KATEX_ASSETS = `/katex/${katex.version}-${SPLIT_ID}`;

/** KaTeX's font files (katex/dist/fonts), as `<family>-<variant>`. */
const FONT_FILES = new Set(
  'AMS-Regular Caligraphic-Bold Caligraphic-Regular Fraktur-Bold Fraktur-Regular Main-Bold Main-BoldItalic Main-Italic Main-Regular Math-BoldItalic Math-Italic SansSerif-Bold SansSerif-Italic SansSerif-Regular Script-Regular Size1-Regular Size2-Regular Size3-Regular Size4-Regular Typewriter-Regular'.split(
    ' ',
  ),
);

interface Face {
  family: string;
  bold: boolean;
  italic: boolean;
}

/** What KaTeX's stylesheet makes each class change (`.katex .mathbf{font-family:KaTeX_Main;font-weight:700}` …). */
const CLASS_FACES: Record<string, Partial<Face>> = {
  mathnormal: { family: 'Math', italic: true },
  boldsymbol: { family: 'Math', italic: true, bold: true },
  mathit: { family: 'Main', italic: true },
  mathbf: { family: 'Main', bold: true },
  textrm: { family: 'Main' },
  mainrm: { family: 'Main', italic: false },
  mathrm: { italic: false },
  textbf: { bold: true },
  textit: { italic: true },
  amsrm: { family: 'AMS' },
  mathbb: { family: 'AMS' },
  textbb: { family: 'AMS' },
  mathcal: { family: 'Caligraphic' },
  mathfrak: { family: 'Fraktur' },
  textfrak: { family: 'Fraktur' },
  mathboldfrak: { family: 'Fraktur', bold: true },
  textboldfrak: { family: 'Fraktur', bold: true },
  mathtt: { family: 'Typewriter' },
  texttt: { family: 'Typewriter' },
  mathscr: { family: 'Script' },
  textscr: { family: 'Script' },
  mathsf: { family: 'SansSerif' },
  textsf: { family: 'SansSerif' },
  mathboldsf: { family: 'SansSerif', bold: true },
  textboldsf: { family: 'SansSerif', bold: true },
  mathitsf: { family: 'SansSerif', italic: true },
  mathsfit: { family: 'SansSerif', italic: true },
  textitsf: { family: 'SansSerif', italic: true },
  // Delimiters and big operators: `.delimsizing.size3`, `.delimsizing.mult .delim-size1>span`, `.op-symbol.large-op`.
  'delimsizing size1': { family: 'Size1' },
  'delimsizing size2': { family: 'Size2' },
  'delimsizing size3': { family: 'Size3' },
  'delimsizing size4': { family: 'Size4' },
  'delim-size1': { family: 'Size1' },
  'delim-size4': { family: 'Size4' },
  'op-symbol small-op': { family: 'Size1' },
  'op-symbol large-op': { family: 'Size2' },
};

function withClasses(face: Face, classes: string[]): Face {
  let out = face;
  for (const [i, name] of classes.entries()) {
    const change = CLASS_FACES[name] ?? CLASS_FACES[`${classes[i - 1]} ${name}`] ?? CLASS_FACES[`${name} ${classes[i + 1]}`];
    if (change) out = { ...out, ...change };
  }
  return out;
}

/** The file the browser draws a face from: the exact variant, or the nearest one the family has. */
function fileOf({ family, bold, italic }: Face): string | undefined {
  const variant = (b: boolean, i: boolean) => (b && i ? 'BoldItalic' : b ? 'Bold' : i ? 'Italic' : 'Regular');
  return [variant(bold, italic), variant(bold, !italic), variant(false, italic), variant(false, !italic)]
    .map((v) => `${family}-${v}`)
    .find((file) => FONT_FILES.has(file));
}

const VOID_TAGS = new Set(['br', 'img', 'path', 'line', 'rect', 'circle', 'use']);

/**
 * The characters each KaTeX font file draws in a page's formulas: the text of KaTeX's HTML, each
 * piece in the face its classes give it. (The MathML beside it is for screen readers, in the
 * browser's own math font.)
 */
export function glyphsByFont(html: string): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (let start = html.indexOf('<span class="katex-html"'); start !== -1; start = html.indexOf('<span class="katex-html"', start + 1)) {
    const faces: Face[] = [];
    const tokens = /<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>|([^<]+)/g;
    tokens.lastIndex = start;
    for (let m = tokens.exec(html); m; m = tokens.exec(html)) {
      const [, close, tag, attributes, selfClosing, text] = m;
      const face = faces[faces.length - 1];
      if (text !== undefined) {
        const file = face && fileOf(face);
        if (!file) continue;
        const chars = used.get(file) ?? new Set<string>();
        for (const c of decodeEntities(text)) chars.add(c);
        used.set(file, chars);
      } else if (close) {
        faces.pop();
        if (faces.length === 0) break;
      } else if (!selfClosing && !VOID_TAGS.has(tag!.toLowerCase())) {
        const classes = /\bclass="([^"]*)"/.exec(attributes!)?.[1]?.split(/\s+/) ?? [];
        faces.push(withClasses(face ?? { family: 'Main', bold: false, italic: false }, classes));
      }
    }
  }
  return used;
}

/**
 * The urls of the font files a page's formulas draw from, to preload: the browser then has them
 * before it first lays the text out, instead of reflowing it when they arrive. For a split font,
 * the parts holding the characters drawn (lib/katex-fonts.mjs).
 */
export function fontsUsed(html: string): string[] {
  const files = new Set<string>();
  for (const [font, chars] of glyphsByFont(html)) {
    const split = SPLIT_FONTS[font];
    if (!split) {
      files.add(font);
      continue;
    }
    for (const c of chars) {
      const block = blockOf(c.codePointAt(0)!);
      if (split.common.includes(c)) files.add(`${font}.common`);
      else if (split.blocks.includes(block)) files.add(`${font}.${block}`);
    }
  }
  return [...files].sort().map((file) => `${KATEX_ASSETS}/fonts/KaTeX_${file}.woff2`);
}
