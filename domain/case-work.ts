/**
 * What organisations do with a case they received, as pure rules: the states of an
 * organisation's assignment and the moves between them, the outcome of a closed case, the
 * order of an inbox (emergency first, then oldest) and when an unclaimed case is overdue.
 */
import * as z from "zod/mini";
import { onFirstUse } from "./on-first-use.ts";
import type { Region } from "./region.ts";
import type { Urgency } from "./vocabulary.ts";

/**
 * `pending` and `sent` belong to the router (the envelope is on its way, or delivered); the
 * rest to the organisation. `declined` and the `closed_*` states end its part in the case.
 */
export const ASSIGNMENT_STATES = [
  "pending",
  "sent",
  "claimed",
  "in_contact",
  "supported",
  "referred",
  "closed_helped",
  "closed_unreachable",
  "closed_declined",
  "declined",
  "withdrawn",
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/** The states an organisation sets with `POST …/state` (contract, section 7). */
export const WORK_STATES = [
  "in_contact",
  "supported",
  "referred",
  "closed_helped",
  "closed_unreachable",
  "closed_declined",
] as const;
export type WorkState = (typeof WORK_STATES)[number];

/** The states in which an organisation has got in touch with the person (the timeline's step). */
export const CONTACT_STATES: readonly AssignmentState[] = [
  "in_contact",
  "supported",
  "referred",
  "closed_helped",
];

export const CLOSED_STATES: readonly AssignmentState[] = [
  "closed_helped",
  "closed_unreachable",
  "closed_declined",
  "declined",
  "withdrawn",
];

/** A staff member's name as credentials and the audit trail carry it: letters, digits, spaces, `.`, `_`, `-`. */
export const STAFF_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,59}$/u;

/** The states in which a staff member holds the case (`claimedBy`): it can go to a colleague. */
export const HELD_STATES: readonly AssignmentState[] = [
  "claimed",
  "in_contact",
  "supported",
  "referred",
];

/** What came of the work, coded, for statistics without content. */
export const OUTCOMES = [
  "safe_place_found",
  "housing_found",
  "income_secured",
  "legal_help_started",
  "residence_procedure_started",
  "medical_care_given",
  "returned_home",
  "referred_to_other_help",
  "person_unreachable",
  "person_declined_help",
  "no_help_needed",
  "other",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DECLINE_REASONS = [
  "no_capacity",
  "outside_our_area",
  "outside_our_mandate",
  "language",
  "conflict_of_interest",
  "other",
] as const;

export const FLAGS = ["spam", "abuse"] as const;

/** Moves an organisation may make: from each state, the states it may go to. */
const MOVES: Readonly<Record<AssignmentState, readonly AssignmentState[]>> = {
  // An organisation may see and claim a case before the router marked its envelope sent.
  pending: ["claimed", "declined"],
  sent: ["claimed", "declined"],
  claimed: ["declined", ...WORK_STATES],
  in_contact: WORK_STATES.filter((state) => state !== "in_contact"),
  supported: ["referred", "closed_helped", "closed_unreachable", "closed_declined"],
  referred: ["closed_helped", "closed_unreachable", "closed_declined"],
  closed_helped: [],
  closed_unreachable: [],
  closed_declined: [],
  declined: [],
  // The person withdrew: nothing more is done with the case.
  withdrawn: [],
};

export function canMove(from: AssignmentState, to: AssignmentState): boolean {
  return MOVES[from].includes(to);
}

/** A closing state needs an outcome; any other state takes none. */
export function outcomeFits(state: WorkState, outcome: Outcome | undefined): boolean {
  return CLOSED_STATES.includes(state) === (outcome !== undefined);
}

// The organisations' API's bodies, built when a request first needs one (domain/on-first-use.ts).
export const WorkStateChangeSchema = /* @__PURE__ */ onFirstUse(() =>
  z.strictObject({ state: z.enum(WORK_STATES), outcome: z.optional(z.enum(OUTCOMES)) }),
);

export const DeclineSchema = /* @__PURE__ */ onFirstUse(() =>
  z.strictObject({ reason: z.enum(DECLINE_REASONS) }),
);

/** `POST …/flag`: for the caller's organisation, or (the coordinator only) for everyone. */
export const FlagSchema = /* @__PURE__ */ onFirstUse(() =>
  z.strictObject({ flag: z.enum(FLAGS), forEveryone: z.optional(z.boolean()) }),
);

const URGENCY_RANK: Readonly<Record<Urgency, number>> = {
  emergency: 0,
  high: 1,
  standard: 2,
  information: 3,
};

/** Emergency first, then high, standard, information; within each, the oldest first. */
export function inboxOrder<T extends { urgency: Urgency; receivedAt: number }>(a: T, b: T): number {
  return URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.receivedAt - b.receivedAt;
}

/**
 * How long an unclaimed case may wait before it is overdue and escalated to the coordinator
 * (the region's `escalation`), or null when its urgency has no limit.
 */
export function claimWithinMs(urgency: Urgency, region: Region): number | null {
  if (urgency === "emergency") return region.escalation.emergencyUnclaimedMinutes * 60_000;
  if (urgency === "high") return region.escalation.highUnclaimedHours * 3_600_000;
  return null;
}

/** An unclaimed case is overdue once its claim limit has passed and nobody claimed it. */
export function isOverdue(
  work: { urgency: Urgency; receivedAt: number; claimed: boolean },
  region: Region,
  now: number,
): boolean {
  const limit = claimWithinMs(work.urgency, region);
  return !work.claimed && limit !== null && now - work.receivedAt > limit;
}
