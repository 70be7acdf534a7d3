/**
 * The answers for powertools' idempotency errors, which functions/http/problems.ts tells apart by
 * name (importing the classes would bring the idempotency package into every HTTP function):
 * the real classes must still get their answers, and another error of the same shape must not.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from "@aws-lambda-powertools/idempotency";
import { describe, expect, it } from "vitest";
import { answerFor } from "../../../functions/http/problems.ts";

const errorOf = (body: string | undefined) => JSON.parse(body ?? "{}").error;

describe("answerFor, on powertools' idempotency errors", () => {
  it.each([
    [new IdempotencyValidationError("x"), 409, "conflict", undefined],
    [new IdempotencyAlreadyInProgressError("x"), 409, "in_progress", "2"],
    [new IdempotencyPersistenceLayerError("x", new Error("y")), 503, "unavailable", "5"],
  ])("answers %o with %i %s", (error, status, code, retryAfter) => {
    const { response, internal } = answerFor(error);
    expect(response.statusCode).toBe(status);
    expect(errorOf(response.body).code).toBe(code);
    expect(response.headers?.["Retry-After"]).toBe(retryAfter);
    expect(internal).toBe(status >= 500);
  });

  it("answers an unknown error 500, its details unsaid", () => {
    const { response, internal } = answerFor(new TypeError("IdempotencyValidationError"));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("IdempotencyValidationError");
    expect(internal).toBe(true);
  });
});
