/**
 * Pieces of the inbox page's HTML that its parts share (web/inbox/inbox-page.ts,
 * web/inbox/list-markup.ts): the options of a select, and a form's problem slot. Every text
 * escaped.
 */
import { escapeHtml } from "../pages/html.ts";
import type { InboxKey } from "./catalog.ts";

/** Options of a select, each value with its text from the catalog (`<prefix>.<value>`). */
export function options(
  t: (key: InboxKey) => string,
  prefix: string,
  values: readonly string[],
  choose = true,
): string {
  return [
    choose ? `<option value="">${escapeHtml(t("page.choose"))}</option>` : "",
    ...values.map(
      (value) =>
        `<option value="${escapeHtml(value)}">${escapeHtml(t(`${prefix}.${value}` as InboxKey))}</option>`,
    ),
  ].join("");
}

/** A problem slot of a form: empty until the script names a problem, announced when it does. */
export const problemSlot = (id: string) =>
  `<p class="error form-problem" id="${id}" role="alert"></p>`;
