/**
 * Spam and abuse flags, as pure rules: who may flag a case for whom, and whom a flag takes it
 * away from. A care coordinator must be able to trust that nobody's flag makes a case vanish
 * from the people who must see it:
 *
 * - an organisation's flag takes the case out of its own inbox only, and is a proposal to the
 *   others on the case, who see it;
 * - only the coordinator marks a case for everyone (on its own, or confirming the lead's
 *   proposal): then it leaves every inbox on the case;
 * - an emergency nobody has claimed yet stays in every inbox, flagged or not;
 * - a flag never changes who reads the person's replies: every organisation still working the
 *   case does.
 */

import type { FlagOnCase } from "./case-views.ts";
import type { AssignmentState, FLAGS } from "./case-work.ts";
import type { Region } from "./region.ts";
import type { Urgency } from "./vocabulary.ts";

export type FlagKind = (typeof FLAGS)[number];

/** One organisation's flag on a case. */
export interface CaseFlag {
  kind: FlagKind;
  /** the coordinator's mark for every organisation on the case */
  forEveryone: boolean;
  /** epoch ms */
  at: number;
}

/** organisation id → its flag */
export type CaseFlags = Readonly<Record<string, CaseFlag>>;

/** Anyone on the case may flag it for themselves; only the coordinator for everyone. */
export function mayFlag(organisation: string, forEveryone: boolean, coordinator: string): boolean {
  return !forEveryone || organisation === coordinator;
}

/** The coordinator's mark for everyone, or null. */
export function markForEveryone(flags: CaseFlags, coordinator: string): CaseFlag | null {
  const mark = flags[coordinator];
  return mark?.forEveryone ? mark : null;
}

/**
 * Whether the flags take the case away from this organisation: its own flag, or the
 * coordinator's mark for everyone. Nobody else's flag does. (Stored on its assignment, so an
 * inbox is listed without reading every case; `hiddenFromInbox` adds what a claim changes.)
 */
export function flaggedAway(organisation: string, flags: CaseFlags, coordinator: string): boolean {
  return flags[organisation] !== undefined || markForEveryone(flags, coordinator) !== null;
}

/** An emergency nobody claimed yet is in every inbox, whatever was flagged. */
export function neverHidden(urgency: Urgency, claimed: boolean): boolean {
  return urgency === "emergency" && !claimed;
}

/** Whether the case is out of the organisation's inbox now. */
export function hiddenFromInbox(work: {
  flaggedAway: boolean;
  urgency: Urgency;
  /** any organisation claimed the case */
  claimed: boolean;
}): boolean {
  return work.flaggedAway && !neverHidden(work.urgency, work.claimed);
}

/** States in which an organisation no longer works the case: it reads no more replies. */
const DONE_WITH: readonly AssignmentState[] = ["declined", "withdrawn"];

/**
 * Who reads the person's reply: every organisation routing chose (also one whose envelope is
 * still on its way), closed ones too (the person may write back after a case closed), but none
 * that declined or left it; whether it flagged the case does not matter.
 */
export function replyReaders(
  routed: readonly string[],
  assignments: readonly { organisation: string; state: AssignmentState }[],
  declined: readonly string[] = [],
): string[] {
  const left = new Set(
    assignments
      .filter((assignment) => DONE_WITH.includes(assignment.state))
      .map((assignment) => assignment.organisation),
  );
  return routed.filter(
    (organisation) => !left.has(organisation) && !declined.includes(organisation),
  );
}

/** What a case view shows of its flags: each organisation's, by name, the coordinator's first. */
export function flagsOnCase(
  flags: CaseFlags,
  region: Pick<Region, "organisations" | "coordinator">,
  lead: string | null,
): FlagOnCase[] {
  return Object.entries(flags)
    .map(([organisation, flag]) => ({
      organisation,
      name: region.organisations.find((o) => o.id === organisation)?.name ?? organisation,
      flag: flag.kind,
      forEveryone: flag.forEveryone,
      lead: organisation === lead,
      at: flag.at,
    }))
    .sort(
      (a, b) =>
        Number(b.organisation === region.coordinator) -
          Number(a.organisation === region.coordinator) || a.at - b.at,
    );
}

/** A case's flags as one organisation sees them: everyone's, and whether it is out of its inbox. */
export function flagsFor(
  found: {
    flags?: CaseFlags | undefined;
    claimedAt?: number | undefined;
    decision: { triage: { urgency: Urgency }; routing: { lead: string | null } };
  },
  organisation: string,
  region: Pick<Region, "organisations" | "coordinator">,
): { flags: FlagOnCase[]; hidden: boolean } {
  const flags = found.flags ?? {};
  return {
    flags: flagsOnCase(flags, region, found.decision.routing.lead),
    hidden: hiddenFromInbox({
      flaggedAway: flaggedAway(organisation, flags, region.coordinator),
      urgency: found.decision.triage.urgency,
      claimed: found.claimedAt !== undefined,
    }),
  };
}
