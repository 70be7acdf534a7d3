/**
 * Receipts: 16 digits, shown once to the person and their only credential.
 *
 * The contract normalises what a person types back: spaces, no-break spaces and hyphens are
 * removed, and any Unicode decimal digit (Arabic-Indic, Devanagari, full-width…) is read as its
 * ASCII digit; any other character makes the receipt invalid. People copy receipts by hand from
 * paper, in their own script, so this leniency is deliberate.
 */

export const RECEIPT_DIGITS = 16;

/** U+0020 space, U+00A0, U+2007 and U+202F (the no-break spaces), U+002D, U+2010, U+2011 (hyphens). */
const SEPARATORS = /[\u0020\u00A0\u2007\u202F\u002D\u2010\u2011]/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * Unicode encodes every decimal digit (Numeric_Type=Decimal) in runs of ten, zero first, in
 * ascending order; runs may abut (the mathematical digits are five runs back to back). So the
 * value of a digit is its distance from the start of its run of digits, modulo ten.
 */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/** What most people type: ASCII digits, spaces and hyphens (checked first, as it is cheap). */
const ASCII_RECEIPT = /^[0-9 -]{16,64}$/;

/**
 * The ASCII digits of what a person typed, read the receipt's way (separators dropped, any
 * script's decimal digits read as ASCII), or null when anything else is in it or it has more
 * than `max` digits. The PIN is read the same way.
 */
export function normaliseDigits(input: string, max: number): string | null {
  if (input.length > 200) return null;
  let digits = "";
  for (const char of input.replace(SEPARATORS, "")) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint >= 0x30 && codePoint <= 0x39) digits += char;
    else if (DECIMAL_DIGIT.test(char)) digits += String(digitValue(codePoint));
    else return null;
    if (digits.length > max) return null;
  }
  return digits;
}

/** The 16 ASCII digits of a receipt, or null when it is not a receipt. */
export function normaliseReceipt(input: string): string | null {
  if (ASCII_RECEIPT.test(input)) {
    const digits = input.replace(/[ -]/g, "");
    return digits.length === RECEIPT_DIGITS ? digits : null;
  }
  const digits = normaliseDigits(input, RECEIPT_DIGITS);
  return digits?.length === RECEIPT_DIGITS ? digits : null;
}

/** The way a receipt is shown: four groups of four digits. */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}
