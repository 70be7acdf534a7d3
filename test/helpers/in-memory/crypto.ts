/**
 * Fast fakes of the crypto ports (ports/crypto.ts), for unit tests of the use cases: no age, no
 * scrypt, no proof-of-work search.
 *
 * - Sealing: `seal` makes a file with an age header of the real shape (one X25519 stanza per
 *   recipient, so domain/age-header.ts counts them as it counts a real one) and a payload that
 *   lists the recipients and the text in clear; `open` gives the text back only to the fake
 *   identity of one of those recipients (`fakeIdentityOf`); `peek` reads a file for assertions.
 *   The armor is the real one's shape (base64 in 64-character lines between the age markers).
 * - ReceiptCrypto: receipts and salts from a counter (different on every call, the same in every
 *   run), a digest that is a cheap keyed SHA-256, and person keys whose recipient depends on the
 *   receipt, the salt and the PIN, exactly as the real derivation's inputs.
 * - ProofOfWork: accepts the proofs `fakeProof` makes for the same HMAC key, unless marked expired.
 *
 * Does not model: secrecy (everything is readable), the cost of the slow digests (so nothing here
 * measures a guessing attack), real age recipients' format (any string is a recipient).
 */
import { createHash } from "node:crypto";
import type {
  PersonKeys,
  ProofOfWork,
  ReceiptCrypto,
  Sealing,
} from "../../../functions/ports/crypto.ts";

const sha256 = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest();
/** 32 bytes as the age header writes them: unpadded base64, 43 characters. */
const key32 = (...parts: string[]) =>
  sha256(...parts)
    .toString("base64")
    .replace(/=+$/, "");

const PAYLOAD_MARK = "fake-age:";
const IDENTITY_PREFIX = "AGE-SECRET-KEY-FAKE:";

/** The fake identity that opens what was sealed to `recipient`. */
export const fakeIdentityOf = (recipient: string) => `${IDENTITY_PREFIX}${recipient}`;

interface Payload {
  to: string[];
  text: string;
}

/** What a fake sealed file holds (binary or armored), or null when it is not one. */
export function peek(sealed: Uint8Array | string): Payload | null {
  const file = typeof sealed === "string" ? dearmor(sealed) : sealed;
  if (!file) return null;
  const content = Buffer.from(file).toString("utf8");
  const start = content.indexOf(`\n${PAYLOAD_MARK}`);
  if (!content.startsWith("age-encryption.org/v1\n") || start < 0) return null;
  return JSON.parse(content.slice(start + 1 + PAYLOAD_MARK.length)) as Payload;
}

const BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
const END = "-----END AGE ENCRYPTED FILE-----";

function armor(file: Uint8Array): string {
  const lines =
    Buffer.from(file)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `${BEGIN}\n${lines.join("\n")}\n${END}\n`;
}

function dearmor(text: string): Uint8Array | null {
  const match =
    /^-----BEGIN AGE ENCRYPTED FILE-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END AGE ENCRYPTED FILE-----\s*$/.exec(
      text,
    );
  return match?.[1] ? new Uint8Array(Buffer.from(match[1].replace(/\s/g, ""), "base64")) : null;
}

export interface FakeSealing extends Sealing {
  /** how many files were sealed */
  readonly sealCount: number;
}

export function fakeSealing(): FakeSealing {
  let sealCount = 0;
  return {
    get sealCount() {
      return sealCount;
    },
    async seal(recipients, text) {
      sealCount++;
      const stanzas = recipients.map(
        (recipient, index) =>
          `-> X25519 ${key32("share", recipient, String(index))}\n${key32("wrap", recipient)}\n`,
      );
      const header = `age-encryption.org/v1\n${stanzas.join("")}--- ${key32("mac", text)}\n`;
      const payload = `${PAYLOAD_MARK}${JSON.stringify({ to: [...recipients], text } satisfies Payload)}`;
      return new Uint8Array(Buffer.from(header + payload.padEnd(32, " "), "utf8"));
    },
    armor,
    dearmor,
    async open(identity, sealed) {
      const payload = peek(sealed);
      if (!payload || !identity.startsWith(IDENTITY_PREFIX)) return null;
      return payload.to.includes(identity.slice(IDENTITY_PREFIX.length)) ? payload.text : null;
    },
  };
}

/** The fake recipient of a receipt, a salt (base64) and a PIN: what `personKeys` derives. */
export const fakePersonRecipient = (receipt: string, saltBase64: string, pin?: string) =>
  `age1fake${sha256("person", receipt, saltBase64, pin ?? "")
    .toString("hex")
    .slice(0, 32)}`;

export interface FakeReceiptCrypto extends ReceiptCrypto {
  /** receipts handed out, in order */
  readonly receipts: string[];
}

export function fakeReceiptCrypto(): FakeReceiptCrypto {
  const receipts: string[] = [];
  let salts = 0;
  return {
    receipts,
    newReceipt() {
      const receipt = String(4_000_000_000_000_000 + receipts.length * 7_919 + 1);
      receipts.push(receipt);
      return receipt;
    },
    newSalt() {
      salts++;
      return sha256("salt", String(salts)).subarray(0, 16);
    },
    async digest(receipt, key) {
      return `${key.version}#${sha256("digest", key.key.toString("hex"), receipt).toString("base64url")}`;
    },
    async personKeys(receipt, salt, pin): Promise<PersonKeys> {
      const recipient = fakePersonRecipient(receipt, salt.toString("base64"), pin);
      return { recipient, identity: fakeIdentityOf(recipient) };
    },
  };
}

/** A proof the fake checker accepts for `hmacKey` (or refuses, when `expired`). */
export const fakeProof = (
  challengeId: string,
  { hmacKey = "test-pow-key", expiresAt = 2_000_000_000, expired = false } = {},
) => `fake-proof:${hmacKey}:${challengeId}:${expiresAt}:${expired ? "expired" : "fresh"}`;

export function fakeProofOfWork(): ProofOfWork {
  return {
    async check(proof, hmacKey) {
      const [mark, key, challengeId, expiresAt, freshness] = proof.split(":");
      if (mark !== "fake-proof" || key !== hmacKey || !challengeId || freshness !== "fresh")
        return null;
      return { challengeId, expiresAt: Number(expiresAt) };
    },
  };
}
