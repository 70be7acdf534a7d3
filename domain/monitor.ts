/**
 * The monitor's counters as pure rules: which tables exist, which row of which table a case or a
 * step of its work adds one to, and in which month. Nothing here reads a clock or a store.
 *
 * Every figure of a case counts in the month (UTC) the report came in, so that a later step
 * (a claim, a closing) and a withdrawal find the same cells; a check-in counts in the month it
 * was answered. A count never holds a case id, a content or a time finer than the month.
 */
import { OUTCOMES, type Outcome } from "./case-work.ts";
import type { Gap } from "./decision.ts";
import type { MonitorTable } from "./monitor-tables.ts";
import {
  EXPLOITATION_TYPES,
  type ExploitationType,
  NEEDS,
  type Need,
  SECTORS,
  type Sector,
  URGENCIES,
  type Urgency,
} from "./vocabulary.ts";

/** Hours bounding the buckets of "time to first claim" and "time to first contact". */
const BUCKET_HOURS = [1, 4, 24, 72, 168] as const;
export const DURATION_BUCKETS = ["lt_1h", "1h_4h", "4h_24h", "1d_3d", "3d_7d", "gte_7d"] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];

/** A report naming one kind counts under it; several kinds count as `multiple`. */
export const KIND_ROWS = [...EXPLOITATION_TYPES, "multiple"] as const;
export type KindRow = (typeof KIND_ROWS)[number];
export const SECTOR_ROWS = [...SECTORS, "none"] as const;
/** R2 and check-in follow-ups link to an earlier report; R1: the person said so. */
export const REPEAT_ROWS = ["follow_up", "linked", "said_before", "first"] as const;
export const WORK_ROWS = ["escalated", "declined", "handed_over"] as const;
/** What a check-in record keeps (signals, not answers): answered, and what it signalled. */
export const CHECK_IN_ROWS = [
  "answered",
  "danger",
  "lost_job",
  "lost_housing",
  "lost_residence_permit",
  "lost_documents",
  "lost_income",
  "wants_help",
  "follow_up",
] as const;

export { MONITOR_TABLES, type MonitorTable } from "./monitor-tables.ts";

/** The rows of each table for a region's municipalities (gaps: `<need>/<municipality>`). */
export function tableRows(table: MonitorTable, municipalities: readonly string[]): string[] {
  const places = [...municipalities, "unknown"];
  const rows: Record<MonitorTable, () => readonly string[]> = {
    municipality: () => places,
    kind: () => KIND_ROWS,
    sector: () => SECTOR_ROWS,
    urgency: () => URGENCIES,
    multi_problem: () => ["yes", "no"],
    repeat: () => REPEAT_ROWS,
    needs: () => NEEDS,
    gaps: () => NEEDS.flatMap((need) => places.map((place) => `${need}/${place}`)),
    first_claim: () => DURATION_BUCKETS,
    first_contact: () => DURATION_BUCKETS,
    work: () => WORK_ROWS,
    outcome: () => OUTCOMES,
    check_in: () => CHECK_IN_ROWS,
  };
  return [...rows[table]()];
}

/** A month as `YYYY-MM` (UTC). */
export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/** The `count` months ending with `last` (`YYYY-MM`), oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  const [year, month] = last.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(year, month - 1 - (count - 1 - index), 1));
    return date.toISOString().slice(0, 7);
  });
}

export function durationBucket(ms: number): DurationBucket {
  const hours = Math.max(0, ms) / 3_600_000;
  const index = BUCKET_HOURS.findIndex((bound) => hours < bound);
  return DURATION_BUCKETS[index === -1 ? DURATION_BUCKETS.length - 1 : index] as DurationBucket;
}

/** One counter: a table's row in a month. */
export interface Cell {
  month: string;
  table: MonitorTable;
  row: string;
}

export const cellKey = (cell: Cell) => `${cell.table}|${cell.row}`;

/** What the monitor reads of a case: codes the case keeps in clear (ports' CaseRecord). */
export interface CountedCase {
  createdAt: number;
  source: "json" | "form" | "check_in";
  test: boolean;
  municipality: string;
  exploitation: readonly ExploitationType[];
  sector?: Sector | undefined;
  urgency: Urgency;
  needs: readonly Need[];
  multiProblem: boolean;
  /** the triage's rule ids (R1, R2 tell a repeat) */
  reasons: readonly string[];
  /** the care gaps of the case's first routing (need × municipality nobody covers) */
  gaps: readonly Gap[];
}

function kindRow(kinds: readonly ExploitationType[]): KindRow {
  const named = kinds.filter((kind) => kind !== "unsure");
  if (named.length > 1) return "multiple";
  return named[0] ?? "unsure";
}

function repeatRow(counted: CountedCase): (typeof REPEAT_ROWS)[number] {
  if (counted.source === "check_in") return "follow_up";
  if (counted.reasons.includes("R2")) return "linked";
  if (counted.reasons.includes("R1")) return "said_before";
  return "first";
}

/** The cells one report adds one to, when it is routed. */
export function intakeCells(counted: CountedCase): Cell[] {
  const month = monthOf(counted.createdAt);
  const cell = (table: MonitorTable, row: string): Cell => ({ month, table, row });
  return [
    cell("municipality", counted.municipality),
    cell("kind", kindRow(counted.exploitation)),
    cell("sector", counted.sector ?? "none"),
    cell("urgency", counted.urgency),
    cell("multi_problem", counted.multiProblem ? "yes" : "no"),
    cell("repeat", repeatRow(counted)),
    ...counted.needs.map((need) => cell("needs", need)),
    ...[...new Set(counted.gaps.map((gap) => `${gap.need}/${gap.municipality}`))].map((row) =>
      cell("gaps", row),
    ),
  ];
}

/** A step of the work on a case, as the monitor counts it. */
export type WorkStep =
  | { step: "first_claim"; after: number }
  | { step: "first_contact"; after: number }
  | { step: "escalated" | "declined" | "handed_over" }
  | { step: "outcome"; outcome: Outcome };

export function workCells(createdAt: number, work: WorkStep): Cell[] {
  const month = monthOf(createdAt);
  switch (work.step) {
    case "first_claim":
    case "first_contact":
      return [{ month, table: work.step, row: durationBucket(work.after) }];
    case "outcome":
      return [{ month, table: "outcome", row: work.outcome }];
    default:
      return [{ month, table: "work", row: work.step }];
  }
}

export interface CheckInSignals {
  /** the months after closing it belongs to (1, 3, 6, 12) */
  month: number;
  answeredAt: number;
  signals: { danger: boolean; lost: readonly string[]; wantsHelp: boolean };
  followUp: boolean;
}

/** A check-in counts in the month it was answered, in columns by its month after closing. */
export function checkInCells(checkIn: CheckInSignals): Cell[] {
  const month = monthOf(checkIn.answeredAt);
  const rows = [
    "answered",
    ...(checkIn.signals.danger ? ["danger"] : []),
    ...checkIn.signals.lost.map((loss) => `lost_${loss}`),
    ...(checkIn.signals.wantsHelp ? ["wants_help"] : []),
    ...(checkIn.followUp ? ["follow_up"] : []),
  ].filter((row) => (CHECK_IN_ROWS as readonly string[]).includes(row));
  return rows.map((row) => ({ month, table: "check_in", row: `${row}/m${checkIn.month}` }));
}
