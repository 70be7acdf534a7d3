/**
 * French typography, review of the catalogs (shared/reviews/translations.md, fr): a no-break
 * space before ? ! : ; and inside « ». The catalog uses U+00A0 throughout, so an ordinary
 * space, a narrow one (U+202F) or none at all is a mistake: the mark would wrap onto a line of
 * its own on a narrow phone, or the catalog would mix two spaces.
 */
const NBSP = "\u00a0";

/** Each mark of a text without the no-break space, with the three characters before it. */
export function frenchSpacingMistakesIn(text: string): string[] {
  const mistakes: string[] = [];
  for (const match of text.matchAll(/[?!:;»]|«.?/gsu)) {
    const at = match.index;
    const mark = match[0];
    const wrong = mark.startsWith("«")
      ? mark !== `«${NBSP}`
      : text[at - 1] !== NBSP &&
        !/[?!]/.test(text[at - 1] ?? "") &&
        !(mark === ":" && /\d/.test(text[at - 1] ?? "") && /\d/.test(text[at + 1] ?? ""));
    if (wrong) mistakes.push(text.slice(Math.max(0, at - 3), at + 2));
  }
  return mistakes;
}
