/**
 * The list's rules, without the page: the query its filters send, how long ago a case came in
 * words, the case's short id and the search by it, and which rows are new or changed since the
 * caseworker last looked. What it remembers is the previous list, in this script's memory only
 * (never in the browser's storage), and it is forgotten with the session.
 */
import type { CaseSummary } from "../../domain/case-views.ts";

/** The list filter's value for the cases flagged out of the inbox (`GET …/cases?hidden=true`). */
export const HIDDEN_FILTER = "hidden";

/** How often the list asks again while it is on screen, unless the page says otherwise. */
export const POLL_SECONDS = 30;

export interface ListFilters {
  /** an assignment state, `hidden`, or "" */
  state: string;
  urgency: string;
  need: string;
  /** `me`, `nobody`, or "" */
  claimed: string;
}

/** The query string of `GET /org/cases` for the filters chosen ("" for none). */
export function listQuery(filters: ListFilters): string {
  const query = new URLSearchParams();
  if (filters.state === HIDDEN_FILTER) query.set("hidden", "true");
  else if (filters.state) query.set("state", filters.state);
  for (const name of ["urgency", "need", "claimed"] as const)
    if (filters[name]) query.set(name, filters[name]);
  const text = query.toString();
  return text ? `?${text}` : "";
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365.25 * DAY],
  ["month", 30.4375 * DAY],
  ["week", 7 * DAY],
  ["day", DAY],
  ["hour", 60 * MINUTE],
  ["minute", MINUTE],
];

/**
 * How long ago `then` was, in the locale's words ("3 hours ago", "yesterday", "now"), with
 * Western digits in every language; a time a little ahead of this computer's clock is "now".
 */
export function relativeTime(then: number, now: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(`${locale}-u-nu-latn`, { numeric: "auto" });
  const elapsed = Math.max(0, now - then);
  for (const [unit, ms] of UNITS)
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  return format.format(0, "second");
}

/** The case's short id: the first 8 characters of its id, as the caseworkers say it. */
export const shortId = (caseId: string) => caseId.slice(0, 8);

/**
 * Whether a case is the one searched for: the search is the start of its id (its short id,
 * or more of it), in any case, with spaces and a leading `#` ignored. An empty search finds all.
 */
export function matchesSearch(caseId: string, search: string): boolean {
  const wanted = search.trim().replace(/^#/, "").replace(/\s+/g, "").toLowerCase();
  return caseId.toLowerCase().startsWith(wanted);
}

export type Mark = "new" | "changed";

/** The previous list of one query, and the rows marked since the caseworker last looked. */
export interface ListMemory {
  query: string;
  rows: ReadonlyMap<string, CaseSummary>;
  marks: ReadonlyMap<string, Mark>;
}

/**
 * What a row says, but for when it was last opened and the markers that opening clears: a
 * colleague opening a case is not news, a new reply or a message from others is.
 */
function settled(row: CaseSummary): string {
  const { readAt: _readAt, newReply: _reply, fromOthers: _others, ...rest } = row;
  return JSON.stringify(rest);
}

export function changedSince(before: CaseSummary, now: CaseSummary): boolean {
  return (
    settled(before) !== settled(now) ||
    (now.newReply && !before.newReply) ||
    (now.fromOthers && !before.fromOthers)
  );
}

/** A row's mark now, and whether it is news (marked or changed since the list before). */
function markOf(memory: ListMemory, row: CaseSummary): { mark: Mark | undefined; news: boolean } {
  const before = memory.rows.get(row.caseId);
  const kept = memory.marks.get(row.caseId);
  if (!before) return { mark: "new", news: kept === undefined };
  const changed = changedSince(before, row);
  return { mark: kept ?? (changed ? "changed" : undefined), news: changed };
}

/**
 * The list just fetched, against the one before it of the same query: a row not there before is
 * new, a row that changed is changed, and a mark stays until the caseworker opens the case
 * (`looked`: the cases opened since the list before). A first list, or another query's, marks
 * nothing: there is nothing to compare it with. `fresh` are the rows that are news just now.
 */
export function compareLists(
  memory: ListMemory | null,
  query: string,
  rows: readonly CaseSummary[],
  looked: ReadonlySet<string>,
): { memory: ListMemory; fresh: string[] } {
  const byId = new Map(rows.map((row) => [row.caseId, row]));
  const marks = new Map<string, Mark>();
  const fresh: string[] = [];
  if (memory?.query === query)
    for (const row of rows) {
      if (looked.has(row.caseId)) continue;
      const { mark, news } = markOf(memory, row);
      if (mark) marks.set(row.caseId, mark);
      if (news) fresh.push(row.caseId);
    }
  return { memory: { query, rows: byId, marks }, fresh };
}

/** The rows to work apart from the ones closed, declined or withdrawn, each in the API's order. */
export function splitLive(rows: readonly CaseSummary[]): {
  live: CaseSummary[];
  done: CaseSummary[];
} {
  return {
    live: rows.filter((row) => row.live),
    done: rows.filter((row) => !row.live),
  };
}
