/** The receipt links on DynamoDB (the reports table, `receipt#<keyed digest>`): what a receipt finds. */
import { tableName } from "../../config/environment.ts";
import type { ReceiptLinks } from "../ports/case-store.ts";
import { dynamo } from "./aws-clients.ts";
import { DeleteCommand, GetCommand, PutCommand } from "./dynamo-client.ts";
import { live } from "./dynamo-writes.ts";

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
