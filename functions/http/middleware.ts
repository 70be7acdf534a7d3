/**
 * The two middy middlewares every API handler uses. They replace middy's JSON body parser and
 * error handler on purpose: the contract wants 400 (not 415 or 422) for a body that is not
 * JSON, its own error shape, and no error logged with its message (middy's default logger
 * prints the error, which can carry a piece of the request).
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { answerFor, HttpProblemError } from "./problems.ts";

export interface BodyEvent extends APIGatewayProxyEvent {
  /** the body as text, after the size and media type checks */
  rawBody: string;
  /** the media type, lower-case, without parameters */
  mediaType: string;
}

export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/**
 * Size first, then media type (the contract's order): over `maxBytes` is 413, a type not in
 * `mediaTypes` (or a charset other than UTF-8) is 415. The body is measured in bytes as it came.
 */
export function readBody(options: {
  maxBytes: number;
  mediaTypes: readonly string[];
}): MiddlewareObj<BodyEvent, APIGatewayProxyResult> {
  return {
    name: "readBody",
    before(request) {
      const { event } = request;
      // A request without a body (a GET) has nothing to check.
      if ((event.body === null || event.body === undefined) && event.httpMethod !== "POST") {
        event.mediaType = "";
        event.rawBody = "";
        return;
      }
      const bytes = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
      if (bytes.length > options.maxBytes)
        throw new HttpProblemError(
          413,
          "payload_too_large",
          `The body is larger than ${options.maxBytes} bytes.`,
        );

      const [type = "", ...parameters] = (header(event, "content-type") ?? "").split(";");
      const mediaType = type.trim().toLowerCase();
      const charset = parameters
        .map((parameter) => parameter.trim().toLowerCase())
        .find((parameter) => parameter.startsWith("charset="));
      if (!options.mediaTypes.includes(mediaType) || (charset && charset !== "charset=utf-8"))
        throw new HttpProblemError(
          415,
          "unsupported_media_type",
          `Send the body as ${options.mediaTypes.join(" or ")} in UTF-8.`,
        );

      event.mediaType = mediaType;
      event.rawBody = bytes.toString("utf8");
    },
  };
}

/** Maps every error to the contract's shape; logs only the name of a failure of the system. */
/** The system's own failure, logged by its name and status alone: never a message or a body. */
export function logFailure(logger: Logger, error: unknown, statusCode: number): void {
  logger.error("request failed", {
    errorName: error instanceof Error ? error.name : typeof error,
    statusCode,
  });
}

export function contractErrors(logger: Logger): MiddlewareObj<unknown, APIGatewayProxyResult> {
  return {
    name: "contractErrors",
    onError(request) {
      const { response, internal } = answerFor(request.error);
      if (internal) logFailure(logger, request.error, response.statusCode);
      request.response = response;
    },
  };
}
