/**
 * The canary's result as metrics, in CloudWatch's embedded metric format (powertools): written
 * to the log, so the function needs no `cloudwatch:PutMetricData`. `CanaryFailures` is 1 for a
 * failed run and 0 for a passed one (the alarm sums it; no data at all alarms too), and
 * `CanaryDuration` is how long the run took (lib/canary.ts).
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { CANARY_METRICS } from "../../domain/canary.ts";
import type { CanaryResults } from "../ports/canary.ts";

const metrics = new Metrics({
  namespace: CANARY_METRICS.namespace,
  serviceName: CANARY_METRICS.service,
});

export const canaryResults: CanaryResults = {
  async record({ ok, ms }) {
    metrics.addMetric(CANARY_METRICS.failures, MetricUnit.Count, ok ? 0 : 1);
    metrics.addMetric(CANARY_METRICS.duration, MetricUnit.Milliseconds, ms);
    metrics.publishStoredMetrics();
  },
};
