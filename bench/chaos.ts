/**
 * The chaos figure: reports taken in and routed under injected faults and process kills
 * (test/helpers/chaos.ts), and what came of them: lost and duplicated must both be 0. Its
 * baseline, measured in the same run, is the same run without faults or kills.
 */
import type { Secrets } from "../functions/ports/crypto.ts";
import type { LocalSystem } from "../local/local-system.ts";
import { type ChaosFigures, runChaos } from "../test/helpers/chaos.ts";

const line = (label: string, figures: ChaosFigures) =>
  `  ${label.padEnd(24)} ${String(figures.reports).padStart(5)} reports, ${String(figures.faults).padStart(4)} faults injected, ${figures.kills} kills, ${figures.deliveries} deliveries: ${figures.lost} lost, ${figures.duplicated} duplicated, ${figures.parked} parked, ${figures.repeatsDropped} repeats dropped by envelope id; ${figures.seconds.toFixed(0)} s`;

/**
 * `onSystem` starts a local system with the given name prefix for `work` (one at a time: the
 * adapters read their table names from the environment the latest start set).
 */
export async function benchChaos(
  onSystem: <T>(namePrefix: string, work: (system: LocalSystem) => Promise<T>) => Promise<T>,
  secrets: Secrets,
  reports: number,
): Promise<string> {
  const baseline = await onSystem("calm-", (system) =>
    runChaos(system, secrets, { reports: Math.min(reports, 200), faultRate: 0, kills: 0 }),
  );
  const chaos = await onSystem("chaos-", (system) =>
    runChaos(system, secrets, { reports, faultRate: 0.005, kills: 3 }),
  );
  return [
    "Chaos: every 201 delivered once to each routed organisation (crashes between steps, DynamoDB and SQS throttling, kill -9 with the in-memory queues lost)",
    line("baseline (no faults)", baseline),
    line("under faults", chaos),
  ].join("\n");
}
