import { describe, expect, it } from "vitest";
import { CATALOGS } from "../../domain/catalogs.ts";
import { message, pluralCases } from "../../domain/messages.ts";
import { SUPPORTED_LOCALES } from "../../domain/vocabulary.ts";
import { forbiddenIn } from "./forbidden-words.ts";
import { frenchSpacingMistakesIn } from "./french-spacing.ts";
import { reviewWordsIn } from "./review-words.ts";

const english = CATALOGS.en as Record<string, string>;
const keys = Object.keys(english);
/** `{name}` and the numbers of plural choices (`{days, plural, …}`), sorted. */
const placeholders = (text: string) =>
  [
    ...(text.match(/\{\w+\}/g) ?? []),
    ...[...pluralCases(text).keys()].map((name) => `{${name}}`),
  ].sort();

/** The locales written right to left (Arabic script). */
const RIGHT_TO_LEFT: readonly string[] = ["ar", "ur", "fa"];

/** Values that are rightly the same as the English (a direction, a one-word answer). */
const SAME_AS_ENGLISH: Partial<Record<string, readonly string[]>> = {
  "page.dir": [
    "nl",
    "pl",
    "ro",
    "bg",
    "hu",
    "uk",
    "es",
    "fr",
    "zh",
    "vi",
    "pt",
    "tr",
    "ru",
    "hi",
    "tl",
    "th",
    "de",
    "it",
    "sq",
    "ti",
  ],
  "answer.no": ["es", "it"],
};

/**
 * The wordings for a person writing about someone else (`<key>.other`, web/pages/wording.ts):
 * every key whose text without the suffix is in the catalog too ("exploitation.other" is an
 * answer, not a wording: there is no "exploitation").
 */
const SOMEONE_ELSE = keys.filter(
  (key) => key.endsWith(".other") && Object.hasOwn(english, key.slice(0, -".other".length)),
);
const baseOf = (key: string) => key.slice(0, -".other".length);

/**
 * Texts a language already says alike for the person and for someone writing about another
 * (Polish "Pracę", Bulgarian "Работата си" answer "what did you lose?" and "what did this
 * person lose?" alike): the page shows them once. Every other wording differs from its text.
 */
const LOST = ["job", "housing", "residence_permit", "documents", "income"].map((x) => `lost.${x}`);
const ALIKE_FOR_BOTH: Partial<Record<string, readonly string[]>> = {
  pl: [...LOST, "needs.residence", "needs.psychosocial"],
  ro: [...LOST, "needs.residence"],
  bg: LOST,
  uk: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  zh: ["needs.residence", "needs.children"],
  // Portuguese answers with the article alone ("O emprego", "Ajuda com os filhos"), Turkish
  // without a possessive ("İş", "Konuşacak biri"), Russian as Ukrainian does ("Работу").
  pt: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  tr: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  ru: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  // Hindi and Urdu answer without a possessive ("नौकरी", "نوکری"); अपने / اپنے refer back to
  // whoever needs help. Tagalog answers without one too ("Trabaho", "Tulong para sa mga anak").
  ur: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  hi: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  tl: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  // Thai answers without a pronoun ("งาน", "ที่พัก"), alike for anyone.
  th: [...LOST, "needs.residence", "needs.children", "needs.return_home"],
  // Albanian and Tigrinya answer "what did you lose?" without a possessive ("Punën", "ስራሕ"),
  // as Polish does; Tigrinya's "my"/"their" would also mark the other person's gender.
  sq: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
  ti: [...LOST, "needs.residence", "needs.psychosocial", "needs.children", "needs.return_home"],
};

/**
 * Each plural of a catalog without a form its language needs, as `key name category`: none is
 * missing where "other" is there to stand for it; without "other", it and every other one is.
 */
function missingPluralForms(
  catalog: Record<string, string>,
  needed: readonly Intl.LDMLPluralRule[],
): string[] {
  return Object.entries(catalog).flatMap(([key, text]) =>
    [...pluralCases(text)].flatMap(([name, forms]) =>
      forms.has("other")
        ? []
        : ["other", ...needed.filter((category) => !forms.has(category))].map(
            (category) => `${key} ${name} ${category}`,
          ),
    ),
  );
}

/** The plurals of the English a catalog writes without a plural, as `key name`. */
function pluralsNotKept(catalog: Record<string, string>): string[] {
  return Object.entries(english).flatMap(([key, text]) =>
    [...pluralCases(text).keys()]
      .filter((name) => !pluralCases(catalog[key] ?? "").has(name))
      .map((name) => `${key} ${name}`),
  );
}

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

  it.each(SOMEONE_ELSE)("words %s for someone else apart from the person's own text", (key) => {
    const base = catalog[baseOf(key)] ?? "";
    // Listed alike only while it is: a text reworded to "my job" needs its wording again.
    if (ALIKE_FOR_BOTH[locale]?.includes(baseOf(key))) expect(catalog[key]).toBe(base);
    else expect(catalog[key]).not.toBe(base);
  });

  it("never names what the form is about", () => {
    expect(forbiddenIn(locale, Object.values(catalog).join("\n"))).toEqual([]);
  });

  it("keeps clear of the words the review found wrong (report words, stigma, heavy nouns)", () => {
    expect(reviewWordsIn(locale, Object.values(catalog).join("\n"))).toEqual([]);
  });

  it("gives every plural the forms its language needs (Intl.PluralRules), each with its number", () => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    expect(missingPluralForms(catalog, needed)).toEqual([]);
    // A plural of the English is a plural here too: no "90 zile" from a plain {days}.
    expect(pluralsNotKept(catalog)).toEqual([]);
  });

  it("declares the direction of its script", () => {
    expect(catalog["page.dir"]).toBe(RIGHT_TO_LEFT.includes(locale) ? "rtl" : "ltr");
  });
});

describe("the wordings for someone else", () => {
  it("list as alike only texts that have a wording for someone else", () => {
    const listed = Object.values(ALIKE_FOR_BOTH).flatMap((list) => list ?? []);
    expect(listed.filter((key) => !SOMEONE_ELSE.includes(`${key}.other`))).toEqual([]);
  });
});

describe("forbiddenIn", () => {
  it.each([
    ["en", "Help for trafficking victims", ["trafficking", "victims"]],
    ["fr", "Elles le traiteront en priorité", []],
    ["fr", "la traite des êtres humains", ["traite des êtres humains", "traite"]],
    ["zh", "帮助人口贩卖受害者", ["人口贩卖", "受害者"]],
    ["nl", "Hulp bij uitbuiting", ["uitbuiting"]],
    ["pt", "Ajuda para vítimas de tráfico de pessoas", ["tráfico de pessoas", "vítimas"]],
    ["tr", "İnsan ticareti ve sömürü", ["insan ticareti", "sömürü"]],
    ["ru", "Помощь жертвам торговли людьми", ["торговли людьми", "жертвам"]],
    ["de", "Hilfe für Opfer von Menschenhandel", ["Menschenhandel", "Opfer"]],
    ["de", "Hilfe und Beratung", []],
    ["de", "Menschen\u00adhandel", ["Menschenhandel"]],
    ["it", "Di chi si tratta?", ["tratta"]],
    ["it", "Ti trattengono la paga?", []],
    // Thai has no spaces between words: a word matches anywhere.
    ["th", "ช่วยเหลือเหยื่อการค้ามนุษย์", ["การค้ามนุษย์", "ค้ามนุษย์", "เหยื่อ"]],
  ] as const)("finds in %s %j: %j", (locale, text, found) => {
    expect(forbiddenIn(locale, text)).toEqual(found);
  });
});

describe("plurals in messages", () => {
  it.each([
    ["ro", "1", "1 zi"],
    ["ro", "5", "5 zile"],
    ["ro", "90", "90 de zile"],
    ["pl", "1", "1 dzień"],
    ["pl", "3", "3 dni"],
    ["pl", "90", "90 dni"],
    ["uk", "21", "21 день"],
    ["uk", "90", "90 днів"],
    ["ar", "2", "يومين"],
    ["en", "1", "1 day"],
  ] as const)("%s says %s days as %j", (locale, days, expected) => {
    expect(message(locale, "privacy.body", { days })).toContain(expected);
  });
});

describe("reviewWordsIn", () => {
  it.each([
    ["fr", "Envoyer un signalement", ["signalement"]],
    ["fr", "Obligation de mendier", ["obligation de"]],
    ["nl", "Je melding is verstuurd", ["melding"]],
    ["ro", "sex sau prostituție", ["prostituție"]],
    ["zh", "被迫卖淫", ["卖淫"]],
    ["nl", "Je bericht is verstuurd", []],
    // Review, pattern 3: "made to…" as nouns or paired forms.
    ["pl", "Zmuszanie do żebrania", ["zmuszanie"]],
    ["pl", "Zmuszano do żebrania", []],
    ["bg", "Принуждаване към просия", ["принуждаване"]],
    ["ro", "Obligat(ă) la cerșit", ["(ă)"]],
    ["ar", "الإجبار على التسوّل", ["الإجبار"]],
    ["ar", "أُجبرت على التسوّل", []],
    // Review, pattern 4: Arabic masculine imperatives and verbs, with or without vowels.
    ["ar", "اختر {max} على الأكثر.", ["اختر"]],
    ["ar", "تحقق من اتصالك وحاول مرة أخرى", ["تحقّق", "حاول"]],
    ["ar", "هل تشعر بالأمان؟", ["تشعر"]],
    ["ar", "اكتب هذا الرمز على ورقة واحفظها", ["اكتب", "احفظها"]],
    ["ar", "يُرجى اختيار {max} على الأكثر. هل أرسلت رسالة؟", []],
    ["ar", "الاتصال بالرقم {number} الآن", []],
    // Review, per-locale points: literal translations.
    ["hu", "Jelölj be mindent, ami illik.", ["ami illik"]],
    ["vi", "người mà bạn viết đến", ["viết đến"]],
    ["bg", "Как може да се свържат с вас?", ["как може да се свържат"]],
    ["pt", "A sua denúncia foi enviada", ["denúncia"]],
    ["tr", "Şikâyetiniz gönderildi", ["şikâyet"]],
    ["tr", "Mesajınız gönderildi", []],
    ["ru", "Ваше заявление отправлено", ["заявление"]],
    ["ru", "Вы уверены?", []],
    ["de", "Deine Meldung wurde gesendet", ["meldung"]],
    ["de", "Bestimmt dein Arbeitgeber, wo du wohnst?", ["arbeitgeber"]],
    ["de", "Mitarbeiter*innen", ["*innen"]],
    ["de", "Arbeit\u00adgeber", ["arbeitgeber"]],
    ["de", "Deine Nachricht wurde gesendet", []],
    ["it", "Invia una segnalazione", ["segnalazione"]],
    ["it", "Costretto/a a lavorare", ["costretto", "o/a"]],
    ["it", "Lavorare contro la propria volontà", []],
    ["th", "ถูกบังคับให้ค้าประเวณี", ["ค้าประเวณี"]],
    ["th", "ขอบคุณสำหรับคำตอบ", []],
  ] as const)("finds in %s %j: %j", (locale, text, found) => {
    expect(reviewWordsIn(locale, text).map((hit) => hit.word)).toEqual(found);
  });
});

// Review, fr: a no-break space before ? ! : ; and inside « » (U+00A0, as the catalog does).
describe("frenchSpacingMistakesIn", () => {
  const nbsp = "\u00a0";
  it("finds none in the fr catalog", () => {
    expect(frenchSpacingMistakesIn(Object.values(CATALOGS.fr).join("\n"))).toEqual([]);
  });

  it.each([
    [`Comment allez-vous${nbsp}?`, []],
    ["Comment allez-vous ?", ["us ?"]],
    ["Comment allez-vous?", ["ous?"]],
    ["Comment allez-vous\u202f?", ["us\u202f?"]],
    [`appuyez sur «${nbsp}Quitter vite${nbsp}».`, []],
    ["appuyez sur « Quitter vite ».", ["ur « ", "te »."]],
    [`Vraiment${nbsp}?!`, []],
    [`Ouvert de 9:00 à 17:00${nbsp}: lundi`, []],
  ] as const)("finds in %j: %j", (text, found) => {
    expect(frenchSpacingMistakesIn(text)).toEqual(found);
  });
});
