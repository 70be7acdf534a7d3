/**
 * `npm run deploy -- <region> [--rotate-origin-secret LABEL] [--delete-queues-of ORG]… [--dry-run] [-- <cdk options>]`:
 * deploys one region, its three stacks, with one command (docs/deploy.md).
 *
 * 1. reads the region file (an id in regions/, or a path) and refuses it, exit 2, with every
 *    error listed, when it is not valid;
 * 2. refuses a sample region, exit 2: its organisations' private keys are public (the template
 *    refuses it too: lib/deploy-guard.ts);
 * 3. refuses a region whose AWS region is named neither in the file (`aws.region`) nor in the
 *    environment (`AWS_REGION`): where the data lives is decided, never defaulted;
 * 4. builds the region's own static site (its locales, hotlines and quick exit) with
 *    web/build.ts, when that builder is there;
 * 5. refuses, exit 2, an account whose Lambda concurrency quota cannot hold the region's
 *    reservations beside Lambda's unreserved minimum (lib/capacity.ts; a new account has 10
 *    until AWS raises it): asks `aws lambda get-account-settings`;
 * 6. synthesizes the region stack and refuses, exit 2, a change that would delete or replace a
 *    stateful resource (a table, the data key, a secret, a queue) against the template
 *    CloudFormation holds (`aws cloudformation get-template`; scripts/deploy-state.ts); an
 *    organisation's queues go only when ops name it (`--delete-queues-of`) and they are empty,
 *    its own-account key only after a drain (scripts/queue-drains.ts);
 * 7. runs `cdk deploy` for `Intake-<id>-edge` (us-east-1), `Intake-<id>` and
 *    `Intake-<id>-edge-alarms` (us-east-1), and writes the stacks' outputs to
 *    deploy-outputs/outputs-<id>.json (what `npm run smoke` and `intake … token` read), apart
 *    from cdk.out/, which every synth rewrites and a clean removes; git ignores the folder;
 * 8. gives the receipt keys and the counters key their first value if the secret has none, and
 *    sets the stack policy
 *    that denies replacing or deleting the stateful resources (lib/stack-policy.ts).
 *
 * `--dry-run` prints the command instead of running it. Options after `--` go to `cdk deploy`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readRegionFile } from "../config/region-file.ts";
import {
  edgeAlarmsStackName,
  edgeStackName,
  intakeStackName,
  STACK_OUTPUTS,
} from "../config/resources.ts";
import { canaryWarning } from "../domain/canary.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";
import type { Region } from "../domain/region.ts";
import { requiredConcurrencyQuota } from "../lib/capacity.ts";
import { sampleRefusal } from "../lib/deploy-guard.ts";
import {
  AwsCliError,
  type CommandRunner,
  deployedTemplate,
  fillCountersKeyIfEmpty,
  fillReceiptKeysIfEmpty,
  runCommand,
  setStatefulStackPolicy,
  type Template,
} from "./deploy-state.ts";
import { refuseLossOfState } from "./queue-drains.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const REGIONS_DIR = path.join(REPO_ROOT, "regions");
export const EXIT_REFUSED = 2;

export class DeployRefusal extends Error {
  override name = "DeployRefusal";
}

export interface DeployPlan {
  region: Region;
  file: string;
  /** in the order they deploy */
  stacks: [edge: string, intake: string, edgeAlarms: string];
  outputsFile: string;
  /** `npx cdk deploy …` without the site folder, which the plan's runner adds */
  cdkArgs: (webRoot: string | undefined) => string[];
  /** `npx cdk synth <region stack> …` with the same context, into cdk.out/ */
  synthArgs: (webRoot: string | undefined) => string[];
  /** where that synth writes the region stack's template */
  templateFile: string;
}

/** Where a region's deployed outputs are kept: not cdk.out/, which any synth may wipe. */
export const OUTPUTS_DIR = path.join(REPO_ROOT, "deploy-outputs");
export const outputsFileOf = (regionId: string) =>
  path.join(OUTPUTS_DIR, `outputs-${regionId}.json`);

export function regionFileOf(name: string): string {
  return name.includes("/") || name.endsWith(".json")
    ? path.resolve(name)
    : path.join(REGIONS_DIR, `${name}.json`);
}

/** What would be deployed, or a DeployRefusal that says why nothing is. */
export function planDeploy(
  regionName: string,
  options: { rotateOriginSecret?: string; cdkOptions?: string[] } = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
): DeployPlan {
  const file = regionFileOf(regionName);
  let region: Region;
  try {
    region = readRegionFile(file);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new DeployRefusal(
      [
        `${file}: ${error.message}`,
        ...error.fields.map((field) => `  ${field.path || "(the file)"}: ${field.message}`),
      ].join("\n"),
    );
  }
  if (region.sample) throw new DeployRefusal(sampleRefusal(region.id));
  if (!region.aws?.region && !environment.AWS_REGION && !environment.AWS_DEFAULT_REGION) {
    throw new DeployRefusal(
      `Region ${region.id} names no AWS region: set aws.region in ${file} (where the data lives is decided there), or AWS_REGION.`,
    );
  }
  const stacks: DeployPlan["stacks"] = [
    edgeStackName(region.id),
    intakeStackName(region.id),
    edgeAlarmsStackName(region.id),
  ];
  const outputsFile = outputsFileOf(region.id);
  const context = (webRoot: string | undefined) => [
    "-c",
    `region=${file}`,
    ...(webRoot ? ["-c", `webRoot=${webRoot}`] : []),
    ...(options.rotateOriginSecret
      ? ["-c", `originSecretRotation=${options.rotateOriginSecret}`]
      : []),
  ];
  return {
    region,
    file,
    stacks,
    outputsFile,
    cdkArgs: (webRoot) => [
      "cdk",
      "deploy",
      ...stacks,
      ...context(webRoot),
      "--outputs-file",
      outputsFile,
      ...(options.cdkOptions ?? []),
    ],
    synthArgs: (webRoot) => ["cdk", "synth", stacks[1], ...context(webRoot), "--quiet"],
    templateFile: path.join(REPO_ROOT, "cdk.out", `${stacks[1]}.template.json`),
  };
}

/** Why the account's concurrency quota cannot take the region, or undefined when it can. */
export function quotaRefusal(accountLimit: number, awsRegion: string): string | undefined {
  const needed = requiredConcurrencyQuota();
  if (Number.isInteger(accountLimit) && accountLimit >= needed) return undefined;
  return `The account's Lambda concurrency quota in ${awsRegion} is ${accountLimit}; the region reserves concurrency for the intake, the router and the escalation and needs at least ${needed}. Ask AWS for more (Service Quotas, "Concurrent executions"; docs/deploy.md), then deploy again.`;
}

/** The account's concurrency quota in the AWS region, from the AWS CLI. */
function accountConcurrencyLimit(awsRegion: string): number {
  const result = spawnSync(
    "aws",
    [
      "lambda",
      "get-account-settings",
      "--region",
      awsRegion,
      "--query",
      "AccountLimit.ConcurrentExecutions",
      "--output",
      "text",
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new DeployRefusal(
      `Could not read the account's Lambda quota with the AWS CLI (aws lambda get-account-settings): ${result.stderr || result.error?.message || "no answer"}`,
    );
  }
  return Number(result.stdout.trim());
}

/** The region's own site, built now, when the site builder exists; else the app's default. */
async function buildSiteOf(region: Region): Promise<string | undefined> {
  if (!existsSync(path.join(REPO_ROOT, "web/build.ts"))) return undefined;
  const { buildSite } = await import("../web/build.ts");
  const outDir = mkdtempSync(path.join(tmpdir(), `intake-site-${region.id}-`));
  return (await buildSite(region, outDir)).outDir;
}

const USAGE =
  "usage: npm run deploy -- <region> [--rotate-origin-secret LABEL] [--delete-queues-of ORG]... [--dry-run] [-- <cdk deploy options>]";

interface DeployRequest {
  regionName: string;
  rotateOriginSecret?: string;
  /** the organisations whose (emptied) delivery queues this deploy may delete */
  deleteQueuesOf: string[];
  dryRun: boolean;
  cdkOptions: string[];
}

/** The command line read, or a DeployRefusal with the usage. */
function deployRequestOf(args: string[]): DeployRequest {
  let parsed: ReturnType<typeof parse>;
  const parse = (input: string[]) =>
    parseArgs({
      args: input,
      strict: true,
      allowPositionals: true,
      tokens: true,
      options: {
        "rotate-origin-secret": { type: "string" },
        "delete-queues-of": { type: "string", multiple: true },
        "dry-run": { type: "boolean", default: false },
      },
    });
  try {
    parsed = parse(args);
  } catch {
    throw new DeployRefusal(USAGE);
  }
  // Positionals after `--` are cdk's options.
  const terminator = parsed.tokens.find((token) => token.kind === "option-terminator");
  const own = parsed.tokens
    .filter(
      (token) => token.kind === "positional" && (!terminator || token.index < terminator.index),
    )
    .map((token) => (token.kind === "positional" ? token.value : ""));
  if (own.length !== 1 || !own[0]) throw new DeployRefusal(USAGE);
  const rotateOriginSecret = parsed.values["rotate-origin-secret"];
  return {
    regionName: own[0],
    ...(rotateOriginSecret ? { rotateOriginSecret } : {}),
    deleteQueuesOf: parsed.values["delete-queues-of"] ?? [],
    dryRun: parsed.values["dry-run"],
    cdkOptions: terminator ? args.slice(terminator.index + 1) : [],
  };
}

/** A DeployRefusal if the account's Lambda concurrency quota cannot take the region. */
function refuseBelowQuota(awsRegion: string): void {
  const refusal = quotaRefusal(accountConcurrencyLimit(awsRegion), awsRegion);
  if (refusal) throw new DeployRefusal(refusal);
}

export async function main(args: string[]): Promise<number> {
  let plan: DeployPlan;
  let awsRegion: string;
  let deletions: string[];
  try {
    const { regionName, dryRun, deleteQueuesOf, ...options } = deployRequestOf(args);
    plan = planDeploy(regionName, options);
    const warning = canaryWarning(plan.region);
    if (warning) process.stderr.write(`warning: ${warning}\n`);
    deletions = deleteQueuesOf;
    if (dryRun) {
      process.stdout.write(`npx ${plan.cdkArgs("<the region's built site>").join(" ")}\n`);
      return 0;
    }
    awsRegion =
      plan.region.aws?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "";
    refuseBelowQuota(awsRegion);
  } catch (error) {
    if (!(error instanceof DeployRefusal)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_REFUSED;
  }
  const webRoot = await buildSiteOf(plan.region);
  try {
    return deployGuarded(plan, webRoot, { awsRegion, deleteQueuesOf: deletions }, runCommand);
  } finally {
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  }
}

/** Synth, refuse a loss of state, deploy, then the first keys and the policy. */
function deployGuarded(
  plan: DeployPlan,
  webRoot: string | undefined,
  { awsRegion, deleteQueuesOf }: { awsRegion: string; deleteQueuesOf: string[] },
  run: CommandRunner,
): number {
  const npx = (args: string[]) =>
    spawnSync("npx", args, { cwd: REPO_ROOT, stdio: "inherit" }).status ?? 1;
  const intakeStack = plan.stacks[1];
  const synthStatus = npx(plan.synthArgs(webRoot));
  if (synthStatus !== 0) return synthStatus;
  const deployed = deployedTemplate(run, intakeStack, awsRegion);
  if (deployed) {
    const next = JSON.parse(readFileSync(plan.templateFile, "utf8")) as Template;
    const guard = {
      regionId: plan.region.id,
      stackName: intakeStack,
      awsRegion,
      deleteQueuesOf,
      now: new Date(),
    };
    const refusal = refuseLossOfState(run, guard, deployed, next);
    if (refusal) {
      process.stderr.write(`${refusal}\n`);
      return EXIT_REFUSED;
    }
  }
  mkdirSync(path.dirname(plan.outputsFile), { recursive: true });
  const deployStatus = npx(plan.cdkArgs(webRoot));
  if (deployStatus !== 0) return deployStatus;
  const outputs = JSON.parse(readFileSync(plan.outputsFile, "utf8"))[intakeStack] ?? {};
  const secretArn = outputs[STACK_OUTPUTS.receiptKeysSecretArn];
  if (!secretArn) throw new AwsCliError(`${plan.outputsFile} holds no receipt keys secret ARN.`);
  if (fillReceiptKeysIfEmpty(run, secretArn, awsRegion)) {
    process.stdout.write("The receipt keys got their first value (version 1).\n");
  }
  const countersArn = outputs[STACK_OUTPUTS.countersKeySecretArn];
  if (!countersArn) throw new AwsCliError(`${plan.outputsFile} holds no counters key ARN.`);
  if (fillCountersKeyIfEmpty(run, countersArn, awsRegion)) {
    process.stdout.write("The counters key got its value.\n");
  }
  setStatefulStackPolicy(run, intakeStack, awsRegion);
  process.stdout.write(
    `${intakeStack}: the stack policy denies replacing or deleting its state.\n`,
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
