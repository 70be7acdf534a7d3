/**
 * The form's script. The page works without it (a plain form post); with it the same page
 * becomes steps with a progress line, checks answers in the page's language, shows the
 * emergency number first when the person is in danger, solves the proof of work in a Web
 * Worker while it says "sending safely", sends the report as JSON, and shows the receipt.
 *
 * Nothing of the answers is written anywhere but the page: no cookie, no storage, no URL.
 * The submissionId and the body live in this script's memory, so a retry after a dropped
 * connection sends the very same request (and gets the same receipt back).
 */
import { contactWithoutSharing, formFieldsToReport } from "../../domain/form-post.ts";
import { type Answer, fillAnswer } from "./answer.ts";
import { leaveNothingBehind } from "./leaving.ts";
import { resender } from "./resend.ts";
import { followReporter, titleOf } from "./wordings.ts";

type Texts = Record<string, string>;

const $ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) =>
  root.querySelector<T & Element>(selector);
const $$ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) => [
  ...root.querySelectorAll<T & Element>(selector),
];

const texts: Texts = JSON.parse($("#texts")?.textContent ?? "{}");
const say = (key: string, values: Record<string, string | number> = {}) =>
  (texts[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

const form = $<HTMLFormElement>("#report");
leaveNothingBehind(form);
followReporter(form);

function show(element: Element | null, visible: boolean): void {
  if (element instanceof HTMLElement) element.hidden = !visible;
}

function focusOn(element: HTMLElement | null): void {
  if (!element) return;
  if (
    !element.hasAttribute("tabindex") &&
    !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)
  )
    element.setAttribute("tabindex", "-1");
  element.focus();
}

/* ---------- answers and their problems ---------- */

const questions = $$<HTMLElement>(".question");
const inputsOf = (question: Element) =>
  $$<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    "input, select, textarea",
    question,
  );
const nameOf = (question: Element) => inputsOf(question)[0]?.name ?? "";
const visibleQuestion = (question: HTMLElement) => !question.closest("[hidden]");

function chosen(question: Element): string[] {
  return inputsOf(question)
    .filter((input) =>
      input instanceof HTMLInputElement && /radio|checkbox/.test(input.type) ? input.checked : true,
    )
    .map((input) => input.value.trim())
    .filter((value) => value !== "");
}

function channel(): string {
  return $<HTMLInputElement>('input[name="contact.channel"]:checked')?.value ?? "none";
}

/** More boxes ticked than the question allows, or a longer answer than it takes; or null. */
function tooMuch(kind: string | undefined, max: number, values: string[]): string | null {
  if (!max) return null;
  if (kind === "checkbox" && values.length > max) return say("error.tooMany", { max });
  if ((kind === "text" || kind === "textarea") && [...(values[0] ?? "")].length > max)
    return say("error.tooLong", { max });
  return null;
}

/** The problem of one question, in the page's language, or null. */
function problemOf(question: HTMLElement): string | null {
  const kind = question.dataset.kind;
  const name = nameOf(question);
  const values = chosen(question);
  if (name === "contact.address" && channel() !== "none" && values.length === 0)
    return say("error.address");
  if (question.dataset.required !== undefined && values.length === 0)
    return say(kind === "checkbox" ? "error.chooseOne" : "error.required");
  const problem = tooMuch(kind, Number(question.dataset.max ?? 0), values);
  if (problem !== null) return problem;
  if (name === "previousReceipt" && values[0] && (values[0].match(/\p{Nd}/gu) ?? []).length !== 16)
    return say("error.receipt", { digits: 16 });
  return null;
}

function mark(question: HTMLElement, problem: string | null): void {
  const id = `${question.id}-error`;
  $(`#${id}`, question)?.remove();
  const described = (question.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter((x) => x && x !== id);
  if (problem) {
    const note = document.createElement("p");
    note.className = "error";
    note.id = id;
    note.textContent = problem;
    const legend = $("legend, label", question);
    legend?.after(note);
    described.push(id);
    question.setAttribute("aria-invalid", "true");
  } else question.removeAttribute("aria-invalid");
  if (described.length > 0) question.setAttribute("aria-describedby", described.join(" "));
  else question.removeAttribute("aria-describedby");
}

/** Marks every problem among `scope`'s questions; lists them at the top; true when none. */
function check(scope: HTMLElement[], problems = new Map<HTMLElement, string>()): boolean {
  for (const question of scope) {
    if (!visibleQuestion(question)) continue;
    const problem = problems.get(question) ?? problemOf(question);
    mark(question, problem);
    if (problem) problems.set(question, problem);
  }
  const summary = $("#problems");
  if (!summary) return problems.size === 0;
  summary.replaceChildren();
  if (problems.size === 0) {
    summary.hidden = true;
    return true;
  }
  const title = document.createElement("h2");
  title.textContent = say("error.summary");
  const list = document.createElement("ul");
  for (const question of problems.keys()) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${question.id}`;
    link.append(...titleOf(question));
    item.append(link);
    list.append(item);
  }
  summary.append(title, list);
  summary.hidden = false;
  focusOn(summary);
  return false;
}

/* ---------- steps ---------- */

const steps = $$<HTMLElement>(".step");
const progress = $("#progress");
let current = 0;

function go(index: number): void {
  current = Math.max(0, Math.min(steps.length - 1, index));
  steps.forEach((step, at) => {
    show(step, at === current);
  });
  if (progress) {
    progress.textContent = say("steps.progress", { step: current + 1, total: steps.length });
    show(progress, true);
  }
  const heading = $<HTMLElement>("legend, label, h2", steps[current] as HTMLElement);
  focusOn(heading);
}

function stepQuestions(step: HTMLElement | undefined): HTMLElement[] {
  return step ? $$<HTMLElement>(".question", step) : [];
}

if (form && steps.length > 0) {
  document.documentElement.classList.add("js");
  for (const button of $$<HTMLButtonElement>(".nav button", form)) show(button, true);
  for (const step of steps) {
    $(".next", step)?.addEventListener("click", () => {
      if (check(stepQuestions(step))) go(current + 1);
    });
    $(".back", step)?.addEventListener("click", () => go(current - 1));
  }
  steps.forEach((step, at) => {
    show(step, at === 0);
  });
  if (progress) {
    progress.textContent = say("steps.progress", { step: 1, total: steps.length });
    show(progress, true);
  }
}

/* ---------- what one answer changes in the others ---------- */

const question = (name: string) => $(`#q-${name.replaceAll(".", "-")}`);
const emergency = $("#emergency");
function onDanger(): void {
  const yes = $<HTMLInputElement>('input[name="inDanger"][value="yes"]')?.checked === true;
  show(emergency, yes);
  if (yes) focusOn(emergency);
}
for (const input of $$<HTMLInputElement>('input[name="inDanger"]'))
  input.addEventListener("change", onDanger);
// One tap less: a person not in danger goes on as they tap the answer (not as arrow keys move
// through the answers, which would jump away from a keyboard user).
question("inDanger")?.addEventListener("click", (event) => {
  if (event.detail === 0 || current !== 0) return;
  setTimeout(() => {
    const answer = $<HTMLInputElement>('input[name="inDanger"]:checked')?.value;
    if (answer === "no" || answer === "unsure") go(1);
  });
});
$("#emergency-continue")?.addEventListener("click", () => go(1));

function onContact(): void {
  const monitored =
    $<HTMLInputElement>('input[name="circumstances"][value="phone_monitored"]')?.checked === true;
  const reachable = channel() !== "none";
  show(question("contact.address"), reachable);
  show(question("contact.safeTimes"), reachable);
  // Never offer a message on a phone someone else may check; steer to the code or a trusted person.
  show(question("contact.leaveMessage"), reachable && !monitored);
  if (monitored) {
    const leave = $<HTMLInputElement>('input[name="contact.leaveMessage"]');
    if (leave) leave.checked = false;
  }
  show($("#monitored-note"), monitored);
}
for (const input of $$<HTMLInputElement>(
  'input[name="contact.channel"], input[name="circumstances"]',
))
  input.addEventListener("change", onContact);
onContact();

/* ---------- sending ---------- */

const sending = $("#sending");
const sendingText = $("#sending-text");
const bar = $<HTMLProgressElement>("#sending-progress");
const retry = $<HTMLButtonElement>("#retry");
const receipt = $("#receipt");
const submissionId = crypto.randomUUID();
let body: string | null = null;

interface Challenge {
  challenge: string;
  salt: string;
  maxnumber: number;
  algorithm: string;
  signature: string;
}

async function proof(): Promise<string> {
  const challenge: Challenge = await (
    await fetch("/api/v1/challenge", { cache: "no-store" })
  ).json();
  const worker = new Worker("/assets/pow-worker.js");
  try {
    const number = await new Promise<number | null>((resolve, reject) => {
      worker.onerror = () => reject(new Error("worker"));
      worker.onmessage = (event: MessageEvent<{ number?: number | null; progress?: number }>) => {
        if (event.data.progress !== undefined && bar)
          bar.value = Math.round(event.data.progress * 90);
        else resolve(event.data.number ?? null);
      };
      worker.postMessage({
        challenge: challenge.challenge,
        salt: challenge.salt,
        max: challenge.maxnumber,
      });
    });
    if (number === null) throw new Error("unsolved");
    const { algorithm, salt, signature } = challenge;
    return btoa(
      JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }),
    );
  } finally {
    worker.terminate();
  }
}

function fillReceipt(answer: Answer): void {
  if (!receipt) return;
  fillAnswer(receipt, answer, say("receipt.copied"));
  form?.reset();
  show(form, false);
  show(progress, false);
  show(sending, false);
  show(receipt, true);
  focusOn(receipt);
}

/** Shows the server's field problems beside their questions (should the page's checks miss one). */
function showServerProblems(fields: { path: string }[]): void {
  const problems = new Map<HTMLElement, string>();
  for (const field of fields) {
    const target = questions.find(
      (candidate) =>
        field.path === nameOf(candidate) || field.path.startsWith(`${nameOf(candidate)}.`),
    );
    if (target) problems.set(target, problemOf(target) ?? say("error.invalid"));
  }
  show(sending, false);
  show(form, true);
  check(questions, problems);
  const first = [...problems.keys()][0];
  const at = first ? steps.findIndex((step) => step.contains(first)) : -1;
  if (at >= 0) go(at);
}

const resend = resender();

async function send(): Promise<void> {
  show(retry, false);
  show(sending, true);
  if (sendingText) sendingText.textContent = say("send.working");
  try {
    if (body === null) {
      const report = answersNow();
      body = JSON.stringify({ ...report, submissionId, proof: await proof() });
    }
    if (bar) bar.value = 95;
    const response = await fetch("/api/v1/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
      cache: "no-store",
    });
    const answer = await response.json();
    if (response.status === 201) return fillReceipt(answer);
    const code = answer?.error?.code;
    if (await resend.again(code, response.headers.get("Retry-After"))) return send();
    if (code === "invalid_proof") {
      body = null; // a fresh challenge, the same submissionId
      return send();
    }
    if (code === "invalid_report") {
      body = null;
      return showServerProblems(answer.error.fields ?? []);
    }
    throw new Error(code ?? String(response.status));
  } catch {
    // Dropped connection or a server in trouble: the same body is sent again on retry.
    if (sendingText) sendingText.textContent = say("send.failed");
    show(retry, true);
  }
}

retry?.addEventListener("click", () => {
  resend.reset();
  void send();
});

const answersNow = () =>
  formFieldsToReport(
    [...new FormData(form as HTMLFormElement)].map(([key, value]) => [key, String(value)]),
  );

/** One of the two buttons that settle contradicting answers: it changes the answers it names. */
function resolve(resolution: string): void {
  const pick = (name: string, value: string) => {
    const input = $<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
    if (input) input.checked = true;
  };
  if (resolution === "share") pick("consent.share", "yes");
  if (resolution === "no_contact") {
    pick("contact.channel", "none");
    onContact();
  }
}

const conflict = $("#share-conflict");

form?.addEventListener("submit", (event) => {
  event.preventDefault();
  const submitter = event.submitter;
  if (submitter instanceof HTMLButtonElement && submitter.name === "resolve")
    resolve(submitter.value);
  show(conflict, false);
  if (!check(questions)) {
    const first = questions.find((candidate) => candidate.getAttribute("aria-invalid") === "true");
    const at = first ? steps.findIndex((step) => step.contains(first)) : -1;
    if (at >= 0 && at !== current) go(at);
    return;
  }
  // Asked again before sending: wanting to be reached while sharing nothing helps nobody.
  const report = answersNow() as Parameters<typeof contactWithoutSharing>[0];
  const share = question("consent.share");
  if (share && contactWithoutSharing(report)) {
    check([share], new Map([[share, say("consent.conflict")]]));
    show(conflict, true);
    focusOn(share);
    return;
  }
  show(form, false);
  show(progress, false);
  void send();
});
