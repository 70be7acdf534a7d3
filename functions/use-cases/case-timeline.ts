/**
 * A case's timeline as the organisation's staff see it in the inbox: its entries of the audit
 * trail (who did what, when; another organisation's steps appear under its id), never content.
 */
import type { AuditEntry } from "../ports/access.ts";
import { assigned, record, type Staff, type WorkDeps } from "./case-access.ts";

/** The newest entries a timeline shows. */
export const TIMELINE_ENTRIES = 100;

/**
 * Reading is not a step of the case: the timeline leaves out opening it (the inbox reads an
 * open case again every few seconds), the list and the trail; the audit trail keeps them all.
 */
const NOT_STEPS = new Set(["read", "audit_read", "list"]);

export async function caseTimeline(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<AuditEntry[]> {
  await assigned(deps, staff, caseId, now);
  const entries = (
    await deps.audit.ofCase(staff.organisation, caseId, TIMELINE_ENTRIES * 2)
  ).filter((entry) => !NOT_STEPS.has(entry.action));
  await record(deps, staff, "audit_read", now, caseId);
  return entries.slice(0, TIMELINE_ENTRIES);
}
