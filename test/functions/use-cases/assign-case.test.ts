import { describe, expect, it } from "vitest";
import type { AssignmentState } from "../../../domain/case-work.ts";
import type { Caller } from "../../../functions/ports/access.ts";
import {
  assignCase,
  handOverStaffCases,
  teamOf,
} from "../../../functions/use-cases/assign-case.ts";
import { CaseConflictError, CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import { DAY, type InMemoryWorld, inMemoryWorld, T0 } from "../../helpers/in-memory/world.ts";

const cas = { organisation: "coord", name: "Cas" };

/** Puts staff members on their organisation's roster with a credential of `days`. */
async function enrol(world: InMemoryWorld, names: string[], organisation = "coord", days = 30) {
  for (const name of names) {
    const caller: Caller = { kind: "staff", organisation, name };
    await world.credentials.issue({
      tokenHash: `${organisation}-${name}`,
      caller,
      issuedAt: T0,
      expiresAt: T0 / 1000 + days * 86_400,
    });
  }
}

describe("teamOf", () => {
  it("lists the organisation's staff with a live credential, alphabetically, and no one else", async () => {
    const world = inMemoryWorld();
    await enrol(world, ["Noor", "Cas", "Bram"]);
    await enrol(world, ["Lou"], "legal");
    await enrol(world, ["Old"], "coord", 1);
    await world.credentials.revoke({ kind: "staff", organisation: "coord", name: "Bram" }, T0);
    expect(await teamOf(world.deps.team, cas, T0 + 2 * DAY)).toEqual(["Cas", "Noor"]);
  });
});

describe("assignCase", () => {
  it.each<[AssignmentState]>([["pending"], ["sent"]])(
    "claims a case that is %s in the colleague's name",
    async (state) => {
      const world = inMemoryWorld();
      await enrol(world, ["Cas", "Noor"]);
      const { caseId } = await world.routedCase();
      world.assigned.row(caseId, "coord").state = state;

      expect(await assignCase(world.deps.team, cas, caseId, "Noor", T0 + 1)).toEqual({
        claimedBy: "Noor",
      });
      expect(world.assigned.row(caseId, "coord")).toMatchObject({
        state: "claimed",
        claimedBy: "Noor",
        claimedAt: T0 + 1,
      });
      expect(world.stored.row(caseId).claimedAt).toBe(T0 + 1);
      expect(world.audit.entries.at(-1)).toEqual({
        at: T0 + 1,
        organisation: "coord",
        actor: "Cas",
        action: "assign",
        caseId,
        detail: { to: "Noor" },
      });
    },
  );

  it.each<[AssignmentState]>([["claimed"], ["in_contact"], ["supported"], ["referred"]])(
    "gives a case that is %s to the colleague, keeping its state",
    async (state) => {
      const world = inMemoryWorld();
      await enrol(world, ["Cas", "Noor"]);
      const { caseId } = await world.routedCase();
      Object.assign(world.assigned.row(caseId, "coord"), { state, claimedBy: "Cas" });

      await assignCase(world.deps.team, cas, caseId, "Noor", T0 + 1);
      expect(world.assigned.row(caseId, "coord")).toMatchObject({ state, claimedBy: "Noor" });
    },
  );

  it.each<[AssignmentState]>([["closed_helped"], ["declined"], ["withdrawn"]])(
    "refuses to give a case that is %s",
    async (state) => {
      const world = inMemoryWorld();
      await enrol(world, ["Cas", "Noor"]);
      const { caseId } = await world.routedCase();
      Object.assign(world.assigned.row(caseId, "coord"), { state, claimedBy: "Cas" });
      await expect(assignCase(world.deps.team, cas, caseId, "Noor", T0)).rejects.toThrow(
        CaseConflictError,
      );
      expect(world.assigned.row(caseId, "coord").claimedBy).toBe("Cas");
    },
  );

  it("refuses a name that is not on the team, and another organisation's case", async () => {
    const world = inMemoryWorld();
    await enrol(world, ["Cas"]);
    await enrol(world, ["Lou"], "legal");
    const { caseId } = await world.routedCase();
    await expect(assignCase(world.deps.team, cas, caseId, "Lou", T0)).rejects.toThrow(
      /Nobody of that name/,
    );
    await enrol(world, ["Pat"], "police");
    await expect(
      assignCase(world.deps.team, { organisation: "police", name: "Pat" }, caseId, "Pat", T0),
    ).rejects.toThrow(CaseNotFoundError);
    expect(world.assigned.row(caseId, "coord").claimedBy).toBeUndefined();
    expect(world.audit.entries.filter((entry) => entry.action === "assign")).toEqual([]);
  });
});

describe("handOverStaffCases", () => {
  it("gives everything a leaving colleague held and still works on to another, and nothing else", async () => {
    const world = inMemoryWorld();
    await enrol(world, ["Cas", "Noor"]);
    const held: string[] = [];
    const states: [AssignmentState, string][] = [
      ["claimed", "Old"],
      ["in_contact", "Old"],
      ["closed_helped", "Old"],
      ["claimed", "Cas"],
    ];
    for (const [state, claimedBy] of states) {
      const { caseId } = await world.routedCase();
      Object.assign(world.assigned.row(caseId, "coord"), { state, claimedBy });
      held.push(caseId);
    }

    expect(await handOverStaffCases(world.deps.team, cas, "Old", "Noor", T0 + DAY)).toEqual({
      moved: 2,
    });
    expect(held.map((caseId) => world.assigned.row(caseId, "coord").claimedBy)).toEqual([
      "Noor",
      "Noor",
      "Old",
      "Cas",
    ]);
    expect(world.audit.entries.at(-1)).toEqual({
      at: T0 + DAY,
      organisation: "coord",
      actor: "Cas",
      action: "staff_handover",
      detail: { from: "Old", to: "Noor", count: "2" },
    });
  });

  it.each([
    ["to the same person", "Old", "Old", /another colleague/],
    ["to someone not on the team", "Old", "Ghost", /Nobody of that name/],
  ])("refuses a hand-over %s", async (_name, from, to, refusal) => {
    const world = inMemoryWorld();
    await enrol(world, ["Cas", "Old"]);
    await expect(handOverStaffCases(world.deps.team, cas, from, to, T0)).rejects.toThrow(refusal);
  });
});
