/** Small timing helpers for `npm run bench`: figures are printed, never asserted. */
import { cpus } from "node:os";

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

export const perSecond = (count: number, ms: number) =>
  Math.round((count / ms) * 1000).toLocaleString("en");

export function table(rows: [string, string, string][]): string {
  const widths = [0, 1, 2].map((column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "))
    .join("\n");
}
