/**
 * Each Lambda function's package: its size, minified, and the time Node takes to load it (a
 * cold start's module load: a fresh `node` process imports the bundle; the median of eleven,
 * taken in rounds across all packages, as one load on a shared machine can take twice the
 * usual). Targets (issue 14): 250 KB and 50 ms;
 * the test fails above BUNDLE_BUDGET_BYTES, no test asserts a time.
 *
 * The floor, in the same run: the same fresh process importing an empty module. That part is
 * Node itself (its ESM loader's start), which no bundle can make faster.
 *
 * Baselines, in the same run: the function with the AWS SDK's clients as it had them before it
 * called AWS through adapters/aws-requests.ts (the DynamoDB document client and the SQS client
 * made at load, SNS and Secrets Manager imported), bundled; and the same with the SDK left to the
 * runtime's copy (here: loaded from `node_modules`, unbundled, as the runtime loads its own).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ENV } from "../config/environment.ts";
import { TABLES } from "../config/resources.ts";
import type { Region } from "../domain/region.ts";
import {
  BUNDLE_BUDGET_BYTES,
  type BuiltBundle,
  buildBundle,
  esbuildOptions,
  functionEntries,
  PROJECT_ROOT,
} from "../lib/function-bundling.ts";
import { ms, table } from "./measure.ts";

const LOAD_ROUNDS = 11;
const LOAD_BUDGET_MS = 50;

/**
 * The baselines' options: the packages' own, but `node:crypto` and `node:fs` are Node's (ESM's
 * facade), as they were beside the SDK: the SDK imports more of them than the functions'
 * stand-ins give (functions/adapters/builtins/).
 */
const withSdkOptions = () => {
  const options = esbuildOptions();
  const { "node:crypto": _crypto, "node:fs": _fs, ...alias } = options.alias ?? {};
  return { ...options, alias };
};

/** The AWS SDK left out of the bundle, for the runtime's copy. */
const runtimeSdkOptions = () => ({
  ...withSdkOptions(),
  external: ["@aws-sdk/*", "@smithy/*"],
});

/** What the stack sets on every function (lib/intake-function.ts): read when a module loads. */
const LAMBDA_ENVIRONMENT = {
  ...Object.fromEntries(TABLES.map((table) => [table.envVar, `bench-${table.id}`])),
  [ENV.queueUrlPrefix]: "https://sqs.eu-central-1.amazonaws.com/123456789012/",
  [ENV.alertTopicPrefix]: "arn:aws:sns:eu-central-1:123456789012:",
  [ENV.powSecretArn]: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:pow",
  [ENV.receiptKeysSecretArn]: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:receipt",
  AWS_REGION: "eu-central-1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

/** The time one fresh process takes to import a module, in milliseconds. */
function loadOnce(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: path.dirname(file),
      env: { ...process.env, ...LAMBDA_ENVIRONMENT, LAMBDA_TASK_ROOT: path.dirname(file) },
      encoding: "utf8",
    }),
  );
}

const median = (times: readonly number[]): number =>
  [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;

/**
 * The median load of each module, measured in rounds across all of them (one load of each per
 * round): a burst of other work on the shared machine then falls on every package alike, not
 * on the one being measured at the time.
 */
export function medianLoads(files: readonly string[]): number[] {
  const times = files.map((): number[] => []);
  for (let round = 0; round < LOAD_ROUNDS; round++)
    for (const [index, file] of files.entries()) times[index]?.push(loadOnce(file));
  return times.map(median);
}

/** An empty module, in a folder of its own: what a fresh process takes to import nothing. */
function emptyModule(outDir: string): string {
  const folder = path.join(outDir, "empty-module");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, "index.mjs");
  writeFileSync(file, "");
  return file;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

/**
 * The baseline's entry: the function, and the SDK clients it made before (written beside the
 * bundles, inside the repository, so that the handler's relative path and the SDK resolve).
 */
function withSdkEntry(entry: string, outDir: string): string {
  const file = path.join(outDir, `${path.basename(entry, ".ts")}-with-sdk.ts`);
  writeFileSync(
    file,
    [
      `export * from ${JSON.stringify(path.relative(outDir, path.join(PROJECT_ROOT, entry)))};`,
      `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";`,
      `import { SQSClient } from "@aws-sdk/client-sqs";`,
      `import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";`,
      `export { PublishCommand, SNSClient } from "@aws-sdk/client-sns";`,
      `export { getSecret } from "@aws-lambda-powertools/parameters/secrets";`,
      `export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }));`,
      `export const sqs = new SQSClient({ maxAttempts: 2 });`,
    ].join("\n"),
  );
  return path.relative(PROJECT_ROOT, file);
}

export async function benchFunctionBundles(region: Region): Promise<string> {
  // Inside the repository: the unbundled AWS SDK resolves from its node_modules.
  const outDir = mkdtempSync(path.join(PROJECT_ROOT, ".bundles-"));
  try {
    const rows = [
      [
        "function",
        "bundle",
        "load",
        "with the SDK: bundle",
        "load",
        "SDK from node_modules: bundle",
        "load",
      ],
    ];
    const built: { entry: string; packages: BuiltBundle[] }[] = [];
    for (const entry of functionEntries()) {
      const baseline = withSdkEntry(entry, outDir);
      built.push({
        entry,
        packages: [
          await buildBundle(entry, region, path.join(outDir, "current")),
          await buildBundle(baseline, region, path.join(outDir, "with-sdk"), withSdkOptions()),
          await buildBundle(
            baseline,
            region,
            path.join(outDir, "runtime-sdk"),
            runtimeSdkOptions(),
          ),
        ],
      });
    }
    const loads = medianLoads([
      ...built.flatMap(({ packages }) => packages.map(({ file }) => file)),
      emptyModule(outDir),
    ]);
    // The loads, in the order measured: each function's three packages, then the empty module.
    const next = () => loads.shift() ?? Number.NaN;
    let over = 0;
    for (const { entry, packages } of built) {
      const times = packages.map(next);
      const [current] = packages;
      if ((current?.bytes ?? 0) > BUNDLE_BUDGET_BYTES || (times[0] ?? 0) > LOAD_BUDGET_MS) over++;
      rows.push([
        path.basename(entry, ".ts"),
        ...packages.flatMap(({ bytes }, index) => [kb(bytes), ms(times[index] ?? Number.NaN)]),
      ]);
    }
    rows.push(["(an empty module: Node's floor)", kb(0), ms(next())]);
    return [
      `Function packages (minified; load: a fresh node imports the bundle, median of ${LOAD_ROUNDS}, in rounds across all; targets ${kb(BUNDLE_BUDGET_BYTES)} and ${LOAD_BUDGET_MS} ms, ${over} over; the last row is the same import of an empty module, the part of every load that is Node's own)`,
      table(rows),
    ].join("\n");
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
