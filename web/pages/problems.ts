/**
 * The contract's field errors (fixed English texts, by path) as problems beside the form's
 * questions, in the page's language.
 */
import type { FieldError } from "../../domain/invalid-input.ts";
import { RECEIPT_DIGITS } from "../../domain/receipt.ts";
import type { Translate } from "./page-shell.ts";
import { questionOf } from "./questions.ts";

function say(field: FieldError, t: Translate): string {
  const { message, path } = field;
  if (path === "contact.address" && message.includes("channel")) return t("error.address");
  if (path.startsWith("previousReceipt"))
    return t("error.receipt", { digits: String(RECEIPT_DIGITS) });
  if (message === "is required" || message === "is not one of the allowed values")
    return t(path === "exploitation" ? "error.chooseOne" : "error.required");
  const atLeast = message.match(/^must have at least (\d+) item/);
  if (atLeast) return t("error.chooseOne");
  const atMost = message.match(/^must have at most (\d+) items/);
  if (atMost) return t("error.tooMany", { max: atMost[1] ?? "" });
  const tooLong = message.match(/^must be at most (\d+) characters/);
  if (tooLong) return t("error.tooLong", { max: tooLong[1] ?? "" });
  return t("error.invalid");
}

/** One problem per question (the first one named), in the order of the errors. */
export function problemsFor(fields: readonly FieldError[], t: Translate): Map<string, string> {
  const problems = new Map<string, string>();
  for (const field of fields) {
    const question = questionOf(field.path);
    if (!problems.has(question)) problems.set(question, say(field, t));
  }
  return problems;
}
