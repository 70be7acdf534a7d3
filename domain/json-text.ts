/** Reading a JSON text the contract's way: a fixed message, never the parser's own. */
import {
  INVALID_REPORT_MESSAGE,
  INVALID_REQUEST_MESSAGE,
  InvalidInputError,
} from "./invalid-input.ts";

/** What a body that is not JSON is called: a report (contract section 2), or any other request. */
export type JsonTextOf = "report" | "request";

const invalid = (of: JsonTextOf, message: string) =>
  of === "report"
    ? new InvalidInputError("invalid_report", INVALID_REPORT_MESSAGE, [{ path: "", message }])
    : new InvalidInputError("invalid_request", INVALID_REQUEST_MESSAGE, [{ path: "", message }]);

export function parseJsonText(text: string, of: JsonTextOf = "report"): unknown {
  if (text.trim() === "") throw invalid(of, "is empty");
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse quotes the input in its message (and a deep nesting overflows the stack):
    // neither is passed on.
    throw invalid(of, "is not JSON");
  }
}

/**
 * A JSON report's body without its proof, as the intake's idempotency compares it: the same text
 * for the same report whatever proof it carries (JSON.parse keeps the order of the keys).
 */
export function withoutProof(rawBody: string): string {
  const { proof: _proof, ...rest } = JSON.parse(rawBody) as Record<string, unknown>;
  return JSON.stringify(rest);
}
