import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../../domain/invalid-input.ts";
import type { Cell, MonitorTable } from "../../../domain/monitor.ts";
import type { Figure } from "../../../domain/monitor-view.ts";
import {
  MAX_MONTHS,
  MonitorQuerySchema,
  monthsOf,
  readMonitor,
} from "../../../functions/use-cases/read-monitor.ts";
import { inMemoryCounters } from "../../helpers/in-memory/counters.ts";
import { aRegion } from "../../helpers/region-factory.ts";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0); // June 2025
const region = aRegion([], { monitor: { threshold: 10, openData: false } });

/** `count` events, each adding one to the cell. */
async function counted(
  counters: ReturnType<typeof inMemoryCounters>,
  month: string,
  table: MonitorTable,
  row: string,
  count: number,
) {
  const cell: Cell = { month, table, row };
  for (let event = 0; event < count; event++)
    await counters.add(`${month}:${table}:${row}:${event}`, [cell], NOW);
}

const figures = (view: Awaited<ReturnType<typeof readMonitor>>): Figure[] =>
  view.tables.flatMap((table) => [
    ...table.rows.flatMap((row) => [...row.values, row.total]),
    ...table.totals,
    table.total,
  ]);

describe("reading the monitor", () => {
  it("never publishes a count below the threshold, and shows the ones that are safe", async () => {
    const counters = inMemoryCounters();
    await counted(counters, "2025-05", "urgency", "emergency", 12);
    await counted(counters, "2025-05", "urgency", "high", 3);
    await counted(counters, "2025-06", "urgency", "emergency", 20);
    await counted(counters, "2025-06", "urgency", "standard", 25);
    const view = await readMonitor({ region, counters }, { from: "2025-05" }, NOW, "urgency");
    expect(view.threshold).toBe(10);
    expect(view.tables.map((table) => table.table)).toEqual(["urgency"]);
    for (const figure of figures(view))
      if (typeof figure === "number") expect(figure === 0 || figure >= 10).toBe(true);
    const rows = Object.fromEntries(view.tables[0]?.rows.map((row) => [row.key, row]) ?? []);
    expect(rows.high?.values[0]).toBe("<10");
    // June has no small count: its column is published as counted.
    expect(rows.emergency?.values[1]).toBe(20);
    expect(rows.standard?.values[1]).toBe(25);
    expect(view.tables[0]?.totals[1]).toBe(45);
  });

  it("shows the same suppressed figures for a small count that a retraction left", async () => {
    const counters = inMemoryCounters();
    await counted(counters, "2025-06", "urgency", "high", 11);
    const before = await readMonitor({ region, counters }, {}, NOW, "urgency");
    expect(before.tables[0]?.rows.find((row) => row.key === "high")?.values.at(-1)).toBe(11);
    // Two cases deleted: 9 left, below the threshold.
    for (const event of [0, 1])
      await counters.retract(
        `2025-06:urgency:high:${event}`,
        [{ month: "2025-06", table: "urgency", row: "high" }],
        NOW,
      );
    const after = await readMonitor({ region, counters }, {}, NOW, "urgency");
    expect(after.tables[0]?.rows.find((row) => row.key === "high")?.values.at(-1)).toBe("<10");
  });

  it("publishes every table the region lists when no table is asked", async () => {
    const counters = inMemoryCounters();
    const view = await readMonitor(
      {
        region: aRegion([], {
          monitor: { threshold: 5, openData: false, tables: ["kind", "work"] },
        }),
        counters,
      },
      {},
      NOW,
    );
    expect(view.threshold).toBe(5);
    expect(view.tables.map((table) => table.table)).toEqual(["kind", "work"]);
  });

  it("starts, without a from, at the first month that counted anything", async () => {
    const counters = inMemoryCounters();
    await counted(counters, "2025-03", "urgency", "standard", 10);
    expect((await readMonitor({ region, counters }, {}, NOW, "urgency")).months).toEqual([
      "2025-03",
      "2025-04",
      "2025-05",
      "2025-06",
    ]);
    expect(
      (await readMonitor({ region, counters }, { from: "2025-01" }, NOW, "urgency")).months,
    ).toHaveLength(6);
  });

  it("answers twelve empty months when nothing was counted", async () => {
    const view = await readMonitor({ region, counters: inMemoryCounters() }, {}, NOW, "urgency");
    expect(view.months).toHaveLength(12);
    expect(view.months.at(-1)).toBe("2025-06");
    expect(view.tables[0]?.total).toBe("<10");
  });
});

describe("the months a query asks for", () => {
  it.each([
    [{}, "2024-07", "2025-06", 12],
    [{ to: "2025-02" }, "2024-03", "2025-02", 12],
    [{ from: "2025-06" }, "2025-06", "2025-06", 1],
    [{ from: "2024-12", to: "2025-01" }, "2024-12", "2025-01", 2],
  ])("%j: %s to %s (%i months)", (query, first, last, count) => {
    const months = monthsOf(query, NOW);
    expect([months[0], months.at(-1), months.length]).toEqual([first, last, count]);
  });

  it(`refuses more than ${MAX_MONTHS} months with the field that is wrong`, () => {
    expect(monthsOf({ from: "2022-07", to: "2025-06" }, NOW)).toHaveLength(MAX_MONTHS);
    try {
      monthsOf({ from: "2022-06", to: "2025-06" }, NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fields[0]?.path).toBe("from");
    }
  });

  it.each([
    [{ from: "2025-13" }, "from"],
    [{ to: "25-01" }, "to"],
    [{ from: "2025-05", to: "2025-04" }, "from"],
    [{ format: "xml" }, "format"],
    [{ months: "3" }, ""],
  ])("refuses the query %j", (query, path) => {
    const parsed = MonitorQuerySchema.safeParse(query);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".") ?? "").toBe(path);
  });
});
