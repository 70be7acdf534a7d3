/**
 * Removing a test case on DynamoDB (the TestCases port): the case is read first and must be
 * marked `test`; its assignments are deleted, then the case, on the condition that it is still
 * marked `test`. The case goes last, so that a removal cut short is finished by a retry.
 */
import { tableName } from "../../config/environment.ts";
import type { TestCases } from "../ports/test-cases.ts";
import { dynamo } from "./aws-clients.ts";
import { DeleteCommand, GetCommand, QueryCommand } from "./dynamo-client.ts";
import { isConditionFailure } from "./dynamo-writes.ts";

export const testCases: TestCases = {
  async remove(caseId) {
    const key = { pk: `case#${caseId}` };
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: tableName("reports"),
        Key: key,
        ProjectionExpression: "#test",
        ExpressionAttributeNames: { "#test": "test" },
        ConsistentRead: true,
      }),
    );
    if (Item?.test !== true) return { assignments: 0, case: false };
    const { Items = [] } = await dynamo.send(
      new QueryCommand({
        TableName: tableName("assignments"),
        KeyConditionExpression: "caseId = :caseId",
        ExpressionAttributeValues: { ":caseId": caseId },
        ProjectionExpression: "#organisation",
        ExpressionAttributeNames: { "#organisation": "organisation" },
        ConsistentRead: true,
      }),
    );
    for (const { organisation } of Items) {
      await dynamo.send(
        new DeleteCommand({ TableName: tableName("assignments"), Key: { caseId, organisation } }),
      );
    }
    try {
      await dynamo.send(
        new DeleteCommand({
          TableName: tableName("reports"),
          Key: key,
          ConditionExpression: "#test = :yes",
          ExpressionAttributeNames: { "#test": "test" },
          ExpressionAttributeValues: { ":yes": true },
        }),
      );
      return { assignments: Items.length, case: true };
    } catch (error) {
      if (isConditionFailure(error)) return { assignments: Items.length, case: false };
      throw error;
    }
  },
};
