/**
 * The status pages: where a person comes back with their code (and PIN). Plain HTML forms
 * posted to the API, so they work without JavaScript; neutral in title and wording like the
 * form. The code the person typed travels back only inside the forms of the answer page (a
 * POST body, never a URL), so that they need not type it again to reply or to stop.
 */

import type { MessageKey } from "../../domain/catalogs.ts";
import { CHECK_IN_QUESTIONS } from "../../domain/check-ins.ts";
import { formattingLocale } from "../../domain/messages.ts";
import type { Status, TimelineEvent, Writer } from "../../domain/status-views.ts";
import { attributes, escapeHtml } from "./html.ts";
import { type PageContext, pageShell, type Translate, translator } from "./page-shell.ts";
import {
  type Credentials,
  carried,
  hidden,
  nextHtml,
  STATUS_PATH,
  shareHtml,
  stepForm,
} from "./status-steps.ts";

export { type Credentials, STATUS_PATH } from "./status-steps.ts";

function lookupForm(context: PageContext, t: Translate): string {
  return `<form method="post" action="${STATUS_PATH}" accept-charset="utf-8" autocomplete="off" class="status-lookup">
${hidden("locale", context.locale)}
<div class="question"><label for="status-receipt">${escapeHtml(t("status.receipt.label"))}</label>
<input${attributes({ type: "text", id: "status-receipt", name: "receipt", dir: "ltr", inputmode: "numeric", autocomplete: "off", spellcheck: "false", maxlength: 40, required: true })}></div>
<div class="question"><label for="status-pin">${escapeHtml(t("status.pin.label"))}</label>
<input${attributes({ type: "password", id: "status-pin", name: "pin", inputmode: "numeric", autocomplete: "off", maxlength: 12 })}></div>
<div class="nav"><button type="submit" class="primary">${escapeHtml(t("status.submit"))}</button></div>
</form>`;
}

/** The page a person opens to come back: `/<locale>/status/`. */
export function renderStatusLookup(context: PageContext, notice?: MessageKey): string {
  const t = translator(context.locale);
  return pageShell(
    context,
    `<h1>${escapeHtml(t("status.heading"))}</h1>
<p class="intro">${escapeHtml(t("status.intro"))}</p>
${notice ? `<p class="notice" role="status">${escapeHtml(t(notice))}</p>` : ""}
${lookupForm(context, t)}`,
  );
}

const dateOf = (at: number, { locale, region }: PageContext) =>
  new Intl.DateTimeFormat(formattingLocale(locale), {
    dateStyle: "medium",
    timeZone: region.timeZone,
  }).format(new Date(at));
/** A message's date and time, in the locale and the region's time zone (named, to be clear). */
const dateTimeOf = (at: number, { locale, region }: PageContext) =>
  new Intl.DateTimeFormat(formattingLocale(locale), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: region.timeZone,
  }).format(new Date(at));
const WRITERS: Record<Writer, MessageKey> = {
  care: "status.from.care",
  coordinator: "status.from.coordinator",
  authority: "status.from.authority",
  you: "status.from.you",
};

/** The words of one event of the timeline, in a locale. */
export function eventText(event: TimelineEvent, t: Translate): string {
  switch (event.event) {
    case "shared":
      return t("status.event.shared", { count: String(event.organisations) });
    case "closed":
      return `${t("status.event.closed")}${event.outcome ? ` ${t(`status.outcome.${event.outcome}` as MessageKey)}` : ""}`;
    case "withdrawn":
      return t(
        event.kind === "delete"
          ? "status.event.withdrawn.delete"
          : "status.event.withdrawn.consent",
      );
    default:
      return t(`status.event.${event.event}` as MessageKey);
  }
}

function timelineHtml(
  status: Extract<Status, { locked: false }>,
  context: PageContext,
  t: Translate,
): string {
  const items = status.timeline
    .map(
      (event) =>
        `<li><time>${escapeHtml(dateOf(event.at, context))}</time> ${escapeHtml(eventText(event, t))}</li>`,
    )
    .join("");
  return `<section aria-labelledby="timeline-title"><h2 id="timeline-title">${escapeHtml(t("status.timeline.title"))}</h2><ol class="timeline">${items}</ol></section>`;
}

function messagesHtml(
  status: Extract<Status, { locked: false }>,
  context: PageContext,
  t: Translate,
  credentials: Credentials,
  keptText: string | undefined,
): string {
  const list =
    status.messages.length === 0
      ? `<p>${escapeHtml(t("status.messages.none"))}</p>`
      : `<ul class="messages">${status.messages
          .map(
            (message) =>
              `<li class="from-${message.from}"><p class="meta"><span class="from">${escapeHtml(t(WRITERS[message.from]))}</span>, <time datetime="${new Date(message.at).toISOString()}">${escapeHtml(dateTimeOf(message.at, context))}</time></p><p class="text" dir="auto">${escapeHtml(message.text)}</p></li>`,
          )
          .join("")}</ul>`;
  const replyTo = status.messages.find((message) => message.from !== "you")?.id;
  // A case shared with nobody: nobody could read a reply, so the box is the one that shares.
  const reply = status.canShare
    ? shareHtml(context, t, credentials, keptText)
    : stepForm(
        "reply",
        `${carried(context, credentials)}${hidden("inReplyTo", replyTo)}
<div class="question"><label for="reply-text">${escapeHtml(t("status.reply.label"))}</label>
<textarea${attributes({ id: "reply-text", name: "text", rows: 4, maxlength: 4000, autocomplete: "off", required: true, dir: "auto" })}>${escapeHtml(keptText ?? "")}</textarea></div>
<div class="nav"><button type="submit" class="primary">${escapeHtml(t("status.reply.submit"))}</button></div>`,
      );
  return `<section aria-labelledby="messages-title"><h2 id="messages-title">${escapeHtml(t("status.messages.title"))}</h2>${list}${reply}</section>`;
}

function checkInHtml(context: PageContext, t: Translate, credentials: Credentials): string {
  const questions = CHECK_IN_QUESTIONS.map((question) => {
    const id = `check-in-${question}`;
    return `<fieldset class="question"><legend>${escapeHtml(t(`status.checkIn.${question}` as MessageKey))}</legend><div class="choices">${(
      ["yes", "no"] as const
    )
      .map(
        (answer) =>
          `<label class="choice" for="${id}-${answer}"><input${attributes({ type: "radio", id: `${id}-${answer}`, name: question, value: answer })}><span>${escapeHtml(t(`answer.${answer}`))}</span></label>`,
      )
      .join("")}</div></fieldset>`;
  }).join("");
  return `<section aria-labelledby="check-in-title"><h2 id="check-in-title">${escapeHtml(t("status.checkIn.title"))}</h2><p>${escapeHtml(t("status.checkIn.explain"))}</p>
<form method="post" action="${STATUS_PATH}/check-in" accept-charset="utf-8" autocomplete="off">${carried(context, credentials)}${questions}
<div class="nav"><button type="submit" class="primary">${escapeHtml(t("status.checkIn.submit"))}</button></div></form></section>`;
}

function pinHtml(context: PageContext, t: Translate, credentials: Credentials): string {
  return `<section aria-labelledby="pin-title"><h2 id="pin-title">${escapeHtml(t("status.pin.title"))}</h2><p>${escapeHtml(t("status.pin.explain"))}</p>
<form method="post" action="${STATUS_PATH}/pin" accept-charset="utf-8" autocomplete="off">${carried(context, credentials)}
<div class="question"><label for="new-pin">${escapeHtml(t("status.pin.new.label"))}</label>
<input${attributes({ type: "password", id: "new-pin", name: "newPin", inputmode: "numeric", autocomplete: "new-password", minlength: 6, maxlength: 10, required: true })}></div>
<div class="nav"><button type="submit" class="secondary">${escapeHtml(t("status.pin.submit"))}</button></div></form></section>`;
}

function withdrawHtml(context: PageContext, t: Translate, credentials: Credentials): string {
  const button = (kind: "consent" | "delete") =>
    stepForm(
      "withdraw",
      `${carried(context, credentials)}${hidden("kind", kind)}<button type="submit" class="secondary">${escapeHtml(
        t(kind === "delete" ? "status.withdraw.delete" : "status.withdraw.consent"),
      )}</button>`,
      "inline",
    );
  return `<section aria-labelledby="withdraw-title"><h2 id="withdraw-title">${escapeHtml(t("status.withdraw.title"))}</h2><p>${escapeHtml(t("status.withdraw.explain"))}</p><div class="nav">${button("consent")}${button("delete")}</div></section>`;
}

export interface StatusPageOptions {
  /** a sentence at the top: what the last step did */
  notice?: MessageKey | undefined;
  /** a new code to show (a check-in's follow-up report) */
  newReceipt?: string | undefined;
  /** epoch ms the page is made at: a wait is told from it */
  now?: number | undefined;
  /** what the person typed in a step that was refused, answered back in the page */
  keptText?: string | undefined;
}

/** "in 3 hours", in the page's language: the wait before the case takes a PIN again. */
function whenText(retryAt: number, now: number | undefined, locale: string): string {
  const minutes = Math.max(1, Math.ceil((retryAt - (now ?? Date.now())) / 60_000));
  const format = new Intl.RelativeTimeFormat(formattingLocale(locale), { numeric: "always" });
  return minutes < 120
    ? format.format(minutes, "minute")
    : format.format(Math.ceil(minutes / 60), "hour");
}

type Opened = Extract<Status, { locked: false }>;

/**
 * What the person wrote in a step that was refused, on a page with no box to keep it in (a
 * locked or withdrawn case): shown back, read-only, so they can copy it and nothing is lost.
 */
function keptHtml(t: Translate, keptText: string | undefined): string {
  if (keptText === undefined || keptText.trim() === "") return "";
  return `<div class="question"><label for="kept-text">${escapeHtml(t("status.reply.label"))}</label>
<textarea${attributes({ id: "kept-text", rows: 4, readonly: true, dir: "auto" })}>${escapeHtml(keptText)}</textarea></div>`;
}

/** A case not found, or locked: the same lookup form again, with a wait if the PIN must wait. */
function closedAnswer(
  context: PageContext,
  t: Translate,
  status: Exclude<Status, Opened>,
  notice: string,
  options: StatusPageOptions,
): string {
  const wait =
    status.found && status.retryAt
      ? `<p class="notice" role="alert">${escapeHtml(t("status.pin.wait", { when: whenText(status.retryAt, options.now, context.locale) }))}</p>`
      : "";
  return pageShell(
    context,
    `<h1>${escapeHtml(t("status.heading"))}</h1>${notice}${wait}<p class="notice" role="status">${escapeHtml(
      t(status.found ? "status.locked" : "status.notFound"),
    )}</p>${keptHtml(t, options.keptText)}${lookupForm(context, t)}`,
  );
}

/** The sections of an open case: a withdrawn one shows only what happened. */
function openSections(
  context: PageContext,
  t: Translate,
  status: Opened,
  credentials: Credentials,
  keptText: string | undefined,
): string[] {
  const sections = [timelineHtml(status, context, t), nextHtml(status, context, t)];
  if (status.withdrawn) return [...sections, keptHtml(t, keptText)];
  return [
    ...sections,
    messagesHtml(status, context, t, credentials, keptText),
    status.checkIn !== null ? checkInHtml(context, t, credentials) : "",
    status.pinSet ? "" : pinHtml(context, t, credentials),
    withdrawHtml(context, t, credentials),
  ];
}

/** The answer to a lookup (and to every step taken from it), in the page's locale. */
export function renderStatusAnswer(
  context: PageContext,
  status: Status,
  credentials: Credentials,
  options: StatusPageOptions = {},
): string {
  const t = translator(context.locale);
  const notice = options.notice
    ? `<p class="notice" role="status">${escapeHtml(t(options.notice))}</p>`
    : "";
  if (!status.found || status.locked) return closedAnswer(context, t, status, notice, options);
  const fresh = options.newReceipt
    ? `<p>${escapeHtml(t("status.checkIn.followUp"))}</p><p class="code" dir="ltr" translate="no">${escapeHtml(options.newReceipt)}</p><p class="keep">${escapeHtml(t("receipt.keep"))}</p>`
    : "";
  const tried =
    status.wrongPinTries > 0
      ? `<p class="notice" role="alert">${escapeHtml(t("status.pin.wrongTries", { count: String(status.wrongPinTries) }))}</p>`
      : "";
  const sections = openSections(context, t, status, credentials, options.keptText).join("\n");
  return pageShell(
    context,
    `<h1>${escapeHtml(t("status.heading"))}</h1>${tried}${notice}${fresh}
${sections}
<p><a href="/${escapeHtml(context.locale)}/status/">${escapeHtml(t("status.again"))}</a></p>`,
  );
}
