import { describe, expect, it } from "vitest";
import type { Report } from "../../../domain/report.ts";
import { choosePin } from "../../../functions/use-cases/choose-pin.ts";
import { statusOf } from "../../../functions/use-cases/read-status.ts";
import { StatusClosedError } from "../../../functions/use-cases/receipt-access.ts";
import { withdraw } from "../../../functions/use-cases/withdraw-case.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { HOUR, T0 } from "../../helpers/in-memory/world.ts";

const PIN = "482193";
/** A report in danger: the shelter (lead) and the coordinator have it. */
const IN_DANGER: Partial<Report> = { inDanger: "yes", needs: ["shelter"] };

describe("withdrawing a case", () => {
  it.each(["consent", "delete"] as const)(
    "(%s) tells every organisation on it, and keeps nothing the person said",
    async (kind) => {
      const world = personWorld();
      const { caseId, receipt } = await world.reported(IN_DANGER);
      const organisations = Object.keys(world.assigned.ofCase(caseId)).sort();
      expect(organisations.length).toBeGreaterThan(1);
      const at = T0 + HOUR;
      expect(await withdraw(world.status, receipt, undefined, kind, at)).toEqual({ locale: "en" });

      expect(world.queues.notices.map((n) => [n.kind, n.organisation, n.envelopeId])).toEqual(
        organisations.map((o) => ["withdrawn", o, `${caseId}:withdrawn:${o}`]),
      );
      expect(
        world.told.sent.filter((a) => a.kind === "withdrawn").map((a) => a.organisation),
      ).toEqual(organisations);
      for (const organisation of organisations) {
        expect((await world.assigned.assignments.get(caseId, organisation))?.state).toBe(
          "withdrawn",
        );
        expect(await world.audit.list(organisation, 1)).toEqual([
          { at, organisation, actor: "person", action: "withdrawn", caseId, detail: { kind } },
        ]);
      }
      const row = world.stored.row(caseId);
      expect(row.withdrawn).toEqual({ kind, at });
      for (const field of ["sealed", "clear", "routingInput", "messages", "replies", "person"])
        expect(row).not.toHaveProperty(field);
    },
  );

  it.each([
    ["consent", { found: true, locked: false, withdrawn: true }],
    ["delete", { found: false }],
  ] as const)("(%s) leaves the receipt finding %j", async (kind, status) => {
    const world = personWorld();
    const { receipt } = await world.reported();
    const linksBefore = world.stored.linkRows.size;
    await withdraw(world.status, receipt, undefined, kind, T0);
    expect(await statusOf(world.status, receipt, undefined, T0 + 1)).toMatchObject(status);
    expect(world.stored.linkRows.size).toBe(kind === "delete" ? linksBefore - 1 : linksBefore);
  });

  it("needs the PIN of a case that has one, and keeps the key so it still does", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    await choosePin(world.status, receipt, PIN, T0);
    await expect(withdraw(world.status, receipt, undefined, "consent", T0)).rejects.toBeInstanceOf(
      StatusClosedError,
    );
    expect(world.queues.notices).toEqual([]);
    await withdraw(world.status, receipt, PIN, "consent", T0 + 1);
    expect(world.stored.row(caseId).person?.pin).toBe(true);
    expect(await statusOf(world.status, receipt, undefined, T0 + 2)).toEqual({
      found: true,
      locked: true,
    });
  });

  it("is done once: a second withdrawal is refused and tells nobody again", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await withdraw(world.status, receipt, undefined, "consent", T0);
    const told = world.queues.notices.length;
    await expect(
      withdraw(world.status, receipt, undefined, "delete", T0 + 1),
    ).rejects.toBeInstanceOf(StatusClosedError);
    expect(world.queues.notices).toHaveLength(told);
  });

  it("withdraws a case shared with nobody without telling anyone", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported({
      consent: { share: false, authorities: false, checkIns: false },
    });
    await withdraw(world.status, receipt, undefined, "delete", T0);
    expect(world.queues.notices).toEqual([]);
    expect(world.told.sent.filter((a) => a.kind === "withdrawn")).toEqual([]);
    expect(world.stored.row(caseId).withdrawn?.kind).toBe("delete");
  });
});
