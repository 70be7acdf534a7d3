/**
 * Alerts to organisations (that something waits, never what) and counts for ops's alarms.
 */

export type AlertKind =
  | "new_case"
  | "emergency_case"
  | "escalation"
  | "declined"
  | "handover"
  | "reply"
  | "withdrawn";

/**
 * Who an alert may reach: `all` of the organisation's alert subscriptions, or `email` only, never
 * a phone by SMS: the alerts of an unproven case (a form post without a proof of work), which
 * anyone can make without any work, so they must not be able to wake staff at night by SMS.
 */
export type AlertReach = "all" | "email";

/** Tells an organisation that something waits, never what (a phone's lock screen shows it). */
export interface Alerts {
  /** `reach` is `all` when left out */
  notify(organisation: string, kind: AlertKind, reach?: AlertReach): Promise<void>;
}

/** Counts for the ops team's alarms (an escalation is one). */
export interface Metrics {
  count(
    name: "Escalations" | "Declines" | "ParkedCases",
    dimensions: Record<string, string>,
  ): Promise<void>;
}
