import { describe, expect, it } from "vitest";
import { claimCase } from "../../../functions/use-cases/change-state.ts";
import { directory, type InboxFilter, listCases } from "../../../functions/use-cases/list-cases.ts";
import { readCase } from "../../../functions/use-cases/read-case.ts";
import {
  aWorldRegionWithTestOrganisation,
  DAY,
  HOUR,
  type InMemoryWorld,
  inMemoryWorld,
  MINUTE,
  T0,
} from "../../helpers/in-memory/world.ts";

const cas = { organisation: "coord", name: "Cas" };
const list = (world: InMemoryWorld, filter: InboxFilter = {}, now = T0 + 2 * HOUR) =>
  listCases(world.deps.work, cas, filter, now);

/** Three cases in the coordinator's inbox: a standard one, then an emergency, then another standard. */
async function anInbox(world: InMemoryWorld) {
  const first = (await world.routedCase()).caseId;
  world.clock.now = T0 + 10 * MINUTE;
  const emergency = (await world.routedCase({ inDanger: "yes" })).caseId;
  world.clock.now = T0 + 20 * MINUTE;
  const later = (await world.routedCase()).caseId;
  return { first, emergency, later };
}

describe("listCases", () => {
  it("lists the organisation's cases, emergency first, then the oldest, an unclaimed emergency overdue", async () => {
    const world = inMemoryWorld();
    const { first, emergency, later } = await anInbox(world);

    const summaries = await list(world);

    expect(summaries.map((summary) => summary.caseId)).toEqual([emergency, first, later]);
    expect(summaries[0]).toEqual({
      caseId: emergency,
      urgency: "emergency",
      state: "sent",
      receivedAt: T0 + 10 * MINUTE,
      live: true,
      overdue: true,
      escalated: false,
      needs: ["safety"],
      contactLanguages: ["en"],
      municipality: "GM0344",
      newReply: false,
      fromOthers: false,
      others: [
        { organisation: "shelter", name: "Organisation shelter", state: "sent", lead: true },
      ],
    });
    expect(summaries.slice(1).every((summary) => !summary.overdue)).toBe(true);
    expect(world.audit.entries.at(-1)).toEqual({
      at: T0 + 2 * HOUR,
      organisation: "coord",
      actor: "Cas",
      action: "list",
      detail: { count: "3" },
    });
  });

  it("lists nothing of another organisation's cases", async () => {
    const world = inMemoryWorld();
    const { emergency } = await anInbox(world);
    const shelters = await listCases(
      world.deps.work,
      { organisation: "shelter", name: "Sam" },
      {},
      T0 + HOUR,
    );
    expect(shelters.map((summary) => summary.caseId)).toEqual([emergency]);
    expect(
      await listCases(world.deps.work, { organisation: "legal", name: "Lou" }, {}, T0),
    ).toEqual([]);
  });

  it.each<[string, InboxFilter, (ids: Awaited<ReturnType<typeof anInbox>>) => string[]]>([
    ["by urgency (of the cases in the inbox)", { urgency: "standard" }, (ids) => [ids.later]],
    ["by state", { state: "claimed" }, (ids) => [ids.later]],
    ["the cases flagged out of the inbox", { hidden: true }, (ids) => [ids.first]],
    ["the others", { hidden: false }, (ids) => [ids.emergency, ids.later]],
  ])("filters %s", async (_name, filter, expected) => {
    const world = inMemoryWorld();
    const ids = await anInbox(world);
    world.assigned.row(ids.later, "coord").state = "claimed";
    world.assigned.row(ids.first, "coord").hidden = true;
    expect((await list(world, filter)).map((summary) => summary.caseId)).toEqual(expected(ids));
  });

  it("leaves out an assignment that expired, though TTL has not deleted it yet", async () => {
    const world = inMemoryWorld();
    const { first, emergency, later } = await anInbox(world);
    world.assigned.row(first, "coord").expiresAt = (T0 + HOUR) / 1000;
    expect((await list(world)).map((summary) => summary.caseId)).toEqual([emergency, later]);
  });

  it("marks a closed case whose check-in is due, and one whose check-in was answered", async () => {
    const world = inMemoryWorld();
    const checkIns = { consent: { share: true, authorities: false, checkIns: true } };
    const due = (await world.routedCase(checkIns)).caseId;
    const answered = (await world.routedCase(checkIns)).caseId;
    for (const caseId of [due, answered]) {
      world.assigned.row(caseId, "coord").state = "closed_helped";
      world.stored.row(caseId).closedAt = T0;
    }
    const now = T0 + 40 * DAY;
    const [month] = world.region.checkIns?.months ?? [1];
    world.stored.row(answered).checkIns = [
      {
        month: month ?? 1,
        answeredAt: now - DAY,
        signals: { danger: false, lost: [], wantsHelp: false },
        followUp: false,
      },
    ];
    const summaries = await list(world, {}, now);
    expect(
      Object.fromEntries(summaries.map((summary) => [summary.caseId, summary.checkIn])),
    ).toEqual({
      [due]: "due",
      [answered]: "answered",
    });
  });
});

describe("listCases: what each row tells", () => {
  const reply = (at: number, sealedTo: string[]) => ({
    id: `reply-${at}`,
    at,
    sealed: Object.fromEntries(sealedTo.map((organisation) => [organisation, "armor"])),
  });

  it("names who of the team claimed a case, and the list's live and closed cases apart", async () => {
    const world = inMemoryWorld();
    const { first, emergency, later } = await anInbox(world);
    await claimCase(world.deps.work, cas, first, T0 + HOUR);
    world.assigned.row(later, "coord").state = "closed_unreachable";
    world.assigned.row(later, "coord").outcome = "person_unreachable";
    const rows = Object.fromEntries((await list(world)).map((row) => [row.caseId, row]));
    expect(rows[first]).toMatchObject({ claimedBy: "Cas", live: true, state: "claimed" });
    expect(rows[emergency]?.claimedBy).toBeUndefined();
    expect(rows[later]).toMatchObject({ live: false, state: "closed_unreachable" });
  });

  it("marks a reply of the person until the organisation opens the case, and again for a newer one", async () => {
    const world = inMemoryWorld();
    const { first, later } = await anInbox(world);
    world.stored.row(first).replies = [reply(T0 + HOUR, ["coord"])];
    // A reply sealed to another organisation only is not this organisation's news.
    world.stored.row(later).replies = [reply(T0 + HOUR, ["shelter"])];
    const newReply = async () =>
      Object.fromEntries((await list(world)).map((row) => [row.caseId, row.newReply]));
    expect(await newReply()).toMatchObject({ [first]: true, [later]: false });

    await readCase(
      world.deps.work,
      { organisation: "coord", name: "Kim" },
      first,
      T0 + 90 * MINUTE,
    );
    expect(world.assigned.row(first, "coord").readAt).toBe(T0 + 90 * MINUTE);
    const read = await list(world);
    expect(read.find((row) => row.caseId === first)).toMatchObject({
      newReply: false,
      readAt: T0 + 90 * MINUTE,
    });

    world.stored.row(first).replies?.push(reply(T0 + 100 * MINUTE, ["coord"]));
    expect((await newReply())[first]).toBe(true);
  });

  it("leaves a case's last change alone when it is read (the person's timeline reads it)", async () => {
    const world = inMemoryWorld();
    const { first } = await anInbox(world);
    const before = world.assigned.row(first, "coord").updatedAt;
    await readCase(world.deps.work, cas, first, T0 + HOUR);
    expect(world.assigned.row(first, "coord").updatedAt).toBe(before);
  });

  it.each<[string, (world: InMemoryWorld, caseId: string) => void, boolean]>([
    [
      "another organisation wrote to the person since",
      (world, caseId) => {
        world.stored.row(caseId).messages = [
          { id: "m1", organisation: "shelter", at: T0 + HOUR, sealed: "armor" },
        ];
      },
      true,
    ],
    [
      "another organisation joined the case since (a hand-over)",
      (world, caseId) => {
        const own = world.assigned.row(caseId, "coord");
        world.assigned.rows.set(`${caseId}|legal`, {
          ...own,
          organisation: "legal",
          state: "pending",
          createdAt: T0 + HOUR,
        });
      },
      true,
    ],
    [
      "only this organisation wrote to the person",
      (world, caseId) => {
        world.stored.row(caseId).messages = [
          { id: "m1", organisation: "coord", at: T0 + HOUR, sealed: "armor" },
        ];
      },
      false,
    ],
    [
      "another organisation wrote before it was last opened",
      (world, caseId) => {
        world.stored.row(caseId).messages = [
          { id: "m1", organisation: "shelter", at: T0 + HOUR, sealed: "armor" },
        ];
        world.assigned.row(caseId, "coord").readAt = T0 + HOUR + 1;
      },
      false,
    ],
  ])("marks fromOthers when %s: %s", async (_name, change, expected) => {
    const world = inMemoryWorld();
    const { emergency } = await anInbox(world);
    change(world, emergency);
    const row = (await list(world)).find((summary) => summary.caseId === emergency);
    expect(row?.fromOthers).toBe(expected);
  });

  it("tells nothing the person said of a withdrawn case: no needs, languages or municipality", async () => {
    const world = inMemoryWorld();
    const { emergency } = await anInbox(world);
    await world.withdraw(emergency);
    const row = (await list(world)).find((summary) => summary.caseId === emergency);
    expect(row).toMatchObject({
      state: "withdrawn",
      live: false,
      needs: [],
      contactLanguages: [],
      municipality: null,
      newReply: false,
    });
  });

  it.each<[string, InboxFilter, (ids: Awaited<ReturnType<typeof anInbox>>) => string[]]>([
    ["by a need of the person", { need: "safety" }, (ids) => [ids.emergency]],
    ["by a need nobody has", { need: "residence" }, () => []],
    ["claimed by the caller", { claimed: "me" }, (ids) => [ids.first]],
    ["claimed by nobody of the team", { claimed: "nobody" }, (ids) => [ids.emergency]],
    [
      "by a need and claimed by nobody",
      { need: "safety", claimed: "nobody" },
      (ids) => [ids.emergency],
    ],
  ])("filters %s", async (_name, filter, expected) => {
    const world = inMemoryWorld();
    const ids = await anInbox(world);
    await claimCase(world.deps.work, cas, ids.first, T0 + HOUR);
    await claimCase(world.deps.work, { organisation: "coord", name: "Kim" }, ids.later, T0 + HOUR);
    expect((await list(world, filter)).map((summary) => summary.caseId)).toEqual(expected(ids));
  });
});

describe("directory", () => {
  it("lists every organisation of the region with the keys a hand-over is sealed to, but a test organisation", () => {
    const world = inMemoryWorld();
    const entries = directory(world.region);
    expect(entries.map((entry) => entry.id)).toEqual([
      "coord",
      "shelter",
      "labour",
      "legal",
      "police",
    ]);
    expect(directory(aWorldRegionWithTestOrganisation())).toEqual(entries);
    expect(entries.find((entry) => entry.id === "legal")).toMatchObject({
      kind: "care",
      recipients: world.region.organisations.find((o) => o.id === "legal")?.recipients,
    });
  });
});
