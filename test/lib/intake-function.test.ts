import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { App, Stack } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENV } from "../../config/environment.ts";
import { ROUTER_TIMEOUT_SECONDS, TABLES } from "../../config/resources.ts";
import { FUNCTION_REGION_FILE, functionRegion } from "../../domain/function-region.ts";
import { bundlingOptions, packageCommands } from "../../lib/function-bundling.ts";
import { FUNCTION_DEFAULTS } from "../../lib/intake-function.ts";
import type { IntakeStack } from "../../lib/intake-stack.ts";
import { withVariables } from "../helpers/clean-env.ts";
import { withStaffContacts } from "../helpers/region-factory.ts";
import {
  actionsOf,
  allowsAny,
  canaryOf,
  logicalId,
  REPO_ROOT,
  ref,
  referencedIds,
  type Synthesized,
  sampleRegion,
  statementsOfRole,
  synthesize,
} from "../helpers/synth.ts";

const region = sampleRegion();

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize(region);
});

const FUNCTIONS: {
  name: string;
  of: (stack: IntakeStack) => IFunction;
  memory: number;
  timeout: number;
  /** the secrets' ARNs it is given: the names of the IntakeSecrets members */
  secrets: ("pow" | "receiptKeys" | "countersKey")[];
  /** whether it publishes alerts (and so gets the alert topics' ARN prefix) */
  alerts: boolean;
  /** variables of its own */
  own?: (stack: IntakeStack) => Record<string, unknown>;
  /** the logical ids of secrets of its own it may read */
  ownSecrets?: (stack: IntakeStack) => string[];
}[] = [
  {
    name: "get-challenge",
    of: (stack) => stack.api.challenge.function,
    memory: 512,
    timeout: 10,
    secrets: ["pow"],
    alerts: false,
  },
  {
    name: "submit-report",
    of: (stack) => stack.api.intake.function,
    memory: 1024,
    timeout: 10,
    secrets: ["pow", "receiptKeys"],
    alerts: false,
  },
  {
    name: "route-cases",
    of: (stack) => stack.routing.router.function,
    memory: 512,
    timeout: ROUTER_TIMEOUT_SECONDS,
    secrets: ["countersKey"],
    alerts: true,
  },
  {
    name: "sweep-stale",
    of: (stack) => stack.schedules.sweeper.function,
    memory: 512,
    timeout: 10,
    secrets: [],
    alerts: false,
  },
  {
    name: "organisation-api",
    of: (stack) => stack.api.organisations.function,
    memory: 512,
    timeout: 10,
    secrets: ["countersKey"],
    alerts: true,
  },
  {
    name: "person-status",
    of: (stack) => stack.api.status.function,
    memory: 1024,
    timeout: 10,
    secrets: ["pow", "receiptKeys", "countersKey"],
    alerts: true,
  },
  {
    name: "escalate-unclaimed",
    of: (stack) => stack.schedules.escalator.function,
    memory: 512,
    timeout: 60,
    secrets: ["countersKey"],
    alerts: true,
  },
  {
    name: "monitor-api",
    of: (stack) => stack.monitor.api.function,
    memory: 512,
    timeout: 10,
    secrets: [],
    alerts: false,
  },
  {
    name: "run-canary",
    of: (stack) => canaryOf(stack).runner.function,
    memory: 512,
    timeout: 180,
    secrets: [],
    alerts: false,
    // The site it calls through CloudFront, and the ARN of its token's secret, not the token.
    own: (stack) => ({
      [ENV.siteUrl]: {
        "Fn::Join": [
          "",
          ["https://", { "Fn::GetAtt": [logicalId(stack.web.distribution), "DomainName"] }, "/"],
        ],
      },
      [ENV.canaryTokenSecretArn]: ref(canaryOf(stack).token),
    }),
    ownSecrets: (stack) => [logicalId(canaryOf(stack).token)],
  },
];

const SECRET_VARIABLES = {
  pow: ENV.powSecretArn,
  receiptKeys: ENV.receiptKeysSecretArn,
  countersKey: ENV.countersKeySecretArn,
} as const;

/** The project's functions, by the bundle CDK would build: not CDK's own helper functions. */
const ourFunctions = () =>
  Object.entries(synthesized.template.findResources("AWS::Lambda::Function")).filter(
    ([, resource]) => resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
  );

const propertiesOf = (handler: IFunction) => {
  const resource = synthesized.template.findResources("AWS::Lambda::Function")[logicalId(handler)];
  if (!resource) throw new Error(`No function ${logicalId(handler)}`);
  return resource.Properties;
};

describe("IntakeFunction", () => {
  it("makes the nine functions, and CDK no log retention function", () => {
    expect(
      ourFunctions()
        .map(([id]) => id)
        .sort(),
    ).toEqual(FUNCTIONS.map((fn) => logicalId(fn.of(synthesized.stack))).sort());
    // Besides ours: CDK's BucketDeployment, its cross-region reference reader (the edge web
    // ACL's ARN) and writer (the distribution's id, for the edge alarms), nothing else.
    synthesized.template.resourceCountIs("AWS::Lambda::Function", FUNCTIONS.length + 3);
    synthesized.template.resourceCountIs("Custom::LogRetention", 0);
  });

  it.each(FUNCTIONS)("$name: Node.js 24 on arm64, with explicit memory and timeout", (fn) => {
    expect(propertiesOf(fn.of(synthesized.stack))).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: fn.memory,
      Timeout: fn.timeout,
    });
  });

  it.each(FUNCTIONS)("$name: logs to its own log group, kept for a month", (fn) => {
    const { stack, template } = synthesized;
    const properties = propertiesOf(fn.of(stack));
    const logGroupId = properties.LoggingConfig?.LogGroup?.Ref;
    expect(template.findResources("AWS::Logs::LogGroup")[logGroupId]?.Properties).toEqual({
      RetentionInDays: 30,
    });
  });

  it.each(FUNCTIONS)("$name: gets exactly the project's environment", (fn) => {
    const { stack } = synthesized;
    const variables = propertiesOf(fn.of(stack)).Environment.Variables;
    expect(variables).toEqual({
      ...Object.fromEntries(
        TABLES.map((declaration) => [declaration.envVar, ref(stack.tables.table(declaration.id))]),
      ),
      ...Object.fromEntries(
        fn.secrets.map((secret) => [SECRET_VARIABLES[secret], ref(stack.secrets[secret])]),
      ),
      [ENV.queueUrlPrefix]: {
        "Fn::Join": [
          "",
          [
            `https://sqs.${region.aws?.region}.`,
            { Ref: "AWS::URLSuffix" },
            "/",
            { Ref: "AWS::AccountId" },
            "/",
          ],
        ],
      },
      ...(fn.alerts
        ? {
            [ENV.alertTopicPrefix]: {
              "Fn::Join": [
                "",
                [
                  "arn:",
                  { Ref: "AWS::Partition" },
                  `:sns:${region.aws?.region}:`,
                  { Ref: "AWS::AccountId" },
                  ":",
                ],
              ],
            },
          }
        : {}),
      ...fn.own?.(stack),
      POWERTOOLS_SERVICE_NAME: "intake",
      POWERTOOLS_LOG_LEVEL: "INFO",
      MALLOC_ARENA_MAX: "2",
    });
  });

  it.each(FUNCTIONS)("$name: has a role of its own that may write its own log group only", (fn) => {
    const { stack, template } = synthesized;
    const handler = fn.of(stack);
    const role = handler.role;
    if (!role) throw new Error("no role");
    const roleResource = template.findResources("AWS::IAM::Role")[logicalId(role)];
    expect(roleResource?.Properties.ManagedPolicyArns).toBeUndefined();
    const logStatements = statementsOfRole(template, logicalId(role)).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith("logs:")),
    );
    const logGroupId = propertiesOf(handler).LoggingConfig.LogGroup.Ref;
    expect(logStatements).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: { "Fn::GetAtt": [logGroupId, "Arn"] },
      },
    ]);
  });

  // Least privilege: the receipt keys only where a receipt is digested (the intake, the
  // person's status), the counters key only where a step is counted.
  it.each(FUNCTIONS)("$name: may read exactly the secrets it is given, no other", (fn) => {
    const { stack, template } = synthesized;
    const role = fn.of(stack).role;
    if (!role) throw new Error("no role");
    const readable = statementsOfRole(template, logicalId(role))
      .filter((statement) => allowsAny(statement, ["secretsmanager:GetSecretValue"]))
      .flatMap((statement) => [...referencedIds(statement.Resource)]);
    expect(new Set(readable)).toEqual(
      new Set([
        ...fn.secrets.map((secret) => logicalId(stack.secrets[secret])),
        ...(fn.ownSecrets?.(stack) ?? []),
      ]),
    );
  });

  it("never logs events: no function sets POWERTOOLS_LOGGER_LOG_EVENT", () => {
    const functions = ourFunctions().map(([, resource]) => resource);
    expect(functions).toHaveLength(FUNCTIONS.length);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).not.toHaveProperty("POWERTOOLS_LOGGER_LOG_EVENT");
    }
  });
});

describe("bundlingOptions", () => {
  const options = bundlingOptions(region);

  it("bundles ESM with the local esbuild, nothing left external, no source map", () => {
    expect(options).toMatchObject({
      forceDockerBundling: false,
      externalModules: [],
      format: OutputFormat.ESM,
      target: "node24",
      mainFields: ["module", "main"],
      minify: true,
      sourceMap: false,
      esbuildArgs: {
        "--conditions": "lambda,module",
        "--alias:@noble/post-quantum/hybrid.js": expect.stringMatching(/age-unused-curves\.ts$/),
        "--alias:@noble/curves/nist.js": expect.stringMatching(/age-unused-curves\.ts$/),
        "--alias:@noble/curves/ed25519.js": expect.stringMatching(/age-unused-curves\.ts$/),
        "--alias:@aws-lambda-powertools/jmespath": expect.stringMatching(/field-path-search\.ts$/),
        "--alias:@aws-lambda-powertools/jmespath/functions":
          expect.stringMatching(/field-path-search\.ts$/),
        "--alias:node:stream/web": expect.stringMatching(/web-streams-on-demand\.ts$/),
        "--alias:crypto": expect.stringMatching(/builtins\/crypto\.ts$/),
        "--alias:node:crypto": expect.stringMatching(/builtins\/crypto\.ts$/),
        "--alias:node:fs": expect.stringMatching(/builtins\/fs\.ts$/),
        "--alias:querystring": expect.stringMatching(/builtins\/querystring\.ts$/),
        "--alias:url": expect.stringMatching(/builtins\/url\.ts$/),
      },
    });
    // no banner: aws4's built-ins are imports (BUILTIN_ALIASES), no createRequire is needed
    expect(options.banner).toBeUndefined();
  });

  it("copies the catalogs and the region beside the bundle, and defines nothing", () => {
    expect(options.define).toBeUndefined();
    expect(options.commandHooks?.afterBundling("in", "/asset-output")).toEqual(
      packageCommands(region, "/asset-output"),
    );
  });
});

describe("the region of a function synthesized by CDK", () => {
  const outDir = mkdtempSync(path.join(tmpdir(), "intake-cdk-bundle-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const withContacts = withStaffContacts(region);

  // CDK's own local bundling (esbuild, then the hook's commands), on the module every function
  // gets its region from; the package must find the region with no region file, as on Lambda.
  it("is read from the package, without the organisations' contacts", async () => {
    const app = new App({ outdir: path.join(outDir, "cdk.out") });
    new NodejsFunction(new Stack(app, "Bundled"), "Region", {
      entry: path.join(REPO_ROOT, "functions/adapters/current-region.ts"),
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, "package-lock.json"),
      runtime: FUNCTION_DEFAULTS.runtime,
      bundling: bundlingOptions(withContacts),
    });
    const assembly = app.synth();
    const [asset] = readdirSync(assembly.directory).filter((name) => name.startsWith("asset."));
    const taskRoot = path.join(assembly.directory, asset ?? "no-asset");
    expect(readdirSync(taskRoot).sort()).toEqual(["index.mjs", "locales", FUNCTION_REGION_FILE]);
    const variables = {
      [ENV.regionFile]: path.join(outDir, "no-such-region.json"),
      LAMBDA_TASK_ROOT: taskRoot,
    };
    await withVariables(variables, async () => {
      const bundled = await import(pathToFileURL(path.join(taskRoot, "index.mjs")).href);
      expect(bundled.currentRegion()).toEqual(functionRegion(withContacts));
      expect(JSON.stringify(bundled.currentRegion())).not.toContain("@example.org");
    });
  }, 60_000);
});
