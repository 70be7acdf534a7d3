import { describe, expect, it } from "vitest";
import {
  SEALED_MAX_CHARACTERS,
  SealedPartError,
  sealedPart,
} from "../../../functions/use-cases/sealed-parts.ts";
import { fakeSealing } from "../../helpers/in-memory/crypto.ts";

const sealing = fakeSealing();
const armoredFor = async (recipients: number, text = "Hello") =>
  sealing.armor(
    await sealing.seal(
      Array.from({ length: recipients }, (_, index) => `age1recipient${index}`),
      text,
    ),
  );

describe("a sealed part from an organisation", () => {
  it.each([1, 2, 5])("is taken when sealed to exactly its %i recipient(s)", async (recipients) => {
    const armored = await armoredFor(recipients);
    expect(sealedPart(armored, recipients, sealing)).toEqual(sealing.dearmor(armored));
  });

  it.each([
    ["too few recipients", 2, 3],
    ["too many recipients", 3, 2],
    ["no recipient expected", 1, 0],
  ])("is refused when sealed to %s", async (_, sealedTo, expected) => {
    const armored = await armoredFor(sealedTo);
    expect(() => sealedPart(armored, expected, sealing)).toThrow(SealedPartError);
  });

  it.each([
    ["plain text", async () => "Dear person, we can help."],
    [
      "an empty armor",
      async () => "-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n",
    ],
    [
      "armored text that is not an age file",
      async () => sealing.armor(new TextEncoder().encode("not age at all, just some bytes here")),
    ],
    ["an armor with text after it", async () => `${await armoredFor(1)}PS: hello`],
    ["an armor with something before it", async () => `Note\n${await armoredFor(1)}`],
  ])("is refused as %s, with a message that does not echo it", async (_, make) => {
    const text = await make();
    try {
      sealedPart(text, 1, sealing);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SealedPartError);
      expect((error as Error).message).not.toContain(text.slice(0, 20));
    }
  });

  it(`is refused above ${SEALED_MAX_CHARACTERS} characters, before it is decoded`, async () => {
    const big = await armoredFor(1, "x".repeat(SEALED_MAX_CHARACTERS));
    expect(big.length).toBeGreaterThan(SEALED_MAX_CHARACTERS);
    let decoded = 0;
    const counting = {
      dearmor: (text: string) => {
        decoded++;
        return sealing.dearmor(text);
      },
    };
    expect(() => sealedPart(big, 1, counting)).toThrow(SealedPartError);
    expect(decoded).toBe(0);
  });
});
