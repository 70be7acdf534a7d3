import { describe, expect, it } from "vitest";
import type { AssignmentState } from "../../../domain/case-work.ts";
import type { Report } from "../../../domain/report.ts";
import { CaseConflictError } from "../../../functions/use-cases/case-access.ts";
import { type Handover, handOver } from "../../../functions/use-cases/hand-over.ts";
import { SealedPartError } from "../../../functions/use-cases/sealed-parts.ts";
import { peek } from "../../helpers/in-memory/crypto.ts";
import {
  aWorldRegionWithTestOrganisation,
  HOUR,
  type InMemoryWorld,
  inMemoryWorld,
  recipientsOf,
  T0,
} from "../../helpers/in-memory/world.ts";

const sam = { organisation: "shelter", name: "Sam" };
const IN_DANGER: Partial<Report> = { inDanger: "yes" };

/** What the handing organisation seals on its side, to `recipients` keys. */
async function sealedFor(world: InMemoryWorld, recipients: string[], text: string) {
  return world.sealing.armor(await world.sealing.seal(recipients, text));
}

/** An emergency routed to the shelter (lead) and the coordinator, claimed by the shelter. */
async function aClaimedCase(world: InMemoryWorld, changes: Partial<Report> = IN_DANGER) {
  const { caseId } = await world.routedCase(changes);
  world.assigned.row(caseId, "shelter").state = "claimed";
  world.queues.enqueued.length = 0;
  return caseId;
}

describe("handOver", () => {
  it("lets the new organisation join with what the handing one re-sealed for it", async () => {
    const world = inMemoryWorld();
    const caseId = await aClaimedCase(world);
    const narrative = await sealedFor(world, recipientsOf("legal"), "the narrative, again");
    const contact = await sealedFor(world, recipientsOf("legal"), "the contact, again");

    await handOver(
      world.deps.work,
      sam,
      caseId,
      { to: "legal", need: "legal", sealed: { narrative, contact } },
      T0 + HOUR,
    );

    const row = world.stored.row(caseId);
    expect(row.state).toBe("received");
    expect(row.decision.routing.organisations).toEqual(["shelter", "coord", "legal"]);
    expect(peek(row.sealed.legal?.narrative ?? "")).toEqual({
      to: recipientsOf("legal"),
      text: "the narrative, again",
    });
    expect(peek(row.sealed.legal?.contact ?? "")?.text).toBe("the contact, again");
    expect(world.queues.enqueued).toEqual([caseId]);
    expect(world.audit.entries.at(-1)).toMatchObject({
      organisation: "shelter",
      action: "handover",
      detail: { to: "legal", need: "legal" },
    });

    await world.route(caseId, T0 + 2 * HOUR);
    expect(world.assigned.row(caseId, "legal").state).toBe("sent");
    expect(world.assigned.row(caseId, "shelter").state).toBe("claimed");
  });

  it("lets a police unit join only with the person's consent to authorities", async () => {
    const world = inMemoryWorld();
    const refused = await aClaimedCase(world);
    await expect(
      handOver(world.deps.work, sam, refused, { to: "police", need: "safety", sealed: {} }, T0),
    ).rejects.toThrow(/did not agree to share with authorities/);

    const agreed = await aClaimedCase(world, {
      ...IN_DANGER,
      consent: { share: true, authorities: true, checkIns: false },
    });
    await handOver(world.deps.work, sam, agreed, { to: "police", need: "safety", sealed: {} }, T0);
    expect(world.stored.row(agreed).decision.routing.organisations).toContain("police");
  });

  it.each<[string, Partial<Handover>, AssignmentState, RegExp]>([
    ["an organisation not in the region", { to: "elsewhere" }, "claimed", /No organisation/],
    ["before a claim", {}, "sent", /Claim the case/],
    ["after closing", {}, "closed_helped", /Claim the case/],
    ["to an organisation on the case", { to: "coord" }, "claimed", /has this case already/],
  ])("refuses a hand-over %s", async (_name, change, state, message) => {
    const world = inMemoryWorld();
    const caseId = await aClaimedCase(world);
    world.assigned.row(caseId, "shelter").state = state;
    const before = structuredClone(world.stored.row(caseId).decision);
    const handover = { to: "legal", need: "legal", sealed: {}, ...change } as Handover;
    const refusal = handOver(world.deps.work, sam, caseId, handover, T0);
    await expect(refusal).rejects.toThrow(CaseConflictError);
    await expect(refusal).rejects.toThrow(message);
    expect(world.stored.row(caseId).decision).toEqual(before);
    expect(world.queues.enqueued).toEqual([]);
  });

  it("refuses a test organisation for a person's case, as if it did not exist", async () => {
    const world = inMemoryWorld(aWorldRegionWithTestOrganisation());
    const caseId = await aClaimedCase(world);
    const refusal = handOver(
      world.deps.work,
      sam,
      caseId,
      { to: "ops-test", need: "legal", sealed: {} },
      T0,
    );
    await expect(refusal).rejects.toThrow(/No organisation of the region has that id/);
    expect(world.stored.row(caseId).decision.routing.organisations).not.toContain("ops-test");
  });

  it("refuses the contact from an organisation that is not the lead", async () => {
    const world = inMemoryWorld();
    const caseId = await aClaimedCase(world);
    world.assigned.row(caseId, "coord").state = "claimed";
    const contact = await sealedFor(world, recipientsOf("legal"), "a contact");
    await expect(
      handOver(
        world.deps.work,
        { organisation: "coord", name: "Cas" },
        caseId,
        { to: "legal", need: "legal", sealed: { contact } },
        T0,
      ),
    ).rejects.toThrow(/Only the lead holds the contact/);
  });

  it.each([
    [
      "sealed to another number of keys than the organisation's staff",
      async (world: InMemoryWorld) =>
        sealedFor(world, [...recipientsOf("legal"), "age1someoneelse"], "x"),
    ],
    [
      "not an age file",
      async () =>
        "-----BEGIN AGE ENCRYPTED FILE-----\nbm90IGFnZQ==\n-----END AGE ENCRYPTED FILE-----\n",
    ],
    ["plain text", async () => "the narrative in clear"],
  ])("refuses a narrative %s, and stores nothing", async (_name, make) => {
    const world = inMemoryWorld();
    const caseId = await aClaimedCase(world);
    const narrative = await make(world);
    await expect(
      handOver(
        world.deps.work,
        sam,
        caseId,
        { to: "legal", need: "legal", sealed: { narrative } },
        T0,
      ),
    ).rejects.toThrow(SealedPartError);
    expect(world.stored.row(caseId).sealed.legal).toBeUndefined();
  });
});
