import { describe, expect, it } from "vitest";
import { directory, type InboxFilter, listCases } from "../../../functions/use-cases/list-cases.ts";
import {
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
      overdue: true,
      escalated: false,
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

describe("directory", () => {
  it("lists every organisation of the region with the keys a hand-over is sealed to", () => {
    const world = inMemoryWorld();
    const entries = directory(world.region);
    expect(entries.map((entry) => entry.id)).toEqual([
      "coord",
      "shelter",
      "labour",
      "legal",
      "police",
    ]);
    expect(entries.find((entry) => entry.id === "legal")).toMatchObject({
      kind: "care",
      recipients: world.region.organisations.find((o) => o.id === "legal")?.recipients,
    });
  });
});
