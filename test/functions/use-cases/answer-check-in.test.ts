import { describe, expect, it } from "vitest";
import type { CheckInAnswers } from "../../../domain/check-ins.ts";
import { normaliseReceipt } from "../../../domain/receipt.ts";
import { answerCheckIn } from "../../../functions/use-cases/answer-check-in.ts";
import { statusOf } from "../../../functions/use-cases/read-status.ts";
import { StatusClosedError } from "../../../functions/use-cases/receipt-access.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { DAY, T0 } from "../../helpers/in-memory/world.ts";

const CHECK_INS = { consent: { share: true, authorities: false, checkIns: true } };
const A_MONTH_ON = T0 + 31 * DAY;
const FINE: CheckInAnswers = { safe: "yes", housed: "yes", working: "yes", wantHelp: "no" };

/** A case closed at T0 whose person agreed to check-ins. */
async function closedCase() {
  const world = personWorld();
  const { caseId, receipt } = await world.reported(CHECK_INS);
  await world.close(caseId, T0);
  return { world, caseId, receipt };
}

describe("answering a check-in", () => {
  it.each([
    ["all is well", FINE, false],
    ["not safe", { ...FINE, safe: "no" }, true],
    ["still in contact with the exploiter", { ...FINE, inContact: "yes" }, true],
    ["lost the housing", { ...FINE, housed: "no" }, true],
    ["wants help", { ...FINE, wantHelp: "yes" }, true],
    ["nothing answered", {}, false],
  ] as const)("keeps the codes when %s, a follow-up: %s", async (_, answers, followUp) => {
    const { world, caseId, receipt } = await closedCase();
    const cases = world.stored.rows.size;
    const result = await answerCheckIn(world.status, receipt, undefined, answers, A_MONTH_ON);
    expect(result.recorded).toBe(true);
    expect(result.followUp !== null).toBe(followUp);
    expect(world.stored.rows.size).toBe(cases + (followUp ? 1 : 0));
    expect(world.stored.row(caseId).checkIns).toEqual([
      expect.objectContaining({ month: 1, answeredAt: A_MONTH_ON, followUp }),
    ]);
  });

  it("makes a follow-up report in danger, linked to the earlier one, with a receipt of its own", async () => {
    const { world, receipt } = await closedCase();
    const result = await answerCheckIn(
      world.status,
      receipt,
      undefined,
      { ...FINE, safe: "no" },
      A_MONTH_ON,
    );
    const followUp = result.followUp;
    expect(followUp?.urgency).toBe("emergency");
    expect(followUp?.receipt).not.toBe(receipt);
    const newCase = [...world.stored.rows.values()].at(-1);
    expect(newCase).toMatchObject({ source: "check_in", unproven: false });
    expect(newCase?.previousDigests?.length).toBe(world.status.receiptKeys.length);
    expect(world.queues.enqueued.at(-1)).toBe(newCase?.caseId);
    // The new receipt opens the follow-up.
    expect(
      await statusOf(world.status, followUp?.receipt ?? "", undefined, A_MONTH_ON),
    ).toMatchObject({ found: true, locked: false });
  });

  it("answers a replay with the same follow-up (a stable submission id), making no second report", async () => {
    const { world, receipt } = await closedCase();
    const answers: CheckInAnswers = { ...FINE, safe: "no" };
    const first = await answerCheckIn(world.status, receipt, undefined, answers, A_MONTH_ON);
    const cases = world.stored.rows.size;
    const again = await answerCheckIn(world.status, receipt, undefined, answers, A_MONTH_ON + 1000);
    expect(again.followUp?.receipt).toBe(first.followUp?.receipt);
    expect(world.stored.rows.size).toBe(cases);
    expect(normaliseReceipt(first.followUp?.receipt ?? "")).toHaveLength(16);
  });

  it("keeps the first answers of a month: a second, different answer changes nothing", async () => {
    const { world, caseId, receipt } = await closedCase();
    await answerCheckIn(world.status, receipt, undefined, FINE, A_MONTH_ON);
    const again = await answerCheckIn(
      world.status,
      receipt,
      undefined,
      { ...FINE, safe: "no" },
      A_MONTH_ON + 1000,
    );
    expect(again).toEqual({ recorded: true, followUp: null });
    expect(world.stored.row(caseId).checkIns).toHaveLength(1);
  });

  it.each([
    ["before the case closed", false, true, A_MONTH_ON],
    ["before the first check-in is due", true, true, T0 + DAY],
    ["when the person did not agree to check-ins", true, false, A_MONTH_ON],
  ])("refuses an answer %s", async (_, close, agreed, at) => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported({
      consent: { share: true, authorities: false, checkIns: agreed },
    });
    if (close) await world.close(caseId, T0);
    await expect(answerCheckIn(world.status, receipt, undefined, FINE, at)).rejects.toThrow(
      new StatusClosedError("No check-in is due."),
    );
    expect(world.stored.row(caseId).checkIns).toBeUndefined();
  });

  it("refuses a receipt that opens nothing", async () => {
    const { world } = await closedCase();
    await expect(
      answerCheckIn(world.status, "1111 2222 3333 4444", undefined, FINE, A_MONTH_ON),
    ).rejects.toBeInstanceOf(StatusClosedError);
  });
});
