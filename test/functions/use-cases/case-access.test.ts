import { describe, expect, it } from "vitest";
import { checkInMonths, keptUntil } from "../../../domain/check-ins.ts";
import {
  assigned,
  CaseConflictError,
  CaseNotFoundError,
  closeIfDone,
  expiresAfterChange,
  move,
  record,
} from "../../../functions/use-cases/case-access.ts";
import { DAY, HOUR, inMemoryWorld, T0 } from "../../helpers/in-memory/world.ts";

const coord = { organisation: "coord", name: "Cas" };

describe("assigned", () => {
  it("gives an organisation its own assignment and the case", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const found = await assigned(world.deps.work, coord, caseId, T0);
    expect(found.assignment).toMatchObject({ caseId, organisation: "coord", state: "sent" });
    expect(found.record.caseId).toBe(caseId);
  });

  it.each([
    ["another organisation's case", "shelter", (_row: { expiresAt: number }) => {}],
    [
      "an expired case",
      "coord",
      (row: { expiresAt: number }) => {
        row.expiresAt = T0 / 1000;
      },
    ],
  ])("refuses %s exactly as a missing one", async (_name, organisation, arrange) => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    arrange(world.stored.row(caseId));
    const staff = { organisation, name: "Someone" };
    const refusal = await assigned(world.deps.work, staff, caseId, T0).catch((error) => error);
    const missing = await assigned(world.deps.work, staff, "no-such-case", T0).catch((e) => e);
    expect(refusal).toBeInstanceOf(CaseNotFoundError);
    expect(refusal.message).toBe(missing.message);
  });
});

describe("move", () => {
  it("refuses a move the case's state does not allow, and one another staff member made first", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const { assignment } = await assigned(world.deps.work, coord, caseId, T0);
    await expect(move(world.deps.work, coord, assignment, "closed_helped", {}, T0)).rejects.toThrow(
      CaseConflictError,
    );
    await move(world.deps.work, coord, assignment, "claimed", { claimedBy: "Cas" }, T0);
    // The same read, used again: the store's condition refuses it.
    await expect(
      move(
        world.deps.work,
        { ...coord, name: "Kim" },
        assignment,
        "claimed",
        { claimedBy: "Kim" },
        T0,
      ),
    ).rejects.toThrow(/Someone else changed this case/);
    expect(world.assigned.row(caseId, "coord").claimedBy).toBe("Cas");
  });
});

describe("closeIfDone", () => {
  it("closes the case only once every organisation on it closed or declined", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ inDanger: "yes" });
    world.assigned.row(caseId, "shelter").state = "closed_helped";
    await closeIfDone(world.deps.work, caseId, T0 + HOUR);
    expect(world.stored.row(caseId).closedAt).toBeUndefined();

    world.assigned.row(caseId, "coord").state = "declined";
    await closeIfDone(world.deps.work, caseId, T0 + 2 * HOUR);
    expect(world.stored.row(caseId)).toMatchObject({
      closedAt: T0 + 2 * HOUR,
      expiresAt: expiresAfterChange(world.region, T0 + 2 * HOUR),
    });
    await closeIfDone(world.deps.work, caseId, T0 + 3 * HOUR);
    expect(world.stored.row(caseId).closedAt).toBe(T0 + 2 * HOUR);
  });

  it("keeps a case whose person agreed to check-ins until its next check-in", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({
      consent: { share: true, authorities: false, checkIns: true },
    });
    world.assigned.row(caseId, "coord").state = "closed_helped";
    const now = T0 + DAY;
    await closeIfDone(world.deps.work, caseId, now);
    const until = keptUntil(now, now, checkInMonths(world.region), world.region.retention.caseDays);
    expect(world.stored.row(caseId).expiresAt).toBe(Math.floor(until / 1000));
    expect(until).toBeGreaterThan(now + world.region.retention.caseDays * DAY);
  });
});

describe("record", () => {
  it("writes one line of the organisation's audit trail, with codes only", async () => {
    const world = inMemoryWorld();
    await record(world.deps.work, coord, "state", T0, "case-1", { state: "in_contact" });
    await record(world.deps.work, coord, "list", T0);
    expect(world.audit.entries).toEqual([
      {
        at: T0,
        organisation: "coord",
        actor: "Cas",
        action: "state",
        caseId: "case-1",
        detail: { state: "in_contact" },
      },
      { at: T0, organisation: "coord", actor: "Cas", action: "list" },
    ]);
  });
});
