import { describe, expect, it } from "vitest";
import { FIRST_WAIT_MS, FREE_TRIES, TRIES_PER_DAY } from "../../../domain/pin-attempts.ts";
import { normaliseNewPin, normalisePin, tryPin } from "../../../functions/use-cases/status-pin.ts";
import { inMemoryPinAttempts } from "../../helpers/in-memory/ledgers.ts";
import { aRegion } from "../../helpers/region-factory.ts";

const region = aRegion();
const NOW = Date.UTC(2025, 0, 6, 8, 0, 0);
const CASE = "case-1";

/** A wrong try: taken and never proved right. */
async function wrongTry(attempts: ReturnType<typeof inMemoryPinAttempts>, at: number) {
  return tryPin(attempts, region, CASE, at);
}

describe("a PIN as typed", () => {
  it.each([
    ["123456", "123456"],
    ["4821", "4821"],
    [" 48 21 ", "4821"],
    ["٤٨٢١٩٣", "482193"],
    ["48210", "48210"],
    ["123", undefined],
    ["12345678901", undefined],
    ["12ab", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%j opens as %j", (typed, pin) => {
    expect(normalisePin(typed)).toBe(pin);
  });

  it.each([
    ["482193", "482193"],
    ["۴۸۲۱۹۳", "482193"],
    ["4821", undefined],
    ["111111", undefined],
    ["123456", undefined],
    ["987654", undefined],
    ["121212", undefined],
    ["12345678901", undefined],
  ])("%j may be chosen as %j", (typed, pin) => {
    expect(normaliseNewPin(typed)).toBe(pin);
  });
});

describe("one PIN try", () => {
  it(`takes ${FREE_TRIES} wrong tries at once, then slows the next one down`, async () => {
    const attempts = inMemoryPinAttempts();
    for (let attempt = 0; attempt < FREE_TRIES; attempt++)
      expect((await wrongTry(attempts, NOW)).admitted).toBe(true);
    const refused = await wrongTry(attempts, NOW + 1000);
    expect(refused).toEqual({ admitted: false, retryAt: NOW + FIRST_WAIT_MS });
    // The right PIN is refused too while the case waits: the wait does not tell which is right.
    expect((await wrongTry(attempts, NOW + FIRST_WAIT_MS - 1)).admitted).toBe(false);
    expect((await wrongTry(attempts, NOW + FIRST_WAIT_MS)).admitted).toBe(true);
    const next = await wrongTry(attempts, NOW + FIRST_WAIT_MS + 1);
    expect(next).toEqual({ admitted: false, retryAt: NOW + 3 * FIRST_WAIT_MS });
    expect(attempts.ledgerOf(CASE)?.wrong).toBe(FREE_TRIES + 1);
  });

  it(`takes no more than ${TRIES_PER_DAY} wrong tries a day, however long the guesser waits`, async () => {
    const attempts = inMemoryPinAttempts();
    let at = NOW;
    let admitted = 0;
    const endOfDay = Date.UTC(2025, 0, 7);
    while (at < endOfDay) {
      const attempt = await wrongTry(attempts, at);
      if (attempt.admitted) admitted++;
      at = attempt.admitted ? at + 1 : Math.max(at + 1, attempt.retryAt);
    }
    expect(admitted).toBeLessThanOrEqual(TRIES_PER_DAY);
    expect(admitted).toBeGreaterThan(FREE_TRIES);
  });

  it("gives a right try back, and says how many wrong ones came before it", async () => {
    const attempts = inMemoryPinAttempts();
    await wrongTry(attempts, NOW);
    await wrongTry(attempts, NOW + 1);
    const right = await wrongTry(attempts, NOW + 2);
    if (!right.admitted) throw new Error("The third try is free.");
    expect(await right.right()).toBe(2);
    expect(attempts.ledgerOf(CASE)).toMatchObject({ wrong: 2, unseen: 0 });
    // Seen once, not again.
    const again = await wrongTry(attempts, NOW + 3);
    expect(again.admitted && (await again.right())).toBe(0);
    expect(attempts.ledgerOf(CASE)).toMatchObject({ wrong: 2, unseen: 0 });
  });

  it("makes a try that loses the race for the ledger wait its turn, never pass uncounted", async () => {
    const attempts = inMemoryPinAttempts();
    await attempts.read(CASE, 0);
    attempts.loseNextSwaps(CASE, 1);
    const lost = await wrongTry(attempts, NOW);
    expect(lost).toEqual({ admitted: false, retryAt: NOW + 1000 });
    expect(attempts.ledgerOf(CASE)?.wrong).toBe(0);
  });

  it("keeps a try that wrote in between when settling a right one", async () => {
    const attempts = inMemoryPinAttempts();
    const right = await wrongTry(attempts, NOW);
    await wrongTry(attempts, NOW + 1); // a guess at the same moment
    if (!right.admitted) throw new Error("The first try is free.");
    expect(await right.right()).toBe(0);
    expect(attempts.ledgerOf(CASE)).toMatchObject({ wrong: 1, unseen: 1 });
  });
});
