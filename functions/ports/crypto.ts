/**
 * The cryptography the use cases need, as ports: sealing to age recipients, what is done with a
 * receipt, and checking a proof of work. The adapters (functions/adapters/seal.ts,
 * receipt-crypto.ts, proof-of-work.ts) implement them with age-encryption, node:crypto and
 * altcha-lib; no use case imports those libraries, so a unit test can count or fake every step.
 */

/** Sealing with age: X25519 recipients, the standard `age` tool opens it on the other side. */
export interface Sealing {
  /** The binary age file of `text`, sealed to every recipient (`age1…`). */
  seal(recipients: readonly string[], text: string): Promise<Uint8Array>;
  /** The ASCII armor (`-----BEGIN AGE ENCRYPTED FILE-----`) that `age -d` reads from a pipe. */
  armor(file: Uint8Array): string;
  /** The age file inside an armor, or null when the text is not one. */
  dearmor(text: string): Uint8Array | null;
  /** Opens a sealed file (binary or armored) with an identity; null when not sealed to it. */
  open(identity: string, sealed: Uint8Array | string): Promise<string | null>;
}

/**
 * What the organisations' side needs of age: the server never seals or opens there, it only
 * armors what it keeps and reads the armor of what organisations send (a smaller bundle).
 */
export type Armor = Pick<Sealing, "armor" | "dearmor">;

/** A versioned key the receipt digest is keyed with (the receipt-keys secret). */
export interface ReceiptHashKey {
  version: string;
  key: Buffer;
}

/** The deployment's secrets, as the functions read them (functions/adapters/secrets.ts). */
export interface Secrets {
  powHmacKey: string;
  /** newest first; empty in a function that is given no receipt keys (the challenge) */
  receiptHashKeys: ReceiptHashKey[];
}

export interface PersonKeys {
  /** `AGE-SECRET-KEY-1…`: derived again from the receipt when the person comes back; never kept */
  identity: string;
  /** `age1…`: kept with the case, so organisations can seal messages to the person */
  recipient: string;
}

/** Everything done with a receipt, the person's one credential (never kept itself). */
export interface ReceiptCrypto {
  /** A new receipt: digits from the operating system's cryptographic random source. */
  newReceipt(): string;
  /** A new per-case salt of the person's key. */
  newSalt(): Buffer;
  /** The keyed slow digest a receipt's link is found by, as `<key version>#<digest>`. */
  digest(receipt: string, key: ReceiptHashKey): Promise<string>;
  /** The person's key pair, from the receipt, the case's salt and the PIN once one is chosen. */
  personKeys(receipt: string, salt: Buffer, pin?: string): Promise<PersonKeys>;
}

/** What a valid proof of work proves: which challenge it solved, and until when it is good. */
export interface CheckedProof {
  /** the challenge's own id, recorded once to refuse a replay */
  challengeId: string;
  /** when the record of its use may go (epoch seconds) */
  expiresAt: number;
}

/** Checks a proof of work against the deployment's key. */
export interface ProofOfWork {
  /** The challenge a proof solved, or null when it is not valid or expired. */
  check(proof: string, hmacKey: string): Promise<CheckedProof | null>;
}
