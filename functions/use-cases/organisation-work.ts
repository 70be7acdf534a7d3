/**
 * What a care organisation's staff do with the cases routed to them (the organisations' API,
 * contract section 7): list and read them, claim, decline, record progress and the outcome,
 * hand a need over to another organisation, and write to the person (flags: flag-case.ts).
 *
 * Every step checks that the case is assigned to the caller's organisation, and a case that
 * does not exist looks exactly like a case of another organisation (404, the same words).
 * Every step is written to the audit trail: who, which organisation, when, what; never the
 * content. The server never opens a sealed part: organisations decrypt, and re-seal what they
 * hand over, on their side.
 */
import { randomUUID } from "node:crypto";
import { armor } from "age-encryption";
import type {
  CaseSummary,
  CaseView,
  DirectoryEntry,
  WithdrawnView,
} from "../../domain/case-views.ts";
import {
  type AssignmentState,
  CLOSED_STATES,
  canMove,
  inboxOrder,
  isOverdue,
  type Outcome,
  outcomeFits,
  type WorkState,
} from "../../domain/case-work.ts";
import { checkInMonths, dueCheckIn, keptUntil } from "../../domain/check-ins.ts";
import type { Routing } from "../../domain/decision.ts";
import { flagsFor } from "../../domain/flags.ts";
import type { Organisation, Region } from "../../domain/region.ts";
import { route } from "../../domain/route.ts";
import type { Need, Urgency } from "../../domain/vocabulary.ts";
import { hiddenInInbox } from "./inbox-visibility.ts";
import type {
  Alerts,
  AssignmentRecord,
  AssignmentStore,
  AuditAction,
  AuditLog,
  CaseRecord,
  CaseStore,
  DeliveryQueues,
  Metrics,
  RoutingQueue,
  SealedParts,
} from "./ports.ts";
import { sealedPart } from "./sealed-parts.ts";

export interface WorkDeps {
  region: Region;
  cases: CaseStore;
  assignments: AssignmentStore;
  audit: AuditLog;
  routing: RoutingQueue;
  delivery: DeliveryQueues;
  alerts: Alerts;
  metrics: Metrics;
}

/** A staff member of an organisation, as their credential names them. */
export interface Staff {
  organisation: string;
  name: string;
}

/** The case is not there for this organisation: it does not exist, expired, or is another's. */
export class CaseNotFoundError extends Error {
  override name = "CaseNotFoundError";
}

/** The step does not fit the case's state, or another staff member was quicker. */
export class CaseConflictError extends Error {
  override name = "CaseConflictError";
  constructor(readonly reason: string) {
    super(reason);
  }
}

const DAY_MS = 86_400_000;
const epochSeconds = (ms: number) => Math.floor(ms / 1000);

/** Refreshes a case's retention from its last change (contract, section 5: caseDays). */
const expiresAfterChange = (region: Region, now: number) =>
  epochSeconds(now + region.retention.caseDays * DAY_MS);

export async function record(
  deps: WorkDeps,
  staff: Staff,
  action: AuditAction,
  now: number,
  caseId?: string,
  detail?: Record<string, string>,
): Promise<void> {
  await deps.audit.append({
    at: now,
    organisation: staff.organisation,
    actor: staff.name,
    action,
    ...(caseId ? { caseId } : {}),
    ...(detail ? { detail } : {}),
  });
}

/** The caller's assignment and its case, or CaseNotFoundError (flagged away is still its own). */
export async function assigned(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<{ assignment: AssignmentRecord; record: CaseRecord }> {
  const assignment = await deps.assignments.get(caseId, staff.organisation);
  if (!assignment) throw new CaseNotFoundError("No such case.");
  const found = await deps.cases.get(caseId, now);
  if (!found) throw new CaseNotFoundError("No such case.");
  return { assignment, record: found };
}

/* ---------- reading ---------- */

export type { CaseSummary, CaseView, WithdrawnView };

export interface InboxFilter {
  state?: AssignmentState;
  urgency?: Urgency;
  /** true: only the cases flagged out of the inbox (to find them again); else the others */
  hidden?: boolean;
}

/** The organisation's cases: emergency first, then the oldest; overdue ones marked. */
export async function listCases(
  deps: WorkDeps,
  staff: Staff,
  filter: InboxFilter,
  now: number,
): Promise<CaseSummary[]> {
  const all = await deps.assignments.ofOrganisation(staff.organisation);
  const hidden = await hiddenInInbox(deps.cases, all, now);
  const summaries = all
    .filter((_, index) => hidden[index] === (filter.hidden ?? false))
    .filter((assignment) => !filter.state || assignment.state === filter.state)
    .filter((assignment) => !filter.urgency || assignment.urgency === filter.urgency)
    .filter((assignment) => assignment.expiresAt > epochSeconds(now))
    .map(
      (assignment): CaseSummary => ({
        caseId: assignment.caseId,
        urgency: assignment.urgency,
        state: assignment.state,
        receivedAt: assignment.receivedAt,
        overdue: isOverdue(
          {
            urgency: assignment.urgency,
            receivedAt: assignment.receivedAt,
            claimed: !["pending", "sent"].includes(assignment.state),
          },
          deps.region,
          now,
        ),
        escalated: assignment.escalatedAt !== undefined,
        ...(assignment.outcome ? { outcome: assignment.outcome } : {}),
      }),
    )
    .sort(inboxOrder);
  await Promise.all(
    summaries
      .filter((summary) => CLOSED_STATES.includes(summary.state) && summary.state !== "withdrawn")
      .map(async (summary) => {
        const found = await deps.cases.get(summary.caseId, now);
        if (!found?.closedAt || !found.routingInput?.consent.checkIns) return;
        const answered = (found.checkIns ?? []).map((entry) => entry.month);
        if (dueCheckIn(found.closedAt, answered, checkInMonths(deps.region), now) !== null)
          summary.checkIn = "due";
        else if (answered.length > 0) summary.checkIn = "answered";
      }),
  );
  await record(deps, staff, "list", now, undefined, { count: String(summaries.length) });
  return summaries;
}

const nameOf = (region: Region, id: string) =>
  region.organisations.find((organisation) => organisation.id === id)?.name ?? id;

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

const armored = (parts: SealedParts | undefined) => ({
  ...(parts?.narrative ? { narrative: armor.encode(parts.narrative) } : {}),
  ...(parts?.contact ? { contact: armor.encode(parts.contact) } : {}),
});

export async function readCase(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<CaseView | WithdrawnView> {
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
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
    others: everyone
      .filter((other) => other.organisation !== staff.organisation)
      .map((other) => ({
        organisation: other.organisation,
        name: nameOf(deps.region, other.organisation),
        state: other.state,
        lead: other.organisation === routing.lead,
      })),
    reportedBefore: await reportedBefore(deps, found, now),
    personRecipient: found.person?.recipient ?? null,
    sealed: armored(found.sealed[staff.organisation]),
    messages: (found.messages ?? [])
      .filter((message) => message.organisation === staff.organisation)
      .map((message) => ({ id: message.id, at: message.at })),
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
            due: found.routingInput.consent.checkIns
              ? dueCheckIn(
                  found.closedAt,
                  (found.checkIns ?? []).map((entry) => entry.month),
                  checkInMonths(deps.region),
                  now,
                )
              : null,
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

/* ---------- working ---------- */

async function move(
  deps: WorkDeps,
  staff: Staff,
  assignment: AssignmentRecord,
  to: AssignmentState,
  fields: Parameters<AssignmentStore["move"]>[4],
  now: number,
): Promise<void> {
  if (!canMove(assignment.state, to))
    throw new CaseConflictError(`A case that is ${assignment.state} cannot become ${to}.`);
  const moved = await deps.assignments.move(
    assignment.caseId,
    staff.organisation,
    assignment.state,
    to,
    fields,
    now,
  );
  if (!moved)
    throw new CaseConflictError("Someone else changed this case just now. Read it again.");
}

/**
 * A case is closed once every organisation on it closed or declined it: check-ins count from
 * then, and so does its retention.
 */
async function closeIfDone(deps: WorkDeps, caseId: string, now: number): Promise<void> {
  const everyone = await deps.assignments.ofCase(caseId);
  if (
    everyone.length === 0 ||
    !everyone.every((assignment) => CLOSED_STATES.includes(assignment.state))
  )
    return;
  const found = await deps.cases.get(caseId, now);
  // With check-ins agreed, the case waits for the first of them (retention counts from then).
  const until = found?.routingInput?.consent.checkIns
    ? keptUntil(now, now, checkInMonths(deps.region), deps.region.retention.caseDays)
    : now + deps.region.retention.caseDays * DAY_MS;
  await deps.cases.markClosed(caseId, now, epochSeconds(until));
}

/** Claims the organisation's assignment; two staff members at once end with one claim. */
export async function claimCase(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  now: number,
): Promise<void> {
  const { assignment } = await assigned(deps, staff, caseId, now);
  await move(deps, staff, assignment, "claimed", { claimedBy: staff.name, claimedAt: now }, now);
  await deps.cases.recordClaim(caseId, now);
  await record(deps, staff, "claim", now, caseId);
}

export async function changeState(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  change: { state: WorkState; outcome?: Outcome | undefined },
  now: number,
): Promise<void> {
  if (!outcomeFits(change.state, change.outcome))
    throw new CaseConflictError(
      CLOSED_STATES.includes(change.state)
        ? "Closing a case needs an outcome."
        : "Only closing a case takes an outcome.",
    );
  const { assignment } = await assigned(deps, staff, caseId, now);
  await move(
    deps,
    staff,
    assignment,
    change.state,
    change.outcome ? { outcome: change.outcome } : {},
    now,
  );
  if (CLOSED_STATES.includes(change.state)) await closeIfDone(deps, caseId, now);
  await record(deps, staff, "state", now, caseId, {
    state: change.state,
    ...(change.outcome ? { outcome: change.outcome } : {}),
  });
}

/** The routing of a case without the organisations that declined (policy G2 to G6, again). */
function routingWithout(deps: WorkDeps, found: CaseRecord, declined: readonly string[]): Routing {
  const previous = found.decision.routing;
  const region: Region = {
    ...deps.region,
    organisations: deps.region.organisations.filter(
      (organisation) => !declined.includes(organisation.id),
    ),
  };
  const fresh = route(found.routingInput, found.decision.triage, region);
  const organisations = [
    ...new Set([
      ...previous.organisations.filter((id) => !declined.includes(id)),
      ...fresh.organisations,
    ]),
  ];
  const lead =
    previous.lead && !declined.includes(previous.lead)
      ? previous.lead
      : (fresh.lead ?? organisations[0] ?? null);
  return {
    organisations,
    lead,
    gaps: fresh.gaps,
    coordinator: organisations.includes(deps.region.coordinator),
    consentOverride: previous.consentOverride,
  };
}

/**
 * Declines the case: it is routed again without this organisation (and any that declined
 * before), and the coordinator is told. The coordinator itself keeps the thread: it cannot
 * decline. Organisations the new routing adds read the case in clear only: what was sealed for
 * the one that declined cannot be sealed again by the server, which never holds it open.
 */
export async function declineCase(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  reason: string,
  now: number,
): Promise<void> {
  if (staff.organisation === deps.region.coordinator)
    throw new CaseConflictError(
      "The coordinator keeps the thread of a case: it cannot decline it.",
    );
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  await move(deps, staff, assignment, "declined", { declineReason: reason }, now);
  const declined = [...new Set([...(found.declined ?? []), staff.organisation])];
  await deps.cases.reroute(
    caseId,
    { routing: routingWithout(deps, found, declined), declined },
    now,
  );
  await deps.routing.enqueue(caseId);
  const coordinator = deps.region.coordinator;
  await deps.delivery.notify({
    kind: "declined",
    version: 1,
    envelopeId: `${caseId}:declined:${staff.organisation}`,
    caseId,
    organisation: coordinator,
    at: now,
    urgency: found.decision.triage.urgency,
    declinedBy: staff.organisation,
    reason,
  });
  await deps.alerts.notify(coordinator, "declined");
  await deps.metrics.count("Declines", { organisation: staff.organisation });
  await record(deps, staff, "decline", now, caseId, { reason });
}

/** What a step on a withdrawn case is told (a flag's too: use-cases/flag-case.ts). */
export const WITHDRAWN = "The person withdrew this case: nothing more can be done with it.";

export interface Handover {
  to: string;
  need: Need;
  /** re-sealed by the handing organisation, on its side, to the new organisation's recipients */
  sealed: { narrative?: string | undefined; contact?: string | undefined };
}

/**
 * Hands a need over to another organisation of the region: it joins the case with what the
 * handing organisation re-sealed for it. Only the lead holds the contact, so only the lead can
 * pass it on; an authority joins only with the person's consent to authorities.
 */
export async function handOver(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  handover: Handover,
  now: number,
): Promise<void> {
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  const target: Organisation | undefined = deps.region.organisations.find(
    (o) => o.id === handover.to,
  );
  if (!target) throw new CaseConflictError("No organisation of the region has that id.");
  if (CLOSED_STATES.includes(assignment.state) || ["pending", "sent"].includes(assignment.state))
    throw new CaseConflictError("Claim the case before handing a need over.");
  const { routing } = found.decision;
  if (routing.organisations.includes(target.id) || (found.declined ?? []).includes(target.id))
    throw new CaseConflictError("That organisation has this case already.");
  if (target.kind === "authority" && !found.routingInput.consent.authorities)
    throw new CaseConflictError("The person did not agree to share with authorities.");
  if (handover.sealed.contact && routing.lead !== staff.organisation)
    throw new CaseConflictError(
      "Only the lead holds the contact, so only the lead can hand it over.",
    );

  const parts: SealedParts = {};
  // Re-sealed for the new organisation: one X25519 stanza per member of its staff.
  if (handover.sealed.narrative)
    parts.narrative = sealedPart(handover.sealed.narrative, target.recipients.length);
  if (handover.sealed.contact)
    parts.contact = sealedPart(handover.sealed.contact, target.recipients.length);
  const organisations = [...routing.organisations, target.id];
  await deps.cases.reroute(
    caseId,
    {
      routing: {
        ...routing,
        organisations,
        coordinator: organisations.includes(deps.region.coordinator),
      },
      sealedFor: { organisation: target.id, parts },
    },
    now,
  );
  await deps.routing.enqueue(caseId);
  await record(deps, staff, "handover", now, caseId, { to: target.id, need: handover.need });
}

/** The longest message to the person, sealed: a few pages of text. */
export const MESSAGE_MAX_CHARACTERS = 16 * 1024;

/** A message to the person, sealed on the organisation's side to the person's key. */
export async function messagePerson(
  deps: WorkDeps,
  staff: Staff,
  caseId: string,
  sealed: string,
  now: number,
): Promise<{ id: string }> {
  const { assignment, record: found } = await assigned(deps, staff, caseId, now);
  if (found.withdrawn) throw new CaseConflictError(WITHDRAWN);
  if (["pending", "sent", "declined"].includes(assignment.state))
    throw new CaseConflictError("Claim the case before writing to the person.");
  if (sealed.length > MESSAGE_MAX_CHARACTERS)
    throw new CaseConflictError("The message is too long.");
  // Sealed to the person's one key.
  sealedPart(sealed, 1);
  const id = randomUUID();
  await deps.cases.addMessage(
    caseId,
    { id, organisation: staff.organisation, at: now, sealed },
    expiresAfterChange(deps.region, now),
  );
  await record(deps, staff, "message", now, caseId);
  return { id };
}

/** The organisations of the region, with what another needs to seal a hand-over to them. */
export function directory(region: Region): DirectoryEntry[] {
  return region.organisations.map((organisation) => ({
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    needs: organisation.needs,
    recipients: organisation.recipients,
  }));
}
