/**
 * A local system for one test file, on the emulators of the global setup (or on emulators of
 * its own), with table and queue names nobody else uses; and the helpers the integration tests
 * share: posting a report with a solved proof, reading what each queue holds, scanning tables.
 */
import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Challenge } from "altcha-lib/v1/types";
import { inject } from "vitest";
import { auditLog, credentialStore } from "../../functions/adapters/dynamo-access.ts";
import { caseStore } from "../../functions/adapters/dynamo-cases.ts";
import { solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { issueCredential } from "../../functions/use-cases/credentials.ts";
import type { Emulators } from "../../local/emulators.ts";
import {
  type LocalSystem,
  type LocalSystemOptions,
  startLocalSystem,
} from "../../local/local-system.ts";
import { sampleWithoutTestOrganisationsFile } from "./region-factory.ts";
import { aReport } from "./report-factory.ts";

export interface TestSystem extends LocalSystem {
  /** a fresh solved proof of this system */
  proof(): Promise<string>;
  /**
   * posts a body as JSON (or as given) to /api/v1/reports, or to `path`, and returns the status,
   * headers and parsed body
   */
  post(body: unknown, init?: PostInit): Promise<Answer>;
  /**
   * posts a valid report with a new submissionId and a solved proof; a test report (`test:
   * true`) with an ops credential, as the smoke test sends it
   */
  submit(changes?: Record<string, unknown>): Promise<Answer & { sent: Record<string, unknown> }>;
  /** an ops credential of this system (`intake ops token issue`), issued once */
  opsToken(): Promise<string>;
  /**
   * submits a report (201, or it throws) and waits until the router has routed it; one marked
   * `test` or not (found as the one new case: tests sharing a system go one by one)
   */
  routedCase(report: Record<string, unknown>): Promise<{ caseId: string; receipt: string }>;
  /** every message on a queue now, removed from it (the queue's URL) */
  drain(queueUrl: string, waitMs?: number): Promise<Message[]>;
  /** the delivery queue URL of an organisation */
  deliveryUrl(organisation: string): string;
  routingUrl(): string;
  /** every item of every table */
  items(): Promise<Record<string, unknown>[]>;
  /** waits until every stored case is routed (the router has finished its writes) */
  settled(): Promise<void>;
}

export interface PostInit {
  contentType?: string;
  raw?: string;
  path?: string;
  /** the Authorization header */
  authorization?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** the parsed body of a JSON answer; `{}` for any other */
  body: Record<string, unknown>;
  /** the body as it came (a page, for a form post) */
  text: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sharedEmulators(): Emulators {
  const unavailable = () => {
    throw new Error("The shared emulators are not controlled from a test file.");
  };
  return {
    dynamoEndpoint: inject("dynamoEndpoint"),
    sqsEndpoint: inject("sqsEndpoint"),
    pauseSqs: unavailable,
    resumeSqs: unavailable,
    stop: async () => undefined,
  };
}

export async function startTestSystem(options: LocalSystemOptions = {}): Promise<TestSystem> {
  const system = await startLocalSystem({
    emulators: sharedEmulators(),
    namePrefix: `t${randomUUID().slice(0, 8)}-`,
    // Long enough for a batch on a busy machine, short enough for the dead-letter test.
    visibilityTimeoutSeconds: 4,
    sweepIntervalMs: 0,
    escalateIntervalMs: 0,
    logLevel: "INFO",
    regionFile: sampleWithoutTestOrganisationsFile(),
    ...options,
  });

  const post = async (body: unknown, init: PostInit = {}) => {
    const response = await fetch(`${system.url}${init.path ?? "/api/v1/reports"}`, {
      method: "POST",
      headers: {
        "Content-Type": init.contentType ?? "application/json",
        ...(init.authorization ? { Authorization: init.authorization } : {}),
      },
      body: init.raw ?? JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.startsWith("application/json");
    return {
      status: response.status,
      headers: response.headers,
      body: text && json ? JSON.parse(text) : {},
      text,
    };
  };

  const proof = async () => {
    const challenge = (await (await fetch(`${system.url}/api/v1/challenge`)).json()) as Challenge;
    return solveChallenge(challenge);
  };

  const queueUrl = (predicate: (queue: LocalSystem["queues"][number]) => boolean) => {
    const queue = system.queues.find(predicate);
    if (!queue) throw new Error("No such queue.");
    return queue.url;
  };

  const items = async () => {
    const all: Record<string, unknown>[] = [];
    for (const name of Object.values(system.tableNames)) {
      const { Items = [] } = await system.dynamo.send(new ScanCommand({ TableName: name }));
      all.push(...Items.map((item) => unmarshall(item)));
    }
    return all;
  };

  let ops: Promise<string> | undefined;
  const opsToken = () => {
    ops ??= issueCredential(
      { credentials: credentialStore, audit: auditLog },
      { kind: "ops", name: "tests" },
      1,
      Date.now(),
    ).then(({ token }) => token);
    return ops;
  };

  const submit = async (changes: Record<string, unknown> = {}) => {
    const sent = {
      ...aReport(),
      submissionId: randomUUID(),
      proof: await proof(),
      ...changes,
    };
    const authorization = sent.test === true ? `Bearer ${await opsToken()}` : undefined;
    return { ...(await post(sent, { authorization })), sent };
  };

  const caseIds = async () =>
    (await items())
      .filter((item) => String(item.pk).startsWith("case#"))
      .map((item) => String(item.pk).slice("case#".length));

  return {
    ...system,
    proof,
    post,
    submit,
    opsToken,
    async routedCase(report) {
      // A person's report: its answer names no case; it is the one case the tables did not have.
      const before = report.test === true ? null : new Set(await caseIds());
      const answer = await submit(report);
      if (answer.status !== 201) throw new Error(`The report was answered ${answer.status}.`);
      const caseId = before
        ? await eventually(async () => (await caseIds()).find((id) => !before.has(id)))
        : String(answer.body.caseId);
      await eventually(async () =>
        (await caseStore.get(caseId, Date.now()))?.state === "routed" ? true : undefined,
      );
      return { caseId, receipt: String(answer.body.receipt) };
    },
    async drain(url, waitMs = 0) {
      const messages: Message[] = [];
      const until = Date.now() + waitMs;
      let emptied = false;
      while (!emptied || Date.now() < until) {
        const { Messages = [] } = await system.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ["All"],
          }),
        );
        if (Messages.length > 0) {
          messages.push(...Messages);
          await system.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: url,
              Entries: Messages.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle,
              })),
            }),
          );
        } else {
          emptied = true;
          if (Date.now() < until) await pause(100);
        }
      }
      return messages;
    },
    deliveryUrl: (organisation) =>
      queueUrl((queue) => queue.declaration.organisation === organisation),
    routingUrl: () => queueUrl((queue) => queue.declaration.kind === "routing"),
    items,
    async settled() {
      await eventually(async () => {
        const cases = (await items()).filter((item) => String(item.pk).startsWith("case#"));
        return cases.every((item) => item.state === "routed") ? true : undefined;
      });
      // The router goes on writing after it marks a case routed (the wait for a claim, the
      // monitor's counts): settled means two scans a moment apart find the same items.
      let last = JSON.stringify(await items());
      await eventually(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = JSON.stringify(await items());
        const same = now === last;
        last = now;
        return same ? true : undefined;
      });
    },
  };
}

/** Waits until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await check();
    if (value !== undefined) return value;
    await pause(100);
  }
  throw new Error(`Nothing came within ${timeoutMs} ms.`);
}
