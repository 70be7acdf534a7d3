/**
 * The monitor: a year of counters at 50 reports a day in every municipality of the region,
 * written as the counting stores leave them (one item per month and cell, its count; the
 * events' markers live in other partitions, which a read never touches; each month's version),
 * then the monitor API's latency over the whole year, beside GET /api/v1/challenge (the lightest
 * function) in the same run: the first request, which reads every month, and then 200 more, which
 * read the months' versions alone while nothing is counted; and the weight of the monitor page
 * beside the form's.
 */
import { gzipSync } from "node:zlib";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { OUTCOMES } from "../domain/case-work.ts";
import {
  CHECK_IN_ROWS,
  DURATION_BUCKETS,
  KIND_ROWS,
  monthOf,
  monthsEnding,
  REPEAT_ROWS,
  SECTOR_ROWS,
  WORK_ROWS,
} from "../domain/monitor.ts";
import { type MonthlyCounts, monitorView } from "../domain/monitor-view.ts";
import { NEEDS, URGENCIES } from "../domain/vocabulary.ts";
import { VERSION_SK } from "../functions/adapters/dynamo-counter-reads.ts";
import { monitorSettings } from "../functions/use-cases/read-monitor.ts";
import type { LocalSystem } from "../local/local-system.ts";
import { cpuMsSince, ms, percentile, sinceMs, table } from "./measure.ts";

const PER_DAY = 50;
const DAYS = 30;
const REQUESTS = 200;

/** A share of `total` for each row, falling off (1, 1/2, 1/3, …), so some rows stay small. */
function spread(rows: readonly string[], total: number): [string, number][] {
  const weights = rows.map((_, at) => 1 / (at + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  return rows.map((row, at) => [row, Math.round((total * (weights[at] ?? 0)) / sum)]);
}

export function monthItems(
  month: string,
  municipalities: readonly string[],
): Record<string, unknown>[] {
  const reports = PER_DAY * DAYS * municipalities.length;
  const cells: [string, number][] = [
    ...municipalities.map((code): [string, number] => [`municipality|${code}`, PER_DAY * DAYS]),
    ...spread(KIND_ROWS, reports).map(([row, n]): [string, number] => [`kind|${row}`, n]),
    ...spread(SECTOR_ROWS, reports).map(([row, n]): [string, number] => [`sector|${row}`, n]),
    ...spread(URGENCIES, reports).map(([row, n]): [string, number] => [`urgency|${row}`, n]),
    ...spread(["no", "yes"], reports).map(([row, n]): [string, number] => [
      `multi_problem|${row}`,
      n,
    ]),
    ...spread(REPEAT_ROWS, reports).map(([row, n]): [string, number] => [`repeat|${row}`, n]),
    ...spread(NEEDS, reports * 2).map(([row, n]): [string, number] => [`needs|${row}`, n]),
    ...NEEDS.flatMap((need, at) =>
      municipalities.map((code, place): [string, number] => [
        `gaps|${need}/${code}`,
        (at * 7 + place * 3) % 11 === 0 ? 0 : ((at + place) % 9) * 3,
      ]),
    ),
    ...spread(DURATION_BUCKETS, reports * 0.8).map(([row, n]): [string, number] => [
      `first_claim|${row}`,
      n,
    ]),
    ...spread(DURATION_BUCKETS, reports * 0.9).map(([row, n]): [string, number] => [
      `first_contact|${row}`,
      n,
    ]),
    ...spread(WORK_ROWS, reports * 0.1).map(([row, n]): [string, number] => [`work|${row}`, n]),
    ...spread(OUTCOMES, reports * 0.6).map(([row, n]): [string, number] => [`outcome|${row}`, n]),
    ...CHECK_IN_ROWS.flatMap((row, at) =>
      [1, 3, 6, 12].map((k): [string, number] => [
        `check_in|${row}/m${k}`,
        Math.round(reports / (10 * (at + 1) * k)),
      ]),
    ),
  ];
  return [
    ...cells.filter(([, n]) => n > 0).map(([sk, n]) => ({ pk: `month#${month}`, sk, n })),
    // The month's version, which every counted event raises (dynamo-counter-reads.ts).
    { pk: `month#${month}`, sk: VERSION_SK, v: reports },
  ];
}

async function timings(url: string, headers: Record<string, string> = {}): Promise<number[]> {
  const times: number[] = [];
  for (let request = 0; request < REQUESTS + 5; request++) {
    const start = process.hrtime.bigint();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}.`);
    if (request >= 5) times.push(sinceMs(start));
  }
  return times;
}

async function weight(
  base: string,
  paths: readonly string[],
): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const path of paths) {
    const bytes = new Uint8Array(await (await fetch(`${base}${path}`)).arrayBuffer());
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

export async function benchMonitor(system: LocalSystem): Promise<string> {
  const municipalities = system.region.municipalities.map((municipality) => municipality.code);
  const months = monthsEnding(monthOf(Date.now()), 12);
  const documents = DynamoDBDocumentClient.from(system.dynamo);
  const items = months.flatMap((month) => monthItems(month, municipalities));
  for (let at = 0; at < items.length; at += 25)
    await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          [system.tableNames.counters]: items
            .slice(at, at + 25)
            .map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  const reports = PER_DAY * DAYS * municipalities.length * months.length;

  const baseline = await timings(`${system.url}/api/v1/challenge`);
  // The first request reads every month; the others only the versions, while nothing changes.
  const yearUrl = `${system.url}/api/v1/open/monitor?from=${months[0]}&to=${months.at(-1)}`;
  const firstStart = process.hrtime.bigint();
  await (await fetch(yearUrl)).arrayBuffer();
  const first = sinceMs(firstStart);
  const year = await timings(
    `${system.url}/api/v1/open/monitor?from=${months[0]}&to=${months.at(-1)}`,
  );
  const oneTable = await timings(
    `${system.url}/api/v1/open/monitor/gaps?from=${months[0]}&to=${months.at(-1)}`,
  );
  // The disclosure control alone, in this process: CPU time, which the machine's load does not
  // inflate as it does the requests' wall-clock times.
  const counts: MonthlyCounts = new Map(
    months.map((month) => [
      month,
      new Map(
        items
          .filter((item) => item.pk === `month#${month}` && item.sk !== VERSION_SK)
          .map((item) => [String(item.sk), Number(item.n)]),
      ),
    ]),
  );
  const control: number[] = [];
  for (let round = 0; round < 25; round++) {
    const start = process.cpuUsage();
    monitorView(counts, months, monitorSettings(system.region));
    if (round >= 5) control.push(cpuMsSince(start));
  }
  const row = (name: string, values: number[]) => [
    name,
    ms(percentile(values, 50)),
    ms(percentile(values, 99)),
  ];

  const monitorPage = await weight(system.url, [
    "/monitor/",
    "/assets/monitor.js",
    "/assets/monitor.css",
  ]);
  const monitorData = await weight(system.url, [
    `/api/v1/open/monitor?from=${months[0]}&to=${months.at(-1)}`,
  ]);
  const formPage = await weight(system.url, ["/en/", "/assets/form.js", "/assets/form.css"]);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `Monitor: a year of counters (${items.length.toLocaleString("en")} items, ${reports.toLocaleString("en")} reports: ${PER_DAY} a day in each of ${municipalities.length} municipalities), ${REQUESTS} sequential requests each`,
    table([
      ["request", "p50", "p99"],
      row("GET /api/v1/challenge (baseline)", baseline),
      ["GET /api/v1/open/monitor, the first (every month read)", ms(first), ""],
      row("GET /api/v1/open/monitor (12 months, 13 tables)", year),
      row("GET /api/v1/open/monitor/gaps (12 months)", oneTable),
      row("disclosure control of the 13 tables (CPU, in process)", control),
    ]),
    "",
    table([
      ["page", "bytes", "gzip"],
      ["/en/ form, script, style (baseline)", kb(formPage.raw), kb(formPage.gzip)],
      ["/monitor/ page, script, style", kb(monitorPage.raw), kb(monitorPage.gzip)],
      ["its figures (a year, JSON)", kb(monitorData.raw), kb(monitorData.gzip)],
    ]),
  ].join("\n");
}
