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

const NOT_AGE: AgeHeader = { ok: false, problem: "not_age" };

/** The header's lines one by one: printable ASCII up to a newline, or null for anything else. */
class HeaderLines {
  private offset = 0;
  private readonly file: Uint8Array;

  constructor(file: Uint8Array) {
    this.file = file;
  }

  next(): string | null {
    const end = this.file.indexOf(0x0a, this.offset);
    if (end < 0 || end - this.offset > 200) return null;
    let text = "";
    for (let index = this.offset; index < end; index++) {
      const byte = this.file[index] ?? 0;
      // The header is printable ASCII only.
      if (byte < 0x20 || byte > 0x7e) return null;
      text += String.fromCharCode(byte);
    }
    this.offset = end + 1;
    return text;
  }

  /** How many bytes follow the header. */
  rest(): number {
    return this.file.length - this.offset;
  }
}

/** One stanza after its `-> ` line: null when it is a well-formed X25519 one. */
function stanzaProblem(line: string, lines: HeaderLines): AgeHeader | null {
  const [type, share, ...rest] = line.slice(3).split(" ");
  if (type !== "X25519") return { ok: false, problem: "other_stanza" };
  if (!share || !KEY_32.test(share) || rest.length > 0) return NOT_AGE;
  const body = lines.next();
  return body === null || !KEY_32.test(body) ? NOT_AGE : null;
}

/** The stanzas up to the MAC line: how many, or what was wrong. */
function countStanzas(lines: HeaderLines): AgeHeader {
  for (let stanzas = 0; stanzas <= MAX_STANZAS; stanzas++) {
    const next = lines.next();
    if (next === null) return NOT_AGE;
    if (next.startsWith("--- ")) {
      const macOk = KEY_32.test(next.slice(4)) && stanzas > 0;
      return macOk ? { ok: true, x25519Stanzas: stanzas } : NOT_AGE;
    }
    if (!next.startsWith("-> ")) return NOT_AGE;
    const problem = stanzaProblem(next, lines);
    if (problem) return problem;
  }
  return NOT_AGE;
}

/** Reads the header of an age file (binary, after the armor is taken off). */
export function readAgeHeader(file: Uint8Array): AgeHeader {
  const lines = new HeaderLines(file);
  if (lines.next() !== VERSION_LINE) return NOT_AGE;
  const header = countStanzas(lines);
  if (header.ok && lines.rest() < MIN_PAYLOAD) return NOT_AGE;
  return header;
}

/**
 * Whether a sealed part could have been sealed to the expected recipients: a well-formed age
 * file with exactly one X25519 stanza per expected recipient and no stanza of another kind.
 */
export function sealedForCount(file: Uint8Array, recipients: number): boolean {
  const header = readAgeHeader(file);
  return header.ok && header.x25519Stanzas === recipients;
}
