/**
 * The receipt screen: the code, said plainly to be written down (not disguised as anything),
 * then the guidance, the emergency number first when the person is in danger. It never names
 * what the form is about. The same markup is the page's template for the script (empty slots)
 * and the answer page of a post without JavaScript (filled in).
 */
import type { Guidance } from "../../domain/guidance.ts";
import type { Urgency } from "../../domain/vocabulary.ts";
import { escapeHtml } from "./html.ts";
import { hotlineItems, type PageContext, pageShell, phoneLink, translator } from "./page-shell.ts";

export interface ReceiptAnswer {
  receipt: string;
  urgency: Urgency;
  guidance: Guidance;
}

const items = (sentences: readonly string[]) =>
  sentences.map((sentence) => `<li>${escapeHtml(sentence)}</li>`).join("");

/** The inside of the receipt section; `answer` null gives the template with empty slots. */
export function receiptHtml(context: PageContext, answer: ReceiptAnswer | null): string {
  const t = translator(context.locale);
  const number = context.region.emergency.number;
  const emergency = answer?.guidance.callFirst === true;
  return `<div class="call-first" data-slot="emergency"${emergency ? "" : " hidden"}><h2>${escapeHtml(
    t("emergency.title", { number }),
  )}</h2><p class="call">${phoneLink(number)}</p></div>
<h2 id="receipt-title">${escapeHtml(t("receipt.title"))}</h2>
<p>${escapeHtml(t("receipt.code"))}</p>
<p class="code" data-slot="code" dir="ltr" translate="no">${escapeHtml(answer?.receipt ?? "")}</p>
<p><button type="button" id="copy-code" class="secondary" hidden>${escapeHtml(t("receipt.copy"))}</button> <span id="copy-done" class="done" aria-live="polite"></span></p>
<p class="keep">${escapeHtml(t("receipt.keep"))}</p>
<p>${escapeHtml(t("receipt.once"))}</p>
<p class="guidance" data-slot="message">${escapeHtml(answer?.guidance.message ?? "")}</p>
<section class="next" aria-labelledby="next-title"><h2 id="next-title">${escapeHtml(t("next.title"))}</h2>
<ul data-slot="next">${items(answer?.guidance.next ?? [])}</ul>
<div data-slot="tonight-box"${answer?.guidance.tonight.length ? "" : " hidden"}><h3>${escapeHtml(t("next.tonight"))}</h3><ul data-slot="tonight">${items(answer?.guidance.tonight ?? [])}</ul></div>
<p>${escapeHtml(t("emergency.hotlines"))}</p>
<ul class="hotlines" data-slot="hotlines">${answer ? hotlineItems(answer.guidance.hotlines) : ""}</ul></section>
<section class="pin" aria-labelledby="receipt-pin-title"><h2 id="receipt-pin-title">${escapeHtml(t("status.pin.title"))}</h2><p>${escapeHtml(t("status.pin.explain"))}</p>
<form method="post" action="/api/v1/status/pin" accept-charset="utf-8" autocomplete="off">
<input type="hidden" name="locale" value="${escapeHtml(context.locale)}">
<input type="hidden" name="receipt" data-slot="receipt-field" value="${escapeHtml(answer?.receipt ?? "")}">
<div class="question"><label for="receipt-new-pin">${escapeHtml(t("status.pin.new.label"))}</label>
<input type="password" id="receipt-new-pin" name="newPin" inputmode="numeric" autocomplete="new-password" minlength="4" maxlength="8" required></div>
<div class="nav"><button type="submit" class="secondary">${escapeHtml(t("status.pin.submit"))}</button></div>
</form></section>
<p><a href="/${escapeHtml(context.locale)}/status/">${escapeHtml(t("status.link"))}</a></p>
<p><a href="/${escapeHtml(context.locale)}/">${escapeHtml(t("receipt.again"))}</a></p>`;
}

/** The answer page of a post without JavaScript. */
export function renderReceiptPage(context: PageContext, answer: ReceiptAnswer): string {
  return pageShell(
    context,
    `<section id="receipt" class="receipt" aria-labelledby="receipt-title">${receiptHtml(context, answer)}</section>`,
  );
}
