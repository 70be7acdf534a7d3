/** An organisation's inbox: its cases, emergency first, then the oldest; and the region's directory. */
import type { CaseSummary, DirectoryEntry } from "../../domain/case-views.ts";
import { type AssignmentState, inboxOrder } from "../../domain/case-work.ts";
import type { Region } from "../../domain/region.ts";
import { routingScope } from "../../domain/route.ts";
import type { Need, Urgency } from "../../domain/vocabulary.ts";
import { epochSeconds, record, type Staff, type WorkDeps } from "./case-access.ts";
import { summariesOf } from "./inbox-rows.ts";
import { hiddenInInbox } from "./inbox-visibility.ts";

export interface InboxFilter {
  state?: AssignmentState;
  urgency?: Urgency;
  /** true: only the cases flagged out of the inbox (to find them again); else the others */
  hidden?: boolean;
  /** only the cases whose person needs this */
  need?: Need;
  /** only the cases the caller claimed (`me`), or that nobody of the organisation claimed */
  claimed?: "me" | "nobody";
}

const claimedAs = (summary: CaseSummary, staff: Staff, claimed: InboxFilter["claimed"]) =>
  claimed === undefined ||
  (claimed === "me" ? summary.claimedBy === staff.name : summary.claimedBy === undefined);

/**
 * The organisation's cases: emergency first, then the oldest; each with its case's needs,
 * languages, municipality, the others on it and its markers (inbox-rows.ts).
 */
export async function listCases(
  deps: WorkDeps,
  staff: Staff,
  filter: InboxFilter,
  now: number,
): Promise<CaseSummary[]> {
  const all = await deps.assignments.ofOrganisation(staff.organisation);
  const hidden = await hiddenInInbox(deps.cases, all, now);
  const kept = all
    .filter((_, index) => hidden[index] === (filter.hidden ?? false))
    .filter((assignment) => !filter.state || assignment.state === filter.state)
    .filter((assignment) => !filter.urgency || assignment.urgency === filter.urgency)
    .filter((assignment) => assignment.expiresAt > epochSeconds(now));
  const summaries = (await summariesOf(deps, kept, now))
    .filter((summary) => !filter.need || summary.needs.includes(filter.need))
    .filter((summary) => claimedAs(summary, staff, filter.claimed))
    .sort(inboxOrder);
  await record(deps, staff, "list", now, undefined, { count: String(summaries.length) });
  return summaries;
}

/**
 * The organisations of the region, with what another needs to seal a hand-over to them; a
 * test organisation is none of theirs (no case can be handed to it).
 */
export function directory(region: Region): DirectoryEntry[] {
  return routingScope(region, false).organisations.map((organisation) => ({
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    needs: organisation.needs,
    recipients: organisation.recipients,
  }));
}
