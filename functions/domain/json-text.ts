/** Reading a JSON text the contract's way: a fixed message, never the parser's own. */
import { INVALID_REPORT_MESSAGE, InvalidInputError } from "./invalid-input.ts";

const invalid = (message: string) =>
  new InvalidInputError("invalid_report", INVALID_REPORT_MESSAGE, [{ path: "", message }]);

export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw invalid("is empty");
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse quotes the input in its message (and a deep nesting overflows the stack):
    // neither is passed on.
    throw invalid("is not JSON");
  }
}
