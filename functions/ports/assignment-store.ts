/**
 * Each organisation's part of a case (its assignment) and the flags on them.
 */
import type { AssignmentState, Outcome } from "../../domain/case-work.ts";
import type { CaseFlag } from "../../domain/flags.ts";
import type { Urgency } from "../../domain/vocabulary.ts";

export interface AssignmentRecord {
  caseId: string;
  organisation: string;
  state: AssignmentState;
  /** stable across redeliveries, so an organisation's consumer can drop a repeat */
  envelopeId: string;
  /** the case's, so an inbox lists and orders without reading cases */
  urgency: Urgency;
  /** epoch ms the case was taken in */
  receivedAt: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  /** staff member (the name on their credential) and time of the claim */
  claimedBy?: string;
  claimedAt?: number;
  /** epoch ms the organisation first got in touch with the person (the first contact state) */
  contactedAt?: number;
  outcome?: Outcome;
  declineReason?: string;
  /** flagged away from this organisation's inbox: by itself, or by the coordinator for everyone */
  hidden?: boolean;
  /** the coordinator's assignment made by an escalation */
  escalatedAt?: number;
  /**
   * epoch ms the organisation's staff last opened the case (`GET /org/cases/{caseId}`): the
   * list's markers count from then; not a change of the case, so `updatedAt` stays
   */
  readAt?: number;
}

export interface AssignmentStore {
  /** Creates a `pending` assignment; false when one exists already (a redelivery). */
  create(record: AssignmentRecord): Promise<boolean>;
  get(caseId: string, organisation: string): Promise<AssignmentRecord | null>;
  /** pending → sent */
  markSent(caseId: string, organisation: string, now: number): Promise<void>;
  /** Assignments still `pending` since before `before`, oldest first. */
  waiting(before: number, limit: number): Promise<{ caseId: string; organisation: string }[]>;
  /** Every assignment of a case. */
  ofCase(caseId: string): Promise<AssignmentRecord[]>;
  /** An organisation's assignments, oldest first (the inbox index). */
  ofOrganisation(organisation: string): Promise<AssignmentRecord[]>;
  /**
   * Moves an assignment from one state to another, with what the move records; false when
   * its state was no longer `from` (another staff member was quicker).
   */
  move(
    caseId: string,
    organisation: string,
    from: AssignmentState,
    to: AssignmentState,
    record: Partial<
      Pick<
        AssignmentRecord,
        "claimedBy" | "claimedAt" | "contactedAt" | "outcome" | "declineReason"
      >
    >,
    now: number,
  ): Promise<boolean>;
  markEscalated(caseId: string, organisation: string, now: number): Promise<void>;
  /** The organisation's staff opened the case now (`readAt`; `updatedAt` stays). */
  markRead(caseId: string, organisation: string, now: number): Promise<void>;
  /**
   * Gives a claimed case to another staff member of the organisation (`claimedBy`); false when
   * it was no longer claimed by `from`, or had been closed or declined meanwhile.
   */
  reassign(
    caseId: string,
    organisation: string,
    from: string,
    to: string,
    now: number,
  ): Promise<boolean>;
}

/** Spam and abuse flags: on the case, one per organisation, and their mark on the assignments. */
export interface FlagStore {
  /** Records an organisation's flag on a case, replacing its earlier one. */
  set(caseId: string, organisation: string, flag: CaseFlag): Promise<void>;
  /** Takes an organisation's flag off a case; false when it had none. */
  remove(caseId: string, organisation: string, now: number): Promise<boolean>;
  /** Takes the case out of an organisation's inbox, or puts it back. */
  markHidden(caseId: string, organisation: string, hidden: boolean, now: number): Promise<void>;
}
