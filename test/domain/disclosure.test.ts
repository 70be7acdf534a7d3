import { describe, expect, it } from "vitest";
import {
  boundsAttack,
  linearAttack,
  protect,
  recoverable,
  type SumConstraint,
  type Suppression,
} from "../../domain/disclosure.ts";

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** A grid of counts with its row, column and grand totals: `r0/c1`, `r0/*`, `* /c1`, `* /*`. */
function grid(rows: number[][]) {
  const columns = rows[0]?.map((_, c) => c) ?? [];
  const columnOf = (c: number) => rows.map((row) => row[c] ?? 0);
  const values = new Map<string, number>([
    ...rows.flatMap((row, r) => row.map((value, c) => [`r${r}/c${c}`, value] as const)),
    ...rows.map((row, r) => [`r${r}/*`, sum(row)] as const),
    ...columns.map((c) => [`*/c${c}`, sum(columnOf(c))] as const),
    ["*/*", sum(rows.flat())],
  ]);
  const constraints: SumConstraint[] = [
    ...rows.map((_, r) => ({ total: `r${r}/*`, parts: columns.map((c) => `r${r}/c${c}`) })),
    ...columns.map((c) => ({ total: `*/c${c}`, parts: rows.map((_, r) => `r${r}/c${c}`) })),
    { total: "*/*", parts: rows.map((_, r) => `r${r}/*`) },
    { total: "*/*", parts: columns.map((c) => `*/c${c}`) },
  ];
  return { values, constraints };
}

const hidden = (entries: [string, Suppression][]) => new Map(entries);

describe("the linear attack", () => {
  it.each<[string, [string, Suppression][], string[]]>([
    ["one hidden cell of a row", [["r0/c0", "small"]], ["r0/c0"]],
    [
      "a rectangle of four hidden cells",
      [
        ["r0/c0", "small"],
        ["r0/c1", "complementary"],
        ["r1/c0", "complementary"],
        ["r1/c1", "complementary"],
      ],
      [],
    ],
    [
      "two hidden cells of one row only",
      [
        ["r0/c0", "small"],
        ["r0/c1", "complementary"],
      ],
      ["r0/c0", "r0/c1"],
    ],
    [
      "a row total and one of its cells",
      [
        ["r0/c0", "small"],
        ["r0/*", "complementary"],
      ],
      ["r0/c0", "r0/*"],
    ],
    ["nothing hidden", [], []],
  ])("finds %s", (_, suppressed, determined) => {
    const { constraints } = grid([
      [3, 20, 30],
      [20, 20, 30],
    ]);
    expect(linearAttack(hidden(suppressed), constraints).sort()).toEqual(determined.sort());
  });
});

describe("the bounds attack", () => {
  it.each<[string, number[], [string, Suppression][], string[]]>([
    // A row of total 10: a complement of at least 10 leaves 0 for the small cell.
    [
      "a row of 10",
      [0, 10],
      [
        ["r0/c0", "small"],
        ["r0/c1", "complementary"],
      ],
      ["r0/c0", "r0/c1"],
    ],
    [
      "a row of 11",
      [1, 10],
      [
        ["r0/c0", "small"],
        ["r0/c1", "complementary"],
      ],
      [],
    ],
    [
      "a row of 30",
      [5, 25],
      [
        ["r0/c0", "small"],
        ["r0/c1", "complementary"],
      ],
      [],
    ],
    [
      "two small cells of 18",
      [9, 9],
      [
        ["r0/c0", "small"],
        ["r0/c1", "small"],
      ],
      ["r0/c0", "r0/c1"],
    ],
    [
      "two small cells of 10",
      [5, 5],
      [
        ["r0/c0", "small"],
        ["r0/c1", "small"],
      ],
      [],
    ],
    [
      "an unbounded total",
      [3, 20],
      [
        ["r0/c0", "small"],
        ["r0/*", "complementary"],
      ],
      [],
    ],
  ])("on %s recovers what it must", (_, row, suppressed, recovered) => {
    const values = new Map<string, number>([
      ["r0/c0", row[0] ?? 0],
      ["r0/c1", row[1] ?? 0],
      ["r0/*", (row[0] ?? 0) + (row[1] ?? 0)],
    ]);
    const constraints = [{ total: "r0/*", parts: ["r0/c0", "r0/c1"] }];
    expect(boundsAttack(values, hidden(suppressed), constraints, 10).sort()).toEqual(
      recovered.sort(),
    );
  });
});

describe("protecting a table", () => {
  it.each<[string, number[][], Record<string, Suppression>, string[]]>([
    [
      "large counts",
      [
        [20, 30],
        [40, 50],
      ],
      {},
      [],
    ],
    [
      "one small cell",
      [
        [3, 20, 30],
        [20, 25, 30],
        [40, 12, 11],
      ],
      {
        "r0/c0": "small",
        "r0/c1": "complementary",
        "r0/c2": "complementary",
        "r1/c0": "complementary",
        "r1/c1": "complementary",
        "r2/c1": "complementary",
        "r2/c2": "complementary",
      },
      [],
    ],
    [
      "a small cell whose row has nothing else",
      [
        [3, 0],
        [20, 30],
      ],
      {
        "r0/c0": "small",
        "r0/c1": "small",
        "r0/*": "small",
        "r1/c0": "complementary",
        "r1/*": "complementary",
      },
      [],
    ],
    [
      "a small cell in a table of one row",
      [[3, 20]],
      { "r0/c0": "small", "r0/c1": "complementary", "*/c0": "small", "*/c1": "complementary" },
      [],
    ],
  ])(
    "with %s: the greedy choices, pinned, and nothing left to recover",
    (_, rows, suppressed, unprotected) => {
      const { values, constraints } = grid(rows);
      const result = protect(values, constraints, 10);
      expect(recoverable(values, result.suppressed, constraints, 10)).toEqual([]);
      expect(Object.fromEntries(result.suppressed)).toEqual(suppressed);
      expect(result.unprotected).toEqual(unprotected);
    },
  );

  it("chooses a shared margin last, and keeps what was preset", () => {
    const { values, constraints } = grid([
      [3, 20],
      [20, 30],
    ]);
    const shared = new Set(["r0/c1", "r1/c0", "r1/c1"]);
    const preset = hidden([["*/c1", "complementary"]]);
    const result = protect(values, constraints, 10, { shared, preset });
    expect(result.suppressed.get("*/c1")).toBe("complementary");
    expect(result.suppressed.get("r0/c0")).toBe("small");
    expect(result.suppressed.has("r0/*")).toBe(true);
  });
});
