/** The person withdraws their consent, or deletes their case. */
import { expiresAfterChange, type StatusDeps, unlocked } from "./receipt-access.ts";

/**
 * Withdraws consent, or deletes the case: the organisations are told (a notice and an alert),
 * everything sealed and everything the person said is deleted, and only counts remain (when it
 * came, how urgent, how many organisations had it). Deleting also forgets the receipt's link,
 * so a later report cannot be tied to this one.
 */
export async function withdraw(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  kind: "consent" | "delete",
  now: number,
): Promise<{ locale: string }> {
  const { found, digests } = await unlocked(deps, receipt, pin, now);
  const assignments = await deps.assignments.ofCase(found.caseId);
  await deps.cases.withdraw(
    found.caseId,
    { kind, at: now },
    expiresAfterChange(deps.region, now),
    found.person?.pin ? found.person : undefined,
  );
  if (kind === "delete") for (const digest of digests) await deps.links.remove(digest);
  for (const assignment of assignments) {
    if (!["withdrawn"].includes(assignment.state))
      await deps.assignments.move(
        found.caseId,
        assignment.organisation,
        assignment.state,
        "withdrawn",
        {},
        now,
      );
    await deps.delivery.notify({
      kind: "withdrawn",
      version: 1,
      envelopeId: `${found.caseId}:withdrawn:${assignment.organisation}`,
      caseId: found.caseId,
      organisation: assignment.organisation,
      at: now,
      urgency: found.decision.triage.urgency,
    });
    await deps.alerts.notify(assignment.organisation, "withdrawn");
    await deps.audit.append({
      at: now,
      organisation: assignment.organisation,
      actor: "person",
      action: "withdrawn",
      caseId: found.caseId,
      detail: { kind },
    });
  }
  return { locale: found.locale };
}
