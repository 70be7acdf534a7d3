/**
 * What the monitor needs from the outside world: counters that add a step of a case to its
 * cells once, whatever the retries, and take it back out once (a deletion, a spam mark).
 * functions/adapters/dynamo-counters.ts implements it on the counters table.
 */
import type { Cell, MonitorTable } from "../../domain/monitor.ts";
import type { MonthlyCounts } from "../../domain/monitor-view.ts";

export interface Counters {
  /**
   * Adds one to each cell for this event (`<caseId>:<step>`), once: a repeat of the same event,
   * a retry after a crash half-way, or an event retracted before, adds nothing more.
   */
  add(eventId: string, cells: readonly Cell[], now: number): Promise<void>;
  /**
   * Takes an event out of its cells, once; an event not added yet is barred from being added
   * later (a case deleted before the router counted it stays uncounted).
   */
  retract(eventId: string, cells: readonly Cell[], now: number): Promise<void>;
  /** The counts of these months (`YYYY-MM`), of one table or all: month → `table|row` → count. */
  read(months: readonly string[], table?: MonitorTable): Promise<MonthlyCounts>;
}
