/** An organisation's inbox: its cases, emergency first, then the oldest; and the region's directory. */
import type { CaseSummary, DirectoryEntry } from "../../domain/case-views.ts";
import {
  type AssignmentState,
  CLOSED_STATES,
  inboxOrder,
  isOverdue,
} from "../../domain/case-work.ts";
import { caseCheckInDue } from "../../domain/check-ins.ts";
import type { Region } from "../../domain/region.ts";
import type { Urgency } from "../../domain/vocabulary.ts";
import { epochSeconds, record, type Staff, type WorkDeps } from "./case-access.ts";
import { hiddenInInbox } from "./inbox-visibility.ts";

export interface InboxFilter {
  state?: AssignmentState;
  urgency?: Urgency;
  /** true: only the cases flagged out of the inbox (to find them again); else the others */
  hidden?: boolean;
}

/** The organisation's cases: emergency first, then the oldest; overdue ones marked. */
export async function listCases(
  deps: WorkDeps,
  staff: Staff,
  filter: InboxFilter,
  now: number,
): Promise<CaseSummary[]> {
  const all = await deps.assignments.ofOrganisation(staff.organisation);
  const hidden = await hiddenInInbox(deps.cases, all, now);
  const summaries = all
    .filter((_, index) => hidden[index] === (filter.hidden ?? false))
    .filter((assignment) => !filter.state || assignment.state === filter.state)
    .filter((assignment) => !filter.urgency || assignment.urgency === filter.urgency)
    .filter((assignment) => assignment.expiresAt > epochSeconds(now))
    .map(
      (assignment): CaseSummary => ({
        caseId: assignment.caseId,
        urgency: assignment.urgency,
        state: assignment.state,
        receivedAt: assignment.receivedAt,
        overdue: isOverdue(
          {
            urgency: assignment.urgency,
            receivedAt: assignment.receivedAt,
            claimed: !["pending", "sent"].includes(assignment.state),
          },
          deps.region,
          now,
        ),
        escalated: assignment.escalatedAt !== undefined,
        ...(assignment.outcome ? { outcome: assignment.outcome } : {}),
      }),
    )
    .sort(inboxOrder);
  await Promise.all(
    summaries
      .filter((summary) => CLOSED_STATES.includes(summary.state) && summary.state !== "withdrawn")
      .map(async (summary) => {
        const found = await deps.cases.get(summary.caseId, now);
        if (!found?.closedAt || !found.routingInput?.consent.checkIns) return;
        if (caseCheckInDue(found, deps.region, now) !== null) summary.checkIn = "due";
        else if ((found.checkIns ?? []).length > 0) summary.checkIn = "answered";
      }),
  );
  await record(deps, staff, "list", now, undefined, { count: String(summaries.length) });
  return summaries;
}

/** The organisations of the region, with what another needs to seal a hand-over to them. */
export function directory(region: Region): DirectoryEntry[] {
  return region.organisations.map((organisation) => ({
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    needs: organisation.needs,
    recipients: organisation.recipients,
  }));
}
