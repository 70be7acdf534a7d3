/**
 * In-memory ledgers that make a step happen once, with the conditions of their DynamoDB
 * adapters (functions/adapters/dynamo-*.ts):
 *
 * - proofs (dynamo-submissions.ts): a challenge is spent once; the submission that spent it
 *   may spend it again (its retry), and an expired record may be taken again;
 * - submissions (dynamo-submissions.ts): the first claim records what it made; a retry with
 *   the same report gets that back, another report with the same id gets null;
 * - PIN tries (dynamo-pin-attempts.ts): `read` starts an empty ledger (version 0), `swap`
 *   writes only over the version read, and never over a ledger not read first;
 * - routing attempts (dynamo-routing-attempts.ts) and later consents (dynamo-later-consent.ts)
 *   write on the case item itself, only while the case is `received` (attempts), or shared
 *   with nobody and not withdrawn (consents): they update the rows of the in-memory case
 *   store (case-store.ts), and a share puts the case back in the sweeper's index.
 *
 * The adapters read the clock for an expiry; these take one (`clock`), the real one by default.
 */
import { EMPTY_LEDGER, type PinLedger } from "../../../domain/pin-attempts.ts";
import type { CaseRecord } from "../../../functions/ports/case-store.ts";
import type {
  LaterConsents,
  PinAttempts,
  ProofLedger,
  RoutingAttempts,
  SubmissionLedger,
  SubmissionMade,
} from "../../../functions/ports/ledgers.ts";

type Clock = () => number;
const seconds = (clock: Clock) => Math.floor(clock() / 1000);

export interface InMemoryProofLedger extends ProofLedger {
  /** challenge id → the submission that spent it, if it named one */
  readonly spent: ReadonlyMap<string, { expiresAt: number; submission?: string }>;
}

export function inMemoryProofLedger(clock: Clock = Date.now): InMemoryProofLedger {
  const spent = new Map<string, { expiresAt: number; submission?: string }>();
  return {
    spent,
    async spend(challengeId, expiresAt, submissionId) {
      const record = spent.get(challengeId);
      const free =
        record === undefined ||
        record.expiresAt < seconds(clock) ||
        (submissionId !== undefined && record.submission === submissionId);
      if (!free) return false;
      spent.set(challengeId, { expiresAt, ...(submissionId ? { submission: submissionId } : {}) });
      return true;
    },
  };
}

export function inMemorySubmissionLedger(clock: Clock = Date.now): SubmissionLedger {
  const claims = new Map<string, { secret: string; made: SubmissionMade; expiresAt: number }>();
  return {
    async claim(submission, made, expiresAt) {
      const record = claims.get(submission.id);
      if (record === undefined || record.expiresAt < seconds(clock)) {
        claims.set(submission.id, { secret: submission.secret, made: { ...made }, expiresAt });
        return { made, first: true };
      }
      // The adapter seals what was made under the report: only the same report opens it.
      return record.secret === submission.secret
        ? { made: { ...record.made }, first: false }
        : null;
    },
  };
}

export interface InMemoryPinAttempts extends PinAttempts {
  /** the ledger of a case as it is now, if one was started */
  ledgerOf(caseId: string): PinLedger | undefined;
  /** How many swaps of a case lose to another try before the next succeeds (a race). */
  loseNextSwaps(caseId: string, count: number): void;
}

export function inMemoryPinAttempts(): InMemoryPinAttempts {
  const ledgers = new Map<string, PinLedger>();
  const losses = new Map<string, number>();
  return {
    ledgerOf: (caseId) => {
      const ledger = ledgers.get(caseId);
      return ledger ? { ...ledger } : undefined;
    },
    loseNextSwaps(caseId, count) {
      losses.set(caseId, count);
    },
    async read(caseId) {
      const ledger = ledgers.get(caseId) ?? { ...EMPTY_LEDGER };
      ledgers.set(caseId, ledger);
      return { ...ledger };
    },
    async swap(caseId, expectedVersion, next) {
      const lose = losses.get(caseId) ?? 0;
      if (lose > 0) {
        losses.set(caseId, lose - 1);
        return false;
      }
      const current = ledgers.get(caseId);
      if (current === undefined || current.version !== expectedVersion) return false;
      ledgers.set(caseId, { ...next });
      return true;
    },
  };
}

/**
 * A case as the reports table keeps it (the fields the ledgers write beside the record), the
 * shape of the in-memory case store's rows (case-store.ts): the ledgers update those rows.
 */
export type CaseItem = CaseRecord & {
  waiting?: string;
  waitingSince?: number;
  routingAttempts?: number;
  parkedAt?: number;
};

/** Updates reach an expired case (TTL deletes late), as in DynamoDB. */
export function inMemoryRoutingAttempts(items: ReadonlyMap<string, CaseItem>): RoutingAttempts {
  return {
    async count(caseId) {
      const item = items.get(caseId);
      if (item?.state !== "received") return 0;
      item.routingAttempts = (item.routingAttempts ?? 0) + 1;
      return item.routingAttempts;
    },
    async park(caseId, now) {
      const item = items.get(caseId);
      if (item?.state !== "received") return false;
      Object.assign(item, { state: "parked", parkedAt: now, updatedAt: now });
      delete item.waiting;
      delete item.waitingSince;
      return true;
    },
  };
}

export function inMemoryLaterConsents(items: ReadonlyMap<string, CaseItem>): LaterConsents {
  return {
    async share(caseId, consent, routing, now, expiresAt) {
      const item = items.get(caseId);
      if (!item || item.withdrawn || item.routingInput?.consent.share !== false) return false;
      item.routingInput = { ...item.routingInput, consent: structuredClone(consent) };
      item.decision = { ...item.decision, routing: structuredClone(routing) };
      Object.assign(item, {
        state: "received",
        waiting: "case",
        waitingSince: now,
        updatedAt: now,
        expiresAt,
      });
      delete item.routingAttempts;
      return true;
    },
  };
}
