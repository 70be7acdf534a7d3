/**
 * Sealing with age (age-encryption): what G7 shares of the person is encrypted to the
 * recipients of the organisation that may read it, one X25519 stanza per staff member, so the
 * standard `age` tool on the organisation's side decrypts it and nobody else can. With
 * age-armor.ts, the only place the functions use age; the use cases reach it through the
 * `Sealing` port.
 */
import { Decrypter, Encrypter } from "age-encryption";
import type { Sealing } from "../ports/crypto.ts";
import { ageArmor } from "./age-armor.ts";

async function seal(recipients: readonly string[], text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

/** Opens a sealed text with an identity, or returns null when it was not sealed to it. */
async function open(identity: string, sealed: Uint8Array | string): Promise<string | null> {
  const file = typeof sealed === "string" ? ageArmor.dearmor(sealed) : sealed;
  if (!file) return null;
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(file, "text");
  } catch {
    return null;
  }
}

export const ageSealing: Sealing = { ...ageArmor, seal, open };
