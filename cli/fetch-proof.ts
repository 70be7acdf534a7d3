/**
 * `intake proof [--url URL]`: gets a challenge from a running intake and prints its solution,
 * the value of a report's `proof`. It does what the form does in the browser, so a report can be
 * sent with curl.
 */
import type { Challenge } from "altcha-lib/v1/types";
import { solveChallenge } from "../functions/adapters/proof-of-work.ts";
import { UsageError } from "./io.ts";

export async function fetchProof(baseUrl: string): Promise<string> {
  let challenge: Challenge;
  try {
    const response = await fetch(new URL("/api/v1/challenge", baseUrl));
    if (!response.ok) throw new Error(String(response.status));
    challenge = (await response.json()) as Challenge;
  } catch {
    throw new UsageError(`No challenge could be fetched from ${new URL(baseUrl).origin}.`);
  }
  return solveChallenge(challenge);
}
