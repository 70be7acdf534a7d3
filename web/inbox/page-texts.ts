/**
 * What the page says, in its own language: the texts and the region's choices from the page's
 * data block (web/inbox/inbox-page-data.ts), and dates and language names in its locale.
 */
import type { InboxPageData } from "./inbox-page-data.ts";
import { byId } from "./page-elements.ts";

export const data: InboxPageData = JSON.parse(byId("inbox-data").textContent ?? "{}");

export function say(key: string, values: Record<string, string | number> = {}): string {
  return (data.texts[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

// Western digits in every language (Arabic too), as in case ids, counts and the region's files.
const dateFormat = new Intl.DateTimeFormat(`${data.locale}-u-nu-latn`, {
  dateStyle: "medium",
  timeStyle: "short",
});
export const when = (ms: number) => dateFormat.format(new Date(ms));
/** An average month, for "first M months ago". */
export const MONTH_MS = 30.4375 * 86_400_000;

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([data.locale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
