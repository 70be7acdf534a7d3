/**
 * The frame every page shares: language and direction, a neutral title, the quick exit, the
 * language switcher and the emergency number. No inline script or style anywhere (the CSP
 * forbids both); the only script is the site's own file, and it only enhances.
 */
import type { MessageKey } from "../../domain/catalogs.ts";
import type { Hotline } from "../../domain/guidance.ts";
import { message } from "../../domain/messages.ts";
import type { Region } from "../../domain/region.ts";
import { inLocale } from "../../domain/region-texts.ts";
import type { Locale } from "../../domain/vocabulary.ts";
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

/**
 * A telephone link: digits and + only in the href, the number as written in the text, kept
 * left-to-right (and isolated) inside right-to-left text.
 */
export function phoneLink(number: string): string {
  return `<a class="phone" dir="ltr" href="tel:${escapeHtml(number.replace(/[^\d+]/g, ""))}">${escapeHtml(number)}</a>`;
}

/** The region's phone lines as list items, in its order and the page's language. */
export function hotlineItems(hotlines: readonly Hotline[]): string {
  return hotlines
    .map(
      (hotline) =>
        `<li>${escapeHtml(hotline.name)}: ${phoneLink(hotline.phone)} <span class="hours">(${escapeHtml(hotline.hours)})</span></li>`,
    )
    .join("");
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
  // A globe and the language's own name: recognisable by someone who cannot read this one.
  return `<details class="languages"><summary>${GLOBE}<span class="visually-hidden">${escapeHtml(
    t("languages.label"),
  )}: </span>${escapeHtml(message(locale, "page.language"))}</summary><ul>${links}</ul></details>`;
}

/** A globe drawn inline (nothing fetched): the sign of a language switch in any language. */
const GLOBE =
  '<svg class="globe" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2"><circle cx="12" cy="12" r="10"/><path d="M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20"/></svg>';

/**
 * Who runs the service (the region's words), that it is free and not the police or the
 * immigration service, and who reads the answers: before the first question.
 */
export function trustLines({ region, locale }: PageContext, t: Translate): string {
  const runBy = region.runBy
    ? `${escapeHtml(inLocale(region.runBy, locale, region.locales))} `
    : "";
  return `<p class="trust">${runBy}${escapeHtml(t("page.trust"))}</p>`;
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
${languageSwitcher(context, t)}
</header>
<main id="main" tabindex="-1">
<p class="exit-hint"><span class="keys">${escapeHtml(t("quickExit.hint"))}</span><span class="touch">${escapeHtml(
    t("quickExit.hintTouch"),
  )}</span></p>
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
