/**
 * The router's work for one case taken from the routing queue: for each organisation that
 * routing chose, record an assignment (conditional write, `pending`: the inbox shows it), send
 * one envelope to that organisation's own delivery queue (the adapter skips an organisation
 * that chose the inbox alone: it has none), mark the assignment `sent`; then mark the case
 * `routed`.
 *
 * Every step can be repeated: SQS delivers at least once, and a crash between two steps leaves
 * the message to come back (or the sweeper to send it again). A repeat finds the assignment
 * already there and never makes a second one; an envelope may be sent twice, with the same
 * envelope id, so the organisation's consumer drops the repeat.
 */

import { claimWithinMs } from "../../domain/case-work.ts";
import { flaggedAway } from "../../domain/flags.ts";
import type { Region } from "../../domain/region.ts";
import type { Alerts, Metrics } from "../ports/alerts.ts";
import type { AssignmentRecord, AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore, ReceiptLinks } from "../ports/case-store.ts";
import type { RoutingAttempts } from "../ports/ledgers.ts";
import type { DeliveryQueues, Envelope } from "../ports/queues.ts";
import { alertReachOf } from "./alert-reach.ts";

export interface RouteDeps {
  region: Region;
  cases: CaseStore;
  links: ReceiptLinks;
  assignments: AssignmentStore;
  delivery: DeliveryQueues;
  /** told that a case waits for them (without what it is) */
  alerts: Alerts;
  attempts: RoutingAttempts;
  /** `ParkedCases`, which the ops team's alarm watches */
  metrics: Metrics;
}

export type RouteOutcome = "routed" | "already-routed" | "gone" | "parked";

/**
 * Attempts at routing one case before it is parked: a case that fails this often (an
 * organisation gone from the region, a sealed part nobody can send) would otherwise come back
 * from the sweeper every minute for ever. Crashes and throttling rarely fail five in a row.
 */
export const MAX_ROUTING_ATTEMPTS = 5;

const DAY_SECONDS = 86_400;

export const envelopeIdOf = (caseId: string, organisation: string) => `${caseId}:${organisation}`;

/** A pointer to the case: the organisation reads the case itself through its API. */
export function envelopeFor(record: CaseRecord, organisation: string): Envelope {
  return {
    kind: "case",
    envelopeId: envelopeIdOf(record.caseId, organisation),
    version: 2,
    caseId: record.caseId,
    organisation,
    receivedAt: record.createdAt,
    urgency: record.decision.triage.urgency,
    test: record.test,
  };
}

/** Resolves the previous receipt silently: the answer never depended on it, nothing waits on it. */
async function resolveLink(deps: RouteDeps, record: CaseRecord, now: number): Promise<void> {
  if (!record.previousDigests) return;
  let earlier: string | null = null;
  for (const digest of record.previousDigests) {
    earlier = await deps.links.find(digest, now);
    if (earlier) break;
  }
  await deps.cases.resolveLink(record.caseId, earlier === record.caseId ? null : earlier, now);
}

/** The assignment of one organisation to a routed case, pending until its envelope is sent. */
function assignmentOf(
  deps: RouteDeps,
  record: CaseRecord,
  organisation: string,
  now: number,
  expiresAt: number,
): AssignmentRecord {
  const { caseId } = record;
  return {
    caseId,
    organisation,
    state: "pending",
    envelopeId: envelopeIdOf(caseId, organisation),
    urgency: record.decision.triage.urgency,
    receivedAt: record.createdAt,
    createdAt: now,
    updatedAt: now,
    expiresAt,
    ...(record.escalatedAt && organisation === deps.region.coordinator
      ? { escalatedAt: record.escalatedAt }
      : {}),
    // Joining a case the coordinator marked for everyone: out of this inbox too.
    ...(flaggedAway(organisation, record.flags ?? {}, deps.region.coordinator)
      ? { hidden: true }
      : {}),
  };
}

/** One organisation's steps, in order: its assignment, its envelope, sent, its alert. */
async function deliverTo(
  deps: RouteDeps,
  record: CaseRecord,
  organisation: string,
  now: number,
  expiresAt: number,
): Promise<void> {
  const { caseId } = record;
  const created = await deps.assignments.create(
    assignmentOf(deps, record, organisation, now, expiresAt),
  );
  if (!created) {
    const existing = await deps.assignments.get(caseId, organisation);
    if (existing?.state !== "pending") return; // sent by an earlier delivery
  }
  await deps.delivery.deliver(envelopeFor(record, organisation));
  await deps.assignments.markSent(caseId, organisation, now);
  // Once per assignment: a repeat of this step finds it sent and returns above; a repeat
  // after a failed send (still `pending`) alerts now, or the organisation would never be told.
  // A smoke test's case alerts nobody: staff are not woken for a test; an unproven case
  // alerts by email only (alert-reach.ts).
  if (!record.test)
    await deps.alerts.notify(
      organisation,
      record.decision.triage.urgency === "emergency" ? "emergency_case" : "new_case",
      alertReachOf(record),
    );
}

export async function routeCase(
  deps: RouteDeps,
  caseId: string,
  now: number,
): Promise<RouteOutcome> {
  const record = await deps.cases.get(caseId, now);
  // Expired, never stored, or withdrawn by the person: nothing to deliver.
  if (!record || record.withdrawn) return "gone";
  if (record.state === "parked") return "parked";
  if (
    record.state === "received" &&
    (await deps.attempts.count(caseId, now)) > MAX_ROUTING_ATTEMPTS
  ) {
    // Once: the alarm tells ops, docs/deploy.md says how to send it on again.
    if (await deps.attempts.park(caseId, now)) await deps.metrics.count("ParkedCases", {});
    return "parked";
  }

  await resolveLink(deps, record, now);

  const expiresAt = Math.floor(now / 1000) + deps.region.retention.caseDays * DAY_SECONDS;
  const { urgency } = record.decision.triage;
  // Every organisation at once: each one's steps stay in order, and one's failure does not
  // hold back the others; the message comes back for whatever failed.
  const results = await Promise.allSettled(
    record.decision.routing.organisations.map((organisation) =>
      deliverTo(deps, record, organisation, now, expiresAt),
    ),
  );
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;

  if (!(await deps.cases.markRouted(caseId, now, expiresAt))) return "already-routed";
  // An emergency or a high case must be claimed in time, or it is escalated to the coordinator.
  // A test case waits for nobody: it is never escalated, and never lines up before a person's.
  if (
    !record.test &&
    claimWithinMs(urgency, deps.region) !== null &&
    !record.claimedAt &&
    !record.escalatedAt
  )
    await deps.cases.awaitClaim(caseId, urgency, record.createdAt);
  return "routed";
}
