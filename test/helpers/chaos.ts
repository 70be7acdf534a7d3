/**
 * The chaos run (test/integration/chaos.test.ts, `npm run bench`): reports taken in and routed
 * through the real adapters on the local emulators, each adapter call wrapped to fail now and
 * then (a crash before or after its work, DynamoDB and SQS throttling), and the process "killed"
 * a few times: every call fails for a moment, the in-memory queues lose what they held, and the
 * start-up re-delivery (local/redeliver.ts) runs, as after `kill -9` and `intake dev --data`.
 * People retry until their 201; organisations' consumers drain their queues throughout.
 * At the end: every 201 must have one case, and each routed organisation its envelope.
 */

import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { createChallenge } from "altcha-lib/v1";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import fc from "fast-check";
import * as z from "zod/mini";
import { withoutProof } from "../../domain/json-text.ts";
import { parseReport, type Report } from "../../domain/report.ts";
import { currentRegion } from "../../functions/adapters/current-region.ts";
import { assignmentStore } from "../../functions/adapters/dynamo-assignments.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { receiptLinks } from "../../functions/adapters/dynamo-receipt-links.ts";
import { routingAttempts } from "../../functions/adapters/dynamo-routing-attempts.ts";
import { proofLedger, submissionLedger } from "../../functions/adapters/dynamo-submissions.ts";
import { POW_ALGORITHM, solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { deliveryQueues, routingQueue } from "../../functions/adapters/sqs-queues.ts";
import type { Secrets } from "../../functions/ports/crypto.ts";
import { type RouteDeps, routeCase } from "../../functions/use-cases/route-case.ts";
import { type SubmitDeps, submitReport } from "../../functions/use-cases/submit-report.ts";
import { STALE_AFTER_MS, sweepStale } from "../../functions/use-cases/sweep-stale.ts";
import { intakeCrypto } from "../../functions/wiring/intake.ts";
import type { LocalSystem } from "../../local/local-system.ts";
import { redeliverOnStart } from "../../local/redeliver.ts";
import { startPoller } from "../../local/sqs-poller.ts";
import { reportArbitrary } from "./arbitraries.ts";

export interface ChaosOptions {
  reports: number;
  /** the chance that one adapter call fails (half before its work, half after) */
  faultRate: number;
  /** times the process is "killed" and started again, spread over the run */
  kills: number;
  /** reports taken in at once */
  concurrency?: number;
}

export interface ChaosFigures {
  reports: number;
  faults: number;
  kills: number;
  /** (case, routed organisation) pairs */
  deliveries: number;
  /** pairs whose envelope never arrived, or whose assignment is missing or not sent */
  lost: number;
  /** second cases of a submission, and assignments beyond one per pair */
  duplicated: number;
  /** envelopes that came more than once, dropped by their envelope id */
  repeatsDropped: number;
  parked: number;
  seconds: number;
  /** of which taking the reports in */
  intakeSeconds: number;
}

class InjectedFault extends Error {
  constructor(readonly kind: string) {
    super(kind);
    this.name = kind;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function faultInjector(rate: number) {
  const state = { faults: 0, killed: false };
  /** Fails now and then, or always while the process is "killed". */
  const failNow = (kind: () => string) => {
    if (state.killed) throw new InjectedFault("Killed");
    if (Math.random() < rate / 2) {
      state.faults++;
      throw new InjectedFault(kind());
    }
  };
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      // A throttled call, or a crash before the call's work.
      failNow(() => (Math.random() < 0.5 ? "ThrottlingException" : "CrashBefore"));
      const result = await fn(...args);
      failNow(() => "CrashAfter"); // the work is done, its answer lost
      return result;
    };
  return { state, wrap };
}

/**
 * One person's report, with a solved proof of work, sent again (the same request) after every
 * injected fault until it is taken in; returns the submission it was sent as.
 */
async function submitUntilTaken(deps: SubmitDeps, secrets: Secrets, input: Report | undefined) {
  const challenge = await createChallenge({
    algorithm: POW_ALGORITHM,
    maxnumber: 100,
    expires: new Date(Date.now() + 3_600_000),
    hmacKey: secrets.powHmacKey,
  });
  const body = JSON.stringify({
    ...input,
    submissionId: crypto.randomUUID(),
    proof: solveChallenge(challenge),
  });
  const report = parseReport(JSON.parse(body), deps.region, "json");
  const submission = { id: report.submissionId as string, secret: withoutProof(body) };
  for (;;) {
    try {
      await submitReport(deps, { report, source: "json", now: Date.now(), submission });
      return submission;
    } catch (error) {
      if (!(error instanceof InjectedFault)) throw error;
      await pause(20);
    }
  }
}

const RoutingMessage = z.strictObject({ caseId: z.uuid() });

export async function runChaos(
  system: LocalSystem,
  secrets: Secrets,
  options: ChaosOptions,
): Promise<ChaosFigures> {
  const started = Date.now();
  const region = currentRegion();
  const { state, wrap } = faultInjector(options.faultRate);
  const submitDeps: SubmitDeps = {
    region,
    secrets,
    ...intakeCrypto,
    cases: { ...caseStore, create: wrap(caseStore.create), get: wrap(caseStore.get) },
    links: { ...receiptLinks, put: wrap(receiptLinks.put), find: wrap(receiptLinks.find) },
    proofs: { spend: wrap(proofLedger.spend) },
    submissions: { claim: wrap(submissionLedger.claim) },
    routing: { enqueue: wrap(routingQueue.enqueue) },
  };
  const routeDeps: RouteDeps = {
    region,
    cases: {
      ...caseStore,
      get: wrap(caseStore.get),
      markRouted: wrap(caseStore.markRouted),
      resolveLink: wrap(caseStore.resolveLink),
      awaitClaim: wrap(caseStore.awaitClaim),
    },
    links: { ...receiptLinks, find: wrap(receiptLinks.find) },
    assignments: {
      ...assignmentStore,
      create: wrap(assignmentStore.create),
      get: wrap(assignmentStore.get),
      markSent: wrap(assignmentStore.markSent),
    },
    delivery: { ...deliveryQueues, deliver: wrap(deliveryQueues.deliver) },
    alerts: { notify: wrap(async () => undefined) },
    attempts: { count: wrap(routingAttempts.count), park: wrap(routingAttempts.park) },
    metrics: { count: async () => undefined },
  };

  const processor = new BatchProcessor(EventType.SQS);
  const routingUrl = system.queues.find((q) => q.declaration.kind === "routing")?.url ?? "";
  const router = async (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const { caseId } = RoutingMessage.parse(JSON.parse(record.body));
        await routeCase(routeDeps, caseId, Date.now());
      },
      processor,
    );
  const startRouter = () =>
    startPoller({
      client: system.sqs,
      queueUrl: routingUrl,
      queueArn: "arn:aws:sqs:local:000000000000:routing",
      awsRegion: "eu-west-1",
      functionName: "route-cases",
      handler: router,
      timeoutMs: 60_000,
      concurrency: 3,
    });
  let poller = startRouter();

  // The organisations' consumers: every envelope id they see, and how often.
  const seen = new Map<string, number>();
  const deliveryUrls = system.queues.filter((q) => q.declaration.kind === "delivery");
  /** Every message on a queue now, taken off it. */
  const drain = async (url: string, take: (body: string) => void) => {
    for (;;) {
      const { Messages = [] } = await system.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) return;
      for (const message of Messages) take(message.Body ?? "{}");
      await system.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  };
  const consume = async () => {
    for (const queue of deliveryUrls)
      await drain(queue.url, (body) => {
        const { envelopeId } = JSON.parse(body) as { envelopeId: string };
        seen.set(envelopeId, (seen.get(envelopeId) ?? 0) + 1);
      });
  };
  let running = true;
  let rounds = 0;
  const background = (async () => {
    while (running) {
      await consume().catch(() => undefined);
      // The sweeper (every 5 s), as if two minutes had passed for what waits over 10 s.
      if (!state.killed && rounds++ % 10 === 0)
        await sweepStale(
          {
            cases: caseStore,
            assignments: assignmentStore,
            routing: { enqueue: wrap(routingQueue.enqueue) },
          },
          Date.now() + STALE_AFTER_MS - 10_000,
        ).catch(() => undefined);
      await pause(500);
    }
  })();

  /** kill -9 and a start with `--data`: what was in memory is gone, DynamoDB stays. */
  const killAndRestart = async () => {
    state.killed = true;
    await poller.stop();
    // SQS's memory is gone (messages in flight come back to nobody: they are dropped too).
    for (const url of [routingUrl, ...deliveryUrls.map((q) => q.url)])
      await drain(url, () => undefined);
    state.killed = false;
    await redeliverOnStart();
    poller = startRouter();
  };

  // The people: each sends their report until its 201, the same request every time.
  const caseOf = new Map<string, string>();
  const reports = fc.sample(reportArbitrary(region), options.reports);
  const killEvery = Math.ceil(options.reports / (options.kills + 1));
  let next = 0;
  let kills = 0;
  const person = async () => {
    while (next < reports.length) {
      const index = next++;
      if (index > 0 && index % killEvery === 0 && kills < options.kills) {
        kills++;
        await killAndRestart();
      }
      const submission = await submitUntilTaken(submitDeps, secrets, reports[index]);
      // The ledger holds what this submission made: its one case.
      const made = await submissionLedger.claim(submission, { caseId: "", receipt: "" }, 0);
      caseOf.set(submission.id, made?.made.caseId ?? "");
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, person));
  const takenIn = Date.now();

  // Wait until every case is routed (or parked), then read what each organisation received.
  let cases: Record<string, unknown>[] = [];
  const until = Date.now() + 300_000;
  for (;;) {
    cases = (await scanAll(system, system.tableNames.reports)).filter((i) =>
      String(i.pk).startsWith("case#"),
    );
    if (cases.every((c) => c.state !== "received") || Date.now() > until) break;
    await pause(500);
  }
  running = false;
  await background;
  await poller.stop();
  await consume();

  const assignments = await scanAll(system, system.tableNames.assignments);
  const expected = cases.flatMap((c) =>
    (c.decision as { routing: { organisations: string[] } }).routing.organisations.map(
      (organisation) => `${c.caseId}:${organisation}`,
    ),
  );
  const sentAssignments = new Map(
    assignments.map((a) => [`${a.caseId}:${a.organisation}`, a.state]),
  );
  // An organisation that works in the inbox alone has no queue: its assignment `sent` is its
  // delivery; the others must also have seen the envelope.
  const queued = new Set(deliveryUrls.map((queue) => queue.declaration.organisation));
  const lost = expected.filter(
    (pair) =>
      sentAssignments.get(pair) !== "sent" ||
      (queued.has(pair.slice(pair.indexOf(":") + 1)) && !seen.has(pair)),
  ).length;
  const madeCases = new Set(caseOf.values());
  const duplicated =
    cases.length - madeCases.size + Math.max(0, assignments.length - expected.length);
  return {
    reports: caseOf.size,
    faults: state.faults,
    kills,
    deliveries: expected.length,
    lost: lost + [...madeCases].filter((id) => !cases.some((c) => c.caseId === id)).length,
    duplicated,
    repeatsDropped: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    parked: cases.filter((c) => c.state === "parked").length,
    seconds: (Date.now() - started) / 1000,
    intakeSeconds: (takenIn - started) / 1000,
  };
}

async function scanAll(system: LocalSystem, table: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, import("@aws-sdk/client-dynamodb").AttributeValue> | undefined;
  do {
    const page = await system.dynamo.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
