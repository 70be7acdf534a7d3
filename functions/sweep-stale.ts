/** The sweeper, run on a schedule (every minute on AWS, by a timer in `intake dev`). */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { assignmentStore, caseStore } from "./adapters/dynamo-stores.ts";
import { logger } from "./adapters/logger.ts";
import { routingQueue } from "./adapters/sqs-queues.ts";
import { sweepStale } from "./use-cases/sweep-stale.ts";

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const { requeued } = await sweepStale(
      { cases: caseStore, assignments: assignmentStore, routing: routingQueue },
      Date.now(),
    );
    if (requeued > 0) logger.warn("stale cases enqueued again", { requeued });
    return { requeued };
  });
