/**
 * Routing attempts, counted on the case item (`routingAttempts`), and the parking of a case
 * that failed too often: state `parked`, out of the sweeper's sparse index (`waiting`), so it
 * is not enqueued again; a new routing (`reroute`) starts the count again.
 */
import { tableName } from "../../config/environment.ts";
import type { RoutingAttempts } from "../ports/ledgers.ts";
import { dynamo } from "./aws-clients.ts";
import { ConditionalCheckFailedException, UpdateCommand } from "./dynamo-client.ts";

async function whileReceived(
  caseId: string,
  input: Pick<
    ConstructorParameters<typeof UpdateCommand>[0],
    "UpdateExpression" | "ExpressionAttributeValues" | "ReturnValues"
  >,
): Promise<Record<string, unknown> | null> {
  try {
    const { Attributes } = await dynamo.send(
      new UpdateCommand({
        TableName: tableName("reports"),
        Key: { pk: `case#${caseId}` },
        ...input,
        ConditionExpression: "attribute_exists(pk) AND #state = :received",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ":received": "received" },
      }),
    );
    return Attributes ?? {};
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

export const routingAttempts: RoutingAttempts = {
  async count(caseId) {
    const updated = await whileReceived(caseId, {
      UpdateExpression: "ADD routingAttempts :one",
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    });
    return Number(updated?.routingAttempts ?? 0);
  },

  async park(caseId, now) {
    const parked = await whileReceived(caseId, {
      UpdateExpression:
        "SET #state = :parked, parkedAt = :now, updatedAt = :now REMOVE waiting, waitingSince",
      ExpressionAttributeValues: { ":parked": "parked", ":now": now },
    });
    return parked !== null;
  },
};
