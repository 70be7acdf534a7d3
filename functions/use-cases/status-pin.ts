/**
 * One PIN try on a case, as the status use case makes it: counted as wrong before the key is
 * derived (a conditional write), given back when it proves right. The rules are in
 * domain/pin-attempts.ts.
 */
import {
  ANY_PIN,
  guessablePin,
  NEW_PIN,
  nextTryAt,
  type PinLedger,
  reserveTry,
  settleRightTry,
} from "../../domain/pin-attempts.ts";
import { normaliseDigits } from "../../domain/receipt.ts";
import type { Region } from "../../domain/region.ts";
import type { PinAttempts } from "../ports/ledgers.ts";

/** A PIN as typed (any script's digits), or undefined when it is not one that may open a case. */
export function normalisePin(input: string | undefined): string | undefined {
  if (input === undefined || input === "") return undefined;
  const digits = normaliseDigits(input, 10);
  return digits !== null && ANY_PIN.test(digits) ? digits : undefined;
}

/** A PIN the person may choose now: 6 to 10 digits, and not one anybody would try first. */
export function normaliseNewPin(input: string): string | undefined {
  const digits = normaliseDigits(input, 10);
  return digits !== null && NEW_PIN.test(digits) && !guessablePin(digits) ? digits : undefined;
}

export type PinTry =
  /** the case takes no PIN now: every PIN, the right one too, is refused until `retryAt` */
  | { admitted: false; retryAt: number }
  | {
      admitted: true;
      /** the try proved right: give it back; how many wrong tries the person had not seen */
      right(): Promise<number>;
    };

const DAY_MS = 86_400_000;

/** Takes one PIN try on a case, or refuses it; counted as wrong until `right()` says otherwise. */
export async function tryPin(
  attempts: PinAttempts,
  region: Region,
  caseId: string,
  now: number,
): Promise<PinTry> {
  const expiresAt = Math.floor((now + region.retention.linkDays * DAY_MS) / 1000);
  const previous = await attempts.read(caseId, expiresAt);
  const reserved = reserveTry(previous, now);
  // Another try wrote the ledger between the read and the write: this one waits its turn.
  if (!reserved || !(await attempts.swap(caseId, previous.version, reserved, expiresAt)))
    return { admitted: false, retryAt: Math.max(nextTryAt(previous, now), now + 1000) };
  return {
    admitted: true,
    async right() {
      let current: PinLedger = reserved;
      // Settled against the ledger as it is now; a try that writes in between is kept.
      for (let attempt = 0; attempt < 5; attempt++) {
        if (
          await attempts.swap(
            caseId,
            current.version,
            settleRightTry(previous, reserved, current),
            expiresAt,
          )
        )
          break;
        current = await attempts.read(caseId, expiresAt);
      }
      return previous.unseen;
    },
  };
}
