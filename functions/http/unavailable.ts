/**
 * Failures of what the functions depend on that may be gone a moment later: DynamoDB or SQS not
 * answering in time (the SDK's TimeoutError), throttling, a dropped connection, a 5xx of the
 * service. They are answered 503 `unavailable` with `Retry-After`, never 500: nothing is wrong
 * with the request, and sending it again is the fix. For a report that is safe whether or not a
 * first attempt stored it: the same submissionId finishes the same case (contract, section 3).
 *
 * Read from what the SDK's errors carry (a name, a network code, `$retryable`, the service's
 * status), so that another client that keeps those conventions classifies the same way.
 */

/** Names the SDK gives a timeout, and DynamoDB and SQS give throttling and their own faults. */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  "TimeoutError",
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "InternalServerError",
  "InternalFailure",
  "ServiceUnavailable",
]);

/** Node's codes for a connection that dropped, was refused or timed out. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "EAI_AGAIN",
]);

interface ServiceError {
  name?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, code, $retryable, $metadata } = error as Error & ServiceError;
  const status = Number($metadata?.httpStatusCode ?? 0);
  return (
    TRANSIENT_NAMES.has(String(name)) ||
    NETWORK_CODES.has(String(code)) ||
    ($retryable !== undefined && $retryable !== null) ||
    status >= 500
  );
}

/** How long to wait before sending again, in seconds (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;
