/**
 * What the scheduled and queue-driven functions work with on this deployment: the router, the
 * escalation of unclaimed cases.
 */

import { metrics } from "../adapters/cloudwatch-metrics.ts";
import { currentRegion } from "../adapters/current-region.ts";
import { auditLog } from "../adapters/dynamo-access.ts";
import { receiptLinks } from "../adapters/dynamo-receipt-links.ts";
import { routingAttempts } from "../adapters/dynamo-routing-attempts.ts";
import { logger } from "../adapters/logger.ts";
import { alerts } from "../adapters/notifications.ts";
import { deliveryQueues, routingQueue } from "../adapters/sqs-queues.ts";
import type { EscalateDeps } from "../use-cases/escalate-unclaimed.ts";
import type { RouteDeps } from "../use-cases/route-case.ts";
import { countedAssignments, countedCases } from "./counted-stores.ts";

export const routeDeps = (): RouteDeps => ({
  region: currentRegion(),
  cases: countedCases,
  links: receiptLinks,
  assignments: countedAssignments,
  delivery: deliveryQueues,
  alerts,
  attempts: routingAttempts,
  metrics,
});

export const escalationDeps = (): EscalateDeps => ({
  region: currentRegion(),
  cases: countedCases,
  assignments: countedAssignments,
  routing: routingQueue,
  delivery: deliveryQueues,
  alerts,
  metrics,
  audit: auditLog,
});

export { logger };
