/**
 * The PIN tries of each case, one item per case in the access table (`pin#<caseId>`), written
 * only on the condition that its version is still the one read: DynamoDB's compare-and-swap, so
 * two tries at once cannot both count from the same ledger. It holds counts and one time, never
 * a PIN, and expires with the receipt's link. Reads and writes are both UpdateItem, so the
 * status function keeps its one action on the access table and never reads a credential.
 */
import { tableName } from "../../config/environment.ts";
import { EMPTY_LEDGER } from "../../domain/pin-attempts.ts";
import type { PinAttempts } from "../ports/ledgers.ts";
import { dynamo } from "./aws-clients.ts";
import { ConditionalCheckFailedException, UpdateCommand } from "./dynamo-client.ts";

const key = (caseId: string) => ({ pk: `pin#${caseId}` });
const FIELDS = ["wrong", "unseen", "lastWrongAt", "day", "today", "version"] as const;

export const pinAttempts: PinAttempts = {
  async read(caseId, expiresAt) {
    // An update that changes nothing but starts an empty ledger: the item as it is now.
    const { Attributes = {} } = await dynamo.send(
      new UpdateCommand({
        TableName: tableName("access"),
        Key: key(caseId),
        UpdateExpression:
          "SET version = if_not_exists(version, :zero), expiresAt = if_not_exists(expiresAt, :expiresAt)",
        ExpressionAttributeValues: { ":zero": 0, ":expiresAt": expiresAt },
        ReturnValues: "ALL_NEW",
      }),
    );
    const ledger = { ...EMPTY_LEDGER };
    for (const field of FIELDS)
      if (typeof Attributes[field] === "number") ledger[field] = Attributes[field];
    return ledger;
  },

  async swap(caseId, expectedVersion, next, expiresAt) {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName("access"),
          Key: key(caseId),
          UpdateExpression: `SET ${FIELDS.map((field) => `#${field} = :${field}`).join(", ")}, expiresAt = :expiresAt`,
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: Object.fromEntries(FIELDS.map((field) => [`#${field}`, field])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(FIELDS.map((field) => [`:${field}`, next[field]])),
            ":expected": expectedVersion,
            ":expiresAt": expiresAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
};
