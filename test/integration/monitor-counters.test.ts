/**
 * The monitor's counters against the real emulators: a report counts once, whatever the
 * duplicate deliveries and retries; a crash at any write of the counters' protocol leaves the
 * count right after the retry; a deletion and a spam mark take a case out of every count, a
 * withdrawal of consent does not; taking the spam mark off counts the case again, once; a smoke
 * test's report never counts.
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cell, monthOf } from "../../domain/monitor.ts";
import { dynamo } from "../../functions/adapters/aws-clients.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { dynamoCounters } from "../../functions/adapters/dynamo-counters.ts";
import {
  countedAssignments,
  countedCases,
  countedFlags,
} from "../../functions/wiring/counted-stores.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
const counters = dynamoCounters();
const month = () => monthOf(Date.now());

const countOf = async (key: string) => (await counters.read([month()])).get(month())?.get(key) ?? 0;

/** Every first claim counted this month. */
const claimsOf = async () =>
  [...((await counters.read([month()])).get(month()) ?? new Map()).entries()]
    .filter(([key]) => key.startsWith("first_claim|"))
    .reduce((sum, [, value]) => sum + value, 0);

/** Submits a report and waits until it is routed and counted; its case id. */
async function countedReport(changes: Record<string, unknown>): Promise<string> {
  const before = new Set(await caseIds());
  const answer = await system.submit(changes);
  expect(answer.status).toBe(201);
  await system.settled();
  const caseId = (await caseIds()).find((id) => !before.has(id));
  if (!caseId) throw new Error("The case was not stored.");
  await eventually(async () => ((await countOf("urgency|standard")) > 0 ? true : undefined));
  return caseId;
}

async function caseIds(): Promise<string[]> {
  return (await system.items())
    .filter((item) => String(item.pk).startsWith("case#"))
    .map((item) => String(item.pk).slice("case#".length));
}

/** The shared DynamoDB client fails once, at its n-th write from now: a crash between steps. */
function crashAtWrite(n: number): () => void {
  let writes = 0;
  return dynamo.beforeEachCall((command) => {
    if (command.operation === "UpdateItem" && ++writes === n) throw new Error("crashed");
  });
}

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system.stop();
});

describe("the monitor's counters", () => {
  it("count a report once, however often the router gets it", async () => {
    const caseId = await countedReport({ municipality: "GM0363", sector: "construction" });
    expect(await countOf("municipality|GM0363")).toBe(1);
    expect(await countOf("sector|construction")).toBe(1);
    for (let repeat = 0; repeat < 3; repeat++)
      await system.sqs.send(
        new SendMessageCommand({
          QueueUrl: system.routingUrl(),
          MessageBody: JSON.stringify({ caseId }),
        }),
      );
    await eventually(async () =>
      (await system.drain(system.routingUrl())).length === 0 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await countOf("municipality|GM0363")).toBe(1);
    // Nothing of the case in the counters table: no case id, in any item.
    const counterItems = (await system.items()).filter(
      (item) => "n" in item || String(item.pk).startsWith("event#"),
    );
    expect(JSON.stringify(counterItems)).not.toContain(caseId);
  });

  // Adding two cells of one month writes seven times: the marker, each cell, the month's
  // version, the marker, each cell again.
  it.each([1, 2, 3, 4, 5, 6, 7])(
    "add exactly once after a crash at write %i and a retry",
    async (n) => {
      const cells: Cell[] = [
        { month: "2020-01", table: "needs", row: `crash-${n}-a` },
        { month: "2020-01", table: "needs", row: `crash-${n}-b` },
      ];
      const restore = crashAtWrite(n);
      await expect(counters.add(`event-${n}`, cells, Date.now())).rejects.toThrow("crashed");
      restore();
      await counters.add(`event-${n}`, cells, Date.now());
      await counters.add(`event-${n}`, cells, Date.now());
      const counts = (await counters.read(["2020-01"])).get("2020-01");
      expect([counts?.get(`needs|crash-${n}-a`), counts?.get(`needs|crash-${n}-b`)]).toEqual([
        1, 1,
      ]);
    },
  );

  // Retracting one cell writes eight times: two markers, then adding the negative (five), a marker.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "retract exactly once after a crash at write %i and a retry",
    async (n) => {
      const cells: Cell[] = [{ month: "2020-02", table: "needs", row: `retract-${n}` }];
      await counters.add(`kept-${n}`, cells, Date.now());
      await counters.add(`gone-${n}`, cells, Date.now());
      const restore = crashAtWrite(n);
      await expect(counters.retract(`gone-${n}`, cells, Date.now())).rejects.toThrow("crashed");
      restore();
      await counters.retract(`gone-${n}`, cells, Date.now());
      await counters.retract(`gone-${n}`, cells, Date.now());
      await counters.add(`gone-${n}`, cells, Date.now());
      expect((await counters.read(["2020-02"])).get("2020-02")?.get(`needs|retract-${n}`)).toBe(1);
    },
  );

  it("read a month again only once an event changed it", async () => {
    const reader = dynamoCounters();
    const cells: Cell[] = [{ month: "2019-05", table: "needs", row: "read" }];
    let queries = 0;
    const stop = dynamo.beforeEachCall((command) => {
      if (command.operation === "Query") queries++;
    });
    try {
      const read = async () => (await reader.read(["2019-05"])).get("2019-05")?.get("needs|read");
      await reader.add("read-1", cells, Date.now());
      expect([await read(), await read(), queries]).toEqual([1, 1, 1]);
      await reader.add("read-2", cells, Date.now());
      expect([await read(), queries]).toEqual([2, 2]);
      await reader.retract("read-1", cells, Date.now());
      expect([await read(), await read(), queries]).toEqual([1, 1, 3]);
    } finally {
      stop();
    }
  });

  it("never count an event retracted before it was added", async () => {
    const cells: Cell[] = [{ month: "2020-03", table: "needs", row: "early" }];
    await counters.retract("early", cells, Date.now());
    await counters.add("early", cells, Date.now());
    expect((await counters.read(["2020-03"])).get("2020-03")?.get("needs|early") ?? 0).toBe(0);
  });

  it("take a deleted case and a spam case out of every count, and keep a withdrawn consent", async () => {
    const deleted = await countedReport({ municipality: "GM0599" });
    const spam = await countedReport({ municipality: "GM0599" });
    const consent = await countedReport({ municipality: "GM0599" });
    await countedCases.recordClaim(spam, Date.now());
    expect(await countOf("municipality|GM0599")).toBe(3);
    const claims = claimsOf;
    expect(await claims()).toBe(1);

    await countedCases.withdraw(
      deleted,
      { kind: "delete", at: Date.now() },
      Math.floor(Date.now() / 1000) + 3600,
    );
    // Another organisation's spam flag is a proposal: the case still counts.
    await countedFlags.set(spam, "fairwork", { kind: "spam", forEveryone: false, at: Date.now() });
    expect(await countOf("municipality|GM0599")).toBe(2);
    // The coordinator's mark for everyone takes it out, once.
    for (let repeat = 0; repeat < 2; repeat++)
      await countedFlags.set(spam, "coordination-centre", {
        kind: "spam",
        forEveryone: true,
        at: Date.now(),
      });
    await countedCases.withdraw(
      consent,
      { kind: "consent", at: Date.now() },
      Math.floor(Date.now() / 1000) + 3600,
    );
    expect(await countOf("municipality|GM0599")).toBe(1);
    expect(await claims()).toBe(0);
    // A later step of a spam case counts nothing.
    await countedAssignments.move(spam, "fairwork", "claimed", "in_contact", {}, Date.now());
    expect(await countOf("municipality|GM0599")).toBe(1);
  });

  it("count a spam case again once the mark comes off, once however often, and out again when marked again", async () => {
    const caseId = await countedReport({ municipality: "GM0518" });
    await countedCases.recordClaim(caseId, Date.now());
    const figures = async () => [await countOf("municipality|GM0518"), await claimsOf()];
    expect(await figures()).toEqual([1, 1]);
    const mark = () =>
      countedFlags.set(caseId, "coordination-centre", {
        kind: "spam",
        forEveryone: true,
        at: Date.now(),
      });
    for (let round = 0; round < 2; round++) {
      await mark();
      await mark();
      expect(await figures()).toEqual([0, 0]);
      // Two at once, and a repeat: only the one that took the mark off counts the case again.
      const removed = await Promise.all([
        countedFlags.remove(caseId, "coordination-centre", Date.now()),
        countedFlags.remove(caseId, "coordination-centre", Date.now()),
      ]);
      expect(removed.filter(Boolean)).toHaveLength(1);
      expect(await countedFlags.remove(caseId, "coordination-centre", Date.now())).toBe(false);
      expect(await figures()).toEqual([1, 1]);
      // A repeat of its steps after it was counted again adds nothing.
      await countedCases.markRouted(caseId, Date.now(), Math.floor(Date.now() / 1000) + 3600);
      await countedCases.recordClaim(caseId, Date.now());
      expect(await figures()).toEqual([1, 1]);
    }
    // Two callers putting another mark in the spam mark's place at once count it again once.
    await mark();
    await Promise.all(
      [0, 1].map(() =>
        countedFlags.set(caseId, "coordination-centre", {
          kind: "abuse",
          forEveryone: true,
          at: Date.now(),
        }),
      ),
    );
    expect(await figures()).toEqual([1, 1]);
    expect((await caseStore.get(caseId, Date.now()))?.countRound).toBe(3);
  });

  it("never count a smoke test's report", async () => {
    const before = await countOf("municipality|GM0344");
    const answer = await system.submit({ test: true, municipality: "GM0344" });
    expect(answer.status).toBe(201);
    await system.settled();
    expect(await countOf("municipality|GM0344")).toBe(before);
  });
});
