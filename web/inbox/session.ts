/**
 * The session, in this script's memory alone: the token, the identity's keys, who signed in,
 * the region's organisations, and the case on screen. Locking (the button, leaving the page, or
 * the region's idle minutes) forgets all of it and clears the screen. Also what an error says,
 * since a token no longer valid locks the inbox.
 */
import type { DirectoryEntry, StaffMember } from "../../domain/case-views.ts";
import { type AnyView, ApiProblem, call } from "./api-client.ts";
import { problemKey } from "./api-problems.ts";
import { type Key, KeyProblem } from "./identity-keys.ts";
import { announce, byId, clearProblems, focusOn, showProblem } from "./page-elements.ts";
import { data, say } from "./page-texts.ts";

export interface Session {
  token: string;
  keys: Key[];
  me: StaffMember;
  directory: DirectoryEntry[];
}

/** A case on screen, with what was opened of it (undefined: not sealed for us; null: unreadable). */
export interface Opened {
  view: AnyView;
  narrative: string | null | undefined;
  contact: string | null | undefined;
  /** the replies' texts, by reply id (null: unreadable) */
  replies: Map<string, string | null>;
  /** the team's own texts (notes, own copies of messages), by id (null: unreadable) */
  own: Map<string, string | null>;
}

/** The choices of colleagues' names: emptied when the inbox locks, read again after. */
export const TEAM_CHOICES = ["assign-to", "leaver-from", "leaver-to"];

/** A case just read, nothing of it opened yet. */
export const openedOf = (view: AnyView): Opened => ({
  view,
  narrative: undefined,
  contact: undefined,
  replies: new Map(),
  own: new Map(),
});

/** The parts of the page that show a case: emptied when it is left. */
export const CASE_PARTS = [
  "case-details",
  "narrative",
  "contact",
  "messages",
  "replies",
  "notes",
  "timeline",
  "case-title",
];

export let session: Session | null = null;
export let opened: Opened | null = null;

/** Signs in (null: not, after all), and starts the idle clock. */
export function setSession(value: Session | null): void {
  session = value;
  if (value) stayAwake();
}

export function setOpened(value: Opened | null): void {
  opened = value;
}

/** A problem the page finds itself, before any call: its text is already in the page's language. */
export class FormProblem extends Error {
  override name = "FormProblem";
}

/** An answer that came after the inbox locked: dropped, so nothing of it reaches the screen. */
class LockedMeanwhileError extends Error {
  override name = "LockedMeanwhileError";
}

/** Asks with this session's token; an answer to a session since locked is dropped. */
export async function inSession<T>(ask: (token: string) => Promise<T>): Promise<T> {
  const started = session;
  if (!started) throw new ApiProblem({ status: 401, code: "unauthorized", message: "" });
  const answer = await ask(started.token);
  if (session !== started) throw new LockedMeanwhileError();
  return answer;
}

/** Calls the API in this session. */
export const api = <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> =>
  inSession((token) => call<T>(token, method, path, body));

export const views = {
  signIn: byId("sign-in"),
  list: byId("list-view"),
  case: byId("case-view"),
};

export function showView(which: keyof typeof views): void {
  for (const [name, view] of Object.entries(views)) view.hidden = name !== which;
}

export const who = byId("who");
export const lockButton = byId<HTMLButtonElement>("lock");
export const tokenInput = byId<HTMLInputElement>("token");
export const identityInput = byId<HTMLInputElement>("identity");

let idleTimer = 0;

/** Forgets the token, the identity and everything opened, and shows the sign-in again. */
function lock(reason: string): void {
  session = null;
  opened = null;
  window.clearTimeout(idleTimer);
  tokenInput.value = "";
  identityInput.value = "";
  for (const id of ["cases", "who", ...CASE_PARTS, ...TEAM_CHOICES]) byId(id).replaceChildren();
  for (const id of ["message-text", "note-text"]) byId<HTMLTextAreaElement>(id).value = "";
  clearProblems();
  who.hidden = true;
  lockButton.hidden = true;
  byId("key-notice").hidden = true;
  showView("signIn");
  announce(reason);
  focusOn(byId("sign-in-title"));
}

function stayAwake(): void {
  if (!session) return;
  window.clearTimeout(idleTimer);
  idleTimer = window.setTimeout(
    () => lock(say("lock.idle", { minutes: data.idleMinutes })),
    data.idleMinutes * 60_000,
  );
}

/** The ways the inbox locks itself: the button, leaving the page, and idle minutes. */
export function wireLocking(): void {
  lockButton.addEventListener("click", () => lock(say("lock.done")));
  // Leaving the page (or the language switch) forgets everything, and clears what was on screen
  // in case the browser keeps the page in its back-forward cache.
  addEventListener("pagehide", () => lock(say("lock.done")));
  for (const kind of ["keydown", "pointerdown", "submit"])
    document.addEventListener(kind, stayAwake, true);
}

/** What an error says, in the page's language; a token no longer valid locks the inbox. */
export function report(error: unknown, slot: HTMLElement): void {
  if (error instanceof LockedMeanwhileError) return;
  if (error instanceof ApiProblem) {
    const key = problemKey(error.problem);
    if (key === "error.unauthorized" && session) lock(say(key));
    else showProblem(slot, say(key));
  } else if (error instanceof KeyProblem) showProblem(slot, say(error.key));
  else if (error instanceof FormProblem) showProblem(slot, error.message);
  else showProblem(slot, say("error.server"));
}
