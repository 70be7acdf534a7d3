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
 * - each expected organisation's delivery queue holds the case's envelope, marked `test`;
 * - the deployment (scripts/smoke-deployment.ts): the security headers; on AWS, that the API's
 *   own URL refuses direct calls and that both alarm topics have a confirmed subscription.
 *
 * What it removes: the envelopes (deleted from the queues; every other message it saw is made
 * visible again at once), the assignments, the case and its receipt link. The idempotency record
 * and the spent challenge expire by themselves within 15 minutes.
 *
 * Where the tables and queues are:
 * - locally (the default): `intake dev`'s emulators, SQS on the URL's port + 1 and DynamoDB on
 *   port + 2 (`--sqs-endpoint`, `--dynamo-endpoint` and `--prefix` point elsewhere);
 * - on AWS (`--outputs FILE`): the stack's outputs, as `npm run deploy` writes them
 *   (deploy-outputs/outputs-<region>.json) or as `aws cloudformation describe-stacks` prints them, with
 *   the ops team's AWS credentials (docs/deploy.md, "Check a region end to end").
 *
 * Exit status: 0 passed, 1 a check failed (the test case is removed all the same), 2 usage.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Challenge } from "altcha-lib/v1/types";
import { readRegionFile } from "../config/region-file.ts";
import { intakeStackName, STACK_OUTPUTS } from "../config/resources.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";
import type { Region } from "../domain/region.ts";
import { parseReport } from "../domain/report.ts";
import { decide } from "../domain/route.ts";
import { syntheticReport } from "../domain/synthetic-report.ts";
import { removeCase } from "./smoke-case.ts";
import { type CaseCheck, checkAssigned, checkDelivered, checkRouted } from "./smoke-checks.ts";
import {
  alarmTopicsOf,
  type DeploymentCheck,
  runDeploymentChecks,
  snsSubscriptionPage,
} from "./smoke-deployment.ts";
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

/** The synthetic report (domain/synthetic-report.ts), with a new submission id. */
export function smokeReport(region: Region): Record<string, unknown> {
  return syntheticReport(region, randomUUID(), SMOKE_NARRATIVE);
}

/** The organisations the routing policy sends the smoke report to, in the policy's order. */
export function expectedOrganisations(region: Region, report: Record<string, unknown>): string[] {
  const { submissionId: _id, proof: _proof, ...body } = report;
  return decide(parseReport(body, region, "cli"), region).routing.organisations;
}

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

/** Why the intake did not take the report in as a test case, by the answer's status. */
const REFUSALS: Readonly<Record<number, string>> = {
  201: " without a caseId (is `test` supported?)",
  403: ": a test report needs a valid ops token in INTAKE_OPS_TOKEN",
};

function caseIdOf(
  answer: Awaited<ReturnType<typeof post>>,
): { caseId: string } | { problem: string } {
  if (answer.status === 201 && typeof answer.body.caseId === "string")
    return { caseId: answer.body.caseId };
  return {
    problem: `POST /api/v1/reports answered ${answer.status}${REFUSALS[answer.status] ?? ""}.`,
  };
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
  const taken = caseIdOf(answer);
  if ("problem" in taken) {
    result.problems.push(taken.problem);
    return result;
  }
  const { caseId } = taken;
  result.caseId = caseId;
  log(`case ${caseId} taken in: receipt shown, ${String(answer.body.routedTo)} organisations`);
  if (answer.body.routedTo !== expected.length) {
    result.problems.push(
      `the answer counts ${String(answer.body.routedTo)} organisations, not ${expected.length}.`,
    );
  }

  try {
    const check: CaseCheck = { documents, target, region, caseId, expected, deadline };
    result.problems.push(...(await checkRouted(check)));
    const { assigned, problems: unassigned } = await checkAssigned(check);
    result.assigned = assigned;
    result.problems.push(...unassigned);
    const { delivered, problems: undelivered } = await checkDelivered(check);
    result.delivered = delivered;
    result.removed.envelopes = delivered.length;
    result.problems.push(...undelivered);
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

type SmokeArgs = ReturnType<typeof parseSmokeArgs>;

/** The options, with the URL and the ops token required; throws on bad usage. */
function parseSmokeArgs(args: string[]) {
  const { values } = parseArgs({
    args,
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
  const { url } = values;
  if (!url) throw new SmokeUsageError("--url is required.");
  if (!process.env[OPS_TOKEN_ENV])
    throw new SmokeUsageError(`${OPS_TOKEN_ENV} is required: only ops may send a test report.`);
  return { ...values, url };
}

/** The stack's outputs with `--outputs`; else the emulators beside `intake dev`'s port. */
function targetOf(values: SmokeArgs, region: Region): SmokeTarget {
  if (values.outputs) {
    return awsTarget(
      readOutputs(readFileSync(values.outputs, "utf8"), `Intake-${region.id}`),
      values["aws-region"],
    );
  }
  const port = Number(new URL(values.url).port || 80);
  const host = new URL(values.url).hostname;
  return localTarget(
    region,
    {
      sqs: values["sqs-endpoint"] ?? `http://${host}:${port + 1}`,
      dynamo: values["dynamo-endpoint"] ?? `http://${host}:${port + 2}`,
    },
    values.prefix ?? "",
  );
}

/** The deployment's checks: locally the site's headers only; on AWS, from the outputs file. */
function deploymentChecks(values: SmokeArgs, region: Region): Promise<DeploymentCheck> {
  if (!values.outputs) return runDeploymentChecks({ siteUrl: values.url });
  const text = readFileSync(values.outputs, "utf8");
  const outputs = (stack: string) => {
    try {
      return readOutputs(text, stack);
    } catch {
      return undefined;
    }
  };
  const { topics, problems } = alarmTopicsOf(outputs, region.id, snsSubscriptionPage());
  const apiUrl = outputs(intakeStackName(region.id))?.[STACK_OUTPUTS.apiUrl];
  return runDeploymentChecks({ siteUrl: values.url, aws: { apiUrl, topics, problems } });
}

/** Why the region or the target could not be read, in one line. */
function setupFailure(error: unknown): string {
  if (error instanceof InvalidInputError)
    return `The region file is not valid: ${error.fields.map((field) => field.path).join(", ")}`;
  return error instanceof Error ? error.message : String(error);
}

function printResult(result: SmokeResult): number {
  if (result.ok) {
    process.stdout.write(
      `smoke test passed: case ${result.caseId} reached ${result.delivered.join(", ")}, and is removed; the deployment's checks passed\n`,
    );
    return 0;
  }
  for (const problem of result.problems) process.stderr.write(`smoke test failed: ${problem}\n`);
  return 1;
}

export async function main(args: string[]): Promise<number> {
  let values: SmokeArgs;
  try {
    values = parseSmokeArgs(args);
  } catch (error) {
    process.stderr.write(
      `${error instanceof SmokeUsageError ? `${error.message}\n` : ""}${USAGE}\n`,
    );
    return 2;
  }
  let region: Region;
  let target: SmokeTarget;
  try {
    region = regionOf(values.region);
    target = targetOf(values, region);
  } catch (error) {
    process.stderr.write(`${setupFailure(error)}\n`);
    return 2;
  }
  const timeoutSeconds = Number(values.timeout ?? 60);
  const result = await runSmoke({
    url: values.url,
    opsToken: process.env[OPS_TOKEN_ENV] ?? "",
    region,
    target,
    timeoutMs: timeoutSeconds * 1000,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  target.dynamo.destroy();
  target.sqs.destroy();
  const deployment = await deploymentChecks(values, region);
  for (const line of deployment.passed) process.stdout.write(`checked: ${line}\n`);
  for (const line of deployment.skipped) process.stdout.write(`skipped: ${line}\n`);
  result.problems.push(...deployment.problems);
  result.ok = result.problems.length === 0;
  return printResult(result);
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
