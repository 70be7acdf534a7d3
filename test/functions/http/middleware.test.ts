import middy from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { AwsNetworkError, AwsServiceError } from "../../../functions/adapters/aws-requests.ts";
import { logger } from "../../../functions/adapters/logger.ts";
import { type BodyEvent, contractErrors, readBody } from "../../../functions/http/middleware.ts";

/** A handler behind the two middlewares that echoes the body's length and media type. */
const handler = middy<BodyEvent, APIGatewayProxyResult>()
  .use(contractErrors(logger))
  .use(readBody({ maxBytes: 16, mediaTypes: ["application/json"] }))
  .handler(async (event) => ({
    statusCode: 200,
    body: JSON.stringify({ length: event.rawBody.length, mediaType: event.mediaType }),
  }));

const call = async (
  headers: Record<string, string>,
  body: string | null,
  isBase64Encoded = false,
) => {
  const event = { headers, body, isBase64Encoded } as unknown as BodyEvent & APIGatewayProxyEvent;
  const result = (await handler(event, {} as Context, {
    signal: new AbortController().signal,
  })) as APIGatewayProxyResult;
  return { status: result.statusCode, body: JSON.parse(result.body) };
};

describe("readBody", () => {
  it.each<[string, Record<string, string>, string | null, number, string]>([
    ["JSON", { "Content-Type": "application/json" }, "{}", 200, ""],
    [
      "JSON in UTF-8, header in any case",
      { "content-TYPE": "Application/JSON; Charset=UTF-8" },
      "{}",
      200,
      "",
    ],
    ["16 bytes exactly", { "content-type": "application/json" }, "x".repeat(16), 200, ""],
    ["17 bytes", { "content-type": "application/json" }, "x".repeat(17), 413, "payload_too_large"],
    [
      "9 two-byte characters (18 bytes)",
      { "content-type": "application/json" },
      "é".repeat(9),
      413,
      "payload_too_large",
    ],
    [
      "too large and of the wrong type: size first",
      { "content-type": "text/plain" },
      "x".repeat(17),
      413,
      "payload_too_large",
    ],
    ["text/plain", { "content-type": "text/plain" }, "{}", 415, "unsupported_media_type"],
    ["no content type", {}, "{}", 415, "unsupported_media_type"],
    [
      "another charset",
      { "content-type": "application/json; charset=latin1" },
      "{}",
      415,
      "unsupported_media_type",
    ],
  ])("%s → %i", async (_, headers, body, status, code) => {
    const answer = await call(headers, body);
    expect(answer.status).toBe(status);
    if (code) expect(answer.body.error.code).toBe(code);
  });

  it("measures a base64-encoded body in its bytes", async () => {
    const answer = await call(
      { "content-type": "application/json" },
      Buffer.from("x".repeat(17)).toString("base64"),
      true,
    );
    expect(answer.status).toBe(413);
  });
});

describe("contractErrors", () => {
  it("answers an unexpected failure with 500 and a fixed message, never the error's own", async () => {
    const failing = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(contractErrors(logger))
      .handler(async () => {
        throw new Error("SECRET-DETAIL from inside");
      });
    const result = (await failing({} as APIGatewayProxyEvent, {} as Context, {
      signal: new AbortController().signal,
    })) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(500);
    expect(result.headers?.["Cache-Control"]).toBe("no-store");
    expect(result.body).not.toContain("SECRET-DETAIL");
    expect(JSON.parse(result.body).error.code).toBe("internal");
  });

  /** An error as the SDK throws it: a name, and what it adds to it. */
  const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error("SECRET-DETAIL"), { name }, extra);

  it.each<[string, Error, number]>([
    ["no answer from AWS", new AwsNetworkError(new Error("SECRET-DETAIL")), 503],
    ["DynamoDB's 500", new AwsServiceError("InternalServerError", 500, "SECRET-DETAIL"), 503],
    ["SQS's throttling", new AwsServiceError("RequestThrottled", 400, "SECRET-DETAIL"), 503],
    [
      "a refused condition, answered",
      new AwsServiceError("ConditionalCheckFailedException", 400, "SECRET-DETAIL"),
      500,
    ],
    ["a timeout of the SDK", sdkError("TimeoutError"), 503],
    ["throttling", sdkError("ThrottlingException", { $retryable: { throttling: true } }), 503],
    ["DynamoDB's capacity", sdkError("ProvisionedThroughputExceededException"), 503],
    ["a dropped connection", sdkError("Error", { code: "ECONNRESET" }), 503],
    ["a service's 5xx", sdkError("UnknownError", { $metadata: { httpStatusCode: 502 } }), 503],
    [
      "a refused condition",
      sdkError("ConditionalCheckFailedException", { $metadata: { httpStatusCode: 400 } }),
      500,
    ],
    ["a fault of the code", new TypeError("SECRET-DETAIL"), 500],
  ])("answers %s with %i, never with the error's own words", async (_, error, status) => {
    const failing = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(contractErrors(logger))
      .handler(async () => {
        throw error;
      });
    const result = (await failing({} as APIGatewayProxyEvent, {} as Context, {
      signal: new AbortController().signal,
    })) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(status);
    expect(result.body).not.toContain("SECRET-DETAIL");
    const { code } = JSON.parse(result.body).error;
    expect([code, result.headers?.["Retry-After"]]).toEqual(
      status === 503 ? ["unavailable", "5"] : ["internal", undefined],
    );
  });
});
