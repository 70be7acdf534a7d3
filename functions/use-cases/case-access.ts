/**
 * What every step of a care organisation's staff on a case shares (the organisations' API,
 * contract section 7; each step is a use case of its own: list-cases.ts, read-case.ts,
 * change-state.ts, decline-case.ts, hand-over.ts, message-person.ts, flag-case.ts).
 *
 * Every step checks that the case is assigned to the caller's organisation, and a case that
 * does not exist looks exactly like a case of another organisation (404, the same words).
 * Every step is written to the audit trail: who, which organisation, when, what; never the
 * content. The server never opens a sealed part: organisations decrypt, and re-seal what they
 * hand over, on their side.
 */
import { type AssignmentState, CLOSED_STATES, canMove } from "../../domain/case-work.ts";
import { checkInMonths, keptUntil } from "../../domain/check-ins.ts";
import type { Region } from "../../domain/region.ts";
import type { AuditAction, AuditLog } from "../ports/access.ts";
import type { Alerts, Metrics } from "../ports/alerts.ts";
import type { AssignmentRecord, AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore } from "../ports/case-store.ts";
import type { Armor } from "../ports/crypto.ts";
import type { DeliveryQueues, RoutingQueue } from "../ports/queues.ts";

export interface WorkDeps {
  region: Region;
  cases: CaseStore;
  assignments: AssignmentStore;
  audit: AuditLog;
  routing: RoutingQueue;
  delivery: DeliveryQueues;
  alerts: Alerts;
  metrics: Metrics;
  /** the server only armors and reads armor on the organisations' side, never seals */
  sealing: Armor;
}

/** A staff member of an organisation, as their credential names them. */
export interface Staff {
  organisation: string;
  name: string;
}

/** The case is not there for this organisation: it does not exist, expired, or is another's. */
export class CaseNotFoundError extends Error {
  override name = "CaseNotFoundError";
}

/** The step does not fit the case's state, or another staff member was quicker. */
export class CaseConflictError extends Error {
  override name = "CaseConflictError";
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const DAY_MS = 86_400_000;
export const epochSeconds = (ms: number) => Math.floor(ms / 1000);

/** Refreshes a case's retention from its last change (contract, section 5: caseDays). */
export const expiresAfterChange = (region: Region, now: number) =>
  epochSeconds(now + region.retention.caseDays * DAY_MS);

export async function record(
  deps: WorkDeps,
  staff: Staff,
  action: AuditAction,
  now: number,
  caseId?: string,
  detail?: Record<string, string>,
): Promise<void> {
  await deps.audit.append({
    at: now,
    organisation: staff.organisation,
    actor: staff.name,
    action,
    ...(caseId ? { caseId } : {}),
    ...(detail ? { detail } : {}),
  });
}

/** The caller's assignment and its case, or CaseNotFoundError (flagged away is still its own). */
export async function assigned(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<{ assignment: AssignmentRecord; record: CaseRecord }> {
  const assignment = await deps.assignments.get(caseId, staff.organisation);
  if (!assignment) throw new CaseNotFoundError("No such case.");
  const found = await deps.cases.get(caseId, now);
  if (!found) throw new CaseNotFoundError("No such case.");
  return { assignment, record: found };
}

export async function move(
  deps: WorkDeps,
  staff: Staff,
  assignment: AssignmentRecord,
  to: AssignmentState,
  fields: Parameters<AssignmentStore["move"]>[4],
  now: number,
): Promise<void> {
  if (!canMove(assignment.state, to))
    throw new CaseConflictError(`A case that is ${assignment.state} cannot become ${to}.`);
  const moved = await deps.assignments.move(
    assignment.caseId,
    staff.organisation,
    assignment.state,
    to,
    fields,
    now,
  );
  if (!moved)
    throw new CaseConflictError("Someone else changed this case just now. Read it again.");
}

/**
 * A case is closed once every organisation on it closed or declined it: check-ins count from
 * then, and so does its retention.
 */
export async function closeIfDone(deps: WorkDeps, caseId: string, now: number): Promise<void> {
  const everyone = await deps.assignments.ofCase(caseId);
  if (
    everyone.length === 0 ||
    !everyone.every((assignment) => CLOSED_STATES.includes(assignment.state))
  )
    return;
  const found = await deps.cases.get(caseId, now);
  // With check-ins agreed, the case waits for the first of them (retention counts from then).
  const until = found?.routingInput?.consent.checkIns
    ? keptUntil(now, now, checkInMonths(deps.region), deps.region.retention.caseDays)
    : now + deps.region.retention.caseDays * DAY_MS;
  await deps.cases.markClosed(caseId, now, epochSeconds(until));
}

/** What a step on a withdrawn case is told (a flag's too: use-cases/flag-case.ts). */
export const WITHDRAWN = "The person withdrew this case: nothing more can be done with it.";

/** The recipients of an organisation's own staff: what its notes and own copies are sealed to. */
export function ownRecipients(region: Region, organisation: string): number {
  return region.organisations.find((entry) => entry.id === organisation)?.recipients.length ?? 0;
}

/**
 * What a case item may grow to before notes and messages stop being added: DynamoDB refuses an
 * item over 400 KB, and a case that large belongs in the organisation's own case system.
 */
export const CASE_ROOM_CHARACTERS = 320 * 1024;

export function ensureRoom(found: CaseRecord, adding: number): void {
  if (JSON.stringify(found).length + adding > CASE_ROOM_CHARACTERS)
    throw new CaseConflictError(
      "This case has no room for more notes or messages. Export it to your own case system.",
    );
}
