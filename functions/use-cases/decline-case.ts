/** An organisation declines a case: it is routed again without it (policy G0-G6). */
import type { Routing } from "../../domain/decision.ts";
import type { Region } from "../../domain/region.ts";
import { route, routingScope } from "../../domain/route.ts";
import type { CaseRecord } from "../ports/case-store.ts";
import {
  assigned,
  CaseConflictError,
  move,
  record,
  type Staff,
  type WorkDeps,
} from "./case-access.ts";

function routingWithout(deps: WorkDeps, found: CaseRecord, declined: readonly string[]): Routing {
  const previous = found.decision.routing;
  // Scoped first (domain/route.ts): a test case declined by every test organisation must not
  // fall through to the real ones.
  const scoped = routingScope(deps.region, found.test === true);
  const region: Region = {
    ...scoped,
    organisations: scoped.organisations.filter(
      (organisation) => !declined.includes(organisation.id),
    ),
  };
  const fresh = route(found.routingInput, found.decision.triage, region);
  const organisations = [
    ...new Set([
      ...previous.organisations.filter((id) => !declined.includes(id)),
      ...fresh.organisations,
    ]),
  ];
  const lead =
    previous.lead && !declined.includes(previous.lead)
      ? previous.lead
      : (fresh.lead ?? organisations[0] ?? null);
  return {
    organisations,
    lead,
    gaps: fresh.gaps,
    coordinator: organisations.includes(deps.region.coordinator),
    consentOverride: previous.consentOverride,
  };
}

/**
 * Declines the case: it is routed again without this organisation (and any that declined
 * before), and the coordinator is told. The coordinator itself keeps the thread: it cannot
 * decline. Organisations the new routing adds read the case in clear only: what was sealed for
 * the one that declined cannot be sealed again by the server, which never holds it open.
 */
export async function declineCase(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  reason: string,
  now: number,
): Promise<void> {
  if (staff.organisation === deps.region.coordinator)
    throw new CaseConflictError(
      "The coordinator keeps the thread of a case: it cannot decline it.",
    );
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  await move(deps, staff, assignment, "declined", { declineReason: reason }, now);
  const declined = [...new Set([...(found.declined ?? []), staff.organisation])];
  await deps.cases.reroute(
    caseId,
    { routing: routingWithout(deps, found, declined), declined },
    now,
  );
  await deps.routing.enqueue(caseId);
  const coordinator = deps.region.coordinator;
  await deps.delivery.notify({
    kind: "declined",
    version: 1,
    envelopeId: `${caseId}:declined:${staff.organisation}`,
    caseId,
    organisation: coordinator,
    at: now,
    urgency: found.decision.triage.urgency,
    declinedBy: staff.organisation,
    reason,
  });
  await deps.alerts.notify(coordinator, "declined");
  await deps.metrics.count("Declines", { organisation: staff.organisation });
  await record(deps, staff, "decline", now, caseId, { reason });
}
