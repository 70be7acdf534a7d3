/** GET /api/v1/challenge: a fresh proof-of-work challenge (wiring/challenge.ts). */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { contractErrors } from "./http/middleware.ts";
import { jsonResponse } from "./http/responses.ts";
import { logger, newChallenge } from "./wiring/challenge.ts";

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .handler(async () => jsonResponse(200, await newChallenge(Date.now())));
