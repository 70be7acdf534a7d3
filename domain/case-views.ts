/**
 * What the organisations' API answers about cases (contract section 7), as types: the use
 * cases build these, the handler sends them as JSON, and the inbox (web/inbox) reads them. One
 * declaration, so the inbox cannot drift from the API.
 */
import type { AssignmentState, FLAGS, Outcome } from "./case-work.ts";
import type { Routing, Triage } from "./decision.ts";
import type { Need, OrganisationKind, Urgency } from "./vocabulary.ts";

/** `GET /org/me`: who the credential names. */
export interface StaffMember {
  organisation: string;
  name: string;
}

/** `GET /org/directory`: an organisation of the region, with what a hand-over is sealed to. */
export interface DirectoryEntry {
  id: string;
  name: string;
  kind: OrganisationKind;
  needs: Need[];
  recipients: string[];
}

/** Another organisation on a case, and how far it is (in a list row and in the case view). */
export interface OtherOnCase {
  organisation: string;
  name: string;
  state: AssignmentState;
  lead: boolean;
}

/** One line of `GET /org/cases` (contract section 7: what each field and marker means). */
export interface CaseSummary {
  caseId: string;
  urgency: Urgency;
  state: AssignmentState;
  receivedAt: number;
  /** false once this organisation closed or declined it, or the person withdrew it */
  live: boolean;
  /** unclaimed past the region's escalation time for its urgency */
  overdue: boolean;
  escalated: boolean;
  outcome?: Outcome;
  /** on a closed case of a person who agreed to check-ins: one is due, or was answered */
  checkIn?: "due" | "answered";
  /** what the person needs (codes; empty once withdrawn) */
  needs: Need[];
  /** the languages the person can be contacted in (empty once withdrawn) */
  contactLanguages: string[];
  /** the municipality's code (null once withdrawn) */
  municipality: string | null;
  /** the staff member of this organisation who claimed it */
  claimedBy?: string;
  /** epoch ms this organisation's staff last opened the case (`GET /org/cases/{caseId}`) */
  readAt?: number;
  /** a reply from the person, sealed to this organisation, since `readAt` */
  newReply: boolean;
  /** since `readAt`: another organisation wrote to the person, or joined the case (hand-over) */
  fromOthers: boolean;
  /** who else has the case, and how far they are */
  others: OtherOnCase[];
}

/** One organisation's spam or abuse flag on a case, by name, as every organisation sees it. */
export interface FlagOnCase {
  organisation: string;
  name: string;
  flag: (typeof FLAGS)[number];
  forEveryone: boolean;
  lead: boolean;
  at: number;
}

/** `GET /org/cases/{caseId}` of a case still open to the organisation. */
export interface CaseView {
  caseId: string;
  receivedAt: number;
  urgency: Urgency;
  triage: Triage;
  routing: Routing;
  /** whether the person consented to authorities: only then may one be handed the case */
  authoritiesConsented: boolean;
  municipality: string;
  contactLanguages: string[];
  situation: string;
  circumstances: string[];
  unproven: boolean;
  test: boolean;
  escalated: boolean;
  overdue: boolean;
  /** every organisation's flag (its own, the others' proposals); out of this inbox or not */
  flags: FlagOnCase[];
  hidden: boolean;
  /** this organisation's part */
  assignment: {
    state: AssignmentState;
    claimedBy?: string;
    claimedAt?: number;
    outcome?: Outcome;
    declineReason?: string;
  };
  /** who else has the case, and how far they are */
  others: OtherOnCase[];
  /**
   * Whether the person reported before, from the link their receipt made: how often, since
   * when, and which organisations had those cases (nothing of what the earlier cases said).
   */
  reportedBefore: { times: number; firstAt: number; organisations: string[] } | null;
  /** the person's age recipient: seal a message to it (null once the person withdrew) */
  personRecipient: string | null;
  /** what the person wrote back, sealed to this organisation */
  replies: { id: string; at: number; inReplyTo?: string; sealed: string }[];
  /** check-ins of a closed case: the month one is due, and those answered (codes only) */
  checkIns?: {
    due: number | null;
    answered: { month: number; answeredAt: number; followUp: boolean }[];
  };
  closedAt?: number;
  /** what was sealed for this organisation, ASCII-armored for `age -d` */
  sealed: { narrative?: string; contact?: string };
  /**
   * what this organisation wrote to the person: when, and its own copy sealed to its staff
   * (`own`; absent for a message sent without one, which only the person can read)
   */
  messages: { id: string; at: number; own?: string }[];
  /** the organisation's internal notes, sealed to its own staff: who wrote each, and when */
  notes: { id: string; by: string; at: number; sealed: string }[];
}

/** `GET /org/cases/{caseId}` of a case the person withdrew: that it was, nothing it said. */
export interface WithdrawnView {
  caseId: string;
  receivedAt: number;
  urgency: Urgency;
  withdrawn: { kind: "consent" | "delete"; at: number };
  assignment: { state: AssignmentState };
}

/** One step of `GET /org/cases/{caseId}/timeline` (an entry of the organisation's audit trail). */
export interface TimelineEntry {
  at: number;
  organisation: string;
  /** a staff member's name, `org:<id>` (another organisation), `person`, `system` or `ops:<name>` */
  actor: string;
  action: string;
  caseId?: string;
  /** codes only: a state, an outcome, a reason, an organisation id, a staff name */
  detail?: Record<string, string>;
}
