/**
 * The person comes back with only their receipt (and their PIN, if they chose one): to see
 * what became of their report, read and answer what organisations wrote, withdraw, and answer
 * check-ins. The receipt is the one thread between a person and their cases; nothing else
 * identifies them. This module finds the case a receipt opens; each step the person takes is a
 * use case of its own (read-status.ts, choose-pin.ts, withdraw-case.ts, answer-check-in.ts,
 * person-replies.ts, share-later.ts).
 *
 * Guessing a receipt gets nothing: an unknown receipt and a malformed one get the same answer,
 * and a miss costs the same derivations as a hit (one digest per key version and one key
 * derivation, always), so neither the answer nor the work done tells them apart. PIN tries
 * are counted per case and slowed down for its whole life (status-pin.ts).
 */
import type { followUpReport } from "../../domain/check-ins.ts";
import { normaliseReceipt } from "../../domain/receipt.ts";
import type { Region } from "../../domain/region.ts";
import type { AuditLog } from "../ports/access.ts";
import type { Alerts } from "../ports/alerts.ts";
import type { AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore, ReceiptLinks } from "../ports/case-store.ts";
import type { ReceiptCrypto, ReceiptHashKey, Sealing } from "../ports/crypto.ts";
import type { PinAttempts } from "../ports/ledgers.ts";
import type { DeliveryQueues } from "../ports/queues.ts";
import { normalisePin, tryPin } from "./status-pin.ts";
import type { IntakeAnswer } from "./submit-report.ts";

export interface StatusDeps {
  region: Region;
  receiptKeys: ReceiptHashKey[];
  crypto: ReceiptCrypto;
  sealing: Sealing;
  cases: CaseStore;
  links: ReceiptLinks;
  assignments: AssignmentStore;
  delivery: DeliveryQueues;
  alerts: Alerts;
  audit: AuditLog;
  /** per-case ledgers of PIN tries */
  pinAttempts: PinAttempts;
  /**
   * Takes in a follow-up report a check-in made, through the intake's idempotency: the same
   * submissionId and `secret` (a replay) answer the same receipt again. The idempotency record
   * keeps a hash of `secret` and seals the answer under a key derived from it, so `secret` must
   * be something only the person can make again: never the receipt itself, whose 53 bits a
   * stolen hash would give up to a brute force.
   */
  submitFollowUp: (
    report: ReturnType<typeof followUpReport>,
    submissionId: string,
    secret: string,
    now: number,
  ) => Promise<IntakeAnswer>;
}

/** What a receipt (and PIN) open, or nothing; the same work whichever it is. */
interface Located {
  record: CaseRecord | null;
  /** the person's identity, when the receipt (and the PIN, if one was chosen) open it */
  identity: string | null;
  /** the digests of the receipt, to forget its link on deletion */
  digests: string[];
  receipt: string | null;
  /** wrong PINs tried since the person last got in (0 unless a PIN just opened the case) */
  wrongPinTries: number;
  /** when the case takes PINs again, if it took none now */
  retryAt?: number;
}

export async function locate(
  deps: StatusDeps,
  receiptText: string,
  pinText: string | undefined,
  now: number,
): Promise<Located> {
  const receipt = normaliseReceipt(receiptText);
  // A malformed receipt is looked up as a random one: the same work, and nothing found.
  const tried = receipt ?? deps.crypto.newReceipt();
  const digests = await Promise.all(deps.receiptKeys.map((key) => deps.crypto.digest(tried, key)));
  let caseId: string | null = null;
  for (const digest of digests) {
    caseId ??= receipt ? await deps.links.find(digest, now) : null;
  }
  const found = caseId ? await deps.cases.get(caseId, now) : null;
  const person = found?.person;
  const pin = normalisePin(pinText);
  const attempt =
    person?.pin && pin !== undefined && found
      ? await tryPin(deps.pinAttempts, deps.region, found.caseId, now)
      : null;
  const keys = await deps.crypto.personKeys(
    tried,
    person ? Buffer.from(person.salt, "base64") : deps.crypto.newSalt(),
    person?.pin ? pin : undefined,
  );
  const opens =
    person !== undefined && attempt?.admitted !== false && keys.recipient === person.recipient;
  return {
    record: found,
    identity: opens ? keys.identity : null,
    digests,
    receipt,
    wrongPinTries: opens && attempt?.admitted ? await attempt.right() : 0,
    ...(attempt?.admitted === false ? { retryAt: attempt.retryAt } : {}),
  };
}

/** The person's view of a case in trouble: nothing to change (unknown, locked or withdrawn). */
export class StatusClosedError extends Error {
  override name = "StatusClosedError";
}

/** What the caller may do with the case: it is found, open with the receipt (and PIN), not withdrawn. */
export async function unlocked(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  now: number,
) {
  const located = await locate(deps, receipt, pin, now);
  const { record: found, identity } = located;
  if (!found || !identity || found.withdrawn || !located.receipt)
    throw new StatusClosedError("Nothing to change.");
  return { found, identity, digests: located.digests, receipt: located.receipt };
}

const DAY_MS = 86_400_000;
/** A change the person makes keeps the case for the region's whole retention from now. */
export const expiresAfterChange = (region: Region, now: number) =>
  Math.floor((now + region.retention.caseDays * DAY_MS) / 1000);

/** Sealed to the person's key, armored as the case keeps what is written to the person. */
export async function sealArmored(
  deps: Pick<StatusDeps, "sealing">,
  recipient: string,
  text: string,
): Promise<string> {
  return deps.sealing.armor(await deps.sealing.seal([recipient], text));
}
