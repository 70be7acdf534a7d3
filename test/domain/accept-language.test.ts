import { describe, expect, it } from "vitest";
import { bestLocale } from "../../domain/accept-language.ts";

const LOCALES = [
  "nl",
  "en",
  "pl",
  "ro",
  "uk",
  "ar",
  "zh",
  "vi",
  "pt-br",
  "sq",
  "ti",
  "fa",
  "ur",
  "hi",
  "tl",
];

describe("the best locale for an Accept-Language header", () => {
  it.each([
    ["pl-PL,pl;q=0.9,en;q=0.8", "pl"],
    ["de-DE,de;q=0.9,ro;q=0.5,en;q=0.7", "en"],
    ["ar-MA", "ar"],
    ["zh-Hans-CN,zh;q=0.9", "zh"],
    ["uk;q=0.2,vi;q=0.8", "vi"],
    ["ur-PK,ur;q=0.9,en;q=0.8", "ur"],
    ["hi-IN,hi;q=0.9,en-IN;q=0.8", "hi"],
    ["tl-PH", "tl"],
    // Android and Chrome in the Philippines send Filipino as `fil`: our Tagalog catalog.
    ["fil-PH,fil;q=0.9,en-US;q=0.8", "tl"],
    ["FIL", "tl"],
    ["filx, en;q=0.5", "en"],
    ["sq-XK,sr;q=0.8", "sq"],
    ["ti-ER,am;q=0.8,en;q=0.5", "ti"],
    ["fa-IR,fa;q=0.9", "fa"],
    ["fa-AF,ps;q=0.8", "fa"],
    ["prs-AF,en;q=0.5", "fa"],
    ["de, fr;q=0", "nl"],
    ["*", "nl"],
    ["*, en;q=0.1", "en"],
    ["", "nl"],
    ["en;q=abc, ro", "ro"],
    ["en;q=1.5, ro;q=0.5", "ro"],
    ["en;q=-1, ro;q=0.5", "ro"],
    ["EN-gb", "en"],
    ["PT-BR", "pt-br"],
    ["pt-BR-x", "nl"],
    ["en;level=1;q=0.5, ro;q=0.4", "en"],
    ["  ro ; q=0.3 ,, en;q=0.3", "ro"],
    ["en;q=0.5, ro;q=0.5", "en"],
    ["ro;q=0.5, en;q=0.5", "ro"],
    ["de;q=0.9, en-US;q=0.8, ro", "ro"],
    [`${"de,".repeat(32)}en`, "nl"],
    [`${"de,".repeat(31)}en`, "en"],
  ])("answers %j with %s", (header, locale) => {
    expect(bestLocale(header, LOCALES)).toBe(locale);
  });

  it.each([
    ["pt-BR,pt;q=0.9,en;q=0.8", "pt"],
    ["pt-PT", "pt"],
    ["tr-TR,tr;q=0.9", "tr"],
    ["ru-RU,ru;q=0.9,uk;q=0.8", "ru"],
    ["uk-UA,uk;q=0.9,ru;q=0.8", "ru"],
  ])("answers %j with %s in a region that offers pt, tr and ru", (header, locale) => {
    expect(bestLocale(header, ["nl", "en", "pt", "tr", "ru"])).toBe(locale);
  });

  it.each([
    ["de-AT,de;q=0.9,en;q=0.5", "de"],
    ["it-CH,it;q=0.9,fr;q=0.8", "it"],
    ["th-TH,th;q=0.9,en;q=0.8", "th"],
    ["en;q=0.5, th", "th"],
  ])("finds a region's later locales too: %j gets %s", (header, locale) => {
    expect(bestLocale(header, ["nl", "en", "th", "de", "it"])).toBe(locale);
  });

  it("falls back to the region's first locale, and to English for a region with none", () => {
    expect(bestLocale("de", ["ro", "en"])).toBe("ro");
    expect(bestLocale("de", [])).toBe("en");
    expect(bestLocale(undefined as unknown as string, ["ro"])).toBe("ro");
  });
});
