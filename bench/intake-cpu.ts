/**
 * CPU per report, intake plus router: what a report costs on Lambda. The emulators run in a
 * child process, so this process's CPU time (every thread: scrypt runs in libuv's pool) is the
 * intake's, the router's and the client's. The window runs from the first POST until every
 * envelope of every report is on its organisation's queue. Beside it, the same measure of
 * GET /api/v1/challenge, which carries the same client and HTTP costs.
 */
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { decide } from "../domain/route.ts";
import type { LocalSystem } from "../local/local-system.ts";
import { expectStatus, getChallenge, postReport, reportBodies, seedCase } from "./bench-reports.ts";
import { processCpuMs } from "./children.ts";
import { cpuMsSince, ms, percentile, table } from "./measure.ts";

const WARM_UP = 10;
const ROUTED_WITHIN_MS = 120_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Envelopes on the delivery queues now (visible or being read: nobody reads them here). */
async function envelopes(system: LocalSystem): Promise<number> {
  let count = 0;
  for (const queue of system.queues) {
    if (queue.declaration.kind !== "delivery") continue;
    const { Attributes = {} } = await system.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    count +=
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return count;
}

async function routed(system: LocalSystem, expected: number): Promise<void> {
  const until = Date.now() + ROUTED_WITHIN_MS;
  let count = 0;
  while (Date.now() < until) {
    count = await envelopes(system);
    if (count >= expected) return;
    await pause(100);
  }
  throw new Error(`Only ${count} of ${expected} envelopes were delivered.`);
}

export async function benchIntakeCpu(
  system: LocalSystem,
  hmacKey: string,
  count: number,
  intakeAlone: { cpuMsPerReport: number; emulatorsCpuMsPerReport: number; p50: number },
  emulatorsPid: number,
): Promise<string> {
  const perReport = decide(seedCase(), system.region).routing.organisations.length;
  const bodies = await reportBodies(hmacKey, WARM_UP + count);

  for (const body of bodies.slice(0, WARM_UP))
    expectStatus(await postReport(system.url, body), 201, "POST /api/v1/reports");
  await routed(system, WARM_UP * perReport);

  let cpuStart = process.cpuUsage();
  for (let i = 0; i < count; i++)
    expectStatus(await getChallenge(system.url), 200, "GET /api/v1/challenge");
  const challengeCpu = cpuMsSince(cpuStart) / count;

  const times: number[] = [];
  cpuStart = process.cpuUsage();
  const emulatorsCpuStart = processCpuMs(emulatorsPid);
  for (const body of bodies.slice(WARM_UP))
    times.push(expectStatus(await postReport(system.url, body), 201, "POST /api/v1/reports").ms);
  await routed(system, (WARM_UP + count) * perReport);
  const reportCpu = cpuMsSince(cpuStart) / count;
  const emulatorsCpu = (processCpuMs(emulatorsPid) - emulatorsCpuStart) / count;

  return [
    `CPU per report, intake + router: ${count.toLocaleString("en")} sequential reports until their ${(count * perReport).toLocaleString("en")} envelopes are queued;`,
    "CPU time of this process (all threads), emulators in a child process; the client's share is in every row",
    table([
      ["what", "CPU per request"],
      ["report: intake + router", ms(reportCpu)],
      ["report: intake alone (latency run, router off)", ms(intakeAlone.cpuMsPerReport)],
      ["baseline: GET /api/v1/challenge", ms(challengeCpu)],
      ["not counted: the emulators' process, per report, intake + router", ms(emulatorsCpu)],
      [
        "not counted: the emulators' process, per report, intake alone",
        ms(intakeAlone.emulatorsCpuMsPerReport),
      ],
    ]),
    `intake p50 with the router in the same process: ${ms(percentile(times, 50))} (alone: ${ms(intakeAlone.p50)})`,
  ].join("\n");
}
