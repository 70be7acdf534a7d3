/**
 * What the server can check of an age file it cannot open (age-encryption.org/v1): that its
 * header is well formed, that every stanza is an X25519 one, and how many there are. An X25519
 * stanza carries only an ephemeral share and the wrapped file key, never the recipient, so
 * *which* keys a file was sealed to cannot be checked without a private key; *how many* can
 * (docs/security.md, "Sealed parts from organisations").
 *
 * The header, as the age specification writes it:
 *
 *     age-encryption.org/v1
 *     -> X25519 <43 characters of unpadded base64: the 32-byte ephemeral share>
 *     <43 characters of unpadded base64: the 32-byte wrapped file key>
 *     --- <43 characters of unpadded base64: the header's HMAC>
 *     <payload: a 16-byte nonce, then chunks of at least a 16-byte tag each>
 */

const VERSION_LINE = "age-encryption.org/v1";
/** 32 bytes as unpadded, canonical base64 (the last character carries 4 bits and 2 zeros). */
const KEY_32 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/;
/** The smallest payload: the nonce and the tag of one (empty) chunk. */
const MIN_PAYLOAD = 16 + 16;
/** No more lines than a file for every staff member of a large organisation would have. */
const MAX_STANZAS = 64;

export type AgeHeader =
  | { ok: true; x25519Stanzas: number }
  | { ok: false; problem: "not_age" | "other_stanza" };

/** Reads the header of an age file (binary, after the armor is taken off). */
export function readAgeHeader(file: Uint8Array): AgeHeader {
  let offset = 0;
  const line = (): string | null => {
    const end = file.indexOf(0x0a, offset);
    if (end < 0 || end - offset > 200) return null;
    let text = "";
    for (let index = offset; index < end; index++) {
      const byte = file[index] ?? 0;
      // The header is printable ASCII only.
      if (byte < 0x20 || byte > 0x7e) return null;
      text += String.fromCharCode(byte);
    }
    offset = end + 1;
    return text;
  };
  if (line() !== VERSION_LINE) return { ok: false, problem: "not_age" };
  let stanzas = 0;
  for (;;) {
    const next = line();
    if (next === null) return { ok: false, problem: "not_age" };
    if (next.startsWith("--- ")) {
      const mac = next.slice(4);
      if (!KEY_32.test(mac) || stanzas === 0) return { ok: false, problem: "not_age" };
      break;
    }
    if (!next.startsWith("-> ")) return { ok: false, problem: "not_age" };
    const [type, share, ...rest] = next.slice(3).split(" ");
    if (type !== "X25519") return { ok: false, problem: "other_stanza" };
    if (!share || !KEY_32.test(share) || rest.length > 0) return { ok: false, problem: "not_age" };
    const body = line();
    if (body === null || !KEY_32.test(body)) return { ok: false, problem: "not_age" };
    stanzas += 1;
    if (stanzas > MAX_STANZAS) return { ok: false, problem: "not_age" };
  }
  if (file.length - offset < MIN_PAYLOAD) return { ok: false, problem: "not_age" };
  return { ok: true, x25519Stanzas: stanzas };
}

/**
 * Whether a sealed part could have been sealed to the expected recipients: a well-formed age
 * file with exactly one X25519 stanza per expected recipient and no stanza of another kind.
 */
export function sealedForCount(file: Uint8Array, recipients: number): boolean {
  const header = readAgeHeader(file);
  return header.ok && header.x25519Stanzas === recipients;
}
