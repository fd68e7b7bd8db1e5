// Where `$` starts a formula and where it is money. Shared by the loader (which must know what
// is math to unescape line breaks) and the Markdown renderer (which typesets the math).

const WORD = /[A-Za-z]{3,}/;
const TEXT_GROUP = /\\(?:text|mathrm|textbf|textit|operatorname|mbox)\s*\{[^}]*\}/g;
const COMMAND = /\\[A-Za-z]+/g;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)/;

/**
 * Whether a single `$` opens inline math. `inside` is the text after it up to the next `$` of
 * the same paragraph (null when there is none: then the `$` is literal), `after` the character
 * following that closing `$`.
 * A `$` followed by a digit is money ("$50,000", "$5 and $10") unless what runs to the next `$`
 * reads as a formula ("$2^n$", "$3 \times 10^8$"): a formula has no word of three or more letters
 * outside `\text{…}` and commands, no thousands separators, and its closing `$` is not followed
 * by a digit (as in "$5 or $10").
 */
export function opensInlineMath(inside: string | null, after: string | undefined): boolean {
  if (inside === null || inside.trim() === '') return false;
  if (!/^\d/.test(inside)) return true;
  if (THOUSANDS.test(inside) || (after !== undefined && /\d/.test(after))) return false;
  return !WORD.test(inside.replace(TEXT_GROUP, ' ').replace(COMMAND, ' '));
}
