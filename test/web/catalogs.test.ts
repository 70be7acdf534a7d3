import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../functions/domain/catalogs.ts";
import { SUPPORTED_LOCALES } from "../../functions/domain/vocabulary.ts";
import { forbiddenIn } from "./forbidden-words.ts";

const english = CATALOGS.en as Record<string, string>;
const keys = Object.keys(english);
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

/** Values that are rightly the same as the English (a direction, a one-word answer). */
const SAME_AS_ENGLISH: Partial<Record<string, readonly string[]>> = {
  "page.dir": ["nl", "pl", "ro", "bg", "hu", "uk", "es", "fr", "zh", "vi"],
  "answer.no": ["es"],
};

describe.each(SUPPORTED_LOCALES)("the %s catalog", (locale) => {
  const catalog = CATALOGS[locale] as Record<string, string>;

  it("has every key of the English catalog, and no other", () => {
    expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
  });

  it.each(keys)("translates %s, keeping its placeholders", (key) => {
    const text = catalog[key] ?? "";
    expect(text.trim()).not.toBe("");
    expect(placeholders(text)).toEqual(placeholders(english[key] ?? ""));
    if (locale !== "en" && !SAME_AS_ENGLISH[key]?.includes(locale))
      expect(text).not.toBe(english[key]);
  });

  it("never names what the form is about", () => {
    expect(forbiddenIn(locale, Object.values(catalog).join("\n"))).toEqual([]);
  });

  it("declares the direction of its script", () => {
    expect(catalog["page.dir"]).toBe(locale === "ar" ? "rtl" : "ltr");
  });
});

describe("forbiddenIn", () => {
  it.each([
    ["en", "Help for trafficking victims", ["trafficking", "victims"]],
    ["fr", "Elles le traiteront en priorité", []],
    ["fr", "la traite des êtres humains", ["traite des êtres humains", "traite"]],
    ["zh", "帮助人口贩卖受害者", ["人口贩卖", "受害者"]],
    ["nl", "Hulp bij uitbuiting", ["uitbuiting"]],
  ] as const)("finds in %s %j: %j", (locale, text, found) => {
    expect(forbiddenIn(locale, text)).toEqual(found);
  });
});
