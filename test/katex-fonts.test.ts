import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { codePointsOf, splitFont, writeKatexAssets } from '../lib/katex-assets.mjs';
import { SPLIT_FONTS } from '../lib/katex-fonts.mjs';
import { fontsUsed, glyphsByFont, typeset } from '../lib/markdown/math';

const KATEX_FONTS = path.join(path.dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'fonts');

const html = (tex: string, display = false) => {
  const out = typeset({ tex, display });
  assert.ok(out.html, out.error ?? '');
  return out.html;
};
const glyphs = (tex: string, display = false) =>
  Object.fromEntries([...glyphsByFont(html(tex, display))].map(([font, chars]) => [font, [...chars].sort().join('')]));
const parts = (tex: string) => fontsUsed(html(tex)).map((url) => url.replace(/^\/katex\/[\d.]+-\w+\/fonts\/KaTeX_|\.woff2$/g, ''));

test('each character of a formula is counted in the font its classes draw it with, as katex.min.css says', () => {
  assert.deepEqual(glyphs(String.raw`\sin x`), { 'Main-Regular': 'ins', 'Math-Italic': 'x' });
  assert.deepEqual(glyphs(String.raw`\mathbb{R}^n`), { 'AMS-Regular': 'R', 'Math-Italic': 'n' });
  assert.deepEqual(glyphs(String.raw`\mathbf{v} + \boldsymbol{\alpha}`), { 'Main-Bold': 'v', 'Main-Regular': '+', 'Math-BoldItalic': 'α' });
  assert.deepEqual(glyphs(String.raw`\text{a \textbf{b} \textit{c}}`), { 'Main-Regular': 'a\u00a0', 'Main-Bold': 'b', 'Main-Italic': 'c' });
  assert.deepEqual(glyphs(String.raw`\mathcal{L}\{f\}`), { 'Caligraphic-Regular': 'L', 'Main-Regular': '{}', 'Math-Italic': 'f' });
  // Big operators and sized delimiters: Size2 for a displayed sum, Size1..4 by height.
  assert.deepEqual(glyphs(String.raw`\sum_i`, true), { 'Size2-Regular': '∑', 'Math-Italic': 'i', 'Main-Regular': '\u200b' });
  assert.deepEqual(glyphs(String.raw`\big( \Big[ \bigg\{ \Bigg( \left(\frac{a}{b}\right)`, true), {
    'Size1-Regular': '(',
    'Size2-Regular': '()[',
    'Size3-Regular': '{',
    'Size4-Regular': '(',
    'Math-Italic': 'ab',
    'Main-Regular': '\u200b',
  });
  // The MathML beside the HTML (for screen readers) is not drawn in KaTeX's fonts.
  assert.deepEqual(glyphs('y'), { 'Math-Italic': 'y' });
});

test('a page preloads the parts of a split font that hold its characters, and whole fonts otherwise', () => {
  // Common characters only: the common parts.
  assert.deepEqual(parts('x = 2'), ['Main-Regular.common', 'Math-Italic.common']);
  // ℝ is common in AMS, ℚ is in its Latin part; ∈ is among Main's operators; κ is Greek.
  assert.deepEqual(parts(String.raw`\kappa \in \mathbb{R} \setminus \mathbb{Q}`), [
    'AMS-Regular.common',
    'AMS-Regular.latin',
    'Main-Regular.operators',
    'Math-Italic.greek',
  ]);
  assert.deepEqual(parts(String.raw`\mathcal{O}(n)`), ['Caligraphic-Regular', 'Main-Regular.common', 'Math-Italic.common']);
});

test('the build splits each font into parts whose ranges cover all its glyphs once, each part holding exactly its glyphs', async () => {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'katex-')), 'assets');
  await writeKatexAssets(target);
  const css = fs.readFileSync(path.join(target, 'katex.min.css'), 'utf8');
  for (const font of Object.keys(SPLIT_FONTS)) {
    const all = await codePointsOf(fs.readFileSync(path.join(KATEX_FONTS, `KaTeX_${font}.woff2`)));
    assert.doesNotMatch(css, new RegExp(`KaTeX_${font}\\.woff2`), `${font}: its whole file is not in the stylesheet`);
    const faces = [...css.matchAll(new RegExp(`src:url\\(fonts/KaTeX_${font}\\.(\\w+)\\.woff2\\) format\\("woff2"\\);unicode-range:([^}]+)\\}`, 'g'))];
    assert.ok(faces.length >= 2, `${font} has a @font-face per part`);
    const owner = new Map<number, string>();
    for (const [, part, ranges] of faces) {
      const inRange = (c: number) =>
        ranges!.split(',').some((r) => {
          const [a, b = a] = r
            .replace(/U\+/g, '')
            .split('-')
            .map((h) => Number.parseInt(h!, 16));
          return c >= a! && c <= b!;
        });
      for (const c of all.filter(inRange)) {
        assert.equal(owner.get(c), undefined, `${font}: U+${c.toString(16)} is in both ${owner.get(c)} and ${part}`);
        owner.set(c, part!);
      }
      const file = await codePointsOf(fs.readFileSync(path.join(target, 'fonts', `KaTeX_${font}.${part}.woff2`)));
      assert.deepEqual(file, all.filter(inRange), `${font}.${part} holds the glyphs of its range`);
    }
    assert.equal(owner.size, all.length, `${font}: every glyph is in a part`);
  }
  // Fonts that are not split are copied as they are, and a second build writes nothing.
  const size4 = path.join(target, 'fonts', 'KaTeX_Size4-Regular.woff2');
  assert.deepEqual(fs.readFileSync(size4), fs.readFileSync(path.join(KATEX_FONTS, 'KaTeX_Size4-Regular.woff2')));
  const written = fs.statSync(size4).mtimeMs;
  await writeKatexAssets(target);
  assert.equal(fs.statSync(size4).mtimeMs, written);
});

test('a split whose blocks no longer match the font stops the build, saying what to set', async () => {
  const all = await codePointsOf(fs.readFileSync(path.join(KATEX_FONTS, 'KaTeX_AMS-Regular.woff2')));
  assert.throws(
    () => splitFont('AMS-Regular', all, { common: 'R', blocks: ['latin'] }),
    /KaTeX_AMS-Regular has glyphs beyond its common characters in the blocks \["latin","latin1","greek","punctuation","operators","other"\], not \["latin"\]/,
  );
});
