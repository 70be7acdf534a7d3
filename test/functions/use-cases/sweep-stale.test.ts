import { describe, expect, it } from "vitest";
import { STALE_AFTER_MS, sweepStale } from "../../../functions/use-cases/sweep-stale.ts";
import { inMemoryWorld, MINUTE, T0 } from "../../helpers/in-memory/world.ts";

describe("sweepStale", () => {
  it.each([
    ["not yet stale", STALE_AFTER_MS - 1, 0],
    ["stale", STALE_AFTER_MS + 1, 1],
  ])("enqueues a case still received when it is %s", async (_name, after, requeued) => {
    const world = inMemoryWorld();
    world.queues.failNext("routing");
    const { caseId } = await world.takeIn();
    expect(world.queues.enqueued).toEqual([]);

    expect(await sweepStale(world.deps.sweep, T0 + after)).toEqual({ requeued });
    expect(world.queues.enqueued).toEqual(requeued ? [caseId] : []);
  });

  it("leaves a routed case alone", async () => {
    const world = inMemoryWorld();
    await world.routedCase();
    world.queues.enqueued.length = 0;
    expect(await sweepStale(world.deps.sweep, T0 + 10 * MINUTE)).toEqual({ requeued: 0 });
  });

  it("enqueues a case once for its stale pending assignments and itself", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.takeIn({ inDanger: "yes" });
    world.queues.failNext("delivery", 2);
    await expect(world.route(caseId)).rejects.toThrow();
    expect(world.assigned.row(caseId, "shelter").state).toBe("pending");
    world.queues.enqueued.length = 0;

    expect(await sweepStale(world.deps.sweep, T0 + 10 * MINUTE)).toEqual({ requeued: 1 });
    expect(world.queues.enqueued).toEqual([caseId]);
  });

  it("enqueues the case of a pending assignment whose case was marked routed", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    world.queues.enqueued.length = 0;
    await world.assigned.assignments.create({
      ...world.assigned.row(caseId, "coord"),
      organisation: "legal",
      state: "pending",
      createdAt: T0,
    });
    expect(await sweepStale(world.deps.sweep, T0 + 10 * MINUTE)).toEqual({ requeued: 1 });
    expect(world.queues.enqueued).toEqual([caseId]);
  });

  it("makes the router finish what a crash left, without a second assignment", async () => {
    const world = inMemoryWorld();
    world.queues.failNext("routing");
    const { caseId } = await world.takeIn();
    await sweepStale(world.deps.sweep, T0 + 10 * MINUTE);
    expect(await world.route(caseId, T0 + 10 * MINUTE)).toBe("routed");
    expect(await sweepStale(world.deps.sweep, T0 + 20 * MINUTE)).toEqual({ requeued: 0 });
    expect(Object.keys(world.assigned.ofCase(caseId))).toEqual(["coord"]);
  });
});
