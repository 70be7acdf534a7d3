/**
 * Proof-of-work with ALTCHA's classic scheme (altcha-lib/v1), chosen on purpose over the v2
 * default: one SHA-256 per attempt, which every phone browser computes natively through
 * WebCrypto, so the cost on a cheap phone is predictable (v2's PBKDF2, scrypt and Argon2 modes
 * are made to hurt GPUs and hurt cheap phones more); its payload is the widely deployed one,
 * with solvers in many languages; and it needs one secret, not two.
 *
 * Pinned: SHA-256, a secret number below 100,000 (about 50,000 hashes on average: a few
 * seconds in a cheap phone's Web Worker), signed with the deployment's HMAC key, valid for
 * 10 minutes, usable once (the intake records each used challenge with a conditional write).
 */
import { createHash } from "node:crypto";
import { createChallenge, extractParams, verifySolution } from "altcha-lib/v1";
import type { Challenge } from "altcha-lib/v1/types";
import type { CheckedProof, ProofOfWork } from "../ports/crypto.ts";

export const POW_ALGORITHM = "SHA-256";
export const POW_MAX_NUMBER = 100_000;
export const POW_VALID_MS = 10 * 60 * 1000;

export function issueChallenge(hmacKey: string, now: number): Promise<Challenge> {
  return createChallenge({
    algorithm: POW_ALGORITHM,
    maxnumber: POW_MAX_NUMBER,
    expires: new Date(now + POW_VALID_MS),
    hmacKey,
  });
}

interface PayloadShape {
  algorithm: string;
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

function decodePayload(proof: string): PayloadShape | null {
  try {
    const payload = JSON.parse(Buffer.from(proof, "base64").toString("utf8"));
    return payload && typeof payload === "object" && typeof payload.challenge === "string"
      ? payload
      : null;
  } catch {
    return null;
  }
}

/** The checked proof, or null when it is not a valid, unexpired, solved challenge of ours. */
export async function checkProof(proof: string, hmacKey: string): Promise<CheckedProof | null> {
  const payload = decodePayload(proof);
  if (!payload || payload.algorithm !== POW_ALGORITHM) return null;
  let verified = false;
  try {
    verified = await verifySolution(proof, hmacKey, true);
  } catch {
    return null;
  }
  if (!verified) return null;
  const expires = Number(extractParams(proof).expires);
  return {
    challengeId: createHash("sha256").update(payload.challenge).digest("base64url"),
    expiresAt: Number.isFinite(expires) ? expires : Math.ceil(Date.now() / 1000) + 600,
  };
}

/** The proof-of-work port (functions/ports/crypto.ts). */
export const proofOfWork: ProofOfWork = { check: checkProof };

/**
 * Solves a challenge the way the form's Web Worker does (SHA-256 of salt and number until it
 * matches) and returns the payload to send as `proof`. For the command line (`intake proof`),
 * the smoke test and the tests. It hashes with node:crypto's synchronous SHA-256, some ten times
 * faster here than altcha-lib's solver, which awaits WebCrypto once per attempt.
 */
export function solveChallenge(challenge: Challenge): string {
  const max = challenge.maxnumber ?? POW_MAX_NUMBER;
  for (let number = 0; number <= max; number++) {
    const hash = createHash("sha256")
      .update(challenge.salt + number)
      .digest("hex");
    if (hash === challenge.challenge) {
      const payload = {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number,
        salt: challenge.salt,
        signature: challenge.signature,
      };
      return Buffer.from(JSON.stringify(payload)).toString("base64");
    }
  }
  throw new Error("The challenge has no solution below its maximum.");
}
