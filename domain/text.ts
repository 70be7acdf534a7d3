/**
 * Text rules of the contract: lengths are counted in Unicode code points (an emoji is one
 * character), and text must be well-formed (no lone surrogates), because it is sealed as UTF-8
 * and a lone surrogate would silently turn into U+FFFD on the organisation's side.
 */

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A well-formed BCP 47 tag, as the contract defines it: `pl`, `pt-BR`, `zh-Hans`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** The primary language subtag, lower-cased: `pt-BR` → `pt` (policy rule G3). */
export function primarySubtag(tag: string): string {
  const dash = tag.indexOf("-");
  return (dash === -1 ? tag : tag.slice(0, dash)).toLowerCase();
}
