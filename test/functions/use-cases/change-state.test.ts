import { describe, expect, it } from "vitest";
import type { AssignmentState, Outcome, WorkState } from "../../../domain/case-work.ts";
import { CaseConflictError, CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import { changeState, claimCase } from "../../../functions/use-cases/change-state.ts";
import { HOUR, inMemoryWorld, MINUTE, T0 } from "../../helpers/in-memory/world.ts";

const sam = { organisation: "shelter", name: "Sam" };
const cas = { organisation: "coord", name: "Cas" };

describe("claimCase", () => {
  it("claims the assignment for the staff member and ends the wait for a first claim", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ inDanger: "yes" });
    expect(world.stored.row(caseId).waiting).toBe("unclaimed#emergency");

    await claimCase(world.deps.work, sam, caseId, T0 + 5 * MINUTE);

    expect(world.assigned.row(caseId, "shelter")).toMatchObject({
      state: "claimed",
      claimedBy: "Sam",
      claimedAt: T0 + 5 * MINUTE,
    });
    expect(world.stored.row(caseId).claimedAt).toBe(T0 + 5 * MINUTE);
    expect(await world.deps.escalate.cases.unclaimed("emergency", T0 + HOUR, 10)).toEqual([]);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({ organisation: "shelter", actor: "Sam", action: "claim", caseId }),
    ]);
  });

  it("keeps the first claim of the case when a second organisation claims", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ inDanger: "yes" });
    await claimCase(world.deps.work, sam, caseId, T0 + MINUTE);
    await claimCase(world.deps.work, cas, caseId, T0 + 2 * MINUTE);
    expect(world.stored.row(caseId).claimedAt).toBe(T0 + MINUTE);
  });

  it("refuses a second claim of the same assignment", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ inDanger: "yes" });
    await claimCase(world.deps.work, sam, caseId, T0);
    await expect(
      claimCase(world.deps.work, { ...sam, name: "Kim" }, caseId, T0 + MINUTE),
    ).rejects.toThrow(CaseConflictError);
    expect(world.assigned.row(caseId, "shelter").claimedBy).toBe("Sam");
  });

  it("refuses the case of another organisation as a missing one", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    await expect(claimCase(world.deps.work, sam, caseId, T0)).rejects.toThrow(CaseNotFoundError);
  });
});

describe("changeState", () => {
  it.each<[AssignmentState, WorkState, Outcome | undefined]>([
    ["claimed", "in_contact", undefined],
    ["in_contact", "supported", undefined],
    ["supported", "closed_helped", "housing_found"],
    ["claimed", "closed_unreachable", "person_unreachable"],
  ])("moves a case %s to %s", async (from, state, outcome) => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    world.assigned.row(caseId, "coord").state = from;
    await changeState(world.deps.work, cas, caseId, { state, outcome }, T0 + HOUR);
    const row = world.assigned.row(caseId, "coord");
    expect([row.state, row.outcome, row.updatedAt]).toEqual([state, outcome, T0 + HOUR]);
    expect(world.audit.entries.at(-1)).toMatchObject({
      action: "state",
      detail: { state, ...(outcome ? { outcome } : {}) },
    });
  });

  it.each<[string, AssignmentState, WorkState, Outcome | undefined]>([
    ["closing without an outcome", "claimed", "closed_helped", undefined],
    ["an outcome without closing", "claimed", "in_contact", "other"],
    ["working a case not claimed", "sent", "in_contact", undefined],
    ["reopening a closed case", "closed_helped", "in_contact", undefined],
    ["working a withdrawn case", "withdrawn", "in_contact", undefined],
    ["closing a withdrawn case", "withdrawn", "closed_helped", "other"],
  ])("refuses %s, and changes nothing", async (_name, from, state, outcome) => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    world.assigned.row(caseId, "coord").state = from;
    await expect(
      changeState(world.deps.work, cas, caseId, { state, outcome }, T0 + HOUR),
    ).rejects.toThrow(CaseConflictError);
    expect(world.assigned.row(caseId, "coord").state).toBe(from);
    expect(world.audit.entries).toEqual([]);
  });

  it("refuses a step on a case the person withdrew", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    await claimCase(world.deps.work, cas, caseId, T0);
    await world.withdraw(caseId);
    await expect(
      changeState(world.deps.work, cas, caseId, { state: "in_contact" }, T0 + HOUR),
    ).rejects.toThrow(CaseConflictError);
  });

  it("closes the case when the last organisation on it closes", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ inDanger: "yes" });
    for (const staff of [sam, cas]) await claimCase(world.deps.work, staff, caseId, T0);
    const close = { state: "closed_helped", outcome: "safe_place_found" } as const;
    await changeState(world.deps.work, sam, caseId, close, T0 + HOUR);
    expect(world.stored.row(caseId).closedAt).toBeUndefined();
    await changeState(world.deps.work, cas, caseId, close, T0 + 2 * HOUR);
    expect(world.stored.row(caseId).closedAt).toBe(T0 + 2 * HOUR);
  });
});
