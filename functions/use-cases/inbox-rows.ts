/**
 * What a row of an organisation's inbox list (`GET /org/cases`) tells beyond its assignment: the
 * needs, languages and municipality of the case, who else is on it and how far they are, and
 * what happened since the organisation's staff last opened it (the assignment's `readAt`).
 *
 * The inbox index carries the assignment's own fields only (config/resources.ts), so each row
 * reads its case (one GetItem) and the case's assignments (one Query), at most ROW_READS rows at
 * once: two reads per row, never a scan.
 */
import type { CaseSummary, OtherOnCase } from "../../domain/case-views.ts";
import { CLOSED_STATES, isOverdue } from "../../domain/case-work.ts";
import { caseCheckInDue } from "../../domain/check-ins.ts";
import type { Region } from "../../domain/region.ts";
import type { AssignmentRecord } from "../ports/assignment-store.ts";
import type { CaseRecord } from "../ports/case-store.ts";
import type { WorkDeps } from "./case-access.ts";

/** How many rows read their case and its assignments at once. */
export const ROW_READS = 16;

const nameOf = (region: Region, id: string) =>
  region.organisations.find((organisation) => organisation.id === id)?.name ?? id;

/** The other organisations on a case, by name, and which of them leads it. */
export function othersOn(
  region: Region,
  everyone: readonly AssignmentRecord[],
  organisation: string,
  lead: string | null | undefined,
): OtherOnCase[] {
  return everyone
    .filter((other) => other.organisation !== organisation)
    .map((other) => ({
      organisation: other.organisation,
      name: nameOf(region, other.organisation),
      state: other.state,
      lead: other.organisation === lead,
    }));
}

/**
 * Since the organisation last opened the case (or, never opened, since it got the case): a
 * reply of the person sealed to it; a message of another organisation to the person, or another
 * organisation that joined (a hand-over, or a new routing after a decline or an escalation).
 */
export function markers(
  own: AssignmentRecord,
  everyone: readonly AssignmentRecord[],
  found: CaseRecord | null,
): Pick<CaseSummary, "newReply" | "fromOthers"> {
  const since = own.readAt ?? own.createdAt;
  const newReply = (found?.replies ?? []).some(
    (reply) => reply.at > since && reply.sealed[own.organisation] !== undefined,
  );
  const wrote = (found?.messages ?? []).some(
    (message) => message.at > since && message.organisation !== own.organisation,
  );
  const joined = everyone.some(
    (other) => other.organisation !== own.organisation && other.createdAt > since,
  );
  return { newReply, fromOthers: wrote || joined };
}

function checkInOf(
  found: CaseRecord | null,
  region: Region,
  now: number,
): CaseSummary["checkIn"] | undefined {
  if (!found?.closedAt || found.withdrawn || !found.routingInput?.consent.checkIns) return;
  if (caseCheckInDue(found, region, now) !== null) return "due";
  return (found.checkIns ?? []).length > 0 ? "answered" : undefined;
}

/** One row of the list, from the organisation's assignment, its case and the case's others. */
export function summaryOf(
  region: Region,
  assignment: AssignmentRecord,
  everyone: readonly AssignmentRecord[],
  found: CaseRecord | null,
  now: number,
): CaseSummary {
  // The assignment as the table keeps it (the index may not carry every field of it).
  const own =
    everyone.find((other) => other.organisation === assignment.organisation) ?? assignment;
  const clear = found && !found.withdrawn ? found.clear : undefined;
  const checkIn = checkInOf(found, region, now);
  return {
    caseId: assignment.caseId,
    urgency: assignment.urgency,
    state: assignment.state,
    receivedAt: assignment.receivedAt,
    live: !CLOSED_STATES.includes(assignment.state),
    overdue: isOverdue(
      {
        urgency: assignment.urgency,
        receivedAt: assignment.receivedAt,
        claimed: !["pending", "sent"].includes(assignment.state),
      },
      region,
      now,
    ),
    escalated: assignment.escalatedAt !== undefined,
    ...(assignment.outcome ? { outcome: assignment.outcome } : {}),
    ...(checkIn ? { checkIn } : {}),
    needs: clear && found ? found.decision.triage.needs : [],
    contactLanguages: clear?.contactLanguages ?? [],
    municipality: clear?.municipality ?? null,
    ...(own.claimedBy ? { claimedBy: own.claimedBy } : {}),
    ...(own.readAt !== undefined ? { readAt: own.readAt } : {}),
    ...markers(own, everyone, found),
    others: othersOn(region, everyone, assignment.organisation, found?.decision.routing.lead),
  };
}

/** The rows of these assignments, reading at most ROW_READS cases at once, in their order. */
export async function summariesOf(
  deps: Pick<WorkDeps, "region" | "cases" | "assignments">,
  assignments: readonly AssignmentRecord[],
  now: number,
): Promise<CaseSummary[]> {
  const rows: CaseSummary[] = [];
  for (let start = 0; start < assignments.length; start += ROW_READS) {
    const batch = assignments.slice(start, start + ROW_READS);
    rows.push(
      ...(await Promise.all(
        batch.map(async (assignment) => {
          const [found, everyone] = await Promise.all([
            deps.cases.get(assignment.caseId, now),
            deps.assignments.ofCase(assignment.caseId),
          ]);
          return summaryOf(deps.region, assignment, everyone, found, now);
        }),
      )),
    );
  }
  return rows;
}
