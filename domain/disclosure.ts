/**
 * Disclosure control for published counts: primary suppression of small cells, then
 * complementary suppression until no suppressed cell can be worked out from what is published.
 *
 * A table is a set of cells (ids → counts) and of sum constraints (a total equals the sum of its
 * parts: rows, columns, margins, months). Every cell below the threshold is `small` and shows as
 * "<threshold", zeros included: a zero shown as 0 would tell how many cells of a line hold
 * somebody, and with a small total that pins them (four non-zero cells under a total below five
 * are ones). The code is open, so the attacker we defend against knows this rule: a small cell
 * lies in [0, threshold − 1], and a complementary cell in [threshold, ∞) (only cells of at least
 * the threshold are chosen). Two attacks are run after each suppression:
 *
 * 1. linear: Gaussian elimination over the constraints; a suppressed cell whose unit vector is
 *    in the row space is determined exactly (rows minus columns, totals minus months);
 * 2. bounds: interval propagation through every constraint with the bounds above; a suppressed
 *    cell whose interval shrinks to one value is recovered (a row of total 11 with one small
 *    cell and one complementary cell of at least 10, say).
 *
 * While either attack recovers a cell, the smallest published non-zero cell of a constraint
 * through that cell is suppressed as well (a greedy heuristic, as statistical offices use for
 * tables of this size). Cells listed as `shared` (margins that other tables publish too) are
 * chosen last; the caller hides a shared cell in every table once one table needs it hidden.
 */

export interface SumConstraint {
  total: string;
  parts: readonly string[];
}

export type Suppression = "small" | "complementary";

export interface Protected {
  suppressed: Map<string, Suppression>;
  /** cells no complement could protect (every neighbour suppressed already, or zero) */
  unprotected: string[];
}

type Bounds = [number, number];

function boundsOf(
  values: ReadonlyMap<string, number>,
  suppressed: ReadonlyMap<string, Suppression>,
  threshold: number,
): Map<string, Bounds> {
  const bounds = new Map<string, Bounds>();
  for (const [id, value] of values) {
    const kind = suppressed.get(id);
    bounds.set(
      id,
      kind === "small"
        ? [0, threshold - 1]
        : kind === "complementary"
          ? [threshold, Number.POSITIVE_INFINITY]
          : [value, value],
    );
  }
  return bounds;
}

const UNBOUNDED = Number.POSITIVE_INFINITY;

const boundOf = (bounds: ReadonlyMap<string, Bounds>, id: string): Bounds =>
  bounds.get(id) ?? [0, UNBOUNDED];

/** Narrows a cell's interval to [lo, hi]; whether that changed it. */
function narrow(bounds: Map<string, Bounds>, id: string, lo: number, hi: number): boolean {
  const [oldLo, oldHi] = boundOf(bounds, id);
  const next: Bounds = [Math.max(oldLo, lo), Math.min(oldHi, hi)];
  if (next[0] === oldLo && next[1] === oldHi) return false;
  bounds.set(id, next);
  return true;
}

/** Σ lo, and Σ hi as a finite sum and a count of unbounded parts (∞ − ∞ is not a number). */
interface PartSums {
  sumLo: number;
  finiteHi: number;
  unbounded: number;
}

function partSums(bounds: ReadonlyMap<string, Bounds>, parts: readonly string[]): PartSums {
  const sums: PartSums = { sumLo: 0, finiteHi: 0, unbounded: 0 };
  for (const part of parts) {
    const [lo, hi] = boundOf(bounds, part);
    sums.sumLo += lo;
    if (hi === UNBOUNDED) sums.unbounded++;
    else sums.finiteHi += hi;
  }
  return sums;
}

/** The highest the parts other than one whose upper bound is `hi` can sum to. */
function othersHi({ finiteHi, unbounded }: PartSums, hi: number): number {
  if (hi === UNBOUNDED) return unbounded > 1 ? UNBOUNDED : finiteHi;
  return unbounded > 0 ? UNBOUNDED : finiteHi - hi;
}

/** One pass over a sum: the total within its parts' sum, each part within the total less the others. */
function propagate(bounds: Map<string, Bounds>, { total, parts }: SumConstraint): boolean {
  const sums = partSums(bounds, parts);
  const [totalLo, totalHi] = boundOf(bounds, total);
  let changed = narrow(bounds, total, sums.sumLo, sums.unbounded > 0 ? UNBOUNDED : sums.finiteHi);
  for (const part of parts) {
    const [lo, hi] = boundOf(bounds, part);
    changed =
      narrow(bounds, part, totalLo - othersHi(sums, hi), totalHi - (sums.sumLo - lo)) || changed;
  }
  return changed;
}

/** Interval propagation: the suppressed cells whose interval closes on one value. */
export function boundsAttack(
  values: ReadonlyMap<string, number>,
  suppressed: ReadonlyMap<string, Suppression>,
  constraints: readonly SumConstraint[],
  threshold: number,
): string[] {
  const bounds = boundsOf(values, suppressed, threshold);
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    for (const constraint of constraints) changed = propagate(bounds, constraint) || changed;
  }
  return [...suppressed.keys()].filter((id) => {
    const [lo, hi] = boundOf(bounds, id);
    return lo >= hi;
  });
}

/** A sum as a row over the unknowns (parts +1, the total −1), or null when it holds none. */
function rowOf(column: ReadonlyMap<string, number>, { total, parts }: SumConstraint) {
  const row = new Array<number>(column.size).fill(0);
  let any = false;
  const add = (id: string, coefficient: number) => {
    const at = column.get(id);
    if (at === undefined) return;
    row[at] = (row[at] ?? 0) + coefficient;
    any = true;
  };
  for (const part of parts) add(part, 1);
  add(total, -1);
  return any ? row : null;
}

// Reduced row echelon form; coefficients stay small integers and ratios of them.
const EPSILON = 1e-9;

const isZero = (value: number) => Math.abs(value) <= EPSILON;

/** The first row from `from` on with a non-zero coefficient in `col`, or -1. */
function pivotFor(rows: readonly number[][], from: number, col: number): number {
  for (let r = from; r < rows.length; r++) if (!isZero(rows[r]?.[col] ?? 0)) return r;
  return -1;
}

/** Scales the pivot row to 1 in `col` and clears `col` from every other row. */
function eliminate(rows: number[][], pivotRow: number, col: number): void {
  const pivot = rows[pivotRow] as number[];
  const scale = pivot[col] as number;
  for (let c = 0; c < pivot.length; c++) pivot[c] = (pivot[c] as number) / scale;
  rows.forEach((row, r) => {
    const factor = row[col] as number;
    if (r === pivotRow || isZero(factor)) return;
    for (let c = 0; c < row.length; c++)
      row[c] = (row[c] as number) - factor * (pivot[c] as number);
  });
}

/** Brings the rows to reduced row echelon form; the pivot column of each leading row. */
function reduce(rows: number[][], columns: number): number[] {
  const pivots: number[] = [];
  for (let col = 0; col < columns && pivots.length < rows.length; col++) {
    const pivotRow = pivots.length;
    const best = pivotFor(rows, pivotRow, col);
    if (best === -1) continue;
    [rows[pivotRow], rows[best]] = [rows[best] as number[], rows[pivotRow] as number[]];
    eliminate(rows, pivotRow, col);
    pivots.push(col);
  }
  return pivots;
}

/** Gaussian elimination over the suppressed cells: those the published sums determine. */
export function linearAttack(
  suppressed: ReadonlyMap<string, Suppression>,
  constraints: readonly SumConstraint[],
): string[] {
  const unknowns = [...suppressed.keys()];
  const column = new Map(unknowns.map((id, index) => [id, index]));
  const rows = constraints.flatMap((constraint) => {
    const row = rowOf(column, constraint);
    return row ? [row] : [];
  });
  const pivots = reduce(rows, unknowns.length);
  return pivots.flatMap((col, r) => {
    const row = rows[r] as number[];
    const alone = row.every((value, c) => c === col || isZero(value));
    return alone ? [unknowns[col] as string] : [];
  });
}

/**
 * The suppressed cells either attack recovers, that hold somebody: a hidden zero worked out as
 * zero tells of nobody (and says nothing of the cells beside it that the attacks did not
 * already use), so it is left hidden but not protected further.
 */
export function recoverable(
  values: ReadonlyMap<string, number>,
  suppressed: ReadonlyMap<string, Suppression>,
  constraints: readonly SumConstraint[],
  threshold: number,
): string[] {
  return [
    ...new Set([
      ...linearAttack(suppressed, constraints),
      ...boundsAttack(values, suppressed, constraints, threshold),
    ]),
  ].filter((id) => (values.get(id) ?? 0) > 0);
}

/** The preset suppressions, and every cell below the threshold as small. */
function primarySuppression(
  values: ReadonlyMap<string, number>,
  threshold: number,
  preset: ReadonlyMap<string, Suppression> | undefined,
): Map<string, Suppression> {
  const suppressed = new Map<string, Suppression>(preset ?? []);
  for (const [id, value] of values)
    if (value < threshold && !suppressed.has(id)) suppressed.set(id, "small");
  return suppressed;
}

/** The constraints each cell takes part in, as total or as part. */
function constraintsThrough(constraints: readonly SumConstraint[]): Map<string, SumConstraint[]> {
  const through = new Map<string, SumConstraint[]>();
  for (const constraint of constraints)
    for (const id of [constraint.total, ...constraint.parts])
      through.set(id, [...(through.get(id) ?? []), constraint]);
  return through;
}

interface Suppressing {
  values: ReadonlyMap<string, number>;
  through: ReadonlyMap<string, SumConstraint[]>;
  suppressed: Map<string, Suppression>;
  unprotected: Set<string>;
  shared: ReadonlySet<string> | undefined;
}

/**
 * One complement for every exposed cell at once, then attack again: far fewer rounds than one
 * at a time, at the price of an occasional complement more than needed. A cell whose lines got
 * a complement this round waits for the next attack.
 */
function complementRound(exposed: readonly string[], table: Suppressing): void {
  const { values, through, suppressed, unprotected, shared } = table;
  const touched = new Set<SumConstraint>();
  for (const cell of exposed) {
    const lines = through.get(cell) ?? [];
    if (lines.some((line) => touched.has(line))) continue;
    const complement = bestComplement(cell, through, values, suppressed, shared);
    if (!complement) {
      unprotected.add(cell);
      continue;
    }
    suppressed.set(complement, "complementary");
    for (const line of through.get(complement) ?? []) touched.add(line);
  }
}

/** Primary and complementary suppression of one table (or of linked tables at once). */
export function protect(
  values: ReadonlyMap<string, number>,
  constraints: readonly SumConstraint[],
  threshold: number,
  options: { shared?: ReadonlySet<string>; preset?: ReadonlyMap<string, Suppression> } = {},
): Protected {
  const table: Suppressing = {
    values,
    through: constraintsThrough(constraints),
    suppressed: primarySuppression(values, threshold, options.preset),
    unprotected: new Set<string>(),
    shared: options.shared,
  };
  const { suppressed, unprotected } = table;
  const limit = values.size + 1;
  for (let step = 0; step < limit; step++) {
    const exposed = recoverable(values, suppressed, constraints, threshold).filter(
      (id) => !unprotected.has(id),
    );
    if (exposed.length === 0) break;
    complementRound(exposed, table);
  }
  return { suppressed, unprotected: [...unprotected] };
}

/** Parts first (a total hidden hides a whole row), shared margins last, then the smallest. */
function complementRank(
  id: string,
  value: number,
  constraint: SumConstraint,
  shared: ReadonlySet<string> | undefined,
): number {
  return value + (id === constraint.total ? 1e12 : 0) + (shared?.has(id) ? 2e12 : 0);
}

/** The smallest published cell sharing a constraint with `cell` (all are at least the threshold). */
function bestComplement(
  cell: string,
  through: ReadonlyMap<string, SumConstraint[]>,
  values: ReadonlyMap<string, number>,
  suppressed: ReadonlyMap<string, Suppression>,
  shared: ReadonlySet<string> | undefined,
): string | undefined {
  let best: { id: string; rank: number } | undefined;
  for (const constraint of through.get(cell) ?? []) {
    for (const id of [...constraint.parts, constraint.total]) {
      const value = values.get(id) ?? 0;
      if (id === cell || suppressed.has(id) || value <= 0) continue;
      const rank = complementRank(id, value, constraint, shared);
      if (!best || rank < best.rank) best = { id, rank };
    }
  }
  return best?.id;
}
