import { describe, expect, it } from "vitest";
import type { MonitorTable } from "../../../domain/monitor.ts";
import type { Report } from "../../../domain/report.ts";
import { changeState, claimCase } from "../../../functions/use-cases/change-state.ts";
import { type CountingStores, countingStores } from "../../../functions/use-cases/count-steps.ts";
import { declineCase } from "../../../functions/use-cases/decline-case.ts";
import { routeCase } from "../../../functions/use-cases/route-case.ts";
import { inMemoryCounters } from "../../helpers/in-memory/counters.ts";
import { HOUR, inMemoryWorld, T0 } from "../../helpers/in-memory/world.ts";

const MONTH = "2025-03";
/** An expiry (epoch seconds) far after every step of a test. */
const KEPT = T0 / 1000 + 365 * 86_400;
const IN_DANGER: Partial<Report> = { inDanger: "yes", needs: ["shelter"] };

/** A world whose stores count, as the wiring composes them, and a case taken in. */
async function counting(changes: Partial<Report> = {}) {
  const world = inMemoryWorld();
  const counters = inMemoryCounters();
  const stores = countingStores(
    {
      cases: world.stored.cases,
      assignments: world.assigned.assignments,
      flags: world.deps.flag.flags,
    },
    counters,
    () => world.region,
  );
  const work = { ...world.deps.work, cases: stores.cases, assignments: stores.assignments };
  const route = { ...world.deps.route, cases: stores.cases, assignments: stores.assignments };
  const { caseId } = await world.takeIn(changes);
  const count = (table: MonitorTable, row: string, month = MONTH) =>
    counters.countOf({ month, table, row });
  return { world, counters, stores, work, route, caseId, count };
}

describe("counting the steps of a case", () => {
  it("counts a case once it is routed, once however often routing runs", async () => {
    const { stores, route, caseId, count, counters } = await counting();
    expect(count("urgency", "standard")).toBe(0);
    await routeCase(route, caseId, T0);
    await stores.cases.markRouted(caseId, T0 + 1, KEPT);
    await routeCase(route, caseId, T0 + 2);
    expect(count("urgency", "standard")).toBe(1);
    expect(count("municipality", "GM0344")).toBe(1);
    expect(count("kind", "labour")).toBe(1);
    expect(counters.events.get(`${caseId}:intake`)).toBe("done");
  });

  it("never counts a smoke test's case", async () => {
    const { route, caseId, counters } = await counting({ test: true });
    await routeCase(route, caseId, T0);
    expect(counters.events.size).toBe(0);
  });

  it.each([
    ["the first claim", "first_claim", "lt_1h"],
    ["the first contact", "first_contact", "1h_4h"],
    ["the outcome", "outcome", "safe_place_found"],
  ] as const)("counts %s of the work", async (_, table, row) => {
    const { work, route, caseId, count } = await counting();
    await routeCase(route, caseId, T0);
    const coord = { organisation: "coord", name: "anna" };
    await claimCase(work, coord, caseId, T0 + 10 * 60_000);
    await changeState(work, coord, caseId, { state: "in_contact" }, T0 + 2 * HOUR);
    await changeState(
      work,
      coord,
      caseId,
      { state: "closed_helped", outcome: "safe_place_found" },
      T0 + 3 * HOUR,
    );
    expect(count(table, row)).toBe(1);
  });

  it("counts a decline once", async () => {
    const { work, route, caseId, count } = await counting(IN_DANGER);
    await routeCase(route, caseId, T0);
    await declineCase(work, { organisation: "shelter", name: "bo" }, caseId, "no_capacity", T0);
    expect(count("work", "declined")).toBe(1);
  });

  it("counts an escalation only when it happened", async () => {
    const { stores, route, caseId, count } = await counting();
    await routeCase(route, caseId, T0);
    expect(await stores.cases.recordEscalation(caseId, T0 + HOUR)).toBe(true);
    expect(await stores.cases.recordEscalation(caseId, T0 + 2 * HOUR)).toBe(false);
    expect(count("work", "escalated")).toBe(1);
  });

  it("counts a check-in once, in the month it was answered", async () => {
    const { stores, route, caseId, count } = await counting();
    await routeCase(route, caseId, T0);
    const answeredAt = Date.UTC(2025, 3, 5);
    const entry = {
      month: 1,
      answeredAt,
      signals: { danger: true, lost: [], wantsHelp: false },
      followUp: true,
    };
    expect(await stores.cases.recordCheckIn(caseId, entry, KEPT)).toBe(true);
    expect(await stores.cases.recordCheckIn(caseId, entry, KEPT)).toBe(false);
    for (const row of ["answered/m1", "danger/m1", "follow_up/m1"])
      expect(count("check_in", row, "2025-04")).toBe(1);
  });
});

describe("taking a case out of the counts", () => {
  it("takes every count of a deleted case back out, and keeps the person's key it is given", async () => {
    const { world, stores, work, route, caseId, count, counters } = await counting();
    await routeCase(route, caseId, T0);
    await claimCase(work, { organisation: "coord", name: "anna" }, caseId, T0 + 1);
    const person = world.stored.row(caseId).person;
    await stores.cases.withdraw(caseId, { kind: "delete", at: T0 + 2 }, KEPT, person);
    expect(count("urgency", "standard")).toBe(0);
    expect(count("first_claim", "lt_1h")).toBe(0);
    expect(world.stored.row(caseId).person).toEqual(person);
    // A router that read the case before the deletion counts nothing after it.
    await counters.add(
      `${caseId}:intake`,
      [{ month: MONTH, table: "urgency", row: "standard" }],
      T0,
    );
    expect(count("urgency", "standard")).toBe(0);
  });

  it("keeps the counts of a case whose consent was withdrawn", async () => {
    const { stores, route, caseId, count } = await counting();
    await routeCase(route, caseId, T0);
    await stores.cases.withdraw(caseId, { kind: "consent", at: T0 + 1 }, KEPT);
    expect(count("urgency", "standard")).toBe(1);
  });

  it("bars a case deleted before it was routed from being counted", async () => {
    const { stores, caseId, count, counters } = await counting();
    await stores.cases.withdraw(caseId, { kind: "delete", at: T0 }, KEPT);
    expect(counters.events.get(`${caseId}:intake`)).toBe("retracted");
    await stores.cases.markRouted(caseId, T0 + 1, KEPT);
    expect(count("urgency", "standard")).toBe(0);
  });

  it.each([
    ["the coordinator's spam mark for everyone takes it out", "coord", "spam", true, 0],
    ["the coordinator's spam mark for itself keeps it", "coord", "spam", false, 1],
    ["the coordinator's abuse mark keeps it", "coord", "abuse", true, 1],
    ["another organisation's spam mark keeps it", "shelter", "spam", false, 1],
  ] as const)("%s", async (_, organisation, kind, forEveryone, left) => {
    const { stores, route, caseId, count } = await counting(IN_DANGER);
    await routeCase(route, caseId, T0);
    await stores.flags.set(caseId, organisation, { kind, forEveryone, at: T0 + 1 });
    expect(count("urgency", "emergency")).toBe(left);
  });
});

describe("counting a case again when the spam mark comes off", () => {
  const SPAM = { kind: "spam", forEveryone: true } as const;
  const coord = { organisation: "coord", name: "anna" };

  /** A routed case claimed, in contact and closed by the coordinator, and a check-in of it. */
  async function worked() {
    const counting_ = await counting();
    const { stores, work, route, caseId } = counting_;
    await routeCase(route, caseId, T0);
    await claimCase(work, coord, caseId, T0 + 10 * 60_000);
    await changeState(work, coord, caseId, { state: "in_contact" }, T0 + 2 * HOUR);
    const entry = {
      month: 1,
      answeredAt: Date.UTC(2025, 3, 5),
      signals: { danger: false, lost: [], wantsHelp: true },
      followUp: true,
    };
    await stores.cases.recordCheckIn(caseId, entry, KEPT);
    return counting_;
  }
  /** What the counters say of every step the case went through. */
  const figures = (count: Awaited<ReturnType<typeof counting>>["count"]) => [
    count("urgency", "standard"),
    count("first_claim", "lt_1h"),
    count("first_contact", "1h_4h"),
    count("check_in", "wants_help/m1", "2025-04"),
  ];

  it.each([
    [
      "taken off",
      async (s: CountingStores, id: string, at: number) => s.flags.remove(id, "coord", at),
    ],
    [
      "replaced by an abuse mark",
      async (s: CountingStores, id: string, at: number) =>
        s.flags.set(id, "coord", { kind: "abuse", forEveryone: true, at }),
    ],
    [
      "narrowed to the coordinator's own inbox",
      async (s: CountingStores, id: string, at: number) =>
        s.flags.set(id, "coord", { kind: "spam", forEveryone: false, at }),
    ],
  ])("counts every step again once the mark is %s, once however often", async (_, lift) => {
    const { stores, caseId, count } = await worked();
    expect(figures(count)).toEqual([1, 1, 1, 1]);
    await stores.flags.set(caseId, "coord", { ...SPAM, at: T0 + 3 * HOUR });
    expect(figures(count)).toEqual([0, 0, 0, 0]);
    for (let repeat = 0; repeat < 3; repeat++) await lift(stores, caseId, T0 + 4 * HOUR + repeat);
    expect(figures(count)).toEqual([1, 1, 1, 1]);
    // A duplicate of a step counted before the mark, or of the routing, counts nothing more.
    await stores.cases.markRouted(caseId, T0 + 5 * HOUR, KEPT);
    await stores.cases.recordClaim(caseId, T0 + 5 * HOUR);
    expect(figures(count)).toEqual([1, 1, 1, 1]);
  });

  it("counts what happened while the case was marked, and what comes after", async () => {
    const { stores, work, route, caseId, count } = await counting(IN_DANGER);
    await routeCase(route, caseId, T0);
    await stores.flags.set(caseId, "coord", { ...SPAM, at: T0 + 1 });
    await declineCase(work, { organisation: "shelter", name: "bo" }, caseId, "no_capacity", T0 + 2);
    await claimCase(work, coord, caseId, T0 + 3);
    expect([count("urgency", "emergency"), count("work", "declined")]).toEqual([0, 0]);
    await stores.flags.remove(caseId, "coord", T0 + 4);
    expect([count("urgency", "emergency"), count("work", "declined")]).toEqual([1, 1]);
    expect(count("first_claim", "lt_1h")).toBe(1);
    await changeState(work, coord, caseId, { state: "in_contact" }, T0 + 2 * HOUR);
    expect(count("first_contact", "1h_4h")).toBe(1);
  });

  it("takes it out again when it is marked again, and back in when that mark comes off", async () => {
    const { world, stores, caseId, count } = await worked();
    for (let round = 1; round <= 3; round++) {
      const at = T0 + round * 10 * HOUR;
      await stores.flags.set(caseId, "coord", { ...SPAM, at });
      await stores.flags.set(caseId, "coord", { ...SPAM, at: at + 1 });
      expect(figures(count)).toEqual([0, 0, 0, 0]);
      expect(await stores.flags.remove(caseId, "coord", at + 2)).toBe(true);
      expect(await stores.flags.remove(caseId, "coord", at + 3)).toBe(false);
      expect(figures(count)).toEqual([1, 1, 1, 1]);
      expect(world.stored.row(caseId).countRound).toBe(round);
    }
  });

  it.each([
    ["another organisation's flag comes off", "shelter", { kind: "spam", forEveryone: false }],
    ["the coordinator's abuse mark comes off", "coord", { kind: "abuse", forEveryone: true }],
  ] as const)("counts nothing twice when %s", async (_, organisation, flag) => {
    const { world, stores, caseId, count } = await worked();
    await stores.flags.set(caseId, organisation, { ...flag, at: T0 + 3 * HOUR });
    await stores.flags.remove(caseId, organisation, T0 + 4 * HOUR);
    expect(figures(count)).toEqual([1, 1, 1, 1]);
    expect(world.stored.row(caseId).countRound).toBeUndefined();
  });

  it.each([
    ["deleted", "delete"],
    ["withdrawn", "consent"],
  ] as const)("leaves a case %s while it was marked out of the counts", async (_, kind) => {
    const { stores, caseId, count } = await worked();
    await stores.flags.set(caseId, "coord", { ...SPAM, at: T0 + 3 * HOUR });
    await stores.cases.withdraw(caseId, { kind, at: T0 + 4 * HOUR }, KEPT);
    await stores.flags.remove(caseId, "coord", T0 + 5 * HOUR);
    expect(figures(count)).toEqual([0, 0, 0, 0]);
  });
});
