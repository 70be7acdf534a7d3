/**
 * The monitor's journey on the local system, as the "done when" puts it: 200 reports
 * posted through the API, a few at a time as people send them (each with a proof and a
 * submissionId of its own; a 503 sent again as the form does), are all taken in, never with a
 * 500, while the router routes and counts them alongside; then the figures /monitor/ shows count
 * them, with every cell below the threshold hidden.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cheapProof } from "../../bench/bench-reports.ts";
import type { MonitorView } from "../../domain/monitor-view.ts";
import { generateSecretsJson, secretsFromJson } from "../../functions/adapters/secrets.ts";
import { aReport } from "../helpers/report-factory.ts";
import { eventually, startTestSystem, type TestSystem } from "../helpers/test-system.ts";

/** Where the 200 come from: two places with many, two with a few (hidden on the page). */
const PLACES: [municipality: string, name: string, reports: number][] = [
  ["GM0363", "Amsterdam", 150],
  ["GM0599", "Rotterdam", 40],
  ["GM0344", "Utrecht", 7],
  ["GM0518", "'s-Gravenhage", 3],
];
const AT_ONCE = 8;

const secretsJson = generateSecretsJson();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ secrets: secretsJson, logLevel: "WARN" });
});

afterAll(async () => {
  await system.stop();
});

/** Posts one report until it is taken in, as the form does; every status it was answered. */
async function send(body: string): Promise<number[]> {
  const statuses: number[] = [];
  for (;;) {
    const response = await fetch(`${system.url}/api/v1/reports`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    await response.text();
    statuses.push(response.status);
    if (response.status !== 503 || statuses.length > 5) return statuses;
    await new Promise((resolve) =>
      setTimeout(resolve, 1000 * Number(response.headers.get("Retry-After"))),
    );
  }
}

describe("200 reports through the API, then the monitor", () => {
  it("takes every one in without a 500, and the monitor counts them with every small cell hidden", async () => {
    // A proof signed with the system's own key but cheap to solve: the same checks, less CPU.
    const { powHmacKey } = secretsFromJson(secretsJson);
    const bodies: string[] = [];
    for (const [municipality, , reports] of PLACES)
      for (let sent = 0; sent < reports; sent++)
        bodies.push(
          JSON.stringify({
            ...aReport({ municipality }),
            submissionId: randomUUID(),
            proof: await cheapProof(powHmacKey),
          }),
        );

    const answered: number[][] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < bodies.length) answered.push(await send(bodies[next++] as string));
      }),
    );
    expect(answered).toHaveLength(200);
    expect(answered.flat().filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(answered.filter((statuses) => statuses.at(-1) !== 201)).toEqual([]);

    await system.settled();
    const view = await eventually(async () => {
      const read = (await (await fetch(`${system.url}/api/v1/open/monitor`)).json()) as MonitorView;
      const urgency = read.tables.find((table) => table.table === "urgency");
      return urgency?.total === 200 ? read : undefined;
    }, 60_000);

    const places = view.tables.find((table) => table.table === "municipality");
    const totals = Object.fromEntries((places?.rows ?? []).map((row) => [row.key, row.total]));
    expect(totals).toMatchObject({ GM0363: 150, GM0599: 40, GM0344: "<10", GM0518: "<10" });
    // Nothing below the threshold is published as a number, in any table, row or total.
    const figures = view.tables.flatMap((table) => [
      table.total,
      ...table.totals,
      ...table.rows.flatMap((row) => [row.total, ...row.values]),
    ]);
    expect(figures.filter((figure) => typeof figure === "number" && figure < 10)).toEqual([]);
    expect(figures.filter((figure) => typeof figure === "string")).not.toEqual([]);
    // The page that shows them.
    const page = await fetch(`${system.url}/monitor/`);
    expect([page.status, page.headers.get("content-type")]).toEqual([
      200,
      "text/html; charset=utf-8",
    ]);
  }, 300_000);
});
