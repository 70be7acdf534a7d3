/**
 * Failures of what the functions depend on that may be gone a moment later: DynamoDB or SQS not
 * answering in time (the SDK's TimeoutError), throttling, a dropped connection, a 5xx of the
 * service. They are answered 503 `unavailable` with `Retry-After`, never 500: nothing is wrong
 * with the request, and sending it again is the fix. For a report that is safe whether or not a
 * first attempt stored it: the same submissionId finishes the same case (contract, section 3).
 *
 * Read from what the errors carry (a name, a network code, the service's status; the SDK's
 * `$retryable` and `$metadata` too, for what still comes through it), as
 * adapters/aws-requests.ts's `isRetryable` decides another attempt.
 */

/**
 * Names of no answer at all (adapters/aws-requests.ts's `AwsNetworkError`, the SDK's timeout),
 * and those DynamoDB and SQS give throttling and their own faults.
 */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  "AwsNetworkError",
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
  /** the HTTP status a service answered (adapters/aws-requests.ts) */
  status?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, code, $retryable, $metadata } = error as Error & ServiceError;
  const answered = (error as Error & ServiceError).status;
  const status = Number($metadata?.httpStatusCode ?? (typeof answered === "number" ? answered : 0));
  return (
    TRANSIENT_NAMES.has(String(name)) ||
    NETWORK_CODES.has(String(code)) ||
    ($retryable !== undefined && $retryable !== null) ||
    status >= 500
  );
}

/** How long to wait before sending again, in seconds (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;
