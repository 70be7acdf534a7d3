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

/**
 * A plural choice inside a message, in ICU's form: `{days, plural, one {# day} other {# days}}`.
 * The form is chosen by Intl.PluralRules for the locale (Romanian "90 de zile" but "2 zile",
 * Polish "2 dni", "5 dni", Arabic six forms), `#` stands for the number.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other) \{[^{}]*\})+)\s*\}/g;
const PLURAL_CASE = /(=\d+|zero|one|two|few|many|other) \{([^{}]*)\}/g;

/** The plural cases a message offers for its number `name`, by category (`one`, `=0`…). */
export function pluralCases(text: string): Map<string, Map<string, string>> {
  const found = new Map<string, Map<string, string>>();
  for (const [, name, cases] of text.matchAll(PLURAL))
    found.set(
      name ?? "",
      new Map(
        [...(cases ?? "").matchAll(PLURAL_CASE)].map(([, key, form]) => [key ?? "", form ?? ""]),
      ),
    );
  return found;
}

/** A message in a locale, with `{name}` placeholders and plural choices filled in. */
export function message(
  locale: string,
  key: MessageKey,
  values: Record<string, string> = {},
): string {
  const catalog = CATALOGS[locale as Locale] ?? CATALOGS.en;
  // English stands in for a missing text (the catalog tests fail on any missing key).
  const text: string = catalog[key] ?? CATALOGS.en[key];
  const rules = new Intl.PluralRules(locale);
  return text
    .replace(PLURAL, (whole, name: string, cases: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      const forms = new Map(
        [...cases.matchAll(PLURAL_CASE)].map(([, choice, form]) => [choice, form]),
      );
      const form =
        forms.get(`=${value}`) ?? forms.get(rules.select(Number(value))) ?? forms.get("other");
      return (form ?? whole).replaceAll("#", value);
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
