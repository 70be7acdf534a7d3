import { describe, expect, it } from "vitest";
import { CaseConflictError, CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import { NOTE_MAX_CHARACTERS, writeNote } from "../../../functions/use-cases/case-notes.ts";
import { readCase } from "../../../functions/use-cases/read-case.ts";
import { SealedPartError } from "../../../functions/use-cases/sealed-parts.ts";
import { fakeIdentityOf } from "../../helpers/in-memory/crypto.ts";
import {
  DAY,
  type InMemoryWorld,
  inMemoryWorld,
  recipientsOf,
  T0,
} from "../../helpers/in-memory/world.ts";

const cas = { organisation: "coord", name: "Cas" };
const pat = { organisation: "police", name: "Pat" };

const sealedTo = async (world: InMemoryWorld, recipients: string[], text: string) =>
  world.sealing.armor(await world.sealing.seal(recipients, text));

describe("writeNote", () => {
  it("keeps a note sealed to the organisation's own staff, by whom and when, and keeps the case longer", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const team = recipientsOf("coord");
    const sealed = await sealedTo(world, team, "Called her sister, call back Friday.");
    const now = T0 + 3 * DAY;

    const { id } = await writeNote(world.deps.work, cas, caseId, sealed, now);

    const row = world.stored.row(caseId);
    expect(row.notes).toEqual([{ id, organisation: "coord", by: "Cas", at: now, sealed }]);
    expect(row.expiresAt).toBe((now + 90 * DAY) / 1000);
    for (const colleague of team)
      expect(await world.sealing.open(fakeIdentityOf(colleague), sealed)).toContain("Friday");
    expect(world.audit.entries.at(-1)).toEqual({
      at: now,
      organisation: "coord",
      actor: "Cas",
      action: "note",
      caseId,
    });
    expect(JSON.stringify(world.audit.entries)).not.toContain("Friday");
  });

  it("shows each organisation its own notes only, never another's", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase({ needs: ["safety", "legal"] });
    const [first, second] = world.stored.row(caseId).decision.routing.organisations;
    if (!first || !second) throw new Error("The case should reach two organisations.");
    const keysOf = (id: string) =>
      world.region.organisations.find((organisation) => organisation.id === id)?.recipients ?? [];
    const one = { organisation: first, name: "Ana" };
    const two = { organisation: second, name: "Ben" };
    await writeNote(world.deps.work, one, caseId, await sealedTo(world, keysOf(first), "a"), T0);
    await writeNote(
      world.deps.work,
      two,
      caseId,
      await sealedTo(world, keysOf(second), "b"),
      T0 + 1,
    );

    const seen = await readCase(world.deps.work, one, caseId, T0 + 2);
    expect("notes" in seen && seen.notes.map((note) => note.by)).toEqual(["Ana"]);
    const theirs = await readCase(world.deps.work, two, caseId, T0 + 3);
    expect("notes" in theirs && theirs.notes.map((note) => note.by)).toEqual(["Ben"]);
  });

  it.each([
    ["sealed to the person too", (team: string[]) => [...team, "person-key"], SealedPartError],
    ["sealed to one key too few", (team: string[]) => team.slice(1), SealedPartError],
  ] as const)("refuses a note %s, and stores nothing", async (_name, keys, refusal) => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const sealed = await sealedTo(world, keys(recipientsOf("coord")), "hi");
    await expect(writeNote(world.deps.work, cas, caseId, sealed, T0)).rejects.toThrow(refusal);
    expect(world.stored.row(caseId).notes).toBeUndefined();
    expect(world.audit.entries.filter((entry) => entry.action === "note")).toEqual([]);
  });

  it("refuses a note too long, in clear, on a withdrawn case, or on another's case", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const team = recipientsOf("coord");
    await expect(
      writeNote(
        world.deps.work,
        cas,
        caseId,
        await sealedTo(world, team, "x".repeat(NOTE_MAX_CHARACTERS)),
        T0,
      ),
    ).rejects.toThrow(CaseConflictError);
    await expect(writeNote(world.deps.work, cas, caseId, "Called her sister.", T0)).rejects.toThrow(
      SealedPartError,
    );
    await expect(
      writeNote(world.deps.work, pat, caseId, await sealedTo(world, team, "hi"), T0),
    ).rejects.toThrow(CaseNotFoundError);
    await world.withdraw(caseId);
    await expect(
      writeNote(world.deps.work, cas, caseId, await sealedTo(world, team, "hi"), T0),
    ).rejects.toThrow(/withdrew/);
    expect(world.stored.row(caseId).notes).toBeUndefined();
  });

  it("refuses a note once the case has no room left, pointing to the export", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    const team = recipientsOf("coord");
    const sealed = await sealedTo(world, team, "y".repeat(9_000));
    let refused: unknown;
    for (let i = 0; i < 60 && !refused; i++)
      await writeNote(world.deps.work, cas, caseId, sealed, T0 + i).catch((error) => {
        refused = error;
      });
    expect(refused).toBeInstanceOf(CaseConflictError);
    expect(String(refused)).toMatch(/Export it/);
    expect(JSON.stringify(world.stored.row(caseId)).length).toBeLessThan(400 * 1024);
  });

  it("goes with the rest when the person withdraws", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase();
    await writeNote(
      world.deps.work,
      cas,
      caseId,
      await sealedTo(world, recipientsOf("coord"), "hi"),
      T0,
    );
    await world.withdraw(caseId);
    expect(world.stored.row(caseId).notes).toBeUndefined();
  });
});
