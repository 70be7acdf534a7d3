/**
 * The inbox's own texts, one small catalog per language (`web/inbox/locales/<locale>.json`).
 * Staff read the inbox in the languages of the region's staff: English, Dutch, Polish, Romanian
 * and Arabic (right to left: `page.dir`); the form's twelve catalogs are for the people who
 * report and are not used here. The default page, `/inbox/`, is English; every other language
 * lives at `/inbox/<locale>/`.
 */
import ar from "./locales/ar.json" with { type: "json" };
import en from "./locales/en.json" with { type: "json" };
import nl from "./locales/nl.json" with { type: "json" };
import pl from "./locales/pl.json" with { type: "json" };
import ro from "./locales/ro.json" with { type: "json" };

export type InboxCatalog = typeof en;
export type InboxKey = keyof InboxCatalog;

export const INBOX_LOCALES = ["en", "nl", "pl", "ro", "ar"] as const;
export type InboxLocale = (typeof INBOX_LOCALES)[number];

export const DEFAULT_INBOX_LOCALE: InboxLocale = "en";

export const INBOX_CATALOGS: Readonly<Record<InboxLocale, InboxCatalog>> = {
  en,
  nl,
  pl,
  ro,
  ar,
};

/** The path of a language's inbox page: `/inbox/` for the default, `/inbox/<locale>/` else. */
export function inboxPath(locale: InboxLocale): string {
  return locale === DEFAULT_INBOX_LOCALE ? "/inbox/" : `/inbox/${locale}/`;
}

/** A text of a locale, with `{name}` placeholders filled in. */
export function inboxText(
  locale: InboxLocale,
  key: InboxKey,
  values: Record<string, string> = {},
): string {
  const text = INBOX_CATALOGS[locale][key] ?? INBOX_CATALOGS.en[key];
  // test/web/inbox-page.test.ts names a missing text; the build stops on one rather than show it.
  if (text === undefined) throw new Error(`The inbox catalogs have no text "${key}".`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
