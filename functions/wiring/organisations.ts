/**
 * What the organisations' API works with on this deployment: the counted stores (each step also
 * updates the monitor's counts), the audit trail, the queues, alerts, metrics and age.
 */

import { ageArmor } from "../adapters/age-armor.ts";
import { metrics } from "../adapters/cloudwatch-metrics.ts";
import { currentRegion } from "../adapters/current-region.ts";
import { auditLog, credentialStore } from "../adapters/dynamo-access.ts";
import { testCases } from "../adapters/dynamo-test-cases.ts";
import { logger } from "../adapters/logger.ts";
import { alerts } from "../adapters/notifications.ts";
import { deliveryQueues, routingQueue } from "../adapters/sqs-queues.ts";
import type { TeamDeps } from "../use-cases/assign-case.ts";
import type { WorkDeps } from "../use-cases/case-access.ts";
import type { FlagDeps } from "../use-cases/flag-case.ts";
import type { TestCaseDeps } from "../use-cases/test-case-outcome.ts";
import { countedAssignments, countedCases, countedFlags } from "./counted-stores.ts";

export const workDeps = (): WorkDeps => ({
  region: currentRegion(),
  cases: countedCases,
  assignments: countedAssignments,
  audit: auditLog,
  routing: routingQueue,
  delivery: deliveryQueues,
  alerts,
  metrics,
  sealing: ageArmor,
});

export const flagDeps = (): FlagDeps => ({ ...workDeps(), flags: countedFlags });

/** A team's work: the roster is the credentials table's list of the organisation's staff. */
export const teamDeps = (): TeamDeps => ({ ...workDeps(), roster: credentialStore });

/** Ops' view of a test case: read, then removed (never counted: test cases never are). */
export const testCaseDeps = (): TestCaseDeps => ({
  cases: countedCases,
  assignments: countedAssignments,
  testCases,
  audit: auditLog,
});

/** Who may call: the credentials table (tokens by hash, and the per-minute counters). */
export const accessDeps = () => ({ credentials: credentialStore });

export { currentRegion, logger };
