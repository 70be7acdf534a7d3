/**
 * Who calls the organisations' API (credentials) and the audit trail of what they did.
 */

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
  /**
   * The names of an organisation's staff who hold a credential that has not expired and was not
   * revoked (to whom a case can be assigned), in alphabetical order.
   */
  staffOf(organisation: string, now: number): Promise<string[]>;
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
  "note",
  "assign",
  "staff_handover",
  /** ops removed a test case (the canary, after its check): in the ops trail only */
  "test_removed",
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
  /** The entries of an organisation's trail about one case, newest first. */
  ofCase(organisation: string, caseId: string, limit: number): Promise<AuditEntry[]>;
}
