/**
 * Every answer that is not a success, in the contract's error shape
 * `{ "error": { "code", "message", "fields"? } }`, with fixed messages. Bad input of any kind
 * gets a 4xx; only a failure of the system itself gets a 5xx, and never with its details: 503
 * with `Retry-After` when a store or queue did not answer in time (http/unavailable.ts), 500 for
 * anything else.
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import { type FieldError, InvalidInputError } from "../../domain/invalid-input.ts";
import { CaseConflictError, CaseNotFoundError } from "../use-cases/case-access.ts";
import { CaseForbiddenError } from "../use-cases/flag-case.ts";
import { SealedPartError } from "../use-cases/sealed-parts.ts";
import { InvalidProofError, SubmissionConflictError } from "../use-cases/submit-report.ts";
import { TestReportRefusedError } from "../use-cases/test-reports.ts";
import { jsonResponse } from "./responses.ts";
import { isTransient, RETRY_AFTER_SECONDS } from "./unavailable.ts";

/**
 * One of powertools' idempotency errors, told by the name each sets: importing their classes
 * would bring the idempotency package and its JMESPath engine (23 KB) into every function that
 * answers HTTP, the ones that take no report included.
 */
type IdempotencyErrorName =
  | "IdempotencyValidationError"
  | "IdempotencyAlreadyInProgressError"
  | "IdempotencyPersistenceLayerError";
const idempotencyError = (error: unknown, name: IdempotencyErrorName) =>
  error instanceof Error && error.name === name;

/** A problem with an HTTP status of its own (size, media type, method, route). */
export class HttpProblemError extends Error {
  override name = "HttpProblemError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const PROOF_MESSAGES: Record<InvalidProofError["problem"], string> = {
  missing: "A solved challenge is required. Get one from /api/v1/challenge.",
  invalid: "The solved challenge is not valid or has expired. Get a new one.",
  replayed: "This challenge was used before. Get a new one.",
};

function problem(
  statusCode: number,
  code: string,
  message: string,
  options: { fields?: FieldError[]; headers?: Record<string, string> } = {},
): APIGatewayProxyResult {
  return jsonResponse(
    statusCode,
    { error: { code, message, ...(options.fields ? { fields: options.fields } : {}) } },
    options.headers,
  );
}

/** The answer for an error, and whether it is the system's own failure (to be logged). */
export function answerFor(error: unknown): { response: APIGatewayProxyResult; internal: boolean } {
  if (error instanceof InvalidInputError)
    return {
      response: problem(400, error.code, error.message, { fields: error.fields }),
      internal: false,
    };
  if (error instanceof InvalidProofError)
    return {
      response: problem(400, "invalid_proof", PROOF_MESSAGES[error.problem]),
      internal: false,
    };
  if (error instanceof TestReportRefusedError)
    return {
      response:
        error.problem === "forbidden"
          ? problem(403, "forbidden", error.message)
          : problem(429, "too_many_requests", error.message, { headers: { "Retry-After": "60" } }),
      internal: false,
    };
  if (error instanceof HttpProblemError)
    return {
      response: problem(error.statusCode, error.code, error.message, { headers: error.headers }),
      internal: false,
    };
  if (error instanceof CaseNotFoundError)
    return { response: problem(404, "not_found", "There is no such case."), internal: false };
  if (error instanceof CaseConflictError)
    return { response: problem(409, "conflict", error.reason), internal: false };
  if (error instanceof SealedPartError)
    return { response: problem(409, "conflict", error.message), internal: false };
  if (error instanceof CaseForbiddenError)
    return { response: problem(403, "forbidden", error.reason), internal: false };
  if (
    idempotencyError(error, "IdempotencyValidationError") ||
    error instanceof SubmissionConflictError
  )
    return {
      response: problem(409, "conflict", "This submissionId was already used for another report."),
      internal: false,
    };
  if (idempotencyError(error, "IdempotencyAlreadyInProgressError"))
    return {
      response: problem(
        409,
        "in_progress",
        "This report is still being taken in. Try again shortly.",
        {
          headers: { "Retry-After": "2" },
        },
      ),
      internal: false,
    };
  // The idempotency table, or any store or queue, not answering in time: worth a retry.
  if (idempotencyError(error, "IdempotencyPersistenceLayerError") || isTransient(error))
    return {
      response: problem(503, "unavailable", "The service is busy. Try again in a few seconds.", {
        headers: { "Retry-After": String(RETRY_AFTER_SECONDS) },
      }),
      internal: true,
    };
  return {
    response: problem(
      500,
      "internal",
      "Something went wrong. Your report was not taken in; try again.",
    ),
    internal: true,
  };
}
