/**
 * How many PINs a case takes, and when: the rules that keep someone who found the receipt from
 * guessing the PIN over the whole life of the case (docs/security.md, "The PIN").
 *
 * Every try is counted as wrong *before* the key is derived, by a conditional write of the
 * case's ledger, so that tries sent at once cannot all pass on one reading of it; a try that
 * turns out right is given back. A right PIN never wipes the wrong ones before it: the waits
 * grow with every wrong try the case ever had, and only the count shown to the person (`unseen`)
 * goes back to zero when they see it.
 */

/** What a case keeps of its PIN tries (no PIN, no address, no time but the last wrong one). */
export interface PinLedger {
  /** wrong tries since the PIN was chosen: never reset */
  wrong: number;
  /** wrong tries since the person last got in, shown to them then */
  unseen: number;
  /** epoch ms of the last wrong try */
  lastWrongAt: number;
  /** the UTC day (days since the epoch) `today` counts */
  day: number;
  /** wrong tries on that day */
  today: number;
  /** bumped by every write: the condition of the next one */
  version: number;
}

/** A new PIN: 6 to 10 digits, so 10^6 at least. PINs chosen before (4 to 8) still open. */
export const NEW_PIN = /^\d{6,10}$/;
/** Any PIN that may open a case: chosen now, or before the longer PINs. */
export const ANY_PIN = /^\d{4,10}$/;
/** Wrong tries a case takes without waiting: typing errors. */
export const FREE_TRIES = 3;
/** The wait after the first try past the free ones; it doubles with each wrong try. */
export const FIRST_WAIT_MS = 60_000;
/** The longest wait between two tries. */
export const LONGEST_WAIT_MS = 86_400_000;
/** Wrong tries a case takes in one UTC day, whatever the waits. */
export const TRIES_PER_DAY = 10;

const DAY_MS = 86_400_000;
const dayOf = (at: number) => Math.floor(at / DAY_MS);

export const EMPTY_LEDGER: PinLedger = {
  wrong: 0,
  unseen: 0,
  lastWrongAt: 0,
  day: 0,
  today: 0,
  version: 0,
};

/** The wait before the next try, after `wrong` wrong ones. */
export function waitAfter(wrong: number): number {
  if (wrong < FREE_TRIES) return 0;
  // 2^(wrong - FREE_TRIES) minutes, and never more than a day (2^11 minutes is past a day).
  return Math.min(FIRST_WAIT_MS * 2 ** Math.min(wrong - FREE_TRIES, 11), LONGEST_WAIT_MS);
}

/** When the case takes its next PIN try (epoch ms; `now` or earlier: it takes one now). */
export function nextTryAt(ledger: PinLedger, now: number): number {
  const afterWait = ledger.wrong === 0 ? 0 : ledger.lastWrongAt + waitAfter(ledger.wrong);
  const dayFull = ledger.day === dayOf(now) && ledger.today >= TRIES_PER_DAY;
  return Math.max(afterWait, dayFull ? (dayOf(now) + 1) * DAY_MS : 0);
}

/** The ledger with one more try counted as wrong, or null when the case takes none now. */
export function reserveTry(ledger: PinLedger, now: number): PinLedger | null {
  if (nextTryAt(ledger, now) > now) return null;
  const day = dayOf(now);
  return {
    wrong: ledger.wrong + 1,
    unseen: ledger.unseen + 1,
    lastWrongAt: now,
    day,
    today: (ledger.day === day ? ledger.today : 0) + 1,
    version: ledger.version + 1,
  };
}

/**
 * The ledger once a reserved try proved right: that try given back, and the wrong tries the
 * person has now been shown set to zero. `current` is the ledger as it is now: other tries may
 * have come between `reserved` and now, and they stay counted (and unseen).
 */
export function settleRightTry(
  previous: PinLedger,
  reserved: PinLedger,
  current: PinLedger,
): PinLedger {
  const untouched = current.version === reserved.version;
  return {
    wrong: Math.max(0, current.wrong - 1),
    unseen: Math.max(0, current.unseen - reserved.unseen),
    lastWrongAt: untouched ? previous.lastWrongAt : current.lastWrongAt,
    day: current.day,
    today: Math.max(0, current.day === reserved.day ? current.today - 1 : current.today),
    version: current.version + 1,
  };
}

/** A PIN anyone could guess first: one digit repeated, a run up or down, a short block again. */
export function guessablePin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(
    digits.slice(1).map((digit, index) => (digit - (digits[index] ?? 0) + 10) % 10),
  );
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0] ?? -1)) return true;
  for (const block of [2, 3]) {
    if (pin.length % block === 0 && pin === pin.slice(0, block).repeat(pin.length / block))
      return true;
  }
  return false;
}
