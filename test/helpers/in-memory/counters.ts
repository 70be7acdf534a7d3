/**
 * In-memory monitor counters, as functions/adapters/dynamo-counters.ts keeps them: one count
 * per month and cell (`table|row`), and one marker per event id. An event adds to its cells
 * once, however often it is sent; a retraction takes a counted event back out once and bars
 * it for good, also one never added (a case deleted before it was counted stays uncounted). A
 * cell once written stays, at zero after a retraction, as the table's item does; an add with
 * no cells leaves no marker. `read` answers every month asked, each with its cells (of one
 * table, or all).
 */
import { type Cell, cellKey, type MonitorTable } from "../../../domain/monitor.ts";
import type { MonthlyCounts } from "../../../domain/monitor-view.ts";
import type { Counters } from "../../../functions/ports/counters.ts";

export interface InMemoryCounters extends Counters {
  /** what each event id came to: counted, or retracted (counted and taken out, or barred) */
  readonly events: ReadonlyMap<string, "done" | "retracted">;
  /** the count of one cell (0 when never written) */
  countOf(cell: Cell): number;
}

export function inMemoryCounters(): InMemoryCounters {
  const events = new Map<string, "done" | "retracted">();
  const months = new Map<string, Map<string, number>>();
  const apply = (cells: readonly Cell[], delta: number) => {
    for (const cell of cells) {
      const month = months.get(cell.month) ?? new Map<string, number>();
      month.set(cellKey(cell), (month.get(cellKey(cell)) ?? 0) + delta);
      months.set(cell.month, month);
    }
  };
  return {
    events,
    countOf: (cell) => months.get(cell.month)?.get(cellKey(cell)) ?? 0,
    async add(eventId, cells) {
      if (cells.length === 0 || events.has(eventId)) return;
      apply(cells, 1);
      events.set(eventId, "done");
    },
    async retract(eventId, cells) {
      const state = events.get(eventId);
      events.set(eventId, "retracted");
      if (state === "done") apply(cells, -1);
    },
    async read(asked, table?: MonitorTable): Promise<MonthlyCounts> {
      return new Map(
        asked.map((month) => [
          month,
          new Map(
            [...(months.get(month) ?? [])].filter(
              ([key]) => table === undefined || key.startsWith(`${table}|`),
            ),
          ),
        ]),
      );
    },
  };
}
