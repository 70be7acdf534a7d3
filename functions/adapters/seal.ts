/**
 * Sealing with age (age-encryption): what G7 shares of the person is encrypted to the
 * recipients of the organisation that may read it, one X25519 stanza per staff member, so the
 * standard `age` tool on the organisation's side decrypts it and nobody else can.
 */
import { armor, Decrypter, Encrypter } from "age-encryption";

export async function seal(recipients: readonly string[], text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

/** The ASCII armor (`-----BEGIN AGE ENCRYPTED FILE-----`) that `age -d` reads from a pipe. */
export function armored(sealed: Uint8Array): string {
  return armor.encode(sealed);
}

/** Opens a sealed text with an identity, or returns null when it was not sealed to it. */
export async function open(identity: string, sealed: Uint8Array | string): Promise<string | null> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(
      typeof sealed === "string" ? armor.decode(sealed) : sealed,
      "text",
    );
  } catch {
    return null;
  }
}
