/**
 * What the bench posts: the product's seed case (`aWorkerWhoLostEverything()`: routed to three
 * organisations, its narrative sealed to all three and its contact to the lead) with a short
 * narrative, and a submissionId and a proof of its own each (a proof is usable once).
 */
import { randomUUID } from "node:crypto";
import { createChallenge } from "altcha-lib/v1";
import { POW_ALGORITHM, solveChallenge } from "../functions/adapters/proof-of-work.ts";
import { aWorkerWhoLostEverything } from "../test/helpers/report-factory.ts";
import { sinceMs } from "./measure.ts";

export const NARRATIVE =
  "I came for the harvest. The agency kept my passport and my pay; now the job, the room and my permit are gone.";

export const seedCase = (narrative = NARRATIVE) => aWorkerWhoLostEverything({ narrative });

/**
 * A proof of a challenge signed with the system's own HMAC key, but whose secret number is
 * below 100 instead of 100,000, so the bench solves it in microseconds instead of ~50,000
 * SHA-256. What the intake checks costs the same whatever the maximum (one SHA-256 of the salt
 * and the number, one HMAC of the challenge), so the latency measured is that of a real proof.
 * It stays valid for an hour, longer than any run.
 */
export async function cheapProof(hmacKey: string): Promise<string> {
  const challenge = await createChallenge({
    algorithm: POW_ALGORITHM,
    maxnumber: 100,
    expires: new Date(Date.now() + 60 * 60 * 1000),
    hmacKey,
  });
  return solveChallenge(challenge);
}

export function reportBody(proof: string, narrative = NARRATIVE): string {
  return JSON.stringify({ ...seedCase(narrative), submissionId: randomUUID(), proof });
}

/** `count` bodies ready to post, so that making them is not in what is measured. */
export async function reportBodies(hmacKey: string, count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) bodies.push(reportBody(await cheapProof(hmacKey)));
  return bodies;
}

export interface Exchange {
  status: number;
  text: string;
  /** the round trip at the client, from the request to the last byte of the answer */
  ms: number;
  /** epoch milliseconds when the answer was read */
  at: number;
}

export async function exchange(url: string, init?: RequestInit): Promise<Exchange> {
  const start = process.hrtime.bigint();
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, text, ms: sinceMs(start), at: Date.now() };
}

export const postReport = (baseUrl: string, body: string) =>
  exchange(`${baseUrl}/api/v1/reports`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });

export const getChallenge = (baseUrl: string) => exchange(`${baseUrl}/api/v1/challenge`);

/** Fails the bench on an answer other than the expected one: a figure of errors means nothing. */
export function expectStatus(answer: Exchange, status: number, what: string): Exchange {
  if (answer.status !== status)
    throw new Error(
      `${what} answered ${answer.status}, not ${status}: ${answer.text.slice(0, 300)}`,
    );
  return answer;
}
