/**
 * What the status page shows the person of their case: a locked page without the PIN, else the
 * timeline, what happens next, the messages (opened with the person's key) and a due check-in.
 */
import { caseCheckInDue } from "../../domain/check-ins.ts";
import type { Status } from "../../domain/status-views.ts";
import { locate, type StatusDeps } from "./receipt-access.ts";
import { canShareLater, nextOf, timelineOf, writerOf } from "./status-view.ts";

export async function statusOf(
  deps: StatusDeps,
  receipt: string,
  pin: string | undefined,
  now: number,
): Promise<Status> {
  const located = await locate(deps, receipt, pin, now);
  const { record: found, identity } = located;
  if (!found) return { found: false };
  // A withdrawn case keeps its PIN's protection: only one withdrawn without a PIN shows its
  // timeline to the receipt alone.
  if (!identity && (!found.withdrawn || found.person?.pin))
    return {
      found: true,
      locked: true,
      ...(located.retryAt ? { retryAt: located.retryAt } : {}),
    };
  const written = [
    ...(found.messages ?? []).map((m) => ({ ...m, from: writerOf(deps.region, m.organisation) })),
    ...(found.replies ?? []).map((r) => ({ ...r, sealed: r.person ?? "", from: "you" as const })),
  ];
  const messages = identity
    ? await Promise.all(
        written.map(async ({ id, at, from, sealed }) => ({
          id,
          at,
          from,
          text: (await deps.sealing.open(identity, sealed)) ?? "",
        })),
      )
    : [];
  const assignments = found.withdrawn ? [] : await deps.assignments.ofCase(found.caseId);
  const timeline = timelineOf(found, assignments);
  const sharedAt = timeline.find((event) => event.event === "shared")?.at ?? now;
  return {
    found: true,
    locked: false,
    locale: found.locale,
    timeline,
    next: nextOf(found, deps.region, sharedAt),
    canShare: canShareLater(found),
    messages: messages.filter((message) => message.text !== "").sort((a, b) => b.at - a.at),
    checkIn: found.withdrawn ? null : caseCheckInDue(found, deps.region, now),
    pinSet: found.person?.pin === true,
    withdrawn: found.withdrawn !== undefined,
    wrongPinTries: located.wrongPinTries,
  };
}
