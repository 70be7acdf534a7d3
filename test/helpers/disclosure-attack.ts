/**
 * An attacker of published monitor figures, written apart from domain/disclosure.ts so
 * that the property test does not grade the module with its own rules. It reads only what the
 * API publishes (a MonitorView), writes every sum the figures must satisfy (rows, columns,
 * totals, and the reports of a month that several tables share), and tries to recover each
 * hidden figure: exactly, by elimination over the rationals, and by bounds (a "<10" lies in
 * [0, 9], an "x" is at least 10, because only cells of at least the threshold are chosen as
 * complements).
 */
import type { Figure, MonitorView } from "../../domain/monitor-view.ts";

const REPORT_TABLES = ["municipality", "kind", "sector", "urgency", "multi_problem", "repeat"];

interface Equation {
  total: string;
  parts: string[];
}

export interface Published {
  known: Map<string, number>;
  hidden: Map<string, [number, number]>;
  equations: Equation[];
}

/** The unknowns and sums of a view; a margin of the reports of a month is one unknown. */
export function equationsOf(view: MonitorView): Published {
  const known = new Map<string, number>();
  const hidden = new Map<string, [number, number]>();
  const equations: Equation[] = [];
  const note = (name: string, figure: Figure) => {
    if (typeof figure === "number") known.set(name, figure);
    else if (figure === "x") hidden.set(name, [view.threshold, Number.POSITIVE_INFINITY]);
    else hidden.set(name, [0, view.threshold - 1]);
  };
  for (const table of view.tables) {
    const shared = REPORT_TABLES.includes(table.table);
    const name = (row: string, column: string) =>
      shared && row === "*" ? `reports/${column}` : `${table.table}/${row}/${column}`;
    for (const row of table.rows) {
      table.columns.forEach((column, at) => {
        note(name(row.key, column), row.values[at] as Figure);
      });
      note(name(row.key, "*"), row.total);
      equations.push({
        total: name(row.key, "*"),
        parts: table.columns.map((c) => name(row.key, c)),
      });
    }
    table.columns.forEach((column, at) => {
      note(name("*", column), table.totals[at] as Figure);
      equations.push({
        total: name("*", column),
        parts: table.rows.map((r) => name(r.key, column)),
      });
    });
    note(name("*", "*"), table.total);
    equations.push({ total: name("*", "*"), parts: table.rows.map((r) => name(r.key, "*")) });
    equations.push({ total: name("*", "*"), parts: table.columns.map((c) => name("*", c)) });
  }
  return { known, hidden, equations };
}

/** A hidden figure shown in one table and as a number in another is recovered at once. */
function inconsistent(published: Published): string[] {
  return [...published.hidden.keys()].filter((name) => published.known.has(name));
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
type Fraction = [bigint, bigint];
const reduce = ([n, d]: Fraction): Fraction => {
  if (n === 0n) return [0n, 1n];
  const g = gcd(n, d);
  const sign = d < 0n ? -1n : 1n;
  return [(sign * n) / g, (sign * d) / g];
};
const sub = (a: Fraction, b: Fraction): Fraction =>
  reduce([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);
const mul = (a: Fraction, b: Fraction): Fraction => reduce([a[0] * b[0], a[1] * b[1]]);
const div = (a: Fraction, b: Fraction): Fraction => reduce([a[0] * b[1], a[1] * b[0]]);

/** Exact elimination: the hidden figures the sums determine on their own, with their values. */
function byElimination(published: Published): Map<string, number> {
  const unknowns = [...published.hidden.keys()].filter((name) => !published.known.has(name));
  const index = new Map(unknowns.map((name, at) => [name, at]));
  const rows: Fraction[][] = [];
  for (const { total, parts } of published.equations) {
    // Σ unknown parts − unknown total = known total − Σ known parts, in the last column.
    const row: Fraction[] = [...unknowns.map((): Fraction => [0n, 1n]), [0n, 1n]];
    let touched = false;
    for (const [name, sign] of [...parts.map((p) => [p, 1n] as const), [total, -1n] as const]) {
      const at = index.get(name);
      if (at === undefined) {
        const known = BigInt(published.known.get(name) ?? 0);
        const last = row[unknowns.length] as Fraction;
        row[unknowns.length] = reduce([last[0] - sign * known * last[1], last[1]]);
        continue;
      }
      row[at] = reduce([
        (row[at] as Fraction)[0] + sign * (row[at] as Fraction)[1],
        (row[at] as Fraction)[1],
      ]);
      touched = true;
    }
    if (touched) rows.push(row);
  }
  let rank = 0;
  const pivots: number[] = [];
  for (let col = 0; col < unknowns.length && rank < rows.length; col++) {
    const found = rows.findIndex((row, r) => r >= rank && (row[col] as Fraction)[0] !== 0n);
    if (found === -1) continue;
    [rows[rank], rows[found]] = [rows[found] as Fraction[], rows[rank] as Fraction[]];
    const pivot = rows[rank] as Fraction[];
    const lead = pivot[col] as Fraction;
    for (let c = 0; c < pivot.length; c++) pivot[c] = div(pivot[c] as Fraction, lead);
    rows.forEach((row, r) => {
      const factor = row[col] as Fraction;
      if (r === rank || factor[0] === 0n) return;
      for (let c = 0; c < row.length; c++)
        row[c] = sub(row[c] as Fraction, mul(factor, pivot[c] as Fraction));
    });
    pivots.push(col);
    rank++;
  }
  const determined = new Map<string, number>();
  pivots.forEach((col, r) => {
    const row = rows[r] as Fraction[];
    if (row.every((value, c) => c === col || c === unknowns.length || value[0] === 0n)) {
      const [n, d] = row[unknowns.length] as Fraction;
      determined.set(unknowns[col] as string, Number(n) / Number(d));
    }
  });
  return determined;
}

/** Bounds: each sum narrows its members' intervals, until nothing moves; the closed ones. */
function byBounds(published: Published): Map<string, number> {
  const interval = new Map<string, [number, number]>();
  for (const [name, value] of published.known) interval.set(name, [value, value]);
  for (const [name, range] of published.hidden)
    if (!published.known.has(name)) interval.set(name, [...range]);
  const of = (name: string) => interval.get(name) ?? [0, Number.POSITIVE_INFINITY];
  let moved = true;
  for (let round = 0; moved && round < 200; round++) {
    moved = false;
    for (const { total, parts } of published.equations) {
      const members = [total, ...parts];
      members.forEach((name) => {
        // total − Σ others, or Σ parts for the total
        const [lo, hi] = of(name);
        let newLo: number;
        let newHi: number;
        if (name === total) {
          newLo = parts.reduce((sum, p) => sum + of(p)[0], 0);
          newHi = parts.reduce((sum, p) => sum + of(p)[1], 0);
        } else {
          const others = parts.filter((p) => p !== name);
          newLo = of(total)[0] - others.reduce((sum, p) => sum + of(p)[1], 0);
          newHi = of(total)[1] - others.reduce((sum, p) => sum + of(p)[0], 0);
        }
        const next: [number, number] = [Math.max(lo, newLo), Math.min(hi, newHi)];
        if (next[0] !== lo || next[1] !== hi) {
          interval.set(name, next);
          moved = true;
        }
      });
    }
  }
  const closed = new Map<string, number>();
  for (const name of published.hidden.keys()) {
    const [lo, hi] = of(name);
    if (lo >= hi) closed.set(name, lo);
  }
  return closed;
}

/**
 * Every hidden figure that can be worked out from the view, with its value. A hidden zero
 * worked out as zero tells of nobody; disclosedBy keeps the others.
 */
export function recoveredFrom(view: MonitorView): Map<string, number> {
  const published = equationsOf(view);
  return new Map([
    ...inconsistent(published).map((name) => [name, published.known.get(name) ?? 0] as const),
    ...byElimination(published),
    ...byBounds(published),
  ]);
}

/** The recovered figures that count somebody: what disclosure control must never let out. */
export function disclosedBy(view: MonitorView): string[] {
  return [...recoveredFrom(view)].filter(([, value]) => value !== 0).map(([name]) => name);
}
