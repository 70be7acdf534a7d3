/**
 * The form page of a locale: every step in one document (so quick exit leaves nothing of the
 * form to go back to), working as a plain HTML form without JavaScript and enhanced into steps
 * with it. The same function renders the page again, with the answers kept and each problem
 * named beside its question, when a post without JavaScript was not valid.
 */
import type { MessageKey } from "../../domain/catalogs.ts";
import { hotlinesIn } from "../../domain/guidance.ts";
import { RECEIPT_DIGITS } from "../../domain/receipt.ts";
import { CONTACT_LANGUAGES } from "../../domain/vocabulary.ts";
import { attributes, escapeHtml } from "./html.ts";
import {
  hotlineItems,
  type PageContext,
  pageShell,
  phoneLink,
  type Translate,
  translator,
  trustLines,
} from "./page-shell.ts";
import { fieldId, type Question, STEPS } from "./questions.ts";
import { receiptHtml } from "./receipt.ts";
import { wordingHtml } from "./wording.ts";

/** What was posted (field → values), to show again. */
export type FormValues = ReadonlyMap<string, readonly string[]>;
/** Problems, by question name, already in the page's language. */
export type FormProblems = ReadonlyMap<string, string>;

/**
 * The contact languages shown at once: the page's, then the region's first ones (a region
 * lists its locales most asked first); the others wait behind "More languages".
 */
const FIRST_LANGUAGES = 6;

function nativeName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

interface RenderState {
  context: PageContext;
  t: Translate;
  values: FormValues | undefined;
  problems: FormProblems | undefined;
  /** the answers contradict each other: a way to reach the person, nothing shared */
  conflict: boolean;
  /** the post was valid but not taken in (the service failed): send it again */
  failed: boolean;
}

function isChosen(state: RenderState, question: Question, value: string): boolean {
  const given = state.values?.get(question.name);
  if (given) return given.includes(value);
  if (state.values) return false; // a posted form: only what was posted
  if (question.name === "contactLanguages") return value === state.context.locale;
  return question.preset === value;
}

/** A question's choices: each one's value, its text, and the key of a text that has wordings. */
interface Choice {
  value: string;
  label: string;
  key?: MessageKey;
}

function optionsOf(state: RenderState, question: Question): Choice[] {
  if (question.name === "municipality") {
    const sorted = [...state.context.region.municipalities].sort((a, b) =>
      a.name.localeCompare(b.name, state.context.locale),
    );
    return [
      { value: "unknown", label: state.t("municipality.unknown") },
      ...sorted.map((municipality) => ({ value: municipality.code, label: municipality.name })),
    ];
  }
  if (question.name === "contactLanguages") {
    const { locale, region } = state.context;
    const codes = [...new Set([locale, ...region.locales, ...CONTACT_LANGUAGES])];
    return codes.map((code) => ({ value: code, label: nativeName(code) }));
  }
  return (question.options ?? []).map((option) => ({
    value: option.value,
    label: state.t(option.label),
    key: option.label,
  }));
}

function problemOf(
  state: RenderState,
  question: Question,
): { html: string; describedBy: string[] } {
  const id = fieldId(question.name);
  const describedBy: string[] = [];
  if (question.hint) describedBy.push(`${id}-hint`);
  const problem = state.problems?.get(question.name);
  if (!problem) return { html: "", describedBy };
  describedBy.push(`${id}-error`);
  return { html: `<p class="error" id="${id}-error">${escapeHtml(problem)}</p>`, describedBy };
}

/** The numbers a question's texts may name, filled in here so that no text holds them. */
const numbersOf = (question: Question) => ({
  max: String(question.max ?? ""),
  digits: String(RECEIPT_DIGITS),
});
/** A text of the page, in each wording it has (web/pages/wording.ts), as HTML. */
const wording = (state: RenderState, key: MessageKey, values?: Record<string, string>) =>
  wordingHtml(state.context.locale, state.t, key, values);

const labelHtml = (state: RenderState, question: Question) =>
  wording(state, question.label, numbersOf(question));

const hintOf = (state: RenderState, question: Question) =>
  question.hint
    ? `<p class="hint" id="${fieldId(question.name)}-hint">${wording(state, question.hint, numbersOf(question))}</p>`
    : "";

function choiceGroup(state: RenderState, question: Question): string {
  const id = fieldId(question.name);
  const { html: error, describedBy } = problemOf(state, question);
  const type = question.kind === "radio" ? "radio" : "checkbox";
  const languages = question.name === "contactLanguages";
  const items = optionsOf(state, question).map((option, index) => {
    const inputId = `${id}-${index}`;
    const checked = isChosen(state, question, option.value);
    return {
      checked,
      html: `<label class="choice" for="${inputId}"><input${attributes({
        type,
        id: inputId,
        name: question.name,
        value: option.value,
        checked,
      })}><span${attributes({ lang: languages ? option.value : undefined })}>${
        option.key ? wording(state, option.key) : escapeHtml(option.label)
      }</span></label>`,
    };
  });
  let choices = items.map((item) => item.html).join("");
  if (languages) {
    const more = items.slice(FIRST_LANGUAGES);
    choices = `${items
      .slice(0, FIRST_LANGUAGES)
      .map((item) => item.html)
      .join(
        "",
      )}<details id="more-languages" class="more"${more.some((item) => item.checked) ? " open" : ""}><summary>${escapeHtml(
      state.t("contactLanguages.more"),
    )}</summary><div class="choices">${more.map((item) => item.html).join("")}</div></details>`;
  }
  return `<fieldset${attributes({
    id,
    class: "question",
    "data-kind": question.kind,
    "data-required": question.required,
    "data-max": question.max,
    "aria-describedby": describedBy.join(" ") || undefined,
    "aria-invalid": state.problems?.has(question.name) ? "true" : undefined,
  })}><legend>${labelHtml(state, question)}</legend>${hintOf(state, question)}${error}<div class="choices">${choices}</div></fieldset>`;
}

/** The field that takes a code: it reads left to right in every language. */
const CODE_FIELD = "previousReceipt";

/** What a person types, in its own direction (a phone number left to right); a code, left to right. */
const directionOf = (question: Question) => (question.name === CODE_FIELD ? "ltr" : "auto");

function single(state: RenderState, question: Question): string {
  const id = fieldId(question.name);
  const { html: error, describedBy } = problemOf(state, question);
  const inputId = `${id}-input`;
  const value = state.values?.get(question.name)?.[0] ?? "";
  const common = {
    id: inputId,
    name: question.name,
    "aria-describedby": describedBy.join(" ") || undefined,
    "aria-invalid": state.problems?.has(question.name) ? "true" : undefined,
  };
  let control: string;
  if (question.kind === "select") {
    const chosen = value;
    const options = optionsOf(state, question)
      .map(
        (option) =>
          `<option${attributes({ value: option.value, selected: option.value === chosen })}>${escapeHtml(option.label)}</option>`,
      )
      .join("");
    control = `<select${attributes(common)}><option value="">${escapeHtml(state.t("select.choose"))}</option>${options}</select>`;
  } else if (question.kind === "textarea") {
    control = `<textarea${attributes({ ...common, dir: "auto", maxlength: question.max, rows: 6, autocomplete: "off", spellcheck: "false" })}>${escapeHtml(value)}</textarea>`;
  } else if (question.kind === "flag") {
    return `<div${attributes({ id, class: "question flag", "data-kind": "flag" })}>${hintOf(state, question)}<label class="choice" for="${inputId}"><input${attributes(
      {
        ...common,
        type: "checkbox",
        checked: (state.values?.get(question.name)?.length ?? 0) > 0,
      },
    )}><span>${labelHtml(state, question)}</span></label>${error}</div>`;
  } else {
    control = `<input${attributes({
      ...common,
      type: "text",
      value,
      maxlength: question.max,
      autocomplete: question.sensitive ? "off" : undefined,
      inputmode: question.name === CODE_FIELD ? "numeric" : undefined,
      dir: directionOf(question),
      spellcheck: question.sensitive ? "false" : undefined,
    })}>`;
  }
  return `<div${attributes({
    id,
    class: "question",
    "data-kind": question.kind,
    "data-required": question.required,
    "data-max": question.max,
  })}><label for="${inputId}">${labelHtml(state, question)}</label>${hintOf(state, question)}${error}${control}</div>`;
}

function questionHtml(state: RenderState, question: Question): string {
  const html =
    question.kind === "radio" || question.kind === "checkbox"
      ? choiceGroup(state, question)
      : single(state, question);
  // Where a message on the phone would have been offered, the script says why it is not.
  return question.name === "contact.leaveMessage"
    ? `${html}<p id="monitored-note" class="note" hidden>${escapeHtml(state.t("contact.monitored"))}</p>`
    : html;
}

/**
 * A step's questions; the consent questions go together under their own legend, with what
 * happens without consent said before the person chooses (policy G0a).
 */
function questionsHtml(state: RenderState, questions: readonly Question[]): string {
  const consent = questions.filter((question) => question.name.startsWith("consent."));
  const html = questions
    .filter((question) => !consent.includes(question))
    .map((question) => questionHtml(state, question));
  const [share, ...others] = consent;
  if (share)
    html.push(
      `<div class="consent" role="group" aria-labelledby="consent-title"><h2 id="consent-title">${escapeHtml(
        state.t("consent.legend"),
      )}</h2>${questionHtml(state, share)}<p class="note">${escapeHtml(
        state.t("consent.override"),
      )}</p>${others.map((question) => questionHtml(state, question)).join("\n")}</div>`,
    );
  return html.join("\n");
}

/** The emergency panel: shown first when the person says they are in danger (with JavaScript). */
function emergencyPanel(state: RenderState): string {
  const { region } = state.context;
  const number = region.emergency.number;
  const hotlines = hotlineItems(hotlinesIn(region, state.context.locale));
  return `<section id="emergency" class="emergency" tabindex="-1" aria-labelledby="emergency-title" hidden>
<h2 id="emergency-title">${escapeHtml(state.t("emergency.title", { number }))}</h2>
<p class="call">${phoneLink(number)}</p>
<p>${escapeHtml(state.t("emergency.body", { number }))}</p>
${hotlines ? `<p>${escapeHtml(state.t("emergency.hotlines"))}</p><ul class="hotlines">${hotlines}</ul>` : ""}
<button type="button" id="emergency-continue" class="secondary">${escapeHtml(state.t("emergency.continue"))}</button>
</section>`;
}

const paragraph = (t: Translate, key: MessageKey, values?: Record<string, string>) =>
  `<p>${escapeHtml(t(key, values))}</p>`;

function stepExtras(state: RenderState, stepId: string): { before: string; after: string } {
  const { t } = state;
  switch (stepId) {
    case "safety":
      return {
        before: "",
        after: `${emergencyPanel(state)}<aside class="tips"><h2>${escapeHtml(t("safety.tips.title"))}</h2>${paragraph(t, "safety.tips.body")}</aside>`,
      };
    case "words":
      return {
        before: "",
        after: `<section class="privacy" aria-labelledby="privacy-title"><h2 id="privacy-title">${escapeHtml(t("privacy.title"))}</h2>${paragraph(t, "privacy.body", { days: String(state.context.region.retention.caseDays) })}</section>`,
      };
    default:
      return { before: "", after: "" };
  }
}

/** The problems listed at the top, each a link to its question. */
function problemSummary(state: RenderState): string {
  // Said where the problems are said, first in the form: what the script says in its place.
  if (state.failed)
    return `<div id="problems" class="problems" role="alert" tabindex="-1"><p>${escapeHtml(state.t("send.failed"))}</p></div>`;
  if (!state.problems || state.problems.size === 0)
    return `<div id="problems" class="problems" role="alert" tabindex="-1" hidden></div>`;
  const items = [...state.problems.keys()]
    .map((name) => {
      const question = STEPS.flatMap((step) => step.questions).find((q) => q.name === name);
      const label = question ? labelHtml(state, question) : escapeHtml(name);
      return `<li><a href="#${fieldId(name)}">${label}</a></li>`;
    })
    .join("");
  return `<div id="problems" class="problems" role="alert" tabindex="-1"><h2>${escapeHtml(state.t("error.summary"))}</h2><ul>${items}</ul></div>`;
}

/** Texts the script needs, as data (a JSON block is data, not script, for the CSP). */
function scriptTexts(t: Translate): string {
  const keys: MessageKey[] = [
    "steps.progress",
    "send.working",
    "send.failed",
    "send.retry",
    "error.summary",
    "error.required",
    "error.chooseOne",
    "error.tooMany",
    "error.tooLong",
    "error.address",
    "error.receipt",
    "error.invalid",
    "receipt.copied",
    "consent.conflict",
  ];
  const texts = Object.fromEntries(keys.map((key) => [key, t(key)]));
  // `<` is escaped so that no text can close the block.
  return `<script type="application/json" id="texts">${JSON.stringify(texts).replaceAll("<", "\\u003c")}</script>`;
}

export interface FormPageOptions {
  values?: FormValues;
  problems?: FormProblems;
  /** ask again whether to share: the person wants to be reached but shares nothing */
  conflict?: boolean;
  /** the answers were fine but the service did not take them in: say so, keep them, send again */
  failed?: boolean;
}

/**
 * The two ways out of contradicting answers, as submit buttons (with or without the script):
 * after the Send button, so that Enter in a text box still sends the form as it is.
 */
function conflictPanel(state: RenderState): string {
  const { t } = state;
  return `<div id="share-conflict" class="conflict nav" role="group" aria-labelledby="${fieldId("consent.share")}-error"${state.conflict ? "" : " hidden"}><button type="submit" name="resolve" value="share" class="primary">${escapeHtml(
    t("consent.resolve.share"),
  )}</button><button type="submit" name="resolve" value="no_contact" class="secondary">${escapeHtml(
    t("consent.resolve.noContact"),
  )}</button></div>`;
}

export function renderFormPage(context: PageContext, options: FormPageOptions = {}): string {
  const t = translator(context.locale);
  const state: RenderState = {
    context,
    t,
    values: options.values,
    problems: options.problems,
    conflict: options.conflict ?? false,
    failed: options.failed ?? false,
  };
  const steps = STEPS.map((step, index) => {
    const extras = stepExtras(state, step.id);
    const last = index === STEPS.length - 1;
    return `<section class="step" id="step-${step.id}" data-step="${index + 1}" aria-label="${escapeHtml(
      t("steps.progress", { step: String(index + 1), total: String(STEPS.length) }),
    )}">
${extras.before}${questionsHtml(state, step.questions)}
${extras.after}
<div class="nav">${index > 0 ? `<button type="button" class="secondary back" hidden>${escapeHtml(t("steps.back"))}</button>` : ""}${
      last
        ? `<button type="submit" class="primary">${escapeHtml(t("steps.send"))}</button>`
        : `<button type="button" class="primary next" hidden>${escapeHtml(t("steps.next"))}</button>`
    }</div>${last ? conflictPanel(state) : ""}
</section>`;
  }).join("\n");

  const body = `<h1>${escapeHtml(t("page.title"))}</h1>
${trustLines(context, t)}
<p class="intro">${escapeHtml(t("page.intro"))}</p>
<p class="come-back"><a href="/${escapeHtml(context.locale)}/status/">${escapeHtml(t("status.link"))}</a></p>
<p id="progress" class="progress" aria-live="polite"></p>
<form id="report" method="post" action="/api/v1/reports" accept-charset="utf-8" autocomplete="off" novalidate>
<input type="hidden" name="version" value="1">
<input type="hidden" name="locale" value="${escapeHtml(context.locale)}">
${problemSummary(state)}
${steps}
</form>
<section id="sending" class="sending" hidden aria-live="polite"><p id="sending-text">${escapeHtml(t("send.working"))}</p><progress id="sending-progress" max="100"></progress><button type="button" id="retry" class="primary" hidden>${escapeHtml(t("send.retry"))}</button></section>
<section id="receipt" class="receipt" tabindex="-1" hidden aria-labelledby="receipt-title">${receiptHtml(context, null)}</section>
${scriptTexts(t)}`;
  return pageShell(context, body);
}
