import { describe, expect, it } from "vitest";
import { CaseConflictError } from "../../../functions/use-cases/case-access.ts";
import { claimCase } from "../../../functions/use-cases/change-state.ts";
import {
  CaseForbiddenError,
  flagCase,
  unflagCase,
} from "../../../functions/use-cases/flag-case.ts";
import { listCases } from "../../../functions/use-cases/list-cases.ts";
import { HOUR, type InMemoryWorld, inMemoryWorld, T0 } from "../../helpers/in-memory/world.ts";

const sam = { organisation: "shelter", name: "Sam" };
const cas = { organisation: "coord", name: "Cas" };
const hiddenFor = (world: InMemoryWorld, caseId: string, organisation: string) =>
  world.assigned.row(caseId, organisation).hidden ?? false;
const inInbox = async (world: InMemoryWorld, staff: typeof sam, now = T0 + HOUR) =>
  (await listCases(world.deps.work, staff, {}, now)).map((summary) => summary.caseId);

/** A case in danger routed to the shelter and the coordinator, made of the urgency asked. */
async function aCase(world: InMemoryWorld, urgency: "emergency" | "high" = "high") {
  const { caseId } = await world.routedCase({ inDanger: "yes" });
  const row = world.stored.row(caseId);
  row.decision.triage.urgency = urgency;
  for (const assignment of Object.values(world.assigned.ofCase(caseId)))
    assignment.urgency = urgency;
  return caseId;
}

describe("flagCase", () => {
  it("takes the case out of the flagging organisation's inbox only, and tells every other one", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);

    const answer = await flagCase(world.deps.flag, sam, caseId, { flag: "spam" }, T0 + HOUR);

    expect(answer).toEqual({ flag: "spam", forEveryone: false, hidden: true });
    expect(world.stored.row(caseId).flags).toEqual({
      shelter: { kind: "spam", forEveryone: false, at: T0 + HOUR },
    });
    expect([hiddenFor(world, caseId, "shelter"), hiddenFor(world, caseId, "coord")]).toEqual([
      true,
      false,
    ]);
    expect(world.queues.notices).toEqual([
      expect.objectContaining({
        kind: "flagged",
        organisation: "coord",
        flaggedBy: "shelter",
        flag: "spam",
        forEveryone: false,
      }),
    ]);
    expect(
      world.audit.entries.map((entry) => [entry.organisation, entry.actor, entry.action]),
    ).toEqual([
      ["shelter", "Sam", "flag"],
      ["coord", "org:shelter", "flag"],
    ]);
    expect(await inInbox(world, sam)).toEqual([]);
    expect(await inInbox(world, cas)).toEqual([caseId]);
  });

  it("lets the coordinator take a case out of every inbox", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);
    const answer = await flagCase(
      world.deps.flag,
      cas,
      caseId,
      { flag: "abuse", forEveryone: true },
      T0,
    );
    expect(answer).toEqual({ flag: "abuse", forEveryone: true, hidden: true });
    expect([hiddenFor(world, caseId, "shelter"), hiddenFor(world, caseId, "coord")]).toEqual([
      true,
      true,
    ]);
    expect(world.queues.notices).toEqual([
      expect.objectContaining({ kind: "flagged", organisation: "shelter", forEveryone: true }),
    ]);
  });

  it("refuses a mark for everyone from anyone but the coordinator, and changes nothing", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);
    await expect(
      flagCase(world.deps.flag, sam, caseId, { flag: "spam", forEveryone: true }, T0),
    ).rejects.toThrow(CaseForbiddenError);
    expect(world.stored.row(caseId).flags).toBeUndefined();
    expect(world.queues.notices).toEqual([]);
  });

  it("never hides an emergency nobody claimed, even marked for everyone", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world, "emergency");
    const answer = await flagCase(
      world.deps.flag,
      cas,
      caseId,
      { flag: "spam", forEveryone: true },
      T0,
    );
    expect(answer.hidden).toBe(false);
    expect(await inInbox(world, sam)).toEqual([caseId]);
    expect(await inInbox(world, cas)).toEqual([caseId]);

    await claimCase(world.deps.work, sam, caseId, T0 + HOUR);
    expect(await inInbox(world, cas)).toEqual([]);
  });

  it("refuses to flag a case the person withdrew", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);
    await world.withdraw(caseId);
    await expect(flagCase(world.deps.flag, sam, caseId, { flag: "spam" }, T0)).rejects.toThrow(
      /withdrew this case/,
    );
  });
});

describe("unflagCase", () => {
  it("puts the case back in the inbox, and tells every other organisation", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);
    await flagCase(world.deps.flag, sam, caseId, { flag: "spam" }, T0);

    const answer = await unflagCase(world.deps.flag, sam, caseId, T0 + HOUR);

    expect(answer).toEqual({ flag: null, forEveryone: false, hidden: false });
    expect(world.stored.row(caseId).flags).toEqual({});
    expect(hiddenFor(world, caseId, "shelter")).toBe(false);
    expect(world.queues.notices.at(-1)).toMatchObject({
      kind: "unflagged",
      organisation: "coord",
      flaggedBy: "shelter",
    });
    expect(await inInbox(world, sam, T0 + 2 * HOUR)).toEqual([caseId]);
  });

  it("keeps the case out of an inbox while the coordinator's mark for everyone stands", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);
    await flagCase(world.deps.flag, sam, caseId, { flag: "spam" }, T0);
    await flagCase(world.deps.flag, cas, caseId, { flag: "spam", forEveryone: true }, T0);
    expect((await unflagCase(world.deps.flag, sam, caseId, T0 + HOUR)).hidden).toBe(true);
    expect(hiddenFor(world, caseId, "shelter")).toBe(true);
  });

  it("refuses to take back a flag the organisation never set", async () => {
    const world = inMemoryWorld();
    const caseId = await aCase(world);
    await flagCase(world.deps.flag, cas, caseId, { flag: "spam" }, T0);
    await expect(unflagCase(world.deps.flag, sam, caseId, T0)).rejects.toThrow(CaseConflictError);
    expect(world.stored.row(caseId).flags).toHaveProperty("coord");
  });
});
