/**
 * The person comes back with only their receipt (and their PIN, if they chose one): to see
 * what became of their report, read and answer what organisations wrote, withdraw, and answer
 * check-ins. The receipt is the one thread between a person and their cases; nothing else
 * identifies them.
 *
 * Guessing a receipt gets nothing: an unknown receipt and a malformed one get the same answer,
 * and a miss costs the same derivations as a hit (one digest per key version and one key
 * derivation, always), so neither the answer nor the work done tells them apart. PIN tries
 * are counted per case and slowed down for its whole life (status-pin.ts).
 */
import { createHmac, randomBytes, randomInt } from "node:crypto";
import { armor, Decrypter, Encrypter } from "age-encryption";
import {
  type CheckInAnswers,
  checkInMonths,
  dueCheckIn,
  followUpReport,
  keptUntil,
  latestCheckIn,
  needsFollowUp,
  signalsOf,
} from "../../domain/check-ins.ts";
import { normaliseReceipt, RECEIPT_DIGITS } from "../../domain/receipt.ts";
import type { Region } from "../../domain/region.ts";
import type { PersonKeys } from "../adapters/receipt-crypto.ts";
import type { ReceiptHashKey } from "../adapters/secrets.ts";
import type {
  Alerts,
  AssignmentStore,
  AuditLog,
  CaseRecord,
  CaseStore,
  DeliveryQueues,
  PersonMessage,
  PersonReply,
  PinAttempts,
  ReceiptLinks,
} from "./ports.ts";
import { normaliseNewPin, normalisePin, tryPin } from "./status-pin.ts";
import {
  canShareLater,
  nextOf,
  type TimelineEvent,
  timelineOf,
  type Writer,
  writerOf,
} from "./status-view.ts";
import type { IntakeAnswer } from "./submit-report.ts";

/** The two derivations the receipt goes through; a port, so tests can count them. */
export interface ReceiptCrypto {
  digest(receipt: string, key: ReceiptHashKey): Promise<string>;
  personKeys(receipt: string, salt: Buffer, pin?: string): Promise<PersonKeys>;
}

export interface StatusDeps {
  region: Region;
  receiptKeys: ReceiptHashKey[];
  crypto: ReceiptCrypto;
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

async function locate(
  deps: StatusDeps,
  receiptText: string,
  pinText: string | undefined,
  now: number,
): Promise<Located> {
  const receipt = normaliseReceipt(receiptText);
  // A malformed receipt is looked up as a random one: the same work, and nothing found.
  const tried = receipt ?? Array.from({ length: RECEIPT_DIGITS }, () => randomInt(10)).join("");
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
    person ? Buffer.from(person.salt, "base64") : randomBytes(16),
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

export async function open(identity: string, sealed: string): Promise<string | null> {
  try {
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    return await decrypter.decrypt(armor.decode(sealed), "text");
  } catch {
    return null;
  }
}

export async function seal(recipients: readonly string[], text: string): Promise<string> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(text));
}

/* ---------- the status ---------- */

export type { TimelineEvent } from "./status-view.ts";

export type Status =
  /** no report behind this receipt (or not a receipt at all): the same answer */
  | { found: false }
  /** a report exists; its PIN was not given (or not right, or not taken before `retryAt`) */
  | { found: true; locked: true; retryAt?: number }
  | {
      found: true;
      locked: false;
      locale: string;
      timeline: TimelineEvent[];
      /** newest first, opened with the person's key: what organisations wrote, and the replies */
      messages: { id: string; at: number; text: string; from: Writer }[];
      /** what happens next (and tonight), in the case's locale */
      next: { next: string[]; tonight: string[] };
      /** shared with nobody: the person may share it now */
      canShare: boolean;
      /** a check-in due now, by the month after closing it belongs to */
      checkIn: number | null;
      pinSet: boolean;
      withdrawn: boolean;
      /** wrong PINs tried since the person last got in: shown once, then counted from zero */
      wrongPinTries: number;
    };

export async function statusOf(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  now: number,
): Promise<Status> {
  const located = await locate(deps, receipt, pin, now);
  const { record: found, identity } = located;
  if (!found) return { found: false };
  // A withdrawn case keeps its PIN's protection: only one withdrawn without a PIN shows its
  // timeline to the receipt alone.
  if (!identity && (!found.withdrawn || found.person?.pin))
    return {
      found: true,
      locked: true,
      ...(located.retryAt ? { retryAt: located.retryAt } : {}),
    };
  const written = [
    ...(found.messages ?? []).map((m) => ({ ...m, from: writerOf(deps.region, m.organisation) })),
    ...(found.replies ?? []).map((r) => ({ ...r, sealed: r.person ?? "", from: "you" as const })),
  ];
  const messages = identity
    ? await Promise.all(
        written.map(async ({ id, at, from, sealed }) => ({
          id,
          at,
          from,
          text: (await open(identity, sealed)) ?? "",
        })),
      )
    : [];
  const assignments = found.withdrawn ? [] : await deps.assignments.ofCase(found.caseId);
  const timeline = timelineOf(found, assignments);
  const sharedAt = timeline.find((event) => event.event === "shared")?.at ?? now;
  return {
    found: true,
    locked: false,
    locale: found.locale,
    timeline,
    next: nextOf(found, deps.region, sharedAt),
    canShare: canShareLater(found),
    messages: messages.filter((message) => message.text !== "").sort((a, b) => b.at - a.at),
    checkIn:
      !found.withdrawn && found.routingInput.consent.checkIns
        ? dueCheckIn(
            found.closedAt,
            (found.checkIns ?? []).map((entry) => entry.month),
            checkInMonths(deps.region),
            now,
          )
        : null,
    pinSet: found.person?.pin === true,
    withdrawn: found.withdrawn !== undefined,
    wrongPinTries: located.wrongPinTries,
  };
}

/** A new PIN must be 6 to 10 digits (any script's digits), not an easy one. */
export class InvalidPinError extends Error {
  override name = "InvalidPinError";
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

/* ---------- the PIN ---------- */

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
    const text = await open(identity, message.sealed);
    if (text !== null) messages.push({ ...message, sealed: await seal([keys.recipient], text) });
  }
  // The person's own copies of their replies too; the organisations' copies stay as they are.
  const replies: PersonReply[] = [];
  for (const { person, ...rest } of found.replies ?? []) {
    const text = person ? await open(identity, person) : null;
    replies.push(text === null ? rest : { ...rest, person: await seal([keys.recipient], text) });
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

/* ---------- replies ---------- */

const DAY_MS = 86_400_000;
export const expiresAfterChange = (region: Region, now: number) =>
  Math.floor((now + region.retention.caseDays * DAY_MS) / 1000);

/* ---------- withdrawal ---------- */

/**
 * Withdraws consent, or deletes the case: the organisations are told (a notice and an alert),
 * everything sealed and everything the person said is deleted, and only counts remain (when it
 * came, how urgent, how many organisations had it). Deleting also forgets the receipt's link,
 * so a later report cannot be tied to this one.
 */
export async function withdraw(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  kind: "consent" | "delete",
  now: number,
): Promise<{ locale: string }> {
  const { found, digests } = await unlocked(deps, receipt, pin, now);
  const assignments = await deps.assignments.ofCase(found.caseId);
  await deps.cases.withdraw(
    found.caseId,
    { kind, at: now },
    expiresAfterChange(deps.region, now),
    found.person?.pin ? found.person : undefined,
  );
  if (kind === "delete") for (const digest of digests) await deps.links.remove(digest);
  for (const assignment of assignments) {
    if (!["withdrawn"].includes(assignment.state))
      await deps.assignments.move(
        found.caseId,
        assignment.organisation,
        assignment.state,
        "withdrawn",
        {},
        now,
      );
    await deps.delivery.notify({
      kind: "withdrawn",
      version: 1,
      envelopeId: `${found.caseId}:withdrawn:${assignment.organisation}`,
      caseId: found.caseId,
      organisation: assignment.organisation,
      at: now,
      urgency: found.decision.triage.urgency,
    });
    await deps.alerts.notify(assignment.organisation, "withdrawn");
    await deps.audit.append({
      at: now,
      organisation: assignment.organisation,
      actor: "person",
      action: "withdrawn",
      caseId: found.caseId,
      detail: { kind },
    });
  }
  return { locale: found.locale };
}

/* ---------- check-ins ---------- */

export type CheckInResult =
  | { recorded: true; followUp: null }
  /** the answers called for help again: a new report, with its own receipt */
  | { recorded: true; followUp: IntakeAnswer };

export async function answerCheckIn(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  answers: CheckInAnswers,
  now: number,
): Promise<CheckInResult> {
  const { found, identity, receipt: digits } = await unlocked(deps, receipt, pin, now);
  const month = found.routingInput.consent.checkIns
    ? latestCheckIn(found.closedAt, checkInMonths(deps.region), now)
    : null;
  if (month === null) throw new StatusClosedError("No check-in is due.");
  const signals = signalsOf(answers);
  const followUp = needsFollowUp(signals);
  const answeredBefore = (found.checkIns ?? []).find((entry) => entry.month === month);
  // Retention counts from the last check-in.
  const until = keptUntil(
    found.closedAt ?? now,
    now,
    checkInMonths(deps.region),
    deps.region.retention.caseDays,
  );
  const recorded =
    answeredBefore === undefined &&
    (await deps.cases.recordCheckIn(
      found.caseId,
      { month, answeredAt: now, signals, followUp },
      Math.floor(until / 1000),
    ));
  const entry = recorded
    ? { followUp }
    : (answeredBefore ??
      (await deps.cases.get(found.caseId, now))?.checkIns?.find((e) => e.month === month));
  if (!entry) throw new StatusClosedError("No check-in is due.");
  if (!entry.followUp) return { recorded: true, followUp: null };
  // The follow-up report of this check-in has one submissionId, and its report is made from the
  // case alone: a replay (or a retry after a failure) goes through the intake's idempotency
  // and answers the same receipt.
  const report = followUpReport(
    answers,
    { routingInput: found.routingInput, locale: found.locale },
    digits,
  );
  const secret = `check-in:${found.caseId}:${month}:${identity}:${JSON.stringify(answers)}`;
  return {
    recorded: true,
    followUp: await deps.submitFollowUp(
      report,
      checkInSubmissionId(deps.receiptKeys, digits, found.caseId, month),
      secret,
      now,
    ),
  };
}

/**
 * A stable UUID for the follow-up report of one check-in of one case, that nobody can work out
 * from the case id (organisations see it): an HMAC under the receipt key, of the receipt too.
 */
export function checkInSubmissionId(
  keys: readonly ReceiptHashKey[],
  receipt: string,
  caseId: string,
  month: number,
): string {
  const hex = createHmac("sha256", keys[0]?.key ?? "")
    .update(`check-in:${caseId}:${month}:${receipt}`)
    .digest("hex");
  // Formatted as a version-4-shaped UUID (the contract's submissionId is a UUID).
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
