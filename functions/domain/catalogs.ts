/**
 * The message catalogs of web/locales/, one per locale the product ships. The server uses
 * them for the texts of its answers (the guidance); the form is generated from the same files.
 */
import ar from "../../web/locales/ar.json" with { type: "json" };
import bg from "../../web/locales/bg.json" with { type: "json" };
import en from "../../web/locales/en.json" with { type: "json" };
import es from "../../web/locales/es.json" with { type: "json" };
import fr from "../../web/locales/fr.json" with { type: "json" };
import hu from "../../web/locales/hu.json" with { type: "json" };
import nl from "../../web/locales/nl.json" with { type: "json" };
import pl from "../../web/locales/pl.json" with { type: "json" };
import ro from "../../web/locales/ro.json" with { type: "json" };
import uk from "../../web/locales/uk.json" with { type: "json" };
import vi from "../../web/locales/vi.json" with { type: "json" };
import zh from "../../web/locales/zh.json" with { type: "json" };
import type { Locale } from "./vocabulary.ts";

export type Catalog = typeof en;
export type MessageKey = keyof Catalog;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = {
  nl,
  en,
  pl,
  ro,
  bg,
  hu,
  uk,
  es,
  fr,
  ar,
  zh,
  vi,
};

/** A message in a locale, with `{name}` placeholders filled in. */
export function message(
  locale: string,
  key: MessageKey,
  values: Record<string, string> = {},
): string {
  const catalog = CATALOGS[locale as Locale] ?? CATALOGS.en;
  // English stands in for a missing text (the catalog tests fail on any missing key).
  const text = catalog[key] ?? CATALOGS.en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
