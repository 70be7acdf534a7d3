/**
 * The cases and receipt links in memory (ports/case-store.ts), for unit tests of the use cases.
 *
 * Models the DynamoDB adapter (functions/adapters/dynamo-stores.ts) condition by condition: a
 * write whose condition fails either returns false (where the adapter catches it) or throws
 * `ConditionFailed` (where the adapter lets DynamoDB's exception through: an update of a case
 * that does not exist, a second create); the sweeper's sparse index (`waiting`, `waitingSince`)
 * is kept on each row as DynamoDB keeps it; reads hide what expired (`expiresAt`, epoch seconds,
 * not after `now`) while updates still reach it, because TTL deletes late. Rows are copied in and
 * out, so a use case that changes a record it read changes nothing stored.
 *
 * Does not model: concurrency (every call runs alone), DynamoDB's item size limit, the late
 * deletion itself (`rows.delete` does it), or the index's eventual consistency.
 */
import type {
  CaseNote,
  CaseRecord,
  CaseStore,
  PersonMessage,
  PersonReply,
  ReceiptLinks,
} from "../../../functions/ports/case-store.ts";

/** DynamoDB's ConditionalCheckFailedException, where the adapter does not catch it. */
export class ConditionFailed extends Error {
  override name = "ConditionalCheckFailedException";
}

/** A case as the reports table keeps it: the record and the fields only the adapters write. */
export type CaseRow = CaseRecord & {
  /** the sparse index: `case` (waiting for routing) or `unclaimed#<urgency>` */
  waiting?: string;
  waitingSince?: number;
  /** written by the routing attempts (ports/ledgers.ts) */
  routingAttempts?: number;
  parkedAt?: number;
  /** the months a check-in was answered for */
  checkInMonths?: Set<number>;
};

export interface LinkRow {
  caseId: string;
  expiresAt: number;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
export const isLive = (item: { expiresAt?: number } | undefined, now: number): boolean =>
  item !== undefined && (item.expiresAt === undefined || item.expiresAt > seconds(now));

const WAITING_CASE = "case";
const UNCLAIMED = "unclaimed#";

export interface InMemoryCases {
  cases: CaseStore;
  links: ReceiptLinks;
  /** the stored rows by case id, as the adapter would leave them (write to them to arrange) */
  rows: Map<string, CaseRow>;
  /** receipt digest → its link */
  linkRows: Map<string, LinkRow>;
  /** a stored row, or an error naming the case (for assertions) */
  row(caseId: string): CaseRow;
}

export function inMemoryCaseStore(): InMemoryCases {
  const rows = new Map<string, CaseRow>();
  const linkRows = new Map<string, LinkRow>();

  /** An update of an existing case (the adapter's `updateCase`): a missing one throws. */
  const existing = (caseId: string): CaseRow => {
    const row = rows.get(caseId);
    if (!row) throw new ConditionFailed(`No case ${caseId}.`);
    return row;
  };
  /** A conditional update the adapter catches (`ifStill`): false when the condition fails. */
  const ifStill = (caseId: string, condition: (row: CaseRow) => boolean): CaseRow | null => {
    const row = rows.get(caseId);
    return row && condition(row) ? row : null;
  };
  const waitingOn = (marker: string, before: number, limit: number) =>
    [...rows.values()]
      .filter((row) => row.waiting === marker && (row.waitingSince ?? 0) < before)
      .sort((a, b) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0))
      .slice(0, limit)
      .map((row) => row.caseId);
  const append = (
    caseId: string,
    list: "messages" | "replies" | "notes",
    entry: PersonMessage | PersonReply | CaseNote,
    expiresAt: number,
  ) => {
    const row = existing(caseId);
    (row[list] as (PersonMessage | PersonReply | CaseNote)[] | undefined) = [
      ...((row[list] ?? []) as (PersonMessage | PersonReply | CaseNote)[]),
      structuredClone(entry),
    ];
    row.updatedAt = entry.at;
    row.expiresAt = expiresAt;
  };

  const cases: CaseStore = {
    async create(record) {
      if (rows.has(record.caseId)) throw new ConditionFailed(`Case ${record.caseId} exists.`);
      rows.set(record.caseId, {
        ...structuredClone(record),
        waiting: WAITING_CASE,
        waitingSince: record.createdAt,
      });
    },

    async get(caseId, now) {
      const row = rows.get(caseId);
      if (!row || !isLive(row, now)) return null;
      const { waiting: _waiting, waitingSince: _since, ...record } = structuredClone(row);
      return record;
    },

    async markRouted(caseId, now, expiresAt) {
      const row = ifStill(caseId, (r) => r.state === "received");
      if (!row) return false;
      Object.assign(row, { state: "routed", updatedAt: now, expiresAt });
      delete row.waiting;
      delete row.waitingSince;
      return true;
    },

    async resolveLink(caseId, linkedCase, now) {
      const row = existing(caseId);
      if (linkedCase) row.linkedCase = linkedCase;
      row.updatedAt = now;
      delete row.previousDigests;
    },

    async waiting(before, limit) {
      return waitingOn(WAITING_CASE, before, limit);
    },

    async awaitClaim(caseId, urgency, receivedAt) {
      const row = ifStill(
        caseId,
        (r) => r.state === "routed" && r.claimedAt === undefined && r.escalatedAt === undefined,
      );
      if (row) Object.assign(row, { waiting: `${UNCLAIMED}${urgency}`, waitingSince: receivedAt });
    },

    async unclaimed(urgency, before, limit) {
      return waitingOn(`${UNCLAIMED}${urgency}`, before, limit);
    },

    async recordClaim(caseId, now) {
      const row = existing(caseId);
      row.claimedAt ??= now;
      row.updatedAt = now;
      // The wait for a first claim ends; a case being routed again keeps the sweeper's mark.
      if (row.waiting?.startsWith(UNCLAIMED)) {
        delete row.waiting;
        delete row.waitingSince;
      }
    },

    async recordEscalation(caseId, now) {
      const row = ifStill(caseId, (r) => r.claimedAt === undefined && r.escalatedAt === undefined);
      if (!row) return false;
      Object.assign(row, { escalatedAt: now, updatedAt: now });
      delete row.waiting;
      delete row.waitingSince;
      return true;
    },

    async reroute(caseId, change, now) {
      const row = existing(caseId);
      if (change.sealedFor && !row.sealed)
        // DynamoDB refuses a nested path in a map that is gone (a withdrawn case).
        throw new Error("The document path provided in the update expression is invalid.");
      row.decision = { ...row.decision, routing: structuredClone(change.routing) };
      Object.assign(row, {
        state: "received",
        waiting: WAITING_CASE,
        waitingSince: now,
        updatedAt: now,
      });
      if (change.declined) row.declined = [...change.declined];
      if (change.sealedFor)
        row.sealed[change.sealedFor.organisation] = structuredClone(change.sealedFor.parts);
      delete row.routingAttempts;
    },

    async addMessage(caseId, message, expiresAt) {
      append(caseId, "messages", message, expiresAt);
    },
    async addReply(caseId, reply, expiresAt) {
      append(caseId, "replies", reply, expiresAt);
    },
    async addNote(caseId, note, expiresAt) {
      append(caseId, "notes", note, expiresAt);
    },

    async setPerson(caseId, person, messages, replies, fromRecipient) {
      const row = ifStill(
        caseId,
        (r) => r.person?.recipient === fromRecipient && r.person.pin === undefined,
      );
      if (!row) return false;
      Object.assign(row, structuredClone({ person, messages, replies }));
      return true;
    },

    async markClosed(caseId, now, expiresAt) {
      const row = ifStill(caseId, (r) => r.closedAt === undefined);
      if (row) Object.assign(row, { closedAt: now, updatedAt: now, expiresAt });
    },

    async recordCheckIn(caseId, entry, expiresAt) {
      const row = ifStill(caseId, (r) => !r.checkInMonths?.has(entry.month));
      if (!row) return false;
      row.checkIns = [...(row.checkIns ?? []), structuredClone(entry)];
      row.checkInMonths = new Set([...(row.checkInMonths ?? []), entry.month]);
      Object.assign(row, { updatedAt: entry.answeredAt, expiresAt });
      return true;
    },

    async nextCountRound(caseId, from, now) {
      const row = ifStill(caseId, (r) => (r.countRound ?? 0) === from);
      if (!row) return false;
      Object.assign(row, { countRound: from + 1, updatedAt: now });
      return true;
    },

    async withdraw(caseId, withdrawn, expiresAt, keep) {
      const row = existing(caseId);
      Object.assign(row, { withdrawn: { ...withdrawn }, updatedAt: withdrawn.at, expiresAt });
      // As the adapter: `keep` only spares the stored key, it writes nothing of its own.
      const gone = [
        "sealed",
        "messages",
        "replies",
        "notes",
        "clear",
        "routingInput",
        "previousDigests",
        "linkedCase",
        "checkIns",
        "waiting",
        "waitingSince",
        ...(keep ? [] : (["person"] as const)),
      ] as const;
      for (const field of gone) delete (row as Partial<CaseRow>)[field];
    },
  };

  const links: ReceiptLinks = {
    async put(digest, caseId, expiresAt) {
      // Refused even when expired: the item is there until TTL deletes it.
      if (linkRows.has(digest)) throw new ConditionFailed("The receipt link exists.");
      linkRows.set(digest, { caseId, expiresAt });
    },
    async find(digest, now) {
      const link = linkRows.get(digest);
      return link && isLive(link, now) ? link.caseId : null;
    },
    async remove(digest) {
      linkRows.delete(digest);
    },
  };

  return {
    cases,
    links,
    rows,
    linkRows,
    row(caseId) {
      const row = rows.get(caseId);
      if (!row) throw new Error(`No case ${caseId} is stored.`);
      return row;
    },
  };
}
