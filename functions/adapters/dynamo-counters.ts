/**
 * The monitor's counters on DynamoDB (the `counters` table), exactly once without transactions
 * (dynalite has none): single-item conditional writes in an order that any crash can resume.
 *
 * - A counter is one item per month and cell: `pk = month#YYYY-MM`, `sk = <table>|<row>`, `n`.
 * - An event (`<caseId>:<step>`) has a marker `pk = event#<h>`, `sk = -`, whose state goes
 *   pending → done (→ retracting → retracted), and expires with the cases (`expiresAt`).
 * - Adding: the marker is set to pending unless it exists; then each cell gets
 *   `ADD n :delta, applied :c IF NOT contains(applied, :c)`, so a cell that a crashed attempt
 *   reached is not counted twice; then the version of each month it touched goes up (readers
 *   read a month again only when it did: dynamo-counter-reads.ts); then the marker is done, and
 *   the cells forget `:c`. An attempt that finds the marker done or retracted adds nothing.
 * - Retracting: a done event is marked retracting, its negative event (`<event>~`) is added by
 *   the same steps, and the marker ends retracted; a pending one is finished first; an absent one
 *   is marked retracted, so that it is never added.
 *
 * `h` and `c` are HMAC-SHA-256 digests (truncated to 128 bits) under a key derived from the
 * region's counters key (functions/adapters/counters-key.ts): `c` is made of the event and the
 * cell together, so the digests in two cells of one case cannot be matched, and without the key
 * nothing here leads to a case.
 */
import { createHmac } from "node:crypto";
import { tableName } from "../../config/environment.ts";
import type { Cell } from "../../domain/monitor.ts";
import type { Counters } from "../ports/counters.ts";
import { dynamo } from "./aws-clients.ts";
import { countersMarkersKey } from "./counters-key.ts";
import { ConditionalCheckFailedException, UpdateCommand } from "./dynamo-client.ts";
import { counterReader, raiseVersions } from "./dynamo-counter-reads.ts";

/** Markers outlive any case whose events they guard (the longest retention plus a margin). */
const MARKER_DAYS = 3650 + 30;

type MarkerState = "pending" | "done" | "retracting" | "retracted";

export type KeySource = () => Promise<Buffer>;

/** The monitor's HMAC key, derived from the counters key. */
export const monitorKey: KeySource = countersMarkersKey;

const digest = (key: Buffer, text: string) =>
  createHmac("sha256", key).update(text).digest().subarray(0, 16).toString("base64url");

const cellKey = (cell: Cell) => `${cell.table}|${cell.row}`;

/**
 * A case's step touches up to a dozen cells, and the router takes ten cases at once: written all
 * at once they would be 120 requests, more than the pool of 50 sockets (adapters/aws-requests.ts),
 * and a request kept waiting for a socket fails as if DynamoDB had not answered (its timeout
 * counts the wait). A few at a time keeps each case's writes to what its share of the pool serves.
 */
const CELLS_AT_ONCE = 3;

async function inTurns<T>(items: readonly T[], write: (item: T) => Promise<unknown>) {
  for (let at = 0; at < items.length; at += CELLS_AT_ONCE)
    await Promise.all(items.slice(at, at + CELLS_AT_ONCE).map(write));
}

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export function dynamoCounters(key: KeySource = monitorKey): Counters {
  const table = () => tableName("counters");

  async function marker(
    h: string,
    update: { set: MarkerState; onlyFrom?: MarkerState; ifAbsent?: boolean },
    now: number,
  ): Promise<MarkerState | undefined> {
    try {
      const result = await dynamo.send(
        new UpdateCommand({
          TableName: table(),
          Key: { pk: `event#${h}`, sk: "-" },
          UpdateExpression: update.ifAbsent
            ? "SET #state = if_not_exists(#state, :state), expiresAt = :expires"
            : "SET #state = :state, expiresAt = :expires",
          ...(update.onlyFrom
            ? {
                ConditionExpression: "#state = :from",
                ExpressionAttributeValues: {
                  ":state": update.set,
                  ":from": update.onlyFrom,
                  ":expires": Math.floor(now / 1000) + MARKER_DAYS * 86_400,
                },
              }
            : {
                ExpressionAttributeValues: {
                  ":state": update.set,
                  ":expires": Math.floor(now / 1000) + MARKER_DAYS * 86_400,
                },
              }),
          ExpressionAttributeNames: { "#state": "state" },
          ReturnValues: "UPDATED_OLD",
        }),
      );
      return result.Attributes?.state as MarkerState | undefined;
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw error;
    }
  }

  async function applyCells(
    secret: Buffer,
    eventId: string,
    cells: readonly Cell[],
    delta: number,
  ) {
    await inTurns(cells, async (cell) => {
      const c = digest(secret, `cell|${eventId}|${cell.month}|${cellKey(cell)}`);
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: table(),
            Key: { pk: `month#${cell.month}`, sk: cellKey(cell) },
            UpdateExpression: "ADD n :delta, applied :c",
            ConditionExpression: "NOT contains(applied, :one)",
            ExpressionAttributeValues: { ":delta": delta, ":c": new Set([c]), ":one": c },
          }),
        );
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    });
  }

  async function forgetCells(secret: Buffer, eventId: string, cells: readonly Cell[]) {
    await inTurns(cells, (cell) =>
      dynamo.send(
        new UpdateCommand({
          TableName: table(),
          Key: { pk: `month#${cell.month}`, sk: cellKey(cell) },
          UpdateExpression: "DELETE applied :c",
          ExpressionAttributeValues: {
            ":c": new Set([digest(secret, `cell|${eventId}|${cell.month}|${cellKey(cell)}`)]),
          },
        }),
      ),
    );
  }

  /** Adds an event's cells once; returns the marker's state before this call. */
  async function addOnce(
    secret: Buffer,
    eventId: string,
    cells: readonly Cell[],
    delta: number,
    now: number,
  ): Promise<void> {
    const h = digest(secret, `event|${eventId}`);
    const before = await marker(h, { set: "pending", ifAbsent: true }, now);
    if (before !== undefined && before !== "pending") return;
    await applyCells(secret, eventId, cells, delta);
    await raiseVersions(
      table(),
      cells.map((cell) => cell.month),
    );
    await marker(h, { set: "done", onlyFrom: "pending" }, now);
    await forgetCells(secret, eventId, cells);
  }

  return {
    async add(eventId, cells, now) {
      if (cells.length === 0) return;
      await addOnce(await key(), eventId, cells, 1, now);
    },

    async retract(eventId, cells, now) {
      const secret = await key();
      const h = digest(secret, `event|${eventId}`);
      let state = await marker(h, { set: "retracted", ifAbsent: true }, now);
      if (state === undefined || state === "retracted") return;
      if (state === "pending") {
        // Added half-way before: finish it, so that what is taken out is what was put in.
        await applyCells(secret, eventId, cells, 1);
        await marker(h, { set: "done", onlyFrom: "pending" }, now);
        await forgetCells(secret, eventId, cells);
        state = "done";
      }
      if (state === "done" && !(await marker(h, { set: "retracting", onlyFrom: "done" }, now)))
        return; // another retraction moved it first
      await addOnce(secret, `${eventId}~`, cells, -1, now);
      await marker(h, { set: "retracted", onlyFrom: "retracting" }, now);
    },

    read: counterReader(table),
  };
}
