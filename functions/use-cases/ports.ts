/**
 * What the use cases need from the outside world, as interfaces. The DynamoDB and SQS adapters
 * in functions/adapters/ implement them; tests wrap those adapters to inject faults.
 */
import type { Decision } from "../domain/decision.ts";
import type { ClearCase } from "../domain/share.ts";

export type CaseState = "received" | "routed";

/** The parts sealed for one organisation (age ciphertexts). */
export interface SealedParts {
  narrative?: Uint8Array;
  contact?: Uint8Array;
}

/** A case at rest: nothing identifying in clear (docs/security.md). */
export interface CaseRecord {
  caseId: string;
  state: CaseState;
  /** epoch milliseconds */
  createdAt: number;
  updatedAt: number;
  /** epoch seconds, the DynamoDB TTL: the region's caseDays after the last change */
  expiresAt: number;
  source: "json" | "form";
  /** posted without a solved proof-of-work (form without JavaScript) */
  unproven: boolean;
  /** a synthetic report of the smoke test, kept out of statistics */
  test: boolean;
  locale: string;
  decision: Decision;
  clear: Omit<ClearCase, "triage" | "routing">;
  /** the person's age recipient and the salt it was derived with from the receipt */
  person: { recipient: string; salt: string };
  /** keyed digests of the previous receipt (one per key version), until the link is resolved */
  previousDigests?: string[];
  /** the earlier case the previous receipt belonged to, once resolved (silently) */
  linkedCase?: string;
  /** organisation id → its sealed parts */
  sealed: Record<string, SealedParts>;
}

export interface CaseStore {
  /** Writes a new case; refuses to overwrite one. */
  create(record: CaseRecord): Promise<void>;
  /** The case, or null when it does not exist or has expired. */
  get(caseId: string, now: number): Promise<CaseRecord | null>;
  /** received → routed, refreshing the TTL. Returns false when it was not `received`. */
  markRouted(caseId: string, now: number, expiresAt: number): Promise<boolean>;
  /** Records how the previous receipt resolved and forgets its digests. */
  resolveLink(caseId: string, linkedCase: string | null, now: number): Promise<void>;
  /** Ids of cases still `received` since before `before` (epoch ms), oldest first. */
  waiting(before: number, limit: number): Promise<string[]>;
}

export interface ReceiptLinks {
  /** Links a receipt digest to its case until `expiresAt` (epoch seconds). */
  put(digest: string, caseId: string, expiresAt: number): Promise<void>;
  /** The case a digest links to, or null. */
  find(digest: string, now: number): Promise<string | null>;
}

export type AssignmentState = "pending" | "sent";

export interface AssignmentRecord {
  caseId: string;
  organisation: string;
  state: AssignmentState;
  /** stable across redeliveries, so an organisation's consumer can drop a repeat */
  envelopeId: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export interface AssignmentStore {
  /** Creates a `pending` assignment; false when one exists already (a redelivery). */
  create(record: AssignmentRecord): Promise<boolean>;
  get(caseId: string, organisation: string): Promise<AssignmentRecord | null>;
  /** pending → sent */
  markSent(caseId: string, organisation: string, now: number): Promise<void>;
  /** Assignments still `pending` since before `before`, oldest first. */
  waiting(before: number, limit: number): Promise<{ caseId: string; organisation: string }[]>;
}

export interface ProofLedger {
  /** Records a challenge as used; false when it was used before. */
  spend(challengeId: string, expiresAt: number): Promise<boolean>;
}

export interface RoutingQueue {
  enqueue(caseId: string): Promise<void>;
}

/** What an organisation's delivery queue receives: nothing identifying in clear. */
export interface Envelope extends ClearCase {
  envelopeId: string;
  version: 1;
  caseId: string;
  organisation: string;
  /** epoch milliseconds */
  receivedAt: number;
  unproven: boolean;
  test: boolean;
  /** ASCII-armored age ciphertexts, for `age -d` */
  sealed: { narrative?: string; contact?: string };
}

export interface DeliveryQueues {
  deliver(envelope: Envelope): Promise<void>;
}
