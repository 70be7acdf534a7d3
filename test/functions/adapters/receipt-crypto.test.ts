import { describe, expect, it } from "vitest";
import {
  newReceipt,
  newSalt,
  personKeys,
  receiptDigest,
} from "../../../functions/adapters/receipt-crypto.ts";
import { ageSealing } from "../../../functions/adapters/seal.ts";

const { open, seal } = ageSealing;

const key = (version: string, byte: number) => ({ version, key: Buffer.alloc(32, byte) });

describe("newReceipt", () => {
  it("makes 16 digits, different each time, with every digit in use", () => {
    const receipts = Array.from({ length: 200 }, newReceipt);
    for (const receipt of receipts) expect(receipt).toMatch(/^\d{16}$/);
    expect(new Set(receipts).size).toBe(200);
    expect(new Set(receipts.join(""))).toEqual(new Set("0123456789"));
  });
});

describe("receiptDigest", () => {
  it("is the same for the same receipt and key, and names the key version", async () => {
    const a = await receiptDigest("1234567812345678", key("1", 7));
    expect(a).toMatch(/^1#[A-Za-z0-9_-]{43}$/);
    expect(await receiptDigest("1234567812345678", key("1", 7))).toBe(a);
  });

  it.each([
    ["another receipt", "1234567812345679", key("1", 7)],
    ["another key", "1234567812345678", key("1", 8)],
    ["another version of the same key", "1234567812345678", key("2", 7)],
  ])("differs for %s", async (_, receipt, other) => {
    expect(await receiptDigest(receipt, other)).not.toBe(
      await receiptDigest("1234567812345678", key("1", 7)),
    );
  });
});

describe("personKeys", () => {
  it("derives the same key pair from the same receipt and salt, and another with another salt", async () => {
    const salt = newSalt();
    const first = await personKeys("1234567812345678", salt);
    expect(first.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(first.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(await personKeys("1234567812345678", salt)).toEqual(first);
    expect((await personKeys("1234567812345678", newSalt())).recipient).not.toBe(first.recipient);
  });

  it("lets only the receipt's holder open what is sealed to the person", async () => {
    const salt = newSalt();
    const { recipient } = await personKeys("1111222233334444", salt);
    const sealed = await seal([recipient], "a message from an organisation");
    const holder = await personKeys("1111222233334444", salt);
    expect(await open(holder.identity, sealed)).toBe("a message from an organisation");
    const guesser = await personKeys("1111222233334445", salt);
    expect(await open(guesser.identity, sealed)).toBeNull();
  });
});
