import { describe, expect, it } from "vitest";
import type { CaseView } from "../../../domain/case-views.ts";
import { CaseNotFoundError } from "../../../functions/use-cases/case-access.ts";
import { readCase } from "../../../functions/use-cases/read-case.ts";
import { fakeIdentityOf } from "../../helpers/in-memory/crypto.ts";
import {
  HOUR,
  type InMemoryWorld,
  inMemoryWorld,
  recipientsOf,
  T0,
} from "../../helpers/in-memory/world.ts";

const sam = { organisation: "shelter", name: "Sam" };
const cas = { organisation: "coord", name: "Cas" };
const IN_DANGER = {
  inDanger: "yes",
  narrative: "They keep my passport.",
  contact: { channel: "phone", address: "+31 6 1234 5678", leaveMessage: false },
} as const;

const read = async (world: InMemoryWorld, staff: typeof sam, caseId: string, now = T0 + HOUR) =>
  (await readCase(world.deps.work, staff, caseId, now)) as CaseView;

describe("readCase", () => {
  it("shows an organisation the case in clear, its own sealed parts, and the others on it", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);

    const view = await read(world, sam, caseId);

    expect(view).toMatchObject({
      caseId,
      receivedAt: T0,
      urgency: "emergency",
      municipality: "GM0344",
      overdue: true,
      escalated: false,
      unproven: false,
      assignment: { state: "sent" },
      others: [{ organisation: "coord", name: "Organisation coord", state: "sent", lead: false }],
      reportedBefore: null,
      personRecipient: world.stored.row(caseId).person?.recipient,
    });
    const [staff] = recipientsOf("shelter");
    expect(
      await world.sealing.open(fakeIdentityOf(String(staff)), view.sealed.narrative ?? ""),
    ).toBe("They keep my passport.");
    expect(view.sealed.contact).toBeDefined();
    expect(world.audit.entries.at(-1)).toMatchObject({
      organisation: "shelter",
      actor: "Sam",
      action: "read",
      caseId,
    });
  });

  it.each([
    [true, true],
    [false, false],
  ])(
    "says whether the person consented to authorities (%s), so the inbox offers one only then",
    async (authorities, expected) => {
      const world = inMemoryWorld();
      const { caseId } = await world.routedCase({
        ...IN_DANGER,
        consent: { share: true, authorities, checkIns: false },
      });
      expect((await read(world, sam, caseId)).authoritiesConsented).toBe(expected);
    },
  );

  it("shows the coordinator no contact: only the lead was sealed it", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    const view = await read(world, cas, caseId);
    expect(view.sealed.narrative).toBeDefined();
    expect(view.sealed.contact).toBeUndefined();
  });

  it("shows each organisation its own messages and the replies sealed to it, and nobody else's", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    const row = world.stored.row(caseId);
    row.messages = [
      { id: "m1", organisation: "shelter", at: T0 + 1, sealed: "to the person, from the shelter" },
      {
        id: "m2",
        organisation: "coord",
        at: T0 + 2,
        sealed: "to the person, from the coordinator",
      },
    ];
    row.replies = [
      { id: "r1", at: T0 + 3, inReplyTo: "m1", sealed: { shelter: "sealed to the shelter" } },
    ];

    const shelters = await read(world, sam, caseId);
    const coordinators = await read(world, cas, caseId);

    expect(shelters.messages).toEqual([{ id: "m1", at: T0 + 1 }]);
    expect(shelters.replies).toEqual([
      { id: "r1", at: T0 + 3, inReplyTo: "m1", sealed: "sealed to the shelter" },
    ]);
    expect(coordinators.messages).toEqual([{ id: "m2", at: T0 + 2 }]);
    expect(coordinators.replies).toEqual([]);
  });

  it.each([
    [
      "another organisation's case",
      (world: InMemoryWorld, caseId: string) => {
        world.assigned.rows.delete(`${caseId}|shelter`);
      },
    ],
    [
      "an expired case",
      (world: InMemoryWorld, caseId: string) => {
        world.stored.row(caseId).expiresAt = T0 / 1000;
      },
    ],
    [
      "a case that never was",
      (world: InMemoryWorld, caseId: string) => {
        world.stored.rows.delete(caseId);
      },
    ],
  ])("refuses %s as a missing one, and writes no read in the trail", async (_name, arrange) => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    arrange(world, caseId);
    await expect(read(world, sam, caseId)).rejects.toThrow(CaseNotFoundError);
    expect(world.audit.entries).toEqual([]);
  });

  it("shows a withdrawn case as withdrawn, with nothing of what the person said", async () => {
    const world = inMemoryWorld();
    const { caseId } = await world.routedCase(IN_DANGER);
    await world.withdraw(caseId, "delete", T0 + HOUR);
    const view = await readCase(world.deps.work, sam, caseId, T0 + 2 * HOUR);
    expect(view).toEqual({
      caseId,
      receivedAt: T0,
      urgency: "emergency",
      withdrawn: { kind: "delete", at: T0 + HOUR },
      assignment: { state: "withdrawn" },
    });
  });

  it("counts how often the person reported before, through the chain of their receipts", async () => {
    const world = inMemoryWorld();
    const first = await world.routedCase(IN_DANGER);
    world.clock.now = T0 + HOUR;
    const second = await world.routedCase({ ...IN_DANGER, previousReceipt: first.answer.receipt });
    world.clock.now = T0 + 2 * HOUR;
    const third = await world.routedCase({ ...IN_DANGER, previousReceipt: second.answer.receipt });

    const view = await read(world, sam, third.caseId, T0 + 3 * HOUR);
    expect(view.reportedBefore).toEqual({
      times: 2,
      firstAt: T0,
      organisations: ["shelter", "coord"],
    });
  });
});
