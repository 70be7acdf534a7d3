/**
 * The parts of the status pages that keep a person from surprises: what happens next, sharing
 * later (with what they typed kept), the second step before stopping or deleting (a page of
 * its own, so it works without JavaScript), and the page after deleting. Every form is
 * `autocomplete="off"`: Back after leaving finds nothing the browser kept.
 */
import { hotlinesIn } from "../../domain/guidance.ts";
import type { Status } from "../../domain/status-views.ts";
import { attributes, escapeHtml } from "./html.ts";
import {
  hotlineItems,
  type PageContext,
  pageShell,
  type Translate,
  translator,
} from "./page-shell.ts";

export const STATUS_PATH = "/api/v1/status";

/** What the person gave, carried in hidden fields of the next forms. */
export interface Credentials {
  receipt: string;
  pin?: string | undefined;
}

export const hidden = (name: string, value: string | undefined) =>
  value === undefined || value === ""
    ? ""
    : `<input${attributes({ type: "hidden", name, value })}>`;

export function carried(context: PageContext, credentials: Credentials | undefined): string {
  return (
    hidden("locale", context.locale) +
    (credentials ? hidden("receipt", credentials.receipt) + hidden("pin", credentials.pin) : "")
  );
}

/** A form posted to a step of the status API, that the browser keeps nothing of. */
export const stepForm = (step: string, inside: string, className?: string) =>
  `<form${attributes({ method: "post", action: step ? `${STATUS_PATH}/${step}` : STATUS_PATH, "accept-charset": "utf-8", autocomplete: "off", class: className })}>${inside}</form>`;

const items = (sentences: readonly string[]) =>
  sentences.map((sentence) => `<li>${escapeHtml(sentence)}</li>`).join("");

/** What happens next: who, how, by when, the date to come back, tonight, and the lines to call. */
export function nextHtml(
  status: Extract<Status, { locked: false }>,
  context: PageContext,
  t: Translate,
): string {
  if (status.withdrawn) return "";
  const { next, tonight } = status.next;
  const hotlines = hotlineItems(hotlinesIn(context.region, context.locale));
  return `<section class="next" aria-labelledby="status-next-title"><h2 id="status-next-title">${escapeHtml(t("next.title"))}</h2>
<ul>${items(next)}</ul>${
    tonight.length > 0 ? `<h3>${escapeHtml(t("next.tonight"))}</h3><ul>${items(tonight)}</ul>` : ""
  }${hotlines ? `<ul class="hotlines">${hotlines}</ul>` : ""}</section>`;
}

/**
 * Sharing later, for a person who shared nothing: what it means, that what they wrote in the
 * form was not kept (so they write it again, with a way to reach them), and the text they
 * typed, kept when a reply was refused.
 */
export function shareHtml(
  context: PageContext,
  t: Translate,
  credentials: Credentials,
  keptText: string | undefined,
): string {
  return `<section class="share-later" aria-labelledby="share-title"><h2 id="share-title">${escapeHtml(t("status.share.title"))}</h2>
<p>${escapeHtml(t("status.share.explain"))}</p>
<p>${escapeHtml(t("status.share.rewrite"))}</p>
${stepForm(
  "share",
  `${carried(context, credentials)}${hidden("share", "yes")}
<div class="question"><label for="share-text">${escapeHtml(t("status.share.text.label"))}</label>
<textarea${attributes({ id: "share-text", name: "text", rows: 5, maxlength: 4000, autocomplete: "off", dir: "auto" })}>${escapeHtml(keptText ?? "")}</textarea></div>
<div class="question"><p>${escapeHtml(t("consent.authorities.explain"))}</p>
<label class="choice" for="share-authorities"><input${attributes({ type: "checkbox", id: "share-authorities", name: "authorities", value: "yes" })}><span>${escapeHtml(t("consent.authorities.label"))}</span></label></div>
<div class="nav"><button type="submit" class="primary">${escapeHtml(t("status.share.submit"))}</button></div>`,
)}</section>`;
}

/** The second step of stopping or deleting: what will be lost, and a way back. */
export function renderWithdrawConfirm(
  context: PageContext,
  credentials: Credentials,
  kind: "consent" | "delete",
): string {
  const t = translator(context.locale);
  return pageShell(
    context,
    `<h1>${escapeHtml(t(`status.confirm.title.${kind}`))}</h1>
<p class="notice warning" role="status">${escapeHtml(t(`status.confirm.lost.${kind}`))}</p>
<div class="nav">${stepForm(
      "withdraw",
      `${carried(context, credentials)}${hidden("kind", kind)}${hidden("confirm", "yes")}<button type="submit" class="primary">${escapeHtml(t(`status.confirm.yes.${kind}`))}</button>`,
      "inline confirm",
    )}${stepForm(
      "",
      `${carried(context, credentials)}<button type="submit" class="secondary">${escapeHtml(t("status.confirm.no"))}</button>`,
      "inline",
    )}</div>`,
  );
}

/** After deleting: done, said plainly (the code opens nothing any more). */
export function renderDeleted(context: PageContext): string {
  const t = translator(context.locale);
  return pageShell(
    context,
    `<h1>${escapeHtml(t("status.heading"))}</h1>
<p class="notice" role="status">${escapeHtml(t("status.deleted"))}</p>
<p><a href="/${escapeHtml(context.locale)}/">${escapeHtml(t("receipt.again"))}</a></p>`,
  );
}
