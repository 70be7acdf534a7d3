/** Small timing helpers for `npm run bench`: figures are printed, never asserted. */
import { cpus, loadavg } from "node:os";

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `node ${process.version}, ${cpus().length} × ${cpu.trim()}`;
}

/** The median of `rounds` timings of `work`, in milliseconds, after one warm-up round. */
export function medianMs(rounds: number, work: () => void): number {
  work();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** The 1-minute load average: on a shared machine, what else ran beside the benchmark. */
export const loadAverage = () => `load average ${loadavg()[0]?.toFixed(2)} (1 min)`;

export const perSecond = (count: number, ms: number) =>
  Math.round((count / ms) * 1000).toLocaleString("en");

export function table(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The p-th percentile (nearest rank) of some timings, in their unit. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()`), with sub-millisecond precision. */
export const sinceMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Milliseconds with two decimals below 10, one below 100, none above: what the eye compares. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ms`;
}

/** CPU time (user + system, every thread of this process) since `start`, in milliseconds. */
export const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
