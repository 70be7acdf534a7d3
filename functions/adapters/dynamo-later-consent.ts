/**
 * Sharing later: one conditional write sets the new consent and its routing and puts the case
 * back in the sweeper's index, only while the case is still shared with nobody and not
 * withdrawn, so two shares at once (two tabs, a retry) make one routing.
 */

import type { LaterConsents } from "../ports/ledgers.ts";
import { updateCaseIfStill, WAITING_CASE } from "./dynamo-writes.ts";

export const laterConsents: LaterConsents = {
  async share(caseId, consent, routing, now, expiresAt) {
    return updateCaseIfStill(caseId, {
      UpdateExpression:
        "SET routingInput.consent = :consent, decision.#routing = :routing, #state = :received, waiting = :case, waitingSince = :now, updatedAt = :now, expiresAt = :expiresAt REMOVE routingAttempts",
      ConditionExpression:
        "routingInput.consent.#share = :false AND attribute_not_exists(withdrawn)",
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
    });
  },
};
