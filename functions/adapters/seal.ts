/**
 * Sealing with age (age-encryption): what G7 shares of the person is encrypted to the
 * recipients of the organisation that may read it, one X25519 stanza per staff member, so the
 * standard `age` tool on the organisation's side decrypts it and nobody else can. With
 * age-armor.ts, the only place the functions use age; the use cases reach it through the
 * `Sealing` port.
 *
 * age is given and gives back streams, read here: handed a string or bytes, age collects its
 * output with `new Response(stream)`, and the first `Response` of a process loads Node's fetch
 * implementation (undici), about 30 ms of a cold start's first seal for nothing it needs.
 */
import { Decrypter, Encrypter } from "age-encryption";
import type { Sealing } from "../ports/crypto.ts";
import { ageArmor } from "./age-armor.ts";

/** One chunk as a stream, as age makes of the bytes it is handed. */
const streamOf = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

/** Every byte of a stream, in one array; a stream that fails (a wrong MAC) throws. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    length += read.value.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function seal(recipients: readonly string[], text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return readAll(await encrypter.encrypt(streamOf(new TextEncoder().encode(text))));
}

/** Opens a sealed text with an identity, or returns null when it was not sealed to it. */
async function open(identity: string, sealed: Uint8Array | string): Promise<string | null> {
  const file = typeof sealed === "string" ? ageArmor.dearmor(sealed) : sealed;
  if (!file) return null;
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return new TextDecoder().decode(await readAll(await decrypter.decrypt(streamOf(file))));
  } catch {
    return null;
  }
}

export const ageSealing: Sealing = { ...ageArmor, seal, open };
