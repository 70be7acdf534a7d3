/** The sweeper, run on a schedule (every minute on AWS, by a timer in `intake dev`). */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { sweepStale } from "./use-cases/sweep-stale.ts";
import { logger, sweepDeps } from "./wiring/sweeper.ts";

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const { requeued } = await sweepStale(sweepDeps(), Date.now());
    if (requeued > 0) logger.warn("stale cases enqueued again", { requeued });
    return { requeued };
  });
