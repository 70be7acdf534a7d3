import { describe, expect, it } from "vitest";
import { MAX_ROUTING_ATTEMPTS, routeCase } from "../../../functions/use-cases/route-case.ts";
import { HOUR, inMemoryWorld, T0 } from "../../helpers/in-memory/world.ts";

const IN_DANGER = { inDanger: "yes" } as const;

describe("routeCase", () => {
  it("gives every routed organisation an assignment, an envelope and an alert, then marks the case routed", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(IN_DANGER);

    expect(await world.route(caseId, T0 + HOUR)).toBe("routed");

    const assignments = world.assigned.ofCase(caseId);
    expect(Object.keys(assignments).sort()).toEqual(["coord", "shelter"]);
    for (const assignment of Object.values(assignments))
      expect(assignment).toMatchObject({
        state: "sent",
        urgency: "emergency",
        receivedAt: T0,
        envelopeId: `${caseId}:${assignment.organisation}`,
      });
    expect(world.queues.delivered.map((envelope) => envelope.organisation).sort()).toEqual([
      "coord",
      "shelter",
    ]);
    expect(world.queues.delivered[0]).toMatchObject({ kind: "case", caseId, urgency: "emergency" });
    expect(world.told.sent).toEqual(
      expect.arrayContaining([
        { organisation: "coord", kind: "emergency_case", reach: "all" },
        { organisation: "shelter", kind: "emergency_case", reach: "all" },
      ]),
    );
    const row = world.stored.row(caseId);
    expect(row.state).toBe("routed");
    expect(row.expiresAt).toBe((T0 + HOUR) / 1000 + 90 * 86_400);
  });

  it("does nothing twice when the same message comes again", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(IN_DANGER);
    await world.route(caseId);
    expect(await world.route(caseId)).toBe("already-routed");
    expect(world.queues.delivered).toHaveLength(2);
    expect(world.told.sent).toHaveLength(2);
  });

  it("sends the envelope again, with the same id, when a delivery failed half-way", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn();
    world.queues.failNext("delivery");
    await expect(world.route(caseId)).rejects.toThrow("down");
    expect(world.assigned.row(caseId, "coord").state).toBe("pending");
    expect(world.stored.row(caseId).state).toBe("received");

    expect(await world.route(caseId)).toBe("routed");
    expect(world.queues.delivered).toEqual([
      expect.objectContaining({ envelopeId: `${caseId}:coord` }),
    ]);
    expect(world.assigned.row(caseId, "coord").state).toBe("sent");
    // Told once, by the attempt that delivered: a failed send must not leave it untold.
    expect(world.told.sent).toEqual([{ organisation: "coord", kind: "new_case", reach: "all" }]);
  });

  it.each([
    [
      "a person's emergency waits for its first claim (else it is escalated)",
      {},
      "unclaimed#emergency",
    ],
    ["a test case in danger waits for nobody: it is never escalated", { test: true }, undefined],
  ])("%s", async (_name, change, waiting) => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(IN_DANGER);
    Object.assign(world.stored.row(caseId), change);
    await world.route(caseId);
    expect(world.stored.row(caseId).waiting).toBe(waiting);
    expect(await world.stored.cases.unclaimed("emergency", T0 + HOUR, 10)).toEqual(
      waiting ? [caseId] : [],
    );
  });

  it.each([
    ["a smoke test's case", { test: true }, []],
    [
      "an unproven case (a form without a proof)",
      { unproven: true },
      [{ organisation: "coord", kind: "new_case", reach: "email" }],
    ],
    ["a plain case", {}, [{ organisation: "coord", kind: "new_case", reach: "all" }]],
  ])("alerts for %s as it may", async (_name, change, alerts) => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn();
    Object.assign(world.stored.row(caseId), change);
    await world.route(caseId);
    expect(world.told.sent).toEqual(alerts);
  });

  it.each([
    ["emergency", IN_DANGER, "unclaimed#emergency"],
    ["standard", {}, undefined],
  ] as const)("watches an %s case for its first claim: %s", async (_urgency, changes, waiting) => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(changes);
    await world.route(caseId);
    expect(world.stored.row(caseId).waiting).toBe(waiting);
  });

  it.each([
    [
      "withdrawn",
      async (world: ReturnType<typeof inMemoryWorld>, caseId: string) => world.withdraw(caseId),
    ],
    [
      "expired",
      async (world: ReturnType<typeof inMemoryWorld>, caseId: string) => {
        world.stored.row(caseId).expiresAt = T0 / 1000;
      },
    ],
    [
      "never stored",
      async (world: ReturnType<typeof inMemoryWorld>, caseId: string) => {
        world.stored.rows.delete(caseId);
      },
    ],
  ])("delivers nothing of a case %s", async (_name, arrange) => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn();
    await arrange(world, caseId);
    expect(await world.route(caseId)).toBe("gone");
    expect(world.queues.delivered).toEqual([]);
    expect(world.assigned.rows.size).toBe(0);
  });

  it("parks a case routing failed on too often, alarms once, and then leaves it", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn();
    world.queues.failNext("delivery", MAX_ROUTING_ATTEMPTS);
    for (let attempt = 0; attempt < MAX_ROUTING_ATTEMPTS; attempt++)
      await expect(world.route(caseId)).rejects.toThrow();

    expect(await world.route(caseId)).toBe("parked");
    expect(await world.route(caseId)).toBe("parked");
    expect(world.told.counted).toEqual([{ name: "ParkedCases", dimensions: {} }]);
    expect(world.stored.row(caseId).state).toBe("parked");
    expect(await world.deps.sweep.cases.waiting(T0 + HOUR, 10)).toEqual([]);
    expect(world.queues.delivered).toEqual([]);
  });

  it.each([
    ["an earlier case's receipt", true],
    ["a receipt nobody knows", false],
  ])("resolves a previous receipt silently: %s", async (_name, known) => {
    const world = inMemoryWorld();
    const earlier = await world.takeIn();
    const previousReceipt = known ? earlier.answer.receipt : "9999 9999 9999 9999";
    const { caseId } = await world.takeIn({ previousReceipt });
    await world.route(caseId);
    const row = world.stored.row(caseId);
    expect(row.linkedCase).toBe(known ? earlier.caseId : undefined);
    expect(row.previousDigests).toBeUndefined();
  });

  it("keeps a case the coordinator marked for everyone out of every inbox it joins", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(IN_DANGER);
    world.stored.row(caseId).flags = { coord: { kind: "spam", forEveryone: true, at: T0 } };
    await world.route(caseId);
    expect(world.assigned.row(caseId, "shelter").hidden).toBe(true);
  });

  it("marks the coordinator's new assignment of an escalated case", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(IN_DANGER);
    world.stored.row(caseId).escalatedAt = T0 + HOUR;
    await routeCase(world.deps.route, caseId, T0 + 2 * HOUR);
    expect(world.assigned.row(caseId, "coord").escalatedAt).toBe(T0 + HOUR);
    expect(world.assigned.row(caseId, "shelter").escalatedAt).toBeUndefined();
  });
});
