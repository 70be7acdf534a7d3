/**
 * The message catalogs of web/locales/, one per locale the product ships: the form and the
 * status pages are generated from them, and the server's texts (the guidance) come from them
 * through `message()` (functions/domain/messages.ts). A Lambda function never bundles this
 * module: it reads its region's catalogs one by one (functions/adapters/catalog-files.ts).
 */
import ar from "../../web/locales/ar.json" with { type: "json" };
import bg from "../../web/locales/bg.json" with { type: "json" };
import en from "../../web/locales/en.json" with { type: "json" };
import es from "../../web/locales/es.json" with { type: "json" };
import fr from "../../web/locales/fr.json" with { type: "json" };
import hu from "../../web/locales/hu.json" with { type: "json" };
import nl from "../../web/locales/nl.json" with { type: "json" };
import pl from "../../web/locales/pl.json" with { type: "json" };
import ro from "../../web/locales/ro.json" with { type: "json" };
import uk from "../../web/locales/uk.json" with { type: "json" };
import vi from "../../web/locales/vi.json" with { type: "json" };
import zh from "../../web/locales/zh.json" with { type: "json" };
import type { Locale } from "./vocabulary.ts";

export type Catalog = typeof en;
export type MessageKey = keyof Catalog;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = {
  nl,
  en,
  pl,
  ro,
  bg,
  hu,
  uk,
  es,
  fr,
  ar,
  zh,
  vi,
};
