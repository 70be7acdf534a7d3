/**
 * In-memory credentials and audit trail, as functions/adapters/dynamo-access.ts keeps them: a
 * credential by its token's hash, unknown, revoked and expired alike (`null`); revoking finds
 * every token a holder was ever issued (expired ones too, each counted once); `admit` counts
 * requests per token and UTC minute and refuses the one past the limit without counting it;
 * the audit trail is append-only and lists an organisation's entries newest first.
 */
import type {
  AuditEntry,
  AuditLog,
  Caller,
  Credential,
  CredentialStore,
} from "../../../functions/ports/access.ts";

const holderKey = (caller: Caller) =>
  caller.kind === "ops" ? `ops#${caller.name}` : `staff#${caller.organisation}#${caller.name}`;

export interface InMemoryCredentials extends CredentialStore {
  /** requests counted in a token's minute window (what `admit` let through) */
  requestsIn(tokenHash: string, now: number): number;
}

export function inMemoryCredentials(): InMemoryCredentials {
  const tokens = new Map<string, Credential>();
  const holders = new Map<string, Set<string>>();
  const requests = new Map<string, number>();
  const windowOf = (tokenHash: string, now: number) => `${tokenHash}#${Math.floor(now / 60_000)}`;
  return {
    async issue(credential) {
      // The adapter's put is conditional on a new token hash.
      if (tokens.has(credential.tokenHash)) throw new Error("The token hash exists already.");
      tokens.set(credential.tokenHash, structuredClone(credential));
      const key = holderKey(credential.caller);
      holders.set(key, (holders.get(key) ?? new Set()).add(credential.tokenHash));
    },
    async find(tokenHash, now) {
      const credential = tokens.get(tokenHash);
      if (!credential || credential.revokedAt !== undefined) return null;
      if (credential.expiresAt <= Math.floor(now / 1000)) return null;
      return structuredClone(credential);
    },
    async revoke(caller, now) {
      let revoked = 0;
      for (const tokenHash of holders.get(holderKey(caller)) ?? []) {
        const credential = tokens.get(tokenHash);
        if (credential && credential.revokedAt === undefined) {
          credential.revokedAt = now;
          revoked++;
        }
      }
      return revoked;
    },
    async staffOf(organisation, now) {
      const names = new Set<string>();
      for (const credential of tokens.values())
        if (
          credential.caller.kind === "staff" &&
          credential.caller.organisation === organisation &&
          credential.revokedAt === undefined &&
          credential.expiresAt > Math.floor(now / 1000)
        )
          names.add(credential.caller.name);
      return [...names].sort((a, b) => a.localeCompare(b));
    },
    async admit(tokenHash, now, limit) {
      const window = windowOf(tokenHash, now);
      const counted = requests.get(window) ?? 0;
      if (counted >= limit.perMinute) return false;
      requests.set(window, counted + 1);
      return true;
    },
    requestsIn(tokenHash, now) {
      return requests.get(windowOf(tokenHash, now)) ?? 0;
    },
  };
}

export interface InMemoryAuditLog extends AuditLog {
  /** every entry of every trail, in the order appended */
  readonly entries: readonly AuditEntry[];
}

export function inMemoryAuditLog(): InMemoryAuditLog {
  const entries: AuditEntry[] = [];
  return {
    entries,
    async append(entry) {
      entries.push(structuredClone(entry));
    },
    async list(organisation, limit) {
      return entries
        .map((entry, order) => ({ entry, order }))
        .filter(({ entry }) => entry.organisation === organisation)
        .sort((a, b) => b.entry.at - a.entry.at || b.order - a.order)
        .slice(0, limit)
        .map(({ entry }) => structuredClone(entry));
    },
    async ofCase(organisation, caseId, limit) {
      return (await this.list(organisation, entries.length))
        .filter((entry) => entry.caseId === caseId)
        .slice(0, limit);
    },
  };
}
