/**
 * `npm run smoke -- --url URL [options]`: sends one synthetic report, marked `test`, to a
 * running intake (a deployed region, or `npm start`), checks that it reached exactly the
 * organisations the policy routes it to, and removes it again. Only ops may send a test report:
 * it sends the ops token of INTAKE_OPS_TOKEN (`intake ops token issue NAME`) as a bearer token.
 *
 * What it checks:
 * - the 201 answer names the case (`test: true` reports get `caseId`) and counts the expected
 *   organisations;
 * - the case becomes `routed`, with one `sent` assignment per expected organisation, no other;
 * - each expected organisation's delivery queue holds the case's envelope, marked `test`.
 *
 * What it removes: the envelopes (deleted from the queues; every other message it saw is made
 * visible again at once), the assignments, the case and its receipt link. The idempotency record
 * and the spent challenge expire by themselves within 15 minutes.
 *
 * Where the tables and queues are:
 * - locally (the default): `intake dev`'s emulators, SQS on the URL's port + 1 and DynamoDB on
 *   port + 2 (`--sqs-endpoint`, `--dynamo-endpoint` and `--prefix` point elsewhere);
 * - on AWS (`--outputs FILE`): the stack's outputs, as `npm run deploy` writes them
 *   (cdk.out/outputs-<region>.json) or as `aws cloudformation describe-stacks` prints them, with
 *   the ops team's AWS credentials (docs/deploy.md, "Check a region end to end").
 *
 * Exit status: 0 passed, 1 a check failed (the test case is removed all the same), 2 usage.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Challenge } from "altcha-lib/v1/types";
import { readRegionFile } from "../config/region-file.ts";
import { deliveryQueueName, hasDeliveryQueue, STACK_OUTPUTS } from "../config/resources.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";
import type { Region } from "../domain/region.ts";
import { parseReport } from "../domain/report.ts";
import { decide } from "../domain/route.ts";
import { solveChallenge } from "../functions/adapters/proof-of-work.ts";

const REGIONS_DIR = fileURLToPath(new URL("../regions/", import.meta.url));
/** The AWS region and credentials the local emulators accept (local/local-system.ts). */
const LOCAL_AWS_REGION = "eu-west-1";
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export const SMOKE_NARRATIVE =
  "SMOKE TEST: a synthetic report sent by npm run smoke. No person is behind it.";

export class SmokeUsageError extends Error {
  override name = "SmokeUsageError";
}

/** Where a running system keeps its tables and queues. */
export interface SmokeTarget {
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  tables: { reports: string; assignments: string };
  queueUrl(queueName: string): Promise<string>;
}

export interface SmokeOptions {
  /** the system's one origin: the CloudFront URL, or `intake dev`'s */
  url: string;
  /** an ops credential (`intake ops token issue NAME`): only ops may send a test report */
  opsToken: string;
  region: Region;
  target: SmokeTarget;
  /** how long the case may take to be routed and delivered */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SmokeResult {
  ok: boolean;
  caseId?: string;
  /** the organisations the policy routes the report to */
  expected: string[];
  /** the organisations with a `sent` assignment */
  assigned: string[];
  /** the organisations whose delivery queue held the envelope */
  delivered: string[];
  problems: string[];
  removed: { envelopes: number; assignments: number; case: boolean; links: number };
}

/**
 * A report every region accepts (its first locale and municipality) that routes to several
 * organisations: a worker who lost job, housing and residence permit at once (a multi-problem
 * case, contract section 4), of standard urgency, who asks not to be contacted.
 */
export function smokeReport(region: Region): Record<string, unknown> {
  const locale = region.locales[0];
  return {
    version: 1,
    submissionId: randomUUID(),
    locale,
    reporter: "self",
    inDanger: "no",
    minor: "no",
    situation: "left_no_contact",
    exploitation: ["labour"],
    indicators: ["wages_withheld"],
    lost: ["job", "housing", "residence_permit"],
    needs: ["legal", "information"],
    previouslyExploited: "no",
    municipality: region.municipalities[0]?.code ?? "unknown",
    contactLanguages: [locale],
    contact: { channel: "none", leaveMessage: false },
    consent: { share: true, authorities: false, checkIns: false },
    narrative: SMOKE_NARRATIVE,
    test: true,
  };
}

/** The organisations the routing policy sends the smoke report to, in the policy's order. */
export function expectedOrganisations(region: Region, report: Record<string, unknown>): string[] {
  const { submissionId: _id, proof: _proof, ...body } = report;
  return decide(parseReport(body, region, "cli"), region).routing.organisations;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, body: unknown, opsToken: string) {
  const response = await fetch(new URL("/api/v1/reports", url), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      Authorization: `Bearer ${opsToken}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // an answer that is not JSON is reported by its status
  }
  return { status: response.status, body: json };
}

async function proofFrom(url: string): Promise<string> {
  const response = await fetch(new URL("/api/v1/challenge", url));
  if (!response.ok) throw new Error(`GET /api/v1/challenge answered ${response.status}.`);
  return solveChallenge((await response.json()) as Challenge);
}

interface Envelope {
  caseId?: unknown;
  organisation?: unknown;
  envelopeId?: unknown;
  test?: unknown;
}

const parseBody = (body: string | undefined): Envelope => {
  try {
    const value = JSON.parse(body ?? "");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
};

/**
 * Finds and deletes the case's envelope on one delivery queue. Every other message it receives
 * stays invisible until the search ends (so it is received at most once by this run), then is
 * released with visibility 0.
 */
async function takeEnvelope(
  sqs: SQSClient,
  queueUrl: string,
  caseId: string,
  organisation: string,
  deadline: number,
): Promise<boolean> {
  const held: string[] = [];
  try {
    while (Date.now() < deadline) {
      const remaining = Math.ceil((deadline - Date.now()) / 1000);
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: Math.min(remaining + 5, 43_200),
        }),
      );
      let found = false;
      for (const message of Messages) {
        const envelope = parseBody(message.Body);
        if (
          envelope.caseId === caseId &&
          envelope.test === true &&
          envelope.organisation === organisation &&
          envelope.envelopeId === `${caseId}:${organisation}`
        ) {
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
          found = true;
        } else if (message.ReceiptHandle) held.push(message.ReceiptHandle);
      }
      if (found) return true;
    }
    return false;
  } finally {
    for (let start = 0; start < held.length; start += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: held.slice(start, start + 10).map((handle, index) => ({
            Id: String(index),
            ReceiptHandle: handle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }
}

async function assignmentsOf(
  documents: DynamoDBDocumentClient,
  table: string,
  caseId: string,
): Promise<{ organisation: string; state: string }[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "caseId = :caseId",
      ExpressionAttributeValues: { ":caseId": caseId },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => ({
    organisation: String(item.organisation),
    state: String(item.state),
  }));
}

/** Removes everything of the test case from the tables; returns what it removed. */
async function removeCase(
  documents: DynamoDBDocumentClient,
  target: SmokeTarget,
  caseId: string,
): Promise<Omit<SmokeResult["removed"], "envelopes">> {
  const assignments = await assignmentsOf(documents, target.tables.assignments, caseId);
  for (const { organisation } of assignments) {
    await documents.send(
      new DeleteCommand({ TableName: target.tables.assignments, Key: { caseId, organisation } }),
    );
  }
  const { Attributes } = await documents.send(
    new DeleteCommand({
      TableName: target.tables.reports,
      Key: { pk: `case#${caseId}` },
      ReturnValues: "ALL_OLD",
    }),
  );
  // The receipt link's key is a keyed digest the smoke test cannot compute: it is found by the
  // case it points to (a scan of the reports table, which returns the keys only).
  let links = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: target.tables.reports,
        FilterExpression: "caseId = :caseId AND begins_with(pk, :receipt)",
        ExpressionAttributeValues: { ":caseId": caseId, ":receipt": "receipt#" },
        ProjectionExpression: "pk",
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      await documents.send(
        new DeleteCommand({
          TableName: target.tables.reports,
          Key: { pk: item.pk },
          ConditionExpression: "caseId = :caseId",
          ExpressionAttributeValues: { ":caseId": caseId },
        }),
      );
      links += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { assignments: assignments.length, case: Attributes !== undefined, links };
}

export async function runSmoke(options: SmokeOptions): Promise<SmokeResult> {
  const { region, target } = options;
  const log = options.log ?? (() => undefined);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const documents = DynamoDBDocumentClient.from(target.dynamo);
  const report = smokeReport(region);
  const expected = expectedOrganisations(region, report);
  const result: SmokeResult = {
    ok: false,
    expected,
    assigned: [],
    delivered: [],
    problems: [],
    removed: { envelopes: 0, assignments: 0, case: false, links: 0 },
  };
  log(`region ${region.id}: the smoke report goes to ${expected.join(", ")}`);

  const answer = await post(
    options.url,
    { ...report, proof: await proofFrom(options.url) },
    options.opsToken,
  );
  if (answer.status !== 201 || typeof answer.body.caseId !== "string") {
    const why =
      answer.status === 201
        ? " without a caseId (is `test` supported?)"
        : answer.status === 403
          ? ": a test report needs a valid ops token in INTAKE_OPS_TOKEN"
          : "";
    result.problems.push(`POST /api/v1/reports answered ${answer.status}${why}.`);
    return result;
  }
  const caseId = answer.body.caseId;
  result.caseId = caseId;
  log(`case ${caseId} taken in: receipt shown, ${String(answer.body.routedTo)} organisations`);
  if (answer.body.routedTo !== expected.length) {
    result.problems.push(
      `the answer counts ${String(answer.body.routedTo)} organisations, not ${expected.length}.`,
    );
  }

  try {
    // Routed: the case is marked routed once every assignment is sent.
    let state: unknown;
    while (Date.now() < deadline) {
      const { Item } = await documents.send(
        new GetCommand({
          TableName: target.tables.reports,
          Key: { pk: `case#${caseId}` },
          ConsistentRead: true,
        }),
      );
      state = Item?.state;
      if (state === "routed") break;
      await pause(250);
    }
    if (state !== "routed") result.problems.push(`the case is still ${String(state)}, not routed.`);
    const assignments = await assignmentsOf(documents, target.tables.assignments, caseId);
    result.assigned = assignments
      .filter((assignment) => assignment.state === "sent")
      .map((assignment) => assignment.organisation)
      .sort();
    if (JSON.stringify(result.assigned) !== JSON.stringify([...expected].sort())) {
      result.problems.push(
        `sent assignments: ${result.assigned.join(", ") || "none"}; expected: ${[...expected].sort().join(", ")}.`,
      );
    }

    // Delivered: the queue of each expected organisation that has one holds the envelope (an
    // organisation that works in the inbox alone has none: its sent assignment is its delivery).
    const queued = expected.filter((organisation) => hasDeliveryQueue(region, organisation));
    const found = await Promise.all(
      queued.map(async (organisation) => {
        const url = await target.queueUrl(deliveryQueueName(region.id, organisation));
        return (await takeEnvelope(target.sqs, url, caseId, organisation, deadline))
          ? organisation
          : undefined;
      }),
    );
    result.delivered = found.filter((organisation) => organisation !== undefined);
    result.removed.envelopes = result.delivered.length;
    const missing = queued.filter((organisation) => !result.delivered.includes(organisation));
    if (missing.length > 0) {
      result.problems.push(
        `no envelope found for ${missing.join(", ")} (an organisation's consumer may have taken it: it is marked test).`,
      );
    }
  } finally {
    Object.assign(result.removed, await removeCase(documents, target, caseId));
    log(
      `removed: ${result.removed.envelopes} envelopes, ${result.removed.assignments} assignments, ` +
        `${result.removed.case ? "the case" : "no case"}, ${result.removed.links} receipt links`,
    );
  }
  result.ok = result.problems.length === 0;
  return result;
}

/** A local system: `intake dev`'s emulators, or explicit endpoints (the tests). */
export function localTarget(
  region: Region,
  endpoints: { dynamo: string; sqs: string },
  prefix = "",
): SmokeTarget {
  const common = { region: LOCAL_AWS_REGION, credentials: LOCAL_CREDENTIALS };
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs });
  return {
    dynamo: new DynamoDBClient({ ...common, endpoint: endpoints.dynamo }),
    sqs,
    tables: {
      reports: `${prefix}${region.id}-reports`,
      assignments: `${prefix}${region.id}-assignments`,
    },
    async queueUrl(queueName) {
      const { QueueUrl } = await sqs.send(
        new GetQueueUrlCommand({ QueueName: `${prefix}${queueName}` }),
      );
      if (!QueueUrl) throw new Error(`No queue ${prefix}${queueName}.`);
      return QueueUrl;
    },
  };
}

/**
 * A stack's outputs: `cdk deploy --outputs-file`'s `{ "<stack>": { key: value } }`, or
 * describe-stacks' `Outputs` list (alone, or inside `{ "Stacks": [ … ] }`).
 */
export function readOutputs(text: string, stackName: string): Record<string, string> {
  const json = JSON.parse(text);
  const list = Array.isArray(json)
    ? json
    : Array.isArray(json?.Stacks)
      ? json.Stacks[0]?.Outputs
      : undefined;
  if (Array.isArray(list)) {
    return Object.fromEntries(
      list.map((output: { OutputKey: string; OutputValue: string }) => [
        output.OutputKey,
        output.OutputValue,
      ]),
    );
  }
  const outputs = json?.[stackName];
  if (!outputs || typeof outputs !== "object") {
    throw new SmokeUsageError(`The outputs file holds no outputs of ${stackName}.`);
  }
  return outputs;
}

/** A deployed region, from its stack's outputs, with the AWS credentials of the environment. */
export function awsTarget(outputs: Record<string, string>, awsRegion?: string): SmokeTarget {
  const need = (key: string) => {
    const value = outputs[key];
    if (!value) throw new SmokeUsageError(`The outputs hold no ${key}.`);
    return value;
  };
  const prefix = need(STACK_OUTPUTS.queueUrlPrefix);
  const region = awsRegion ?? /^https:\/\/sqs\.([a-z0-9-]+)\./.exec(prefix)?.[1];
  if (!region) throw new SmokeUsageError("Name the AWS region with --aws-region.");
  return {
    dynamo: new DynamoDBClient({ region }),
    sqs: new SQSClient({ region }),
    tables: {
      reports: need(STACK_OUTPUTS.table("reports")),
      assignments: need(STACK_OUTPUTS.table("assignments")),
    },
    queueUrl: async (queueName) => `${prefix}${queueName}`,
  };
}

/** The environment variable of the ops token (not an option: it would show in `ps`). */
export const OPS_TOKEN_ENV = "INTAKE_OPS_TOKEN";

const USAGE =
  "usage: npm run smoke -- --url URL [--region ID|FILE] [--outputs FILE [--aws-region R]]\n" +
  "       [--sqs-endpoint URL] [--dynamo-endpoint URL] [--prefix P] [--timeout SECONDS]\n" +
  `with ${OPS_TOKEN_ENV} set to an ops token (npx intake ops token issue NAME …)`;

function regionOf(value: string | undefined): Region {
  const name = value ?? "nl-sample";
  const file =
    name.includes("/") || name.endsWith(".json")
      ? path.resolve(name)
      : path.join(REGIONS_DIR, `${name}.json`);
  return readRegionFile(file);
}

export async function main(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  const parse = (input: string[]) =>
    parseArgs({
      args: input,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string" },
        region: { type: "string" },
        outputs: { type: "string" },
        "aws-region": { type: "string" },
        "sqs-endpoint": { type: "string" },
        "dynamo-endpoint": { type: "string" },
        prefix: { type: "string" },
        timeout: { type: "string" },
      },
    });
  try {
    values = parse(args).values;
    if (!values.url) throw new SmokeUsageError("--url is required.");
    if (!process.env[OPS_TOKEN_ENV])
      throw new SmokeUsageError(`${OPS_TOKEN_ENV} is required: only ops may send a test report.`);
  } catch (error) {
    process.stderr.write(
      `${error instanceof SmokeUsageError ? `${error.message}\n` : ""}${USAGE}\n`,
    );
    return 2;
  }
  const url = values.url;
  let region: Region;
  let target: SmokeTarget;
  try {
    region = regionOf(values.region);
    if (values.outputs) {
      const stackName = `Intake-${region.id}`;
      target = awsTarget(
        readOutputs(readFileSync(values.outputs, "utf8"), stackName),
        values["aws-region"],
      );
    } else {
      const port = Number(new URL(url).port || 80);
      const host = new URL(url).hostname;
      target = localTarget(
        region,
        {
          sqs: values["sqs-endpoint"] ?? `http://${host}:${port + 1}`,
          dynamo: values["dynamo-endpoint"] ?? `http://${host}:${port + 2}`,
        },
        values.prefix ?? "",
      );
    }
  } catch (error) {
    if (error instanceof InvalidInputError) {
      process.stderr.write(
        `The region file is not valid: ${error.fields.map((field) => field.path).join(", ")}\n`,
      );
    } else if (error instanceof SmokeUsageError) {
      process.stderr.write(`${error.message}\n`);
    } else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const timeoutSeconds = Number(values.timeout ?? 60);
  const result = await runSmoke({
    url,
    opsToken: process.env[OPS_TOKEN_ENV] ?? "",
    region,
    target,
    timeoutMs: timeoutSeconds * 1000,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  target.dynamo.destroy();
  target.sqs.destroy();
  if (result.ok) {
    process.stdout.write(
      `smoke test passed: case ${result.caseId} reached ${result.delivered.join(", ")}, and is removed\n`,
    );
    return 0;
  }
  for (const problem of result.problems) process.stderr.write(`smoke test failed: ${problem}\n`);
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A failure's name and message only: never a body or a receipt.
      process.stderr.write(
        `smoke test failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
