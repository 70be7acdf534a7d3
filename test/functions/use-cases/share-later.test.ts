import { describe, expect, it } from "vitest";
import type { Report } from "../../../domain/report.ts";
import { NobodyToReadError } from "../../../functions/use-cases/person-replies.ts";
import { statusOf } from "../../../functions/use-cases/read-status.ts";
import { StatusClosedError } from "../../../functions/use-cases/receipt-access.ts";
import { shareLater } from "../../../functions/use-cases/share-later.ts";
import { withdraw } from "../../../functions/use-cases/withdraw-case.ts";
import { peek } from "../../helpers/in-memory/crypto.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { HOUR, recipientsOf, T0 } from "../../helpers/in-memory/world.ts";

const NOT_SHARED: Partial<Report> = {
  consent: { share: false, authorities: false, checkIns: false },
};
const LATER = T0 + HOUR;

async function unshared(changes: Partial<Report> = {}) {
  const world = personWorld();
  const { caseId, receipt } = await world.reported({ ...NOT_SHARED, ...changes });
  world.queues.enqueued.length = 0;
  return { world, caseId, receipt };
}

describe("sharing later", () => {
  it("routes the case with the new consent, back to the router's queue", async () => {
    const { world, caseId, receipt } = await unshared();
    expect(world.stored.row(caseId).decision.routing.organisations).toEqual([]);
    const shared = await shareLater(
      world.share,
      receipt,
      undefined,
      { authorities: false },
      undefined,
      LATER,
    );
    const row = world.stored.row(caseId);
    expect(shared.organisations).toBe(row.decision.routing.organisations.length);
    expect(shared.organisations).toBeGreaterThan(0);
    expect(row).toMatchObject({ state: "received", waiting: "case", waitingSince: LATER });
    expect(row.routingInput.consent).toMatchObject({ share: true, authorities: false });
    expect(world.queues.enqueued).toEqual([caseId]);
    // Routed, it reaches the organisations and the page no longer offers to share.
    await world.route(caseId, LATER);
    expect(Object.keys(world.assigned.ofCase(caseId))).toEqual(
      row.decision.routing.organisations.toSorted(),
    );
    expect(await statusOf(world.status, receipt, undefined, LATER)).toMatchObject({
      canShare: false,
    });
  });

  it("is done once: a second share is refused and routes nothing more", async () => {
    const { world, receipt } = await unshared();
    await shareLater(world.share, receipt, undefined, { authorities: false }, undefined, LATER);
    await expect(
      shareLater(world.share, receipt, undefined, { authorities: true }, undefined, LATER + 1),
    ).rejects.toBeInstanceOf(StatusClosedError);
    expect(world.queues.enqueued).toHaveLength(1);
  });

  it("routes once when two shares come at once", async () => {
    const { world, receipt } = await unshared();
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        shareLater(world.share, receipt, undefined, { authorities: false }, "Call me.", LATER),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(world.queues.enqueued).toHaveLength(1);
    expect(world.told.sent.filter((a) => a.kind === "reply").length).toBeGreaterThan(0);
  });

  it("seals what the person writes with the share to the organisations, as a reply", async () => {
    const { world, caseId, receipt } = await unshared();
    await shareLater(
      world.share,
      receipt,
      undefined,
      { authorities: false },
      "  Call me after six.  ",
      LATER,
    );
    const [sent] = world.stored.row(caseId).replies ?? [];
    const organisations = world.stored.row(caseId).decision.routing.organisations;
    expect(Object.keys(sent?.sealed ?? {}).sort()).toEqual([...organisations].sort());
    for (const organisation of organisations)
      expect(peek(sent?.sealed[organisation] ?? "")).toEqual({
        to: recipientsOf(organisation),
        text: "Call me after six.",
      });
  });

  it.each([
    ["blank", "   "],
    ["left out", undefined],
  ])("writes no reply when the text is %s", async (_, text) => {
    const { world, caseId, receipt } = await unshared();
    await shareLater(world.share, receipt, undefined, { authorities: false }, text, LATER);
    expect(world.stored.row(caseId).replies).toBeUndefined();
  });

  it("refuses a case shared already", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await expect(
      shareLater(world.share, receipt, undefined, { authorities: false }, undefined, LATER),
    ).rejects.toThrow(new StatusClosedError("It is shared already."));
  });

  it("refuses a withdrawn case", async () => {
    const { world, receipt } = await unshared();
    await withdraw(world.status, receipt, undefined, "consent", LATER);
    await expect(
      shareLater(world.share, receipt, undefined, { authorities: false }, undefined, LATER + 1),
    ).rejects.toBeInstanceOf(StatusClosedError);
    expect(world.queues.enqueued).toEqual([]);
  });

  it("refuses, storing nothing, a question for information nobody could answer", async () => {
    // G1: information only, and no way to reach the person.
    const { world, caseId, receipt } = await unshared({ needs: ["information"] });
    const error = await shareLater(
      world.share,
      receipt,
      undefined,
      { authorities: false },
      "Hi",
      LATER,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NobodyToReadError);
    expect(world.stored.row(caseId).routingInput.consent.share).toBe(false);
    expect(world.stored.row(caseId).replies).toBeUndefined();
    expect(world.queues.enqueued).toEqual([]);
  });
});
