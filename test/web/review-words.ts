/**
 * Words the outside review of the catalogs (shared/reviews/translations.md) found wrong for
 * this form, per locale and per kind of mistake, so that none comes back. A word matches as
 * a whole word, as in forbidden-words.ts (Chinese and Thai have no spaces: any occurrence); a word
 * marked `anywhere` matches inside words too. Arabic is compared without its short vowels
 * and with one alef, and a word may carry the conjunction و or ف in front.
 */
import type { Locale } from "../../domain/vocabulary.ts";

export interface ReviewWord {
  word: string;
  why: string;
  anywhere?: boolean;
}

const REPORT = "means a report to the authorities, not the person's message";
const STIGMA = "a criminal or stigmatising word for selling sex";
const HEAVY = "a heavy legal noun where a verb reads easier (heard as a deportation order)";
// Review, pattern 3: "made to…" as a noun (pl, bg, ar) or a paired form (ro) reads harder
// than the verb uk and nl use.
const MADE_TO = "'made to…' as a heavy noun or paired form, where a verb reads easier";
// Review, per-locale points: idioms that read as word-for-word translations.
const LITERAL = "reads as a literal translation (review, per-locale points)";
// Review, pattern 4: Arabic addressed only men in about 60 strings. The forms below are the
// masculine imperatives and second-person verbs that differ from the feminine in writing
// (the feminine adds ي or ين); the past tense and the pronoun ك are written alike for both
// and are fine. A form that is also a passive or a verbal noun once the vowels are gone
// (لم تُشارَك, تذكُّره) is listed only with the words that make it active. Buttons use verbal nouns, instructions يُرجى with one, questions neutral forms.
const MASCULINE = "addresses men only (use a verbal noun, يُرجى + noun, or a neutral form)";
const masculine = (...words: string[]): ReviewWord[] =>
  words.map((word) => ({ word, why: MASCULINE }));

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
    { word: "viết đến", why: `${LITERAL}: 'write to', where 'write about' (viết về) is meant` },
    { word: "có không an toàn", why: `${LITERAL}: an awkward double negative` },
  ],
  ro: [
    { word: "prostituție", why: STIGMA },
    { word: "prostituţie", why: STIGMA },
    { word: "(ă)", why: MADE_TO, anywhere: true },
    { word: "fii contactat", why: "addresses men only" },
  ],
  pl: [
    { word: "podałeś", why: "addresses men only" },
    { word: "zdecydowałeś", why: "addresses men only" },
    { word: "zmuszanie", why: MADE_TO },
  ],
  bg: [
    { word: "принуждаване", why: MADE_TO },
    { word: "продаване на секс", why: STIGMA },
    { word: "как може да се свържат", why: `${LITERAL}: как могат да се свържат` },
    { word: "споделете го", why: `${LITERAL}: a consent that reads as an order` },
    { word: "не го споделяйте", why: `${LITERAL}: a consent that reads as an order` },
  ],
  hu: [
    { word: "ami illik", why: `${LITERAL}: illik also means 'is proper'` },
    { word: "kellett dolgozni", why: MADE_TO },
    { word: "szexelni", why: "slang" },
    { word: "elsőként foglalkoznak", why: `${LITERAL}: elsőbbséggel` },
  ],
  // The review's patterns 1 and 4, carried to the catalogs made after it: no word for a
  // report or complaint, no form that addresses men only.
  pt: [
    { word: "denúncia", why: REPORT },
    { word: "denúncias", why: REPORT },
    { word: "queixa", why: REPORT },
    { word: "queixas", why: REPORT },
    { word: "obrigado a", why: "addresses men only ('à força' is written alike for both)" },
    { word: "forçado a", why: "addresses men only ('à força' is written alike for both)" },
  ],
  tr: [
    // Turkish adds its endings to the word (şikâyetiniz, ihbarda): matched inside words.
    { word: "ihbar", why: REPORT, anywhere: true },
    { word: "şikâyet", why: REPORT, anywhere: true },
    { word: "şikayet", why: REPORT, anywhere: true },
  ],
  ru: [
    { word: "заявление", why: REPORT },
    { word: "заявления", why: REPORT },
    { word: "донос", why: REPORT },
    { word: "жалоба", why: REPORT },
    { word: "жалобу", why: REPORT },
    { word: "уверен", why: "addresses men only (вы … уверены, or 'Не знаю точно')" },
  ],
  de: [
    { word: "meldung", why: REPORT },
    { word: "meldungen", why: REPORT },
    { word: "anzeige", why: REPORT },
    { word: "beschwerde", why: REPORT },
    { word: "prostitution", why: STIGMA },
    { word: "prostituierte", why: STIGMA },
    { word: "nutte", why: STIGMA },
    { word: "hure", why: STIGMA },
    // Gender-fair German without asterisks: a neutral word where one exists.
    { word: "arbeitgeber", why: "men only: 'die Person oder Firma, für die du arbeitest'" },
    { word: "koordinator", why: "men only: 'die Koordinierungsstelle'" },
    { word: "*innen", why: "an asterisk form where a neutral word exists", anywhere: true },
    { word: ":innen", why: "a colon form where a neutral word exists", anywhere: true },
  ],
  it: [
    { word: "segnalazione", why: REPORT },
    { word: "segnalazioni", why: REPORT },
    { word: "denuncia", why: REPORT },
    { word: "esposto", why: REPORT },
    { word: "prostituzione", why: STIGMA },
    { word: "prostituta", why: STIGMA },
    { word: "prostitute", why: STIGMA },
    { word: "obbligo di", why: HEAVY },
    // Informal and gender-neutral Italian: verbs with avere, a neutral noun for the role.
    { word: "costretto", why: "men only: '… contro la propria volontà'" },
    { word: "sei stato", why: "men only: a past with avere or a neutral noun" },
    { word: "sei sicuro", why: "men only: 'non lo so con certezza'" },
    { word: "datore di lavoro", why: "men only: 'chi ti dà lavoro'" },
    { word: "coordinatore", why: "men only: 'il servizio di coordinamento'" },
    { word: "o/a", why: "a paired ending that weak readers stumble on", anywhere: true },
  ],
  th: [
    { word: "ค้าประเวณี", why: STIGMA },
    { word: "โสเภณี", why: STIGMA },
    { word: "ขายตัว", why: STIGMA },
    { word: "แจ้งความ", why: REPORT },
    { word: "ร้องเรียน", why: "a complaint, not the person's message" },
  ],
  ar: [
    { word: "اخرج بسرعة", why: "addresses men only, and sounds like 'Get out!'" },
    { word: "منظمات الرعاية", why: "sounds like care homes" },
    { word: "الإجبار", why: MADE_TO },
    { word: "إبلاغ", why: "can mean a report to the police" },
    { word: "ابتعدت عنهم", why: "weaker than 'I got away'" },
    ...masculine("اختر", "اكتب", "اتصل", "عُد", "احمِ", "اعرض", "ابحث", "أرسل", "تحقّق"),
    ...masculine("حاول", "أجب", "راجع", "انتقل", "احفظ", "احفظها", "أدخل", "اضغط"),
    ...masculine("تختر", "لا تحتفظ", "لم تترك", "لم تشاركها", "اخترت ألا تشارك", "لترى", "ستجد"),
    ...masculine("تريد", "تستطيع", "تحتاج", "تسكن", "تثق", "تشعر", "تكتب", "تعود", "تختار"),
    ...masculine("تقوله", "أنت متأكد", "تعمل لتسديد"),
  ],
  sq: [
    ...["denoncim", "denoncimi", "kallëzim", "kallëzimi", "raportim", "raportimi"].map((word) => ({
      word,
      why: REPORT,
    })),
    ...["ankesë", "ankesa", "ankesën"].map((word) => ({ word, why: "a complaint, not a message" })),
    ...["prostitucion", "prostitucioni", "prostitutë", "prostituta", "kurvë", "kurvëri"].map(
      (word) => ({ word, why: STIGMA }),
    ),
    // Predicate adjectives about the reader mark gender ("i/e sigurt"): ask with a noun
    // ("A ndihesh në siguri?", "Nuk e di me siguri").
    ...["jam i sigurt", "jam e sigurt", "je i sigurt", "je e sigurt", "ndihesh i sigurt"].map(
      (word) => ({ word, why: "addresses one gender only" }),
    ),
  ],
  ti: [
    ...["ጸብጻብ", "ክሲ", "ጥርዓን"].map((word) => ({ word, why: REPORT })),
    ...["ምንዝርና", "ኣመንዝራ", "ሸርሙጣ", "ዝሙት"].map((word) => ({ word, why: STIGMA })),
    // The catalog speaks to everyone in the polite plural (-ኹም, ምረጹ) or with verbal nouns
    // (ምስዳድ): a singular imperative or pronoun addresses a man or a woman only.
    ...["ምረጽ", "ምረጺ", "ጽሓፍ", "ጽሓፊ", "ደውል", "ደውሊ", "ተመለስ", "ተመለሲ", "ንስኻ", "ንስኺ"].map((word) => ({
      word,
      why: "addresses one gender only (use the polite plural or a verbal noun)",
    })),
  ],
  fa: [
    ...["گزارش", "اعلام جرم", "شکایت"].map((word) => ({ word, why: REPORT })),
    ...["روسپی", "روسپیگری", "فاحشه", "فحشا", "تن\u200cفروشی", "تن فروشی"].map((word) => ({
      word,
      why: STIGMA,
    })),
  ],
};

/** Arabic without short vowels, shadda, sukun or tatweel, and with one alef. */
const plainArabic = (text: string) =>
  text.replace(/[\u064B-\u065F\u0670\u0640]/g, "").replace(/[أإآ]/g, "ا");

export function reviewWordsIn(locale: Locale, text: string): ReviewWord[] {
  const plain = (value: string) =>
    locale === "ar" ? plainArabic(value) : value.toLocaleLowerCase(locale);
  const lower = plain(text.replaceAll("\u00ad", ""));
  return (REVIEW_WORDS[locale] ?? []).filter(({ word, anywhere }) => {
    const needle = plain(word);
    if (locale === "zh" || locale === "th" || anywhere) return lower.includes(needle);
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const clitic = locale === "ar" ? "[وف]?" : "";
    return new RegExp(`(?<![\\p{L}\\p{M}])${clitic}${escaped}(?![\\p{L}\\p{M}])`, "u").test(lower);
  });
}
