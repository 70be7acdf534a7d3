/**
 * `#catalog-source` on Lambda: the region's catalogs are files beside the bundle
 * (`/var/task/locales/<locale>.json`, copied there by lib/function-bundling.ts). A catalog is
 * read and parsed the first time its locale is asked for, and kept for the life of the
 * process; a locale with no file is `undefined` (the caller falls back to English).
 */
import { readFileSync } from "node:fs";
import type { Catalog } from "../../domain/catalogs.ts";
import { packageFile } from "./package-files.ts";

/** Only a plain locale code becomes a file name: nothing from a request reaches a path. */
const LOCALE_CODE = /^[a-z]{2,3}$/;

const cache = new Map<string, Catalog | undefined>();

export function catalogOf(locale: string): Catalog | undefined {
  if (!LOCALE_CODE.test(locale)) return undefined;
  if (!cache.has(locale)) cache.set(locale, read(locale));
  return cache.get(locale);
}

function read(locale: string): Catalog | undefined {
  try {
    return JSON.parse(readFileSync(packageFile("locales", `${locale}.json`), "utf8")) as Catalog;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
