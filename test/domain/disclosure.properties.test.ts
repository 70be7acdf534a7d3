/**
 * The monitor's disclosure control against an attacker that sees everything the API publishes
 * (test/helpers/disclosure-attack.ts): no hidden figure may be recovered, by differencing rows,
 * columns, totals and months, or by bounds; and no published figure is small.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CountedCase,
  durationBucket,
  intakeCells,
  MONITOR_TABLES,
  type MonitorTable,
  workCells,
} from "../../domain/monitor.ts";
import { type MonitorView, type MonthlyCounts, monitorView } from "../../domain/monitor-view.ts";
import { disclosedBy } from "../helpers/disclosure-attack.ts";

const MONTHS = ["2025-01", "2025-02", "2025-03"];
const PLACES = ["GM1", "GM2", "GM3"];

/** Few values, so that the tables have many small cells next to large ones. */
const aCase = fc.record({
  month: fc.constantFrom(...MONTHS),
  municipality: fc.constantFrom(...PLACES, "unknown"),
  kind: fc.constantFrom("labour", "sexual", "online_sexual"),
  sector: fc.option(fc.constantFrom("agriculture", "webcam"), { nil: undefined }),
  urgency: fc.constantFrom("emergency", "high", "standard"),
  needs: fc.subarray(["safety", "shelter", "income"] as const),
  multiProblem: fc.boolean(),
  reasons: fc.subarray(["R1", "R2"]),
  gap: fc.option(fc.constantFrom("safety", "shelter"), { nil: undefined }),
  claimAfterHours: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
});

type Drawn = typeof aCase extends fc.Arbitrary<infer T> ? T : never;

function countsOf(cases: Drawn[]): MonthlyCounts {
  const counts = new Map<string, Map<string, number>>();
  for (const drawn of cases) {
    const createdAt = Date.parse(`${drawn.month}-10T12:00:00Z`);
    const counted: CountedCase = {
      createdAt,
      source: "json",
      test: false,
      municipality: drawn.municipality,
      exploitation: [drawn.kind],
      sector: drawn.sector,
      urgency: drawn.urgency,
      needs: drawn.needs,
      multiProblem: drawn.multiProblem,
      reasons: drawn.reasons,
      gaps: drawn.gap ? [{ need: drawn.gap, municipality: drawn.municipality }] : [],
    };
    const cells = [
      ...intakeCells(counted),
      ...(drawn.claimAfterHours === undefined
        ? []
        : workCells(createdAt, { step: "first_claim", after: drawn.claimAfterHours * 3_600_000 })),
    ];
    for (const cell of cells) {
      const month = counts.get(cell.month) ?? new Map<string, number>();
      const key = `${cell.table}|${cell.row}`;
      month.set(key, (month.get(key) ?? 0) + 1);
      counts.set(cell.month, month);
    }
  }
  return counts;
}

const TABLES: MonitorTable[] = [
  "municipality",
  "kind",
  "sector",
  "urgency",
  "multi_problem",
  "repeat",
  "needs",
  "gaps",
  "first_claim",
];

describe("disclosure control of the monitor", () => {
  it("leaves no hidden figure recoverable from everything published, and shows nothing small", () => {
    fc.assert(
      fc.property(
        fc.array(aCase, { maxLength: 160 }),
        fc.constantFrom(5, 10),
        (cases, threshold) => {
          const view = monitorView(countsOf(cases), MONTHS, {
            threshold,
            tables: TABLES,
            municipalities: PLACES,
            checkInMonths: [1, 3],
          });
          expect(disclosedBy(view)).toEqual([]);
          for (const table of view.tables)
            for (const figure of [
              ...table.rows.flatMap((row) => [...row.values, row.total]),
              ...table.totals,
              table.total,
            ])
              if (typeof figure === "number")
                expect(figure === 0 || figure >= threshold).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("shows a table of large counts as it is", () => {
    const cases = MONTHS.flatMap((month) =>
      [...PLACES, "unknown"].flatMap((municipality) =>
        Array.from({ length: 12 }, () => ({
          month,
          municipality,
          kind: "labour",
          sector: undefined,
          urgency: "standard",
          needs: [],
          multiProblem: false,
          reasons: [],
          gap: undefined,
          claimAfterHours: undefined,
        })),
      ),
    ) as Drawn[];
    const view = monitorView(countsOf(cases), MONTHS, {
      threshold: 10,
      tables: ["municipality"],
      municipalities: PLACES,
      checkInMonths: [1],
    });
    const [table] = view.tables;
    expect(table?.rows.map((row) => [row.key, row.values, row.total])).toEqual([
      ["GM1", [12, 12, 12], 36],
      ["GM2", [12, 12, 12], 36],
      ["GM3", [12, 12, 12], 36],
      ["unknown", [12, 12, 12], 36],
    ]);
    expect(table?.totals).toEqual([48, 48, 48]);
    expect(table?.total).toBe(144);
  });

  it("hides a small cell and a complement in its row and column", () => {
    const cell = (municipality: string, count: number, month = "2025-01") =>
      Array.from({ length: count }, () => ({
        month,
        municipality,
        kind: "labour",
        sector: undefined,
        urgency: "standard",
        needs: [],
        multiProblem: false,
        reasons: [],
        gap: undefined,
        claimAfterHours: undefined,
      }));
    const cases = [
      ...cell("GM1", 3),
      ...cell("GM2", 20),
      ...cell("GM1", 20, "2025-02"),
      ...cell("GM2", 20, "2025-02"),
    ];
    const view = monitorView(countsOf(cases as Drawn[]), MONTHS, {
      threshold: 10,
      tables: ["municipality"],
      municipalities: PLACES,
      checkInMonths: [1],
    });
    const rows = Object.fromEntries(view.tables[0]?.rows.map((row) => [row.key, row.values]) ?? []);
    expect(rows.GM1?.[0]).toBe("<10");
    expect(rows.GM2?.[0]).toBe("x");
    expect(disclosedBy(view)).toEqual([]);
  });

  it("has an attacker that finds a small cell hidden without a complement", () => {
    const naive: MonitorView = {
      months: ["2025-01", "2025-02"],
      threshold: 10,
      tables: [
        {
          table: "needs",
          columnKind: "month",
          columns: ["2025-01", "2025-02"],
          rows: [
            { key: "safety", values: ["<10", 20], total: 23 },
            { key: "shelter", values: [15, 12], total: 27 },
          ],
          totals: [18, 32],
          total: 50,
        },
      ],
    };
    expect(disclosedBy(naive)).toEqual(["needs/safety/2025-01"]);
    // Two small cells of one row under a published total of 18: bounds close them (9 + 9).
    const bounds: MonitorView = {
      ...naive,
      tables: [
        {
          table: "needs",
          columnKind: "month",
          columns: ["2025-01", "2025-02"],
          rows: [
            { key: "safety", values: ["<10", "<10"], total: 18 },
            { key: "shelter", values: [15, 12], total: 27 },
          ],
          totals: ["x", "x"],
          total: 45,
        },
      ],
    };
    expect(disclosedBy(bounds)).toContain("needs/safety/2025-01");
  });

  it("knows every table", () => {
    expect(MONITOR_TABLES).toContain("check_in");
    expect(durationBucket(30 * 60_000)).toBe("lt_1h");
    expect(durationBucket(8 * 86_400_000)).toBe("gte_7d");
  });
});
