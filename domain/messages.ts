/**
 * A text of a locale's catalog, with its `{name}` placeholders and plural choices filled in. Where the catalogs
 * come from is the `#catalog-source` import (package.json `imports`): every catalog, imported
 * (domain/bundled-catalogs.ts), by default; on Lambda (the `lambda` condition of
 * lib/function-bundling.ts) the files beside the bundle, one locale at a time, when first
 * needed (functions/adapters/catalog-files.ts), so a package does not carry twelve catalogs
 * to answer in one.
 */
import { catalogOf } from "#catalog-source";
import type { MessageKey } from "./catalogs.ts";

/** The locale that stands in for a missing catalog or text. */
export const FALLBACK_LOCALE = "en";

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

/**
 * A value that stays left to right inside right-to-left text: a phone number or a code
 * (`+31 20 555 0100`, `4821 0937`), not a bare count, which needs nothing.
 */
const NUMBER_LIKE = /^[+(]?[0-9][0-9 ()./-]*$/;
/** Unicode's LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE: `<bdi dir="ltr">` in plain text. */
const LTR_ISOLATE = ["\u2066", "\u2069"] as const;

/**
 * `value` as a right-to-left text of `locale` must show it: a phone number or code isolated
 * left to right (else Arabic text shows "+31 20 555" as "555 20 31+"), anything else as is.
 */
function placed(locale: string, value: string): string {
  const rtl = catalogOf(locale)?.["page.dir"] === "rtl";
  return rtl && NUMBER_LIKE.test(value) && !/^[0-9]+$/.test(value)
    ? `${LTR_ISOLATE[0]}${value}${LTR_ISOLATE[1]}`
    : value;
}

/**
 * A message in a locale, with `{name}` placeholders and plural choices filled in; in a
 * right-to-left locale, a phone number or code filled in is kept left to right.
 */
export function message(
  locale: string,
  key: MessageKey,
  values: Record<string, string> = {},
): string {
  // English stands in for a missing text (the catalog tests fail on any missing key).
  const text: string = catalogOf(locale)?.[key] ?? catalogOf(FALLBACK_LOCALE)?.[key] ?? key;
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
    .replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : placed(locale, value);
    });
}

/**
 * The key of a text's wording for a person writing about someone else (`<key>.other`: "Has
 * someone hit this person?" beside "Has someone hit you?"), where the locale's catalog has one.
 */
export function aboutSomeoneElse(locale: string, key: MessageKey): MessageKey | undefined {
  const other = `${key}.other` as MessageKey;
  return catalogOf(locale)?.[other] === undefined ? undefined : other;
}

/**
 * The locale to format a date, a time or a wait in for a page of `locale`: its language with
 * Western digits and the Gregorian calendar, as the texts write numbers and as the region's
 * dates run. Without the extension, Persian writes "۲۰ آذر ۱۴۰۵" (Persian digits, Solar Hijri
 * months that Afghan readers name differently) where the page says "11 دسامبر".
 */
export function formattingLocale(locale: string): string {
  return `${locale}-u-ca-gregory-nu-latn`;
}

/**
 * A number as written in a region's text (digits, and the spaces, dashes, colons between), or
 * a part the region already isolated (the Urdu texts of the sample), which is left alone.
 */
const NUMBER_RUN = /\u2066[^\u2069]*\u2069|\+?\d(?:[\d .:/–-]*\d)?/g;

/**
 * A region's own text (hotline names and hours, tonight's fallbacks) for a page of `locale`: on
 * a right-to-left page each number in it isolated left to right, as `message()` does for the
 * values it fills in. After Persian or Arabic letters the bidi algorithm splits digits at a
 * hyphen: "0900-0101" would read "0101-0900", "08:00-20:00" read "20:00-08:00".
 */
export function numbersLeftToRight(locale: string, text: string): string {
  if (catalogOf(locale)?.["page.dir"] !== "rtl") return text;
  const [open, close] = LTR_ISOLATE;
  return text.replace(NUMBER_RUN, (run) => (run.startsWith(open) ? run : `${open}${run}${close}`));
}
