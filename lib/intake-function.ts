/**
 * Every Lambda function of the intake, with the project's pinned defaults: one place decides
 * the runtime, the bundle and the environment, so the functions cannot drift apart.
 */
import path from "node:path";
import { Duration, Stack } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Alias, Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ENV } from "../config/environment.ts";
import type { Region } from "../domain/region.ts";
import type { DataTables } from "./data-tables.ts";
import { bundlingOptions, PROJECT_ROOT } from "./function-bundling.ts";

/** Defaults every function shares unless its construct says otherwise. */
export const FUNCTION_DEFAULTS = {
  /** Node.js 24: the newest Lambda runtime, with long-term support; esbuild targets `node24`. */
  runtime: Runtime.NODEJS_24_X,
  /** Graviton: cheaper per GB-second than x86_64, and nothing in the bundle is native code. */
  architecture: Architecture.ARM_64,
  /** Memory also buys CPU on Lambda; 512 MB keeps cold starts of the bundled SDK short. */
  memorySize: 512,
  /** Short: a person waits on the API, and the SDK clients give up after a few seconds. */
  timeout: Duration.seconds(10),
  /** Logs hold ids, counts and error names only; a month is enough to investigate. */
  logRetention: RetentionDays.ONE_MONTH,
} as const;

/** The alias every caller invokes. */
export const LIVE_ALIAS = "live";

export interface IntakeFunctionProps {
  /** The handler's file, relative to the repository root (`functions/submit-report.ts`). */
  entry: string;
  region: Region;
  /** Every function gets every table's name; what it may do with one is granted separately. */
  tables: DataTables;
  /** @default FUNCTION_DEFAULTS.memorySize (512 MB) */
  memorySize?: number;
  /** @default FUNCTION_DEFAULTS.timeout (10 seconds) */
  timeout?: Duration;
  /** A share of the account's concurrency reserved for (and capping) it: lib/capacity.ts. */
  reservedConcurrency?: number;
  description?: string;
  /** Variables beside the project's own (the ARNs of the secrets this function may read). */
  environment?: Record<string, string>;
}

/**
 * A `NodejsFunction` exporting `handler`, with its own log group and its own role. The role
 * may write to that log group and nothing else (no `AWSLambdaBasicExecutionRole`, which lets a
 * function write to every log group of the account); every other permission is granted by the
 * construct that uses the function.
 */
export class IntakeFunction extends Construct {
  readonly function: NodejsFunction;
  /**
   * The alias `live`, on the function's current version: what the API, the event source and
   * the schedules invoke, so that CodeDeploy can shift it between versions and roll it back
   * (lib/gradual-deployments.ts). Each code or configuration change publishes a new version.
   */
  readonly live: Alias;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: IntakeFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.logGroup = new LogGroup(this, "Logs", { retention: FUNCTION_DEFAULTS.logRetention });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      ...(props.description ? { description: props.description } : {}),
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, "Function", {
      role: this.role,
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, "package-lock.json"),
      runtime: FUNCTION_DEFAULTS.runtime,
      architecture: FUNCTION_DEFAULTS.architecture,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? FUNCTION_DEFAULTS.timeout,
      ...(props.reservedConcurrency
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      logGroup: this.logGroup,
      bundling: bundlingOptions(props.region),
      ...(props.description ? { description: props.description } : {}),
      environment: {
        ...Object.fromEntries(
          props.tables.all().map(({ declaration, table }) => [declaration.envVar, table.tableName]),
        ),
        // The functions compute a queue's URL from its declared name (config/resources.ts).
        [ENV.queueUrlPrefix]: `https://sqs.${stack.region}.${stack.urlSuffix}/${stack.account}/`,
        POWERTOOLS_SERVICE_NAME: "intake",
        POWERTOOLS_LOG_LEVEL: "INFO",
        // scrypt's 16 MiB blocks come from libuv's threads; with glibc's default of one malloc
        // arena per thread, freed blocks stay mapped and the memory only grows. Two arenas keep
        // a warm function's memory flat (npm run bench measured it: see docs/security.md).
        MALLOC_ARENA_MAX: "2",
        ...props.environment,
      },
    });
    this.live = new Alias(this, "Live", {
      aliasName: LIVE_ALIAS,
      version: this.function.currentVersion,
    });
  }
}
