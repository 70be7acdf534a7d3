/** The person chooses a PIN: their key changes, and what was sealed to the old one follows. */
import type { PersonMessage, PersonReply } from "../ports/case-store.ts";
import { StatusClosedError, type StatusDeps, sealArmored, unlocked } from "./receipt-access.ts";
import { normaliseNewPin } from "./status-pin.ts";

/** A new PIN must be 6 to 10 digits (any script's digits), not an easy one. */
export class InvalidPinError extends Error {
  override name = "InvalidPinError";
}

/**
 * The person chooses a PIN (once, on the receipt screen, or later): the key is derived again
 * from the receipt and the PIN, and what organisations already wrote (and the person's own
 * replies) is sealed to it again, so that from now on the receipt alone shows only that a report exists.
 */
export async function choosePin(
  deps: StatusDeps,
  receipt: string,
  pinText: string,
  now: number,
): Promise<void> {
  const pin = normaliseNewPin(pinText);
  if (!pin) throw new InvalidPinError("A new PIN is 6 to 10 digits, not an easy one.");
  const { found, identity, receipt: digits } = await unlocked(deps, receipt, undefined, now);
  if (found.person?.pin) throw new StatusClosedError("A PIN was chosen already.");
  const salt = Buffer.from(found.person?.salt ?? "", "base64");
  const keys = await deps.crypto.personKeys(digits, salt, pin);
  const messages: PersonMessage[] = [];
  for (const message of found.messages ?? []) {
    const text = await deps.sealing.open(identity, message.sealed);
    if (text !== null)
      messages.push({ ...message, sealed: await sealArmored(deps, keys.recipient, text) });
  }
  // The person's own copies of their replies too; the organisations' copies stay as they are.
  const replies: PersonReply[] = [];
  for (const { person, ...rest } of found.replies ?? []) {
    const text = person ? await deps.sealing.open(identity, person) : null;
    replies.push(
      text === null ? rest : { ...rest, person: await sealArmored(deps, keys.recipient, text) },
    );
  }
  // Only over the key the receipt alone opened: of two PINs chosen at once, one is kept.
  const chosen = await deps.cases.setPerson(
    found.caseId,
    { recipient: keys.recipient, salt: salt.toString("base64"), pin: true },
    messages,
    replies,
    found.person?.recipient ?? "",
  );
  if (!chosen) throw new StatusClosedError("A PIN was chosen already.");
}
