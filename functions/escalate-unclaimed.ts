/** Escalation of unclaimed cases, run on a schedule (every five minutes on AWS, a timer locally). */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { countedAssignments, countedCases } from "./adapters/counted-stores.ts";
import { currentRegion } from "./adapters/current-region.ts";
import { auditLog } from "./adapters/dynamo-access.ts";
import { logger } from "./adapters/logger.ts";
import { alerts, metrics } from "./adapters/notifications.ts";
import { deliveryQueues, routingQueue } from "./adapters/sqs-queues.ts";
import { escalateUnclaimed } from "./use-cases/escalate-unclaimed.ts";

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const { escalated } = await escalateUnclaimed(
      {
        region: currentRegion(),
        cases: countedCases,
        assignments: countedAssignments,
        routing: routingQueue,
        delivery: deliveryQueues,
        alerts,
        metrics,
        audit: auditLog,
      },
      Date.now(),
    );
    if (escalated.length > 0)
      logger.warn("unclaimed cases escalated", { count: escalated.length, caseIds: escalated });
    return { escalated: escalated.length };
  });
