/**
 * Reading the audit trail: an organisation's staff read their organisation's, ops read every
 * organisation's (or one). Reading it is itself written to the trail.
 */
import type { AuditEntry, AuditLog, Caller } from "../ports/access.ts";
import type { Staff } from "./case-access.ts";

/** The newest entries an answer carries. */
export const AUDIT_PAGE = 200;

export async function readOwnAudit(
  deps: { audit: AuditLog },
  staff: Staff,
  now: number,
): Promise<AuditEntry[]> {
  const entries = await deps.audit.list(staff.organisation, AUDIT_PAGE);
  await deps.audit.append({
    at: now,
    organisation: staff.organisation,
    actor: staff.name,
    action: "audit_read",
  });
  return entries;
}

export async function readOpsAudit(
  deps: { audit: AuditLog; region: { organisations: readonly { id: string }[] } },
  caller: Caller,
  organisation: string | undefined,
  now: number,
): Promise<AuditEntry[]> {
  const trails = organisation
    ? [organisation]
    : [...deps.region.organisations.map((o) => o.id), "ops"];
  const entries = (await Promise.all(trails.map((trail) => deps.audit.list(trail, AUDIT_PAGE))))
    .flat()
    .sort((a, b) => b.at - a.at)
    .slice(0, AUDIT_PAGE);
  await deps.audit.append({
    at: now,
    organisation: "ops",
    actor: `ops:${caller.name}`,
    action: "audit_read",
  });
  return entries;
}
