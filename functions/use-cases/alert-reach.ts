/**
 * Which of an organisation's alert subscriptions a case may reach. A case taken in without a
 * proof of work (`unproven`: the form without JavaScript) costs its sender nothing, so it alerts
 * by email only: it is in the inbox at once, marked unproven, and is escalated like any other
 * when nobody claims it in time, but neither it nor its escalation sends an SMS. Anyone can post
 * ten of these per address and window (the edge's stricter limit); none of them wakes a phone.
 */
import type { AlertReach } from "../ports/alerts.ts";
import type { CaseRecord } from "../ports/case-store.ts";

export const alertReachOf = (record: Pick<CaseRecord, "unproven">): AlertReach =>
  record.unproven ? "email" : "all";
