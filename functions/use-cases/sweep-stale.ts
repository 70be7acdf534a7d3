/**
 * The sweeper: a store that accepted a report but failed to enqueue it, or a router that
 * stopped between an assignment and its envelope, must not lose a case. Every run re-enqueues
 * the cases still `received`, and the cases of assignments still `pending`, that have waited
 * longer than `STALE_AFTER_MS`; the router finishes what is left, and repeats nothing twice.
 */
import type { AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseStore } from "../ports/case-store.ts";
import type { RoutingQueue } from "../ports/queues.ts";

export const STALE_AFTER_MS = 2 * 60 * 1000;
const BATCH = 100;

export interface SweepDeps {
  cases: CaseStore;
  assignments: AssignmentStore;
  routing: RoutingQueue;
}

export async function sweepStale(deps: SweepDeps, now: number): Promise<{ requeued: number }> {
  const before = now - STALE_AFTER_MS;
  const [cases, assignments] = await Promise.all([
    deps.cases.waiting(before, BATCH),
    deps.assignments.waiting(before, BATCH),
  ]);
  const caseIds = new Set([...cases, ...assignments.map((assignment) => assignment.caseId)]);
  for (const caseId of caseIds) await deps.routing.enqueue(caseId);
  return { requeued: caseIds.size };
}
