/**
 * What a catalog's text should look like, beyond its keys: the script each language is
 * written in (and the letters that tell it from a neighbour that shares the script), the words
 * that stay in Latin letters in every language, and the forms that address only men where a
 * language marks gender. Used by test/web/catalog-language.test.ts; docs/i18n.md explains them.
 */

/** The Unicode script (`\p{Script=…}`) each locale is written in: what a cheap phone must render. */
export const LOCALE_SCRIPTS: Readonly<Record<string, string>> = {
  nl: "Latin",
  en: "Latin",
  pl: "Latin",
  ro: "Latin",
  hu: "Latin",
  es: "Latin",
  fr: "Latin",
  vi: "Latin",
  pt: "Latin",
  tr: "Latin",
  sq: "Latin",
  tl: "Latin",
  de: "Latin",
  it: "Latin",
  bg: "Cyrillic",
  uk: "Cyrillic",
  ru: "Cyrillic",
  ar: "Arabic",
  fa: "Arabic",
  ur: "Arabic",
  zh: "Han",
  ti: "Ethiopic",
  hi: "Devanagari",
  th: "Thai",
};

/**
 * Letters a language's catalog uses (`needs`: at least one of them) and letters of a neighbour
 * sharing its script that it never uses (`never`): a Ukrainian text pasted from Russian, an
 * Urdu or Persian one typed on an Arabic keyboard (Arabic ي and ك for Persian ی and ک).
 */
export const TELLING_LETTERS: Readonly<Record<string, { needs: string; never: string }>> = {
  uk: { needs: "іїєґ", never: "ыэъё" },
  ru: { needs: "ыэъё", never: "іїєґ" },
  bg: { needs: "ъ", never: "ыэіїєё" },
  ar: { needs: "ةي", never: "یکگچپژےٹڈں" },
  fa: { needs: "پچژگیک", never: "يكةےٹڈں" },
  ur: { needs: "ےٹڈںھ", never: "يكة" },
};

/** Names and keys that stay in Latin letters in every language: apps, a key, two acronyms. */
export const KEPT_IN_LATIN = ["WhatsApp", "Signal", "Telegram", "Esc", "PIN", "SMS"];

/** A catalog text without its placeholders and ICU plural syntax: only what a person reads. */
export function readableText(text: string): string {
  return text
    .replace(/\{\w+\}/g, " ")
    .replace(/\{\w+, plural,/g, " ")
    .replace(/(=\d+|zero|one|two|few|many|other) \{/g, " ")
    .replace(/[{}#]/g, " ");
}

const letters = (text: string) => [...text].filter((char) => /\p{L}/u.test(char));

/** The share of a text's letters that are in `script` (1 for a text without letters). */
export function shareInScript(text: string, script: string): number {
  const all = letters(text);
  if (all.length === 0) return 1;
  const pattern = new RegExp(`\\p{Script=${script}}`, "u");
  return all.filter((char) => pattern.test(char)).length / all.length;
}

/** The share of Latin letters in a text, once the names kept in Latin are taken out. */
export function latinShare(text: string): number {
  const rest = KEPT_IN_LATIN.reduce(
    (left, name) => left.replace(new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, "gu"), " "),
    readableText(text),
  );
  const all = letters(rest);
  if (all.length === 0) return 0;
  return all.filter((char) => /\p{Script=Latin}/u.test(char)).length / all.length;
}

const words = (text: string) =>
  readableText(text)
    .toLowerCase()
    .match(/[\p{L}\p{N}'’]+/gu) ?? [];

/**
 * Runs of `length` words of the English text, in its order, found in a translation: English
 * left in a sentence (no two catalogs of different languages share three words in a row).
 */
export function englishRuns(translation: string, english: string, length = 3): string[] {
  const runs = (text: string) => {
    const list = words(text);
    return new Set(
      list
        .slice(0, Math.max(0, list.length - length + 1))
        .map((_, at) => list.slice(at, at + length).join(" ")),
    );
  };
  const source = runs(english);
  return [...runs(translation)].filter((run) => source.has(run));
}

/**
 * Forms that address only men (or, in Thai, that mark the speaker's sex) in languages that mark
 * gender, where the catalogs write alike for women and men instead: Polish past tense in "-łeś"
 * without its "(-aś)"; Bulgarian, Ukrainian and Russian "you" in the singular, whose past tense
 * marks gender (the polite plural "ви/вие/вы" does not: "ви втратили"); Thai's polite particles
 * ครับ (a man speaking) and ค่ะ (a woman); Hindi and Urdu आप / آپ as the subject of a masculine
 * plural verb (सकते, चाहते, रहे, थे: a woman is addressed सकती, चाहती…), where the catalogs use
 * an imperative (करें), a passive (किया जा सकता है) or the dative (आपको … चाहिए) instead.
 * Arabic's masculine imperatives are in review-words.ts.
 */
export const GENDERED_FORMS: Readonly<Record<string, { pattern: RegExp; why: string }>> = {
  pl: {
    pattern: /\p{L}+(?:łeś|łbyś)(?!\(-aś\))/gu,
    why: "a man's past tense: write the pair (straciłeś(-aś)) or an impersonal form (podano)",
  },
  bg: {
    pattern: /(?<!\p{L})(?:ти|теб|тебе|твой|твоя|твоето|твоите)(?!\p{L})/giu,
    why: "singular 'you', whose past tense marks gender: the catalog uses вие",
  },
  uk: {
    pattern: /(?<!\p{L})(?:ти|тебе|тобі|тобою|твій|твоя|твоє|твої|твого|твоєї)(?!\p{L})/giu,
    why: "singular 'you', whose past tense marks gender: the catalog uses ви",
  },
  ru: {
    pattern: /(?<!\p{L})(?:ты|тебя|тебе|тобой|твой|твоя|твоё|твое|твои|твоего|твоей)(?!\p{L})/giu,
    why: "singular 'you', whose past tense marks gender: the catalog uses вы",
  },
  hi: {
    pattern:
      /(?<![\p{L}\p{M}])आप(?![\p{L}\p{M}])(?!\s+तक(?![\p{L}\p{M}]))[^।?:,]*?(?<![\p{L}\p{M}])(?:सकते|चाहते|रहे|करते|जाते|गए|थे|रहेंगे|करेंगे|जाएँगे|पाएँगे)(?![\p{L}\p{M}])/gu,
    why: "आप with a masculine plural verb: write an imperative (करें), a passive or आपको …",
  },
  ur: {
    pattern:
      /(?<![\p{L}\p{M}])آپ(?![\p{L}\p{M}])(?!\s+(?:کا|کی|کے|کو|سے|نے|تک)(?![\p{L}\p{M}]))[^۔؟:،]*?(?<![\p{L}\p{M}])(?:سکتے|چاہتے|رہے|کرتے|جاتے|گئے|تھے|رہیں گے|کریں گے|جائیں گے|پائیں گے)(?![\p{L}\p{M}])/gu,
    why: "آپ with a masculine plural verb: write an imperative (کریں), a passive or آپ کو …",
  },
  th: {
    pattern: /ครับ|ค่ะ/gu,
    why: "a polite particle that marks the speaker as a man (ครับ) or a woman (ค่ะ)",
  },
};

/** The gendered forms a text of a locale uses. */
export function genderedFormsIn(locale: string, text: string): string[] {
  const rule = GENDERED_FORMS[locale];
  return rule ? [...text.matchAll(rule.pattern)].map(([found]) => found) : [];
}
