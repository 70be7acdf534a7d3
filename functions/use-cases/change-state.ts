/** Claiming a case, and recording progress and the outcome on it. */
import {
  CLOSED_STATES,
  CONTACT_STATES,
  type Outcome,
  outcomeFits,
  type WorkState,
} from "../../domain/case-work.ts";
import {
  assigned,
  CaseConflictError,
  closeIfDone,
  move,
  record,
  type Staff,
  type WorkDeps,
} from "./case-access.ts";

export async function claimCase(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<void> {
  const { assignment } = await assigned(deps, staff, caseId, now);
  await move(deps, staff, assignment, "claimed", { claimedBy: staff.name, claimedAt: now }, now);
  await deps.cases.recordClaim(caseId, now);
  await record(deps, staff, "claim", now, caseId);
}

export async function changeState(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  change: { state: WorkState; outcome?: Outcome | undefined },
  now: number,
): Promise<void> {
  if (!outcomeFits(change.state, change.outcome))
    throw new CaseConflictError(
      CLOSED_STATES.includes(change.state)
        ? "Closing a case needs an outcome."
        : "Only closing a case takes an outcome.",
    );
  const { assignment } = await assigned(deps, staff, caseId, now);
  await move(
    deps,
    staff,
    assignment,
    change.state,
    {
      ...(change.outcome ? { outcome: change.outcome } : {}),
      // The first contact keeps its own time: later changes move only `updatedAt`.
      ...(CONTACT_STATES.includes(change.state) && assignment.contactedAt === undefined
        ? { contactedAt: now }
        : {}),
    },
    now,
  );
  if (CLOSED_STATES.includes(change.state)) await closeIfDone(deps, caseId, now);
  await record(deps, staff, "state", now, caseId, {
    state: change.state,
    ...(change.outcome ? { outcome: change.outcome } : {}),
  });
}

/** The routing of a case without the organisations that declined (policy G2 to G6, again). */
