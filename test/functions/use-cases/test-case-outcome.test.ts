import { describe, expect, it } from "vitest";
import { CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import {
  removeTestCase,
  type TestCaseDeps,
  testCaseOutcome,
} from "../../../functions/use-cases/test-case-outcome.ts";
import { inMemoryTestCases } from "../../helpers/in-memory/test-cases.ts";
import { inMemoryWorld } from "../../helpers/in-memory/world.ts";

const OPS = { kind: "ops", name: "canary" } as const;

function aWorld() {
  const world = inMemoryWorld();
  const deps: TestCaseDeps = {
    cases: world.stored.cases,
    assignments: world.assigned.assignments,
    testCases: inMemoryTestCases(world.stored, world.assigned),
    audit: world.audit,
  };
  return { world, deps };
}

describe("ops reading a test case's routing outcome", () => {
  it("answers the case's state and each chosen organisation's assignment, before and after routing", async () => {
    const { world, deps } = aWorld();
    const { caseId } = await world.takeIn({ test: true, inDanger: "yes" });
    const chosen = world.stored.row(caseId).decision.routing.organisations;
    expect(chosen.length).toBeGreaterThan(1);
    expect(await testCaseOutcome(deps, caseId, world.clock.now)).toEqual({
      caseId,
      state: "received",
      organisations: chosen.map((organisation) => ({ organisation, state: "none" })),
    });
    await world.route(caseId);
    expect(await testCaseOutcome(deps, caseId, world.clock.now)).toEqual({
      caseId,
      state: "routed",
      organisations: chosen.map((organisation) => ({ organisation, state: "sent" })),
    });
  });

  it.each([
    ["a real case", false],
    ["a case that does not exist", undefined],
  ])("is 404 for %s, and removes nothing of it", async (_, test) => {
    const { world, deps } = aWorld();
    const { caseId } =
      test === undefined
        ? { caseId: "00000000-0000-4000-8000-000000000000" }
        : await world.routedCase({ test });
    const before = world.assigned.rows.size;
    await expect(testCaseOutcome(deps, caseId, world.clock.now)).rejects.toThrow(CaseNotFoundError);
    await expect(removeTestCase(deps, OPS, caseId, world.clock.now)).rejects.toThrow(
      CaseNotFoundError,
    );
    expect(world.assigned.rows.size).toBe(before);
    if (test === false) expect(world.stored.rows.has(caseId)).toBe(true);
    expect(await world.audit.list("ops", 10)).toEqual([]);
  });
});

describe("ops removing a test case", () => {
  it("removes the case and its assignments, out of every inbox, and writes it to the ops trail", async () => {
    const { world, deps } = aWorld();
    const { caseId } = await world.routedCase({ test: true, inDanger: "yes" });
    const chosen = world.stored.row(caseId).decision.routing.organisations;
    const other = await world.routedCase({ inDanger: "yes" });

    expect(await removeTestCase(deps, OPS, caseId, world.clock.now)).toEqual({
      removed: { assignments: chosen.length, case: true },
    });
    expect(world.stored.rows.has(caseId)).toBe(false);
    expect(world.assigned.ofCase(caseId)).toEqual({});
    for (const organisation of chosen) {
      const inbox = await world.assigned.assignments.ofOrganisation(organisation);
      expect(inbox.map((row) => row.caseId)).toEqual([other.caseId]);
    }
    expect(await world.audit.list("ops", 10)).toEqual([
      {
        at: world.clock.now,
        organisation: "ops",
        actor: "ops:canary",
        action: "test_removed",
        caseId,
        detail: { assignments: String(chosen.length) },
      },
    ]);
    await expect(testCaseOutcome(deps, caseId, world.clock.now)).rejects.toThrow(CaseNotFoundError);
  });
});
