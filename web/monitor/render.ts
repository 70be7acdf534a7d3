/**
 * The monitor page of one language (`/monitor/` in the region's first monitor language,
 * `/monitor/<locale>/` for each), rendered at build time like the inbox: a string template,
 * every text escaped, no inline script or style; its script and stylesheet pinned with
 * Subresource Integrity. The figures are fetched by the script from the monitor's API.
 */
import { OUTCOMES } from "../../domain/case-work.ts";
import { CHECK_IN_ROWS, DURATION_BUCKETS, REPEAT_ROWS, WORK_ROWS } from "../../domain/monitor.ts";
import { DEFAULT_THRESHOLD } from "../../domain/monitor-tables.ts";
import type { Region } from "../../domain/region.ts";
import { EXPLOITATION_TYPES, NEEDS, SECTORS, URGENCIES } from "../../domain/vocabulary.ts";
import formEn from "../../locales/en.json" with { type: "json" };
import formNl from "../../locales/nl.json" with { type: "json" };
import { INBOX_CATALOGS } from "../inbox/catalog.ts";
import type { PinnedAsset } from "../inbox/inbox-page.ts";
import { attributes, escapeHtml } from "../pages/html.ts";
import en from "./locales/en.json" with { type: "json" };
import nl from "./locales/nl.json" with { type: "json" };
import type { MonitorPageData } from "./page-data.ts";

export const MONITOR_LOCALES = ["nl", "en"] as const;
export type MonitorLocale = (typeof MONITOR_LOCALES)[number];
type Texts = typeof en;
const CATALOGS: Record<MonitorLocale, Texts> = { en, nl };
const FORM: Record<MonitorLocale, Record<string, string>> = { en: formEn, nl: formNl };

/** The path of a language's page: `/monitor/` for the first, `/monitor/<locale>/` for each. */
export const monitorPath = (locale: MonitorLocale | null) =>
  locale ? `/monitor/${locale}/` : "/monitor/";

/** The kinds and sectors the national figures miss (docs/organisations.md, the monitor). */
export const BLIND_SPOTS = [
  "kind:sexual",
  "kind:online_sexual",
  "sector:webcam",
  "sector:sex_work",
];

/** Tiles in region order, rows of ⌈√n⌉, unless the region file places them. */
function tilesOf(region: Region): Record<string, [number, number]> {
  const codes = [...region.municipalities.map((m) => m.code)];
  const width = Math.ceil(Math.sqrt(codes.length + 1));
  const placed = region.monitor?.tiles ?? {};
  const tiles: Record<string, [number, number]> = {};
  codes.forEach((code, at) => {
    tiles[code] = placed[code] ?? [at % width, Math.floor(at / width)];
  });
  return tiles;
}

export function monitorPageData(region: Region, locale: MonitorLocale): MonitorPageData {
  const t = CATALOGS[locale] as Record<string, string>;
  const form = FORM[locale];
  const inbox = INBOX_CATALOGS[locale] as Record<string, string>;
  const from = (codes: readonly string[], label: (code: string) => string | undefined) =>
    Object.fromEntries(codes.map((code) => [code, label(code) ?? code.replaceAll("_", " ")]));
  const places = {
    ...Object.fromEntries(region.municipalities.map((m) => [m.code, m.name])),
    unknown: t["rows.unknown"] ?? "unknown",
  };
  const needs = from(NEEDS, (code) => inbox[`needs.${code}`]);
  const yesNo = { yes: t["rows.yes"] ?? "yes", no: t["rows.no"] ?? "no" };
  return {
    locale,
    texts: t,
    labels: {
      municipality: places,
      kind: {
        ...from(EXPLOITATION_TYPES, (code) => t[`kind.${code}`]),
        multiple: t["rows.several"] ?? "several",
      },
      sector: { ...from(SECTORS, (code) => form[`sector.${code}`]), none: t["rows.none"] ?? "" },
      urgency: from(URGENCIES, (code) => t[`urgency.${code}`]),
      multi_problem: yesNo,
      repeat: from(REPEAT_ROWS, (code) => t[`repeat.${code}`]),
      needs,
      gaps: { ...needs, ...places },
      first_claim: from(DURATION_BUCKETS, (code) => t[`duration.${code}`]),
      first_contact: from(DURATION_BUCKETS, (code) => t[`duration.${code}`]),
      work: from(WORK_ROWS, (code) => t[`work.${code}`]),
      outcome: from(OUTCOMES, (code) => inbox[`outcomes.${code}`]),
      check_in: {
        ...from(CHECK_IN_ROWS, (code) => t[`checkIn.${code}`]),
        ...Object.fromEntries(
          (region.checkIns?.months ?? [1, 3, 6, 12]).map((month) => [
            `m${month}`,
            (t["checkIn.month"] ?? "month {month}").replace("{month}", String(month)),
          ]),
        ),
      },
    },
    tiles: tilesOf(region),
    blindSpots: BLIND_SPOTS,
    threshold: region.monitor?.threshold ?? DEFAULT_THRESHOLD,
    openData: region.monitor?.openData ?? false,
  };
}

export interface MonitorAssets {
  script: PinnedAsset;
  style: PinnedAsset;
  icon: string;
}

export function renderMonitorPage(
  region: Region,
  locale: MonitorLocale,
  assets: MonitorAssets,
): string {
  const t = CATALOGS[locale] as Record<string, string>;
  const e = (key: keyof Texts, values: Record<string, string> = {}) =>
    escapeHtml(
      (t[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole),
    );
  const data = JSON.stringify(monitorPageData(region, locale)).replaceAll("<", "\\u003c");
  const languages = MONITOR_LOCALES.map(
    (other) =>
      `<li><a${attributes({
        href: monitorPath(other),
        hreflang: other,
        lang: other,
        "aria-current": other === locale ? "page" : undefined,
      })}>${escapeHtml(CATALOGS[other]["page.language"])}</a></li>`,
  ).join("");
  const threshold = String(region.monitor?.threshold ?? DEFAULT_THRESHOLD);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e("page.title")} · ${escapeHtml(region.name)}</title>
<link rel="icon" href="${escapeHtml(assets.icon)}" type="image/svg+xml">
<link rel="stylesheet"${attributes({ href: assets.style.path, integrity: assets.style.integrity })}>
<script type="application/json" id="monitor-data">${data}</script>
<script defer${attributes({ src: assets.script.path, integrity: assets.script.integrity })}></script>
</head>
<body>
<header class="top">
<p class="region">${escapeHtml(region.name)}</p>
<nav class="switch" aria-label="${e("page.languages")}"><ul>${languages}</ul></nav>
</header>
<main id="main">
<h1>${e("page.title")}</h1>
<p>${e("page.intro")}</p>
<p class="note">${e("page.suppressed", { threshold })}</p>
<p class="no-script" id="no-script">${e("page.noScript")}</p>
<section id="sign-in" hidden aria-labelledby="sign-in-title">
<h2 id="sign-in-title">${e("signIn.title")}</h2>
<p>${e("signIn.intro")}</p>
<form id="sign-in-form" novalidate>
<p class="error" id="sign-in-problem" role="alert"></p>
<label for="token">${e("signIn.token")}</label>
<input type="password" id="token" autocomplete="off" autocapitalize="off" spellcheck="false" required>
<button type="submit">${e("signIn.submit")}</button>
</form>
</section>
<form id="period" class="period" hidden novalidate>
<fieldset><legend>${e("period.legend")}</legend>
<label for="from">${e("period.from")}</label>
<input id="from" type="month" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}">
<label for="to">${e("period.to")}</label>
<input id="to" type="month" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}">
<button type="submit">${e("period.apply")}</button>
</fieldset>
<p class="error" id="period-problem" role="alert"></p>
</form>
<p id="status" role="status"></p>
<div id="figures"></div>
</main>
</body>
</html>
`;
}
