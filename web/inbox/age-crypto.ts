/**
 * The inbox's decryption module: age-encryption and its libraries, most of the inbox's script
 * by weight. It is built apart (web/build.ts, `/assets/inbox-age.js`, an ES module) and loaded
 * only once the staff member picks their key file (identity-keys.ts), so that the first load of
 * the inbox stays small. It holds no state and touches no page: keys in, text out.
 */
import { bech32 } from "@scure/base";
import { armor, Decrypter, Encrypter, identityToRecipient } from "age-encryption";

export type Key = CryptoKey | string;

/** PKCS #8 for an X25519 private key: this prefix, then the 32 bytes of the scalar. */
const PKCS8_X25519 = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x6e,
  0x04,
  0x22,
  0x04,
  0x20,
);

/**
 * An `AGE-SECRET-KEY-1…` as a non-extractable WebCrypto key, so that not even this page's own
 * script can read the secret back; the text itself where the browser has no X25519.
 */
export async function importIdentity(identity: string): Promise<Key> {
  let scalar: Uint8Array;
  try {
    const { prefix, words } = bech32.decode(identity.toLowerCase() as `${string}1${string}`, false);
    scalar = bech32.fromWords(words);
    if (prefix !== "age-secret-key-" || scalar.length !== 32) throw new Error("not X25519");
  } catch {
    throw new Error("not an AGE-SECRET-KEY-1… of 32 bytes");
  }
  const der = new Uint8Array(PKCS8_X25519.length + 32);
  der.set(PKCS8_X25519);
  der.set(scalar, PKCS8_X25519.length);
  try {
    return await crypto.subtle.importKey("pkcs8", der, { name: "X25519" }, false, ["deriveBits"]);
  } catch {
    return identity; // a browser without X25519 in WebCrypto: age-encryption's own code
  } finally {
    der.fill(0);
    scalar.fill(0);
  }
}

export const recipientOf = (key: Key): Promise<string> => identityToRecipient(key);

/** The text sealed in `armored`, or null when none of the keys opens it. */
export async function open(keys: readonly Key[], armored: string): Promise<string | null> {
  try {
    const decrypter = new Decrypter();
    for (const key of keys) decrypter.addIdentity(key);
    return await decrypter.decrypt(armor.decode(armored), "text");
  } catch {
    return null;
  }
}

export async function sealTo(recipients: readonly string[], text: string): Promise<string> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(text));
}
