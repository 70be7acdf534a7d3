/**
 * The functions' own metrics, in CloudWatch's embedded metric format (powertools): written to
 * the log, where the ops team's alarms watch them (lib/observability.ts), so no function needs
 * `cloudwatch:PutMetricData`. A module of its own, apart from the alerts: powertools' Metrics is
 * made when this module loads, and only the functions that count (the router, the escalation,
 * the organisations' API) carry it.
 */
import { MetricUnit, Metrics as PowertoolsMetrics } from "@aws-lambda-powertools/metrics";
import type { Metrics } from "../ports/alerts.ts";

const powertools = new PowertoolsMetrics({ namespace: "Intake", serviceName: "intake" });

export const metrics: Metrics = {
  async count(name, dimensions) {
    const single = powertools.singleMetric();
    for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value);
    single.addMetric(name, MetricUnit.Count, 1);
  },
};
