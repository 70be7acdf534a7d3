/**
 * Sharing later: one conditional write sets the new consent and its routing and puts the case
 * back in the sweeper's index, only while the case is still shared with nobody and not
 * withdrawn, so two shares at once (two tabs, a retry) make one routing.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "../../config/environment.ts";
import type { LaterConsents } from "../ports/ledgers.ts";
import { dynamo } from "./aws-clients.ts";
import { WAITING_CASE } from "./dynamo-stores.ts";

export const laterConsents: LaterConsents = {
  async share(caseId, consent, routing, now, expiresAt) {
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName("reports"),
          Key: { pk: `case#${caseId}` },
          UpdateExpression:
            "SET routingInput.consent = :consent, decision.#routing = :routing, #state = :received, waiting = :case, waitingSince = :now, updatedAt = :now, expiresAt = :expiresAt REMOVE routingAttempts",
          ConditionExpression:
            "attribute_exists(pk) AND routingInput.consent.#share = :false AND attribute_not_exists(withdrawn)",
          ExpressionAttributeNames: { "#routing": "routing", "#state": "state", "#share": "share" },
          ExpressionAttributeValues: {
            ":consent": consent,
            ":routing": routing,
            ":received": "received",
            ":case": WAITING_CASE,
            ":now": now,
            ":expiresAt": expiresAt,
            ":false": false,
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
