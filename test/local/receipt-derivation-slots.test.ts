import { describe, expect, it } from "vitest";
import { receiptCrypto } from "../../functions/adapters/receipt-crypto.ts";
import type { PersonKeys, ReceiptCrypto } from "../../functions/ports/crypto.ts";
import { boundReceiptDerivations, slotsOf } from "../../local/receipt-derivation-slots.ts";

/** Tasks that each wait to be released, counting how many run at once. */
function gatedTasks() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const releases: (() => void)[] = [];
  const task = (id: number) => async () => {
    running++;
    most = Math.max(most, running);
    started.push(id);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return id;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()?.();
      await settle();
    }
  };
  return { task, started, releaseAll, settle, most: () => most };
}

describe("slotsOf", () => {
  it.each([1, 2, 3])("runs at most %i at once, the others in the order they came", async (n) => {
    const inSlot = slotsOf(n);
    const gate = gatedTasks();
    const results = Promise.all([0, 1, 2, 3, 4, 5, 6].map((id) => inSlot(gate.task(id))));
    await gate.settle();
    expect(gate.started).toEqual([0, 1, 2, 3, 4, 5, 6].slice(0, n));
    await gate.releaseAll();
    expect(await results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(gate.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(gate.most()).toBe(n);
  });

  it("frees the slot of a task that failed", async () => {
    const inSlot = slotsOf(1);
    await expect(inSlot(() => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await expect(inSlot(() => Promise.resolve("next"))).resolves.toBe("next");
  });
});

describe("boundReceiptDerivations", () => {
  const keys: PersonKeys = { identity: "AGE-SECRET-KEY-1X", recipient: "age1x" };

  it("derives digests and keys two at a time, together, and wraps an object once", async () => {
    const gate = gatedTasks();
    let next = 0;
    const crypto: ReceiptCrypto = {
      newReceipt: () => "0000000000000000",
      newSalt: () => Buffer.alloc(16),
      digest: () =>
        gate
          .task(next++)()
          .then((id) => `1#${id}`),
      personKeys: () =>
        gate
          .task(next++)()
          .then(() => keys),
    };
    boundReceiptDerivations(crypto);
    const once = crypto.digest;
    boundReceiptDerivations(crypto);
    expect(crypto.digest).toBe(once);

    const key = { version: "1", key: Buffer.alloc(32) };
    const all = Promise.all([
      crypto.digest("1", key),
      crypto.personKeys("1", Buffer.alloc(16)),
      crypto.digest("2", key),
      crypto.personKeys("2", Buffer.alloc(16), "1234"),
    ]);
    await gate.settle();
    expect(gate.started).toHaveLength(2);
    await gate.releaseAll();
    expect(await all).toEqual(["1#0", keys, "1#2", keys]);
    expect(gate.most()).toBe(2);
  });

  it("derives the same digest and keys as the adapter alone", async () => {
    const own = { ...receiptCrypto };
    boundReceiptDerivations(own);
    const key = { version: "3", key: Buffer.alloc(32, 7) };
    const salt = Buffer.alloc(16, 1);
    expect(await own.digest("1234567890123456", key)).toBe(
      await receiptCrypto.digest("1234567890123456", key),
    );
    expect(await own.personKeys("1234567890123456", salt, "0000")).toEqual(
      await receiptCrypto.personKeys("1234567890123456", salt, "0000"),
    );
  });
});
