import { describe, expect, it } from "vitest";
import {
  type AssignmentState,
  canMove,
  claimWithinMs,
  inboxOrder,
  isOverdue,
  outcomeFits,
} from "../../domain/case-work.ts";
import { sampleRegion as region } from "../helpers/region-factory.ts";

describe("the moves of an assignment", () => {
  it.each<[AssignmentState, AssignmentState, boolean]>([
    ["sent", "claimed", true],
    ["pending", "claimed", true],
    ["sent", "declined", true],
    ["sent", "in_contact", false],
    ["claimed", "in_contact", true],
    ["claimed", "closed_helped", true],
    ["claimed", "declined", true],
    ["in_contact", "supported", true],
    ["in_contact", "in_contact", false],
    ["supported", "in_contact", false],
    ["referred", "closed_unreachable", true],
    ["referred", "supported", false],
    ["closed_helped", "in_contact", false],
    ["declined", "claimed", false],
  ])("%s → %s: %s", (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it.each([
    ["closed_helped", "income_secured", true],
    ["closed_helped", undefined, false],
    ["in_contact", undefined, true],
    ["in_contact", "income_secured", false],
  ] as const)("%s with outcome %s fits: %s", (state, outcome, fits) => {
    expect(outcomeFits(state, outcome)).toBe(fits);
  });
});

describe("an inbox", () => {
  it("puts emergencies first, then high, standard and information, the oldest first within each", () => {
    const cases = [
      { id: "a", urgency: "standard", receivedAt: 1 },
      { id: "b", urgency: "emergency", receivedAt: 5 },
      { id: "c", urgency: "high", receivedAt: 2 },
      { id: "d", urgency: "emergency", receivedAt: 3 },
      { id: "e", urgency: "information", receivedAt: 0 },
    ] as const;
    expect([...cases].sort(inboxOrder).map((c) => c.id)).toEqual(["d", "b", "c", "a", "e"]);
  });
});

describe("overdue", () => {
  const minute = 60_000;
  it("comes after the region's minutes for an emergency and hours for a high case, never for others", () => {
    expect(claimWithinMs("emergency", region)).toBe(
      region.escalation.emergencyUnclaimedMinutes * minute,
    );
    expect(claimWithinMs("high", region)).toBe(region.escalation.highUnclaimedHours * 60 * minute);
    expect(claimWithinMs("standard", region)).toBeNull();
    const limit = region.escalation.emergencyUnclaimedMinutes * minute;
    expect(
      isOverdue({ urgency: "emergency", receivedAt: 0, claimed: false }, region, limit - 1),
    ).toBe(false);
    expect(
      isOverdue({ urgency: "emergency", receivedAt: 0, claimed: false }, region, limit + 1),
    ).toBe(true);
    expect(
      isOverdue({ urgency: "emergency", receivedAt: 0, claimed: true }, region, limit + 1),
    ).toBe(false);
    expect(
      isOverdue({ urgency: "standard", receivedAt: 0, claimed: false }, region, 10 ** 12),
    ).toBe(false);
  });
});
