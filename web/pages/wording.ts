/**
 * A text of the form in the words that fit who fills it in. Where the catalog words a text
 * apart for a person writing about someone else (`<key>.other`, domain/messages.ts), the page
 * carries both, and form.css shows the one that fits the `reporter` answer: by `:has()`, so
 * without script too. The other is `display: none`, which also takes it out of what a screen
 * reader reads, in a label, a legend or a hint that `aria-describedby` points at.
 */
import type { MessageKey } from "../../domain/catalogs.ts";
import { aboutSomeoneElse } from "../../domain/messages.ts";
import type { Locale } from "../../domain/vocabulary.ts";
import { escapeHtml } from "./html.ts";
import type { Translate } from "./page-shell.ts";

export function wordingHtml(
  locale: Locale,
  t: Translate,
  key: MessageKey,
  values?: Record<string, string>,
): string {
  const self = t(key, values);
  const otherKey = aboutSomeoneElse(locale, key);
  const other = otherKey ? t(otherKey, values) : self;
  // A language that already says it alike for both (Polish "Pracę") needs it once.
  if (other === self) return escapeHtml(self);
  return `<span class="for-self">${escapeHtml(self)}</span><span class="for-other">${escapeHtml(other)}</span>`;
}
