/**
 * Words the outside review of the catalogs (shared/reviews/translations.md) found wrong for
 * this form, per locale and per kind of mistake, so that none comes back. A word matches as
 * a whole word, as in forbidden-words.ts (Chinese has no spaces: any occurrence).
 */
import type { Locale } from "../../domain/vocabulary.ts";

export interface ReviewWord {
  word: string;
  why: string;
}

const REPORT = "means a report to the authorities, not the person's message";
const STIGMA = "a criminal or stigmatising word for selling sex";
const HEAVY = "a heavy legal noun where a verb reads easier (heard as a deportation order)";

export const REVIEW_WORDS: Partial<Record<Locale, readonly ReviewWord[]>> = {
  fr: [
    { word: "signalement", why: REPORT },
    { word: "signalements", why: REPORT },
    { word: "obligation de", why: HEAVY },
    { word: "obligation d'", why: HEAVY },
    { word: "qui peuvent m'aider", why: "wrong for a person writing about someone else" },
  ],
  nl: [
    { word: "melding", why: REPORT },
    { word: "meldingen", why: REPORT },
  ],
  es: [
    { word: "aviso", why: REPORT },
    { word: "avisos", why: REPORT },
    { word: "que pueden apoyarme", why: "wrong for a person writing about someone else" },
    { word: "cifras", why: "digits of a code are dígitos" },
  ],
  zh: [{ word: "卖淫", why: STIGMA }],
  vi: [
    { word: "mại dâm", why: STIGMA },
    { word: "bán dâm", why: STIGMA },
  ],
  ro: [
    { word: "prostituție", why: STIGMA },
    { word: "prostituţie", why: STIGMA },
  ],
  pl: [
    { word: "podałeś", why: "addresses men only" },
    { word: "zdecydowałeś", why: "addresses men only" },
  ],
  ar: [
    { word: "اخرج بسرعة", why: "addresses men only, and sounds like 'Get out!'" },
    { word: "منظمات الرعاية", why: "sounds like care homes" },
  ],
};

export function reviewWordsIn(locale: Locale, text: string): ReviewWord[] {
  const lower = text.toLocaleLowerCase(locale);
  return (REVIEW_WORDS[locale] ?? []).filter(({ word }) => {
    const needle = word.toLocaleLowerCase(locale);
    if (locale === "zh") return lower.includes(needle);
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\p{L}\\p{M}])${escaped}(?![\\p{L}\\p{M}])`, "u").test(lower);
  });
}
