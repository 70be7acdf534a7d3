/**
 * What `npm run deploy` does around `cdk deploy` so that a deploy cannot lose the region's state
 * (docs/deploy.md, "Deploy a region"):
 *
 * - before: compares the synthesized region template with the deployed one and refuses a change
 *   that would delete or replace a stateful resource (statefulChangeRefusal);
 * - after: gives the receipt keys and the counters key their first value if the secret has
 *   none (the template declares them without a value, so no later template change can
 *   regenerate one), and sets the stack policy that denies replacing or deleting the stateful resources.
 *
 * Every AWS call goes through the AWS CLI by a CommandRunner, which tests replace.
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import {
  COUNTERS_SECRET_FIELD,
  FIRST_RECEIPT_KEY_VERSION,
  GENERATED_SECRET_LENGTH,
} from "../config/resources.ts";
import { statefulStackPolicy } from "../lib/stack-policy.ts";
import { DISPOSABLE_IDS } from "../lib/stateful-ids.ts";

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** Runs a command, with `input` on its standard input (never a secret on the command line). */
export type CommandRunner = (command: string, args: string[], input?: string) => CommandResult;

export const runCommand: CommandRunner = (command, args, input) => {
  const result = spawnSync(command, args, { encoding: "utf8", ...(input ? { input } : {}) });
  return {
    status: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr || result.error?.message || "",
  };
};

export class AwsCliError extends Error {
  override name = "AwsCliError";
}

/** The AWS CLI's standard output, or an AwsCliError with its standard error. */
export function aws(run: CommandRunner, args: string[], input?: string): string {
  const result = run("aws", args, input);
  if (result.status !== 0) {
    throw new AwsCliError(`aws ${args.slice(0, 2).join(" ")} failed: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

// ---- the first values of the secrets declared without one ------------------------------------

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const randomKey = () =>
  Array.from({ length: GENERATED_SECRET_LENGTH }, () => ALPHABET[randomInt(62)]).join("");

/** `{"1": "<64 random letters and digits>"}`, the shape lib/secrets.ts documents. */
export function firstReceiptKeys(): string {
  return JSON.stringify({ [FIRST_RECEIPT_KEY_VERSION]: randomKey() });
}

/** `{"hmacKey": "<64 random letters and digits>"}`: the monitor's counters key. */
export function firstCountersKey(): string {
  return JSON.stringify({ [COUNTERS_SECRET_FIELD]: randomKey() });
}

/**
 * Puts a first value into the secret when it has no version yet, and never otherwise: asks for
 * the secret's versions (describe-secret), not its value. The value goes to the AWS CLI on its
 * standard input. Returns whether it wrote.
 */
function fillIfEmpty(
  run: CommandRunner,
  secretArn: string,
  awsRegion: string,
  firstValue: () => string,
): boolean {
  const described = JSON.parse(
    aws(run, [
      "secretsmanager",
      "describe-secret",
      "--secret-id",
      secretArn,
      "--region",
      awsRegion,
      "--output",
      "json",
    ]),
  ) as { VersionIdsToStages?: Record<string, string[]> };
  if (Object.keys(described.VersionIdsToStages ?? {}).length > 0) return false;
  aws(
    run,
    [
      "secretsmanager",
      "put-secret-value",
      "--secret-id",
      secretArn,
      "--region",
      awsRegion,
      "--secret-string",
      "file:///dev/stdin",
      "--output",
      "json",
    ],
    firstValue(),
  );
  return true;
}

/** The receipt keys' first value, version 1, if the secret has none. */
export const fillReceiptKeysIfEmpty = (run: CommandRunner, secretArn: string, awsRegion: string) =>
  fillIfEmpty(run, secretArn, awsRegion, firstReceiptKeys);

/** The counters key's only value, if the secret has none. */
export const fillCountersKeyIfEmpty = (run: CommandRunner, secretArn: string, awsRegion: string) =>
  fillIfEmpty(run, secretArn, awsRegion, firstCountersKey);

// ---- the stack policy --------------------------------------------------------------------------

export function setStatefulStackPolicy(
  run: CommandRunner,
  stackName: string,
  awsRegion: string,
): void {
  aws(run, [
    "cloudformation",
    "set-stack-policy",
    "--stack-name",
    stackName,
    "--region",
    awsRegion,
    "--stack-policy-body",
    JSON.stringify(statefulStackPolicy()),
  ]);
}

// ---- the stateful change guard -----------------------------------------------------------------

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface Template {
  Resources?: Record<string, TemplateResource>;
}

/**
 * The stateful resource types and the properties whose change makes CloudFormation replace the
 * resource ("Update requires: Replacement" in the CloudFormation resource reference). Queues are
 * here too: a replaced or deleted queue loses the messages waiting in it.
 */
export const REPLACING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  "AWS::DynamoDB::Table": ["TableName", "KeySchema", "LocalSecondaryIndexes"],
  "AWS::KMS::Key": ["KeySpec", "KeyUsage", "MultiRegion", "Origin"],
  "AWS::SecretsManager::Secret": ["Name"],
  "AWS::SQS::Queue": ["QueueName", "FifoQueue"],
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The stateful resources of the deployed template that the new one would delete or replace, one
 * line each; `judged` names deletions judged elsewhere (an organisation's drained queues and
 * key: scripts/queue-drains.ts), which are not listed here.
 */
export function stateLosses(
  deployed: Template,
  next: Template,
  judged: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  const disposable = new Set<string>(Object.values(DISPOSABLE_IDS));
  for (const [id, before] of Object.entries(deployed.Resources ?? {})) {
    const replacing = REPLACING_PROPERTIES[before.Type];
    if (!replacing || disposable.has(id)) continue;
    const after = next.Resources?.[id];
    if (!after && judged.has(id)) continue;
    if (!after) {
      problems.push(`  ${id} (${before.Type}) would be deleted`);
      continue;
    }
    if (after.Type !== before.Type) {
      problems.push(`  ${id} (${before.Type}) would be replaced by a ${after.Type}`);
      continue;
    }
    const changed = replacing.filter(
      (property) => !same(before.Properties?.[property], after.Properties?.[property]),
    );
    if (changed.length > 0) {
      problems.push(`  ${id} (${before.Type}) would be replaced: ${changed.join(", ")} changed`);
    }
  }
  return problems;
}

/** The refusal that lists the problems, or undefined when there are none. */
export function stateLossRefusal(stackName: string, problems: string[]): string | undefined {
  if (problems.length === 0) return undefined;
  return [
    `Refused: this deploy of ${stackName} would lose state (its data, keys or waiting messages):`,
    ...problems,
    "Nothing was deployed. A stateful resource only changes by a planned migration (docs/deploy.md, 'Deploy a region').",
  ].join("\n");
}

/** Why the new template would lose state the deployed one holds, or undefined when it would not. */
export const statefulChangeRefusal = (
  stackName: string,
  deployed: Template,
  next: Template,
): string | undefined => stateLossRefusal(stackName, stateLosses(deployed, next));

/** The template CloudFormation holds for the stack, or undefined when the stack does not exist. */
export function deployedTemplate(
  run: CommandRunner,
  stackName: string,
  awsRegion: string,
): Template | undefined {
  const result = run("aws", [
    "cloudformation",
    "get-template",
    "--stack-name",
    stackName,
    "--region",
    awsRegion,
    "--template-stage",
    "Original",
    "--query",
    "TemplateBody",
    "--output",
    "json",
  ]);
  if (result.status !== 0) {
    if (/does not exist/.test(result.stderr)) return undefined;
    throw new AwsCliError(`aws cloudformation get-template failed: ${result.stderr.trim()}`);
  }
  // The CLI prints a JSON template as an object, a YAML one as a string.
  const body: unknown = JSON.parse(result.stdout);
  return (typeof body === "string" ? JSON.parse(body) : body) as Template;
}
