/**
 * End to end on this machine's cores: a real `intake dev` in a child process (its emulators in
 * that process too), reports posted a few at a time, then every organisation queue drained.
 * Throughput runs from the first POST to the last envelope's SentTimestamp. Delivery latency
 * runs from each 201 to the last envelope of its case (the 201 names the case; an envelope
 * points at it). Only the organisations that chose a delivery queue get envelopes. Peak RSS is the child's VmHWM after the load, beside its RSS at start.
 */
import { cpus } from "node:os";
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { DEFAULT_REGION_FILE, readRegionFile } from "../config/region-file.ts";
import { deliveryQueueName, hasDeliveryQueue, routingQueueName } from "../config/resources.ts";
import { decide } from "../domain/route.ts";
import { generateSecretsJson } from "../functions/adapters/secrets.ts";
import type { Envelope } from "../functions/ports/queues.ts";
import { LOCAL_AWS_REGION } from "../local/local-system.ts";
import { cheapProof, NARRATIVE, postReport, reportBody, seedCase } from "./bench-reports.ts";
import { memoryMb, processCpuMs, startIntakeCommand } from "./children.ts";
import { percentile, table } from "./measure.ts";

const SQS_ACCOUNT = "123456789012";
/** Give up draining when no envelope came for this long. */
const QUIET_MS = 30_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const tag = (index: number) => ` (bench report ${index})`;

interface Delivered {
  /** SentTimestamp of each of its envelopes */
  sent: number[];
  receivedAt: number;
  envelopes: Envelope[];
}

interface Drained {
  cases: Map<string, Delivered>;
  /** the envelope ids received so far */
  seen: Set<string>;
}

/** Notes one received envelope under its case; a redelivery is skipped (its first send counts). */
function note(drained: Drained, message: Message): void {
  const envelope = JSON.parse(message.Body ?? "{}") as Envelope;
  const sent = Number(message.Attributes?.SentTimestamp);
  if (!Number.isFinite(sent)) throw new Error("The queue gave no SentTimestamp.");
  if (drained.seen.has(envelope.envelopeId)) return;
  drained.seen.add(envelope.envelopeId);
  const delivered = drained.cases.get(envelope.caseId) ?? {
    sent: [],
    receivedAt: envelope.receivedAt,
    envelopes: [],
  };
  delivered.sent.push(sent);
  delivered.envelopes.push(envelope);
  drained.cases.set(envelope.caseId, delivered);
}

/** Takes one batch off a queue and notes it; whether there was anything. */
async function drainBatch(sqs: SQSClient, queueUrl: string, drained: Drained): Promise<boolean> {
  const { Messages = [] }: { Messages?: Message[] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      // local-aws-sqs reads AttributeNames only, not MessageSystemAttributeNames
      AttributeNames: ["All"],
    }),
  );
  if (Messages.length === 0) return false;
  for (const message of Messages) note(drained, message);
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: Messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle,
      })),
    }),
  );
  return true;
}

/** Every envelope of every organisation queue, removed from it, until `expected` came. */
async function drain(sqs: SQSClient, queueUrls: string[], expected: number) {
  const drained: Drained = { cases: new Map(), seen: new Set() };
  let lastProgress = Date.now();
  while (drained.seen.size < expected && Date.now() - lastProgress < QUIET_MS) {
    let progress = false;
    for (const queueUrl of queueUrls)
      progress = (await drainBatch(sqs, queueUrl, drained)) || progress;
    if (progress) lastProgress = Date.now();
    else await pause(200);
  }
  return { cases: drained.cases, envelopes: drained.seen.size };
}

/** The warnings and errors a child logged (powertools JSON lines), counted by message. */
function warningsOf(stdout: string): string {
  const counts = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const { level, message } = JSON.parse(line) as { level?: string; message?: string };
      if (level === "WARN" || level === "ERROR") {
        const key = `${level} ${message}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    } catch {
      // not a log line
    }
  }
  return [...counts].map(([key, count]) => `${count} × ${key}`).join("; ");
}

/**
 * glibc's malloc as `npm start` sets it (package.json): two arenas, and blocks of 128 KiB and
 * more always mapped on their own, so that scrypt's 16 MiB and 8 MiB blocks go back to the
 * system when freed. Without the fixed threshold glibc raises it to the size of the first such
 * block freed and serves the next ones from the arenas, which then stay as large as the most
 * scrypts that ran at once: 346 MB peak RSS against 281 MB for 500 reports, 8 at a time, with
 * the same delivery latency (measured 2026-11-28). Lambda keeps the default threshold: one
 * request at a time, where mapping each block anew would only cost page faults.
 */
const DEV_MALLOC = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" };
/*
 * The rest of what keeps the peak down is done by `intake dev` itself, so that `npm start`, `npx
 * intake dev` and this bench run the same: its heap grows by 50 % past what the last full
 * collection kept (cli/dev-command.ts), tsx's loader thread has semi-spaces of 1 MiB
 * (bin/intake.mjs), and the receipt's scrypts run two at a time (local/receipt-derivation-
 * slots.ts). Of the 309 MB peak before them, 80 to 90 MB was garbage waiting for a full
 * collection, 32 MB the loader's idle young generation and up to 64 MiB four scrypts' blocks:
 * 309 and 310 MB before, 240 and 239 MB after, in runs taken in turn (2026-12-06, load average
 * 5 to 7 on 2 cores); 261 MB without the scrypt slots, whose delivery latency was also longer.
 */

export async function benchEndToEnd(count: number, concurrency = 8): Promise<string> {
  const region = readRegionFile(DEFAULT_REGION_FILE);
  const perReport = decide(seedCase(), region).routing.organisations.filter((organisation) =>
    hasDeliveryQueue(region, organisation),
  ).length;
  // `intake dev` as `npm start` runs it, with secrets the bench knows, so that its proofs are
  // cheap to make (bench-reports.ts says why that measures the same).
  const secrets = generateSecretsJson();
  const dev = startIntakeCommand(["dev", "--port", "0"], [], {
    INTAKE_SECRETS: JSON.stringify(secrets),
    ...DEV_MALLOC,
  });
  let sqs: SQSClient | undefined;
  try {
    const url = await dev.line(
      (line) => /the form and the API: (http:\/\/[^/\s]+)/.exec(line)?.[1],
    );
    const sqsEndpoint = await dev.line((line) => /SQS (http:\/\/[^\s,]+)/.exec(line)?.[1]);
    await dev.line((line) => (line.startsWith("Ctrl-C stops.") ? true : undefined));
    const atStart = memoryMb(dev.pid);

    const solveStart = Date.now();
    const bodies: string[] = [];
    for (let i = 0; i < count; i++)
      bodies.push(reportBody(await cheapProof(secrets.powHmacKey), `${NARRATIVE}${tag(i)}`));
    const solveMs = Date.now() - solveStart;

    const statuses = new Map<number, number>();
    let refused = "";
    let next = 0;
    const cpuBefore = processCpuMs(dev.pid);
    const firstPost = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let index = next++; index < count; index = next++) {
          const answer = await postReport(url, bodies[index] ?? "");
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status !== 201) refused ||= answer.text.slice(0, 300);
        }
      }),
    );
    const lastAnswer = Date.now();
    const devCores = (processCpuMs(dev.pid) - cpuBefore) / (lastAnswer - firstPost);
    const taken = statuses.get(201) ?? 0;
    if (taken === 0) throw new Error(`No report was taken in: ${refused}`);

    sqs = new SQSClient({
      endpoint: sqsEndpoint,
      region: LOCAL_AWS_REGION,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    // What the router had still to do when the intake was done: its backlog, if any.
    const { Attributes: routing = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: `${sqsEndpoint}/${SQS_ACCOUNT}/${routingQueueName(region.id)}`,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    const backlog =
      Number(routing.ApproximateNumberOfMessages ?? 0) +
      Number(routing.ApproximateNumberOfMessagesNotVisible ?? 0);
    const queueUrls = region.organisations
      .filter((organisation) => hasDeliveryQueue(region, organisation.id))
      .map(
        (organisation) =>
          `${sqsEndpoint}/${SQS_ACCOUNT}/${deliveryQueueName(region.id, organisation.id)}`,
      );
    const { cases, envelopes } = await drain(sqs, queueUrls, taken * perReport);
    const peak = memoryMb(dev.pid);

    const lastSent = Math.max(...[...cases.values()].flatMap((delivered) => delivered.sent));
    const fromReceived: number[] = [];
    for (const delivered of cases.values()) {
      const last = Math.max(...delivered.sent);
      fromReceived.push(last - delivered.receivedAt);
    }
    const perSecondOver = (ms: number) => `${((taken / ms) * 1000).toFixed(1)} reports/s`;

    const notes: string[] = [];
    if (taken < count)
      notes.push(`answers: ${JSON.stringify(Object.fromEntries(statuses))}, e.g. ${refused}`);
    if (envelopes < taken * perReport)
      notes.push(`only ${envelopes} of ${taken * perReport} envelopes came within the wait`);
    const logged = warningsOf(dev.stdout());
    if (logged) notes.push(`intake dev logged: ${logged}`);
    const errors = dev.stderr().trim();
    if (errors) notes.push(`intake dev said on stderr: ${errors.slice(0, 500)}`);

    return [
      `End to end: \`intake dev\` in a child process (its emulators inside it), ${count.toLocaleString("en")} reports ${concurrency} at a time, ${cpus().length} cores;`,
      `proofs made before the load (${seconds(solveMs)}), organisation queues drained after it`,
      table([
        ["what", "figure", "target"],
        ["throughput, first POST → last delivery", perSecondOver(lastSent - firstPost), ""],
        ["  the intake alone, first POST → last 201", perSecondOver(lastAnswer - firstPost), ""],
        [
          "delivery latency p50, case received → last delivery",
          seconds(percentile(fromReceived, 50)),
          "≤ 1 s",
        ],
        [
          "delivery latency p99, case received → last delivery",
          seconds(percentile(fromReceived, 99)),
          "",
        ],
        ["cases still waiting for the router at the last 201", String(backlog), ""],
        ["intake dev's CPU while the reports came in", `${devCores.toFixed(2)} cores`, ""],
        ["peak RSS of intake dev (VmHWM after the load)", `${peak.peak.toFixed(0)} MB`, "≤ 300 MB"],
        [
          "baseline: its RSS right after start (its peak so far)",
          `${atStart.rss.toFixed(0)} MB (${atStart.peak.toFixed(0)} MB)`,
          "",
        ],
      ]),
      "A 201 names no case (the contract gives the case id to test reports only), so latency runs from",
      "the case's receivedAt, set when the use case starts (before the proof check and the scrypts):",
      "longer than from the 201 by about the intake's own time.",
      ...notes.map((note) => `note: ${note}`),
    ].join("\n");
  } finally {
    sqs?.destroy();
    await dev.stop();
  }
}
