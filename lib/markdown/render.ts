import GithubSlugger, { slug } from 'github-slugger';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toText } from 'hast-util-to-text';
import { all, common } from 'lowlight';
import type { Root as MdastRoot } from 'mdast';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { extractMath, fontsUsed, formulaText, PLACEHOLDER, typeset, type Formula } from './math';

// The one place an answer becomes HTML:
//   Markdown ─ math taken out ─ remark (GFM) ─ raw HTML made text ─ rehype ─ sanitize
//   ─ highlight ─ headings (levels, ids, contents) ─ code and table wrappers ─ KaTeX ─ HTML
// Everything the answer's author wrote is sanitised; only what this module generates after
// sanitising (highlighting, KaTeX) is trusted.

export interface TocEntry {
  id: string;
  text: string;
  depth: number;
}

export interface RenderedAnswer {
  html: string;
  /** The answer's headings, for a table of contents. */
  toc: TocEntry[];
  /** Formulas KaTeX refused; they are shown as their source. */
  mathErrors: { tex: string; error: string }[];
  /** KaTeX font files the formulas use (none without math), to preload. */
  fonts: string[];
}

/**
 * Ids of footnotes (and their links) start with this, as remark-rehype writes them. Sanitising
 * would prefix them once more (breaking every footnote link), so it is told not to: an author
 * cannot write an id at all (raw HTML becomes text; headings get theirs from headings() below).
 */
const CLOBBER_PREFIX = 'user-content-';
/** The id of the footnotes' heading (remark-rehype's, unprefixed), which their links name. */
const FOOTNOTE_LABEL = 'footnote-label';

/** Ids the page layout uses itself, which headings must not take. */
const RESERVED_IDS = ['main-content', 'answer', 'related', 'more', 'contents', 'keywords', 'more-on-topics', FOOTNOTE_LABEL];

const LANGUAGE_NAMES: Record<string, string> = {
  bash: 'Bash',
  c: 'C',
  cpp: 'C++',
  csharp: 'C#',
  css: 'CSS',
  excel: 'Excel',
  go: 'Go',
  html: 'HTML',
  java: 'Java',
  javascript: 'JavaScript',
  js: 'JavaScript',
  json: 'JSON',
  kotlin: 'Kotlin',
  latex: 'LaTeX',
  matlab: 'MATLAB',
  php: 'PHP',
  plaintext: 'Text',
  prolog: 'Prolog',
  python: 'Python',
  py: 'Python',
  r: 'R',
  ruby: 'Ruby',
  rust: 'Rust',
  scala: 'Scala',
  shell: 'Shell',
  sh: 'Shell',
  sql: 'SQL',
  swift: 'Swift',
  text: 'Text',
  typescript: 'TypeScript',
  ts: 'TypeScript',
  xml: 'XML',
  yaml: 'YAML',
};
const EXTRA_LANGUAGES = ['excel', 'haskell', 'latex', 'matlab', 'prolog', 'scala', 'scheme'] as const;

/** What the plugins share for one answer, carried on the vfile. */
interface RenderState extends Required<RenderOptions> {
  formulas: Formula[];
  toc: TocEntry[];
  mathErrors: { tex: string; error: string }[];
}

/** Where an answer is shown among others (a practice page shows a set of them). */
export interface RenderOptions {
  /** The level of its first headings: 2 on its own page, under the page's `<h1>`. */
  headingLevel?: number;
  /** Put before each of its ids (and the links to them), so that answers on one page never share one. */
  idPrefix?: string;
}
const stateOf = (file: VFile) => file.data as unknown as RenderState;

/** Raw HTML in an answer is shown as the text it is (a paragraph of it, where it stood alone). */
export function rawHtmlAsText() {
  const containers = new Set(['root', 'listItem', 'blockquote', 'footnoteDefinition']);
  return (tree: MdastRoot) => {
    visit(tree, 'html', (node, index, parent) => {
      if (!parent || index === undefined) return;
      const text = { type: 'text', value: node.value };
      const replacement = containers.has(parent.type) ? { type: 'paragraph', children: [text] } : text;
      parent.children[index] = replacement as (typeof parent.children)[number];
    });
  };
}

/** A heading's text with its formulas read as text (`√2`, not `\sqrt{2}`), for its id and the contents. */
function readableText(text: string, formulas: Formula[]): string {
  return text.replace(PLACEHOLDER, (whole, n: string) => {
    const formula = formulas[Number(n)];
    return formula ? formulaText(formula) : whole;
  });
}

/**
 * The page's own `<h1>` is the question, so the answer's headings start at `<h2>` and never
 * skip a level; each gets an id, and the list of them feeds the table of contents.
 */
function headings() {
  return (tree: HastRoot, file: VFile) => {
    const state = stateOf(file);
    const found: Element[] = [];
    visit(tree, 'element', (node) => {
      // The footnotes' own heading (remark-rehype's, hidden but for screen readers) keeps the id the footnote links name.
      if (/^h[1-6]$/.test(node.tagName) && node.properties.id !== FOOTNOTE_LABEL) found.push(node);
    });
    const levels = [...new Set(found.map((h) => Number(h.tagName[1])))].sort();
    const slugger = new GithubSlugger();
    for (const id of RESERVED_IDS) slugger.slug(id);
    for (const h of found) {
      const depth = Math.min(state.headingLevel + levels.indexOf(Number(h.tagName[1])), 6);
      const text = readableText(toText(h), state.formulas).replace(/\s+/g, ' ').trim();
      // An id becomes a global of the page (window[id]): one starting with "_" could stand in
      // for the framework's own (`self.__next_f`) and break it, so they never start with one.
      const id = slugger.slug(slug(text.normalize('NFKC')).replace(/^_+/, '')) || slugger.slug('section');
      h.tagName = `h${depth}`;
      h.properties.id = id;
      state.toc.push({ id: state.idPrefix + id, text, depth });
    }
  };
}

/** Every id (headings, footnotes) and what refers to one (`#` links, aria references) prefixed. */
function prefixIds() {
  return (tree: HastRoot, file: VFile) => {
    const prefix = stateOf(file).idPrefix;
    if (!prefix) return;
    const ids = (value: unknown) => (Array.isArray(value) ? value : String(value).split(' ')).map((id) => prefix + String(id));
    visit(tree, 'element', ({ properties: p }) => {
      if (p.id) p.id = prefix + String(p.id);
      if (typeof p.href === 'string' && p.href.startsWith('#')) p.href = `#${prefix}${p.href.slice(1)}`;
      if (p.ariaDescribedBy) p.ariaDescribedBy = ids(p.ariaDescribedBy);
      if (p.ariaLabelledBy) p.ariaLabelledBy = ids(p.ariaLabelledBy);
    });
  };
}

/**
 * Code blocks show their language and scroll inside themselves; tables scroll on a phone; a link
 * whose target sanitising removed (`javascript:`) or that is not a web address becomes its plain
 * text, an image its alt text.
 */
function wrappers() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return;
      // A link sanitising kept but that is not a web address (`x.html`, `javascript%5Cu003a…`)
      // would resolve against the question's own url, to a page that does not exist.
      if (node.tagName === 'a' && !/^(https?:\/\/|mailto:|\/|#)/i.test(String(node.properties.href ?? ''))) {
        parent.children.splice(index, 1, ...node.children);
        return index;
      }
      // Answers are text: an image would be fetched from wherever its url points (a tracker, a
      // broken link) and the policy (lib/security-headers.mjs) allows none. Its alt text stays.
      if (node.tagName === 'img') {
        parent.children.splice(index, 1, { type: 'text', value: String(node.properties.alt ?? '') });
        return index;
      }
      if (node.tagName === 'pre') {
        const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
        const classes = (code?.properties.className as string[] | undefined) ?? [];
        const lang = classes.find((c) => /^language-[\w+#.-]+$/.test(c))?.slice('language-'.length);
        // A language that is not a name (```"><b>) is dropped, not carried into the class.
        if (code && lang === undefined) code.properties.className = classes.filter((c) => !c.startsWith('language-'));
        node.properties.tabIndex = 0;
        const label = lang ? (LANGUAGE_NAMES[lang.toLowerCase()] ?? lang) : 'Code';
        const figure: Element = {
          type: 'element',
          tagName: 'figure',
          properties: { className: ['code-block'] },
          children: [{ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: label }] }, node],
        };
        parent.children[index] = figure;
        return 'skip';
      }
      if (node.tagName === 'table') {
        parent.children[index] = {
          type: 'element',
          tagName: 'section',
          properties: { className: ['table-scroll'], tabIndex: 0, ariaLabel: 'Table' },
          children: [node],
        };
        return 'skip';
      }
    });
  };
}

/** Puts the typeset formulas back where their placeholders are. */
function insertMath() {
  return (tree: HastRoot, file: VFile) => {
    const state = stateOf(file);
    const render = (n: number): ElementContent => {
      const formula = state.formulas[n]!;
      const result = typeset(formula);
      if (result.html !== null) return { type: 'raw', value: result.html } as unknown as ElementContent;
      state.mathErrors.push({ tex: formula.tex, error: result.error });
      return {
        type: 'element',
        tagName: 'code',
        properties: { className: ['math-source'], title: 'Formula shown as written' },
        children: [{ type: 'text', value: formula.tex }],
      };
    };
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('\uE000')) return;
      const parts: ElementContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(PLACEHOLDER)) {
        if (match.index > last) parts.push({ type: 'text', value: node.value.slice(last, match.index) });
        parts.push(render(Number(match[1])));
        last = match.index + match[0].length;
      }
      if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...parts);
      return index + parts.length;
    });
    // A paragraph holding nothing but one display formula becomes a block of its own.
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'p') return;
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const only = content[0] as unknown as { type: string; value?: string } | undefined;
      if (content.length === 1 && only?.type === 'raw' && only.value?.includes('katex-display')) {
        node.tagName = 'div';
        node.properties = { className: ['math-display'] };
      }
    });
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(rawHtmlAsText)
  .use(remarkRehype, { clobberPrefix: CLOBBER_PREFIX })
  .use(rehypeSanitize, { ...defaultSchema, clobberPrefix: '' })
  .use(rehypeHighlight, {
    detect: false,
    languages: { ...common, ...Object.fromEntries(EXTRA_LANGUAGES.map((l) => [l, all[l]!])) },
  })
  .use(headings)
  .use(wrappers)
  .use(prefixIds)
  .use(insertMath)
  .use(rehypeStringify, { allowDangerousHtml: true })
  .freeze();

export function renderAnswer(markdown: string, { headingLevel = 2, idPrefix = '' }: RenderOptions = {}): RenderedAnswer {
  const { markdown: text, formulas } = extractMath(markdown);
  const state: RenderState = { formulas, toc: [], mathErrors: [], headingLevel, idPrefix };
  const html = String(processor.processSync({ value: text, data: state as unknown as VFile['data'] }));
  return { html, toc: state.toc, mathErrors: state.mathErrors, fonts: formulas.length > 0 ? fontsUsed(html) : [] };
}
