/**
 * Alerts and metrics in memory (ports/alerts.ts): each call recorded, in order, so a test asserts
 * who was told that something waits, how far the alert may reach, and what ops's alarms count.
 *
 * Models the port, not SNS or CloudWatch: no topics, no SMS filter (the reach is recorded as the
 * adapter would send it: `all` when left out), no words of the alert.
 */
import type { AlertKind, AlertReach, Alerts, Metrics } from "../../../functions/ports/alerts.ts";

export interface SentAlert {
  organisation: string;
  kind: AlertKind;
  reach: AlertReach;
}

export interface CountedMetric {
  name: Parameters<Metrics["count"]>[0];
  dimensions: Record<string, string>;
}

export interface InMemoryAlerts {
  alerts: Alerts;
  metrics: Metrics;
  sent: SentAlert[];
  counted: CountedMetric[];
}

export function inMemoryAlerts(): InMemoryAlerts {
  const sent: SentAlert[] = [];
  const counted: CountedMetric[] = [];
  return {
    alerts: {
      async notify(organisation, kind, reach = "all") {
        sent.push({ organisation, kind, reach });
      },
    },
    metrics: {
      async count(name, dimensions) {
        counted.push({ name, dimensions: { ...dimensions } });
      },
    },
    sent,
    counted,
  };
}
