/**
 * What tells ops that people cannot reach the site, or that the edge refuses many of them: two
 * CloudWatch alarms on the edge's own metrics, in us-east-1 where CloudFront and a CLOUDFRONT
 * web ACL publish them (an alarm reads metrics of its own AWS region only), to an encrypted
 * topic there (lib/alarm-topic.ts) that ops subscribe to beside the region's own
 * (docs/deploy.md, "How alarms reach the on-call person").
 *
 * - `edge 5xx`: EDGE_5XX_RATE_PERCENT or more of the distribution's requests answered 5xx in five
 *   minutes (`5xxErrorRate`): an origin failing or timing out, or CloudFront itself failing; the
 *   region's `api 5xx` alarm says whether the API is the cause;
 * - `edge blocked`: the edge web ACL blocked at least EDGE_BLOCKED_REQUESTS requests in five
 *   minutes (every rule): a flood, or a rule refusing people (the WAF log and the sampled
 *   requests say which; docs/deploy.md, "Read an alarm").
 *
 * Missing data is not breaching: no requests, no alarm.
 */
import { Duration } from "aws-cdk-lib";
import { type Alarm, type IMetric, Metric } from "aws-cdk-lib/aws-cloudwatch";
import type { Key } from "aws-cdk-lib/aws-kms";
import type { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { addAlarmTopic, alarmOnTopic } from "./alarm-topic.ts";

/** The period both alarms look at. */
export const EDGE_ALARM_PERIOD = Duration.minutes(5);
/** Percent of the distribution's requests answered 5xx in a period. */
export const EDGE_5XX_RATE_PERCENT = 5;
/**
 * Requests the edge web ACL blocked in a period: well above one person's retries (a rate rule
 * blocks an address above its limit, REPORT_POSTS_PER_WINDOW and below), well below a flood.
 */
export const EDGE_BLOCKED_REQUESTS = 100;

export interface EdgeAlarmsProps {
  regionId: string;
  /** the region's CloudFront distribution */
  distributionId: string;
  /** the edge web ACL's name, its metrics' `WebACL` dimension */
  webAclMetricName: string;
}

export class EdgeAlarms extends Construct {
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: EdgeAlarmsProps) {
    super(scope, id);
    const { regionId } = props;
    const { key, topic } = addAlarmTopic(this, {
      displayName: `intake ${regionId} edge alarms`,
      keyDescription: `intake ${regionId}: the ops alarm topic of the edge (us-east-1)`,
      keyAlias: `alias/intake/${regionId}/edge-alarms`,
    });
    this.topicKey = key;
    this.topic = topic;
    const paging = alarmOnTopic(this, topic, regionId);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number) => {
      this.alarms.push(paging(alarmId, description, metric, threshold));
    };
    alarm(
      "edge 5xx",
      `${EDGE_5XX_RATE_PERCENT}% or more of the site's requests were answered 5xx: people cannot report`,
      new Metric({
        namespace: "AWS/CloudFront",
        metricName: "5xxErrorRate",
        // CloudFront publishes its metrics with the pseudo region `Global`.
        dimensionsMap: { DistributionId: props.distributionId, Region: "Global" },
        period: EDGE_ALARM_PERIOD,
        statistic: "Average",
      }),
      EDGE_5XX_RATE_PERCENT,
    );
    alarm(
      "edge blocked",
      `The edge web ACL blocked ${EDGE_BLOCKED_REQUESTS} or more requests: a flood, or a rule refusing people`,
      new Metric({
        namespace: "AWS/WAFV2",
        metricName: "BlockedRequests",
        // A CLOUDFRONT web ACL's metrics carry no Region dimension; `ALL` sums its rules.
        dimensionsMap: { WebACL: props.webAclMetricName, Rule: "ALL" },
        period: EDGE_ALARM_PERIOD,
        statistic: "Sum",
      }),
      EDGE_BLOCKED_REQUESTS,
    );
  }
}
