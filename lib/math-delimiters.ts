// Where `$` starts a formula and where it is money. Shared by the loader (which must know what
// is math to unescape line breaks) and the Markdown renderer (which typesets the math).

const WORD = /[A-Za-z]{3,}/;
const TEXT_GROUP = /\\(?:text|mathrm|textbf|textit|operatorname|mbox)\s*\{[^}]*\}/g;
const COMMAND = /\\[A-Za-z]+/g;

/**
 * Whether a single `$` opens inline math. `inside` is the text after it up to the next `$` of
 * the same paragraph, or null when there is none (then the `$` is literal).
 * A `$` followed by a digit is money ("$50,000") unless what runs to the next `$` reads as a
 * formula ("$2^n$", "$3 \times 10^8$"): a formula has no word of three or more letters outside
 * `\text{…}` and commands; money is followed by the rest of a sentence.
 */
export function opensInlineMath(inside: string | null): boolean {
  if (inside === null || inside.trim() === '') return false;
  if (!/^\d/.test(inside)) return true;
  return !WORD.test(inside.replace(TEXT_GROUP, ' ').replace(COMMAND, ' '));
}
