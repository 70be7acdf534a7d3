/**
 * Flagging a case as spam or abuse, and taking the flag back (contract, section 7), by the rules
 * of domain/flags.ts: an organisation's flag takes the case out of its own inbox and is a
 * proposal to the others; only the coordinator marks it for everyone; an emergency nobody
 * claimed stays in every inbox. Every flag and every undo reaches every organisation on the
 * case: a line in each one's audit trail and a notice on each other one's delivery queue.
 */
import {
  type CaseFlag,
  type FlagKind,
  flaggedAway,
  flagsFor,
  mayFlag,
} from "../../domain/flags.ts";
import type { FlagStore } from "../ports/assignment-store.ts";
import type { CaseRecord } from "../ports/case-store.ts";
import {
  assigned,
  CaseConflictError,
  record,
  type Staff,
  WITHDRAWN,
  type WorkDeps,
} from "./case-access.ts";

export interface FlagDeps extends WorkDeps {
  flags: FlagStore;
}

/** The step is not this organisation's to take (a flag for everyone, by anyone but the coordinator). */
export class CaseForbiddenError extends Error {
  override name = "CaseForbiddenError";
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface FlagAnswer {
  flag: FlagKind | null;
  forEveryone: boolean;
  /** whether the case is out of the caller's inbox now */
  hidden: boolean;
}

/**
 * Puts each assignment of the case in or out of its organisation's inbox by the flags the case
 * has now (read again after the write, so that two organisations flagging at once both count).
 */
async function applyFlags(deps: FlagDeps, caseId: string, now: number): Promise<CaseRecord> {
  const found = await deps.cases.get(caseId, now);
  if (!found) throw new CaseConflictError("The case is gone.");
  const flags = found.flags ?? {};
  for (const assignment of await deps.assignments.ofCase(caseId)) {
    const away = flaggedAway(assignment.organisation, flags, deps.region.coordinator);
    if ((assignment.hidden ?? false) !== away)
      await deps.flags.markHidden(caseId, assignment.organisation, away, now);
  }
  return found;
}

/** Tells every organisation on the case: its audit trail, and (the others) their queue. */
async function tellEveryone(
  deps: FlagDeps,
  staff: Staff,
  found: CaseRecord,
  change: { action: "flag" | "unflag"; flag: CaseFlag },
  now: number,
): Promise<void> {
  const detail = {
    flag: change.flag.kind,
    forEveryone: String(change.flag.forEveryone),
    by: staff.organisation,
  };
  await record(deps, staff, change.action, now, found.caseId, detail);
  for (const other of await deps.assignments.ofCase(found.caseId)) {
    if (other.organisation === staff.organisation) continue;
    await deps.audit.append({
      at: now,
      organisation: other.organisation,
      actor: `org:${staff.organisation}`,
      action: change.action,
      caseId: found.caseId,
      detail,
    });
    await deps.delivery.notify({
      kind: change.action === "flag" ? "flagged" : "unflagged",
      version: 1,
      envelopeId: `${found.caseId}:${change.action}:${staff.organisation}:${now}:${other.organisation}`,
      caseId: found.caseId,
      organisation: other.organisation,
      at: now,
      urgency: found.decision.triage.urgency,
      flaggedBy: staff.organisation,
      flag: change.flag.kind,
      forEveryone: change.flag.forEveryone,
    });
  }
}

/** The organisation flags the case: for itself, or (the coordinator) for everyone. */
export async function flagCase(
  deps: FlagDeps,
  staff: Staff,
  caseId: string,
  request: { flag: FlagKind; forEveryone?: boolean | undefined },
  now: number,
): Promise<FlagAnswer> {
  const forEveryone = request.forEveryone ?? false;
  const { record: before } = await assigned(deps, staff, caseId, now);
  if (!mayFlag(staff.organisation, forEveryone, deps.region.coordinator))
    throw new CaseForbiddenError(
      "Only the coordinator can mark a case for everyone. Your flag is a proposal to the others.",
    );
  if (before.withdrawn) throw new CaseConflictError(WITHDRAWN);
  const flag: CaseFlag = { kind: request.flag, forEveryone, at: now };
  await deps.flags.set(caseId, staff.organisation, flag);
  const found = await applyFlags(deps, caseId, now);
  await tellEveryone(deps, staff, found, { action: "flag", flag }, now);
  return {
    flag: flag.kind,
    forEveryone,
    hidden: flagsFor(found, staff.organisation, deps.region).hidden,
  };
}

/** The organisation takes its flag back (the coordinator's mark for everyone with it). */
export async function unflagCase(
  deps: FlagDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<FlagAnswer> {
  const { record: before } = await assigned(deps, staff, caseId, now);
  const own = before.flags?.[staff.organisation];
  if (!own || !(await deps.flags.remove(caseId, staff.organisation, now)))
    throw new CaseConflictError("Your organisation has not flagged this case.");
  const found = await applyFlags(deps, caseId, now);
  await tellEveryone(deps, staff, found, { action: "unflag", flag: own }, now);
  return {
    flag: null,
    forEveryone: false,
    hidden: flagsFor(found, staff.organisation, deps.region).hidden,
  };
}
