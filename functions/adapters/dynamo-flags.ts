/**
 * The DynamoDB side of the flags port: each organisation's flag is one entry of the case's
 * `flags` map, written on its own, so that two organisations flagging at once both keep theirs
 * (single-item conditional writes, as everywhere: functions/adapters/dynamo-writes.ts).
 */
import { tableName } from "../../config/environment.ts";
import type { FlagStore } from "../ports/assignment-store.ts";
import { dynamo } from "./aws-clients.ts";
import { UpdateCommand } from "./dynamo-client.ts";
import { updateCaseIfStill } from "./dynamo-writes.ts";

export const flagStore: FlagStore = {
  async set(caseId, organisation, flag) {
    // A nested path can be set only inside an existing map, and one expression cannot both
    // create the map and set an entry of it: the map first, once.
    await updateCaseIfStill(caseId, {
      UpdateExpression: "SET flags = :none",
      ConditionExpression: "attribute_not_exists(flags)",
      ExpressionAttributeValues: { ":none": {} },
    });
    const written = await updateCaseIfStill(caseId, {
      UpdateExpression: "SET flags.#organisation = :flag, updatedAt = :now",
      ExpressionAttributeNames: { "#organisation": organisation },
      ExpressionAttributeValues: { ":flag": flag, ":now": flag.at },
    });
    if (!written) throw new Error("The case to flag is gone.");
  },

  async remove(caseId, organisation, now) {
    return updateCaseIfStill(caseId, {
      UpdateExpression: "REMOVE flags.#organisation SET updatedAt = :now",
      ConditionExpression: "attribute_exists(flags.#organisation)",
      ExpressionAttributeNames: { "#organisation": organisation },
      ExpressionAttributeValues: { ":now": now },
    });
  },

  async markHidden(caseId, organisation, hidden, now) {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName("assignments"),
        Key: { caseId, organisation },
        // Through a name: `hidden` is one of DynamoDB's reserved words.
        UpdateExpression: "SET #hidden = :hidden, updatedAt = :now",
        ConditionExpression: "attribute_exists(caseId)",
        ExpressionAttributeNames: { "#hidden": "hidden" },
        ExpressionAttributeValues: { ":hidden": hidden, ":now": now },
      }),
    );
  },
};
