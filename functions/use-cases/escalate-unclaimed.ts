/**
 * Escalation (policy, last paragraph): an emergency case no organisation claimed within the
 * region's `emergencyUnclaimedMinutes`, or a high one within `highUnclaimedHours`, goes to the
 * coordinator again: a notice on its queue, a flag on the case, an alert, and a metric that the
 * ops team's alarm watches. If the coordinator was not routed the case, it is now: it joins
 * with what is in clear (the sealed parts were sealed to others, and stay theirs).
 */
import { claimWithinMs } from "../../domain/case-work.ts";
import type { Region } from "../../domain/region.ts";
import type { Urgency } from "../../domain/vocabulary.ts";
import type { AuditLog } from "../ports/access.ts";
import type { Alerts, Metrics } from "../ports/alerts.ts";
import type { AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseStore } from "../ports/case-store.ts";
import type { DeliveryQueues, RoutingQueue } from "../ports/queues.ts";
import { alertReachOf } from "./alert-reach.ts";

export interface EscalateDeps {
  region: Region;
  cases: CaseStore;
  assignments: AssignmentStore;
  routing: RoutingQueue;
  delivery: DeliveryQueues;
  alerts: Alerts;
  metrics: Metrics;
  audit: AuditLog;
}

const BATCH = 100;
const ESCALATING: readonly Urgency[] = ["emergency", "high"];

/** The case to escalate, its escalation recorded (once); null when there is none to make. */
async function escalationOf(deps: EscalateDeps, caseId: string, now: number) {
  const found = await deps.cases.get(caseId, now);
  // Claimed meanwhile, expired, or escalated by an earlier run that stopped half-way.
  if (
    !found ||
    found.claimedAt ||
    found.withdrawn ||
    !(await deps.cases.recordEscalation(caseId, now))
  )
    return null;
  // A test case routed before the router stopped making them wait (route-case.ts): out of the
  // list now (else a hundred of them would fill every batch), and nobody is woken.
  return found.test ? null : found;
}

export async function escalateUnclaimed(
  deps: EscalateDeps,
  now: number,
): Promise<{ escalated: string[] }> {
  const escalated: string[] = [];
  const coordinator = deps.region.coordinator;
  for (const urgency of ESCALATING) {
    const limit = claimWithinMs(urgency, deps.region);
    if (limit === null) continue;
    for (const caseId of await deps.cases.unclaimed(urgency, now - limit, BATCH)) {
      const found = await escalationOf(deps, caseId, now);
      if (!found) continue;

      const { routing } = found.decision;
      if (!routing.organisations.includes(coordinator)) {
        await deps.cases.reroute(
          caseId,
          {
            routing: {
              ...routing,
              organisations: [...routing.organisations, coordinator],
              coordinator: true,
            },
          },
          now,
        );
        await deps.routing.enqueue(caseId);
      }
      // Marked in the coordinator's inbox; a new assignment takes the mark from the case.
      if (await deps.assignments.get(caseId, coordinator))
        await deps.assignments.markEscalated(caseId, coordinator, now);
      await deps.delivery.notify({
        kind: "escalation",
        version: 1,
        envelopeId: `${caseId}:escalation`,
        caseId,
        organisation: coordinator,
        at: now,
        urgency,
      });
      // An unproven case's escalation goes by email only, as its first alert did.
      await deps.alerts.notify(coordinator, "escalation", alertReachOf(found));
      await deps.metrics.count("Escalations", { urgency });
      await deps.audit.append({
        at: now,
        organisation: coordinator,
        actor: "system",
        action: "escalated",
        caseId,
        detail: { urgency },
      });
      escalated.push(caseId);
    }
  }
  return { escalated };
}
