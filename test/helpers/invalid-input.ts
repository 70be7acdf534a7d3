/** The InvalidInputError a call throws; any other outcome fails the test. */
import { InvalidInputError } from "../../domain/invalid-input.ts";

export function refusalOf(call: () => unknown): InvalidInputError {
  try {
    call();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("The input was taken, not refused.");
}
