/**
 * Internal notes: what a caseworker writes down for colleagues (a call made, a promise, a
 * worry). Sealed in the browser to the organisation's own staff recipients only, so neither the
 * person, nor another organisation, nor the people who run the service can read them; the
 * server checks that it is an age file for exactly that many keys.
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

/** A note's sealed text at most: a few paragraphs, sealed to a team of keys. */
export const NOTE_MAX_CHARACTERS = 16 * 1024;

export async function writeNote(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  sealed: string,
  now: number,
): Promise<{ id: string }> {
  const { record: found } = await assigned(deps, staff, caseId, now);
  if (found.withdrawn) throw new CaseConflictError(WITHDRAWN);
  if (sealed.length > NOTE_MAX_CHARACTERS) throw new CaseConflictError("The note is too long.");
  sealedPart(sealed, ownRecipients(deps.region, staff.organisation), deps.sealing);
  ensureRoom(found, sealed.length);
  const id = randomUUID();
  await deps.cases.addNote(
    caseId,
    { id, organisation: staff.organisation, by: staff.name, at: now, sealed },
    expiresAfterChange(deps.region, now),
  );
  await record(deps, staff, "note", now, caseId);
  return { id };
}
