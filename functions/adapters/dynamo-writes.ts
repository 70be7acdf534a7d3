/**
 * What every DynamoDB store of the functions shares: single-item conditional writes only (no
 * transactions and no streams, which the local emulator lacks), and reads that ignore expired
 * items, because TTL deletes late (up to days) and an expired case must be gone for every
 * reader at once. The stores: dynamo-cases.ts, dynamo-receipt-links.ts, dynamo-assignments.ts,
 * dynamo-flags.ts, dynamo-later-consent.ts and the ledgers beside them.
 */
import { tableName } from "../../config/environment.ts";
import { dynamo } from "./aws-clients.ts";
import { ConditionalCheckFailedException, QueryCommand, UpdateCommand } from "./dynamo-client.ts";

export const seconds = (ms: number) => Math.floor(ms / 1000);
export const live = (item: { expiresAt?: number } | undefined, now: number) =>
  item !== undefined && (item.expiresAt === undefined || item.expiresAt > seconds(now));

/** Marks an item as waiting for its next step, for the sweeper's sparse index. */
export const WAITING_CASE = "case";
export const WAITING_ASSIGNMENT = "assignment";

export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export async function waitingKeys(
  table: string,
  marker: string,
  before: number,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const result = await dynamo.send(
    new QueryCommand({
      TableName: table,
      IndexName: "waiting",
      KeyConditionExpression: "waiting = :marker AND waitingSince < :before",
      ExpressionAttributeValues: { ":marker": marker, ":before": before },
      Limit: limit,
    }),
  );
  return result.Items ?? [];
}

/** A case waiting for its first claim, by urgency, in the sweeper's sparse index. */
export const UNCLAIMED = "unclaimed#";
export const unclaimedMarker = (urgency: string) => `${UNCLAIMED}${urgency}`;

export type UpdateInput = Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName" | "Key">;

/** An update of an existing case (never one that expired and was deleted meanwhile). */
export function updateCase(caseId: string, input: UpdateInput) {
  return dynamo.send(
    new UpdateCommand({
      TableName: tableName("reports"),
      Key: { pk: `case#${caseId}` },
      ...input,
      ConditionExpression: input.ConditionExpression
        ? `attribute_exists(pk) AND (${input.ConditionExpression})`
        : "attribute_exists(pk)",
    }),
  );
}

/** Appends one entry to a list of the case (a message to the person, a reply), and keeps it longer. */
export function appendToCase(
  caseId: string,
  list: "messages" | "replies" | "notes",
  entry: { at: number },
  expiresAt: number,
) {
  return updateCase(caseId, {
    UpdateExpression: `SET ${list} = list_append(if_not_exists(${list}, :none), :entry), updatedAt = :now, expiresAt = :expiresAt`,
    ExpressionAttributeValues: {
      ":none": [],
      ":entry": [entry],
      ":now": entry.at,
      ":expiresAt": expiresAt,
    },
  });
}

/** True when a conditional write was made, false when its condition no longer held. */
export async function ifStill(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** An update of an existing case; false when its condition (or the case) is not there. */
export const updateCaseIfStill = (caseId: string, input: UpdateInput): Promise<boolean> =>
  ifStill(updateCase(caseId, input));
