/**
 * The canary's rules (docs/deploy.md, "The canary"): how often it runs unless the region file
 * says otherwise, how long it waits for its test report to be routed, and what counts as the
 * report having reached its organisations. Pure: the use case (functions/use-cases/run-canary.ts)
 * and the stack (lib/canary.ts) read them.
 */
import type { Region } from "./region.ts";

/** What a region file without a `canary` block gets. */
export const CANARY_DEFAULTS = {
  enabled: true,
  /** once an hour: 720 test reports a month, a failure seen within the hour */
  everyMinutes: 60,
} as const;

/** The canary's metrics (functions/adapters/canary-results.ts), which its alarm reads. */
export const CANARY_METRICS = {
  namespace: "Intake",
  service: "intake",
  /** 1 for a failed run, 0 for a passed one */
  failures: "CanaryFailures",
  /** how long a run took, ms */
  duration: "CanaryDuration",
} as const;

/** How long a run waits for the case to be routed: the router takes seconds, the sweeper 1 min. */
export const CANARY_ROUTING_WAIT_MS = 90_000;
/** How often a run asks for the routing outcome while it waits. */
export const CANARY_POLL_MS = 3_000;

export interface CanarySettings {
  enabled: boolean;
  everyMinutes: number;
}

export function canaryOf(region: Region): CanarySettings {
  return {
    enabled: region.canary?.enabled ?? CANARY_DEFAULTS.enabled,
    everyMinutes: region.canary?.everyMinutes ?? CANARY_DEFAULTS.everyMinutes,
  };
}

/**
 * Why a region's canary would be a burden on real organisations: it runs, and the region has
 * no test organisation to take its reports (domain/route.ts, `routingScope`), so every run
 * puts a test case in real inboxes and an envelope on their queues. `null` when it is fine.
 */
export function canaryWarning(region: Region): string | null {
  if (!canaryOf(region).enabled) return null;
  if (region.organisations.some((organisation) => organisation.test === true)) return null;
  return `the canary runs every ${canaryOf(region).everyMinutes} minutes and no organisation is marked "test": true, so each run reaches real organisations (marked test): add a test organisation (docs/deploy.md, section 6b)`;
}

/** The routing outcome of a test case, as `GET /api/v1/ops/test-reports/{caseId}` answers it. */
export interface TestOutcome {
  state: string;
  /** each organisation the decision routes it to, with its assignment's state (`none`: none yet) */
  organisations: readonly { organisation: string; state: string }[];
}

/** Assignment states that mean the organisation has the case (`sent`, or work already on it). */
const PENDING = new Set(["none", "pending"]);

/**
 * `reached`: routed, and every organisation of the decision has its case; `waiting`: not yet;
 * `parked`: the router gave up on it (it will reach nobody until ops send it on).
 */
export function judgeOutcome(outcome: TestOutcome): "reached" | "waiting" | "parked" {
  if (outcome.state === "parked") return "parked";
  if (outcome.state !== "routed" || outcome.organisations.length === 0) return "waiting";
  return outcome.organisations.every(({ state }) => !PENDING.has(state)) ? "reached" : "waiting";
}
