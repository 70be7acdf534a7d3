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
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Challenge } from "altcha-lib/v1/types";
import { readRegionFile } from "../config/region-file.ts";
import { deliveryQueueName, hasDeliveryQueue } from "../config/resources.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";
import type { Region } from "../domain/region.ts";
import { parseReport } from "../domain/report.ts";
import { decide } from "../domain/route.ts";
import { assignmentsOf, removeCase, takeEnvelope } from "./smoke-case.ts";
import {
  awsTarget,
  localTarget,
  readOutputs,
  type SmokeTarget,
  SmokeUsageError,
} from "./smoke-targets.ts";

export { awsTarget, localTarget, readOutputs, type SmokeTarget, SmokeUsageError };

import { solveChallenge } from "../functions/adapters/proof-of-work.ts";

const REGIONS_DIR = fileURLToPath(new URL("../regions/", import.meta.url));

export const SMOKE_NARRATIVE =
  "SMOKE TEST: a synthetic report sent by npm run smoke. No person is behind it.";

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
