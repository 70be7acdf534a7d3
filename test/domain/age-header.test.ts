import { execFileSync } from "node:child_process";
import {
  Encrypter,
  generateHybridIdentity,
  generateX25519Identity,
  identityToRecipient,
} from "age-encryption";
import { describe, expect, it } from "vitest";
import { readAgeHeader, sealedForCount } from "../../domain/age-header.ts";

async function recipients(count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () => identityToRecipient(await generateX25519Identity())),
  );
}

async function sealed(to: string[], text = "words"): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const recipient of to) encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

const bytes = (text: string) => new TextEncoder().encode(text);
const KEY = "A".repeat(43);

describe("the header of an age file", () => {
  it.each([1, 2, 5])("counts %i X25519 stanzas of a file age-encryption sealed", async (count) => {
    const file = await sealed(await recipients(count));
    expect(readAgeHeader(file)).toEqual({ ok: true, x25519Stanzas: count });
    expect(sealedForCount(file, count)).toBe(true);
    expect(sealedForCount(file, count + 1)).toBe(false);
  });

  it("reads a file the age command sealed to two recipients", async () => {
    const to = await recipients(2);
    const file = execFileSync(
      "age",
      to.flatMap((r) => ["-r", r]),
      { input: "words" },
    );
    expect(readAgeHeader(new Uint8Array(file))).toEqual({ ok: true, x25519Stanzas: 2 });
  });

  it("refuses a file with a stanza of another kind (a passphrase, a post-quantum key)", async () => {
    const encrypter = new Encrypter();
    encrypter.setPassphrase("a passphrase");
    encrypter.setScryptWorkFactor(4);
    expect(readAgeHeader(await encrypter.encrypt("words"))).toEqual({
      ok: false,
      problem: "other_stanza",
    });
    const hybrid = identityToRecipient(await generateHybridIdentity());
    expect(readAgeHeader(await sealed([await hybrid]))).toMatchObject({ ok: false });
  });

  it.each([
    ["no header at all", "hello"],
    [
      "another version",
      `age-encryption.org/v2\n-> X25519 ${KEY}\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`,
    ],
    ["no stanza", `age-encryption.org/v1\n--- ${KEY}\n${"x".repeat(32)}`],
    [
      "a short share",
      `age-encryption.org/v1\n-> X25519 AAAA\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`,
    ],
    [
      "a stanza with two bodies",
      `age-encryption.org/v1\n-> X25519 ${KEY}\n${"A".repeat(64)}\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`,
    ],
    ["no MAC", `age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}\n${"x".repeat(32)}`],
    ["no payload", `age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}\n--- ${KEY}\n`],
    [
      "a control character",
      `age-encryption.org/v1\n-> X25519 ${KEY}\u0007\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`,
    ],
  ])("is refused for %s", (_, text) => {
    expect(readAgeHeader(bytes(text))).toEqual({ ok: false, problem: "not_age" });
  });

  it("takes a hand-made header of the right shape", () => {
    const text = `age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}\n-> X25519 ${KEY}\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`;
    expect(readAgeHeader(bytes(text))).toEqual({ ok: true, x25519Stanzas: 2 });
  });

  const header = (stanzas: number, payload = 32) =>
    bytes(
      `age-encryption.org/v1\n${`-> X25519 ${KEY}\n${KEY}\n`.repeat(stanzas)}--- ${KEY}\n${"x".repeat(payload)}`,
    );

  it.each([
    ["64 stanzas", header(64), { ok: true, x25519Stanzas: 64 }],
    ["65 stanzas", header(65), { ok: false, problem: "not_age" }],
    ["the smallest payload", header(1, 32), { ok: true, x25519Stanzas: 1 }],
    ["a payload one byte short", header(1, 31), { ok: false, problem: "not_age" }],
    [
      "a MAC of the wrong length",
      bytes(`age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}\n--- AAAA\n${"x".repeat(32)}`),
      { ok: false, problem: "not_age" },
    ],
    [
      "a stanza with a third argument",
      bytes(`age-encryption.org/v1\n-> X25519 ${KEY} extra\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`),
      { ok: false, problem: "not_age" },
    ],
    [
      "another stanza after an X25519 one",
      bytes(
        `age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}\n-> scrypt salt 10\n${KEY}\n--- ${KEY}\n${"x".repeat(32)}`,
      ),
      { ok: false, problem: "other_stanza" },
    ],
    [
      "a line longer than 200 bytes",
      bytes(
        `age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}\n--- ${KEY}${" ".repeat(200)}\n${"x".repeat(32)}`,
      ),
      { ok: false, problem: "not_age" },
    ],
    [
      "a header cut off",
      bytes(`age-encryption.org/v1\n-> X25519 ${KEY}\n${KEY}`),
      { ok: false, problem: "not_age" },
    ],
  ])("reads a header with %s", (_, file, expected) => {
    expect(readAgeHeader(file)).toEqual(expected);
  });
});
