/**
 * The monitor counts what the pipeline does, as it does it: the case and assignment stores are
 * wrapped so that each successful step (routed, first claim, contact, escalation, decline,
 * hand-over, closing, check-in) adds one to its cells, and a deletion or a spam mark takes the
 * case out of every count. The use cases stay as they are; each step is one call to the
 * counters, after its own write (a crash between the two loses that one count, never doubles
 * it; the router's step is retried by its queue until it is counted).
 *
 * Never counted: smoke-test cases, and cases marked spam or deleted. A withdrawal of consent
 * keeps the counts: they say nothing of the person (docs/privacy.md).
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
import type { AssignmentRecord, AssignmentStore, FlagStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore } from "../ports/case-store.ts";
import type { Counters } from "../ports/counters.ts";

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
const counted = (record: CaseRecord | null, coordinator: string): record is CaseRecord =>
  record !== null &&
  !record.test &&
  markForEveryone(record.flags ?? {}, coordinator)?.kind !== "spam" &&
  record.withdrawn?.kind !== "delete";

/** Every event the monitor may have counted for a case, with its cells. */
function eventsOf(
  record: CaseRecord,
  assignments: readonly AssignmentRecord[],
  region: Region,
): { id: string; cells: Cell[] }[] {
  const { caseId, createdAt } = record;
  const work = (id: string, cells: Cell[]) => ({ id: `${caseId}:${id}`, cells });
  const organisations = [
    ...new Set([
      ...region.organisations.map((o) => o.id),
      ...assignments.map((a) => a.organisation),
    ]),
  ];
  return [
    work("intake", intakeCells(countedCase(record, region))),
    ...(record.claimedAt
      ? [
          work(
            "claim",
            workCells(createdAt, { step: "first_claim", after: record.claimedAt - createdAt }),
          ),
        ]
      : []),
    ...(record.escalatedAt
      ? [work("escalation", workCells(createdAt, { step: "escalated" }))]
      : []),
    ...organisations.flatMap((organisation) => [
      work(`decline:${organisation}`, workCells(createdAt, { step: "declined" })),
      work(`handover:${organisation}`, workCells(createdAt, { step: "handed_over" })),
    ]),
    ...assignments.flatMap((assignment) => [
      // The bucket of a contact is not kept: every bucket is retracted (one was counted).
      ...DURATION_BUCKETS.map((bucket) =>
        work(`contact:${assignment.organisation}:${bucket}`, [
          { month: monthOf(createdAt), table: "first_contact", row: bucket },
        ]),
      ),
      ...(assignment.outcome
        ? [
            work(
              `outcome:${assignment.organisation}`,
              workCells(createdAt, { step: "outcome", outcome: assignment.outcome }),
            ),
          ]
        : []),
    ]),
    ...(record.checkIns ?? []).map((checkIn) =>
      work(`check_in:${checkIn.month}`, checkInCells(checkIn)),
    ),
  ];
}

export interface CountingStores {
  cases: CaseStore;
  assignments: AssignmentStore;
  flags: FlagStore;
}

/** The stores, wrapped so that the pipeline's steps update the counters. */
export function countingStores(
  stores: CountingStores,
  counters: Counters,
  region: () => Region,
): CountingStores {
  const { cases, assignments } = stores;
  const caseIfCounted = async (caseId: string, now: number) => {
    const record = await cases.get(caseId, now);
    return counted(record, region().coordinator) ? record : null;
  };
  const takeOut = async (caseId: string, now: number) => {
    const record = await caseIfCounted(caseId, now);
    if (!record) return;
    const events = eventsOf(record, await assignments.ofCase(caseId), region());
    for (const event of events) await counters.retract(event.id, event.cells, now);
  };
  const count = async (
    caseId: string,
    now: number,
    step: (record: CaseRecord) => { id: string; cells: Cell[] } | null,
  ) => {
    const record = await caseIfCounted(caseId, now);
    const event = record ? step(record) : null;
    if (event) await counters.add(`${caseId}:${event.id}`, event.cells, now);
  };

  const countedCases: CaseStore = {
    ...cases,
    async markRouted(caseId, now, expiresAt) {
      const routed = await cases.markRouted(caseId, now, expiresAt);
      // Also on a repeat: the count may be what a crash left undone.
      await count(caseId, now, (record) => ({
        id: "intake",
        cells: intakeCells(countedCase(record, region())),
      }));
      return routed;
    },
    async recordClaim(caseId, now) {
      await cases.recordClaim(caseId, now);
      await count(caseId, now, (record) =>
        record.claimedAt
          ? {
              id: "claim",
              cells: workCells(record.createdAt, {
                step: "first_claim",
                after: record.claimedAt - record.createdAt,
              }),
            }
          : null,
      );
    },
    async recordEscalation(caseId, now) {
      const escalated = await cases.recordEscalation(caseId, now);
      if (escalated)
        await count(caseId, now, (record) => ({
          id: "escalation",
          cells: workCells(record.createdAt, { step: "escalated" }),
        }));
      return escalated;
    },
    async reroute(caseId, change, now) {
      await cases.reroute(caseId, change, now);
      const to = change.sealedFor?.organisation;
      if (to)
        await count(caseId, now, (record) => ({
          id: `handover:${to}`,
          cells: workCells(record.createdAt, { step: "handed_over" }),
        }));
    },
    // `keep` (the person's key of a case with a PIN) passes through: dropping it would leave a
    // withdrawn case open to the receipt alone.
    async withdraw(caseId, withdrawn, expiresAt, keep) {
      if (withdrawn.kind === "delete") await takeOut(caseId, withdrawn.at);
      await cases.withdraw(caseId, withdrawn, expiresAt, keep);
    },
    async recordCheckIn(caseId, entry, expiresAt) {
      const recorded = await cases.recordCheckIn(caseId, entry, expiresAt);
      if (recorded)
        await count(caseId, entry.answeredAt, () => ({
          id: `check_in:${entry.month}`,
          cells: checkInCells(entry),
        }));
      return recorded;
    },
  };

  const countedAssignments: AssignmentStore = {
    ...assignments,
    async move(caseId, organisation, from, to, fields, now) {
      const moved = await assignments.move(caseId, organisation, from, to, fields, now);
      if (!moved) return moved;
      await count(caseId, now, (record) => {
        const { createdAt } = record;
        if (to === "in_contact") {
          const bucket = durationBucket(now - createdAt);
          return {
            id: `contact:${organisation}:${bucket}`,
            cells: workCells(createdAt, { step: "first_contact", after: now - createdAt }),
          };
        }
        if (to === "declined")
          return {
            id: `decline:${organisation}`,
            cells: workCells(createdAt, { step: "declined" }),
          };
        if (fields.outcome)
          return {
            id: `outcome:${organisation}`,
            cells: workCells(createdAt, { step: "outcome", outcome: fields.outcome }),
          };
        return null;
      });
      return moved;
    },
  };
  const countedFlags: FlagStore = {
    ...stores.flags,
    async set(caseId, organisation, flag) {
      // The coordinator's spam mark for everyone takes the case out of the counts, first: a
      // crash after it leaves a case uncounted, never a spam counted. (Taking the mark off
      // later does not count the case again: the retraction is final.)
      if (flag.kind === "spam" && flag.forEveryone && organisation === region().coordinator)
        await takeOut(caseId, flag.at);
      await stores.flags.set(caseId, organisation, flag);
    },
  };
  return { cases: countedCases, assignments: countedAssignments, flags: countedFlags };
}
