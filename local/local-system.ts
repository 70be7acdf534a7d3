/**
 * The whole system on one machine: the emulators, the declared tables and queues, the HTTP
 * adapter in front of the API handlers, the pollers in front of the queue consumers and a timer
 * for the sweeper. `intake dev` runs it; the integration tests run it against emulators that a
 * globalSetup started once.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ENV } from "../config/environment.ts";
import { DEFAULT_REGION_FILE, readRegionFile } from "../config/region-file.ts";
import { ROUTER_TIMEOUT_SECONDS, TABLES, type TableDeclaration } from "../config/resources.ts";
import { SECURITY_HEADERS } from "../config/security-headers.ts";
import type { Region } from "../domain/region.ts";
import { generateSecretsJson, type SecretsJson } from "../functions/adapters/secrets.ts";
import { buildSite } from "../web/build.ts";

import { dataFolderSecrets } from "./data-folder.ts";
import { type Emulators, startEmulators } from "./emulators.ts";
import { createHttpAdapter, type Route } from "./http-adapter.ts";
import { invoke } from "./lambda-context.ts";
import { createQueues, createTables, type ProvisionedQueue } from "./provision.ts";
import { boundReceiptDerivations } from "./receipt-derivation-slots.ts";
import { type Poller, startPoller } from "./sqs-poller.ts";

export const LOCAL_AWS_REGION = "eu-west-1";
const SQS_ACCOUNT = "123456789012";

export interface LocalSystemOptions {
  regionFile?: string;
  /** 0 lets the operating system choose */
  port?: number;
  host?: string;
  /** emulators started elsewhere (the tests' globalSetup); else this system starts its own */
  emulators?: Emulators;
  /** a folder that keeps DynamoDB's data and the secrets across restarts (local/data-folder.ts) */
  dataDir?: string;
  /** ports of the emulators this system starts (0: any free port) */
  emulatorPorts?: { dynamo: number; sqs: number };
  /** prefixes every table and queue name, so several systems can share emulators */
  namePrefix?: string;
  /** seconds before a failed message comes back (AWS: six times the consumer timeout) */
  visibilityTimeoutSeconds?: number;
  /** run the queue consumers; tests that drive the router themselves turn them off */
  pollers?: boolean;
  /** milliseconds between two sweeps; 0 turns the timer off */
  sweepIntervalMs?: number;
  /** milliseconds between two escalation runs; 0 turns the timer off */
  escalateIntervalMs?: number;
  secrets?: SecretsJson;
  logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
  /** the static files to serve; by default the region's site is built into a fresh folder */
  webRoot?: string;
  onError?: (where: string, error: unknown) => void;
}

export interface LocalSystem {
  url: string;
  region: Region;
  emulators: Emulators;
  queues: ProvisionedQueue[];
  tableNames: Record<TableDeclaration["id"], string>;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** what the start sent again because the in-memory SQS had lost it (local/redeliver.ts) */
  redelivered: { requeued: number; envelopes: number };
  /** runs the sweeper once, now */
  sweep(): Promise<void>;
  /** runs the escalation once, now */
  escalate(): Promise<void>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Given secrets (the tests, the benchmark, or INTAKE_SECRETS already set), those of the data
 * folder (so receipts outlive a restart), or fresh ones; before anything starts.
 */
function secretsFor(options: LocalSystemOptions): string {
  if (options.secrets) return JSON.stringify(options.secrets);
  return (
    process.env[ENV.secrets] ??
    JSON.stringify(options.dataDir ? dataFolderSecrets(options.dataDir) : generateSecretsJson())
  );
}

function emulatorsFor(options: LocalSystemOptions): Promise<Emulators> {
  if (options.emulators) return Promise.resolve(options.emulators);
  return startEmulators({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    dynamoPort: options.emulatorPorts?.dynamo ?? 0,
    sqsPort: options.emulatorPorts?.sqs ?? 0,
  });
}

/**
 * The handlers read their configuration from the environment, as on Lambda; it is set before
 * any handler module is loaded, since SDK clients are made when a module loads.
 */
function setLambdaEnvironment(settings: {
  emulators: Emulators;
  regionFile: string;
  prefix: string;
  secrets: string;
  tableNames: Record<TableDeclaration["id"], string>;
  logLevel: LocalSystemOptions["logLevel"];
}): void {
  const { emulators, prefix, tableNames } = settings;
  Object.assign(process.env, {
    AWS_REGION: LOCAL_AWS_REGION,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: emulators.sqsEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_LAMBDA_FUNCTION_NAME: "intake-local",
    POWERTOOLS_SERVICE_NAME: "intake",
    POWERTOOLS_LOG_LEVEL: settings.logLevel ?? "WARN",
    [ENV.regionFile]: settings.regionFile,
    [ENV.queueUrlPrefix]: `${emulators.sqsEndpoint}/${SQS_ACCOUNT}/${prefix}`,
    [ENV.secrets]: settings.secrets,

    ...Object.fromEntries(TABLES.map((table) => [table.envVar, tableNames[table.id]])),
  });
}

/** Loaded only after the environment is set (setLambdaEnvironment). */
async function loadHandlers() {
  const [challenge, submit, router, sweeper, organisations, escalator, status, monitor] =
    await Promise.all([
      import("../functions/get-challenge.ts"),
      import("../functions/submit-report.ts"),
      import("../functions/route-cases.ts"),
      import("../functions/sweep-stale.ts"),
      import("../functions/organisation-api.ts"),
      import("../functions/escalate-unclaimed.ts"),
      import("../functions/person-status.ts"),
      import("../functions/monitor-api.ts"),
    ]);
  return { challenge, submit, router, sweeper, organisations, escalator, status, monitor };
}
type Handlers = Awaited<ReturnType<typeof loadHandlers>>;

/**
 * The API's functions, each with the methods and paths API Gateway sends it
 * (lib/intake-api.ts, lib/monitor.ts).
 */
function apiRoutes(handlers: Handlers): Route[] {
  const functions: {
    functionName: string;
    handler: Route["handler"];
    timeoutMs: number;
    endpoints: [method: string, path: string][];
  }[] = [
    {
      functionName: "get-challenge",
      handler: handlers.challenge.handler,
      timeoutMs: 10_000,
      endpoints: [["GET", "/api/v1/challenge"]],
    },
    {
      functionName: "submit-report",
      handler: handlers.submit.handler,
      timeoutMs: 30_000,
      endpoints: [["POST", "/api/v1/reports"]],
    },
    {
      functionName: "person-status",
      handler: handlers.status.handler,
      timeoutMs: 30_000,
      endpoints: [
        ["POST", "/api/v1/status"],
        ["POST", "/api/v1/status/{proxy+}"],
      ],
    },
    {
      functionName: "organisation-api",
      handler: handlers.organisations.handler,
      timeoutMs: 30_000,
      endpoints: [
        ["ANY", "/api/v1/org/{proxy+}"],
        ["ANY", "/api/v1/ops/{proxy+}"],
      ],
    },
    {
      functionName: "monitor-api",
      handler: handlers.monitor.handler,
      timeoutMs: 30_000,
      endpoints: [
        ["ANY", "/api/v1/monitor"],
        ["ANY", "/api/v1/monitor/{proxy+}"],
        ["ANY", "/api/v1/open/monitor"],
        ["ANY", "/api/v1/open/monitor/{proxy+}"],
      ],
    },
  ];
  return functions.flatMap(({ endpoints, ...target }) =>
    endpoints.map(([method, path]) => ({ method, path, ...target })),
  );
}

/**
 * One batch at a time, where AWS runs five (lib/capacity.ts). On AWS every invocation has its own
 * client, and DynamoDB serves them all; here every function shares one pool of 50 sockets
 * (adapters/aws-requests.ts) and one single-threaded emulator. Five batches of ten cases kept up
 * to 327 requests waiting, and a request's timeout counts its wait for a socket: a person's
 * report, queued behind them attempt after attempt, failed.
 */
const LOCAL_ROUTER_POLLERS = 1;

/** The router's consumer on the routing queue, as the event source mapping is on AWS. */
async function routerPollers(
  sqs: SQSClient,
  queues: ProvisionedQueue[],
  handlers: Handlers,
  onError: (where: string, error: unknown) => void,
): Promise<Poller[]> {
  const routing = queues.find((queue) => queue.declaration.kind === "routing");
  if (!routing) return [];
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: routing.url, AttributeNames: ["QueueArn"] }),
  );
  return [
    startPoller({
      client: sqs,
      queueUrl: routing.url,
      queueArn: Attributes?.QueueArn ?? "",
      awsRegion: LOCAL_AWS_REGION,
      functionName: "route-cases",
      handler: handlers.router.handler,
      timeoutMs: ROUTER_TIMEOUT_SECONDS * 1000,
      concurrency: LOCAL_ROUTER_POLLERS,
      onError: (error) => onError("router", error),
    }),
  ];
}

/** Like an EventBridge schedule: a run never overlaps the one before. */
function every(
  ms: number,
  run: () => Promise<void>,
  onError: (error: unknown) => void,
): NodeJS.Timeout | undefined {
  if (ms <= 0) return undefined;
  let running = false;
  return setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, ms);
}

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const regionFile = options.regionFile ?? DEFAULT_REGION_FILE;
  const region = readRegionFile(regionFile);
  const secrets = secretsFor(options);
  const ownEmulators = !options.emulators;
  const emulators = await emulatorsFor(options);

  const prefix = options.namePrefix ?? "";
  const tableNames = Object.fromEntries(
    TABLES.map((table) => [table.id, `${prefix}${region.id}-${table.id}`]),
  ) as Record<TableDeclaration["id"], string>;
  setLambdaEnvironment({
    emulators,
    regionFile,
    prefix,
    secrets,
    tableNames,
    logLevel: options.logLevel,
  });

  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const dynamo = new DynamoDBClient({
    endpoint: emulators.dynamoEndpoint,
    region: LOCAL_AWS_REGION,
    credentials,
  });
  const sqs = new SQSClient({
    endpoint: emulators.sqsEndpoint,
    region: LOCAL_AWS_REGION,
    credentials,
  });
  await createTables(dynamo, (table) => tableNames[table.id]);
  const queues = await createQueues(sqs, region, {
    namePrefix: prefix,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 5,
  });

  // SQS here keeps its messages in memory: what DynamoDB says was queued goes out again.
  const redelivered = await (await import("./redeliver.ts")).redeliverOnStart();

  const handlers = await loadHandlers();
  const { receiptCrypto } = await import("../functions/adapters/receipt-crypto.ts");
  boundReceiptDerivations(receiptCrypto);
  const onError = options.onError ?? (() => undefined);

  const server = createHttpAdapter({
    routes: apiRoutes(handlers),
    webRoot:
      options.webRoot ??
      (await buildSite(region, mkdtempSync(join(tmpdir(), "intake-web-")))).outDir,
    staticHeaders: SECURITY_HEADERS,
    locales: region.locales,
    onInternalError: (error) => onError("http", error),
  });
  const port = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");

  const pollers =
    (options.pollers ?? true) ? await routerPollers(sqs, queues, handlers, onError) : [];

  const scheduled = (handler: typeof handlers.sweeper.handler, name: string) => async () => {
    await invoke(handler, { id: randomUUID(), "detail-type": "Scheduled Event" }, name, 60_000);
  };
  const sweep = scheduled(handlers.sweeper.handler, "sweep-stale");
  const escalate = scheduled(handlers.escalator.handler, "escalate-unclaimed");
  const timers = [
    every(options.sweepIntervalMs ?? 30_000, sweep, (error) => onError("sweeper", error)),
    every(options.escalateIntervalMs ?? 60_000, escalate, (error) => onError("escalation", error)),
  ];

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    region,
    emulators,
    queues,
    tableNames,
    dynamo,
    sqs,
    redelivered,
    sweep,
    escalate,
    async stop() {
      for (const timer of timers) if (timer) clearInterval(timer);
      await Promise.all(pollers.map((poller) => poller.stop()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dynamo.destroy();
      sqs.destroy();
      if (ownEmulators) await emulators.stop();
    },
  };
}
