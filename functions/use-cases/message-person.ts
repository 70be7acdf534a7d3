/**
 * An organisation writes to the person: sealed on its side to the person's key, and a copy
 * sealed to the organisation's own staff, so that colleagues read what was promised.
 */
import { randomUUID } from "node:crypto";
import {
  assigned,
  CaseConflictError,
  ensureRoom,
  expiresAfterChange,
  ownRecipients,
  record,
  type Staff,
  WITHDRAWN,
  type WorkDeps,
} from "./case-access.ts";
import { sealedPart } from "./sealed-parts.ts";

export const MESSAGE_MAX_CHARACTERS = 16 * 1024;

/**
 * A message to the person, sealed on the organisation's side to the person's key; `own`, the
 * same words sealed to the organisation's staff recipients (the inbox always sends it).
 */
export async function messagePerson(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  sealed: string,
  now: number,
  own?: string,
): Promise<{ id: string }> {
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  if (found.withdrawn) throw new CaseConflictError(WITHDRAWN);
  if (["pending", "sent", "declined"].includes(assignment.state))
    throw new CaseConflictError("Claim the case before writing to the person.");
  if (sealed.length > MESSAGE_MAX_CHARACTERS || (own?.length ?? 0) > MESSAGE_MAX_CHARACTERS)
    throw new CaseConflictError("The message is too long.");
  // Sealed to the person's one key; the own copy to the organisation's staff, and to no one else.
  sealedPart(sealed, 1, deps.sealing);
  if (own !== undefined)
    sealedPart(own, ownRecipients(deps.region, staff.organisation), deps.sealing);
  ensureRoom(found, sealed.length + (own?.length ?? 0));
  const id = randomUUID();
  await deps.cases.addMessage(
    caseId,
    { id, organisation: staff.organisation, at: now, sealed, ...(own ? { own } : {}) },
    expiresAfterChange(deps.region, now),
  );
  await record(deps, staff, "message", now, caseId);
  return { id };
}

/** The organisations of the region, with what another needs to seal a hand-over to them. */
