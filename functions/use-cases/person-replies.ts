/**
 * What the person writes back from the status page: sealed at once to each organisation that
 * should read it, and a copy to the person's own key so the page can show it back to them
 * (docs/privacy.md). The server keeps no plain text.
 */
import { randomUUID } from "node:crypto";
import { replyReaders } from "../../domain/flags.ts";
import type { CaseRecord } from "../ports/case-store.ts";
import {
  expiresAfterChange,
  StatusClosedError,
  type StatusDeps,
  sealArmored,
  unlocked,
} from "./receipt-access.ts";

export const REPLY_MAX = 4000;

/**
 * Nobody can read a reply: the person shared their report with nobody (or every organisation
 * left it). The page keeps the text and offers to share.
 */
export class NobodyToReadError extends StatusClosedError {
  override name = "NobodyToReadError";
}

/** Seals a reply to `organisations` (and to the person) and tells each of them. */
export async function sendReply(
  deps: Pick<StatusDeps, "region" | "cases" | "alerts" | "audit" | "sealing">,
  found: CaseRecord,
  organisations: readonly string[],
  text: string,
  inReplyTo: string | undefined,
  now: number,
): Promise<{ id: string }> {
  const sealed: Record<string, string> = {};
  for (const organisation of organisations) {
    const recipients = deps.region.organisations.find((o) => o.id === organisation)?.recipients;
    if (recipients && recipients.length > 0)
      sealed[organisation] = deps.sealing.armor(await deps.sealing.seal(recipients, text));
  }
  if (Object.keys(sealed).length === 0)
    throw new NobodyToReadError("Nobody is on this case to read a reply.");
  const id = randomUUID();
  const answered =
    inReplyTo && (found.messages ?? []).some((message) => message.id === inReplyTo)
      ? inReplyTo
      : undefined;
  const person = found.person ? await sealArmored(deps, found.person.recipient, text) : undefined;
  await deps.cases.addReply(
    found.caseId,
    {
      id,
      at: now,
      ...(answered ? { inReplyTo: answered } : {}),
      sealed,
      ...(person ? { person } : {}),
    },
    expiresAfterChange(deps.region, now),
  );
  for (const organisation of Object.keys(sealed)) {
    await deps.alerts.notify(organisation, "reply");
    await deps.audit.append({
      at: now,
      organisation,
      actor: "person",
      action: "reply_received",
      caseId: found.caseId,
    });
  }
  return { id };
}

/** A reply to every organisation on the case, flagged or not (domain/flags.ts). */
export async function reply(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  text: string,
  inReplyTo: string | undefined,
  now: number,
): Promise<{ id: string }> {
  const { found } = await unlocked(deps, receipt, pin, now);
  // Every organisation routing chose, also one whose envelope is still on its way (just shared
  // later), but none that declined or left it; whether it flagged the case does not matter.
  const readers = replyReaders(
    found.decision.routing.organisations,
    await deps.assignments.ofCase(found.caseId),
    found.declined,
  );
  return sendReply(deps, found, readers, text, inReplyTo, now);
}
