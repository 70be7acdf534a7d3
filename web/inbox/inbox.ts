/**
 * The inbox's script: staff sign in with their access token and their age identity file, see
 * their organisation's cases, open one (its sealed parts decrypted here, with the identity),
 * and work it through the organisations' API (contract, section 7).
 *
 * The identity never leaves this page: it is read from the picked file, imported into a
 * non-extractable WebCrypto key where the browser can (the text is dropped), and used only to
 * open what the API hands over, and to seal again what a hand-over passes on. The token goes
 * only in the Authorization header of calls to this origin's API. Both live in this script's
 * memory alone: no storage, no cookie, nothing in the URL or the history; "Lock", leaving the
 * page, or fifteen idle minutes forget them, with everything decrypted.
 *
 * Every text comes from the page's data block, in the page's language; every value from the
 * server is written with textContent, never as HTML.
 */
import { bech32 } from "@scure/base";
import { armor, Decrypter, Encrypter, identityToRecipient } from "age-encryption";
import type { FlaggedView } from "./flag-notes.ts";
import { flagRequest, showFlags } from "./flag-panel.ts";
import { IDENTITY_FILE_MAX_BYTES, identitiesIn } from "./identity-file.ts";
import type { InboxPageData } from "./inbox-page-data.ts";
import { type ApiProblemShape, problemKey } from "./api-problems.ts";

/* ---------- the page ---------- */

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

const data: InboxPageData = JSON.parse(byId("inbox-data").textContent ?? "{}");

function say(key: string, values: Record<string, string | number> = {}): string {
  return (data.texts[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

const dateFormat = new Intl.DateTimeFormat(data.locale, {
  dateStyle: "medium",
  timeStyle: "short",
});
const when = (ms: number) => dateFormat.format(new Date(ms));
/** An average month, for "first M months ago". */
const MONTH_MS = 30.4375 * 86_400_000;

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([data.locale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An element with text and children; never HTML from a string. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const status = byId("status");
/** Says something to screen readers (and shows it): progress and what a step did. */
function announce(text: string): void {
  // A fresh text node each time, so the same words are announced again.
  status.replaceChildren(document.createTextNode(text));
}

function showProblem(slot: HTMLElement, text: string): void {
  slot.replaceChildren(document.createTextNode(text));
}
const clearProblems = () => {
  for (const slot of document.querySelectorAll<HTMLElement>(".form-problem"))
    slot.replaceChildren();
};

function focusOn(element: HTMLElement): void {
  if (
    !element.hasAttribute("tabindex") &&
    !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)
  )
    element.setAttribute("tabindex", "-1");
  element.focus();
}

/** Marks a button busy while its step runs, so that it is not pressed twice. */
async function busy<T>(button: HTMLButtonElement | null, run: () => Promise<T>): Promise<T> {
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
  }
  try {
    return await run();
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }
}

const submitterOf = (form: HTMLFormElement) =>
  form.querySelector<HTMLButtonElement>("button[type=submit]");

/* ---------- what the API answers ---------- */

interface Me {
  organisation: string;
  name: string;
}

interface DirectoryEntry {
  id: string;
  name: string;
  kind: string;
  needs: string[];
  recipients: string[];
}

interface CaseSummary {
  caseId: string;
  urgency: string;
  state: string;
  receivedAt: number;
  overdue: boolean;
  escalated: boolean;
  outcome?: string;
  /** a closed case whose person agreed to check-ins: one is due, or one was answered */
  checkIn?: "due" | "answered";
}

interface CaseView extends FlaggedView {
  caseId: string;
  receivedAt: number;
  urgency: string;
  triage: {
    urgency: string;
    needs: string[];
    multiProblem: boolean;
    repeatRisk: boolean;
    reasons: string[];
  };
  routing: { organisations: string[]; lead: string | null };
  municipality: string;
  contactLanguages: string[];
  situation: string;
  circumstances: string[];
  unproven: boolean;
  test: boolean;
  escalated: boolean;
  overdue: boolean;
  assignment: {
    state: string;
    claimedBy?: string;
    claimedAt?: number;
    outcome?: string;
    declineReason?: string;
  };
  others: { organisation: string; name: string; state: string; lead: boolean }[];
  reportedBefore: { times: number; firstAt: number; organisations: string[] } | null;
  /** null once the person withdrew, or can no longer be written to */
  personRecipient: string | null;
  sealed: { narrative?: string; contact?: string };
  messages: { id: string; at: number }[];
  /** what the person wrote back, sealed to this organisation */
  replies?: { id: string; at: number; sealed: string }[];
  /** once the case is closed: the check-in due now (a month) and those answered */
  checkIns?: {
    due: number | null;
    answered: { month: number; answeredAt: number; followUp: boolean }[];
  };
}

/** A case the person withdrew: that it was, and nothing of what it said. */
interface WithdrawnView {
  caseId: string;
  receivedAt: number;
  urgency: string;
  withdrawn: { kind: string; at: number };
  assignment: { state: string };
}

type AnyView = CaseView | WithdrawnView;

const isWithdrawn = (view: AnyView): view is WithdrawnView =>
  (view as Partial<WithdrawnView>).withdrawn !== undefined;

class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(readonly problem: ApiProblemShape) {
    super(problem.code);
  }
}

/** Calls this origin's API with a token; only ever the Authorization header carries it. */
async function call<T>(
  token: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
      referrerPolicy: "no-referrer",
    });
  } catch {
    throw new ApiProblem({ status: 0, code: "network", message: "" });
  }
  let answer: unknown = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok) {
    const error = (answer as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiProblem({
      status: response.status,
      code: typeof error?.code === "string" ? error.code : "",
      message: typeof error?.message === "string" ? error.message : "",
    });
  }
  return answer as T;
}

/* ---------- the identity: in memory, and as little as possible ---------- */

type Key = CryptoKey | string;

/** A problem the page finds itself, before any call: its text is already in the page's language. */
class FormProblem extends Error {
  override name = "FormProblem";
}

class KeyProblem extends Error {
  override name = "KeyProblem";
  constructor(readonly key: string) {
    super(key);
  }
}

/** PKCS #8 for an X25519 private key: this prefix, then the 32 bytes of the scalar. */
const PKCS8_X25519 = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x6e,
  0x04,
  0x22,
  0x04,
  0x20,
);

/**
 * An `AGE-SECRET-KEY-1…` as a non-extractable WebCrypto key, so that not even this page's own
 * script can read the secret back; the text itself where the browser has no X25519.
 */
async function importIdentity(identity: string): Promise<Key> {
  let scalar: Uint8Array;
  try {
    const { prefix, words } = bech32.decode(identity.toLowerCase(), false);
    scalar = bech32.fromWords(words);
    if (prefix !== "age-secret-key-" || scalar.length !== 32) throw new Error("not X25519");
  } catch {
    throw new KeyProblem("signIn.badIdentity");
  }
  const der = new Uint8Array(PKCS8_X25519.length + 32);
  der.set(PKCS8_X25519);
  der.set(scalar, PKCS8_X25519.length);
  try {
    return await crypto.subtle.importKey("pkcs8", der, { name: "X25519" }, false, ["deriveBits"]);
  } catch {
    return identity; // a browser without X25519 in WebCrypto: age-encryption's own code
  } finally {
    der.fill(0);
    scalar.fill(0);
  }
}

async function keysFrom(file: File): Promise<{ keys: Key[]; recipients: string[] }> {
  if (file.size > IDENTITY_FILE_MAX_BYTES) throw new KeyProblem("signIn.tooLarge");
  const identities = identitiesIn(await file.text());
  if (identities.length === 0) throw new KeyProblem("signIn.noIdentity");
  const keys = await Promise.all(identities.map(importIdentity));
  try {
    return { keys, recipients: await Promise.all(keys.map((key) => identityToRecipient(key))) };
  } catch {
    throw new KeyProblem("signIn.badIdentity");
  }
}

async function open(keys: readonly Key[], armored: string): Promise<string | null> {
  try {
    const decrypter = new Decrypter();
    for (const key of keys) decrypter.addIdentity(key);
    return await decrypter.decrypt(armor.decode(armored), "text");
  } catch {
    return null;
  }
}

async function sealTo(recipients: readonly string[], text: string): Promise<string> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(text));
}

/* ---------- the session: memory only ---------- */

interface Session {
  token: string;
  keys: Key[];
  me: Me;
  directory: DirectoryEntry[];
}

/** A case on screen, with what was opened of it (undefined: not sealed for us; null: unreadable). */
interface Opened {
  view: AnyView;
  narrative: string | null | undefined;
  contact: string | null | undefined;
  /** the replies' texts, by reply id (null: unreadable) */
  replies: Map<string, string | null>;
}

/** What the organisation may know of a closed case's check-ins: which is due, which answered. */
function checkInsText(checkIns: NonNullable<CaseView["checkIns"]>): string {
  const lines = checkIns.answered.map((entry) =>
    say(entry.followUp ? "case.checkInFollowUp" : "case.checkInAnswered", {
      month: entry.month,
      date: when(entry.answeredAt),
    }),
  );
  if (checkIns.due !== null) lines.unshift(say("case.checkInDue", { month: checkIns.due }));
  return lines.join(" ") || say("case.none");
}

const CASE_PARTS = ["case-details", "narrative", "contact", "messages", "replies", "case-title"];

let session: Session | null = null;
let opened: Opened | null = null;

/** An answer that came after the inbox locked: dropped, so nothing of it reaches the screen. */
class LockedMeanwhileError extends Error {
  override name = "LockedMeanwhileError";
}

async function api<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const started = session;
  if (!started) throw new ApiProblem({ status: 401, code: "unauthorized", message: "" });
  const answer = await call<T>(started.token, method, path, body);
  if (session !== started) throw new LockedMeanwhileError();
  return answer;
}

const views = {
  signIn: byId("sign-in"),
  list: byId("list-view"),
  case: byId("case-view"),
};

function showView(which: keyof typeof views): void {
  for (const [name, view] of Object.entries(views)) view.hidden = name !== which;
}

const who = byId("who");
const lockButton = byId<HTMLButtonElement>("lock");
const tokenInput = byId<HTMLInputElement>("token");
const identityInput = byId<HTMLInputElement>("identity");

/** Forgets the token, the identity and everything opened, and shows the sign-in again. */
function lock(reason: string): void {
  session = null;
  opened = null;
  window.clearTimeout(idleTimer);
  tokenInput.value = "";
  identityInput.value = "";
  for (const id of ["cases", "who", ...CASE_PARTS]) byId(id).replaceChildren();
  byId<HTMLTextAreaElement>("message-text").value = "";
  clearProblems();
  who.hidden = true;
  lockButton.hidden = true;
  byId("key-notice").hidden = true;
  showView("signIn");
  announce(reason);
  focusOn(byId("sign-in-title"));
}

lockButton.addEventListener("click", () => lock(say("lock.done")));
// Leaving the page (or the language switch) forgets everything, and clears what was on screen
// in case the browser keeps the page in its back-forward cache.
addEventListener("pagehide", () => lock(say("lock.done")));

let idleTimer = 0;
function stayAwake(): void {
  if (!session) return;
  window.clearTimeout(idleTimer);
  idleTimer = window.setTimeout(
    () => lock(say("lock.idle", { minutes: data.idleMinutes })),
    data.idleMinutes * 60_000,
  );
}
for (const kind of ["keydown", "pointerdown", "submit"])
  document.addEventListener(kind, stayAwake, true);

/** What an error says, in the page's language; a token no longer valid locks the inbox. */
function report(error: unknown, slot: HTMLElement): void {
  if (error instanceof LockedMeanwhileError) return;
  if (error instanceof ApiProblem) {
    const key = problemKey(error.problem);
    if (key === "error.unauthorized" && session) lock(say(key));
    else showProblem(slot, say(key));
  } else if (error instanceof KeyProblem) showProblem(slot, say(error.key));
  else if (error instanceof FormProblem) showProblem(slot, error.message);
  else showProblem(slot, say("error.server"));
}

/* ---------- signing in ---------- */

const signInForm = byId<HTMLFormElement>("sign-in-form");
const signInProblem = byId("sign-in-problem");

function invalid(input: HTMLInputElement, text: string): void {
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", `${input.id}-hint sign-in-problem`);
  showProblem(signInProblem, text);
  input.focus();
}

signInForm.addEventListener("submit", (event) => {
  event.preventDefault();
  clearProblems();
  for (const input of [tokenInput, identityInput]) {
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", `${input.id}-hint`);
  }
  const token = tokenInput.value.trim();
  const file = identityInput.files?.[0];
  if (!token) return invalid(tokenInput, say("signIn.noToken"));
  if (!file) return invalid(identityInput, say("signIn.noFile"));
  void busy(submitterOf(signInForm), async () => {
    announce(say("signIn.working"));
    try {
      const { keys, recipients } = await keysFrom(file);
      const me = await call<Me>(token, "GET", "org/me");
      const { organisations } = await call<{ organisations: DirectoryEntry[] }>(
        token,
        "GET",
        "org/directory",
      );
      tokenInput.value = "";
      identityInput.value = "";
      session = { token, keys, me, directory: organisations };
      stayAwake();
      const own = organisations.find((organisation) => organisation.id === me.organisation);
      const organisationName = own?.name ?? me.organisation;
      who.textContent = say("session.who", { name: me.name, organisation: organisationName });
      who.hidden = false;
      lockButton.hidden = false;
      byId("key-notice").hidden = recipients.some((recipient) =>
        own?.recipients.includes(recipient),
      );
      byId<HTMLSelectElement>("state-filter").value = "";
      await showList();
      announce(say("signIn.done", { name: me.name, organisation: organisationName }));
    } catch (error) {
      session = null;
      announce("");
      if (error instanceof KeyProblem) invalid(identityInput, say(error.key));
      else if (error instanceof ApiProblem && problemKey(error.problem) === "error.unauthorized")
        invalid(tokenInput, say("error.unauthorized"));
      else report(error, signInProblem);
    }
  });
});

/* ---------- the list ---------- */

const caseList = byId("cases");
const caseCount = byId("case-count");
const listProblem = byId("list-problem");

function summaryItem(summary: CaseSummary): HTMLLIElement {
  const open = el(
    "button",
    { className: "case-open", attrs: { type: "button", "data-case": summary.caseId } },
    el("span", {
      className: `urgency urgency-${summary.urgency}`,
      text: say(`urgencies.${summary.urgency}`),
    }),
    " ",
    el("span", { className: "state", text: say(`states.${summary.state}`) }),
    " ",
    el("span", {
      className: "received",
      text: say("list.received", { date: when(summary.receivedAt) }),
    }),
  );
  for (const [flag, key] of [
    [summary.overdue, "list.overdue"],
    [summary.escalated, "list.escalated"],
    [summary.checkIn === "due", "list.checkInDue"],
    [summary.checkIn === "answered", "list.checkInAnswered"],
  ] as const)
    if (flag) open.append(" ", el("span", { className: "mark", text: say(key) }));
  if (summary.outcome)
    open.append(
      " ",
      el("span", { className: "outcome", text: say(`outcomes.${summary.outcome}`) }),
    );
  open.addEventListener("click", () => void openCase(summary.caseId, open));
  return el("li", { className: `case-item urgency-${summary.urgency}` }, open);
}

async function loadList(): Promise<void> {
  const state = byId<HTMLSelectElement>("state-filter").value;
  announce(say("list.loading"));
  const query = state === "hidden" ? "hidden=true" : state && `state=${encodeURIComponent(state)}`;
  const { cases } = await api<{ cases: CaseSummary[] }>(
    "GET",
    `org/cases${query ? `?${query}` : ""}`,
  );
  caseList.replaceChildren(...cases.map(summaryItem));
  if (cases.length === 0)
    caseList.append(el("li", { className: "empty", text: say("list.empty") }));
  caseCount.textContent = say("list.count", { count: cases.length });
  announce(caseCount.textContent);
}

async function showList(): Promise<void> {
  opened = null;
  for (const id of CASE_PARTS) byId(id).replaceChildren();
  byId<HTMLTextAreaElement>("message-text").value = "";
  clearProblems();
  showView("list");
  focusOn(byId("list-title"));
  try {
    await loadList();
  } catch (error) {
    report(error, listProblem);
  }
}

byId<HTMLFormElement>("filter-form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearProblems();
  void busy(submitterOf(event.currentTarget as HTMLFormElement), () =>
    loadList().catch((error) => report(error, listProblem)),
  );
});

byId("back").addEventListener("click", () => void showList());

/* ---------- one case ---------- */

const caseProblem = byId("case-problem");

function detail(list: HTMLDListElement, term: string, ...value: (Node | string)[]): void {
  list.append(el("dt", { text: term }), el("dd", {}, ...value));
}

function labels(prefix: string, values: readonly string[]): string {
  return values.length === 0
    ? say("case.none")
    : values.map((value) => say(`${prefix}.${value}`)).join(", ");
}

function section(id: string, title: string, ...content: Node[]): HTMLElement {
  return el(
    "section",
    { attrs: { "aria-labelledby": id } },
    el("h2", { text: title, attrs: { id } }),
    ...content,
  );
}

function renderWithdrawn(view: WithdrawnView): void {
  const summary = el("dl", { className: "details" });
  detail(
    summary,
    say("case.id"),
    el("span", { className: "case-id", text: view.caseId, attrs: { translate: "no" } }),
  );
  detail(summary, say("case.received"), when(view.receivedAt));
  detail(summary, say("case.urgency"), say(`urgencies.${view.urgency}`));
  detail(summary, say("case.state"), say(`states.${view.assignment.state}`));
  byId("case-details").replaceChildren(summary);
  const notice = byId("withdrawn-notice");
  notice.textContent = say(
    view.withdrawn.kind === "delete" ? "case.withdrawnDelete" : "case.withdrawnConsent",
    { date: when(view.withdrawn.at) },
  );
  notice.hidden = false;
  byId("case-content").hidden = true;
}

function renderDetails(view: AnyView): void {
  byId("case-title").textContent = say("case.title", { date: when(view.receivedAt) });
  if (isWithdrawn(view)) {
    renderWithdrawn(view);
    return;
  }
  byId("withdrawn-notice").hidden = true;
  byId("case-content").hidden = false;

  const summary = el("dl", { className: "details" });
  detail(
    summary,
    say("case.id"),
    el("span", { className: "case-id", text: view.caseId, attrs: { translate: "no" } }),
  );
  detail(summary, say("case.received"), when(view.receivedAt));
  detail(
    summary,
    say("case.urgency"),
    el("span", {
      className: `urgency urgency-${view.urgency}`,
      text: say(`urgencies.${view.urgency}`),
    }),
  );
  const state = el("dd");
  const { assignment } = view;
  state.append(el("strong", { text: say(`states.${assignment.state}`) }));
  if (assignment.claimedBy)
    state.append(
      el("br"),
      say("case.claimedBy", { name: assignment.claimedBy, date: when(assignment.claimedAt ?? 0) }),
    );
  summary.append(el("dt", { text: say("case.state") }), state);
  if (assignment.outcome)
    detail(summary, say("case.outcome"), say(`outcomes.${assignment.outcome}`));
  if (assignment.declineReason)
    detail(summary, say("case.declineReason"), say(`declineReasons.${assignment.declineReason}`));
  const marks = [
    view.overdue ? say("list.overdue") : "",
    view.escalated ? say("list.escalated") : "",
    view.test ? say("case.test") : "",
    view.unproven ? say("case.unproven") : "",
  ].filter(Boolean);
  if (marks.length > 0) detail(summary, say("case.marks"), marks.join("; "));

  const triage = el("dl", { className: "details" });
  detail(triage, say("case.needs"), labels("needs", view.triage.needs));
  detail(
    triage,
    say("case.reasons"),
    el("span", {
      text: view.triage.reasons.join(", ") || say("case.none"),
      attrs: { translate: "no" },
    }),
  );
  detail(triage, say("case.multiProblem"), say(view.triage.multiProblem ? "page.yes" : "page.no"));
  detail(triage, say("case.repeatRisk"), say(view.triage.repeatRisk ? "page.yes" : "page.no"));

  const about = el("dl", { className: "details" });
  detail(
    about,
    say("case.municipality"),
    view.municipality === "unknown"
      ? say("case.municipalityUnknown")
      : (data.municipalities[view.municipality] ?? view.municipality),
  );
  detail(
    about,
    say("case.languages"),
    view.contactLanguages.map(languageName).join(", ") || say("case.none"),
  );
  detail(about, say("case.situation"), say(`situations.${view.situation}`));
  detail(about, say("case.circumstances"), labels("circumstances", view.circumstances));
  detail(
    about,
    say("case.reportedBefore"),
    view.reportedBefore
      ? say("case.reportedBeforeTimes", {
          times: view.reportedBefore.times,
          months: Math.max(0, Math.floor((Date.now() - view.reportedBefore.firstAt) / MONTH_MS)),
          date: when(view.reportedBefore.firstAt),
          organisations:
            view.reportedBefore.organisations
              .map(
                (id) =>
                  session?.directory.find((organisation) => organisation.id === id)?.name ?? id,
              )
              .join(", ") || say("case.none"),
        })
      : say("case.reportedBeforeNo"),
  );
  if (view.checkIns) detail(about, say("case.checkIns"), checkInsText(view.checkIns));

  const others = el("ul", { className: "plain" });
  for (const other of view.others) {
    others.append(
      el("li", {
        text: `${other.name}: ${say(`states.${other.state}`)}${other.lead ? ` (${say("case.lead")})` : ""}`,
      }),
    );
  }
  if (view.others.length === 0) others.append(el("li", { text: say("case.none") }));
  const onCase = [others] as Node[];
  if (session && view.routing.lead === session.me.organisation)
    onCase.unshift(el("p", { className: "note", text: say("case.youLead") }));

  byId("case-details").replaceChildren(
    summary,
    section("details-triage", say("case.triage"), triage),
    section("details-about", say("case.about"), about),
    section("details-others", say("case.others"), ...onCase),
  );

  byId("phone-warning").hidden = !view.circumstances.includes("phone_monitored");
  const messages = byId("messages");
  messages.replaceChildren(
    ...(view.messages.length === 0
      ? [el("li", { text: say("case.noMessages") })]
      : view.messages.map((message) =>
          el("li", { text: say("case.messageAt", { date: when(message.at) }) }),
        )),
  );
}

function renderContact(text: string): Node {
  let contact: { channel?: string; address?: string; safeTimes?: string; leaveMessage?: boolean };
  try {
    contact = JSON.parse(text);
  } catch {
    return el("p", { className: "opened-text", text, attrs: { dir: "auto" } });
  }
  if (!contact || contact.channel === "none" || !contact.channel)
    return el("p", { text: say("case.noContact") });
  const list = el("dl", { className: "details" });
  detail(list, say("contact.channel"), say(`channels.${contact.channel}`));
  if (contact.address)
    detail(
      list,
      say("contact.address"),
      el("span", { text: contact.address, attrs: { dir: "auto" } }),
    );
  if (contact.safeTimes)
    detail(
      list,
      say("contact.safeTimes"),
      el("span", { text: contact.safeTimes, attrs: { dir: "auto" } }),
    );
  detail(list, say("contact.leaveMessage"), say(contact.leaveMessage ? "page.yes" : "page.no"));
  return list;
}

function renderSealed(state: Opened): void {
  if (isWithdrawn(state.view)) return;
  const replies = state.view.replies ?? [];
  byId("replies").replaceChildren(
    ...(replies.length === 0
      ? [el("li", { text: say("case.noReplies") })]
      : replies.map((reply) => {
          const text = state.replies.get(reply.id);
          return el(
            "li",
            { className: "reply" },
            el("p", { className: "reply-at", text: say("case.replyAt", { date: when(reply.at) }) }),
            typeof text === "string"
              ? el("p", { className: "opened-text", text, attrs: { dir: "auto" } })
              : el("p", { className: "warning", text: say("case.unreadable") }),
          );
        })),
  );
  const narrative = byId("narrative");
  const contact = byId("contact");
  const isLead = session !== null && state.view.routing.lead === session.me.organisation;
  if (state.narrative === undefined)
    narrative.replaceChildren(el("p", { text: say("case.noNarrative") }));
  else if (state.narrative === null)
    narrative.replaceChildren(el("p", { className: "warning", text: say("case.unreadable") }));
  else
    narrative.replaceChildren(
      el("p", { className: "opened-text", text: state.narrative, attrs: { dir: "auto" } }),
    );
  if (state.contact === undefined)
    contact.replaceChildren(
      el("p", { text: say(isLead ? "case.noContact" : "case.contactNotLead") }),
    );
  else if (state.contact === null)
    contact.replaceChildren(el("p", { className: "warning", text: say("case.unreadable") }));
  else contact.replaceChildren(renderContact(state.contact));
}

async function openSealedParts(state: Opened, previous: Opened | null): Promise<void> {
  const { view } = state;
  if (isWithdrawn(view)) return;
  const keys = session?.keys ?? [];
  // Parts already opened and unchanged are not opened again.
  const same =
    previous && previous.view.caseId === view.caseId && !isWithdrawn(previous.view)
      ? { opened: previous, sealed: previous.view.sealed }
      : null;
  const openPart = async (part: "narrative" | "contact") => {
    const armored = view.sealed[part];
    if (armored === undefined) return undefined;
    if (same && same.sealed[part] === armored) return same.opened[part];
    return open(keys, armored);
  };
  state.narrative = await openPart("narrative");
  state.contact = await openPart("contact");
  for (const reply of view.replies ?? []) {
    const known = same?.opened.replies.get(reply.id);
    state.replies.set(reply.id, known !== undefined ? known : await open(keys, reply.sealed));
  }
}

function option(value: string, text: string): HTMLOptionElement {
  const element = el("option", { text });
  element.value = value;
  return element;
}

function renderActions(view: AnyView): void {
  if (isWithdrawn(view)) {
    for (const id of [
      "claim-box",
      "state-form",
      "message-form",
      "no-person-key",
      "handover-form",
      "decline-form",
      "flag-form",
    ])
      byId(id).hidden = true;
    byId("actions-closed").hidden = false;
    return;
  }
  const state = view.assignment.state;
  const moves = data.moves[state] ?? [];
  const working = data.workingStates.includes(state);
  const declinable =
    data.declinableFrom.includes(state) && session?.me.organisation !== data.coordinator;
  const claimable = state === "pending" || state === "sent";

  byId("claim-box").hidden = !claimable;

  byId("state-form").hidden = moves.length === 0;
  byId<HTMLSelectElement>("state-select").replaceChildren(
    option("", say("page.choose")),
    ...moves.map((move) => option(move, say(`states.${move}`))),
  );
  byId<HTMLSelectElement>("outcome-select").value = "";
  byId("outcome-question").hidden = true;

  byId("message-form").hidden = !working || !view.personRecipient;
  byId("no-person-key").hidden = !working || Boolean(view.personRecipient);

  const targets = (session?.directory ?? []).filter(
    (organisation) =>
      organisation.id !== session?.me.organisation &&
      !view.routing.organisations.includes(organisation.id) &&
      !view.others.some((other) => other.organisation === organisation.id),
  );
  byId("handover-form").hidden = !working;
  byId<HTMLSelectElement>("handover-to").replaceChildren(
    option("", targets.length === 0 ? say("handover.noneLeft") : say("page.choose")),
    ...targets.map((target) =>
      option(
        target.id,
        target.kind === "authority"
          ? say("handover.authority", { name: target.name })
          : target.name,
      ),
    ),
  );
  byId<HTMLSelectElement>("handover-need").value = "";
  const isLead = view.routing.lead === session?.me.organisation;
  byId("handover-contact-question").hidden = !isLead || view.sealed.contact === undefined;
  byId<HTMLInputElement>("handover-contact").checked = true;

  byId("decline-form").hidden = !declinable;
  byId<HTMLSelectElement>("decline-reason").value = "";
  byId("flag-form").hidden = false;
  showFlags(view, session?.me.organisation ?? "", data.coordinator, say);

  byId("actions-closed").hidden = claimable || moves.length > 0 || working || declinable;
}

function renderCase(state: Opened): void {
  renderDetails(state.view);
  renderSealed(state);
  renderActions(state.view);
}

async function openCase(caseId: string, button?: HTMLButtonElement): Promise<void> {
  clearProblems();
  await busy(button ?? null, async () => {
    announce(say("case.loading"));
    try {
      const view = await api<AnyView>("GET", `org/cases/${encodeURIComponent(caseId)}`);
      const state: Opened = { view, narrative: undefined, contact: undefined, replies: new Map() };
      opened = state;
      renderDetails(view);
      renderActions(view);
      byId("narrative").replaceChildren(el("p", { text: say("case.decrypting") }));
      byId("replies").replaceChildren();
      byId("contact").replaceChildren();
      showView("case");
      focusOn(byId("case-title"));
      announce(say("case.opened"));
      await openSealedParts(state, null);
      if (opened === state) renderSealed(state);
    } catch (error) {
      report(error, views.case.hidden ? listProblem : caseProblem);
    }
  });
}

/** Reads the case again after a step, keeps what was opened, and says what happened. */
async function refreshCase(done?: string): Promise<void> {
  const previous = opened;
  if (!previous) return;
  const view = await api<AnyView>("GET", `org/cases/${encodeURIComponent(previous.view.caseId)}`);
  const state: Opened = { view, narrative: undefined, contact: undefined, replies: new Map() };
  await openSealedParts(state, previous);
  if (opened !== previous) return; // locked or left meanwhile
  opened = state;
  renderCase(state);
  if (done) {
    focusOn(byId("actions-title"));
    announce(done);
  }
}

/**
 * Runs one step on the open case: on success reads the case again and says `done`; on a
 * problem says it beside the step, and after a conflict reads the case again too.
 */
function step(
  trigger: HTMLButtonElement | null,
  slot: HTMLElement,
  run: (state: Opened) => Promise<string>,
): void {
  const state = opened;
  if (!state) return;
  clearProblems();
  void busy(trigger, async () => {
    try {
      const done = await run(state);
      await refreshCase(done);
    } catch (error) {
      report(error, slot);
      if (error instanceof ApiProblem && error.problem.code === "conflict") {
        await refreshCase().catch(() => undefined);
        // The case moved on and the step is gone from the page: say it where the steps begin.
        if (slot.closest("[hidden]")) {
          showProblem(byId("actions-problem"), slot.textContent ?? "");
          focusOn(byId("actions-title"));
        }
      }
      if (error instanceof ApiProblem && error.problem.code === "not_found") {
        await showList();
        report(error, listProblem);
      }
    }
  });
}

const casePath = (state: Opened, action: string) =>
  `org/cases/${encodeURIComponent(state.view.caseId)}/${action}`;

byId<HTMLButtonElement>("claim").addEventListener("click", (event) =>
  step(event.currentTarget as HTMLButtonElement, byId("claim-problem"), async (state) => {
    await api("POST", casePath(state, "claim"), {});
    return say("claim.done");
  }),
);

const stateSelect = byId<HTMLSelectElement>("state-select");
const outcomeSelect = byId<HTMLSelectElement>("outcome-select");
stateSelect.addEventListener("change", () => {
  byId("outcome-question").hidden = !data.closingStates.includes(stateSelect.value);
});

function onSubmit(
  id: string,
  run: (state: Opened, form: HTMLFormElement) => Promise<string>,
): void {
  const form = byId<HTMLFormElement>(id);
  const slot = byId(`${id.replace(/-form$/, "")}-problem`);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    step(submitterOf(form), slot, (state) => run(state, form));
  });
}

onSubmit("state-form", async (state) => {
  const next = stateSelect.value;
  const closing = data.closingStates.includes(next);
  if (!next) throw new FormProblem(say("state.noState"));
  if (closing && !outcomeSelect.value) throw new FormProblem(say("state.needsOutcome"));
  await api("POST", casePath(state, "state"), {
    state: next,
    ...(closing ? { outcome: outcomeSelect.value } : {}),
  });
  return say("state.done", { state: say(`states.${next}`) });
});

onSubmit("message-form", async (state) => {
  const textarea = byId<HTMLTextAreaElement>("message-text");
  const text = textarea.value.trim();
  if (!text) throw new FormProblem(say("message.empty"));
  const recipient = isWithdrawn(state.view) ? null : state.view.personRecipient;
  if (!recipient) throw new FormProblem(say("case.noPersonKey"));
  let sealed: string;
  try {
    sealed = await sealTo([recipient], text);
  } catch {
    throw new FormProblem(say("error.sealing"));
  }
  await api("POST", casePath(state, "messages"), { sealed });
  textarea.value = "";
  return say("message.done");
});

const handoverTo = byId<HTMLSelectElement>("handover-to");
const handoverNeed = byId<HTMLSelectElement>("handover-need");
handoverTo.addEventListener("change", () => {
  const target = session?.directory.find((organisation) => organisation.id === handoverTo.value);
  const view = opened?.view;
  const needs = view && !isWithdrawn(view) ? view.triage.needs : [];
  const fitting = needs.find((need) => target?.needs.includes(need)) ?? target?.needs[0] ?? "";
  if (fitting) handoverNeed.value = fitting;
});

onSubmit("handover-form", async (state) => {
  const target = session?.directory.find((organisation) => organisation.id === handoverTo.value);
  const need = handoverNeed.value;
  if (!target || !need) throw new FormProblem(say("handover.noTarget"));
  if (isWithdrawn(state.view)) throw new FormProblem(say("actions.closed"));
  const sealed: { narrative?: string; contact?: string } = {};
  let unreadable = false;
  try {
    if (typeof state.narrative === "string")
      sealed.narrative = await sealTo(target.recipients, state.narrative);
    else unreadable = state.narrative === null;
    const passContact =
      state.view.routing.lead === session?.me.organisation &&
      byId<HTMLInputElement>("handover-contact").checked;
    if (passContact && typeof state.contact === "string")
      sealed.contact = await sealTo(target.recipients, state.contact);
  } catch {
    throw new FormProblem(say("error.sealing"));
  }
  await api("POST", casePath(state, "handover"), { to: target.id, need, sealed });
  const done = say("handover.done", { organisation: target.name });
  return unreadable ? `${done} ${say("handover.unreadable")}` : done;
});

onSubmit("decline-form", async (state) => {
  const reason = byId<HTMLSelectElement>("decline-reason").value;
  if (!reason) throw new FormProblem(say("decline.noReason"));
  await api("POST", casePath(state, "decline"), { reason });
  return say("decline.done");
});

onSubmit("flag-form", async (state) => {
  const request = flagRequest();
  if (!request) throw new FormProblem(say("flag.noFlag"));
  const { hidden } = await api<{ hidden: boolean }>("POST", casePath(state, "flag"), request);
  return say(hidden ? "flag.done" : "flag.doneKept", { flag: say(`flags.${request.flag}`) });
});

byId<HTMLButtonElement>("unflag").addEventListener("click", (event) =>
  step(event.currentTarget as HTMLButtonElement, byId("flag-problem"), async (state) => {
    await api("POST", casePath(state, "unflag"), {});
    return say("flag.undone");
  }),
);

/* ---------- start ---------- */

byId("needs-script").hidden = true;
showView("signIn");
