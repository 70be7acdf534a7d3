/**
 * The staff member's age identity, in memory and as little as possible: imported from the
 * picked file into non-extractable WebCrypto keys where the browser can, used to open what the
 * API hands over, and the recipients' keys to seal what the inbox sends on.
 *
 * The decryption itself (age-encryption, age-crypto.ts) is a module of its own, pinned by the
 * build and loaded when the key file is picked (pinned-module.ts): the first load of the inbox
 * carries none of it.
 */
import type * as AgeCrypto from "./age-crypto.ts";
import { IDENTITY_FILE_MAX_BYTES, identitiesIn } from "./identity-file.ts";
import { loadPinned, type PinnedModule } from "./pinned-module.ts";

export type Key = AgeCrypto.Key;

/** Where the decryption module is and the integrity of its bytes: put in by web/build.ts. */
declare const DECRYPTION_MODULE: PinnedModule;

/** The decryption module; loaded once, at the first call (or when the key file is picked). */
export const decryption = (): Promise<typeof AgeCrypto> =>
  loadPinned<typeof AgeCrypto>(DECRYPTION_MODULE);

/** What is wrong with the identity file: a catalog key. */
export class KeyProblem extends Error {
  override name = "KeyProblem";
  constructor(readonly key: string) {
    super(key);
  }
}

export async function keysFrom(file: File): Promise<{ keys: Key[]; recipients: string[] }> {
  if (file.size > IDENTITY_FILE_MAX_BYTES) throw new KeyProblem("signIn.tooLarge");
  const identities = identitiesIn(await file.text());
  if (identities.length === 0) throw new KeyProblem("signIn.noIdentity");
  const age = await decryption();
  try {
    const keys = await Promise.all(identities.map(age.importIdentity));
    return { keys, recipients: await Promise.all(keys.map(age.recipientOf)) };
  } catch {
    throw new KeyProblem("signIn.badIdentity");
  }
}

export async function open(keys: readonly Key[], armored: string): Promise<string | null> {
  return (await decryption()).open(keys, armored);
}

export async function sealTo(recipients: readonly string[], text: string): Promise<string> {
  return (await decryption()).sealTo(recipients, text);
}
