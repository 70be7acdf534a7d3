/**
 * The receipt's scrypts (functions/adapters/receipt-crypto.ts) two at a time in the local
 * runtime. Each takes a libuv thread (four by default) and a block of 16 MiB (the digest) or
 * 8 MiB (the person's key) for as long as it runs. On Lambda an instance serves one request at a
 * time, so only that request's two or three run at once; here every request shares one process,
 * and eight reports at a time kept four scrypts running: up to 64 MiB of blocks beside the heap. Two at a time keep both
 * cores of a small machine busy while the JavaScript thread, which also runs the emulators,
 * still gets one of them. The Lambda path is left as it is: this wraps the adapter's object,
 * which every local handler shares, when the local system starts.
 */
import type { ReceiptCrypto } from "../functions/ports/crypto.ts";

export const RECEIPT_DERIVATION_SLOTS = 2;

/** Runs at most `slots` of the tasks given to it at once, the others in the order they came. */
export function slotsOf(slots: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

const bounded = new WeakSet<ReceiptCrypto>();

/** Makes `crypto` derive at most `slots` digests and keys at once (once per object). */
export function boundReceiptDerivations(
  crypto: ReceiptCrypto,
  slots = RECEIPT_DERIVATION_SLOTS,
): void {
  if (bounded.has(crypto)) return;
  bounded.add(crypto);
  const inSlot = slotsOf(slots);
  const { digest, personKeys } = crypto;
  crypto.digest = (receipt, key) => inSlot(() => digest(receipt, key));
  crypto.personKeys = (receipt, salt, pin) => inSlot(() => personKeys(receipt, salt, pin));
}
