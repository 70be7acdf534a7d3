/**
 * `intake monitor [TABLE] [--url URL] [--from YYYY-MM] [--to YYYY-MM] [--csv | --json]`: the
 * monitor's tables, as the API publishes them (after disclosure control), against the local
 * system or a deployed region's site. With `INTAKE_TOKEN` in the environment (a token of the
 * coordinator's staff or of ops; never an argument, which other users of the machine could see
 * in the process list) it reads `/api/v1/monitor`, else the open view.
 */
import { parseRequest } from "../domain/invalid-input.ts";
import { MONITOR_TABLES } from "../domain/monitor.ts";
import { type MonitorView, type PublishedTable, tableCsv } from "../domain/monitor-view.ts";
import { MonitorQuerySchema } from "../functions/use-cases/read-monitor.ts";
import { printError, UsageError } from "./io.ts";

export interface MonitorOptions {
  url: string;
  table?: string;
  from?: string;
  to?: string;
  format: "text" | "csv" | "json";
  token?: string;
}

/** A table as aligned text: the row codes, one column per month (or code), the totals last. */
export function tableText(table: PublishedTable): string {
  const lines = [
    [table.table, ...table.columns, "total"],
    ...table.rows.map((row) => [row.key, ...row.values.map(String), String(row.total)]),
    ["total", ...table.totals.map(String), String(table.total)],
  ];
  const widths =
    lines[0]?.map((_, at) => Math.max(...lines.map((line) => line[at]?.length ?? 0))) ?? [];
  return lines
    .map((line) =>
      line
        .map((cell, at) =>
          at === 0 ? cell.padEnd(widths[at] ?? 0) : cell.padStart(widths[at] ?? 0),
        )
        .join("  "),
    )
    .join("\n");
}

/** The request the options ask for, checked as the API checks it before anything is sent. */
function monitorUrl(options: MonitorOptions): URL {
  if (options.table !== undefined && !(MONITOR_TABLES as readonly string[]).includes(options.table))
    throw new UsageError(`Name one of the monitor's tables: ${MONITOR_TABLES.join(", ")}.`);
  // The same checks as the API, before any request: bad input never leaves the machine.
  parseRequest(MonitorQuerySchema, {
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  });
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new UsageError("--url takes the site's address (http://127.0.0.1:8080).");
  }
  const path = `${options.token ? "/api/v1/monitor" : "/api/v1/open/monitor"}${options.table ? `/${options.table}` : ""}`;
  const url = new URL(path, base);
  if (options.from) url.searchParams.set("from", options.from);
  if (options.to) url.searchParams.set("to", options.to);
  return url;
}

/** The view as the format asks: JSON as the API sent it, or every table as CSV or text. */
function viewOutput(view: MonitorView, format: MonitorOptions["format"]): string {
  if (format === "json") return `${JSON.stringify(view, null, 2)}\n`;
  const tableOutput = (table: PublishedTable) =>
    format === "csv" ? tableCsv(table) : `${tableText(table)}\n`;
  return view.tables.map(tableOutput).join("\n");
}

/** Prints the tables; the exit code (2 when the API refused the request). */
export async function printMonitor(options: MonitorOptions): Promise<number> {
  const url = monitorUrl(options);
  const response = await fetch(url, {
    headers: {
      Accept: "application/json",
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    },
  }).catch(() => {
    throw new UsageError(`Nothing answers at ${url.origin}.`);
  });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    if (response.status >= 500 || body === null) throw new Error("The monitor failed.");
    printError(body as Parameters<typeof printError>[0]);
    return 2;
  }
  process.stdout.write(viewOutput(body as MonitorView, options.format));
  return 0;
}
