/**
 * `intake dev --data DIR` killed with SIGKILL at random moments and started again: no case is
 * lost, every receipt still opens its case, every person who lost their answer finishes by
 * sending the same report again, and every routed organisation gets each case's envelope.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Challenge } from "altcha-lib/v1/types";
import { afterAll, describe, expect, it } from "vitest";
import { readRegionFile } from "../../config/region-file.ts";
import { deliveryQueueName, hasDeliveryQueue } from "../../config/resources.ts";
import { solveChallenge } from "../../functions/adapters/proof-of-work.ts";
import { aWorkerWhoLostEverything } from "../helpers/report-factory.ts";
import { eventually } from "../helpers/test-system.ts";

const BIN = fileURLToPath(new URL("../../bin/intake.mjs", import.meta.url));
const REPORTS = 12;
const region = readRegionFile();
const data = mkdtempSync(join(tmpdir(), "intake-data-"));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const run = promisify(execFile);

interface Dev {
  child: ChildProcess;
  url: string;
  dynamoEndpoint: string;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  sqsEndpoint: string;
  output: () => string;
}
let running: Dev | undefined;

async function start(): Promise<Dev> {
  const { INTAKE_SECRETS: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, "dev", "--port", "0", "--data", data], {
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  await eventually(async () => (output.includes("Ctrl-C stops.") ? true : undefined), 60_000);
  const found = (pattern: RegExp) => output.match(pattern)?.[1] ?? "";
  const client = { region: "eu-west-1", credentials };
  running = {
    child,
    url: found(/(http:\/\/127\.0\.0\.1:\d+)\//),
    dynamoEndpoint: found(/DynamoDB (http:\/\/[\d.:]+)/),
    dynamo: new DynamoDBClient({ ...client, endpoint: found(/DynamoDB (http:\/\/[\d.:]+)/) }),
    sqs: new SQSClient({ ...client, endpoint: found(/SQS (http:\/\/[\d.:]+)/) }),
    sqsEndpoint: found(/SQS (http:\/\/[\d.:]+)/),
    output: () => output,
  };
  return running;
}

async function kill(dev: Dev): Promise<void> {
  const exited = new Promise((resolve) => dev.child.once("exit", resolve));
  dev.child.kill("SIGKILL");
  await exited;
  dev.dynamo.destroy();
  dev.sqs.destroy();
}

afterAll(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null)
    await kill(running);
});

/** An ops token in the dev system's tables, as `intake ops token issue` makes one (kept in --data). */
async function opsToken(dev: Dev): Promise<string> {
  const { stdout } = await run(process.execPath, [
    BIN,
    ...["ops", "token", "issue", "restart-test", "--days", "1", "--dynamo", dev.dynamoEndpoint],
  ]);
  return String(JSON.parse(stdout).token);
}

/** The test reports' ops credential (only ops may send a report marked test). */
let authorization = "";

async function post(url: string, path: string, body: string) {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(path === "/api/v1/reports" ? { Authorization: authorization } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** As the person does: the same report again until its 201 (after 409 in_progress, waiting). */
async function sendUntilTaken(url: string, body: string) {
  return eventually(async () => {
    const answer = await post(url, "/api/v1/reports", body).catch(() => undefined);
    if (answer?.status === 201) return answer;
    expect([undefined, 409, 503]).toContain(answer?.status);
    await pause(Number(answer?.headers.get("retry-after") ?? 1) * 1000);
    return undefined;
  }, 90_000);
}

/** Envelope ids per case on every organisation's queue of a running system, taken off them. */
async function takeEnvelopes(dev: Dev, seen: Map<string, Set<string>>): Promise<void> {
  for (const organisation of region.organisations) {
    // An organisation that works in the inbox alone has no queue (the seed case reaches none).
    if (!hasDeliveryQueue(region, organisation.id)) continue;
    const url = `${dev.sqsEndpoint}/123456789012/${deliveryQueueName(region.id, organisation.id)}`;
    for (;;) {
      const { Messages = [] } = await dev.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        const envelope = JSON.parse(message.Body ?? "{}");
        const ids = seen.get(envelope.caseId) ?? new Set<string>();
        ids.add(envelope.envelopeId);
        seen.set(envelope.caseId, ids);
      }
      await dev.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }
}

describe("intake dev --data, killed and started again", () => {
  it("loses no case, keeps every receipt working, and finishes every submission once", async () => {
    let dev = await start();
    authorization = `Bearer ${await opsToken(dev)}`;
    const secretsFile = join(data, "secrets.json");
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);

    const bodies: string[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const challenge = (await (await fetch(`${dev.url}/api/v1/challenge`)).json()) as Challenge;
      bodies.push(
        JSON.stringify({
          ...aWorkerWhoLostEverything(),
          test: true,
          submissionId: randomUUID(),
          proof: solveChallenge(challenge),
        }),
      );
    }
    // Everyone presses send at once; the process dies while the reports are being taken in.
    const sends = bodies.map((body) =>
      post(dev.url, "/api/v1/reports", body).catch(() => undefined),
    );
    await pause(200 + Math.random() * 1500);
    await kill(dev);
    const beforeKill = await Promise.all(sends);

    dev = await start();
    // Receipts given before the kill open their case after it.
    for (const answer of beforeKill.filter((a) => a?.status === 201)) {
      const status = await post(
        dev.url,
        "/api/v1/status",
        JSON.stringify({ receipt: answer?.body.receipt }),
      );
      expect(status.body.found).toBe(true);
    }
    // Whoever lost their answer sends the same report again, and gets the 201 of one case.
    const answers: Awaited<ReturnType<typeof sendUntilTaken>>[] = [];
    for (const [i, body] of bodies.entries()) {
      const earlier = beforeKill[i];
      const answer = await sendUntilTaken(dev.url, body);
      if (earlier?.status === 201) expect(answer.body.receipt).toBe(earlier.body.receipt);
      answers.push(answer);
    }
    const caseIds = answers.map((answer) => String(answer.body.caseId));
    expect(new Set(caseIds).size).toBe(REPORTS);

    // Killed again, while the cases are being routed.
    const seen = new Map<string, Set<string>>();
    await pause(Math.random() * 800);
    await takeEnvelopes(dev, seen);
    await kill(dev);
    dev = await start();

    // Every routed organisation gets each case (repeats carry the same envelope id).
    await eventually(async () => {
      await takeEnvelopes(dev, seen);
      return answers.every(
        (answer, i) => seen.get(caseIds[i] ?? "")?.size === Number(answer.body.routedTo),
      )
        ? true
        : undefined;
    }, 60_000);
    for (const caseId of caseIds)
      expect([...(seen.get(caseId) ?? [])].every((id) => id.startsWith(`${caseId}:`))).toBe(true);

    // One case per submission, each routed, and every receipt still opens its case.
    const { Items = [] } = await dev.dynamo.send(
      new ScanCommand({ TableName: `${region.id}-reports` }),
    );
    const cases = Items.filter((item) => item.pk?.S?.startsWith("case#"));
    expect(cases.map((item) => item.caseId?.S).sort()).toEqual([...caseIds].sort());
    for (const answer of answers) {
      const status = await post(
        dev.url,
        "/api/v1/status",
        JSON.stringify({ receipt: answer.body.receipt }),
      );
      expect(status.body.found).toBe(true);
    }
    expect(dev.output()).not.toMatch(/\[(router|http)\]/);
  }, 300_000);
});
