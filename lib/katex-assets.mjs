// @ts-check
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontverter from 'fontverter';
import { Blob, Face } from 'harfbuzzjs';
import subsetFont from 'subset-font';
import { BLOCKS, blockOf, SPLIT_FONTS, SPLIT_ID } from './katex-fonts.mjs';

// KaTeX's stylesheet and fonts at stable urls (public/katex/<version>-<split>/), so that a page
// with formulas can preload the fonts it uses: fonts arriving late would reflow the text around
// every formula (lib/markdown/math.ts names them). The largest fonts are written in parts by
// unicode-range (lib/katex-fonts.mjs), each with its @font-face in the stylesheet.

const katexDir = path.dirname(createRequire(import.meta.url).resolve('katex/package.json'));

/** The folder under public/ the assets are written to, named as math.ts's KATEX_ASSETS. */
export function katexAssetsDir(publicDir = 'public') {
  const { version } = JSON.parse(fs.readFileSync(path.join(katexDir, 'package.json'), 'utf8'));
  return path.join(publicDir, 'katex', `${version}-${SPLIT_ID}`);
}

/** Writes the assets unless they are there; into a temporary folder renamed into place, so never half. */
export async function writeKatexAssets(target = katexAssetsDir(), splits = SPLIT_FONTS) {
  if (fs.existsSync(target)) return;
  const temporary = `${target}.${process.pid}`;
  fs.rmSync(temporary, { recursive: true, force: true });
  fs.mkdirSync(path.join(temporary, 'fonts'), { recursive: true });
  let css = fs.readFileSync(path.join(katexDir, 'dist', 'katex.min.css'), 'utf8');
  for (const file of fs.readdirSync(path.join(katexDir, 'dist', 'fonts')).filter((f) => f.endsWith('.woff2'))) {
    const font = file.replace(/^KaTeX_|\.woff2$/g, '');
    const source = fs.readFileSync(path.join(katexDir, 'dist', 'fonts', file));
    const split = splits[font];
    if (!split) {
      fs.writeFileSync(path.join(temporary, 'fonts', file), source);
      continue;
    }
    const parts = splitFont(font, await codePointsOf(source), split);
    for (const part of parts) {
      const subset = await subsetFont(source, String.fromCodePoint(...part.glyphs), { targetFormat: 'woff2' });
      fs.writeFileSync(path.join(temporary, 'fonts', `KaTeX_${font}.${part.name}.woff2`), subset);
    }
    css = splitFontFace(css, font, parts);
  }
  fs.writeFileSync(path.join(temporary, 'katex.min.css'), css);
  try {
    fs.renameSync(temporary, target);
  } catch (error) {
    // Another process (Next's build workers load the config too) wrote the same files first.
    fs.rmSync(temporary, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw error;
  }
}

/** The code points a font (woff2) has glyphs for, in ascending order. */
export async function codePointsOf(/** @type {Buffer} */ woff2) {
  const face = new Face(new Blob(await fontverter.convert(woff2, 'truetype')), 0);
  return [...face.collectUnicodes()].sort((a, b) => a - b);
}

/**
 * A split font's parts: the common characters, then each block's remaining code points. Each
 * part's `range` is every code point it answers for, glyph or not, so that the browser asks for
 * exactly the parts math.ts preloads.
 * @param {string} font
 * @param {number[]} codePoints
 * @param {{ common: string, blocks: string[] }} split
 */
export function splitFont(font, codePoints, { common, blocks }) {
  const commonPoints = [...new Set([...common].map((c) => /** @type {number} */ (c.codePointAt(0))))].sort((a, b) => a - b);
  const inCommon = new Set(commonPoints);
  const parts = [{ name: 'common', glyphs: codePoints.filter((c) => inCommon.has(c)), range: commonPoints.map((c) => [c, c]) }];
  const withGlyphs = Object.keys(BLOCKS).filter((block) => codePoints.some((c) => !inCommon.has(c) && blockOf(c) === block));
  if (withGlyphs.join() !== blocks.join()) {
    throw new Error(
      `lib/katex-fonts.mjs: KaTeX_${font} has glyphs beyond its common characters in the blocks ${JSON.stringify(withGlyphs)}, ` +
        `not ${JSON.stringify(blocks)}: set its blocks to that (KaTeX's fonts changed, or its common characters did)`,
    );
  }
  for (const block of withGlyphs) {
    const [first, last] = BLOCKS[/** @type {keyof typeof BLOCKS} */ (block)];
    const range = [];
    let from = first;
    for (const c of commonPoints.filter((c) => c >= first && c <= last).concat(last + 1)) {
      if (c > from) range.push([from, c - 1]);
      from = c + 1;
    }
    parts.push({ name: block, glyphs: codePoints.filter((c) => !inCommon.has(c) && blockOf(c) === block), range });
  }
  return parts;
}

/** KaTeX's @font-face for the font, replaced by one for each part with its unicode-range. */
export function splitFontFace(/** @type {string} */ css, /** @type {string} */ font, /** @type {{ name: string, range: number[][] }[]} */ parts) {
  const rule = new RegExp(`@font-face\\{([^}]*?)src:url\\(fonts/KaTeX_${font}\\.woff2\\)[^}]*\\}`);
  const descriptors = rule.exec(css)?.[1];
  if (descriptors === undefined) throw new Error(`katex.min.css has no @font-face for KaTeX_${font}.woff2`);
  const hex = (/** @type {number} */ c) => c.toString(16).toUpperCase();
  const faces = parts.map(
    ({ name, range }) =>
      `@font-face{${descriptors}src:url(fonts/KaTeX_${font}.${name}.woff2) format("woff2");unicode-range:${range
        .map(([a, b]) => (a === b ? `U+${hex(/** @type {number} */ (a))}` : `U+${hex(/** @type {number} */ (a))}-${hex(/** @type {number} */ (b))}`))
        .join(',')}}`,
  );
  return css.replace(rule, faces.join(''));
}
