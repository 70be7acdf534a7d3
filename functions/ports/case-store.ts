/**
 * The cases and the receipt links to them: what is kept of a report, sealed or coded.
 */
import type { Decision } from "../../domain/decision.ts";
import type { CaseFlag } from "../../domain/flags.ts";
import type { RoutingInput } from "../../domain/route.ts";
import type { ClearCase } from "../../domain/share.ts";
import type { Sector, Urgency } from "../../domain/vocabulary.ts";

/** `parked`: routing failed too often (a poison case): out of the sweeper's index, alarmed. */
export type CaseState = "received" | "routed" | "parked";

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
  source: "json" | "form" | "check_in";
  /** posted without a solved proof-of-work (form without JavaScript) */
  unproven: boolean;
  /** a synthetic report of the smoke test, kept out of statistics */
  test: boolean;
  locale: string;
  decision: Decision;
  clear: Omit<ClearCase, "triage" | "routing">;
  /**
   * The person's age recipient and the salt it was derived with from the receipt (and the PIN,
   * once the person chose one: then the receipt alone opens nothing). Gone after a withdrawal,
   * unless a PIN guards it: then it stays, so that the withdrawn case still needs the PIN.
   */
  person?: { recipient: string; salt: string; pin?: boolean };
  /** keyed digests of the previous receipt (one per key version), until the link is resolved */
  previousDigests?: string[];
  /** the earlier case the previous receipt belonged to, once resolved (silently) */
  linkedCase?: string;
  /** organisation id → its sealed parts */
  sealed: Record<string, SealedParts>;
  /**
   * What routing reads, kept to route the case again without an organisation that declined
   * (policy G2): nothing here identifies the person.
   */
  routingInput: RoutingInput;
  /** the sector the person named, kept for the monitor's counts only (a code) */
  sector?: Sector;
  /** organisations that declined the case: routing leaves them out from then on */
  declined?: string[];
  /** epoch ms of the first claim by any organisation */
  claimedAt?: number;
  /** epoch ms when it was escalated to the coordinator for want of a claim */
  escalatedAt?: number;
  /**
   * organisation id → its spam or abuse flag: out of its own inbox, a proposal to the others;
   * the coordinator's may be for everyone (domain/flags.ts)
   */
  flags?: Record<string, CaseFlag>;
  /** what organisations wrote to the person, sealed to the person's key */
  messages?: PersonMessage[];
  /** each organisation's internal notes on the case, sealed to its own staff only */
  notes?: CaseNote[];
  /** what the person wrote back, sealed to each organisation on the case */
  replies?: PersonReply[];
  /** epoch ms when every organisation on the case had closed it (or declined) */
  closedAt?: number;
  /** the person withdrew their consent, or asked for the case to be deleted */
  withdrawn?: { kind: "consent" | "delete"; at: number };
  /** check-ins answered, as codes (no content) */
  checkIns?: CheckInRecord[];
  /**
   * how often the coordinator's spam mark came off and the case was counted again: the round
   * of its events in the monitor's counters (use-cases/case-events.ts); absent before the first
   */
  countRound?: number;
}

export interface PersonReply {
  id: string;
  /** epoch ms */
  at: number;
  /** the message it answers, if any */
  inReplyTo?: string;
  /** organisation id → ASCII-armored age, sealed to that organisation's staff */
  sealed: Record<string, string>;
  /** the person's own copy, sealed to `person.recipient`, so the status page shows it back */
  person?: string;
}

export interface CheckInRecord {
  /** the month after closing it belongs to */
  month: number;
  /** epoch ms */
  answeredAt: number;
  signals: { danger: boolean; lost: string[]; wantsHelp: boolean };
  /** whether it made a follow-up report (it signalled danger, a loss, or asked for help) */
  followUp: boolean;
}

export interface PersonMessage {
  id: string;
  organisation: string;
  /** epoch ms */
  at: number;
  /** ASCII-armored age, to `person.recipient` */
  sealed: string;
  /**
   * the organisation's own copy, sealed to its staff's recipients, so that colleagues read
   * what was promised (the person's PIN re-seals `sealed` only: this copy stays as it is)
   */
  own?: string;
}

/** An internal note of an organisation's staff: never shown to the person or to others. */
export interface CaseNote {
  id: string;
  organisation: string;
  /** the staff member who wrote it (the name on their credential) */
  by: string;
  /** epoch ms */
  at: number;
  /** ASCII-armored age, to the organisation's staff recipients only */
  sealed: string;
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
  /**
   * Marks a routed case of this urgency as waiting for a first claim (escalation watches it),
   * unless a claim or an escalation came first.
   */
  awaitClaim(caseId: string, urgency: Urgency, receivedAt: number): Promise<void>;
  /** Ids of cases of this urgency still unclaimed since before `before`. */
  unclaimed(urgency: Urgency, before: number, limit: number): Promise<string[]>;
  /** The first claim: ends the wait for one. */
  recordClaim(caseId: string, now: number): Promise<void>;
  /** Escalated once, and only while still unclaimed; false when claimed or escalated already. */
  recordEscalation(caseId: string, now: number): Promise<boolean>;
  /** New routing (after a decline, a hand-over or an escalation): back to `received`. */
  reroute(
    caseId: string,
    change: {
      routing: Decision["routing"];
      declined?: string[];
      sealedFor?: { organisation: string; parts: SealedParts };
    },
    now: number,
  ): Promise<void>;
  addMessage(caseId: string, message: PersonMessage, expiresAt: number): Promise<void>;
  addReply(caseId: string, reply: PersonReply, expiresAt: number): Promise<void>;
  addNote(caseId: string, note: CaseNote, expiresAt: number): Promise<void>;
  /**
   * The person chose a PIN: the new key, and the messages (and the person's copies of their
   * replies) sealed to it again; only while the key is still `fromRecipient` and no PIN was
   * chosen (false otherwise: another was quicker).
   */
  setPerson(
    caseId: string,
    person: NonNullable<CaseRecord["person"]>,
    messages: PersonMessage[],
    replies: PersonReply[],
    fromRecipient: string,
  ): Promise<boolean>;
  /** Closed once every organisation on it closed or declined it (kept from the first time). */
  markClosed(caseId: string, now: number, expiresAt: number): Promise<void>;
  /**
   * The next round of the case's counts (`from` + 1), only while the round is still `from`;
   * false when another caller moved it first, or the case is gone.
   */
  nextCountRound(caseId: string, from: number, now: number): Promise<boolean>;
  /** A check-in answered, once per month; false when that month was answered before. */
  recordCheckIn(caseId: string, entry: CheckInRecord, expiresAt: number): Promise<boolean>;
  /**
   * What is left of a withdrawn case: its id, when it came and how urgent it was, how many
   * organisations had it; nothing of what the person said and no way back to it.
   */
  withdraw(
    caseId: string,
    withdrawn: NonNullable<CaseRecord["withdrawn"]>,
    expiresAt: number,
    /** the person's key, kept when a PIN guards it (then the timeline still needs the PIN) */
    keep?: NonNullable<CaseRecord["person"]>,
  ): Promise<void>;
}

export interface ReceiptLinks {
  /** Links a receipt digest to its case until `expiresAt` (epoch seconds). */
  put(digest: string, caseId: string, expiresAt: number): Promise<void>;
  /** The case a digest links to, or null. */
  find(digest: string, now: number): Promise<string | null>;
  /** Forgets a link (the person asked for the case to be deleted). */
  remove(digest: string): Promise<void>;
}
