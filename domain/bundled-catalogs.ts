/**
 * `#catalog-source` everywhere but on Lambda: every catalog, imported with the code (the local
 * runtime, the tests, the build of the pages).
 */
import { CATALOGS, type Catalog } from "./catalogs.ts";
import type { Locale } from "./vocabulary.ts";

export function catalogOf(locale: string): Catalog | undefined {
  return Object.hasOwn(CATALOGS, locale) ? CATALOGS[locale as Locale] : undefined;
}
