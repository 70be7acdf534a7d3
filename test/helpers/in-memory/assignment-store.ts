/**
 * Each organisation's assignments and the flags on cases, in memory (ports/assignment-store.ts),
 * for unit tests of the use cases.
 *
 * Models the DynamoDB adapters (functions/adapters/dynamo-stores.ts, dynamo-flags.ts) condition
 * by condition: a second create is refused (false), `move` only from the state it names,
 * `markSent` only from `pending` (silently), updates of an assignment that is not there throw
 * `ConditionFailed`; the sweeper's sparse index (`waiting`, `waitingSince`) is kept on each row;
 * `ofCase` is ordered by organisation (the table's sort key) and `ofOrganisation` by `receivedAt`
 * (the inbox index's). As in DynamoDB, reads of assignments do not hide expired ones: the use
 * cases must. A flag lives on the case row (the flags map), the hidden mark on the assignment.
 *
 * Does not model: concurrency, the inbox index's projection (every field is returned) or its
 * eventual consistency.
 */
import { HELD_STATES } from "../../../domain/case-work.ts";
import type {
  AssignmentRecord,
  AssignmentStore,
  FlagStore,
} from "../../../functions/ports/assignment-store.ts";
import { type CaseRow, ConditionFailed } from "./case-store.ts";

/** An assignment as the assignments table keeps it, with the sweeper's index fields. */
export type AssignmentRow = AssignmentRecord & { waiting?: string; waitingSince?: number };

const WAITING_ASSIGNMENT = "assignment";
const keyOf = (caseId: string, organisation: string) => `${caseId}|${organisation}`;

function asRecord(row: AssignmentRow): AssignmentRecord {
  const { waiting: _waiting, waitingSince: _since, ...record } = structuredClone(row);
  return record;
}

export interface InMemoryAssignments {
  assignments: AssignmentStore;
  /** the stored rows by `<caseId>|<organisation>` */
  rows: Map<string, AssignmentRow>;
  /** a stored assignment, or an error naming it (for assertions) */
  row(caseId: string, organisation: string): AssignmentRow;
  /** every assignment of a case, by organisation id (for assertions) */
  ofCase(caseId: string): Record<string, AssignmentRow>;
}

export function inMemoryAssignmentStore(): InMemoryAssignments {
  const rows = new Map<string, AssignmentRow>();
  const existing = (caseId: string, organisation: string): AssignmentRow => {
    const row = rows.get(keyOf(caseId, organisation));
    if (!row) throw new ConditionFailed(`No assignment of ${caseId} to ${organisation}.`);
    return row;
  };
  const clearWaiting = (row: AssignmentRow) => {
    delete row.waiting;
    delete row.waitingSince;
  };

  const assignments: AssignmentStore = {
    async create(record) {
      const key = keyOf(record.caseId, record.organisation);
      if (rows.has(key)) return false;
      rows.set(key, {
        ...structuredClone(record),
        waiting: WAITING_ASSIGNMENT,
        waitingSince: record.createdAt,
      });
      return true;
    },

    async get(caseId, organisation) {
      const row = rows.get(keyOf(caseId, organisation));
      return row ? asRecord(row) : null;
    },

    async markSent(caseId, organisation, now) {
      const row = rows.get(keyOf(caseId, organisation));
      // Already sent by an earlier delivery of the same message: nothing to do.
      if (row?.state !== "pending") return;
      Object.assign(row, { state: "sent", updatedAt: now });
      clearWaiting(row);
    },

    async waiting(before, limit) {
      return [...rows.values()]
        .filter((row) => row.waiting === WAITING_ASSIGNMENT && (row.waitingSince ?? 0) < before)
        .sort((a, b) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0))
        .slice(0, limit)
        .map(({ caseId, organisation }) => ({ caseId, organisation }));
    },

    async ofCase(caseId) {
      return [...rows.values()]
        .filter((row) => row.caseId === caseId)
        .sort((a, b) => a.organisation.localeCompare(b.organisation))
        .map(asRecord);
    },

    async ofOrganisation(organisation) {
      return [...rows.values()]
        .filter((row) => row.organisation === organisation)
        .sort((a, b) => a.receivedAt - b.receivedAt)
        .map(asRecord);
    },

    async move(caseId, organisation, from, to, record, now) {
      const row = rows.get(keyOf(caseId, organisation));
      if (row?.state !== from) return false;
      const fields = Object.entries(record).filter(([, value]) => value !== undefined);
      Object.assign(row, Object.fromEntries(fields), { state: to, updatedAt: now });
      clearWaiting(row);
      return true;
    },

    async markEscalated(caseId, organisation, now) {
      Object.assign(existing(caseId, organisation), { escalatedAt: now, updatedAt: now });
    },

    async markRead(caseId, organisation, now) {
      existing(caseId, organisation).readAt = now;
    },
    async reassign(caseId, organisation, from, to, now) {
      const row = rows.get(keyOf(caseId, organisation));
      if (!row || row.claimedBy !== from || !HELD_STATES.includes(row.state)) return false;
      Object.assign(row, { claimedBy: to, updatedAt: now });
      return true;
    },
  };

  return {
    assignments,
    rows,
    row: (caseId, organisation) => {
      const row = rows.get(keyOf(caseId, organisation));
      if (!row) throw new Error(`No assignment of ${caseId} to ${organisation} is stored.`);
      return row;
    },
    ofCase: (caseId) =>
      Object.fromEntries(
        [...rows.values()]
          .filter((row) => row.caseId === caseId)
          .map((row) => [row.organisation, row]),
      ),
  };
}

/**
 * The flags, on the rows of the two stores above (as dynamo-flags.ts writes the case item's
 * `flags` map and the assignment's `hidden`).
 */
export function inMemoryFlagStore(
  caseRows: Map<string, CaseRow>,
  assignmentRows: Map<string, AssignmentRow>,
): FlagStore {
  return {
    async set(caseId, organisation, flag) {
      const row = caseRows.get(caseId);
      if (!row) throw new Error("The case to flag is gone.");
      row.flags = { ...(row.flags ?? {}), [organisation]: structuredClone(flag) };
      row.updatedAt = flag.at;
    },

    async remove(caseId, organisation, now) {
      const row = caseRows.get(caseId);
      if (!row?.flags?.[organisation]) return false;
      const { [organisation]: _removed, ...rest } = row.flags;
      row.flags = rest;
      row.updatedAt = now;
      return true;
    },

    async markHidden(caseId, organisation, hidden, now) {
      const row = assignmentRows.get(keyOf(caseId, organisation));
      if (!row) throw new ConditionFailed(`No assignment of ${caseId} to ${organisation}.`);
      Object.assign(row, { hidden, updatedAt: now });
    },
  };
}
