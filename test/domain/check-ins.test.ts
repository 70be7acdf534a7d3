/** Check-ins as pure date and answer logic: when one falls due, how long a case is kept. */
import { describe, expect, it } from "vitest";
import {
  type CheckInAnswers,
  CheckInAnswersSchema,
  caseCheckInDue,
  checkInMonths,
  DEFAULT_CHECK_IN_MONTHS,
  dueCheckIn,
  followUpReport,
  keptUntil,
  latestCheckIn,
  needsFollowUp,
  signalsOf,
} from "../../domain/check-ins.ts";
import { decide, routingInputOf } from "../../domain/route.ts";
import { sampleRegion } from "../helpers/region-factory.ts";
import { aReport } from "../helpers/report-factory.ts";

const DAY = 86_400_000;
const MONTH = 30.4375 * DAY;
const closedAt = Date.UTC(2026, 0, 1);
const months = DEFAULT_CHECK_IN_MONTHS;

describe("latestCheckIn", () => {
  it.each([
    ["an open case", undefined, 400 * DAY, null],
    ["the day it closed", closedAt, closedAt, null],
    ["a day before the first month", closedAt, closedAt + MONTH - DAY, null],
    ["exactly one month after", closedAt, closedAt + MONTH, 1],
    ["two months after", closedAt, closedAt + 2 * MONTH, 1],
    ["four months after", closedAt, closedAt + 4 * MONTH, 3],
    ["two years after", closedAt, closedAt + 24 * MONTH, 12],
  ])("%s: %s", (_label, closed, now, expected) => {
    expect(latestCheckIn(closed, months, now)).toBe(expected);
  });
});

describe("dueCheckIn", () => {
  it.each([
    ["nothing answered, month 1 come", [], closedAt + MONTH, 1],
    ["month 1 answered", [1], closedAt + 2 * MONTH, null],
    ["month 1 answered, month 3 come", [1], closedAt + 3 * MONTH, 3],
    // A person who missed month 3 is asked once, for the latest, not for each missed one.
    ["month 3 missed, month 6 come", [1], closedAt + 6 * MONTH, 6],
    ["a later month answered covers an earlier one", [6], closedAt + 6 * MONTH, null],
    ["every month answered", [1, 3, 6, 12], closedAt + 30 * MONTH, null],
  ])("%s", (_label, answered, now, expected) => {
    expect(dueCheckIn(closedAt, answered, months, now)).toBe(expected);
  });

  it("is never due on an open case", () => {
    expect(dueCheckIn(undefined, [], months, closedAt + 24 * MONTH)).toBeNull();
  });

  it("follows the region's own months", () => {
    expect(dueCheckIn(closedAt, [], [2], closedAt + MONTH)).toBeNull();
    expect(dueCheckIn(closedAt, [], [2], closedAt + 2 * MONTH)).toBe(2);
  });
});

describe("caseCheckInDue", () => {
  const agreed = (checkIns: boolean) => ({ consent: { checkIns } });
  it.each([
    ["agreed, nothing answered, month 1 come", true, closedAt, [], 1],
    ["agreed, month 1 answered", true, closedAt, [{ month: 1 }], null],
    ["not agreed: never asked", false, closedAt, [], null],
    ["agreed, but the case is still open", true, undefined, [], null],
  ])("%s", (_label, checkIns, closed, answered, expected) => {
    const found = { closedAt: closed, routingInput: agreed(checkIns), checkIns: answered };
    expect(caseCheckInDue(found, sampleRegion, closedAt + 2 * MONTH)).toBe(expected);
  });
});

describe("checkInMonths", () => {
  it("defaults to 1, 3, 6 and 12 months", () => {
    const { checkIns: _none, ...withoutCheckIns } = sampleRegion;
    expect(checkInMonths(withoutCheckIns)).toEqual([1, 3, 6, 12]);
  });

  it("takes the region's months when it sets them", () => {
    expect(checkInMonths({ ...sampleRegion, checkIns: { months: [2, 4] } })).toEqual([2, 4]);
  });
});

describe("keptUntil", () => {
  it.each([
    ["from closing: the first check-in, then caseDays", closedAt, closedAt + MONTH + 90 * DAY],
    ["after month 1 answered: month 3", closedAt + MONTH + DAY, closedAt + 3 * MONTH + 90 * DAY],
    [
      "after the last check-in: caseDays after it",
      closedAt + 13 * MONTH,
      closedAt + 13 * MONTH + 90 * DAY,
    ],
  ])("%s", (_label, after, expected) => {
    expect(keptUntil(closedAt, after, months, 90)).toBe(expected);
  });
});

describe("signals of the answers", () => {
  it.each<
    [string, CheckInAnswers, { danger: boolean; lost: string[]; wantsHelp: boolean }, boolean]
  >([
    [
      "all well",
      {
        safe: "yes",
        housed: "yes",
        working: "yes",
        documents: "yes",
        inContact: "no",
        wantHelp: "no",
      },
      { danger: false, lost: [], wantsHelp: false },
      false,
    ],
    ["not safe", { safe: "no" }, { danger: true, lost: [], wantsHelp: false }, true],
    [
      "still in contact with the person who did it",
      { inContact: "yes" },
      { danger: true, lost: [], wantsHelp: false },
      true,
    ],
    [
      "lost housing and work",
      { housed: "no", working: "no" },
      { danger: false, lost: ["housing", "job"], wantsHelp: false },
      true,
    ],
    [
      "lost documents",
      { documents: "no" },
      { danger: false, lost: ["documents"], wantsHelp: false },
      true,
    ],
    ["asks for help", { wantHelp: "yes" }, { danger: false, lost: [], wantsHelp: true }, true],
    ["nothing answered", {}, { danger: false, lost: [], wantsHelp: false }, false],
  ])("%s", (_label, answers, signals, followUp) => {
    expect(signalsOf(answers)).toEqual(signals);
    expect(needsFollowUp(signalsOf(answers))).toBe(followUp);
  });

  it.each([
    ["an unknown question", { sleeping: "yes" }],
    ["an answer other than yes or no", { safe: "maybe" }],
    ["an answer that is not text", { safe: true }],
  ])("refuses %s", (_label, input) => {
    expect(CheckInAnswersSchema().safeParse(input).success).toBe(false);
  });
});

describe("followUpReport", () => {
  const routingInput = routingInputOf(aReport({ contactLanguages: ["pl"] }));

  it("keeps what the case kept in clear, links the receipt and asks nobody to call", () => {
    const report = followUpReport(
      { safe: "no", housed: "no" },
      { routingInput, locale: "pl" },
      "R".repeat(26),
    );
    expect(report).toMatchObject({
      locale: "pl",
      inDanger: "yes",
      lost: ["housing"],
      previouslyExploited: "yes",
      municipality: "GM0344",
      contactLanguages: ["pl"],
      contact: { channel: "none" },
      consent: { share: true, checkIns: true },
      previousReceipt: "R".repeat(26),
    });
  });

  it("asks for someone to talk to when the person only asks for help", () => {
    const report = followUpReport(
      { wantHelp: "yes" },
      { routingInput, locale: "pl" },
      "R".repeat(26),
    );
    expect(report.needs).toEqual(["psychosocial"]);
    expect(report.inDanger).toBe("no");
  });

  it("makes a report the policy can decide", () => {
    const report = followUpReport(
      { inContact: "yes" },
      { routingInput, locale: "pl" },
      "R".repeat(26),
    );
    expect(report.situation).toBe("left_in_contact");
    expect(() => decide(report, sampleRegion)).not.toThrow();
  });
});
