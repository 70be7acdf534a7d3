/**
 * The API's errors (contract, sections 2 and 7), as texts of the inbox's own catalogs: the
 * server's messages are fixed English sentences, so the page says each in its own language,
 * by code and, for a `409 conflict`, by which of the use cases' fixed reasons it was.
 */
import type { InboxKey } from "./catalog.ts";

export interface ApiProblemShape {
  /** the HTTP status, or 0 when the server could not be reached */
  status: number;
  code: string;
  message: string;
}

/** The fixed reasons of `functions/use-cases/organisation-work.ts`, by a phrase each holds. */
const CONFLICTS: readonly [RegExp, InboxKey][] = [
  [/someone else changed/i, "error.conflictQuicker"],
  [/^claim the case/i, "error.conflictClaimFirst"],
  [/outcome/i, "error.conflictOutcome"],
  [/has this case already/i, "error.conflictHasCase"],
  [/share with authorities/i, "error.conflictNoConsent"],
  [/only the lead/i, "error.conflictNotLead"],
  [/coordinator keeps the thread/i, "error.conflictCoordinator"],
  [/too long/i, "error.conflictTooLong"],
  [/armored age file/i, "error.sealing"],
];

export function problemKey(problem: ApiProblemShape): InboxKey {
  if (problem.status === 0) return "error.network";
  switch (problem.code) {
    case "unauthorized":
      return "error.unauthorized";
    case "forbidden":
      return "error.forbidden";
    case "not_found":
      return "error.notFound";
    case "too_many_requests":
      return "error.tooManyRequests";
    case "conflict":
      return CONFLICTS.find(([pattern]) => pattern.test(problem.message))?.[1] ?? "error.conflict";
    case "invalid_request":
    case "payload_too_large":
    case "unsupported_media_type":
    case "method_not_allowed":
      return "error.invalidRequest";
  }
  if (problem.status === 401) return "error.unauthorized";
  if (problem.status === 429) return "error.tooManyRequests";
  if (problem.status >= 400 && problem.status < 500) return "error.invalidRequest";
  return "error.server";
}
