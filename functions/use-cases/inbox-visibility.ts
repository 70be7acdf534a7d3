/**
 * Which of an organisation's assignments are out of its inbox now: those flagged away
 * (domain/flags.ts), except an emergency nobody claimed yet. An assignment knows only its own
 * organisation's claim, so for a flagged emergency the case says whether anyone claimed it.
 */
import { hiddenFromInbox } from "../../domain/flags.ts";
import type { AssignmentRecord } from "../ports/assignment-store.ts";
import type { CaseStore } from "../ports/case-store.ts";

export async function hiddenInInbox(
  cases: Pick<CaseStore, "get">,
  assignments: readonly AssignmentRecord[],
  now: number,
): Promise<boolean[]> {
  return Promise.all(
    assignments.map(async (assignment) =>
      assignment.hidden && assignment.urgency === "emergency"
        ? hiddenFromInbox({
            flaggedAway: true,
            urgency: assignment.urgency,
            claimed: (await cases.get(assignment.caseId, now))?.claimedAt !== undefined,
          })
        : (assignment.hidden ?? false),
    ),
  );
}
