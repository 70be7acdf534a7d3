/** An organisation hands a need over to another organisation of the region. */
import { CLOSED_STATES } from "../../domain/case-work.ts";
import type { Organisation } from "../../domain/region.ts";
import { routingScope } from "../../domain/route.ts";
import type { Need } from "../../domain/vocabulary.ts";
import type { SealedParts } from "../ports/case-store.ts";
import { assigned, CaseConflictError, record, type Staff, type WorkDeps } from "./case-access.ts";
import { sealedPart } from "./sealed-parts.ts";

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
  // A person's case goes to no test organisation (routingScope): as if it did not exist.
  const target: Organisation | undefined = routingScope(
    deps.region,
    found.test === true,
  ).organisations.find((o) => o.id === handover.to);
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
    parts.narrative = sealedPart(handover.sealed.narrative, target.recipients.length, deps.sealing);
  if (handover.sealed.contact)
    parts.contact = sealedPart(handover.sealed.contact, target.recipients.length, deps.sealing);
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
