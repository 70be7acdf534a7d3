/** GET /api/v1/challenge: a fresh proof-of-work challenge (adapters/proof-of-work.ts). */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { logger } from "./adapters/logger.ts";
import { issueChallenge } from "./adapters/proof-of-work.ts";
import { loadSecrets } from "./adapters/secrets.ts";
import { contractErrors } from "./http/middleware.ts";
import { jsonResponse } from "./http/responses.ts";

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(contractErrors(logger))
  .handler(async () => {
    const { powHmacKey } = await loadSecrets();
    return jsonResponse(200, await issueChallenge(powHmacKey, Date.now()));
  });
