/**
 * `intake dev [--region FILE] [--port N] [--data DIR] [--verbose]` (what `npm start` runs):
 * the whole system on this machine, until Ctrl-C: the form and the API on port N (8080), SQS on
 * N+1 and DynamoDB on N+2. It prints the address, then one line per organisation queue whenever
 * what waits there changes.
 */
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { ConfigurationError } from "../config/environment.ts";
import { type LocalSystem, startLocalSystem } from "../local/local-system.ts";
import { UsageError } from "./io.ts";

const STATUS_EVERY_MS = 2_000;

interface QueueCounts {
  waiting: number;
  inFlight: number;
  dead: number;
}

async function countsOf(system: LocalSystem): Promise<Map<string, QueueCounts>> {
  const counts = new Map<string, QueueCounts>();
  const count = async (url: string, names: string[]) => {
    const { Attributes = {} } = await system.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }),
    );
    return names.reduce(
      (sum, name) => sum + Number(Attributes[name as keyof typeof Attributes] ?? 0),
      0,
    );
  };
  for (const queue of system.queues) {
    if (queue.declaration.kind !== "delivery" || !queue.declaration.organisation) continue;
    counts.set(queue.declaration.organisation, {
      waiting: await count(queue.url, ["ApproximateNumberOfMessages"]),
      inFlight: await count(queue.url, ["ApproximateNumberOfMessagesNotVisible"]),
      dead: await count(queue.deadLetterUrl, ["ApproximateNumberOfMessages"]),
    });
  }
  return counts;
}

const line = (organisation: string, counts: QueueCounts, width: number) =>
  `  ${organisation.padEnd(width)}  ${counts.waiting} waiting, ${counts.inFlight} being read, ${counts.dead} dead-lettered`;

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        region: { type: "string" },
        port: { type: "string" },
        data: { type: "string" },
        verbose: { type: "boolean", default: false },
      },
    }).values;
  } catch {
    throw new UsageError("usage: intake dev [--region FILE] [--port N] [--data DIR] [--verbose]");
  }
}

type DevOptions = ReturnType<typeof options>;

function portOf(values: DevOptions): number {
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError("--port takes a port number.");
  return port;
}

/** The local system, or a usage error for a region file or a port that cannot be used. */
async function start(values: DevOptions, port: number): Promise<LocalSystem> {
  try {
    return await startLocalSystem({
      ...(values.region ? { regionFile: values.region } : {}),
      ...(values.data ? { dataDir: values.data } : {}),
      port,
      // Next to the form's port, so that `intake org pull` finds SQS without being told.
      emulatorPorts: port === 0 ? { sqs: 0, dynamo: 0 } : { sqs: port + 1, dynamo: port + 2 },
      logLevel: values.verbose ? "INFO" : "WARN",
      // Only names of errors: a message could carry a piece of a request.
      onError: (where, error) =>
        process.stderr.write(`[${where}] ${error instanceof Error ? error.name : "error"}\n`),
    });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new UsageError(
        `Port ${port}, ${port + 1} or ${port + 2} is in use: choose another with --port N.`,
      );
    throw error;
  }
}

/** Where everything is, printed once at the start. */
function welcome(system: LocalSystem, dataDir: string | undefined): string {
  const { region, redelivered } = system;
  const inboxOnly = region.organisations
    .filter((organisation) => organisation.delivery === "inbox")
    .map((organisation) => organisation.id);
  const tests = region.organisations.filter((o) => o.test === true).map((o) => o.id);
  return [
    `intake dev: ${region.name}${region.sample ? " (sample data: its keys are public, in demo/)" : ""}`,
    `  the form and the API: ${system.url}/`,
    `  the organisations' inbox: ${system.url}/inbox/ (a token: npx intake org token issue <organisation> <name>)`,
    `  coming back with a code: ${system.url}/${region.locales[0]}/status/`,
    `  DynamoDB ${system.emulators.dynamoEndpoint}, SQS ${system.emulators.sqsEndpoint}${dataDir ? `, data and secrets in ${dataDir}` : " (in memory)"}`,
    ...(redelivered.requeued + redelivered.envelopes > 0
      ? [
          `  sent again after the restart: ${redelivered.requeued} cases to route, ${redelivered.envelopes} envelopes (same envelope ids)`,
        ]
      : []),
    ...(inboxOnly.length > 0 ? [`  in the inbox alone, no queue: ${inboxOnly.join(", ")}`] : []),
    ...(tests.length > 0
      ? [`  test organisation (the smoke test's reports, and nobody's else): ${tests.join(", ")}`]
      : []),
    "organisation queues:",
    "",
  ].join("\n");
}

/**
 * Prints the alerts raised since the last call, and each organisation queue whose counts
 * changed. Alerts go to the console here (on AWS, to each organisation's SNS topic): what and
 * to whom, never more, as on a phone's lock screen.
 */
async function queueReporter(system: LocalSystem): Promise<() => Promise<void>> {
  const { localAlerts } = await import("../functions/adapters/notifications.ts");
  const width = Math.max(
    ...system.region.organisations.map((organisation) => organisation.id.length),
  );
  let alertsShown = localAlerts.length;
  let last = new Map<string, string>();
  return async () => {
    for (const alert of localAlerts.slice(alertsShown))
      process.stdout.write(
        `  [alert to ${alert.organisation}${alert.reach === "email" ? ", email only" : ""}] ${alert.text}\n`,
      );
    alertsShown = localAlerts.length;
    const counts = await countsOf(system);
    const next = new Map([...counts].map(([id, c]) => [id, line(id, c, width)]));
    for (const [id, text] of next) if (last.get(id) !== text) process.stdout.write(`${text}\n`);
    last = next;
  };
}

const untilInterrupted = () =>
  new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

/**
 * How far V8 lets this process's heap grow past what the last full collection kept: 50 %. By
 * default V8 picks a factor of up to 4 when collecting is cheap against the work done: under
 * 500 reports `intake dev` (its emulators keep every item and message in the same heap) kept
 * about 55 MB alive and let its heap reach 146 MB before the next full collection. With 50 %
 * it stays under 100 MB, for 24 full collections taking 0.4 s in all (bench/end-to-end.ts).
 * V8 reads the flag at every full collection, so setting it here covers `npm start`,
 * `npx intake dev` and the benchmark alike.
 */
const HEAP_GROWING_PERCENT = 50;

export async function runDev(args: string[]): Promise<number> {
  const values = options(args);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const system = await start(values, portOf(values));
  process.stdout.write(welcome(system, values.data));

  const report = await queueReporter(system);
  await report();
  process.stdout.write("Ctrl-C stops.\n");
  const timer = setInterval(() => report().catch(() => undefined), STATUS_EVERY_MS);
  await untilInterrupted();
  clearInterval(timer);
  process.stdout.write("stopping…\n");
  await system.stop();
  return 0;
}
