/**
 * The small ledgers that make a step happen once: proofs spent, submissions made, PIN tries,
 * routing attempts, later consents.
 */
import type { Decision } from "../../domain/decision.ts";
import type { PinLedger } from "../../domain/pin-attempts.ts";
import type { RoutingInput } from "../../domain/route.ts";

/** How often routing has tried a case, so a case no routing can finish is parked, not retried for ever. */
export interface RoutingAttempts {
  /** Counts one more attempt at a case still `received`; the attempts so far (0: not `received`). */
  count(caseId: string, now: number): Promise<number>;
  /** received → parked, out of the sweeper's index; false when it was no longer `received`. */
  park(caseId: string, now: number): Promise<boolean>;
}

export interface ProofLedger {
  /**
   * Records a challenge as used by a submission; false when it was used before by another one.
   * The same submissionId may spend it again: a retry after a crash finishes its report.
   */
  spend(challengeId: string, expiresAt: number, submissionId?: string): Promise<boolean>;
}

/** A submission the person may send again: its id, and what only the same report makes again. */
export interface Submission {
  id: string;
  /** the report as sent, without its proof: the key of what the ledger keeps */
  secret: string;
}

/** What a submission made: a retry of it finishes this case and answers this receipt. */
export interface SubmissionMade {
  caseId: string;
  receipt: string;
}

export interface SubmissionLedger {
  /**
   * Records what a submission makes, the first time (`first`); a retry gets what the first
   * attempt recorded; null when the submissionId was used for another report.
   */
  claim(
    submission: Submission,
    made: SubmissionMade,
    expiresAt: number,
  ): Promise<{ made: SubmissionMade; first: boolean } | null>;
}

/** A person who shared nothing shares later, from the status page (a new consent). */
export interface LaterConsents {
  /**
   * The new consent and the routing made with it; the case back to `received` (the sweeper
   * watches it until routed). False when it was shared, or withdrawn, already: one share wins.
   */
  share(
    caseId: string,
    consent: RoutingInput["consent"],
    routing: Decision["routing"],
    now: number,
    expiresAt: number,
  ): Promise<boolean>;
}

/** The PIN tries of each case (domain/pin-attempts.ts). */
export interface PinAttempts {
  /** The case's ledger (an empty one, version 0, kept until `expiresAt`, when none yet). */
  read(caseId: string, expiresAt: number): Promise<PinLedger>;
  /**
   * Writes `next` if the ledger is still the one read (`expectedVersion`), until
   * `expiresAt` (epoch seconds). False when another try wrote it first.
   */
  swap(
    caseId: string,
    expectedVersion: number,
    next: PinLedger,
    expiresAt: number,
  ): Promise<boolean>;
}
