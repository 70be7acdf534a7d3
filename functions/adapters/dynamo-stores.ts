/**
 * The DynamoDB side of the ports: single-item conditional writes only (no transactions and no
 * streams, which the local emulator lacks), and reads that ignore expired items, because TTL
 * deletes late (up to days) and an expired case must be gone for every reader at once.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { tableName } from "../../config/environment.ts";
import type { AssignmentRecord, AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseRecord, CaseStore, ReceiptLinks } from "../ports/case-store.ts";
import { dynamo } from "./aws-clients.ts";

const seconds = (ms: number) => Math.floor(ms / 1000);
const live = (item: { expiresAt?: number } | undefined, now: number) =>
  item !== undefined && (item.expiresAt === undefined || item.expiresAt > seconds(now));

/** Marks an item as waiting for its next step, for the sweeper's sparse index. */
export const WAITING_CASE = "case";
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

  async awaitClaim(caseId, urgency, receivedAt) {
    await ifStill(
      updateCase(caseId, {
        UpdateExpression: "SET waiting = :marker, waitingSince = :since",
        ConditionExpression:
          "#state = :routed AND attribute_not_exists(claimedAt) AND attribute_not_exists(escalatedAt)",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":marker": unclaimedMarker(urgency),
          ":since": receivedAt,
          ":routed": "routed",
        },
      }),
    );
  },

  async unclaimed(urgency, before, limit) {
    const items = await waitingKeys(tableName("reports"), unclaimedMarker(urgency), before, limit);
    return items.map((item) => String(item.caseId));
  },

  async recordClaim(caseId, now) {
    // The wait for a first claim ends; a case being routed again keeps the sweeper's mark.
    const ended = await ifStill(
      updateCase(caseId, {
        UpdateExpression:
          "SET claimedAt = if_not_exists(claimedAt, :now), updatedAt = :now REMOVE waiting, waitingSince",
        ConditionExpression: "begins_with(waiting, :unclaimed)",
        ExpressionAttributeValues: { ":now": now, ":unclaimed": UNCLAIMED },
      }),
    );
    if (!ended)
      await updateCase(caseId, {
        UpdateExpression: "SET claimedAt = if_not_exists(claimedAt, :now), updatedAt = :now",
        ExpressionAttributeValues: { ":now": now },
      });
  },

  async recordEscalation(caseId, now) {
    return ifStill(
      updateCase(caseId, {
        UpdateExpression: "SET escalatedAt = :now, updatedAt = :now REMOVE waiting, waitingSince",
        ConditionExpression:
          "attribute_not_exists(claimedAt) AND attribute_not_exists(escalatedAt)",
        ExpressionAttributeValues: { ":now": now },
      }),
    );
  },

  async reroute(caseId, change, now) {
    const names: Record<string, string> = {
      "#state": "state",
      "#decision": "decision",
      "#routing": "routing",
    };
    const values: Record<string, unknown> = {
      ":received": "received",
      ":routing": change.routing,
      ":case": WAITING_CASE,
      ":now": now,
    };
    const sets = [
      "#decision.#routing = :routing",
      "#state = :received",
      "waiting = :case",
      "waitingSince = :now",
      "updatedAt = :now",
    ];
    if (change.declined) {
      sets.push("declined = :declined");
      values[":declined"] = change.declined;
    }
    if (change.sealedFor) {
      sets.push("sealed.#organisation = :parts");
      names["#organisation"] = change.sealedFor.organisation;
      values[":parts"] = change.sealedFor.parts;
    }
    await updateCase(caseId, {
      UpdateExpression: `SET ${sets.join(", ")} REMOVE routingAttempts`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  },

  async addMessage(caseId, message, expiresAt) {
    await appendToCase(caseId, "messages", message, expiresAt);
  },
  async addReply(caseId, reply, expiresAt) {
    await appendToCase(caseId, "replies", reply, expiresAt);
  },

  async setPerson(caseId, person, messages, replies, fromRecipient) {
    return ifStill(
      updateCase(caseId, {
        UpdateExpression: "SET person = :person, messages = :messages, replies = :replies",
        ConditionExpression: "person.recipient = :from AND attribute_not_exists(person.pin)",
        ExpressionAttributeValues: {
          ":person": person,
          ":messages": messages,
          ":replies": replies,
          ":from": fromRecipient,
        },
      }),
    );
  },

  async markClosed(caseId, now, expiresAt) {
    await ifStill(
      updateCase(caseId, {
        UpdateExpression: "SET closedAt = :now, updatedAt = :now, expiresAt = :expiresAt",
        ConditionExpression: "attribute_not_exists(closedAt)",
        ExpressionAttributeValues: { ":now": now, ":expiresAt": expiresAt },
      }),
    );
  },

  async recordCheckIn(caseId, entry, expiresAt) {
    // One answer per month: the month's marker is a set, and the condition refuses a repeat.
    return ifStill(
      updateCase(caseId, {
        UpdateExpression:
          "SET checkIns = list_append(if_not_exists(checkIns, :none), :entry), updatedAt = :now, expiresAt = :expiresAt ADD checkInMonths :month",
        ConditionExpression: "NOT contains(checkInMonths, :number)",
        ExpressionAttributeValues: {
          ":none": [],
          ":entry": [entry],
          ":now": entry.answeredAt,
          ":expiresAt": expiresAt,
          ":month": new Set([entry.month]),
          ":number": entry.month,
        },
      }),
    );
  },

  async withdraw(caseId, withdrawn, expiresAt, keep) {
    await updateCase(caseId, {
      UpdateExpression: `SET withdrawn = :withdrawn, updatedAt = :at, expiresAt = :expiresAt REMOVE sealed, messages, replies, ${keep ? "" : "person, "}clear, routingInput, previousDigests, linkedCase, checkIns, waiting, waitingSince`,
      ExpressionAttributeValues: {
        ":withdrawn": withdrawn,
        ":at": withdrawn.at,
        ":expiresAt": expiresAt,
      },
    });
  },
};

/** A case waiting for its first claim, by urgency, in the sweeper's sparse index. */
const UNCLAIMED = "unclaimed#";
const unclaimedMarker = (urgency: string) => `${UNCLAIMED}${urgency}`;

type UpdateInput = Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName" | "Key">;

/** An update of an existing case (never one that expired and was deleted meanwhile). */
function updateCase(caseId: string, input: UpdateInput) {
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
function appendToCase(
  caseId: string,
  list: "messages" | "replies",
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
async function ifStill(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

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

  async remove(digest) {
    await dynamo.send(
      new DeleteCommand({ TableName: tableName("reports"), Key: { pk: `receipt#${digest}` } }),
    );
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
};

async function setOnAssignment(
  caseId: string,
  organisation: string,
  field: "escalatedAt",
  value: unknown,
  now: number,
): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName("assignments"),
      Key: { caseId, organisation },
      UpdateExpression: "SET #field = :value, updatedAt = :now",
      ConditionExpression: "attribute_exists(caseId)",
      ExpressionAttributeNames: { "#field": field },
      ExpressionAttributeValues: { ":value": value, ":now": now },
    }),
  );
}

function asAssignment(item: Record<string, unknown>): AssignmentRecord {
  const { waiting: _waiting, waitingSince: _since, ...record } = item;
  return record as unknown as AssignmentRecord;
}
