import { describe, expect, it } from "vitest";
import {
  EMPTY_LEDGER,
  FREE_TRIES,
  guessablePin,
  nextTryAt,
  type PinLedger,
  reserveTry,
  settleRightTry,
  TRIES_PER_DAY,
  waitAfter,
} from "../../domain/pin-attempts.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;
const START = 20_000 * DAY + 8 * 3_600_000; // 08:00 UTC

/** Wrong tries as fast as the rules allow, from `from` until `until`: when each was taken. */
function guessAsFastAsAllowed(from: number, until: number) {
  let ledger = EMPTY_LEDGER;
  let now = from;
  const taken: number[] = [];
  while (now < until) {
    const next = reserveTry(ledger, now);
    if (next) {
      ledger = next;
      taken.push(now);
    }
    now = Math.max(now + 1, nextTryAt(ledger, now));
  }
  return { taken, ledger };
}

describe("PIN tries", () => {
  it.each([
    [0, 0],
    [FREE_TRIES - 1, 0],
    [FREE_TRIES, MINUTE],
    [FREE_TRIES + 1, 2 * MINUTE],
    [FREE_TRIES + 10, 1024 * MINUTE],
    [FREE_TRIES + 11, DAY],
    [1000, DAY],
  ])("wait after %i wrong tries: %i ms", (wrong, wait) => {
    expect(waitAfter(wrong)).toBe(wait);
  });

  it("take the free tries at once, then only after waits that double", () => {
    const { taken } = guessAsFastAsAllowed(START, START + 3 * 3_600_000);
    const gaps = taken.slice(1).map((at, index) => Math.round((at - (taken[index] ?? 0)) / MINUTE));
    expect(gaps.slice(0, 9)).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 64]);
  });

  it("take at most a day's cap in a UTC day, and one a day once the waits reach a day", () => {
    const midnight = START - (START % DAY);
    const { taken } = guessAsFastAsAllowed(midnight, midnight + DAY);
    expect(taken.length).toBeLessThanOrEqual(TRIES_PER_DAY);
    const year = guessAsFastAsAllowed(START, START + 365 * DAY).taken;
    // The arithmetic of docs/security.md: about one a day, after the first days.
    expect(year.length).toBeLessThan(365 + 15);
    expect(year.length).toBeGreaterThan(365);
  });

  it("are not reset by a right PIN: the waits keep growing with every wrong try", () => {
    let ledger = EMPTY_LEDGER;
    let now = START;
    for (let i = 0; i < 5; i++) {
      now = Math.max(now, nextTryAt(ledger, now));
      ledger = reserveTry(ledger, now) as PinLedger;
    }
    expect(ledger).toMatchObject({ wrong: 5, unseen: 5 });
    now = nextTryAt(ledger, now);
    const before = ledger;
    const reserved = reserveTry(before, now) as PinLedger;
    const settled = settleRightTry(before, reserved, reserved);
    expect(settled).toMatchObject({ wrong: 5, unseen: 0, lastWrongAt: before.lastWrongAt });
    expect(nextTryAt(settled, now)).toBe(nextTryAt(before, now));
  });

  it("keep a wrong try that came between a right try and its settling", () => {
    const reserved = reserveTry(EMPTY_LEDGER, START) as PinLedger;
    const between = reserveTry(reserved, START + 1) as PinLedger;
    expect(settleRightTry(EMPTY_LEDGER, reserved, between)).toMatchObject({
      wrong: 1,
      unseen: 1,
      lastWrongAt: START + 1,
      today: 1,
      version: between.version + 1,
    });
  });

  it("refuse a try while one must wait, and say until when", () => {
    const ledger: PinLedger = { ...EMPTY_LEDGER, wrong: 5, lastWrongAt: START, day: 0, version: 5 };
    expect(reserveTry(ledger, START + MINUTE)).toBeNull();
    expect(nextTryAt(ledger, START)).toBe(START + 4 * MINUTE);
    expect(reserveTry(ledger, START + 4 * MINUTE)).not.toBeNull();
  });
});

describe("a PIN anybody would try first", () => {
  it.each(["111111", "123456", "234567", "654321", "890123", "121212", "123123", "0000000000"])(
    "%s is refused",
    (pin) => expect(guessablePin(pin)).toBe(true),
  );
  it.each(["482619", "246813", "1357924680", "100001"])("%s is taken", (pin) =>
    expect(guessablePin(pin)).toBe(false),
  );
});
