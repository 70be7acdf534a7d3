/**
 * Intake latency: sequential POSTs of the seed case to a local system in this process, timed
 * at the client from the request to the last byte of the 201. The router is off, so each
 * report has the process to itself as on Lambda, where the intake and the router are separate
 * functions. Beside it, GET /api/v1/challenge (the HTTP adapter, middy and one HMAC: the floor
 * of any request), one before each POST so that both see the same minutes of the machine.
 */
import type { LocalSystem } from "../local/local-system.ts";
import { expectStatus, getChallenge, postReport, reportBodies } from "./bench-reports.ts";
import { processCpuMs } from "./children.ts";
import { cpuMsSince, ms, percentile, table } from "./measure.ts";

const WARM_UP = 20;

export interface IntakeLatency {
  reports: number;
  p50: number;
  p99: number;
  /** CPU of this process per report over the timed reports (intake, client; no router) */
  cpuMsPerReport: number;
  /** CPU of the emulators' process per report over the same reports */
  emulatorsCpuMsPerReport: number;
  /** a body that was posted and its 201 answer, for the parts benchmark */
  body: string;
  answer: string;
  text: string;
}

export async function benchIntakeLatency(
  system: LocalSystem,
  hmacKey: string,
  count: number,
  emulatorsPid: number,
): Promise<IntakeLatency> {
  const bodies = await reportBodies(hmacKey, WARM_UP + count);

  // The CPU of the GETs is kept apart, so that what is left in the window is the reports'.
  let challengesCpu = 0;
  const round = async (body: string) => {
    const cpuStart = process.cpuUsage();
    const challenge = expectStatus(await getChallenge(system.url), 200, "GET /api/v1/challenge");
    challengesCpu += cpuMsSince(cpuStart);
    const report = expectStatus(await postReport(system.url, body), 201, "POST /api/v1/reports");
    return { challenge, report };
  };
  for (const body of bodies.slice(0, WARM_UP)) await round(body);

  const challengeTimes: number[] = [];
  const reportTimes: number[] = [];
  let answer = "";
  challengesCpu = 0;
  const cpuStart = process.cpuUsage();
  const emulatorsCpuStart = processCpuMs(emulatorsPid);
  for (const body of bodies.slice(WARM_UP)) {
    const { challenge, report } = await round(body);
    challengeTimes.push(challenge.ms);
    reportTimes.push(report.ms);
    answer = report.text;
  }
  const cpuMsPerReport = (cpuMsSince(cpuStart) - challengesCpu) / count;
  const emulatorsCpuMsPerReport = (processCpuMs(emulatorsPid) - emulatorsCpuStart) / count;

  const p50 = percentile(reportTimes, 50);
  const p99 = percentile(reportTimes, 99);
  const text = [
    `Intake latency: ${count.toLocaleString("en")} sequential reports of the seed case (3 organisations), at the client;`,
    "local system in this process (router off, as the intake runs alone on Lambda), emulators in a child process",
    table([
      ["what", "p50", "p99"],
      ["POST /api/v1/reports → 201", ms(p50), ms(p99)],
      [
        "baseline: GET /api/v1/challenge → 200",
        ms(percentile(challengeTimes, 50)),
        ms(percentile(challengeTimes, 99)),
      ],
    ]),
  ].join("\n");
  return {
    reports: count,
    p50,
    p99,
    cpuMsPerReport,
    emulatorsCpuMsPerReport,
    body: bodies.at(-1) ?? "",
    answer,
    text,
  };
}
