/** One case as an organisation reads it: what it may see in clear, its sealed parts armored. */
import type { CaseView, WithdrawnView } from "../../domain/case-views.ts";
import { isOverdue } from "../../domain/case-work.ts";
import { caseCheckInDue } from "../../domain/check-ins.ts";
import { flagsFor } from "../../domain/flags.ts";
import type { CaseRecord, SealedParts } from "../ports/case-store.ts";
import type { Armor } from "../ports/crypto.ts";
import { assigned, record, type Staff, type WorkDeps } from "./case-access.ts";
import { othersOn } from "./inbox-rows.ts";

/** How often the person reported before: the chain of earlier cases their receipts linked. */
async function reportedBefore(
  deps: WorkDeps,
  first: CaseRecord,
  now: number,
): Promise<CaseView["reportedBefore"]> {
  let times = 0;
  let firstAt = first.createdAt;
  let next = first.linkedCase;
  const seen = new Set([first.caseId]);
  const organisations = new Set<string>();
  while (next && !seen.has(next) && times < 50) {
    seen.add(next);
    times++;
    const earlier = await deps.cases.get(next, now);
    if (!earlier) break; // expired: it counts, but nothing before it is known
    firstAt = Math.min(firstAt, earlier.createdAt);
    for (const id of earlier.decision.routing.organisations) organisations.add(id);
    next = earlier.linkedCase;
  }
  return times > 0 ? { times, firstAt, organisations: [...organisations] } : null;
}

const armored = (sealing: Armor, parts: SealedParts | undefined) => ({
  ...(parts?.narrative ? { narrative: sealing.armor(parts.narrative) } : {}),
  ...(parts?.contact ? { contact: sealing.armor(parts.contact) } : {}),
});

export async function readCase(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<CaseView | WithdrawnView> {
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  // What the list's markers count from (inbox-rows.ts): the organisation's staff saw it now.
  await deps.assignments.markRead(caseId, staff.organisation, now);
  if (found.withdrawn) {
    await record(deps, staff, "read", now, caseId);
    return {
      caseId,
      receivedAt: found.createdAt,
      urgency: found.decision.triage.urgency,
      withdrawn: found.withdrawn,
      assignment: { state: assignment.state },
    };
  }
  const everyone = await deps.assignments.ofCase(caseId);
  const { routing } = found.decision;
  const view: CaseView = {
    caseId,
    receivedAt: found.createdAt,
    urgency: found.decision.triage.urgency,
    triage: found.decision.triage,
    routing,
    authoritiesConsented: found.routingInput.consent.authorities,
    municipality: found.clear.municipality,
    contactLanguages: found.clear.contactLanguages,
    situation: found.clear.situation,
    circumstances: found.clear.circumstances,
    unproven: found.unproven,
    test: found.test,
    escalated: found.escalatedAt !== undefined,
    overdue: isOverdue(
      {
        urgency: found.decision.triage.urgency,
        receivedAt: found.createdAt,
        claimed: found.claimedAt !== undefined,
      },
      deps.region,
      now,
    ),
    ...flagsFor(found, staff.organisation, deps.region),
    assignment: {
      state: assignment.state,
      ...(assignment.claimedBy ? { claimedBy: assignment.claimedBy } : {}),
      ...(assignment.claimedAt ? { claimedAt: assignment.claimedAt } : {}),
      ...(assignment.outcome ? { outcome: assignment.outcome } : {}),
      ...(assignment.declineReason ? { declineReason: assignment.declineReason } : {}),
    },
    others: othersOn(deps.region, everyone, staff.organisation, routing.lead),
    reportedBefore: await reportedBefore(deps, found, now),
    personRecipient: found.person?.recipient ?? null,
    sealed: armored(deps.sealing, found.sealed[staff.organisation]),
    messages: (found.messages ?? [])
      .filter((message) => message.organisation === staff.organisation)
      .map((message) => ({
        id: message.id,
        at: message.at,
        ...(message.own ? { own: message.own } : {}),
      })),
    notes: (found.notes ?? [])
      .filter((note) => note.organisation === staff.organisation)
      .map((note) => ({ id: note.id, by: note.by, at: note.at, sealed: note.sealed })),
    replies: (found.replies ?? []).flatMap((reply) => {
      const sealed = reply.sealed[staff.organisation];
      return sealed
        ? [
            {
              id: reply.id,
              at: reply.at,
              ...(reply.inReplyTo ? { inReplyTo: reply.inReplyTo } : {}),
              sealed,
            },
          ]
        : [];
    }),
    ...(found.closedAt !== undefined
      ? {
          closedAt: found.closedAt,
          checkIns: {
            due: caseCheckInDue(found, deps.region, now),
            answered: (found.checkIns ?? []).map((entry) => ({
              month: entry.month,
              answeredAt: entry.answeredAt,
              followUp: entry.followUp !== undefined,
            })),
          },
        }
      : {}),
  };
  await record(deps, staff, "read", now, caseId);
  return view;
}
