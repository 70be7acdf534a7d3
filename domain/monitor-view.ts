/**
 * What the monitor publishes: each table as rows by month (care gaps: need by municipality;
 * check-ins: signal by month after closing), with row totals, column totals and a grand total,
 * after disclosure control (disclosure.ts). The same figures go to the staff API, the open-data
 * view, the command line and the page; nothing unsuppressed leaves this module.
 *
 * The tables that partition the reports (by municipality, kind, sector, urgency, multi-problem,
 * repeat) share their column totals and grand total, the reports of each month: those margins
 * are hidden in all of them as soon as one must hide them, so every table shows them alike and
 * none can be read from another.
 */
import { protect, type SumConstraint, type Suppression } from "./disclosure.ts";
import { CHECK_IN_ROWS, type MonitorTable, tableRows } from "./monitor.ts";
import { NEEDS } from "./vocabulary.ts";

/** A published figure: a count, "<10" (small) or "x" (hidden so a small one stays hidden). */
export type Figure = number | string;

export interface PublishedRow {
  key: string;
  values: Figure[];
  total: Figure;
}

export interface PublishedTable {
  table: MonitorTable;
  /** what the columns are: months (`YYYY-MM`), municipalities, or months after closing */
  columnKind: "month" | "municipality" | "check_in_month";
  columns: string[];
  rows: PublishedRow[];
  totals: Figure[];
  total: Figure;
}

export interface MonitorView {
  months: string[];
  threshold: number;
  tables: PublishedTable[];
}

export interface MonitorSettings {
  threshold: number;
  tables: readonly MonitorTable[];
  municipalities: readonly string[];
  checkInMonths: readonly number[];
}

/** counts[month][`table|row`] */
export type MonthlyCounts = ReadonlyMap<string, ReadonlyMap<string, number>>;

const REPORT_TABLES: readonly MonitorTable[] = [
  "municipality",
  "kind",
  "sector",
  "urgency",
  "multi_problem",
  "repeat",
];

interface Grid {
  table: MonitorTable;
  columnKind: PublishedTable["columnKind"];
  rows: string[];
  columns: string[];
  value: (row: string, column: string) => number;
}

const count = (counts: MonthlyCounts, month: string, key: string) =>
  counts.get(month)?.get(key) ?? 0;

function gridOf(
  table: MonitorTable,
  counts: MonthlyCounts,
  months: string[],
  settings: MonitorSettings,
): Grid {
  const places = [...settings.municipalities, "unknown"];
  if (table === "gaps")
    return {
      table,
      columnKind: "municipality",
      rows: [...NEEDS],
      columns: places,
      value: (need, place) =>
        months.reduce((sum, month) => sum + count(counts, month, `gaps|${need}/${place}`), 0),
    };
  if (table === "check_in") {
    const columns = settings.checkInMonths.map((month) => `m${month}`);
    return {
      table,
      columnKind: "check_in_month",
      rows: [...CHECK_IN_ROWS],
      columns,
      value: (signal, column) =>
        months.reduce(
          (sum, month) => sum + count(counts, month, `check_in|${signal}/${column}`),
          0,
        ),
    };
  }
  return {
    table,
    columnKind: "month",
    rows: tableRows(table, settings.municipalities),
    columns: months,
    value: (row, month) => count(counts, month, `${table}|${row}`),
  };
}

/** Cell ids: `table:row:column`; margins `table:row:*`, `table:*:column`, `table:*:*`. */
function linearise(grid: Grid, shared: boolean) {
  const values = new Map<string, number>();
  const constraints: SumConstraint[] = [];
  const id = (row: string, column: string) => {
    if (row === "*" && shared) return column === "*" ? "reports:*" : `reports:${column}`;
    return `${grid.table}:${row}:${column}`;
  };
  const columnTotals = new Map<string, number>();
  let grand = 0;
  for (const row of grid.rows) {
    let rowTotal = 0;
    for (const column of grid.columns) {
      const value = grid.value(row, column);
      values.set(id(row, column), value);
      rowTotal += value;
      columnTotals.set(column, (columnTotals.get(column) ?? 0) + value);
    }
    values.set(id(row, "*"), rowTotal);
    grand += rowTotal;
    constraints.push({ total: id(row, "*"), parts: grid.columns.map((column) => id(row, column)) });
  }
  for (const column of grid.columns) {
    values.set(id("*", column), columnTotals.get(column) ?? 0);
    constraints.push({ total: id("*", column), parts: grid.rows.map((row) => id(row, column)) });
  }
  values.set(id("*", "*"), grand);
  constraints.push({ total: id("*", "*"), parts: grid.rows.map((row) => id(row, "*")) });
  constraints.push({ total: id("*", "*"), parts: grid.columns.map((column) => id("*", column)) });
  return { values, constraints, id };
}

function figure(value: number, suppression: Suppression | undefined, threshold: number): Figure {
  if (suppression === "small") return `<${threshold}`;
  if (suppression === "complementary") return "x";
  return value;
}

/** The published view of the counts of these months. */
export function monitorView(
  counts: MonthlyCounts,
  months: string[],
  settings: MonitorSettings,
): MonitorView {
  const { threshold } = settings;
  const grids = settings.tables.map((table) => {
    const grid = gridOf(table, counts, months, settings);
    return {
      grid,
      shared: REPORT_TABLES.includes(table),
      ...linearise(grid, REPORT_TABLES.includes(table)),
    };
  });
  // The reports of each month and of the period appear in every table that partitions them:
  // whatever one of those tables must hide of them, every one hides (until nothing changes).
  const sharedIds = new Set([...months.map((month) => `reports:${month}`), "reports:*"]);
  const preset = new Map<string, Suppression>();
  const results = grids.map(({ values, constraints, shared }) =>
    shared ? new Map<string, Suppression>() : protect(values, constraints, threshold).suppressed,
  );
  for (let round = 0; round <= sharedIds.size; round++) {
    const before = preset.size;
    grids.forEach(({ values, constraints, shared }, at) => {
      if (!shared) return;
      const { suppressed } = protect(values, constraints, threshold, { shared: sharedIds, preset });
      results[at] = suppressed;
      for (const [id, kind] of suppressed)
        if (sharedIds.has(id) && !preset.has(id)) preset.set(id, kind);
    });
    if (preset.size === before) break;
  }

  const tables = grids.map(({ grid, values, id }, at): PublishedTable => {
    const suppressed = results[at] ?? new Map<string, Suppression>();
    const show = (row: string, column: string) => {
      const key = id(row, column);
      return figure(values.get(key) ?? 0, suppressed.get(key), threshold);
    };
    return {
      table: grid.table,
      columnKind: grid.columnKind,
      columns: grid.columns,
      rows: grid.rows.map((row) => ({
        key: row,
        values: grid.columns.map((column) => show(row, column)),
        total: show(row, "*"),
      })),
      totals: grid.columns.map((column) => show("*", column)),
      total: show("*", "*"),
    };
  });
  return { months, threshold, tables };
}

/** One table as CSV (RFC 4180): a header of columns, one line per row, the totals last. */
export function tableCsv(table: PublishedTable): string {
  const quote = (value: Figure) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    [table.table, ...table.columns, "total"],
    ...table.rows.map((row) => [row.key, ...row.values, row.total]),
    ["total", ...table.totals, table.total],
  ];
  return `${lines.map((line) => line.map(quote).join(",")).join("\r\n")}\r\n`;
}
