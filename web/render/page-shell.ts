/**
 * The frame every page shares: language and direction, a neutral title, the quick exit, the
 * language switcher and the emergency number. No inline script or style anywhere (the CSP
 * forbids both); the only script is the site's own file, and it only enhances.
 */
import { type MessageKey, message } from "../../functions/domain/catalogs.ts";
import type { Region } from "../../functions/domain/region.ts";
import type { Locale } from "../../functions/domain/vocabulary.ts";
import { attributes, escapeHtml } from "./html.ts";

export interface PageContext {
  region: Region;
  locale: Locale;
}

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => message(locale, key, values);
}

export const ASSETS = {
  script: "/assets/form.js",
  style: "/assets/form.css",
  worker: "/assets/pow-worker.js",
  icon: "/assets/icon.svg",
} as const;

/** A telephone link: digits and + only in the href, the number as written in the text. */
export function phoneLink(number: string): string {
  return `<a class="phone" href="tel:${escapeHtml(number.replace(/[^\d+]/g, ""))}">${escapeHtml(number)}</a>`;
}

function languageSwitcher({ region, locale }: PageContext, t: Translate): string {
  const links = region.locales
    .map((other) => {
      const name = message(other, "page.language");
      return `<li><a${attributes({
        href: `/${other}/`,
        hreflang: other,
        lang: other,
        "aria-current": other === locale ? "page" : undefined,
      })}>${escapeHtml(name)}</a></li>`;
    })
    .join("");
  return `<details class="languages"><summary>${escapeHtml(t("languages.label"))}: ${escapeHtml(
    message(locale, "page.language"),
  )}</summary><ul>${links}</ul></details>`;
}

export function pageShell(
  context: PageContext,
  body: string,
  options: { script?: boolean } = {},
): string {
  const t = translator(context.locale);
  const { region } = context;
  return `<!doctype html>
<html${attributes({ lang: context.locale, dir: t("page.dir") })}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${escapeHtml(t("page.title"))}</title>
<link rel="icon" href="${ASSETS.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS.style}">
${options.script === false ? "" : `<script src="${ASSETS.script}" defer></script>\n`}</head>
<body>
<a class="skip" href="#main">${escapeHtml(t("page.skip"))}</a>
<header class="bar">
<a id="quick-exit" class="exit"${attributes({ href: region.quickExitUrl, rel: "noreferrer" })}>${escapeHtml(
    t("quickExit.label"),
  )}</a>
<span class="exit-hint">${escapeHtml(t("quickExit.hint"))}</span>
${languageSwitcher(context, t)}
</header>
<main id="main" tabindex="-1">
<p class="banner">${escapeHtml(t("safety.banner", { number: "\u0000" })).replace(
    "\u0000",
    phoneLink(region.emergency.number),
  )}</p>
${body}
</main>
</body>
</html>
`;
}
