/**
 * What must survive failures: a dropped connection, SQS down during intake, a router that
 * crashes between any two of its steps, and a message nobody can process.
 */

import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseReceipt } from "../../domain/receipt.ts";
import { parseReport } from "../../domain/report.ts";
import { metrics } from "../../functions/adapters/cloudwatch-metrics.ts";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { receiptLinks } from "../../functions/adapters/dynamo-receipt-links.ts";
import { routingAttempts } from "../../functions/adapters/dynamo-routing-attempts.ts";
import { proofLedger, submissionLedger } from "../../functions/adapters/dynamo-submissions.ts";
import { alerts } from "../../functions/adapters/notifications.ts";
import { receiptDigest } from "../../functions/adapters/receipt-crypto.ts";
import { generateSecretsJson, secretsFromJson } from "../../functions/adapters/secrets.ts";
import { deliveryQueues, routingQueue } from "../../functions/adapters/sqs-queues.ts";
import type { AssignmentStore } from "../../functions/ports/assignment-store.ts";
import type { DeliveryQueues } from "../../functions/ports/queues.ts";
import {
  MAX_ROUTING_ATTEMPTS,
  type RouteDeps,
  routeCase,
} from "../../functions/use-cases/route-case.ts";
import { submitReport } from "../../functions/use-cases/submit-report.ts";
import { STALE_AFTER_MS, sweepStale } from "../../functions/use-cases/sweep-stale.ts";
import { intakeCrypto } from "../../functions/wiring/intake.ts";
import { type Emulators, startEmulators } from "../../local/emulators.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

const secretsJson = generateSecretsJson();
const secrets = secretsFromJson(secretsJson);
let emulators: Emulators;
let system: TestSystem;

beforeAll(async () => {
  // Emulators of this file's own, so that SQS can be stopped and started again.
  emulators = await startEmulators();
  system = await startTestSystem({ emulators, secrets: secretsJson });
});
afterAll(async () => {
  await system.stop();
  await emulators.stop();
});

const realRouteDeps = (): RouteDeps => ({
  region: currentRegion(),
  cases: caseStore,
  links: receiptLinks,
  assignments: assignmentStore,
  delivery: deliveryQueues,
  alerts,
  attempts: routingAttempts,
  metrics,
});

const caseRecord = (caseId: string) => caseStore.get(caseId, Date.now());

/** Stores a case without enqueueing it, as if the enqueue had been lost. */
async function storedCase(): Promise<string> {
  let caseId = "";
  await submitReport(
    {
      region: currentRegion(),
      secrets,
      ...intakeCrypto,
      cases: {
        ...caseStore,
        create: async (record) => {
          caseId = record.caseId;
          await caseStore.create(record);
        },
      },
      links: receiptLinks,
      proofs: proofLedger,
      submissions: submissionLedger,
      routing: { enqueue: async () => undefined },
    },
    {
      report: parseReport(aWorkerWhoLostEverything(), currentRegion(), "form"),
      source: "form",
      now: Date.now(),
    },
  );
  return caseId;
}

/** Envelopes for one case on one organisation's queue, taken off it. */
async function envelopesOf(caseId: string, organisation: string, waitMs = 500) {
  const messages = await system.drain(system.deliveryUrl(organisation), waitMs);
  return messages
    .map((message) => JSON.parse(message.Body ?? "{}"))
    .filter((envelope) => envelope.caseId === caseId);
}

async function assignmentsOf(caseId: string) {
  return (await system.items()).filter((item) => item.caseId === caseId && item.organisation);
}

describe("a dropped connection", () => {
  it("gets the same receipt on retry, and one case", async () => {
    const body = JSON.stringify({
      ...aWorkerWhoLostEverything(),
      submissionId: randomUUID(),
      proof: await system.proof(),
    });
    const before = (await system.items()).filter((item) =>
      String(item.pk).startsWith("case#"),
    ).length;
    // Send the whole request, then drop the connection before any answer comes.
    await new Promise<void>((resolve) => {
      const url = new URL(`${system.url}/api/v1/reports`);
      const req = request(url, { method: "POST", headers: { "Content-Type": "application/json" } });
      req.on("error", () => resolve());
      req.end(body, () => {
        req.destroy();
        resolve();
      });
    });
    const answer = await eventually(async () => {
      const retry = await system.post(undefined, { raw: body });
      expect(retry.status).toBeLessThan(500);
      return retry.status === 201 ? retry : undefined;
    });
    const third = await system.post(undefined, { raw: body });
    expect(third.body.receipt).toBe(answer.body.receipt);

    const cases = (await system.items()).filter((item) => String(item.pk).startsWith("case#"));
    expect(cases.length).toBe(before + 1);
    const digest = await receiptDigest(
      normaliseReceipt(String(answer.body.receipt)) ?? "",
      secrets.receiptHashKeys[0] as never,
    );
    const linked = await receiptLinks.find(digest, Date.now());
    expect(cases.map((item) => item.caseId)).toContain(linked);
  });
});

describe("SQS down during intake", () => {
  it("still answers 201, and the case ends routed once SQS is back and the sweeper ran", async () => {
    const proof = await system.proof();
    await emulators.pauseSqs();
    let caseId = "";
    try {
      const answer = await system.post({
        ...aWorkerWhoLostEverything(),
        submissionId: randomUUID(),
        proof,
      });
      expect(answer.status).toBe(201);
      const waiting = await caseStore.waiting(Date.now() + 1, 100);
      caseId = waiting.at(-1) ?? "";
      expect((await caseRecord(caseId))?.state).toBe("received");
    } finally {
      await emulators.resumeSqs();
    }
    // The sweeper, two minutes later, enqueues the case again; the router does the rest.
    const { requeued } = await sweepStale(
      { cases: caseStore, assignments: assignmentStore, routing: routingQueue },
      Date.now() + STALE_AFTER_MS + 1_000,
    );
    expect(requeued).toBeGreaterThanOrEqual(1);
    await eventually(async () =>
      (await caseRecord(caseId))?.state === "routed" ? true : undefined,
    );
    for (const organisation of ["labour-ngo", "legal-aid", "coordination-centre"]) {
      expect(await envelopesOf(caseId, organisation, 2000)).toHaveLength(1);
    }
  });
});

describe("a router that crashes between two steps", () => {
  class InjectedCrashError extends Error {}

  const once = <T extends (...args: never[]) => Promise<unknown>>(
    fn: T,
    when: "before" | "after",
  ): T => {
    let crashed = false;
    return (async (...args: Parameters<T>) => {
      if (!crashed && when === "before") {
        crashed = true;
        throw new InjectedCrashError();
      }
      const result = await fn(...args);
      if (!crashed && when === "after") {
        crashed = true;
        throw new InjectedCrashError();
      }
      return result;
    }) as T;
  };

  /** [where it crashes, the crash, whether one organisation then gets its envelope twice] */
  const crashes: [string, (deps: RouteDeps) => RouteDeps, boolean][] = [
    [
      "after the assignment write (the send fails)",
      (deps) => ({
        ...deps,
        delivery: {
          ...deps.delivery,
          deliver: once(deps.delivery.deliver, "before"),
        } satisfies DeliveryQueues,
      }),
      false,
    ],
    [
      "after the send",
      (deps) => ({
        ...deps,
        delivery: { ...deps.delivery, deliver: once(deps.delivery.deliver, "after") },
      }),
      true,
    ],
    [
      "before marking the assignment sent",
      (deps) => ({
        ...deps,
        assignments: {
          ...deps.assignments,
          markSent: once(deps.assignments.markSent, "before"),
        } satisfies AssignmentStore,
      }),
      true,
    ],
  ];

  it.each(crashes)(
    "ends with every organisation holding its envelope and no second assignment, crashing %s",
    async (_, crash, sentTwice) => {
      const caseId = await storedCase();
      await expect(routeCase(crash(realRouteDeps()), caseId, Date.now())).rejects.toBeInstanceOf(
        InjectedCrashError,
      );
      expect((await caseRecord(caseId))?.state).toBe("received");

      // The message comes back (here: the sweeper sends it again); the router finishes.
      await sweepStale(
        { cases: caseStore, assignments: assignmentStore, routing: routingQueue },
        Date.now() + STALE_AFTER_MS + 1_000,
      );
      await eventually(async () =>
        (await caseRecord(caseId))?.state === "routed" ? true : undefined,
      );

      // The organisations are served at once, so the crash hits whichever came first.
      const counts: number[] = [];
      for (const organisation of ["labour-ngo", "legal-aid", "coordination-centre"]) {
        const envelopes = await envelopesOf(caseId, organisation, 1000);
        expect(new Set(envelopes.map((envelope) => envelope.envelopeId))).toEqual(
          new Set([`${caseId}:${organisation}`]),
        );
        counts.push(envelopes.length);
      }
      expect(counts.sort()).toEqual([1, 1, sentTwice ? 2 : 1]);
      const assignments = await assignmentsOf(caseId);
      expect(assignments.map((a) => [a.organisation, a.state])).toEqual([
        ["coordination-centre", "sent"],
        ["labour-ngo", "sent"],
        ["legal-aid", "sent"],
      ]);
    },
  );

  it("never makes a second assignment when the same case is routed twice at once", async () => {
    const caseId = await storedCase();
    const outcomes = await Promise.allSettled([
      routeCase(realRouteDeps(), caseId, Date.now()),
      routeCase(realRouteDeps(), caseId, Date.now()),
    ]);
    expect(outcomes.some((outcome) => outcome.status === "fulfilled")).toBe(true);
    expect(await assignmentsOf(caseId)).toHaveLength(3);
    for (const organisation of ["labour-ngo", "legal-aid", "coordination-centre"])
      await envelopesOf(caseId, organisation);
  });
});

describe("a poisoned message", () => {
  it("ends in the routing dead-letter queue after five receives", async () => {
    await system.sqs.send(
      new SendMessageCommand({
        QueueUrl: system.routingUrl(),
        MessageBody: "not a routing message",
      }),
    );
    const routing = system.queues.find((queue) => queue.declaration.kind === "routing");
    const dead = await eventually(async () => {
      const messages = await system.drain(routing?.deadLetterUrl ?? "");
      return messages.length > 0 ? messages : undefined;
    }, 40_000);
    expect(dead.map((message) => message.Body)).toEqual(["not a routing message"]);
  }, 60_000);
});

describe("a poison case, which no routing can finish", () => {
  it(`is parked after ${MAX_ROUTING_ATTEMPTS} attempts, counted once for the alarm, and never enqueued again`, async () => {
    const caseId = await storedCase();
    const counted: string[] = [];
    const deps: RouteDeps = {
      ...realRouteDeps(),
      delivery: {
        ...deliveryQueues,
        deliver: async () => {
          throw new Error("no such queue");
        },
      },
      metrics: { count: async (name) => void counted.push(name) },
    };
    for (let attempt = 1; attempt <= MAX_ROUTING_ATTEMPTS; attempt++)
      await expect(routeCase(deps, caseId, Date.now())).rejects.toThrow("no such queue");
    expect(await routeCase(deps, caseId, Date.now())).toBe("parked");
    expect(await routeCase(deps, caseId, Date.now())).toBe("parked");
    expect(counted).toEqual(["ParkedCases"]);
    expect((await caseRecord(caseId))?.state).toBe("parked");
    expect(await caseStore.waiting(Date.now() + STALE_AFTER_MS, 100)).not.toContain(caseId);
  });

  it("starts counting again when the case is routed anew (a decline, a hand-over)", async () => {
    const caseId = await storedCase();
    const failing: RouteDeps = {
      ...realRouteDeps(),
      delivery: {
        ...deliveryQueues,
        deliver: async () => {
          throw new Error("unreachable");
        },
      },
    };
    for (let attempt = 1; attempt < MAX_ROUTING_ATTEMPTS; attempt++)
      await expect(routeCase(failing, caseId, Date.now())).rejects.toThrow("unreachable");
    const record = await caseRecord(caseId);
    await caseStore.reroute(caseId, { routing: record?.decision.routing as never }, Date.now());
    for (let attempt = 1; attempt < MAX_ROUTING_ATTEMPTS; attempt++)
      await expect(routeCase(failing, caseId, Date.now())).rejects.toThrow("unreachable");
    expect(await routeCase(realRouteDeps(), caseId, Date.now())).toBe("routed");
    for (const organisation of ["labour-ngo", "legal-aid", "coordination-centre"])
      await envelopesOf(caseId, organisation);
  });
});
