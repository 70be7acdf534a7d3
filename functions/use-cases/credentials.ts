/**
 * Credentials of the organisations' API: one bearer token per staff member (or ops member),
 * issued and revoked by ops with `intake org token …` / `intake ops token …`, shown once, kept
 * only as its SHA-256, expiring. An unknown, expired or revoked token gets the same answer.
 */
import { createHash, randomBytes } from "node:crypto";
import type { AuditLog, Caller, Credential, CredentialStore } from "../ports/access.ts";

/** 256 random bits, base64url, with a prefix that secret scanners and people recognise. */
export const TOKEN_PREFIX = "intake_";
const TOKEN = /^intake_[A-Za-z0-9_-]{43}$/;

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
/** Requests a credential may make in one minute before it is told to slow down (429). */
export const REQUESTS_PER_MINUTE = 120;

export const tokenHash = (token: string) =>
  createHash("sha256").update(token, "utf8").digest("hex");

export interface CredentialDeps {
  credentials: CredentialStore;
  audit: AuditLog;
}

const trailOf = (caller: Caller) => (caller.kind === "ops" ? "ops" : caller.organisation);

export async function issueCredential(
  deps: CredentialDeps,
  caller: Caller,
  days: number,
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = Math.floor(now / 1000) + Math.min(days, MAX_TOKEN_DAYS) * 86_400;
  const credential: Credential = { tokenHash: tokenHash(token), caller, issuedAt: now, expiresAt };
  await deps.credentials.issue(credential);
  await deps.audit.append({
    at: now,
    organisation: trailOf(caller),
    actor: "ops",
    action: "token_issued",
    detail: { holder: caller.name, days: String(Math.min(days, MAX_TOKEN_DAYS)) },
  });
  return { token, expiresAt };
}

export async function revokeCredentials(
  deps: CredentialDeps,
  caller: Caller,
  now: number,
): Promise<number> {
  const revoked = await deps.credentials.revoke(caller, now);
  await deps.audit.append({
    at: now,
    organisation: trailOf(caller),
    actor: "ops",
    action: "token_revoked",
    detail: { holder: caller.name, count: String(revoked) },
  });
  return revoked;
}

export type Authentication =
  | { ok: true; credential: Credential }
  | { ok: false; problem: "unauthorized" | "too_many_requests" };

/** The credential behind an `Authorization: Bearer …` header, within its rate limit. */
export async function authenticate(
  deps: Pick<CredentialDeps, "credentials">,
  authorization: string | undefined,
  now: number,
): Promise<Authentication> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  if (!token || !TOKEN.test(token)) return { ok: false, problem: "unauthorized" };
  const hash = tokenHash(token);
  const credential = await deps.credentials.find(hash, now);
  if (!credential) return { ok: false, problem: "unauthorized" };
  if (!(await deps.credentials.admit(hash, now, { perMinute: REQUESTS_PER_MINUTE })))
    return { ok: false, problem: "too_many_requests" };
  return { ok: true, credential };
}
