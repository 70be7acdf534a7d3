/**
 * age as the functions seal with it (functions/adapters/seal.ts): what it seals, the `age`
 * command opens with any of the recipients' identities, whatever its length (age cuts the text
 * in chunks of 64 KiB); what it opens, only the right identity opens, and a changed byte opens
 * to nothing.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import { afterAll, describe, expect, it } from "vitest";
import { ageSealing } from "../../../functions/adapters/seal.ts";

const folder = mkdtempSync(path.join(tmpdir(), "seal-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function keyPair(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** What the `age` command reads from a sealed file with an identity. */
function ageDecrypts(identity: string, sealed: Uint8Array): string {
  const identityFile = path.join(folder, `identity-${Math.random().toString(36).slice(2)}`);
  writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
  return execFileSync("age", ["-d", "-i", identityFile], { input: sealed, encoding: "utf8" });
}

const TEXTS = [
  ["a short text", "tekst ✓ — ثبت"],
  ["an empty text", ""],
  ["a text of several chunks", `${"α".repeat(70_000)}end`],
] as const;

describe("seal", () => {
  it.each(TEXTS)(
    "seals %s that the age command opens with each recipient's identity",
    async (_, text) => {
      const [first, second] = [await keyPair(), await keyPair()];
      const sealed = await ageSealing.seal([first.recipient, second.recipient], text);
      expect(ageDecrypts(first.identity, sealed)).toBe(text);
      expect(ageDecrypts(second.identity, sealed)).toBe(text);
    },
  );
});

describe("open", () => {
  it.each(TEXTS)("opens %s sealed by age-encryption, armored or not", async (_, text) => {
    const { identity, recipient } = await keyPair();
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const sealed = await encrypter.encrypt(text);
    expect(await ageSealing.open(identity, sealed)).toBe(text);
    expect(await ageSealing.open(identity, ageSealing.armor(sealed))).toBe(text);
  });

  it("opens to nothing with another identity, with a changed byte, or from what is not age", async () => {
    const { identity, recipient } = await keyPair();
    const sealed = await ageSealing.seal([recipient], "words");
    expect(await ageSealing.open((await keyPair()).identity, sealed)).toBeNull();
    const changed = Uint8Array.from(sealed);
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
    expect(await ageSealing.open(identity, changed)).toBeNull();
    expect(await ageSealing.open(identity, "not an age file")).toBeNull();
    expect(await ageSealing.open(identity, new TextEncoder().encode("not an age file"))).toBeNull();
  });
});
