/** What the monitor's API works with on this deployment: the counters table and credentials. */
import { currentRegion } from "../adapters/current-region.ts";
import { credentialStore } from "../adapters/dynamo-access.ts";
import { dynamoCounters } from "../adapters/dynamo-counters.ts";
import { logger } from "../adapters/logger.ts";
import type { MonitorDeps } from "../use-cases/read-monitor.ts";

const counters = dynamoCounters();

export const monitorDeps = (): MonitorDeps => ({ region: currentRegion(), counters });

/** Who may call: the credentials table (tokens by hash, and the per-minute counters). */
export const accessDeps = () => ({ credentials: credentialStore });

export { currentRegion, logger };
