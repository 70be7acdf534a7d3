/**
 * POST /api/v1/reports: a thin adapter. In the contract's order: size and media type
 * (readBody), validation (400, nothing kept), idempotency (powertools, on the submissionId and
 * the exact body), then the proof and the intake itself (use-cases/submit-report.ts).
 */
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyResult } from "aws-lambda";
import { dynamoClient } from "./adapters/aws-clients.ts";
import { currentRegion } from "./adapters/current-region.ts";
import { caseStore, proofLedger, receiptLinks } from "./adapters/dynamo-stores.ts";
import { tableName } from "./adapters/environment.ts";
import { logger } from "./adapters/logger.ts";
import { openAnswer, sealAnswer } from "./adapters/sealed-answer.ts";
import { loadSecrets } from "./adapters/secrets.ts";
import { routingQueue } from "./adapters/sqs-queues.ts";
import { parseJsonText } from "./domain/json-text.ts";
import { parseReport, type Report } from "./domain/report.ts";
import { type BodyEvent, contractErrors, readBody } from "./http/middleware.ts";
import { jsonResponse } from "./http/responses.ts";
import { type IntakeAnswer, submitReport } from "./use-cases/submit-report.ts";

export const MAX_BODY_BYTES = 64 * 1024;
/** How long the same submissionId and body answer the same 201 (contract, section 3). */
export const IDEMPOTENCY_SECONDS = 15 * 60;

const config = new IdempotencyConfig({
  eventKeyJmesPath: "submissionId",
  payloadValidationJmesPath: "body",
  expiresAfterSeconds: IDEMPOTENCY_SECONDS,
  hashFunction: "sha256",
  throwOnNoIdempotencyKey: true,
});

interface IntakeRequest {
  submissionId: string;
  body: string;
  report: Report;
}

const takeIn = makeIdempotent(
  async (request: IntakeRequest): Promise<{ sealedAnswer: string }> => {
    const answer = await submitReport(
      {
        region: currentRegion(),
        secrets: await loadSecrets(),
        cases: caseStore,
        links: receiptLinks,
        proofs: proofLedger,
        routing: routingQueue,
        onEnqueueFailure: (error) =>
          logger.warn("enqueue failed; the sweeper will retry", {
            errorName: error instanceof Error ? error.name : typeof error,
          }),
      },
      { report: request.report, source: "json", now: Date.now() },
    );
    logger.info("report taken in", { urgency: answer.urgency, routedTo: answer.routedTo });
    return { sealedAnswer: sealAnswer(request.body, answer) };
  },
  {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: tableName("idempotency"),
      awsSdkV3Client: dynamoClient,
      expiryAttr: "expiresAt",
    }),
    config,
  },
);

export const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: MAX_BODY_BYTES, mediaTypes: ["application/json"] }))
  .handler(async (event, context) => {
    config.registerLambdaContext(context);
    const report = parseReport(parseJsonText(event.rawBody), currentRegion(), "json");
    const { sealedAnswer } = await takeIn({
      submissionId: report.submissionId as string,
      body: event.rawBody,
      report,
    });
    return jsonResponse(201, openAnswer<IntakeAnswer>(event.rawBody, sealedAnswer));
  });
