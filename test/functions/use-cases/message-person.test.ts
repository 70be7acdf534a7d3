import { describe, expect, it } from "vitest";
import type { AssignmentState } from "../../../domain/case-work.ts";
import { CaseConflictError, CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import {
  MESSAGE_MAX_CHARACTERS,
  messagePerson,
} from "../../../functions/use-cases/message-person.ts";
import { readCase } from "../../../functions/use-cases/read-case.ts";
import { SealedPartError } from "../../../functions/use-cases/sealed-parts.ts";
import { fakeIdentityOf } from "../../helpers/in-memory/crypto.ts";
import {
  DAY,
  HOUR,
  type InMemoryWorld,
  inMemoryWorld,
  recipientsOf,
  T0,
} from "../../helpers/in-memory/world.ts";

const cas = { organisation: "coord", name: "Cas" };

async function aClaimedCase(world: InMemoryWorld) {
  const { caseId, record } = await world.routedCase();
  world.assigned.row(caseId, "coord").state = "claimed";
  const person = String(record.person?.recipient);
  const toPerson = async (text: string) =>
    world.sealing.armor(await world.sealing.seal([person], text));
  return { caseId, person, toPerson };
}

describe("messagePerson", () => {
  it("keeps the message sealed to the person, who alone can open it, and keeps the case longer", async () => {
    const world = inMemoryWorld();
    const { caseId, person, toPerson } = await aClaimedCase(world);
    const sealed = await toPerson("Call us on Monday.");
    const now = T0 + 10 * DAY;

    const { id } = await messagePerson(world.deps.work, cas, caseId, sealed, now);

    const row = world.stored.row(caseId);
    expect(row.messages).toEqual([{ id, organisation: "coord", at: now, sealed }]);
    expect(row.expiresAt).toBe((now + 90 * DAY) / 1000);
    expect(await world.sealing.open(fakeIdentityOf(person), sealed)).toBe("Call us on Monday.");
    expect(world.audit.entries.at(-1)).toEqual({
      at: now,
      organisation: "coord",
      actor: "Cas",
      action: "message",
      caseId,
    });
    expect(JSON.stringify(world.audit.entries)).not.toContain("Monday");
  });

  it("keeps the organisation's own copy, sealed to its staff, so colleagues read what was promised", async () => {
    const world = inMemoryWorld();
    const { caseId, toPerson } = await aClaimedCase(world);
    const team = recipientsOf("coord");
    const own = world.sealing.armor(await world.sealing.seal(team, "Call us on Monday."));

    const { id } = await messagePerson(
      world.deps.work,
      cas,
      caseId,
      await toPerson("Call us on Monday."),
      T0,
      own,
    );

    expect(world.stored.row(caseId).messages?.[0]).toMatchObject({ id, own });
    const seen = await readCase(world.deps.work, cas, caseId, T0 + 1);
    expect("messages" in seen && seen.messages).toEqual([{ id, at: T0, own }]);
    expect(await world.sealing.open(fakeIdentityOf(team[0] ?? ""), own)).toBe("Call us on Monday.");
  });

  it("refuses an own copy sealed to anyone but the organisation's staff, and stores nothing", async () => {
    const world = inMemoryWorld();
    const { caseId, person, toPerson } = await aClaimedCase(world);
    const own = world.sealing.armor(
      await world.sealing.seal([...recipientsOf("coord"), person], "hi"),
    );
    await expect(
      messagePerson(world.deps.work, cas, caseId, await toPerson("hi"), T0, own),
    ).rejects.toThrow(SealedPartError);
    expect(world.stored.row(caseId).messages).toBeUndefined();
  });

  it.each<[AssignmentState]>([["pending"], ["sent"], ["declined"]])(
    "refuses a message on a case that is %s for the organisation",
    async (state) => {
      const world = inMemoryWorld();
      const { caseId, toPerson } = await aClaimedCase(world);
      world.assigned.row(caseId, "coord").state = state;
      await expect(
        messagePerson(world.deps.work, cas, caseId, await toPerson("hello"), T0),
      ).rejects.toThrow(/Claim the case/);
      expect(world.stored.row(caseId).messages).toBeUndefined();
    },
  );

  it.each([
    [
      "too long",
      async (seal: (text: string) => Promise<string>) => seal("x".repeat(MESSAGE_MAX_CHARACTERS)),
      CaseConflictError,
    ],
    [
      "sealed to two keys",
      async (_seal: unknown, world: InMemoryWorld) =>
        world.sealing.armor(await world.sealing.seal(["a", "b"], "hi")),
      SealedPartError,
    ],
    ["in clear", async () => "Call us on Monday.", SealedPartError],
  ] as const)("refuses a message %s", async (_name, make, refusal) => {
    const world = inMemoryWorld();
    const { caseId, toPerson } = await aClaimedCase(world);
    await expect(
      messagePerson(world.deps.work, cas, caseId, await make(toPerson, world), T0),
    ).rejects.toThrow(refusal);
    expect(world.stored.row(caseId).messages).toBeUndefined();
    expect(world.audit.entries).toEqual([]);
  });

  it("refuses a message once the person withdrew", async () => {
    const world = inMemoryWorld();
    const { caseId, toPerson } = await aClaimedCase(world);
    const sealed = await toPerson("hello");
    await world.withdraw(caseId);
    world.assigned.row(caseId, "coord").state = "claimed";
    await expect(messagePerson(world.deps.work, cas, caseId, sealed, T0 + HOUR)).rejects.toThrow(
      /withdrew this case/,
    );
    expect(world.stored.row(caseId).messages).toBeUndefined();
  });

  it("refuses another organisation's case as a missing one", async () => {
    const world = inMemoryWorld();
    const { caseId, toPerson } = await aClaimedCase(world);
    await expect(
      messagePerson(
        world.deps.work,
        { organisation: "legal", name: "Lou" },
        caseId,
        await toPerson("hi"),
        T0,
      ),
    ).rejects.toThrow(CaseNotFoundError);
  });
});
