/**
 * The router: an SQS consumer of the routing queue. Each record is one case id; a record that
 * fails is reported back as a batch item failure (powertools batch), so only it comes back,
 * and after five receives it goes to the dead-letter queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod/mini";
import { routeCase } from "./use-cases/route-case.ts";
import { logger, routeDeps } from "./wiring/pipeline.ts";

const RoutingMessageSchema = z.strictObject({ caseId: z.uuid() });

const processor = new BatchProcessor(EventType.SQS);

async function routeRecord(record: SQSRecord): Promise<void> {
  const { caseId } = RoutingMessageSchema.parse(JSON.parse(record.body));
  const outcome = await routeCase(routeDeps(), caseId, Date.now());
  logger.info("case routed", { caseId, outcome });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler((event, context) => processPartialResponse(event, routeRecord, processor, { context }));
