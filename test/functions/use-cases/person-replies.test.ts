import { describe, expect, it } from "vitest";
import type { Report } from "../../../domain/report.ts";
import { changeState, claimCase } from "../../../functions/use-cases/change-state.ts";
import { declineCase } from "../../../functions/use-cases/decline-case.ts";
import { NobodyToReadError, reply } from "../../../functions/use-cases/person-replies.ts";
import { StatusClosedError } from "../../../functions/use-cases/receipt-access.ts";
import { withdraw } from "../../../functions/use-cases/withdraw-case.ts";
import { fakeIdentityOf, peek } from "../../helpers/in-memory/crypto.ts";
import { personWorld } from "../../helpers/in-memory/person-world.ts";
import { recipientsOf, T0 } from "../../helpers/in-memory/world.ts";

const IN_DANGER: Partial<Report> = { inDanger: "yes", needs: ["shelter"] };
const NOT_SHARED: Partial<Report> = {
  consent: { share: false, authorities: false, checkIns: false },
};

describe("the person replying", () => {
  it("seals the reply to each organisation's staff and a copy to the person, and tells each", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported(IN_DANGER);
    const { id } = await reply(
      world.status,
      receipt,
      undefined,
      "I am at the station.",
      undefined,
      T0,
    );
    const [stored] = world.stored.row(caseId).replies ?? [];
    expect(stored?.id).toBe(id);
    expect(Object.keys(stored?.sealed ?? {}).sort()).toEqual(["coord", "shelter"]);
    for (const organisation of ["coord", "shelter"]) {
      expect(peek(stored?.sealed[organisation] ?? "")).toEqual({
        to: recipientsOf(organisation),
        text: "I am at the station.",
      });
      expect(await world.audit.list(organisation, 1)).toMatchObject([
        { actor: "person", action: "reply_received", caseId },
      ]);
    }
    const person = world.stored.row(caseId).person?.recipient ?? "";
    expect(await world.sealing.open(fakeIdentityOf(person), stored?.person ?? "")).toBe(
      "I am at the station.",
    );
    expect(
      world.told.sent
        .filter((a) => a.kind === "reply")
        .map((a) => a.organisation)
        .sort(),
    ).toEqual(["coord", "shelter"]);
  });

  it("leaves out an organisation that declined the case", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported(IN_DANGER);
    await declineCase(world.deps.work, world.staff("shelter"), caseId, "no_capacity", T0);
    await reply(world.status, receipt, undefined, "Hello?", undefined, T0 + 1);
    expect(Object.keys(world.stored.row(caseId).replies?.[0]?.sealed ?? {})).toEqual(["coord"]);
  });

  it("refuses a reply nobody can read, storing and telling nothing", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported(NOT_SHARED);
    const error = await reply(world.status, receipt, undefined, "Help", undefined, T0).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NobodyToReadError);
    expect(error).toBeInstanceOf(StatusClosedError);
    expect(world.stored.row(caseId).replies).toBeUndefined();
    expect(world.told.sent.filter((a) => a.kind === "reply")).toEqual([]);
  });

  it("keeps what a reply answers only when it is a message on the case", async () => {
    const world = personWorld();
    const { caseId, receipt } = await world.reported();
    const coord = world.staff("coord");
    await claimCase(world.deps.work, coord, caseId, T0);
    await changeState(world.deps.work, coord, caseId, { state: "in_contact" }, T0);
    const { id: messageId } = await world.message(caseId, "coord", "How are you?", T0 + 1);
    await reply(world.status, receipt, undefined, "Fine.", messageId, T0 + 2);
    await reply(world.status, receipt, undefined, "Still fine.", "not-a-message", T0 + 3);
    expect(world.stored.row(caseId).replies?.map((r) => r.inReplyTo)).toEqual([
      messageId,
      undefined,
    ]);
  });

  it("refuses a reply to a withdrawn case", async () => {
    const world = personWorld();
    const { receipt } = await world.reported();
    await withdraw(world.status, receipt, undefined, "consent", T0);
    await expect(
      reply(world.status, receipt, undefined, "Hi", undefined, T0 + 1),
    ).rejects.toBeInstanceOf(StatusClosedError);
  });
});
