/**
 * What the person's status function works with on this deployment. A check-in's follow-up
 * report goes through the intake's idempotent form (wiring/intake.ts), like any other report.
 */
import type { Context } from "aws-lambda";
import { currentRegion } from "../adapters/current-region.ts";
import { auditLog, credentialStore } from "../adapters/dynamo-access.ts";
import { laterConsents } from "../adapters/dynamo-later-consent.ts";
import { pinAttempts } from "../adapters/dynamo-pin-attempts.ts";
import { receiptLinks } from "../adapters/dynamo-receipt-links.ts";
import { logger } from "../adapters/logger.ts";
import { alerts } from "../adapters/notifications.ts";
import { receiptCrypto } from "../adapters/receipt-crypto.ts";
import { ageSealing } from "../adapters/seal.ts";
import { loadSecrets } from "../adapters/secrets.ts";
import { deliveryQueues, routingQueue } from "../adapters/sqs-queues.ts";
import type { ShareLaterDeps } from "../use-cases/share-later.ts";
import { countedAssignments, countedCases } from "./counted-stores.ts";
import { takeInOnce } from "./intake.ts";

/** `context` tells the follow-up's idempotency the time left. */
export async function statusDeps(context: Context): Promise<ShareLaterDeps> {
  return {
    region: currentRegion(),
    receiptKeys: (await loadSecrets()).receiptHashKeys,
    crypto: receiptCrypto,
    sealing: ageSealing,
    cases: countedCases,
    links: receiptLinks,
    assignments: countedAssignments,
    delivery: deliveryQueues,
    alerts,
    audit: auditLog,
    pinAttempts,
    consents: laterConsents,
    routing: routingQueue,
    submitFollowUp: (report, submissionId, secret) =>
      takeInOnce(
        { submissionId, body: secret, report: { ...report, submissionId }, source: "check_in" },
        context,
      ),
  };
}

export { credentialStore, currentRegion, loadSecrets, logger };
