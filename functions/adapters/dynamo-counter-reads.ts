/**
 * Reading the monitor's counters (dynamo-counters.ts writes them). A month is a few hundred
 * cells, one item each, and a year is twelve queries of them: the monitor API's whole cost. So
 * each month also has a version item (`pk = month#YYYY-MM`, `sk = ~version`, `v`), which every
 * counted event raises once its cells are written. A reader gets the versions of every month it
 * is asked (one small GetItem each, at once), and queries again only the months whose version moved since it
 * last read them; what it read stays in the function's memory for five minutes at most (a
 * backstop, should a writer have crashed between its cells and the version). A month without a
 * version item is read every time.
 *
 * A version says nothing of a case: it counts writes to a month, which the month's cells already
 * show.
 */
import type { MonitorTable } from "../../domain/monitor.ts";
import type { MonthlyCounts } from "../../domain/monitor-view.ts";
import { dynamo } from "./aws-clients.ts";
import { GetCommand, QueryCommand, UpdateCommand } from "./dynamo-client.ts";

export const VERSION_SK = "~version";
const KEPT_MS = 5 * 60_000;

const monthKey = (month: string) => `month#${month}`;

/** Raises the version of each month: after the cells of an event there are written. */
export async function raiseVersions(table: string, months: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(months)].map((month) =>
      dynamo.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: monthKey(month), sk: VERSION_SK },
          UpdateExpression: "ADD v :one",
          ExpressionAttributeValues: { ":one": 1 },
        }),
      ),
    ),
  );
}

/** The versions of these months (absent: a month never counted). */
async function versionsOf(table: string, months: readonly string[]): Promise<Map<string, number>> {
  const versions = await Promise.all(
    months.map(async (month) => {
      const { Item } = await dynamo.send(
        new GetCommand({
          TableName: table,
          Key: { pk: monthKey(month), sk: VERSION_SK },
          ProjectionExpression: "v",
        }),
      );
      return [month, Item ? Number(Item.v) : undefined] as const;
    }),
  );
  return new Map(
    versions.filter((entry): entry is readonly [string, number] => entry[1] !== undefined),
  );
}

/** One month's cells (`table|row` → count), of one table or all, page by page. */
async function monthCounts(
  table: string,
  month: string,
  only: MonitorTable | undefined,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: only ? "pk = :pk AND begins_with(sk, :table)" : "pk = :pk",
        ExpressionAttributeValues: {
          ":pk": monthKey(month),
          ...(only ? { ":table": `${only}|` } : {}),
        },
        ProjectionExpression: "sk, n",
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? [])
      if (item.sk !== VERSION_SK) counts.set(item.sk as string, Number(item.n ?? 0));
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}

interface Kept {
  version: number;
  at: number;
  counts: Map<string, number>;
}

/** A reader of the counters table that keeps what it read while the months' versions stay. */
export function counterReader(table: () => string) {
  const kept = new Map<string, Kept>();
  return async (months: readonly string[], only?: MonitorTable): Promise<MonthlyCounts> => {
    const name = table();
    const now = Date.now();
    const versions = await versionsOf(name, months);
    const entries = await Promise.all(
      months.map(async (month) => {
        const key = `${name}|${month}|${only ?? ""}`;
        const version = versions.get(month);
        const before = kept.get(key);
        if (before && before.version === version && now - before.at < KEPT_MS)
          return [month, before.counts] as const;
        const counts = await monthCounts(name, month, only);
        if (version === undefined) kept.delete(key);
        else kept.set(key, { version, at: now, counts });
        return [month, counts] as const;
      }),
    );
    return new Map(entries);
  };
}
