/**
 * What the use cases need from the outside world, as interfaces. The DynamoDB and SQS adapters
 * in functions/adapters/ implement them; tests wrap those adapters to inject faults.
 */
import type { AssignmentState, Outcome } from "../../domain/case-work.ts";
import type { Decision } from "../../domain/decision.ts";
import type { CaseFlag } from "../../domain/flags.ts";
import type { PinLedger } from "../../domain/pin-attempts.ts";
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
  /** what the person wrote back, sealed to each organisation on the case */
  replies?: PersonReply[];
  /** epoch ms when every organisation on the case had closed it (or declined) */
  closedAt?: number;
  /** the person withdrew their consent, or asked for the case to be deleted */
  withdrawn?: { kind: "consent" | "delete"; at: number };
  /** check-ins answered, as codes (no content) */
  checkIns?: CheckInRecord[];
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

/** How often routing has tried a case, so a case no routing can finish is parked, not retried for ever. */
export interface RoutingAttempts {
  /** Counts one more attempt at a case still `received`; the attempts so far (0: not `received`). */
  count(caseId: string, now: number): Promise<number>;
  /** received → parked, out of the sweeper's index; false when it was no longer `received`. */
  park(caseId: string, now: number): Promise<boolean>;
}

export interface ReceiptLinks {
  /** Links a receipt digest to its case until `expiresAt` (epoch seconds). */
  put(digest: string, caseId: string, expiresAt: number): Promise<void>;
  /** The case a digest links to, or null. */
  find(digest: string, now: number): Promise<string | null>;
  /** Forgets a link (the person asked for the case to be deleted). */
  remove(digest: string): Promise<void>;
}

export type { AssignmentState };

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
  outcome?: Outcome;
  declineReason?: string;
  /** flagged away from this organisation's inbox: by itself, or by the coordinator for everyone */
  hidden?: boolean;
  /** the coordinator's assignment made by an escalation */
  escalatedAt?: number;
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
      Pick<AssignmentRecord, "claimedBy" | "claimedAt" | "outcome" | "declineReason">
    >,
    now: number,
  ): Promise<boolean>;
  markEscalated(caseId: string, organisation: string, now: number): Promise<void>;
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

/** Who calls the organisations' API: a staff member of an organisation, or ops. */
export type Caller =
  | { kind: "staff"; organisation: string; name: string }
  | { kind: "ops"; name: string };

export interface Credential {
  /** SHA-256 of the token: the token itself is shown once and never kept */
  tokenHash: string;
  caller: Caller;
  /** epoch ms */
  issuedAt: number;
  /** epoch seconds (the TTL) */
  expiresAt: number;
  revokedAt?: number;
}

export interface CredentialStore {
  issue(credential: Credential): Promise<void>;
  /** The credential of a token's hash, or null when unknown, expired or revoked (alike). */
  find(tokenHash: string, now: number): Promise<Credential | null>;
  /** Revokes every credential of a staff member (or ops member); how many there were. */
  revoke(caller: Caller, now: number): Promise<number>;
  /** Counts one request in the current window; false when the credential is over its limit. */
  admit(tokenHash: string, now: number, limit: { perMinute: number }): Promise<boolean>;
}

export const AUDIT_ACTIONS = [
  "reply_received",
  "withdrawn",
  "check_in",
  "read",
  "list",
  "claim",
  "decline",
  "state",
  "flag",
  "unflag",
  "handover",
  "message",
  "token_issued",
  "token_revoked",
  "escalated",
  "audit_read",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One line of the audit trail: who did what to which case, never what the case says. */
export interface AuditEntry {
  /** epoch ms */
  at: number;
  /** the organisation whose trail it is, or "ops" */
  organisation: string;
  /**
   * the staff member's name, "ops:<name>", "system", "person", or, in another organisation's
   * trail, the organisation that acted ("org:<id>")
   */
  actor: string;
  action: AuditAction;
  caseId?: string;
  /** codes only: a state, an outcome, a reason, an organisation id */
  detail?: Record<string, string>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** An organisation's trail (or "ops"), newest first. */
  list(organisation: string, limit: number): Promise<AuditEntry[]>;
}

export type AlertKind =
  | "new_case"
  | "emergency_case"
  | "escalation"
  | "declined"
  | "handover"
  | "reply"
  | "withdrawn";

/**
 * Who an alert may reach: `all` of the organisation's alert subscriptions, or `email` only, never
 * a phone by SMS: the alerts of an unproven case (a form post without a proof of work), which
 * anyone can make without any work, so they must not be able to wake staff at night by SMS.
 */
export type AlertReach = "all" | "email";

/** Tells an organisation that something waits, never what (a phone's lock screen shows it). */
export interface Alerts {
  /** `reach` is `all` when left out */
  notify(organisation: string, kind: AlertKind, reach?: AlertReach): Promise<void>;
}

/** Counts for the ops team's alarms (an escalation is one). */
export interface Metrics {
  count(
    name: "Escalations" | "Declines" | "ParkedCases",
    dimensions: Record<string, string>,
  ): Promise<void>;
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
