/**
 * What the inbox says and offers about a case's spam and abuse flags (domain/flags.ts),
 * as pure functions of the case view: the lines to show (texts by catalog key, for the page's
 * language), and which steps fit. flag-panel.ts puts them on screen.
 */
import type { FlagOnCase } from "../../domain/case-views.ts";

/** What of a case view (`GET …/cases/{caseId}`) its flags' lines and steps depend on. */
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
