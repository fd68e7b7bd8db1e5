// npm run bench -- fonts: the KaTeX font bytes each real formula page downloads, whole fonts
// (before the split) against the parts of the split fonts it preloads (lib/katex-fonts.mjs), and
// whether each split font's common part still holds the glyphs drawn on at least 3% of the pages
// that use the font. Bytes, not times: the same on any machine.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { writeKatexAssets } from '../lib/katex-assets.mjs';
import { SPLIT_FONTS } from '../lib/katex-fonts.mjs';
import { listQuestionFiles } from '../lib/content/build/files';
import { parseQuestionFile } from '../lib/content/model/parse-file';
import { glyphsByFont } from '../lib/markdown/math';
import { renderAnswer } from '../lib/markdown/render';
import { fmt, SHARED, table } from './lib';

const KATEX_FONTS = path.join(path.dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'fonts');

interface FormulaPage {
  file: string;
  htmlBytes: number;
  glyphs: Map<string, Set<string>>;
  parts: string[];
}

/** Every real file with formulas, rendered as its page renders it. */
function formulaPages(): FormulaPage[] {
  const pages: FormulaPage[] = [];
  for (const corpus of ['quicktakes', 'quicktakes-large']) {
    const dir = path.join(SHARED, 'corpus', corpus);
    for (const file of listQuestionFiles(dir)) {
      const parsed = parseQuestionFile(file, fs.readFileSync(path.join(dir, file)));
      if (!parsed.question) continue;
      const { html, fonts } = renderAnswer(parsed.question.answer);
      if (fonts.length === 0) continue;
      pages.push({ file: `${corpus}/${file}`, htmlBytes: html.length, glyphs: glyphsByFont(html), parts: fonts.map((url) => path.basename(url)) });
    }
  }
  return pages;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const kb = (bytes: number) => fmt(bytes / 1024, 1);

export async function benchFonts(out: string[]) {
  const assets = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'katex-')), 'assets');
  await writeKatexAssets(assets);
  const sizeOf = (file: string, dir: string) => fs.statSync(path.join(dir, file)).size;
  const pages = formulaPages();
  const before = pages.map((p) => [...p.glyphs.keys()].reduce((sum, font) => sum + sizeOf(`KaTeX_${font}.woff2`, KATEX_FONTS), 0));
  const after = pages.map((p) => p.parts.reduce((sum, file) => sum + sizeOf(file, path.join(assets, 'fonts')), 0));
  const sortedBefore = [...before].sort((a, b) => a - b);
  const sortedAfter = [...after].sort((a, b) => a - b);

  out.push(
    '## KaTeX fonts per formula page\n',
    `Every real file of ../shared/corpus with formulas (${fmt(pages.length)} pages), rendered as its page is: the KaTeX font bytes (woff2) the page downloads with whole fonts, against the parts of the split fonts it preloads now (\`lib/katex-fonts.mjs\`). The browser downloads the same files (e2e/site.spec.ts checks it on content/).\n`,
    table(
      ['', 'median', 'p90', 'max', 'mean'],
      [
        [
          'whole fonts (KB)',
          kb(quantile(sortedBefore, 0.5)),
          kb(quantile(sortedBefore, 0.9)),
          kb(sortedBefore.at(-1)!),
          kb(before.reduce((a, b) => a + b) / pages.length),
        ],
        [
          'split fonts (KB)',
          kb(quantile(sortedAfter, 0.5)),
          kb(quantile(sortedAfter, 0.9)),
          kb(sortedAfter.at(-1)!),
          kb(after.reduce((a, b) => a + b) / pages.length),
        ],
      ],
    ),
    '',
  );

  const heaviest = pages
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.file.startsWith('quicktakes/'))
    .sort((a, b) => b.p.htmlBytes - a.p.htmlBytes)
    .slice(0, 3);
  out.push(
    'The three real-sample pages (../shared/corpus/quicktakes) with the most answer HTML, the heaviest that `npm run bench -- phone` measures:\n',
    table(
      ['page', 'whole fonts (KB)', 'split fonts (KB)', 'files now'],
      heaviest.map(({ p, i }) => [
        path.basename(p.file, '.md').slice(0, 60),
        kb(before[i]!),
        kb(after[i]!),
        p.parts.map((f) => f.replace(/^KaTeX_|\.woff2$/g, '')).join(', '),
      ]),
    ),
    '',
  );

  // The rule the common parts were chosen by, checked on the corpus as it is now.
  const rows: string[][] = [];
  for (const [font, { common }] of Object.entries(SPLIT_FONTS)) {
    const using = pages.filter((p) => p.glyphs.has(font));
    const counts = new Map<string, number>();
    for (const p of using) for (const c of p.glyphs.get(font)!) counts.set(c, (counts.get(c) ?? 0) + 1);
    const frequent = [...counts].filter(([, n]) => n >= 0.03 * using.length).map(([c]) => c);
    const missing = frequent.filter((c) => !common.includes(c));
    const rare = [...common].filter((c) => c.trim() && c !== '\u00a0' && !frequent.includes(c));
    const show = (cs: string[]) => cs.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ') || 'none';
    rows.push([font, fmt(using.length), fmt(frequent.length), show(missing), show(rare)]);
  }
  out.push(
    "Each split font's common part against the rule it was chosen by (glyphs drawn on at least 3% of the pages using the font; spaces are always in):\n",
    table(['font', 'pages using it', 'glyphs on ≥3%', 'frequent, not common', 'common, no longer frequent'], rows),
    '',
  );
  fs.rmSync(path.dirname(assets), { recursive: true, force: true });
}
