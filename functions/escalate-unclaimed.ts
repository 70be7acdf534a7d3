/** Escalation of unclaimed cases, run on a schedule (every five minutes on AWS, a timer locally). */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { escalateUnclaimed } from "./use-cases/escalate-unclaimed.ts";
import { escalationDeps, logger } from "./wiring/pipeline.ts";

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const { escalated } = await escalateUnclaimed(escalationDeps(), Date.now());
    if (escalated.length > 0)
      logger.warn("unclaimed cases escalated", { count: escalated.length, caseIds: escalated });
    return { escalated: escalated.length };
  });
