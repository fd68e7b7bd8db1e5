import remarkGfm from 'remark-gfm';
import { remark } from 'remark';
import remarkHtml from 'remark-html';
import { extractMath, PLACEHOLDER } from './math';
import { rawHtmlAsText } from './render';

// An answer as HTML for a feed reader: Markdown rendered by remark and remark-html, which
// sanitises it (GitHub's schema: no script, no event handlers, no javascript: links). Feed
// readers load no KaTeX styles, so formulas stay as their source text, between dollar signs.

const processor = remark().use(remarkGfm).use(rawHtmlAsText).use(remarkHtml, { sanitize: true });

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function feedHtml(markdown: string): string {
  const { markdown: text, formulas } = extractMath(markdown);
  const html = String(processor.processSync(text));
  return html.replace(PLACEHOLDER, (_, n: string) => {
    const formula = formulas[Number(n)];
    return formula ? escapeHtml(formula.display ? `$$${formula.tex}$$` : `$${formula.tex}$`) : '';
  });
}
