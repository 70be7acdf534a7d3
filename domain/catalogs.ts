/**
 * The message catalogs of locales/, one per locale the product ships: the form and the
 * status pages are generated from them, and the server's texts (the guidance) come from them
 * through `message()` (domain/messages.ts). A Lambda function never bundles this
 * module: it reads its region's catalogs one by one (functions/adapters/catalog-files.ts).
 */
import ar from "../locales/ar.json" with { type: "json" };
import bg from "../locales/bg.json" with { type: "json" };
import de from "../locales/de.json" with { type: "json" };
import en from "../locales/en.json" with { type: "json" };
import es from "../locales/es.json" with { type: "json" };
import fa from "../locales/fa.json" with { type: "json" };
import fr from "../locales/fr.json" with { type: "json" };
import hi from "../locales/hi.json" with { type: "json" };
import hu from "../locales/hu.json" with { type: "json" };
import it from "../locales/it.json" with { type: "json" };
import nl from "../locales/nl.json" with { type: "json" };
import pl from "../locales/pl.json" with { type: "json" };
import pt from "../locales/pt.json" with { type: "json" };
import ro from "../locales/ro.json" with { type: "json" };
import ru from "../locales/ru.json" with { type: "json" };
import sq from "../locales/sq.json" with { type: "json" };
import th from "../locales/th.json" with { type: "json" };
import ti from "../locales/ti.json" with { type: "json" };
import tl from "../locales/tl.json" with { type: "json" };
import tr from "../locales/tr.json" with { type: "json" };
import uk from "../locales/uk.json" with { type: "json" };
import ur from "../locales/ur.json" with { type: "json" };
import vi from "../locales/vi.json" with { type: "json" };
import zh from "../locales/zh.json" with { type: "json" };
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
  pt,
  tr,
  ru,
  sq,
  ti,
  fa,
  ur,
  hi,
  tl,
  th,
  de,
  it,
};
