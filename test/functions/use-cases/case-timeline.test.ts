import { describe, expect, it } from "vitest";
import { CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import { caseTimeline } from "../../../functions/use-cases/case-timeline.ts";
import { claimCase } from "../../../functions/use-cases/change-state.ts";
import { listCases } from "../../../functions/use-cases/list-cases.ts";
import { readCase } from "../../../functions/use-cases/read-case.ts";
import { inMemoryWorld, T0 } from "../../helpers/in-memory/world.ts";

const cas = { organisation: "coord", name: "Cas" };

describe("caseTimeline", () => {
  it("shows the case's own steps, newest first, without reads of the case, the trail or the list", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const { caseId: another } = await world.routedCase();
    await listCases(world.deps.work, cas, {}, T0 + 1);
    await readCase(world.deps.work, cas, caseId, T0 + 2);
    await claimCase(world.deps.work, cas, caseId, T0 + 3);
    await claimCase(world.deps.work, cas, another, T0 + 4);
    await caseTimeline(world.deps.work, cas, caseId, T0 + 5);

    const entries = await caseTimeline(world.deps.work, cas, caseId, T0 + 6);
    expect(entries.map((entry) => [entry.action, entry.actor, entry.at])).toEqual([
      ["claim", "Cas", T0 + 3],
    ]);
    expect(world.audit.entries.at(-1)).toMatchObject({ action: "audit_read", caseId });
  });

  it("refuses another organisation's case as a missing one, and writes nothing", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const before = world.audit.entries.length;
    await expect(
      caseTimeline(world.deps.work, { organisation: "police", name: "Pat" }, caseId, T0),
    ).rejects.toThrow(CaseNotFoundError);
    expect(world.audit.entries.length).toBe(before);
  });
});
