/**
 * The contract's error shape, and fixed messages for every validation problem.
 *
 * Messages are chosen here from the kind of problem only: they never contain any part of the
 * input (a narrative, an address or a receipt must not travel back into logs, proxies or
 * screenshots of an error). That is why zod's own messages are not used: the schemas are
 * zod/mini's, which carries no locale, and every parse passes `fixedMessage`.
 */
import type { z } from "zod/mini";

export type ErrorCode = "invalid_report" | "invalid_region" | "invalid_request" | "usage";

export interface FieldError {
  /** Dotted path of the field at fault (`contact.address`, `exploitation.2`); "" is the input itself. */
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

export class InvalidInputError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message);
    this.name = "InvalidInputError";
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, fields: this.fields } };
  }
}

export const INVALID_REPORT_MESSAGE = "The report is not valid.";
export const INVALID_REGION_MESSAGE = "The region configuration is not valid.";
export const INVALID_REQUEST_MESSAGE = "The request is not valid.";

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

type IssueOf<C extends RawIssue["code"]> = Extract<RawIssue, { code: C }>;

function tooBig(issue: IssueOf<"too_big">): string {
  if (issue.origin === "array") return `must have at most ${issue.maximum} items`;
  if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
  return `must be at most ${issue.maximum}`;
}

function tooSmall(issue: IssueOf<"too_small">): string {
  if (issue.origin === "array")
    return `must have at least ${issue.minimum} item${Number(issue.minimum) === 1 ? "" : "s"}`;
  if (issue.origin === "string") return "must not be empty";
  return `must be at least ${issue.minimum}`;
}

/** The text of each kind of problem; a kind not listed "is not valid". */
const MESSAGES: { [C in RawIssue["code"]]?: (issue: IssueOf<C>) => string } = {
  invalid_type: (issue) => `must be ${TYPE_NAMES[issue.expected] ?? "of another type"}`,
  invalid_value: (issue) =>
    issue.values.length === 1
      ? `must be ${JSON.stringify(issue.values[0])}`
      : "is not one of the allowed values",
  too_big: tooBig,
  too_small: tooSmall,
  invalid_format: (issue) =>
    issue.format === "uuid" ? "must be a UUID" : "is not in the expected format",
  unrecognized_keys: () => "is not a field of the contract",
};

/** The zod error map that gives every problem a fixed text. */
export function fixedMessage(issue: RawIssue): string {
  if (issue.input === undefined && issue.code !== "unrecognized_keys") return "is required";
  const message = MESSAGES[issue.code] as ((issue: RawIssue) => string) | undefined;
  return message ? message(issue) : "is not valid";
}

/** Unknown keys are named only when the name is a plain identifier; anything else stays out. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Every field at fault, in schema order, each once; `prefix` leads every path (array index). */
export function fieldErrors(
  error: z.core.$ZodError,
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        fields.push(
          PLAIN_KEY.test(key)
            ? { path: joinPath([...path, key]), message: "is not a field of the contract" }
            : { path: joinPath(path), message: "has a field that is not part of the contract" },
        );
      }
    } else {
      fields.push({ path: joinPath(path), message: issue.message });
    }
  }
  const seen = new Set<string>();
  return fields.filter((field) => {
    const key = `${field.path}\u0000${field.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads a request (not a report) with its schema, or refuses it as `invalid_request`. */
export function parseRequest<T extends z.ZodMiniType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input, { error: fixedMessage });
  if (result.success) return result.data;
  throw new InvalidInputError(
    "invalid_request",
    INVALID_REQUEST_MESSAGE,
    fieldErrors(result.error),
  );
}
