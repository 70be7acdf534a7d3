/**
 * What the team shares on a case, opened here with the staff member's keys: the organisation's
 * own copies of its messages to the person (so colleagues read what was promised), its internal
 * notes, and the case's timeline from the audit trail (who did what, when; never content).
 */
import type { CaseView, TimelineEntry } from "../../domain/case-views.ts";
import { isWithdrawn } from "./api-client.ts";
import { open } from "./identity-keys.ts";
import { byId, el } from "./page-elements.ts";
import { data, say, when } from "./page-texts.ts";
import { api, type Opened, type Session, session } from "./session.ts";

/** Opens the own copies and the notes not opened before (`previous`: the same case, read earlier). */
export async function openTeamParts(state: Opened, previous: Opened | null): Promise<void> {
  const { view } = state;
  if (isWithdrawn(view)) return;
  const keys = session?.keys ?? [];
  const sealed: [string, string][] = [
    ...view.messages.flatMap((message) => (message.own ? [[message.id, message.own]] : [])),
    ...view.notes.map((note) => [note.id, note.sealed]),
  ] as [string, string][];
  for (const [id, armored] of sealed) {
    const known = previous?.own.get(id);
    state.own.set(id, known !== undefined ? known : await open(keys, armored));
  }
}

/** A text the team wrote: opened, unreadable with these keys, or sealed to the person only. */
function ownText(state: Opened, id: string, sealed: boolean): HTMLElement {
  const text = state.own.get(id);
  if (!sealed) return el("p", { className: "hint", text: say("message.personOnly") });
  if (typeof text === "string")
    return el("p", { className: "opened-text", text, attrs: { dir: "auto", translate: "no" } });
  return el("p", {
    className: "warning",
    text: say(text === null ? "case.unreadable" : "case.decrypting"),
  });
}

function entries(items: HTMLElement[], none: string): HTMLElement[] {
  return items.length === 0 ? [el("li", { text: none })] : items;
}

export function renderTeamParts(state: Opened): void {
  if (isWithdrawn(state.view)) return;
  const view: CaseView = state.view;
  byId("messages").replaceChildren(
    ...entries(
      view.messages.map((message) =>
        el(
          "li",
          { className: "reply" },
          el("p", {
            className: "reply-at",
            text: say("case.messageAt", { date: when(message.at) }),
          }),
          ownText(state, message.id, message.own !== undefined),
        ),
      ),
      say("case.noMessages"),
    ),
  );
  byId("notes").replaceChildren(
    ...entries(
      view.notes.map((note) =>
        el(
          "li",
          { className: "reply" },
          el("p", {
            className: "reply-at",
            text: say("notes.by", { name: note.by, date: when(note.at) }),
          }),
          ownText(state, note.id, true),
        ),
      ),
      say("notes.none"),
    ),
  );
}

/** Who acted, in words: a staff member by name, another organisation by its name. */
function actorName(actor: string): string {
  if (actor.startsWith("org:")) {
    const id = actor.slice(4);
    return session?.directory.find((organisation) => organisation.id === id)?.name ?? id;
  }
  if (actor === "person") return say("timeline.person");
  if (actor === "system") return say("timeline.system");
  return actor;
}

/** What was done, in words, with the codes of its detail that say more (a state, a name). */
function actionWords(entry: TimelineEntry): string {
  const words = say(`timeline.${entry.action}`);
  const { state, to, flag, reason } = entry.detail ?? {};
  const more = [
    state ? say(`states.${state}`) : "",
    to ? (session?.directory.find((organisation) => organisation.id === to)?.name ?? to) : "",
    flag ? say(`flags.${flag}`) : "",
    reason ? say(`declineReasons.${reason}`) : "",
  ].filter(Boolean);
  return more.length > 0 ? `${words}: ${more.join(", ")}` : words;
}

/** The case's timeline, read when the case is opened or a step was taken on it. */
export async function loadTimeline(caseId: string): Promise<void> {
  const list = byId("timeline");
  try {
    const { entries: steps } = await api<{ entries: TimelineEntry[] }>(
      "GET",
      `org/cases/${encodeURIComponent(caseId)}/timeline`,
    );
    list.replaceChildren(
      ...entries(
        steps.map((entry) =>
          el(
            "li",
            {},
            el("time", {
              text: when(entry.at),
              attrs: { datetime: new Date(entry.at).toISOString() },
            }),
            " ",
            el("strong", { text: actorName(entry.actor) }),
            ` ${actionWords(entry)}`,
          ),
        ),
        say("timeline.none"),
      ),
    );
  } catch {
    list.replaceChildren(el("li", { className: "warning", text: say("timeline.failed") }));
  }
}

const teams = new WeakMap<Session, Promise<string[]>>();

/** The organisation's staff who can be given a case; read once per session. */
export function team(): Promise<string[]> {
  if (!session) return Promise.resolve([]);
  let names = teams.get(session);
  if (!names) {
    names = api<{ staff: string[] }>("GET", "org/staff").then((answer) => answer.staff);
    teams.set(session, names);
  }
  return names;
}

export function option(value: string, text: string): HTMLOptionElement {
  const element = el("option", { text });
  element.value = value;
  return element;
}

/** The colleagues a case can go to (not who holds it now), in the case's steps. */
export async function renderAssign(state: Opened): Promise<void> {
  const form = byId("assign-form");
  const { view } = state;
  const held =
    !isWithdrawn(view) &&
    (data.workingStates.includes(view.assignment.state) ||
      view.assignment.state === "pending" ||
      view.assignment.state === "sent");
  form.hidden = !held;
  if (!held) return;
  const holder = isWithdrawn(view) ? undefined : view.assignment.claimedBy;
  const names = (await team().catch(() => [])).filter((name) => name !== holder);
  byId<HTMLSelectElement>("assign-to").replaceChildren(
    option("", names.length === 0 ? say("assign.noColleagues") : say("page.choose")),
    ...names.map((name) => option(name, name)),
  );
}
