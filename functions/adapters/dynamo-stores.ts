/**
 * The DynamoDB side of the ports: single-item conditional writes only (no transactions and no
 * streams, which the local emulator lacks), and reads that ignore expired items, because TTL
 * deletes late (up to days) and an expired case must be gone for every reader at once.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type {
  AssignmentRecord,
  AssignmentStore,
  CaseRecord,
  CaseStore,
  ProofLedger,
  ReceiptLinks,
} from "../use-cases/ports.ts";
import { dynamo } from "./aws-clients.ts";
import { tableName } from "./environment.ts";

const seconds = (ms: number) => Math.floor(ms / 1000);
const live = (item: { expiresAt?: number } | undefined, now: number) =>
  item !== undefined && (item.expiresAt === undefined || item.expiresAt > seconds(now));

/** Marks an item as waiting for its next step, for the sweeper's sparse index. */
const WAITING_CASE = "case";
const WAITING_ASSIGNMENT = "assignment";

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

async function waitingKeys(
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

export const caseStore: CaseStore = {
  async create(record) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName("reports"),
        Item: {
          pk: `case#${record.caseId}`,
          ...record,
          waiting: WAITING_CASE,
          waitingSince: record.createdAt,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  async get(caseId, now) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: tableName("reports"),
        Key: { pk: `case#${caseId}` },
        ConsistentRead: true,
      }),
    );
    if (!live(Item, now)) return null;
    const {
      pk: _pk,
      waiting: _waiting,
      waitingSince: _since,
      ...record
    } = Item as Record<string, unknown>;
    return record as unknown as CaseRecord;
  },

  async markRouted(caseId, now, expiresAt) {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName("reports"),
          Key: { pk: `case#${caseId}` },
          UpdateExpression:
            "SET #state = :routed, updatedAt = :now, expiresAt = :expiresAt REMOVE waiting, waitingSince",
          ConditionExpression: "#state = :received",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: {
            ":routed": "routed",
            ":received": "received",
            ":now": now,
            ":expiresAt": expiresAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async resolveLink(caseId, linkedCase, now) {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName("reports"),
        Key: { pk: `case#${caseId}` },
        UpdateExpression: linkedCase
          ? "SET linkedCase = :linked, updatedAt = :now REMOVE previousDigests"
          : "SET updatedAt = :now REMOVE previousDigests",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: {
          ":now": now,
          ...(linkedCase ? { ":linked": linkedCase } : {}),
        },
      }),
    );
  },

  async waiting(before, limit) {
    const items = await waitingKeys(tableName("reports"), WAITING_CASE, before, limit);
    return items.map((item) => String(item.caseId));
  },
};

export const receiptLinks: ReceiptLinks = {
  async put(digest, caseId, expiresAt) {
    await dynamo.send(
      new PutCommand({
        TableName: tableName("reports"),
        Item: { pk: `receipt#${digest}`, caseId, expiresAt },
        // A digest of 16 random digits repeats once in 10^16 receipts: refuse rather than overwrite.
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  },

  async find(digest, now) {
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: tableName("reports"), Key: { pk: `receipt#${digest}` } }),
    );
    return live(Item, now) ? String(Item?.caseId) : null;
  },
};

export const assignmentStore: AssignmentStore = {
  async create(record) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName("assignments"),
          Item: { ...record, waiting: WAITING_ASSIGNMENT, waitingSince: record.createdAt },
          ConditionExpression: "attribute_not_exists(caseId)",
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async get(caseId, organisation) {
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: tableName("assignments"),
        Key: { caseId, organisation },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const { waiting: _waiting, waitingSince: _since, ...record } = Item;
    return record as AssignmentRecord;
  },

  async markSent(caseId, organisation, now) {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName("assignments"),
          Key: { caseId, organisation },
          UpdateExpression: "SET #state = :sent, updatedAt = :now REMOVE waiting, waitingSince",
          ConditionExpression: "#state = :pending",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":sent": "sent", ":pending": "pending", ":now": now },
        }),
      );
    } catch (error) {
      // Already sent by an earlier delivery of the same message: nothing to do.
      if (!isConditionFailure(error)) throw error;
    }
  },

  async waiting(before, limit) {
    const items = await waitingKeys(tableName("assignments"), WAITING_ASSIGNMENT, before, limit);
    return items.map((item) => ({
      caseId: String(item.caseId),
      organisation: String(item.organisation),
    }));
  },
};

export const proofLedger: ProofLedger = {
  async spend(challengeId, expiresAt) {
    try {
      await dynamo.send(
        new PutCommand({
          TableName: tableName("idempotency"),
          Item: { id: `proof#${challengeId}`, expiresAt },
          // An expired record may be taken again: the challenge itself has expired by then.
          ConditionExpression: "attribute_not_exists(id) OR expiresAt < :now",
          ExpressionAttributeValues: { ":now": seconds(Date.now()) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
};
