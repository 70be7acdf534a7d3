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

/** Interval propagation: the suppressed cells whose interval closes on one value. */
export function boundsAttack(
  values: ReadonlyMap<string, number>,
  suppressed: ReadonlyMap<string, Suppression>,
  constraints: readonly SumConstraint[],
  threshold: number,
): string[] {
  const bounds = boundsOf(values, suppressed, threshold);
  const get = (id: string) => bounds.get(id) ?? [0, Number.POSITIVE_INFINITY];
  const narrow = (id: string, lo: number, hi: number) => {
    const [oldLo, oldHi] = get(id);
    const next: Bounds = [Math.max(oldLo, lo), Math.min(oldHi, hi)];
    if (next[0] === oldLo && next[1] === oldHi) return false;
    bounds.set(id, next);
    return true;
  };
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    for (const { total, parts } of constraints) {
      // Σ hi as a finite sum and a count of unbounded parts (∞ − ∞ is not a number).
      let sumLo = 0;
      let finiteHi = 0;
      let unbounded = 0;
      for (const part of parts) {
        const [lo, hi] = get(part);
        sumLo += lo;
        if (hi === Number.POSITIVE_INFINITY) unbounded++;
        else finiteHi += hi;
      }
      const [totalLo, totalHi] = get(total);
      changed =
        narrow(total, sumLo, unbounded > 0 ? Number.POSITIVE_INFINITY : finiteHi) || changed;
      for (const part of parts) {
        const [lo, hi] = get(part);
        const othersUnbounded = unbounded - (hi === Number.POSITIVE_INFINITY ? 1 : 0);
        const othersHi =
          othersUnbounded > 0
            ? Number.POSITIVE_INFINITY
            : finiteHi - (hi === Number.POSITIVE_INFINITY ? 0 : hi);
        changed = narrow(part, totalLo - othersHi, totalHi - (sumLo - lo)) || changed;
      }
    }
  }
  return [...suppressed.keys()].filter((id) => {
    const [lo, hi] = get(id);
    return lo >= hi;
  });
}

/** Gaussian elimination over the suppressed cells: those the published sums determine. */
export function linearAttack(
  suppressed: ReadonlyMap<string, Suppression>,
  constraints: readonly SumConstraint[],
): string[] {
  const unknowns = [...suppressed.keys()];
  const column = new Map(unknowns.map((id, index) => [id, index]));
  const rows: number[][] = [];
  for (const { total, parts } of constraints) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const part of parts) {
      const at = column.get(part);
      if (at !== undefined) {
        row[at] = (row[at] ?? 0) + 1;
        any = true;
      }
    }
    const at = column.get(total);
    if (at !== undefined) {
      row[at] = (row[at] ?? 0) - 1;
      any = true;
    }
    if (any) rows.push(row);
  }
  // Reduced row echelon form; coefficients stay small integers and ratios of them.
  const EPSILON = 1e-9;
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let col = 0; col < unknowns.length && pivotRow < rows.length; col++) {
    let best = -1;
    for (let r = pivotRow; r < rows.length; r++)
      if (Math.abs(rows[r]?.[col] ?? 0) > EPSILON) {
        best = r;
        break;
      }
    if (best === -1) continue;
    [rows[pivotRow], rows[best]] = [rows[best] as number[], rows[pivotRow] as number[]];
    const pivot = rows[pivotRow] as number[];
    const scale = pivot[col] as number;
    for (let c = 0; c < pivot.length; c++) pivot[c] = (pivot[c] as number) / scale;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as number[];
      const factor = row[col] as number;
      if (r === pivotRow || Math.abs(factor) <= EPSILON) continue;
      for (let c = 0; c < row.length; c++)
        row[c] = (row[c] as number) - factor * (pivot[c] as number);
    }
    pivots.push(col);
    pivotRow++;
  }
  const determined: string[] = [];
  pivots.forEach((col, r) => {
    const row = rows[r] as number[];
    const alone = row.every((value, c) => c === col || Math.abs(value) <= EPSILON);
    if (alone) determined.push(unknowns[col] as string);
  });
  return determined;
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

/** Primary and complementary suppression of one table (or of linked tables at once). */
export function protect(
  values: ReadonlyMap<string, number>,
  constraints: readonly SumConstraint[],
  threshold: number,
  options: { shared?: ReadonlySet<string>; preset?: ReadonlyMap<string, Suppression> } = {},
): Protected {
  const suppressed = new Map<string, Suppression>(options.preset ?? []);
  for (const [id, value] of values)
    if (value < threshold && !suppressed.has(id)) suppressed.set(id, "small");
  const through = new Map<string, SumConstraint[]>();
  for (const constraint of constraints)
    for (const id of [constraint.total, ...constraint.parts])
      through.set(id, [...(through.get(id) ?? []), constraint]);

  const unprotected = new Set<string>();
  const limit = values.size + 1;
  for (let step = 0; step < limit; step++) {
    const exposed = recoverable(values, suppressed, constraints, threshold).filter(
      (id) => !unprotected.has(id),
    );
    if (exposed.length === 0) break;
    // One complement for every exposed cell at once, then attack again: far fewer rounds
    // than one at a time, at the price of an occasional complement more than needed.
    // A cell whose lines got a complement this round waits for the next attack.
    const touched = new Set<SumConstraint>();
    for (const cell of exposed) {
      const lines = through.get(cell) ?? [];
      if (lines.some((line) => touched.has(line))) continue;
      const complement = bestComplement(cell, through, values, suppressed, options.shared);
      if (!complement) {
        unprotected.add(cell);
        continue;
      }
      suppressed.set(complement, "complementary");
      for (const line of through.get(complement) ?? []) touched.add(line);
    }
  }
  return { suppressed, unprotected: [...unprotected] };
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
      // Parts first (a total hidden hides a whole row), shared margins last, then the smallest.
      const rank = value + (id === constraint.total ? 1e12 : 0) + (shared?.has(id) ? 2e12 : 0);
      if (!best || rank < best.rank) best = { id, rank };
    }
  }
  return best?.id;
}
