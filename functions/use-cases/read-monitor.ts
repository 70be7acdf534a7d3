/**
 * Reading the monitor (contract section 10): the counts of a span of months, after disclosure
 * control, for the coordinator's staff, ops and (when the region publishes it) anyone. The
 * figures are the same for every reader: nobody sees an unsuppressed count through the API.
 */
import * as z from "zod/mini";
import { checkInMonths } from "../../domain/check-ins.ts";
import { INVALID_REQUEST_MESSAGE, InvalidInputError } from "../../domain/invalid-input.ts";
import { MONITOR_TABLES, type MonitorTable, monthOf, monthsEnding } from "../../domain/monitor.ts";
import { DEFAULT_THRESHOLD } from "../../domain/monitor-tables.ts";
import { type MonitorSettings, type MonitorView, monitorView } from "../../domain/monitor-view.ts";
import type { Region } from "../../domain/region.ts";
import type { Counters } from "../ports/counters.ts";

/** The longest span one request may ask for. */
export const MAX_MONTHS = 36;

const MONTH = z
  .string()
  .check(z.regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, { message: "must be a month (YYYY-MM)" }));

export const MonitorQuerySchema = z
  .strictObject({
    from: z.optional(MONTH),
    to: z.optional(MONTH),
    format: z.optional(z.enum(["json", "csv"])),
  })
  .check(
    z.refine((query) => !query.from || !query.to || query.from <= query.to, {
      path: ["from"],
      message: "must not come after to",
    }),
  );
export type MonitorQuery = z.output<typeof MonitorQuerySchema>;

export function monitorSettings(region: Region): MonitorSettings {
  return {
    threshold: region.monitor?.threshold ?? DEFAULT_THRESHOLD,
    tables: region.monitor?.tables ?? MONITOR_TABLES,
    municipalities: region.municipalities.map((municipality) => municipality.code),
    checkInMonths: checkInMonths(region),
  };
}

const monthIndex = (month: string) => {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return year * 12 + number - 1;
};

/** The months a query asks for: by default the twelve ending this month. */
export function monthsOf(query: MonitorQuery, now: number): string[] {
  const to = query.to ?? monthOf(now);
  const from = query.from ?? monthsEnding(to, 12)[0] ?? to;
  const count = monthIndex(to) - monthIndex(from) + 1;
  if (count > MAX_MONTHS)
    throw new InvalidInputError("invalid_request", INVALID_REQUEST_MESSAGE, [
      { path: "from", message: `must be at most ${MAX_MONTHS} months before to` },
    ]);
  return monthsEnding(to, count);
}

export interface MonitorDeps {
  region: Region;
  counters: Counters;
}

/** The published figures of a span of months, every table or one. */
export async function readMonitor(
  deps: MonitorDeps,
  query: MonitorQuery,
  now: number,
  table?: MonitorTable,
): Promise<MonitorView> {
  const asked = monthsOf(query, now);
  const settings = monitorSettings(deps.region);
  const counts = await deps.counters.read(asked, table);
  // Without a `from`, the span starts at the first month that counted anything: months before
  // the intake ran would only add empty, hidden columns.
  const first = asked.findIndex((month) => (counts.get(month)?.size ?? 0) > 0);
  const months = query.from || first <= 0 ? asked : asked.slice(first);
  return monitorView(counts, months, table ? { ...settings, tables: [table] } : settings);
}
