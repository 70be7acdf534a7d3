/**
 * The monitor's tables, each a list of rows by month (care gaps: need by municipality;
 * check-ins: signal by month after closing). The tables by municipality, kind, sector, urgency,
 * multi-problem and repeat partition the reports of a month (one row each); the others count
 * mentions (needs, gaps) or steps of the work. A region publishes all of them, or the ones its
 * file lists (`monitor.tables`).
 */
export const MONITOR_TABLES = [
  "municipality",
  "kind",
  "sector",
  "urgency",
  "multi_problem",
  "repeat",
  "needs",
  "gaps",
  "first_claim",
  "first_contact",
  "work",
  "outcome",
  "check_in",
] as const;
export type MonitorTable = (typeof MONITOR_TABLES)[number];

/** The smallest count the monitor shows, unless the region file sets its own. */
export const DEFAULT_THRESHOLD = 10;
