/** The cases on DynamoDB (the reports table, `case#<id>`): the CaseStore port. */
import { tableName } from "../../config/environment.ts";
import type { CaseRecord, CaseStore } from "../ports/case-store.ts";
import { dynamo } from "./aws-clients.ts";
import { GetCommand, PutCommand, UpdateCommand } from "./dynamo-client.ts";
import {
  appendToCase,
  ifStill,
  isConditionFailure,
  live,
  UNCLAIMED,
  unclaimedMarker,
  updateCase,
  WAITING_CASE,
  waitingKeys,
} from "./dynamo-writes.ts";

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
  async addNote(caseId, note, expiresAt) {
    await appendToCase(caseId, "notes", note, expiresAt);
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

  async nextCountRound(caseId, from, now) {
    return ifStill(
      updateCase(caseId, {
        UpdateExpression: "SET countRound = :next, updatedAt = :now",
        ConditionExpression: from === 0 ? "attribute_not_exists(countRound)" : "countRound = :from",
        ExpressionAttributeValues: {
          ":next": from + 1,
          ":now": now,
          ...(from === 0 ? {} : { ":from": from }),
        },
      }),
    );
  },

  async withdraw(caseId, withdrawn, expiresAt, keep) {
    await updateCase(caseId, {
      UpdateExpression: `SET withdrawn = :withdrawn, updatedAt = :at, expiresAt = :expiresAt REMOVE sealed, messages, replies, notes, ${keep ? "" : "person, "}clear, routingInput, previousDigests, linkedCase, checkIns, waiting, waitingSince`,
      ExpressionAttributeValues: {
        ":withdrawn": withdrawn,
        ":at": withdrawn.at,
        ":expiresAt": expiresAt,
      },
    });
  },
};
