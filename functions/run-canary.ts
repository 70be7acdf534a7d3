/**
 * The canary, run on a schedule (lib/canary.ts; every hour unless the region file says
 * otherwise): a test report through the public API, checked and removed
 * (functions/use-cases/run-canary.ts). A failed run is a metric and a log line, not an error:
 * the alarm on the metric pages ops, and the next run is the retry. The log line holds the
 * step, a code, counts and the test case's id: never a body, the token or the receipt.
 */
import { randomUUID } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { runCanary } from "./use-cases/run-canary.ts";
import { canaryDeps, logger } from "./wiring/canary.ts";

export const handler = middy()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const result = await runCanary(canaryDeps(), randomUUID());
    if (result.ok) logger.info("canary passed", { ...result });
    else logger.error("canary failed", { ...result });
    return result;
  });
