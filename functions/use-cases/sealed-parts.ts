/**
 * A sealed part as an organisation sends it (a message to the person, a hand-over's narrative
 * or contact): an ASCII-armored age file, not too large, sealed to as many X25519 recipients as
 * it should reach and to nothing else. The server cannot open it and cannot tell *which* keys
 * it was sealed to; what it checks is in domain/age-header.ts.
 */
import { sealedForCount } from "../../domain/age-header.ts";
import type { Sealing } from "../ports/crypto.ts";

const AGE_ARMOR =
  /^-----BEGIN AGE ENCRYPTED FILE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END AGE ENCRYPTED FILE-----\s*$/;
/** The largest sealed part an organisation may send. */
export const SEALED_MAX_CHARACTERS = 64 * 1024;

/** A sealed part that is not an age file for its recipients (the message never echoes it). */
export class SealedPartError extends Error {
  override name = "SealedPartError";
}

/** The age file in an armored sealed part, when it is one for `recipients` X25519 keys. */
export function sealedPart(
  text: string,
  recipients: number,
  sealing: Pick<Sealing, "dearmor">,
): Uint8Array {
  const file =
    text.length <= SEALED_MAX_CHARACTERS && AGE_ARMOR.test(text) ? sealing.dearmor(text) : null;
  if (!file || recipients < 1 || !sealedForCount(file, recipients))
    throw new SealedPartError(
      "A sealed part must be an ASCII-armored age file sealed to its recipients' keys.",
    );
  return file;
}
