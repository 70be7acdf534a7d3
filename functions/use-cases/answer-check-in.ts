/**
 * The person answers a check-in months after their case closed: the answers are kept as codes,
 * and answers that call for help again make a follow-up report, through the intake.
 */
import { createHmac } from "node:crypto";
import {
  type CheckInAnswers,
  checkInMonths,
  followUpReport,
  keptUntil,
  latestCheckIn,
  needsFollowUp,
  signalsOf,
} from "../../domain/check-ins.ts";
import type { ReceiptHashKey } from "../ports/crypto.ts";
import { StatusClosedError, type StatusDeps, unlocked } from "./receipt-access.ts";
import type { IntakeAnswer } from "./submit-report.ts";

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
