/**
 * What the sweeper works with: the waiting indexes and the routing queue. A file of its own, so
 * the sweeper's bundle carries none of the router's adapters (counters, alerts, metrics).
 */
import { assignmentStore } from "../adapters/dynamo-assignments.ts";
import { caseStore } from "../adapters/dynamo-cases.ts";
import { logger } from "../adapters/logger.ts";
import { routingQueue } from "../adapters/sqs-queues.ts";
import type { SweepDeps } from "../use-cases/sweep-stale.ts";

/** The sweeper only reads the waiting indexes and enqueues again: nothing it does is counted. */
export const sweepDeps = (): SweepDeps => ({
  cases: caseStore,
  assignments: assignmentStore,
  routing: routingQueue,
});

export { logger };
