/**
 * Check-ins (issue: the person comes back): when the person agreed (`consent.checkIns`), a few
 * short questions fall due some months after the case closed (1, 3, 6 and 12 by default; a
 * region may set its own). An answer that signals danger or a loss becomes a follow-up report,
 * triaged and routed like any other and linked to the earlier one; the other answers are kept
 * as codes, for statistics without content.
 */
import * as z from "zod/mini";
import { onFirstUse } from "./on-first-use.ts";
import type { Region } from "./region.ts";
import type { Report } from "./report.ts";
import type { RoutingInput } from "./route.ts";
import type { Loss, Need } from "./vocabulary.ts";

export const DEFAULT_CHECK_IN_MONTHS = [1, 3, 6, 12] as const;

/** The questions, each answered yes or no (or left out). */
export const CHECK_IN_QUESTIONS = [
  "safe",
  "housed",
  "working",
  "documents",
  "inContact",
  "wantHelp",
] as const;
export type CheckInQuestion = (typeof CHECK_IN_QUESTIONS)[number];

const checkInAnswersSchema = () =>
  z.strictObject(
    Object.fromEntries(
      CHECK_IN_QUESTIONS.map((question) => [question, z.optional(z.enum(["yes", "no"]))]),
    ) as Record<CheckInQuestion, z.ZodMiniOptional<z.ZodMiniEnum<{ yes: "yes"; no: "no" }>>>,
  );
/** Built when a check-in is first read (domain/on-first-use.ts). */
export const CheckInAnswersSchema = /* @__PURE__ */ onFirstUse(checkInAnswersSchema);
export type CheckInAnswers = z.output<ReturnType<typeof checkInAnswersSchema>>;

const MONTH_MS = 30.4375 * 86_400_000;

export function checkInMonths(region: Region): readonly number[] {
  return region.checkIns?.months ?? DEFAULT_CHECK_IN_MONTHS;
}

/**
 * The check-in due now, as the month it belongs to, or null: the latest one whose time has
 * come and that was not answered (a person who missed one is asked once, not twice).
 */
export function dueCheckIn(
  closedAt: number | undefined,
  answeredMonths: readonly number[],
  months: readonly number[],
  now: number,
): number | null {
  const latest = latestCheckIn(closedAt, months, now);
  if (latest === null) return null;
  return answeredMonths.some((answered) => answered >= latest) ? null : latest;
}

/** A case as far as its check-ins go: when it closed, whether the person agreed, what they answered. */
export interface CheckedInCase {
  closedAt?: number | undefined;
  routingInput: { consent: { checkIns: boolean } };
  checkIns?: readonly { month: number }[] | undefined;
}

/** The check-in of a case due now, if the person agreed to check-ins; null otherwise. */
export function caseCheckInDue(found: CheckedInCase, region: Region, now: number): number | null {
  if (!found.routingInput.consent.checkIns) return null;
  const answered = (found.checkIns ?? []).map((entry) => entry.month);
  return dueCheckIn(found.closedAt, answered, checkInMonths(region), now);
}

/** The latest check-in whose time has come, answered or not; null before the first. */
export function latestCheckIn(
  closedAt: number | undefined,
  months: readonly number[],
  now: number,
): number | null {
  if (closedAt === undefined) return null;
  return months.filter((month) => closedAt + month * MONTH_MS <= now).at(-1) ?? null;
}

const DAY_MS = 86_400_000;

/**
 * Until when a closed case with check-ins is kept (epoch ms): the region's caseDays after the
 * next check-in due after `after` (its closing, or the last check-in answered), or after
 * `after` when none is left. A person who misses a check-in is forgotten caseDays after it.
 */
export function keptUntil(
  closedAt: number,
  after: number,
  months: readonly number[],
  caseDays: number,
): number {
  const next = months.map((month) => closedAt + month * MONTH_MS).find((due) => due > after);
  return (next ?? after) + caseDays * DAY_MS;
}

export interface Signals {
  danger: boolean;
  lost: Loss[];
  wantsHelp: boolean;
}

export function signalsOf(answers: CheckInAnswers): Signals {
  const lost: Loss[] = [];
  if (answers.housed === "no") lost.push("housing");
  if (answers.working === "no") lost.push("job");
  if (answers.documents === "no") lost.push("documents");
  return {
    danger: answers.safe === "no" || answers.inContact === "yes",
    lost,
    wantsHelp: answers.wantHelp === "yes",
  };
}

/** Whether the answers call for help again: danger, a loss, or a plain ask. */
export const needsFollowUp = (signals: Signals) =>
  signals.danger || signals.lost.length > 0 || signals.wantsHelp;

/**
 * The follow-up report a check-in makes: what the answers say, on the ground of what the case
 * kept in clear (its routing input, municipality, languages), linked to the earlier report by
 * the receipt the person came back with.
 */
export function followUpReport(
  answers: CheckInAnswers,
  earlier: { routingInput: RoutingInput; locale: string },
  previousReceipt: string,
): Report {
  const signals = signalsOf(answers);
  // Asking for help again, with nothing else said: someone to talk to first.
  const needs: Need[] = signals.wantsHelp ? ["psychosocial"] : [];
  const { routingInput } = earlier;
  return {
    version: 1,
    locale: earlier.locale,
    reporter: "self",
    inDanger: answers.safe === "no" ? "yes" : "no",
    minor: routingInput.minor,
    situation: answers.inContact === "yes" ? "left_in_contact" : "unsure",
    exploitation: routingInput.exploitation,
    indicators: [],
    lost: signals.lost,
    needs,
    previouslyExploited: "yes",
    municipality: routingInput.municipality,
    contactLanguages: routingInput.contactLanguages,
    // Nobody is to call: the person comes back with the receipt.
    contact: { channel: "none", leaveMessage: false },
    consent: { share: true, authorities: routingInput.consent.authorities, checkIns: true },
    previousReceipt,
  };
}
