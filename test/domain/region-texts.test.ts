import { describe, expect, it } from "vitest";
import { inLocale, type LocalizedText, missingTexts } from "../../domain/region-texts.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import { sampleRegion } from "../helpers/region-factory.ts";

const HOURS: LocalizedText = { nl: "elke dag", en: "every day", ar: "كل يوم" };

describe("inLocale", () => {
  it.each([
    ["en", ["nl", "en", "ar"], "every day"],
    // a locale the region did not write: its first language
    ["pt", ["nl", "en", "ar"], "elke dag"],
    ["tr", ["en", "nl", "ar"], "every day"],
    // the first language not written either: the next of the region's languages
    ["pt", ["de", "ar", "nl"], "كل يوم"],
    // none of the region's languages written: any text rather than none
    ["pt", ["de"], "elke dag"],
  ] as const)("gives %s, for a region in %j, %j", (locale, languages, expected) => {
    expect(inLocale(HOURS, locale, languages)).toBe(expected);
  });

  it("gives a text written once for every language in every locale", () => {
    for (const locale of SUPPORTED_LOCALES) expect(inLocale("24/7", locale, ["nl"])).toBe("24/7");
  });
});

describe("missingTexts", () => {
  const region = {
    runBy: { nl: "Door het centrum.", en: "By the centre." },
    fallbacks: { shelter: "Bel 0900-0101.", medical: { nl: "Huisarts.", pt: "Médico." } },
    emergency: { hotlines: [{ name: { nl: "Hulplijn", en: "Support line" }, hours: "24/7" }] },
  };

  it("lists, per locale, the texts the region does not give in it and where they fall back", () => {
    expect(missingTexts(region, ["nl", "en", "pt"])).toEqual([
      { locale: "en", texts: ["fallbacks.medical"], shownIn: ["nl"] },
      { locale: "pt", texts: ["runBy", "emergency.hotlines.0.name"], shownIn: ["nl"] },
    ]);
  });

  it("says which language a text falls back to when the first language lacks it too", () => {
    const lacking = { ...region, runBy: { en: "By the centre." } };
    expect(missingTexts(lacking, ["nl", "en"])).toEqual([
      { locale: "nl", texts: ["runBy"], shownIn: ["en"] },
      { locale: "en", texts: ["fallbacks.medical"], shownIn: ["nl"] },
    ]);
  });

  it("finds nothing missing in the sample region, in any of its locales", () => {
    expect(missingTexts(sampleRegion, sampleRegion.locales)).toEqual([]);
  });
});
