/**
 * Work within a team: a case given to a colleague, a colleague's cases given to another when
 * they leave, and who on the team can be given one (the staff holding a live credential).
 */
import { HELD_STATES } from "../../domain/case-work.ts";
import type { CredentialStore } from "../ports/access.ts";
import {
  assigned,
  CaseConflictError,
  move,
  record,
  type Staff,
  WITHDRAWN,
  type WorkDeps,
} from "./case-access.ts";

export interface TeamDeps extends WorkDeps {
  /** the organisation's roster: the names on its staff's live credentials */
  roster: Pick<CredentialStore, "staffOf">;
}

/** The organisation's staff who can be given a case, in alphabetical order. */
export function teamOf(deps: TeamDeps, staff: Staff, now: number): Promise<string[]> {
  return deps.roster.staffOf(staff.organisation, now);
}

async function colleague(deps: TeamDeps, staff: Staff, name: string, now: number) {
  if (!(await deps.roster.staffOf(staff.organisation, now)).includes(name))
    throw new CaseConflictError(
      "Nobody of that name in your organisation holds a credential. Ask ops to issue one first.",
    );
}

/**
 * Gives the case to a colleague: an unclaimed case is claimed in their name; a held one
 * changes hands, only from the one who held it when the caller read it (`from`, else 409).
 */
export async function assignCase(
  deps: TeamDeps,
  staff: Staff,
  caseId: string,
  to: string,
  now: number,
): Promise<{ claimedBy: string }> {
  await colleague(deps, staff, to, now);
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  if (found.withdrawn) throw new CaseConflictError(WITHDRAWN);
  if (assignment.state === "pending" || assignment.state === "sent") {
    await move(deps, staff, assignment, "claimed", { claimedBy: to, claimedAt: now }, now);
    await deps.cases.recordClaim(caseId, now);
  } else if (!HELD_STATES.includes(assignment.state) || assignment.claimedBy === undefined) {
    throw new CaseConflictError(`A case that is ${assignment.state} cannot be given to anyone.`);
  } else if (
    !(await deps.assignments.reassign(caseId, staff.organisation, assignment.claimedBy, to, now))
  ) {
    throw new CaseConflictError("Someone else changed this case just now. Read it again.");
  }
  await record(deps, staff, "assign", now, caseId, { to });
  return { claimedBy: to };
}

/**
 * Everything a staff member held, given to a colleague (they leave, or are away): the cases
 * still open that they claimed. Their credential is revoked apart (`intake credentials revoke`).
 */
export async function handOverStaffCases(
  deps: TeamDeps,
  staff: Staff,
  from: string,
  to: string,
  now: number,
): Promise<{ moved: number }> {
  if (from === to) throw new CaseConflictError("Choose another colleague to give the cases to.");
  await colleague(deps, staff, to, now);
  const held = (await deps.assignments.ofOrganisation(staff.organisation)).filter(
    (assignment) => assignment.claimedBy === from && HELD_STATES.includes(assignment.state),
  );
  let moved = 0;
  for (const assignment of held)
    if (await deps.assignments.reassign(assignment.caseId, staff.organisation, from, to, now))
      moved++;
  await record(deps, staff, "staff_handover", now, undefined, {
    from,
    to,
    count: String(moved),
  });
  return { moved };
}
