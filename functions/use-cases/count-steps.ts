/**
 * The monitor counts what the pipeline does, as it does it: the case and assignment stores are
 * wrapped so that each successful step (routed, first claim, contact, escalation, decline,
 * hand-over, closing, check-in) adds one to its cells, and a deletion or a spam mark takes the
 * case out of every count. The use cases stay as they are; each step is one call to the
 * counters, after its own write (a crash between the two loses that one count, never doubles
 * it; the router's step is retried by its queue until it is counted).
 *
 * Never counted: smoke-test cases, and cases marked spam or deleted. A withdrawal of consent
 * keeps the counts: they say nothing of the person (docs/privacy.md). When the coordinator takes
 * its spam mark off (or puts another flag in its place), the case is counted again, with all
 * that happened to it meanwhile, in a new round of its events (case-events.ts); marking it
 * again takes that round out. Each of these counts once, however often it is repeated.
 */

import type { Region } from "../../domain/region.ts";
import type { AssignmentStore, FlagStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore } from "../ports/case-store.ts";
import type { Counters } from "../ports/counters.ts";
import {
  type CaseEvent,
  checkInEvent,
  claimEvent,
  contactEvent,
  counted,
  declineEvent,
  escalationEvent,
  eventId,
  eventsHappened,
  eventsMaybeCounted,
  handoverEvent,
  intakeEvent,
  markedSpam,
  outcomeEvent,
} from "./case-events.ts";

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
    const events = eventsMaybeCounted(record, await assignments.ofCase(caseId), region());
    for (const event of events) await counters.retract(eventId(record, event.id), event.cells, now);
  };
  /**
   * The coordinator took its spam mark off (the case as it was before, `round` its round then):
   * a new round of the case's counts, once, however many callers lifted the same mark at once,
   * and everything that happened to the case counted in it.
   */
  const countAgain = async (caseId: string, round: number, now: number) => {
    if (!(await cases.nextCountRound(caseId, round, now))) return;
    const record = await caseIfCounted(caseId, now);
    // A case whose person withdrew consent meanwhile has lost what its counts were made of.
    if (!record || record.withdrawn) return;
    const events = eventsHappened(record, await assignments.ofCase(caseId), region());
    for (const event of events) await counters.add(eventId(record, event.id), event.cells, now);
  };
  const count = async (
    caseId: string,
    now: number,
    step: (record: CaseRecord) => CaseEvent | null,
  ) => {
    const record = await caseIfCounted(caseId, now);
    const event = record ? step(record) : null;
    if (record && event) await counters.add(eventId(record, event.id), event.cells, now);
  };

  const countedCases: CaseStore = {
    ...cases,
    async markRouted(caseId, now, expiresAt) {
      const routed = await cases.markRouted(caseId, now, expiresAt);
      // Also on a repeat: the count may be what a crash left undone.
      await count(caseId, now, (record) => intakeEvent(record, region()));
      return routed;
    },
    async recordClaim(caseId, now) {
      await cases.recordClaim(caseId, now);
      await count(caseId, now, (record) =>
        record.claimedAt ? claimEvent(record, record.claimedAt) : null,
      );
    },
    async recordEscalation(caseId, now) {
      const escalated = await cases.recordEscalation(caseId, now);
      if (escalated) await count(caseId, now, escalationEvent);
      return escalated;
    },
    async reroute(caseId, change, now) {
      await cases.reroute(caseId, change, now);
      const to = change.sealedFor?.organisation;
      if (to) await count(caseId, now, (record) => handoverEvent(record, to));
    },
    // `keep` (the person's key of a case with a PIN) passes through: dropping it would leave a
    // withdrawn case open to the receipt alone.
    async withdraw(caseId, withdrawn, expiresAt, keep) {
      if (withdrawn.kind === "delete") await takeOut(caseId, withdrawn.at);
      await cases.withdraw(caseId, withdrawn, expiresAt, keep);
    },
    async recordCheckIn(caseId, entry, expiresAt) {
      const recorded = await cases.recordCheckIn(caseId, entry, expiresAt);
      if (recorded) await count(caseId, entry.answeredAt, () => checkInEvent(entry));
      return recorded;
    },
  };

  const countedAssignments: AssignmentStore = {
    ...assignments,
    async move(caseId, organisation, from, to, fields, now) {
      const moved = await assignments.move(caseId, organisation, from, to, fields, now);
      if (!moved) return moved;
      await count(caseId, now, (record) => {
        if (to === "in_contact") return contactEvent(record, organisation, now);
        if (to === "declined") return declineEvent(record, organisation);
        return outcomeEvent(record, { organisation, outcome: fields.outcome })[0] ?? null;
      });
      return moved;
    },
  };

  const coordinator = () => region().coordinator;
  /** The case as it is before a change of the coordinator's flag, when it is marked spam. */
  const spamBefore = async (caseId: string, organisation: string, now: number) => {
    if (organisation !== coordinator()) return null;
    const record = await cases.get(caseId, now);
    return record && markedSpam(record, coordinator()) ? record : null;
  };
  const countedFlags: FlagStore = {
    ...stores.flags,
    async set(caseId, organisation, flag) {
      // The coordinator's spam mark for everyone takes the case out of the counts, first: a
      // crash after it leaves a case uncounted, never a spam counted.
      if (flag.kind === "spam" && flag.forEveryone && organisation === coordinator()) {
        await takeOut(caseId, flag.at);
        await stores.flags.set(caseId, organisation, flag);
        return;
      }
      // Another flag in its place (abuse, or spam for itself alone) lifts the mark.
      const before = await spamBefore(caseId, organisation, flag.at);
      await stores.flags.set(caseId, organisation, flag);
      if (before) await countAgain(caseId, before.countRound ?? 0, flag.at);
    },
    async remove(caseId, organisation, now) {
      const before = await spamBefore(caseId, organisation, now);
      const removed = await stores.flags.remove(caseId, organisation, now);
      // Only the call that took the mark off counts the case again, after it: a crash between
      // the two leaves the case uncounted, never a spam counted.
      if (removed && before) await countAgain(caseId, before.countRound ?? 0, now);
      return removed;
    },
  };
  return { cases: countedCases, assignments: countedAssignments, flags: countedFlags };
}
