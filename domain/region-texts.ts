/**
 * Texts a region writes in its own words (who runs the service, the hotlines' names and
 * hours, what to do tonight for a need nobody covers): one text for every language, or one
 * per locale. A locale the region did not write falls back to the region's first language.
 */
import * as z from "zod/mini";
import { SUPPORTED_LOCALES } from "./vocabulary.ts";

/** One text, trimmed, of 1 to `max` characters. */
export const text = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((value) => value.isWellFormed(), { message: "must be valid text" }),
  );

/** A text as a string (every language) or as `{ "nl": "…", "en": "…" }`. */
export const localizedText = (max: number) =>
  z.union([
    text(max),
    z
      .partialRecord(z.enum(SUPPORTED_LOCALES), text(max))
      .check(z.refine((texts) => Object.keys(texts).length > 0, { message: "must hold a text" })),
  ]);

export type LocalizedText = string | Partial<Record<string, string>>;

/** The text in `locale`, else in the first of `fallbacks` the region wrote, else any. */
export function inLocale(
  value: LocalizedText,
  locale: string,
  fallbacks: readonly string[],
): string {
  if (typeof value === "string") return value;
  for (const candidate of [locale, ...fallbacks]) {
    const found = value[candidate];
    if (found) return found;
  }
  return Object.values(value).find((found) => found !== undefined) ?? "";
}

/** The language `inLocale` shows a text in when the locale has none. */
function fallbackOf(value: LocalizedText, fallbacks: readonly string[]): string {
  if (typeof value === "string") return "";
  return [...fallbacks, ...Object.keys(value)].find((candidate) => Boolean(value[candidate])) ?? "";
}

/** The texts of a region written per locale, by where they are in the region file. */
export interface RegionTexts {
  runBy?: LocalizedText | undefined;
  fallbacks: Partial<Record<string, LocalizedText>>;
  emergency: { hotlines: readonly { name: LocalizedText; hours: LocalizedText }[] };
}

/** A locale of the region and the texts the region file does not give in it. */
export interface MissingTexts {
  locale: string;
  /** paths in the region file, `emergency.hotlines.0.hours` */
  texts: string[];
  /** the languages these texts are shown in instead (inLocale's fallback), in the region's order */
  shownIn: string[];
}

function localizedTexts(region: RegionTexts): [string, LocalizedText][] {
  return [
    ...(region.runBy === undefined ? [] : [["runBy", region.runBy] as [string, LocalizedText]]),
    ...region.emergency.hotlines.flatMap((line, at): [string, LocalizedText][] => [
      [`emergency.hotlines.${at}.name`, line.name],
      [`emergency.hotlines.${at}.hours`, line.hours],
    ]),
    ...Object.entries(region.fallbacks).flatMap(([need, text]): [string, LocalizedText][] =>
      text === undefined ? [] : [[`fallbacks.${need}`, text]],
    ),
  ];
}

/**
 * Each of the region's locales that lacks some of its per-locale texts, with those texts and
 * the language they fall back to (inLocale): none is left without a text, but a person reads
 * it in another language. A text written once for every language lacks no locale.
 */
export function missingTexts(region: RegionTexts, locales: readonly string[]): MissingTexts[] {
  const texts = localizedTexts(region);
  return locales.flatMap((locale) => {
    const lacking = texts.filter(([, value]) => typeof value !== "string" && !value[locale]);
    if (lacking.length === 0) return [];
    const shownIn = new Set(lacking.map(([, value]) => fallbackOf(value, locales)));
    return [{ locale, texts: lacking.map(([path]) => path), shownIn: [...shownIn] }];
  });
}
