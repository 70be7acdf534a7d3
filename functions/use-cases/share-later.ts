/**
 * Sharing later, from the status page: a person who chose not to share gives a new consent,
 * and the case is routed as a new decision (policy G0-G6, on what the case kept for routing
 * and the triage it had). Nothing of what the person wrote in the form was sealed to anyone
 * (G7 seals to routed organisations only, and there were none), and the server cannot seal it
 * now: the organisations read the case in clear, and what the person writes with the share
 * (their message again, a way to reach them) is sealed to them as a reply.
 */
import { route } from "../../domain/route.ts";
import type { LaterConsents } from "../ports/ledgers.ts";
import type { RoutingQueue } from "../ports/queues.ts";
import { NobodyToReadError, sendReply } from "./person-replies.ts";
import {
  expiresAfterChange,
  StatusClosedError,
  type StatusDeps,
  unlocked,
} from "./receipt-access.ts";

export interface ShareLaterDeps extends StatusDeps {
  consents: LaterConsents;
  routing: RoutingQueue;
}

export async function shareLater(
  deps: ShareLaterDeps,
  receipt: string,
  pin: string | undefined,
  consent: { authorities: boolean },
  text: string | undefined,
  now: number,
): Promise<{ organisations: number }> {
  const { found } = await unlocked(deps, receipt, pin, now);
  if (found.routingInput.consent.share) throw new StatusClosedError("It is shared already.");
  const given = { ...found.routingInput.consent, share: true, authorities: consent.authorities };
  const fresh = route(
    { ...found.routingInput, consent: given },
    found.decision.triage,
    deps.region,
  );
  // A coordinator who had the case without consent (G0a) keeps it.
  const previous = found.decision.routing.organisations;
  const organisations = [...new Set([...fresh.organisations, ...previous])];
  // G1: a question with no way to answer it reaches nobody, shared or not.
  if (organisations.length === 0) throw new NobodyToReadError("Nobody would receive it.");
  const routing = {
    ...fresh,
    organisations,
    lead: fresh.lead ?? organisations[0] ?? null,
    coordinator: organisations.includes(deps.region.coordinator),
  };
  const expiresAt = expiresAfterChange(deps.region, now);
  if (!(await deps.consents.share(found.caseId, given, routing, now, expiresAt)))
    throw new StatusClosedError("It is shared already.");
  await deps.routing.enqueue(found.caseId);
  const message = text?.trim();
  if (message) await sendReply(deps, found, organisations, message, undefined, now);
  return { organisations: organisations.length };
}
