/**
 * The events the monitor counts for one case, with their cells and their ids: what the counting
 * stores (count-steps.ts) add as the steps happen, take back out when a case leaves the counts,
 * and add again when the coordinator takes a spam mark off.
 *
 * An event's id is `<caseId>:<step>` while the case was never taken out and counted again, and
 * `<caseId>#<round>:<step>` after the coordinator lifted a spam mark `round` times: the
 * counters keep every id once for good (counted, or taken out), so a case counted again needs
 * ids of its own, and a duplicate of any of its steps still counts once.
 */

import { markForEveryone } from "../../domain/flags.ts";
import {
  type Cell,
  type CountedCase,
  checkInCells,
  DURATION_BUCKETS,
  durationBucket,
  intakeCells,
  monthOf,
  workCells,
} from "../../domain/monitor.ts";
import type { Region } from "../../domain/region.ts";
import { route } from "../../domain/route.ts";
import type { AssignmentRecord } from "../ports/assignment-store.ts";
import type { CaseRecord } from "../ports/case-store.ts";

/** An event of a case: its id (without the case's part) and the cells it adds one to. */
export interface CaseEvent {
  id: string;
  cells: Cell[];
}

/** What the monitor reads of a case; its gaps are those of its first routing (the region's). */
export function countedCase(record: CaseRecord, region: Region): CountedCase {
  const { triage } = record.decision;
  return {
    createdAt: record.createdAt,
    source: record.source,
    test: record.test,
    municipality: record.clear.municipality,
    exploitation: record.routingInput.exploitation,
    sector: record.sector,
    urgency: triage.urgency,
    needs: triage.needs,
    multiProblem: triage.multiProblem,
    reasons: triage.reasons,
    gaps: route(record.routingInput, triage, region).gaps,
  };
}

/** Counted: not a smoke test, not marked spam for everyone by the coordinator, not deleted. */
export const counted = (record: CaseRecord | null, coordinator: string): record is CaseRecord =>
  record !== null &&
  !record.test &&
  !markedSpam(record, coordinator) &&
  record.withdrawn?.kind !== "delete";

/** The coordinator's spam mark for everyone is on the case. */
export const markedSpam = (record: CaseRecord, coordinator: string): boolean =>
  markForEveryone(record.flags ?? {}, coordinator)?.kind === "spam";

/** The full id of an event of the case, in the case's current round of counts. */
export const eventId = (record: CaseRecord, step: string): string =>
  record.countRound ? `${record.caseId}#${record.countRound}:${step}` : `${record.caseId}:${step}`;

export const intakeEvent = (record: CaseRecord, region: Region): CaseEvent => ({
  id: "intake",
  cells: intakeCells(countedCase(record, region)),
});

export const claimEvent = (record: CaseRecord, claimedAt: number): CaseEvent => ({
  id: "claim",
  cells: workCells(record.createdAt, { step: "first_claim", after: claimedAt - record.createdAt }),
});

export const escalationEvent = (record: CaseRecord): CaseEvent => ({
  id: "escalation",
  cells: workCells(record.createdAt, { step: "escalated" }),
});

export const declineEvent = (record: CaseRecord, organisation: string): CaseEvent => ({
  id: `decline:${organisation}`,
  cells: workCells(record.createdAt, { step: "declined" }),
});

export const handoverEvent = (record: CaseRecord, organisation: string): CaseEvent => ({
  id: `handover:${organisation}`,
  cells: workCells(record.createdAt, { step: "handed_over" }),
});

export const contactEvent = (
  record: CaseRecord,
  organisation: string,
  contactedAt: number,
): CaseEvent => {
  const after = contactedAt - record.createdAt;
  return {
    id: `contact:${organisation}:${durationBucket(after)}`,
    cells: workCells(record.createdAt, { step: "first_contact", after }),
  };
};

export const outcomeEvent = (
  record: CaseRecord,
  assignment: Pick<AssignmentRecord, "organisation" | "outcome">,
): CaseEvent[] =>
  assignment.outcome
    ? [
        {
          id: `outcome:${assignment.organisation}`,
          cells: workCells(record.createdAt, { step: "outcome", outcome: assignment.outcome }),
        },
      ]
    : [];

export const checkInEvent = (checkIn: NonNullable<CaseRecord["checkIns"]>[number]): CaseEvent => ({
  id: `check_in:${checkIn.month}`,
  cells: checkInCells(checkIn),
});

/**
 * Every event the monitor may have counted for a case in its current round, with its cells: what
 * a deletion or a spam mark takes out (an event never counted is barred from being counted).
 */
export function eventsMaybeCounted(
  record: CaseRecord,
  assignments: readonly AssignmentRecord[],
  region: Region,
): CaseEvent[] {
  const organisations = [
    ...new Set([
      ...region.organisations.map((o) => o.id),
      ...assignments.map((a) => a.organisation),
    ]),
  ];
  return [
    intakeEvent(record, region),
    ...(record.claimedAt ? [claimEvent(record, record.claimedAt)] : []),
    ...(record.escalatedAt ? [escalationEvent(record)] : []),
    ...organisations.flatMap((organisation) => [
      declineEvent(record, organisation),
      handoverEvent(record, organisation),
    ]),
    ...assignments.flatMap((assignment) => [
      // The bucket of a contact counted before `contactedAt` was kept is not known: every
      // bucket is retracted (one was counted).
      ...DURATION_BUCKETS.map((bucket) => ({
        id: `contact:${assignment.organisation}:${bucket}`,
        cells: [{ month: monthOf(record.createdAt), table: "first_contact" as const, row: bucket }],
      })),
      ...outcomeEvent(record, assignment),
    ]),
    ...(record.checkIns ?? []).map(checkInEvent),
  ];
}

/**
 * The events that happened to a case, read back from what it keeps: what counting it again
 * adds. A hand-over is an organisation holding sealed parts that its first routing did not
 * choose (a decline's or an escalation's new organisations read the case in clear only).
 */
export function eventsHappened(
  record: CaseRecord,
  assignments: readonly AssignmentRecord[],
  region: Region,
): CaseEvent[] {
  const firstRouted = route(record.routingInput, record.decision.triage, region).organisations;
  const handedOver = Object.keys(record.sealed ?? {}).filter((o) => !firstRouted.includes(o));
  const declined = new Set([
    ...(record.declined ?? []),
    ...assignments.filter((a) => a.state === "declined").map((a) => a.organisation),
  ]);
  return [
    intakeEvent(record, region),
    ...(record.claimedAt ? [claimEvent(record, record.claimedAt)] : []),
    ...(record.escalatedAt ? [escalationEvent(record)] : []),
    ...[...declined].map((organisation) => declineEvent(record, organisation)),
    ...handedOver.map((organisation) => handoverEvent(record, organisation)),
    ...assignments.flatMap((assignment) => [
      ...(assignment.contactedAt !== undefined
        ? [contactEvent(record, assignment.organisation, assignment.contactedAt)]
        : []),
      ...outcomeEvent(record, assignment),
    ]),
    ...(record.checkIns ?? []).map(checkInEvent),
  ];
}
