import { describe, expect, it } from "vitest";
import { parseRegion } from "../../../domain/region.ts";
import type { Report } from "../../../domain/report.ts";
import { CaseConflictError, CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import { claimCase } from "../../../functions/use-cases/change-state.ts";
import { declineCase } from "../../../functions/use-cases/decline-case.ts";
import {
  aWorldRegion,
  aWorldRegionWithTestOrganisation,
  HOUR,
  inMemoryWorld,
  recipientsOf,
  T0,
} from "../../helpers/in-memory/world.ts";
import { anOrganisation } from "../../helpers/region-factory.ts";

const sam = { organisation: "shelter", name: "Sam" };
const LOST_HOUSING: Partial<Report> = { lost: ["housing"] };

/** The world's region with a second shelter, that routing picks when the first declines. */
function withASecondShelter() {
  const region = aWorldRegion();
  return parseRegion({
    ...region,
    organisations: [
      ...region.organisations,
      anOrganisation("shelter-two", { needs: ["shelter"], recipients: recipientsOf("youth-care") }),
    ],
  });
}

describe("declineCase", () => {
  it("routes the case again without the organisation that declined, and tells the coordinator", async () => {
    const world = inMemoryWorld(withASecondShelter());
    const { caseId, record } = await world.routedCase(LOST_HOUSING);
    expect(record.decision.routing.organisations).toEqual(["shelter"]);
    world.queues.enqueued.length = 0;
    world.told.sent.length = 0;

    await declineCase(world.deps.work, sam, caseId, "no_capacity", T0 + HOUR);

    expect(world.assigned.row(caseId, "shelter")).toMatchObject({
      state: "declined",
      declineReason: "no_capacity",
    });
    const row = world.stored.row(caseId);
    expect(row).toMatchObject({ state: "received", declined: ["shelter"] });
    expect(row.decision.routing.organisations).toEqual(["shelter-two"]);
    expect(row.decision.routing.lead).toBe("shelter-two");
    expect(world.queues.enqueued).toEqual([caseId]);
    expect(world.queues.notices).toEqual([
      expect.objectContaining({
        kind: "declined",
        organisation: "coord",
        declinedBy: "shelter",
        reason: "no_capacity",
        envelopeId: `${caseId}:declined:shelter`,
      }),
    ]);
    expect(world.told.sent).toEqual([{ organisation: "coord", kind: "declined", reach: "all" }]);
    expect(world.told.counted).toEqual([
      { name: "Declines", dimensions: { organisation: "shelter" } },
    ]);
    expect(world.audit.entries.at(-1)).toMatchObject({
      action: "decline",
      detail: { reason: "no_capacity" },
    });

    expect(await world.route(caseId, T0 + 2 * HOUR)).toBe("routed");
    expect(world.assigned.row(caseId, "shelter-two").state).toBe("sent");
    expect(world.assigned.row(caseId, "shelter").state).toBe("declined");
  });

  it("keeps every organisation that declined out of later routings", async () => {
    const world = inMemoryWorld(withASecondShelter());
    const { caseId } = await world.routedCase(LOST_HOUSING);
    await declineCase(world.deps.work, sam, caseId, "no_capacity", T0 + HOUR);
    await world.route(caseId, T0 + HOUR);
    await declineCase(
      world.deps.work,
      { organisation: "shelter-two", name: "Ash" },
      caseId,
      "language",
      T0 + 2 * HOUR,
    );
    const row = world.stored.row(caseId);
    expect(row.declined).toEqual(["shelter", "shelter-two"]);
    expect(row.decision.routing.organisations).not.toContain("shelter");
    expect(row.decision.routing.organisations).not.toContain("shelter-two");
  });

  it("keeps the lead when another organisation declines", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ inDanger: "yes", lost: ["job"] });
    const before = world.stored.row(caseId).decision.routing;
    const other = before.organisations.find((id) => id !== before.lead && id !== "coord");
    expect(other).toBeDefined();
    await declineCase(
      world.deps.work,
      { organisation: String(other), name: "Lee" },
      caseId,
      "other",
      T0,
    );
    expect(world.stored.row(caseId).decision.routing.lead).toBe(before.lead);
  });

  it("routes a test case its test organisation declined among the test organisations, never to a real one", async () => {
    const world = inMemoryWorld(aWorldRegionWithTestOrganisation());
    const { caseId, record } = await world.routedCase({ ...LOST_HOUSING, test: true });
    expect(record.decision.routing.organisations).toEqual(["ops-test"]);
    await declineCase(
      world.deps.work,
      { organisation: "ops-test", name: "Ops" },
      caseId,
      "no_capacity",
      T0 + HOUR,
    );
    const real = world.region.organisations.filter((o) => !o.test).map((o) => o.id);
    const now = world.stored.row(caseId).decision.routing.organisations;
    expect(now.filter((id) => real.includes(id))).toEqual([]);
  });

  it("refuses the coordinator: it keeps the thread of the case", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    await expect(
      declineCase(
        world.deps.work,
        { organisation: "coord", name: "Cas" },
        caseId,
        "no_capacity",
        T0,
      ),
    ).rejects.toThrow(CaseConflictError);
    expect(world.assigned.row(caseId, "coord").state).toBe("sent");
    expect(world.queues.notices).toEqual([]);
  });

  it.each([
    [
      "twice",
      async (world: ReturnType<typeof inMemoryWorld>, caseId: string) => {
        await declineCase(world.deps.work, sam, caseId, "no_capacity", T0);
      },
      CaseConflictError,
    ],
    [
      "a case the person withdrew",
      async (world: ReturnType<typeof inMemoryWorld>, caseId: string) => {
        await claimCase(world.deps.work, sam, caseId, T0);
        await world.withdraw(caseId);
      },
      CaseConflictError,
    ],
    [
      "a case that is not its own",
      async (world: ReturnType<typeof inMemoryWorld>, caseId: string) => {
        world.assigned.rows.delete(`${caseId}|shelter`);
      },
      CaseNotFoundError,
    ],
  ])("refuses to decline %s", async (_name, arrange, refusal) => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(LOST_HOUSING);
    await arrange(world, caseId);
    const noticesBefore = world.queues.notices.length;
    await expect(declineCase(world.deps.work, sam, caseId, "other", T0 + HOUR)).rejects.toThrow(
      refusal,
    );
    expect(world.queues.notices).toHaveLength(noticesBefore);
  });
});
