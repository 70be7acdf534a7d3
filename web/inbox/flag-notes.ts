/**
 * What the inbox says and offers about a case's spam and abuse flags (functions/domain/flags.ts),
 * as pure functions of the case view: the lines to show (texts by catalog key, for the page's
 * language), and which steps fit. The script (inbox.ts) only puts them on screen.
 */

/** One organisation's flag, as `GET …/cases/{caseId}` lists them. */
export interface FlagOnCase {
  organisation: string;
  name: string;
  flag: string;
  forEveryone: boolean;
  lead: boolean;
  at: number;
}

export interface FlaggedView {
  urgency: string;
  flags: FlagOnCase[];
  /** out of this organisation's inbox */
  hidden: boolean;
}

/** A line to say: a catalog key and its values (`flag` is a flag code, said as `flags.<code>`). */
export interface FlagNote {
  key:
    | "flag.ours"
    | "flag.oursEveryone"
    | "flag.proposed"
    | "flag.proposedByLead"
    | "flag.forEveryone"
    | "flag.keptEmergency";
  values: { organisation?: string; flag?: string };
}

export const FLAG_NOTE_KEYS: readonly FlagNote["key"][] = [
  "flag.ours",
  "flag.oursEveryone",
  "flag.proposed",
  "flag.proposedByLead",
  "flag.forEveryone",
  "flag.keptEmergency",
];

export function flagNotes(view: FlaggedView, me: string): FlagNote[] {
  const notes = view.flags.map((flag): FlagNote => {
    if (flag.organisation === me)
      return {
        key: flag.forEveryone ? "flag.oursEveryone" : "flag.ours",
        values: { flag: flag.flag },
      };
    if (flag.forEveryone) return { key: "flag.forEveryone", values: { flag: flag.flag } };
    return {
      key: flag.lead ? "flag.proposedByLead" : "flag.proposed",
      values: { organisation: flag.name, flag: flag.flag },
    };
  });
  // Flagged for us, yet still here: an emergency nobody claimed.
  const flaggedForUs = view.flags.some((flag) => flag.organisation === me || flag.forEveryone);
  if (flaggedForUs && !view.hidden) notes.push({ key: "flag.keptEmergency", values: {} });
  return notes;
}

/** The steps that fit: undo our own flag; mark for everyone (the coordinator, not yet marked). */
export function flagSteps(
  view: FlaggedView,
  me: string,
  coordinator: string,
): { undo: boolean; forEveryone: boolean } {
  const ours = view.flags.find((flag) => flag.organisation === me);
  return {
    undo: ours !== undefined,
    forEveryone: me === coordinator && !ours?.forEveryone,
  };
}

/* ---------- on the page (the flag form of web/inbox/render.ts) ---------- */

type Say = (key: string, values?: Record<string, string>) => string;

function part<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

/** Shows the case's flags in the page's words, and the steps that fit. */
export function showFlags(view: FlaggedView, me: string, coordinator: string, say: Say): void {
  part("flag-notes").replaceChildren(
    ...flagNotes(view, me).map((note) => {
      const item = document.createElement("li");
      const flag = note.values.flag ? say(`flags.${note.values.flag}`) : "";
      item.textContent = say(note.key, { ...note.values, flag });
      return item;
    }),
  );
  const steps = flagSteps(view, me, coordinator);
  part("unflag").hidden = !steps.undo;
  part("flag-everyone-question").hidden = !steps.forEveryone;
  part<HTMLInputElement>("flag-everyone").checked = false;
  part<HTMLSelectElement>("flag-kind").value = "";
}

/** What the flag form asks for, or null when no flag was chosen. */
export function flagRequest(): { flag: string; forEveryone?: true } | null {
  const flag = part<HTMLSelectElement>("flag-kind").value;
  if (!flag) return null;
  const everyone =
    !part("flag-everyone-question").hidden && part<HTMLInputElement>("flag-everyone").checked;
  return { flag, ...(everyone ? { forEveryone: true as const } : {}) };
}
