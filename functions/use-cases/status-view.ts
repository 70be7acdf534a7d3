/**
 * What the status page shows of a case, beyond what the person's key opens: what happened
 * (the timeline), what happens next (the answer page's guidance, rebuilt from what the case
 * keeps in clear), and who wrote each message (the kind of organisation, never its name).
 */
import { CONTACT_STATES } from "../../domain/case-work.ts";
import type { MessageKey } from "../../domain/catalogs.ts";
import { tonight, whatNext } from "../../domain/guidance.ts";
import { message } from "../../domain/messages.ts";
import type { Region } from "../../domain/region.ts";
import type { TimelineEvent, Writer } from "../../domain/status-views.ts";
import type { AssignmentStore } from "../ports/assignment-store.ts";
import type { CaseRecord } from "../ports/case-store.ts";

type Assignments = Awaited<ReturnType<AssignmentStore["ofCase"]>>;

export function timelineOf(found: CaseRecord, assignments: Assignments): TimelineEvent[] {
  const events: TimelineEvent[] = [{ event: "received", at: found.createdAt }];
  if (found.withdrawn)
    return [...events, { event: "withdrawn", at: found.withdrawn.at, kind: found.withdrawn.kind }];
  const count = found.decision.routing.organisations.length;
  const firstAssigned = Math.min(...assignments.map((assignment) => assignment.createdAt));
  events.push(
    count > 0 && assignments.length > 0
      ? { event: "shared", at: firstAssigned, organisations: count }
      : { event: "not_shared", at: found.createdAt },
  );
  if (found.claimedAt) events.push({ event: "claimed", at: found.claimedAt });
  // An organisation got in touch: when it first did (an assignment from before `contactedAt`
  // was kept has only its last change's time, while it is still in a contact state).
  const contacts = assignments.flatMap((assignment) =>
    assignment.contactedAt !== undefined
      ? [assignment.contactedAt]
      : CONTACT_STATES.includes(assignment.state)
        ? [assignment.updatedAt]
        : [],
  );
  if (contacts.length > 0) events.push({ event: "in_contact", at: Math.min(...contacts) });
  if (found.closedAt) {
    const lead = assignments.find(
      (assignment) => assignment.organisation === found.decision.routing.lead,
    );
    const outcome = lead?.outcome ?? assignments.find((assignment) => assignment.outcome)?.outcome;
    events.push({ event: "closed", at: found.closedAt, ...(outcome ? { outcome } : {}) });
  }
  return events.sort((a, b) => a.at - b.at);
}

export function writerOf(region: Region, organisation: string): Writer {
  if (organisation === region.coordinator) return "coordinator";
  const kind = region.organisations.find((o) => o.id === organisation)?.kind;
  return kind === "authority" ? "authority" : "care";
}

/**
 * A person who shared nothing may share now (a new consent, routed as a new decision); a
 * coordinator who received the case without consent (G0a) does not count as sharing.
 */
export const canShareLater = (found: CaseRecord) =>
  !found.withdrawn && !found.routingInput.consent.share;

/**
 * What happens next, in the case's locale: who will get in touch, how, by when (counted from
 * when the case was passed on), and for needs nobody covers what to do tonight; for a case
 * shared with nobody, that the person can share it here.
 */
export function nextOf(
  found: CaseRecord,
  region: Region,
  sharedAt: number,
): { next: string[]; tonight: string[] } {
  if (found.withdrawn || found.closedAt) return { next: [], tonight: [] };
  const input = {
    locale: found.locale,
    reporter: found.routingInput.reporter,
    situation: found.clear.situation,
    contact: { channel: found.routingInput.contact.channel, safeTimes: undefined },
    needs: found.decision.triage.needs,
  };
  const routed =
    found.decision.routing.organisations.length > 0 && !found.decision.routing.consentOverride;
  // Shared later, nothing of the contact was sealed: nobody can call or write as the form
  // said, so the sentence that says how is left out (the person wrote it again, or not).
  const contactSealed = Object.values(found.sealed).some((parts) => parts.contact);
  const channel = input.contact.channel;
  const how =
    channel === "none" ? null : message(found.locale, `next.how.${channel}` as MessageKey);
  return {
    next: routed
      ? whatNext(input, found.decision, region, sharedAt).filter(
          (sentence) => contactSealed || sentence !== how,
        )
      : [message(found.locale, "status.next.notShared")],
    tonight: tonight(input, found.decision, region),
  };
}
