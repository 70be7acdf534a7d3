/**
 * The inbox page of one language: a string template like the form's (web/pages/), every text
 * escaped, no inline script or style, no event-handler attribute. Its one script and its one
 * stylesheet are pinned with Subresource Integrity: the build hashes the exact bytes it wrote
 * and passes the hashes in here.
 *
 * Without its script the page shows only a line saying it needs it: the sign-in form is hidden,
 * and its fields have no `name`, so no browser can ever submit the token or the key anywhere.
 */
import {
  ASSIGNMENT_STATES,
  CLOSED_STATES,
  canMove,
  DECLINE_REASONS,
  FLAGS,
  OUTCOMES,
  WORK_STATES,
} from "../../domain/case-work.ts";
import type { Region } from "../../domain/region.ts";
import { inLocale } from "../../domain/region-texts.ts";
import { NEEDS } from "../../domain/vocabulary.ts";
import { attributes, escapeHtml } from "../pages/html.ts";
import {
  INBOX_CATALOGS,
  INBOX_LOCALES,
  type InboxKey,
  type InboxLocale,
  inboxPath,
  inboxText,
} from "./catalog.ts";
import type { InboxPageData } from "./inbox-page-data.ts";
import { listSection } from "./list-markup.ts";
import { options, problemSlot } from "./page-markup.ts";
import { SHORTCUTS, type Shortcut } from "./shortcuts.ts";
import { assignForm, caseTeamSections, listTeamTools, type Markup } from "./team-markup.ts";

/** A file the page loads, with the integrity metadata of its exact bytes. */
export interface PinnedAsset {
  path: string;
  integrity: string;
}

export interface InboxAssets {
  script: PinnedAsset;
  style: PinnedAsset;
  icon: string;
}

/** Minutes without a key press or a click after which the inbox forgets the token and the key. */
export const IDLE_MINUTES = 15;

/** The longest message to the person, in characters (sealed, it stays within the API's limit). */
export const MESSAGE_MAX_LENGTH = 4000;

export function inboxPageData(region: Region, locale: InboxLocale): InboxPageData {
  return {
    locale,
    texts: { ...INBOX_CATALOGS[locale] },
    municipalities: Object.fromEntries(region.municipalities.map((m) => [m.code, m.name])),
    fallbacks: Object.fromEntries(
      Object.entries(region.fallbacks).flatMap(([need, text]) =>
        text ? [[need, inLocale(text, locale, region.locales)]] : [],
      ),
    ),
    coordinator: region.coordinator,
    moves: Object.fromEntries(
      ASSIGNMENT_STATES.map((from) => [from, WORK_STATES.filter((to) => canMove(from, to))]),
    ),
    declinableFrom: ASSIGNMENT_STATES.filter((from) => canMove(from, "declined")),
    workingStates: ["claimed", "in_contact", "supported", "referred"],
    closingStates: WORK_STATES.filter((state) => CLOSED_STATES.includes(state)),
    idleMinutes: IDLE_MINUTES,
  };
}

function languageLinks(locale: InboxLocale, t: (key: InboxKey) => string): string {
  const links = INBOX_LOCALES.map(
    (other) =>
      `<li><a${attributes({
        href: inboxPath(other),
        hreflang: other,
        lang: other,
        "aria-current": other === locale ? "page" : undefined,
      })}>${escapeHtml(INBOX_CATALOGS[other]["page.language"])}</a></li>`,
  ).join("");
  return `<nav class="switch" aria-label="${escapeHtml(t("page.languages"))}"><ul>${links}</ul></nav>`;
}

/**
 * The keys the script answers (web/inbox/keyboard.ts), listed in the page's language; hidden
 * until the script runs, since without it no key does anything.
 */
function keysHelp(t: (key: InboxKey) => string): string {
  const keys = (Object.entries(SHORTCUTS) as [Shortcut, string][])
    .map(
      ([shortcut, letter]) =>
        `<div><dt><kbd dir="ltr">${letter.toUpperCase()}</kbd></dt><dd>${escapeHtml(t(`keys.${shortcut}`))}</dd></div>`,
    )
    .join("");
  return `<section id="keys" class="keys" hidden aria-labelledby="keys-title">
<h2 id="keys-title">${escapeHtml(t("keys.title"))}</h2>
<p>${escapeHtml(t("keys.intro"))}</p>
<dl class="keys-list">${keys}</dl>
<p class="hint">${escapeHtml(t("keys.safe"))}</p>
</section>`;
}

export function renderInboxPage(region: Region, locale: InboxLocale, assets: InboxAssets): string {
  const t = (key: InboxKey, values?: Record<string, string>) => inboxText(locale, key, values);
  const e = (key: InboxKey) => escapeHtml(t(key));
  const data = JSON.stringify(inboxPageData(region, locale)).replaceAll("<", "\\u003c");
  const markup: Markup = {
    e: (key) => e(key as InboxKey),
    problemSlot,
    maxLength: MESSAGE_MAX_LENGTH,
  };

  const signIn = `<section id="sign-in" class="view" hidden aria-labelledby="sign-in-title">
<h1 id="sign-in-title" tabindex="-1">${e("signIn.title")}</h1>
<p class="note">${e("signIn.intro")}</p>
<form id="sign-in-form" novalidate>
${problemSlot("sign-in-problem")}
<div class="question"><label for="token">${e("signIn.token")}</label>
<p class="hint" id="token-hint">${e("signIn.tokenHint")}</p>
<input type="password" id="token" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="token-hint" required></div>
<div class="question"><label for="identity">${e("signIn.identity")}</label>
<p class="hint" id="identity-hint">${e("signIn.identityHint")}</p>
<input type="file" id="identity" aria-describedby="identity-hint" required></div>
<div class="nav"><button type="submit" class="primary" id="sign-in-submit">${e("signIn.submit")}</button></div>
</form>
</section>`;

  const needs = options(t, "needs", NEEDS);
  const caseView = `<section id="case-view" class="view" hidden aria-labelledby="case-title">
<p><button type="button" id="back" class="secondary">${e("case.back")}</button></p>
<h1 id="case-title" tabindex="-1"></h1>
${problemSlot("case-problem")}
<p id="withdrawn-notice" class="note" hidden></p>
<div id="case-details"></div>
<div id="case-content">
<section class="sealed" aria-labelledby="sealed-title">
<h2 id="sealed-title">${e("case.sealed")}</h2>
<p id="phone-warning" class="warning" hidden>${e("case.phoneMonitored")}</p>
<h3>${e("case.narrative")}</h3>
<div id="narrative" class="opened" translate="no"></div>
<h3>${e("case.contact")}</h3>
<div id="contact" class="opened" translate="no"></div>
</section>
<section aria-labelledby="messages-title">
<h2 id="messages-title">${e("case.messages")}</h2>
<ul id="messages" class="plain"></ul>
</section>
<section aria-labelledby="replies-title">
<h2 id="replies-title">${e("case.replies")}</h2>
<ul id="replies" class="plain" translate="no"></ul>
</section>
${caseTeamSections(markup)}
</div>
<section class="actions" aria-labelledby="actions-title">
<h2 id="actions-title" tabindex="-1">${e("actions.title")}</h2>
${problemSlot("actions-problem")}
<p id="actions-closed" class="note" hidden>${e("actions.closed")}</p>
<div id="claim-box" class="action" hidden>
<h3>${e("claim.title")}</h3>
<p class="hint">${e("claim.hint")}</p>
${problemSlot("claim-problem")}
<button type="button" id="claim" class="primary" aria-keyshortcuts="${SHORTCUTS.claim}">${e("claim.submit")}</button>
</div>
${assignForm(markup)}
<form id="state-form" class="action" hidden novalidate aria-labelledby="state-title">
<h3 id="state-title">${e("state.title")}</h3>
${problemSlot("state-problem")}
<div class="question"><label for="state-select">${e("state.label")}</label>
<select id="state-select"></select></div>
<div class="question" id="outcome-question" hidden><label for="outcome-select">${e("state.outcome")}</label>
<p class="hint" id="outcome-hint">${e("state.outcomeHint")}</p>
<select id="outcome-select" aria-describedby="outcome-hint">${options(t, "outcomes", OUTCOMES)}</select></div>
<div class="nav"><button type="submit" class="primary">${e("state.submit")}</button></div>
</form>
<form id="message-form" class="action" hidden novalidate aria-labelledby="message-title">
<h3 id="message-title">${e("message.title")}</h3>
${problemSlot("message-problem")}
<div class="question"><label for="message-text">${e("message.label")}</label>
<p class="hint" id="message-hint">${e("message.hint")}</p>
<textarea id="message-text" aria-keyshortcuts="${SHORTCUTS.reply}" rows="6" maxlength="${MESSAGE_MAX_LENGTH}" autocomplete="off" spellcheck="false" aria-describedby="message-hint"></textarea></div>
<div class="nav"><button type="submit" class="primary">${e("message.submit")}</button></div>
</form>
<p id="no-person-key" class="note" hidden>${e("case.noPersonKey")}</p>
<form id="handover-form" class="action" hidden novalidate aria-labelledby="handover-title">
<h3 id="handover-title">${e("handover.title")}</h3>
<p class="hint" id="handover-hint">${e("handover.hint")}</p>
${problemSlot("handover-problem")}
<div class="question"><label for="handover-to">${e("handover.to")}</label>
<select id="handover-to"></select></div>
<div class="question"><label for="handover-need">${e("handover.need")}</label>
<select id="handover-need">${needs}</select></div>
<div class="question" id="handover-contact-question" hidden><label class="choice"><input type="checkbox" id="handover-contact"> ${e("handover.contact")}</label></div>
<div class="nav"><button type="submit" class="primary">${e("handover.submit")}</button></div>
</form>
<form id="decline-form" class="action" hidden novalidate aria-labelledby="decline-title">
<h3 id="decline-title">${e("decline.title")}</h3>
<p class="hint" id="decline-hint">${e("decline.hint")}</p>
${problemSlot("decline-problem")}
<div class="question"><label for="decline-reason">${e("decline.reason")}</label>
<select id="decline-reason">${options(t, "declineReasons", DECLINE_REASONS)}</select></div>
<div class="nav"><button type="submit" class="secondary">${e("decline.submit")}</button></div>
</form>
<form id="flag-form" class="action" hidden novalidate aria-labelledby="flag-title">
<h3 id="flag-title">${e("flag.title")}</h3>
<p class="hint" id="flag-hint">${e("flag.hint")}</p>
<ul id="flag-notes" class="plain"></ul>
${problemSlot("flag-problem")}
<div class="question"><label for="flag-kind">${e("flag.label")}</label>
<select id="flag-kind">${options(t, "flags", FLAGS)}</select></div>
<div class="question" id="flag-everyone-question" hidden><label class="choice"><input type="checkbox" id="flag-everyone"> ${e("flag.everyone")}</label></div>
<div class="nav"><button type="submit" class="secondary">${e("flag.submit")}</button> <button type="button" id="unflag" class="secondary" hidden>${e("flag.undo")}</button></div>
</form>
</section>
</section>`;

  // Outside the views: the case's steps and the list's hand-over of a leaver's cases both ask.
  const confirmDialog = `<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text">
<form method="dialog">
<h3 id="confirm-title">${e("confirm.title")}</h3>
<p id="confirm-text"></p>
<div class="nav"><button type="submit" value="no" id="confirm-no" class="secondary" autofocus>${e("confirm.no")}</button> <button type="submit" value="yes" id="confirm-yes" class="primary">${e("confirm.yes")}</button></div>
</form>
</dialog>`;

  return `<!doctype html>
<html${attributes({ lang: locale, dir: t("page.dir") })}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light">
<title>${e("page.title")}</title>
<link rel="icon" href="${escapeHtml(assets.icon)}" type="image/svg+xml">
<link rel="stylesheet"${attributes({ href: assets.style.path, integrity: assets.style.integrity })}>
<script${attributes({ src: assets.script.path, integrity: assets.script.integrity })} defer></script>
</head>
<body class="inbox">
<a class="skip" href="#main">${e("page.skip")}</a>
<header class="bar">
<p id="who" class="who" hidden></p>
<button type="button" id="lock" class="secondary" hidden>${e("lock.button")}</button>
${languageLinks(locale, t)}
</header>
<main id="main" tabindex="-1">
<p id="needs-script" class="note">${e("page.needsScript")}</p>
<p id="status" class="status" role="status"></p>
${signIn}
${listSection(t, listTeamTools(markup))}
${caseView}
${confirmDialog}
</main>
<footer class="foot"><p>${e("page.languageHint")}</p>
${keysHelp(t)}
</footer>
<script type="application/json" id="inbox-data">${data}</script>
</body>
</html>
`;
}
