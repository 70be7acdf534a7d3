/** A report's way through the real local system: HTTP, DynamoDB, the routing queue, the router. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasDeliveryQueue } from "../../config/resources.ts";
import { parseReport } from "../../domain/report.ts";
import { decide } from "../../domain/route.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.stop());

/** Takes envelopes off every delivery queue until `count` have come, by organisation. */
async function takeEnvelopes(count: number) {
  const found: Record<string, Record<string, unknown>[]> = {};
  let taken = 0;
  await eventually(async () => {
    for (const queue of system.queues) {
      const { organisation } = queue.declaration;
      if (!organisation) continue;
      for (const message of await system.drain(queue.url)) {
        found[organisation] = [...(found[organisation] ?? []), JSON.parse(message.Body ?? "{}")];
        taken++;
      }
    }
    return taken >= count ? true : undefined;
  });
  return found;
}

const tally = (counts: Record<string, number>, id: string) => {
  counts[id] = (counts[id] ?? 0) + 1;
};

/**
 * The cases route() sends each organisation, apart for those with a delivery queue and those
 * that work in the inbox alone.
 */
function routedCounts(reports: Record<string, unknown>[]) {
  const queued: Record<string, number> = {};
  const inboxOnly: Record<string, number> = {};
  for (const report of reports) {
    const decision = decide(parseReport(report, system.region, "cli"), system.region);
    for (const id of decision.routing.organisations)
      tally(hasDeliveryQueue(system.region, id) ? queued : inboxOnly, id);
  }
  return { queued, inboxOnly };
}

/** The envelopes each organisation got, a repeat (the same envelope id) counted once. */
const distinctEnvelopeCounts = (found: Record<string, Record<string, unknown>[]>) =>
  Object.fromEntries(
    Object.entries(found).map(([id, list]) => [
      id,
      new Set(list.map((envelope) => envelope.envelopeId)).size,
    ]),
  );

/** The sent assignments of these organisations, by organisation. */
async function sentAssignmentCounts(organisations: string[]) {
  const sent: Record<string, number> = {};
  for (const item of await system.items()) {
    const organisation = String(item.organisation);
    if (item.state === "sent" && organisations.includes(organisation)) tally(sent, organisation);
  }
  return sent;
}

const caseItems = async () =>
  (await system.items()).filter((item) => String(item.pk ?? "").startsWith("case#"));

describe("a report posted to the API", () => {
  it("is answered 201 with a receipt, the urgency, the guidance in its locale and the number of organisations", async () => {
    const { status, body, headers } = await system.submit(aWorkerWhoLostEverything());
    expect(status).toBe(201);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body.receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(body).toMatchObject({
      urgency: "high",
      routedTo: 3,
      guidance: {
        emergencyNumber: "112",
        message: expect.stringContaining("organizacjom"),
      },
    });
    await takeEnvelopes(3); // leave the queues empty for the next test
  });

  it("reaches exactly the organisations that route() chose, each case once, with a stable envelope id", async () => {
    const reports = [
      aWorkerWhoLostEverything({ narrative: "words one" }),
      aWorkerWhoLostEverything({ municipality: "GM0599", inDanger: "yes" }),
      aWorkerWhoLostEverything({
        minor: "yes",
        consent: { share: false, authorities: false, checkIns: false },
        inDanger: "yes",
      }),
      aWorkerWhoLostEverything({
        consent: { share: true, authorities: true, checkIns: false },
        indicators: ["threats"],
      }),
    ];
    for (const report of reports) expect((await system.submit(report)).status).toBe(201);
    const { queued, inboxOnly } = routedCounts(reports);
    const found = await takeEnvelopes(Object.values(queued).reduce((a, b) => a + b, 0));
    // Delivery is at least once: a repeat carries the same envelope id, and counts once.
    expect(distinctEnvelopeCounts(found)).toEqual(queued);
    for (const [organisation, list] of Object.entries(found)) {
      for (const envelope of list) {
        expect(envelope.organisation).toBe(organisation);
        expect(envelope.envelopeId).toBe(`${envelope.caseId}:${organisation}`);
      }
    }
    // An organisation that chose the inbox alone has no queue: its assignment, sent, is all.
    expect(Object.keys(inboxOnly).length).toBeGreaterThan(0);
    await system.settled();
    expect(await sentAssignmentCounts(Object.keys(inboxOnly))).toEqual(inboxOnly);
  });

  it("ends with the case routed and one sent assignment per organisation", async () => {
    const { body } = await system.submit(aWorkerWhoLostEverything());
    expect(body.routedTo).toBe(3);
    const envelopes = await takeEnvelopes(3);
    const caseId = envelopes["labour-ngo"]?.[0]?.caseId;
    const record = await eventually(async () =>
      (await caseItems()).find((item) => item.caseId === caseId && item.state === "routed"),
    );
    const assignments = (await system.items()).filter(
      (item) => item.caseId === record.caseId && item.organisation !== undefined,
    );
    expect(assignments.map((a) => [a.organisation, a.state])).toEqual([
      ["coordination-centre", "sent"],
      ["labour-ngo", "sent"],
      ["legal-aid", "sent"],
    ]);
  });
});

describe("idempotency", () => {
  it("takes the same submissionId sent three times at once as one report, without a 5xx", async () => {
    const proof = await system.proof();
    const report = { ...aWorkerWhoLostEverything(), submissionId: randomUUID(), proof };
    const answers = await Promise.all([1, 2, 3].map(() => system.post(report)));
    expect(answers.every((answer) => answer.status < 500)).toBe(true);
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(409);
      expect((answer.body.error as { code: string }).code).toBe("in_progress");
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    }
    expect(new Set(created.map((answer) => answer.body.receipt)).size).toBe(1);

    const again = await system.post(report);
    expect(again.status).toBe(201);
    expect(again.body.receipt).toBe(created[0]?.body.receipt);
    const before = (await caseItems()).length;
    await takeEnvelopes(3);
    expect((await caseItems()).length).toBe(before);
  });

  it("answers 409 conflict for the same submissionId with another body, and keeps nothing of it", async () => {
    const first = await system.submit(aWorkerWhoLostEverything());
    expect(first.status).toBe(201);
    await takeEnvelopes(3);
    const before = await system.items();
    const other = await system.post({ ...first.sent, narrative: "a different report" });
    expect(other.status).toBe(409);
    expect((other.body.error as { code: string }).code).toBe("conflict");
    expect(await system.items()).toEqual(before);
  });
});
