/**
 * Each catalog is in its language: its script (what a cheap phone must have a font for), no
 * English left in a sentence, no Latin-letter text in a language written otherwise, and no form
 * that addresses only men where the language marks gender. The keys, placeholders, plural forms
 * and banned words are checked in catalogs.test.ts.
 */
import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { pluralCases } from "../../domain/messages.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import {
  englishRuns,
  GENDERED_FORMS,
  genderedFormsIn,
  LOCALE_SCRIPTS,
  latinShare,
  readableText,
  shareInScript,
  TELLING_LETTERS,
} from "./locale-scripts.ts";

const english = CATALOGS.en as Record<string, string>;
/** Values that are not sentences: the direction of the script. */
const NOT_TEXT = new Set(["page.dir"]);
/** Of a catalog's letters, at least this share is in the language's script. */
const IN_SCRIPT = 0.95;
/** A value of a language written in another script with more Latin letters than this is English left. */
const LATIN_AT_MOST = 1 / 3;

const textsOf = (locale: string) =>
  Object.entries(CATALOGS[locale as keyof typeof CATALOGS] as Record<string, string>).filter(
    ([key]) => !NOT_TEXT.has(key),
  );

const allText = (locale: string) =>
  textsOf(locale)
    .map(([, text]) => readableText(text))
    .join("\n");

const others = SUPPORTED_LOCALES.filter((locale) => locale !== "en");
const inOtherScripts = SUPPORTED_LOCALES.filter(
  (locale) => (LOCALE_SCRIPTS[locale] ?? "Latin") !== "Latin",
);
const withTellingLetters = SUPPORTED_LOCALES.filter((locale) => TELLING_LETTERS[locale]);
const markingGender = SUPPORTED_LOCALES.filter((locale) => GENDERED_FORMS[locale]);

describe.each(SUPPORTED_LOCALES)("the %s catalog", (locale) => {
  it("is in its language's script", () => {
    const script = LOCALE_SCRIPTS[locale];
    expect(script, `LOCALE_SCRIPTS of test/web/locale-scripts.ts has no row for ${locale}`).toEqual(
      expect.any(String),
    );
    expect(shareInScript(allText(locale), script ?? "")).toBeGreaterThanOrEqual(IN_SCRIPT);
  });
});

describe.each(inOtherScripts)("the %s catalog, in a script other than Latin", (locale) => {
  it("leaves no text in Latin letters (English left)", () => {
    const latin = textsOf(locale).filter(([, text]) => latinShare(text) > LATIN_AT_MOST);
    expect(latin.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

describe.each(withTellingLetters)("the %s catalog, in a script it shares", (locale) => {
  it("uses its own letters, not a neighbour's", () => {
    const { needs, never } = TELLING_LETTERS[locale] ?? { needs: "", never: "" };
    const all = allText(locale);
    expect(
      [...needs].some((letter) => all.includes(letter)),
      `one of ${needs}`,
    ).toBe(true);
    expect([...never].filter((letter) => all.includes(letter))).toEqual([]);
  });
});

describe.each(others)("the %s catalog, translated", (locale) => {
  it("leaves no run of three English words in any text", () => {
    const left = textsOf(locale).flatMap(([key, text]) =>
      englishRuns(text, english[key] ?? "").map((run) => `${key}: ${run}`),
    );
    expect(left).toEqual([]);
  });
});

/** The counts a text may take: days, hours, minutes, organisations, tries. */
const COUNTS = Array.from({ length: 1001 }, (_, count) => count);

/**
 * The plural categories a text's plurals lack, as `name category`, for the counts 0–1000: each
 * count needs its category's form (or an exact `=N`); 'other' does not stand in for Polish
 * 'few' ("2 dni") or Arabic 'two'. A category only far larger numbers take (French and
 * Spanish 'many', for a million) is not asked for.
 */
function pluralFormsLacking(locale: string, text: string): string[] {
  const rules = new Intl.PluralRules(locale);
  return [...pluralCases(text)].flatMap(([name, forms]) => {
    const lacking = new Set(
      COUNTS.filter((count) => !forms.has(`=${count}`))
        .map((count) => rules.select(count))
        .filter((category) => !forms.has(category)),
    );
    return [...lacking].map((category) => `${name} ${category}`);
  });
}

describe.each(SUPPORTED_LOCALES)("the %s catalog's plurals", (locale) => {
  it("have a form of their own for every count 0–1000 (Intl.PluralRules)", () => {
    const missing = textsOf(locale).flatMap(([key, text]) =>
      pluralFormsLacking(locale, text).map((lack) => `${key} ${lack}`),
    );
    expect(missing).toEqual([]);
  });
});

describe.each(markingGender)("the %s catalog, in a language that marks gender", (locale) => {
  it("addresses women and men alike (no form for men only)", () => {
    const found = textsOf(locale).flatMap(([key, text]) =>
      genderedFormsIn(locale, text).map((form) => `${key}: ${form}`),
    );
    expect(found, GENDERED_FORMS[locale]?.why).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it.each([
    ["Latin", "Leave quickly", 1],
    ["Arabic", "خروج سريع", 1],
    ["Ethiopic", "ቀልጢፍካ ውጻእ", 1],
    ["Devanagari", "जल्दी निकलें", 1],
    ["Thai", "ออกอย่างรวดเร็ว", 1],
    ["Han", "快速离开", 1],
    ["Cyrillic", "Швидко вийти", 1],
    ["Devanagari", "Leave quickly", 0],
    ["Arabic", "", 1],
  ] as const)("shareInScript(%s, %j) is %d", (script, text, share) => {
    expect(shareInScript(text, script)).toBe(share);
  });

  it.each([
    ["عبر تطبيق دردشة، مثل WhatsApp أو Signal", 0],
    ["أو الضغط على زر Esc مرتين.", 0],
    ["Leave quickly", 1],
    ["Call {number} now", 1],
    ["اتصل Call", 0.5],
  ] as const)("latinShare(%j) is %d", (text, share) => {
    expect(latinShare(text)).toBeCloseTo(share, 2);
  });

  it.each([
    ["Sí, compartirlo.", "Yes, share it.", []],
    ["Ya, ibahagi ang message", "Yes, share the message with them", []],
    ["Oo, share the message sa kanila", "Yes, share the message with them", ["share the message"]],
    [
      "{days, plural, one {# dia} other {# dias}}",
      "{days, plural, one {# day} other {# days}}",
      [],
    ],
  ] as const)("englishRuns(%j, %j) is %j", (text, source, runs) => {
    expect(englishRuns(text, source)).toEqual(runs);
  });

  it.each([
    ["pl", "{days, plural, one {# dzień} few {# dni} many {# dni} other {# dnia}}", []],
    ["pl", "{days, plural, one {# dzień} other {# dni}}", ["days many", "days few"]],
    ["ar", "{n, plural, zero {} one {} two {} few {} many {} other {}}", []],
    ["ar", "{n, plural, =2 {} zero {} one {} few {} many {} other {}}", []],
    ["ar", "{n, plural, one {} other {}}", ["n zero", "n two", "n few", "n many"]],
    ["fr", "{days, plural, one {# jour} other {# jours}}", []],
    ["zh", "{days, plural, other {# 天}}", []],
    ["ro", "{days, plural, one {# zi} other {# de zile}}", ["days few"]],
  ] as const)("pluralFormsLacking(%s, %j) is %j", (locale, text, lacking) => {
    expect(pluralFormsLacking(locale, text)).toEqual(lacking);
  });

  it.each([
    ["pl", "Czy straciłeś(-aś) pracę?", []],
    ["pl", "Nie podałeś sposobu kontaktu.", ["podałeś"]],
    ["uk", "Що ви втратили?", []],
    ["uk", "Що ти втратив?", ["ти"]],
    ["ru", "Что вы потеряли?", []],
    ["ru", "Что ты потерял? Твой код", ["ты", "Твой"]],
    ["bg", "Какво загубихте?", []],
    ["th", "ออกอย่างรวดเร็ว", []],
    ["th", "ขอบคุณครับ", ["ครับ"]],
    ["th", "ขอบคุณค่ะ", ["ค่ะ"]],
    ["en", "What did you lose?", []],
    ["hi", "इन नंबरों पर भी कॉल किया जा सकता है।", []],
    ["hi", "आप इन नंबरों पर भी कॉल कर सकते हैं।", ["आप इन नंबरों पर भी कॉल कर सकते"]],
    ["hi", "पुलिस आप तक आ सकती है। वे मुझ तक पहुँच सकते हैं।", []],
    ["hi", "आपको क्या चाहिए? आप क्या करना चाहते हैं?", ["आप क्या करना चाहते"]],
    ["ur", "کیا آپ کو محفوظ محسوس ہوتا ہے؟", []],
    ["ur", "کیا آپ محفوظ محسوس کرتے ہیں؟", ["آپ محفوظ محسوس کرتے"]],
    ["ur", "اگر آپ ابھی خطرے میں ہیں، تو کال کریں۔", []],
  ] as const)("genderedFormsIn(%s, %j) is %j", (locale, text, forms) => {
    expect(genderedFormsIn(locale, text)).toEqual(forms);
  });
});
