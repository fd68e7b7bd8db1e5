// @ts-check
// KaTeX's four largest fonts are split by unicode-range, so that a page downloads the glyphs its
// formulas draw instead of whole fonts (lib/katex-assets.mjs writes the parts at build; math.ts
// preloads the parts a page uses). A font's first part holds the glyphs drawn on at least 3% of
// the real formula pages that use the font (`npm run bench -- fonts` counts them on
// ../shared/corpus); the rest of the font is split by Unicode block. A formula page then loads
// 19.5 KB of fonts at the median instead of 41.7 (bench/RESULTS.md).

/** Unicode blocks the rest of a split font is cut into: [first, last] code point. */
export const BLOCKS = /** @type {const} */ ({
  latin: [0x0000, 0x007f],
  latin1: [0x0080, 0x036f],
  greek: [0x0370, 0x1fff],
  punctuation: [0x2000, 0x21ff],
  operators: [0x2200, 0x22ff],
  other: [0x2300, 0x10ffff],
});

/** @typedef {keyof typeof BLOCKS} Block */

/** In every common part: \text{} draws its spaces in the font (as no-break spaces between words). */
const SPACES = ' \u00a0';

/**
 * The split fonts: the characters of the common part, and the blocks where the font has glyphs
 * beyond those (the build checks these against the font and says what to change).
 * @type {Record<string, { common: string, blocks: Block[] }>}
 */
export const SPLIT_FONTS = {
  'Main-Regular': {
    common: SPACES + '=\u200b21)(+−034on,esilat56×rgc⋅→m.87fuC/dN9A<pOH>Δy∣P[T′h]RkMb…',
    blocks: ['latin', 'latin1', 'greek', 'punctuation', 'operators', 'other'],
  },
  'Math-Italic': { common: SPACES + 'xamFynrbAftPdCckBOVHiGRTEIspgvLqSQeθNhπlXMDzu', blocks: ['latin', 'greek', 'other'] },
  'Main-Bold': { common: SPACES + 'FvijkaABrbM0cR12udxlE', blocks: ['latin', 'latin1', 'greek', 'punctuation', 'operators', 'other'] },
  'AMS-Regular': { common: SPACES + 'RNZ', blocks: ['latin', 'latin1', 'greek', 'punctuation', 'operators', 'other'] },
};

/** The block a code point falls in. */
export function blockOf(/** @type {number} */ codePoint) {
  return /** @type {Block} */ (Object.entries(BLOCKS).find(([, [first, last]]) => codePoint >= first && codePoint <= last)?.[0]);
}

/** A short hash of the split, so that a changed split is served at a new url (no stale caches). */
function fnv1a(/** @type {string} */ text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

/** KaTeX's files are served from public/katex/<KaTeX's version>-<this>/. */
export const SPLIT_ID = fnv1a(JSON.stringify([BLOCKS, SPLIT_FONTS]));
