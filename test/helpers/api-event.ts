/**
 * An API Gateway proxy event as a REST API's Lambda proxy integration delivers it, with only
 * what the handlers read: for calling a handler in-process with headers a test chooses (the
 * viewer's address CloudFront would set, say), which the local HTTP adapter sets itself.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";

export interface EventParts {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** what API Gateway reports as the connection's address */
  sourceIp?: string;
}

export function apiEvent({
  method = "POST",
  path,
  headers = {},
  body,
  sourceIp = "127.0.0.1",
}: EventParts): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: path,
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    ),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded: false,
    requestContext: { identity: { sourceIp } },
  } as unknown as APIGatewayProxyEvent;
}
