/**
 * Texts a region writes in its own words (who runs the service, the hotlines' names and
 * hours, what to do tonight for a need nobody covers): one text for every language, or one
 * per locale. A locale the region did not write falls back to the region's first language.
 */
import * as z from "zod";
import { SUPPORTED_LOCALES } from "./vocabulary.ts";

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => value.isWellFormed(), { message: "must be valid text" });

/** A text as a string (every language) or as `{ "nl": "…", "en": "…" }`. */
export const localizedText = (max: number) =>
  z.union([
    text(max),
    z
      .partialRecord(z.enum(SUPPORTED_LOCALES), text(max))
      .refine((texts) => Object.keys(texts).length > 0, { message: "must hold a text" }),
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
