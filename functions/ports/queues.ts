/**
 * The routing queue and each organisation's delivery queue, and what travels on them.
 */
import type { CaseFlag } from "../../domain/flags.ts";
import type { Urgency } from "../../domain/vocabulary.ts";

export interface RoutingQueue {
  enqueue(caseId: string): Promise<void>;
}

/**
 * What an organisation's delivery queue receives for a case: a pointer, nothing of the person.
 * A queue keeps a message up to 14 days and no one can delete one message there without
 * receiving it, so the case itself (clear and sealed parts) is read through the organisations'
 * API (`intake org pull` does): a withdrawal or a deletion then reaches every copy at once.
 */
export interface Envelope {
  kind: "case";
  envelopeId: string;
  version: 2;
  caseId: string;
  organisation: string;
  /** epoch milliseconds */
  receivedAt: number;
  urgency: Urgency;
  test: boolean;
}

export interface DeliveryQueues {
  deliver(envelope: Envelope): Promise<void>;
  notify(notice: Notice): Promise<void>;
}

/** A notice on an organisation's delivery queue beside the case envelopes (`kind` tells them apart). */
export interface Notice {
  kind: "escalation" | "declined" | "withdrawn" | "flagged" | "unflagged";
  version: 1;
  /** stable, so a repeat can be dropped */
  envelopeId: string;
  caseId: string;
  organisation: string;
  /** epoch ms */
  at: number;
  urgency: Urgency;
  /** for a decline: which organisation, and its reason code */
  declinedBy?: string;
  reason?: string;
  /** for a flag or its undo: which organisation, the flag, and whether it is for everyone */
  flaggedBy?: string;
  flag?: CaseFlag["kind"];
  forEveryone?: boolean;
}
