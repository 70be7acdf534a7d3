/**
 * The 201 answer kept by the idempotency layer holds the receipt, so it is kept encrypted
 * (AES-256-GCM) under a key derived from the exact body of the request (HKDF-SHA-256): only the
 * same request, sent again within the 15 minutes, can read it back. The idempotency record also
 * keeps a hash of that body for its own comparison; HKDF's extract step is an HMAC, not that
 * hash, so the record does not hold the key.
 *
 * The submission ledger (adapters/dynamo-submissions.ts) keeps what a submission made (its case
 * and receipt) the same way, under a key of another purpose (HKDF's info), so that a retry of
 * the same report, and only of it, finishes the same case.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const SALT = "intake/idempotent-answer/v1";

/** What a key seals: the kept 201 answer, or what a submission made. */
export type SealPurpose = "answer" | "submission";

const keyOf = (body: string, purpose: SealPurpose) =>
  Buffer.from(hkdfSync("sha256", Buffer.from(body, "utf8"), SALT, purpose, 32));

export function sealAnswer(body: string, answer: unknown, purpose: SealPurpose = "answer"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(body, purpose), iv);
  const text = Buffer.concat([cipher.update(JSON.stringify(answer), "utf8"), cipher.final()]);
  return Buffer.concat([iv, text, cipher.getAuthTag()]).toString("base64");
}

export function openAnswer<T>(body: string, sealed: string, purpose: SealPurpose = "answer"): T {
  const bytes = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(body, purpose), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const text = Buffer.concat([
    decipher.update(bytes.subarray(12, bytes.length - 16)),
    decipher.final(),
  ]);
  return JSON.parse(text.toString("utf8")) as T;
}
