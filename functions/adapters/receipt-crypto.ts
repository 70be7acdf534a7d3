/**
 * Everything the intake does with a receipt, the person's one credential. The receipt itself
 * is never stored, logged or sent anywhere but in the 201 answer. What is kept:
 *
 * - a keyed slow digest (HMAC with the deployment's receipt key, then scrypt), the lookup key
 *   of the receipt's link record: without the key nothing can be tried, and if the key ever
 *   leaks with the table, every guess still costs a scrypt (docs/security.md has the numbers);
 * - the public half of an X25519 key pair derived from the receipt and a per-case salt
 *   (scrypt), so organisations can write to the person and only the receipt's holder can read.
 */
import { createHmac, randomBytes, randomInt, scrypt } from "node:crypto";
import { bech32 } from "@scure/base";
import { identityToRecipient } from "age-encryption";
import { RECEIPT_DIGITS } from "../../domain/receipt.ts";
import type { PersonKeys, ReceiptCrypto, ReceiptHashKey } from "../ports/crypto.ts";

/** scrypt cost of the receipt digest: 2^14 × 128 × 8 bytes = 16 MiB per guess. */
export const DIGEST_COST = { N: 2 ** 14, r: 8, p: 1 } as const;
/** scrypt cost of the person's key: salted per case, so a guess is good for one case only. */
export const PERSON_KEY_COST = { N: 2 ** 13, r: 8, p: 1 } as const;
const MAX_MEMORY = 64 * 1024 * 1024;

function scryptAsync(
  password: Buffer | string,
  salt: Buffer | string,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { ...cost, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** 16 digits from the operating system's cryptographic random source, each uniform. */
export function newReceipt(): string {
  let digits = "";
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(randomInt(10));
  return digits;
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

/** The keyed slow digest of a normalised receipt, as `<key version>#<base64url>`. */
export async function receiptDigest(receipt: string, key: ReceiptHashKey): Promise<string> {
  const keyed = createHmac("sha256", key.key).update(receipt, "utf8").digest();
  const digest = await scryptAsync(keyed, `intake/receipt-digest/v${key.version}`, DIGEST_COST);
  return `${key.version}#${digest.toString("base64url")}`;
}

/**
 * The person's key pair from the receipt and the case's salt, and from the PIN once the person
 * chose one (then the receipt alone derives a key that opens nothing).
 */
export async function personKeys(receipt: string, salt: Buffer, pin?: string): Promise<PersonKeys> {
  const secret = await scryptAsync(
    pin === undefined ? receipt : `${receipt}\u0000${pin}`,
    salt,
    PERSON_KEY_COST,
  );
  const identity = bech32.encode("AGE-SECRET-KEY-", bech32.toWords(secret), false).toUpperCase();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The receipt port (functions/ports/crypto.ts). */
export const receiptCrypto: ReceiptCrypto = {
  newReceipt,
  newSalt,
  digest: receiptDigest,
  personKeys,
};
