import { describe, expect, it } from "vitest";
import { claimCase } from "../../../functions/use-cases/change-state.ts";
import { escalateUnclaimed } from "../../../functions/use-cases/escalate-unclaimed.ts";
import {
  aWorldRegionWithTestOrganisation,
  HOUR,
  type InMemoryWorld,
  inMemoryWorld,
  MINUTE,
  T0,
} from "../../helpers/in-memory/world.ts";

const IN_DANGER = { inDanger: "yes" } as const;
const escalate = (world: InMemoryWorld, now: number) => escalateUnclaimed(world.deps.escalate, now);

/** An emergency case routed to the shelter alone (the coordinator not on it). */
async function anEmergencyWithoutTheCoordinator(world: InMemoryWorld) {
  const { caseId } = await world.takeIn(IN_DANGER);
  const row = world.stored.row(caseId);
  row.decision.routing = {
    ...row.decision.routing,
    organisations: ["shelter"],
    coordinator: false,
  };
  await world.route(caseId);
  world.queues.enqueued.length = 0;
  return caseId;
}

describe("escalateUnclaimed", () => {
  it("escalates an emergency nobody claimed in time to the coordinator, once", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    world.told.sent.length = 0;

    expect(await escalate(world, T0 + 29 * MINUTE)).toEqual({ escalated: [] });
    expect(await escalate(world, T0 + 31 * MINUTE)).toEqual({ escalated: [caseId] });
    expect(await escalate(world, T0 + 60 * MINUTE)).toEqual({ escalated: [] });

    const at = T0 + 31 * MINUTE;
    expect(world.stored.row(caseId).escalatedAt).toBe(at);
    expect(world.assigned.row(caseId, "coord").escalatedAt).toBe(at);
    expect(world.queues.notices).toEqual([
      expect.objectContaining({ kind: "escalation", organisation: "coord", caseId, at }),
    ]);
    expect(world.told.sent).toEqual([{ organisation: "coord", kind: "escalation", reach: "all" }]);
    expect(world.told.counted).toEqual([
      { name: "Escalations", dimensions: { urgency: "emergency" } },
    ]);
    expect(world.audit.entries).toEqual([
      expect.objectContaining({
        organisation: "coord",
        actor: "system",
        action: "escalated",
        caseId,
      }),
    ]);
  });

  it("leaves a test case (the smoke test's, left behind): it wakes nobody", async () => {
    const world = inMemoryWorld(aWorldRegionWithTestOrganisation());
    const { caseId } = await world.routedCase({ ...IN_DANGER, test: true });
    world.told.sent.length = 0;
    expect(await escalate(world, T0 + 31 * MINUTE)).toEqual({ escalated: [] });
    expect(world.stored.row(caseId).escalatedAt).toBeUndefined();
    expect(world.told.sent).toEqual([]);
    expect(world.told.counted).toEqual([]);
  });

  it("takes a test case still waiting (routed by an older router) out of the list, telling nobody", async () => {
    const world = inMemoryWorld(aWorldRegionWithTestOrganisation());
    const { caseId } = await world.routedCase({ ...IN_DANGER, test: true });
    await world.stored.cases.awaitClaim(caseId, "emergency", T0);
    world.told.sent.length = 0;
    expect(await escalate(world, T0 + 31 * MINUTE)).toEqual({ escalated: [] });
    expect(await world.stored.cases.unclaimed("emergency", T0 + HOUR, 10)).toEqual([]);
    expect(world.told.sent).toEqual([]);
    expect(world.told.counted).toEqual([]);
    expect(world.queues.notices).toEqual([]);
  });

  it("leaves a case someone claimed in time", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    await claimCase(
      world.deps.work,
      { organisation: "shelter", name: "Sam" },
      caseId,
      T0 + 10 * MINUTE,
    );
    expect(await escalate(world, T0 + 2 * HOUR)).toEqual({ escalated: [] });
    expect(world.queues.notices).toEqual([]);
  });

  it("leaves a case the person withdrew", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    const row = world.stored.row(caseId);
    const waiting = { waiting: row.waiting, waitingSince: row.waitingSince };
    await world.withdraw(caseId, "consent", T0 + MINUTE);
    Object.assign(row, waiting); // even if the index still pointed at it
    expect(await escalate(world, T0 + 2 * HOUR)).toEqual({ escalated: [] });
    expect(world.told.counted).toEqual([]);
  });

  it("routes the case to a coordinator that was not on it, which joins marked as escalated", async () => {
    const world = inMemoryWorld();
    const caseId = await anEmergencyWithoutTheCoordinator(world);
    const sealedAtIntake = world.sealing.sealCount;
    const at = T0 + 31 * MINUTE;
    await escalate(world, at);

    const row = world.stored.row(caseId);
    expect(row.state).toBe("received");
    expect(row.decision.routing).toMatchObject({
      organisations: ["shelter", "coord"],
      coordinator: true,
    });
    expect(world.queues.enqueued).toEqual([caseId]);
    await world.route(caseId, at + MINUTE);
    expect(world.assigned.row(caseId, "coord")).toMatchObject({ state: "sent", escalatedAt: at });
    // Joined with what is in clear only: nothing is sealed again by the server.
    expect(world.sealing.sealCount).toBe(sealedAtIntake);
    expect(await escalate(world, at + HOUR)).toEqual({ escalated: [] });
  });

  it("escalates a high case after the region's hours", async () => {
    const world = inMemoryWorld();
    const { caseId, answer } = await world.routedCase({ minor: "yes", lost: ["housing"] });
    expect(answer.urgency).toBe("high");
    expect(await escalate(world, T0 + 23 * HOUR)).toEqual({ escalated: [] });
    expect(await escalate(world, T0 + 25 * HOUR)).toEqual({ escalated: [caseId] });
    expect(world.told.counted).toEqual([{ name: "Escalations", dimensions: { urgency: "high" } }]);
  });

  it("alerts by email only for an unproven case", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn(IN_DANGER);
    world.stored.row(caseId).unproven = true;
    await world.route(caseId);
    world.told.sent.length = 0;
    await escalate(world, T0 + HOUR);
    expect(world.told.sent).toEqual([
      { organisation: "coord", kind: "escalation", reach: "email" },
    ]);
  });
});
