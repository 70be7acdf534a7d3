/** What every command shares: reading its input, printing JSON, and failing with exit 2. */
import { readFileSync } from "node:fs";
import type { ErrorBody } from "../domain/invalid-input.ts";
import { InvalidInputError } from "../domain/invalid-input.ts";

/** Exit codes: 0 done, 2 the input or the call was not valid, 1 something broke inside. */
export const EXIT_INVALID = 2;
export const EXIT_INTERNAL = 1;

export class UsageError extends Error {
  override name = "UsageError";
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(body: ErrorBody): void {
  process.stderr.write(`${JSON.stringify(body, null, 2)}\n`);
}

/** A file's text, or standard input for "-" or no file. */
export function readInput(file: string | undefined): string {
  try {
    return readFileSync(file === undefined || file === "-" ? 0 : file, "utf8");
  } catch {
    throw new UsageError("The input cannot be read.");
  }
}

/**
 * Turns whatever a command threw into its exit code and a message on standard error, in the
 * contract's error shape, and never as a stack trace (which could carry a piece of the input).
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof InvalidInputError) {
    printError(error.toBody());
    return EXIT_INVALID;
  }
  if (error instanceof UsageError) {
    printError({ error: { code: "usage", message: error.message } });
    return EXIT_INVALID;
  }
  printError({ error: { code: "internal", message: "Something went wrong inside intake." } });
  return EXIT_INTERNAL;
}
