/** Each organisation's part of a case on DynamoDB (the assignments table): the AssignmentStore port. */
import { tableName } from "../../config/environment.ts";
import { HELD_STATES } from "../../domain/case-work.ts";
import type { AssignmentRecord, AssignmentStore } from "../ports/assignment-store.ts";
import { dynamo } from "./aws-clients.ts";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "./dynamo-client.ts";
import { ifStill, isConditionFailure, WAITING_ASSIGNMENT, waitingKeys } from "./dynamo-writes.ts";

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
    return Item ? asAssignment(Item) : null;
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

  async ofCase(caseId) {
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: tableName("assignments"),
        KeyConditionExpression: "caseId = :caseId",
        ExpressionAttributeValues: { ":caseId": caseId },
        ConsistentRead: true,
      }),
    );
    return Items.map(asAssignment);
  },

  async ofOrganisation(organisation) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo.send(
        new QueryCommand({
          TableName: tableName("assignments"),
          IndexName: "inbox",
          KeyConditionExpression: "organisation = :organisation",
          ExpressionAttributeValues: { ":organisation": organisation },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.map(asAssignment);
  },

  async move(caseId, organisation, from, to, record, now) {
    const fields = Object.entries(record).filter(([, value]) => value !== undefined);
    return ifStill(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName("assignments"),
          Key: { caseId, organisation },
          UpdateExpression: `SET #state = :to, updatedAt = :now${fields
            .map(([name]) => `, #${name} = :${name}`)
            .join("")} REMOVE waiting, waitingSince`,
          ConditionExpression: "#state = :from",
          ExpressionAttributeNames: {
            "#state": "state",
            ...Object.fromEntries(fields.map(([name]) => [`#${name}`, name])),
          },
          ExpressionAttributeValues: {
            ":to": to,
            ":from": from,
            ":now": now,
            ...Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
          },
        }),
      ),
    );
  },

  async markEscalated(caseId, organisation, now) {
    await setOnAssignment(caseId, organisation, "escalatedAt", now, now);
  },

  async markRead(caseId, organisation, now) {
    // A read is not a change: `updatedAt` (the person's timeline reads it) stays.
    await setOnAssignment(caseId, organisation, "readAt", now);
  },

  async reassign(caseId, organisation, from, to, now) {
    const held = Object.fromEntries(HELD_STATES.map((state, index) => [`:held${index}`, state]));
    return ifStill(
      dynamo.send(
        new UpdateCommand({
          TableName: tableName("assignments"),
          Key: { caseId, organisation },
          UpdateExpression: "SET claimedBy = :to, updatedAt = :now",
          ConditionExpression: `claimedBy = :from AND #state IN (${Object.keys(held).join(", ")})`,
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":to": to, ":from": from, ":now": now, ...held },
        }),
      ),
    );
  },
};

async function setOnAssignment(
  caseId: string,
  organisation: string,
  field: "escalatedAt" | "readAt",
  value: unknown,
  now?: number,
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName("assignments"),
      Key: { caseId, organisation },
      UpdateExpression: `SET #field = :value${now === undefined ? "" : ", updatedAt = :now"}`,
      ConditionExpression: "attribute_exists(caseId)",
      ExpressionAttributeNames: { "#field": field },
      ExpressionAttributeValues: { ":value": value, ...(now === undefined ? {} : { ":now": now }) },
    }),
  );
}

function asAssignment(item: Record<string, unknown>): AssignmentRecord {
  const { waiting: _waiting, waitingSince: _since, ...record } = item;
  return record as unknown as AssignmentRecord;
}
