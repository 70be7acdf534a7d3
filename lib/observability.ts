/**
 * What tells the ops team that something went wrong, and where to look: CloudWatch alarms to an
 * SNS topic, and one dashboard per region. docs/deploy.md, "Read an alarm", says what each
 * alarm means and what to do.
 *
 * Alarms (each on one 5-minute period, missing data is not breaching):
 * - `<queue>-dlq has messages`: a dead-letter queue holds at least one message: a case that
 *   could not be routed, or an envelope an organisation's consumer failed five times;
 * - `<function> errors` and `<function> throttles`: at least one in five minutes;
 * - `api 5xx`: the API answered 5xx at least once (the contract promises no 5xx for any input);
 * - `routing stuck`: the oldest case id on the routing queue waits over ROUTING_STUCK_AFTER;
 * - `<queue> unread`: an organisation has not read its delivery queue for DELIVERY_UNREAD_AFTER
 *   (SQS deletes an envelope after DELIVERY_RETENTION_DAYS, 10: this leaves six days to act);
 * - `escalations`: at least one urgent case went unclaimed past the region's time and was
 *   escalated to the coordinator (the `Escalations` metric the escalation emits, any urgency);
 * - `parked cases`: the router parked a case it failed to route five times (`ParkedCases`): it
 *   reaches nobody until ops send it on (docs/deploy.md).
 *
 * The topic is lib/alarm-topic.ts's: encrypted, CloudWatch alarms of this account only, nobody
 * subscribed by the template (ops subscribe their own address or chat channel, docs/deploy.md).
 * The edge's alarms have a topic of their own in us-east-1 (lib/edge-alarms.ts).
 */
import { Duration } from "aws-cdk-lib";
import type { RestApi } from "aws-cdk-lib/aws-apigateway";
import {
  type Alarm,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import type { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { ITopic, Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { claimWithinMs } from "../domain/case-work.ts";
import type { Region } from "../domain/region.ts";
import { URGENCIES, type Urgency } from "../domain/vocabulary.ts";
import { addAlarmTopic, alarmOnTopic } from "./alarm-topic.ts";
import type { DeclaredQueue } from "./routing-pipeline.ts";

/** The period every alarm looks at. */
export const ALARM_PERIOD = Duration.minutes(5);
/** A case id older than this on the routing queue: the router is not keeping up, or failing. */
export const ROUTING_STUCK_AFTER = Duration.minutes(10);
/** An envelope older than this on a delivery queue: its organisation is not reading. */
export const DELIVERY_UNREAD_AFTER = Duration.days(4);

/**
 * The functions' own metrics, in CloudWatch's embedded metric format (powertools, in
 * functions/adapters/cloudwatch-metrics.ts): written to the logs, so no function needs
 * `cloudwatch:PutMetricData`. Powertools adds the service to every metric as a dimension.
 */
export const INTAKE_METRICS = {
  namespace: "Intake",
  service: "intake",
  /** one per escalated case, by `urgency` */
  escalations: "Escalations",
  /** one per declined case, by the declining `organisation` */
  declines: "Declines",
  /** one per case the router parked after too many failed attempts (no dimension) */
  parkedCases: "ParkedCases",
} as const;

/** The urgencies a region escalates when nobody claims them in time (emergency, high). */
export const escalatingUrgencies = (region: Region): Urgency[] =>
  URGENCIES.filter((urgency) => claimWithinMs(urgency, region) !== null);

const intakeMetric = (
  metricName: string,
  dimensions: Record<string, string>,
  period: Duration,
): Metric =>
  new Metric({
    namespace: INTAKE_METRICS.namespace,
    metricName,
    dimensionsMap: { service: INTAKE_METRICS.service, ...dimensions },
    period,
    statistic: "Sum",
  });

export const escalationsMetric = (urgency: Urgency, period: Duration = ALARM_PERIOD) =>
  intakeMetric(INTAKE_METRICS.escalations, { urgency }, period);
export const declinesMetric = (organisation: string, period: Duration = ALARM_PERIOD) =>
  intakeMetric(INTAKE_METRICS.declines, { organisation }, period);

export interface WatchedFunction {
  /** a short name for the alarm and the dashboard (`intake`, `router`) */
  name: string;
  function: IFunction;
}

/** A web ACL's metrics: its metric name, its rules' metric names and where they are. */
export interface WatchedWebAcl {
  title: string;
  metricName: string;
  ruleMetricNames: string[];
  /** the AWS region of the metrics (us-east-1 for CloudFront's web ACL) */
  region: string;
  /** CLOUDFRONT-scope metrics carry no Region dimension */
  regionDimension?: string;
}

export interface ObservabilityProps {
  /** The region: its id names the alarms, its escalation and organisations the metrics. */
  region: Region;
  queues: readonly DeclaredQueue[];
  functions: readonly WatchedFunction[];
  restApi: RestApi;
  webAcls: readonly WatchedWebAcl[];
  /** The organisations' alert topics, by organisation: their deliveries on the dashboard. */
  alertTopics: ReadonlyMap<string, ITopic>;
}

export class Observability extends Construct {
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly alarms: Alarm[] = [];
  /** Each function's `errors` alarm, by its name: what rolls a deployment back. */
  readonly errorAlarms = new Map<string, Alarm>();
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { region } = props;
    const regionId = region.id;
    const { key, topic } = addAlarmTopic(this, {
      displayName: `intake ${regionId} alarms`,
      keyDescription: `intake ${regionId}: the ops alarm topic`,
      keyAlias: `alias/intake/${regionId}/alarms`,
    });
    this.topicKey = key;
    this.topic = topic;

    const paging = alarmOnTopic(this, this.topic, regionId);
    const alarm = (
      alarmId: string,
      description: string,
      metric: IMetric,
      threshold: number,
    ): Alarm => {
      const created = paging(alarmId, description, metric, threshold);
      this.alarms.push(created);
      return created;
    };

    for (const { declaration, queue, deadLetterQueue } of props.queues) {
      alarm(
        `${declaration.deadLetterName} has messages`,
        `Messages on ${declaration.deadLetterName}: redrive them once the cause is fixed`,
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: "Maximum",
        }),
        1,
      );
      const oldest = queue.metricApproximateAgeOfOldestMessage({
        period: ALARM_PERIOD,
        statistic: "Maximum",
      });
      if (declaration.kind === "routing") {
        alarm(
          "routing stuck",
          "Cases wait on the routing queue: the router is failing or throttled",
          oldest,
          ROUTING_STUCK_AFTER.toSeconds(),
        );
      } else {
        alarm(
          `${declaration.name} unread`,
          `${declaration.organisation} has not read its delivery queue for ${DELIVERY_UNREAD_AFTER.toDays()} days`,
          oldest,
          DELIVERY_UNREAD_AFTER.toSeconds(),
        );
      }
    }
    for (const { name, function: fn } of props.functions) {
      const options = { period: ALARM_PERIOD, statistic: "Sum" };
      this.errorAlarms.set(
        name,
        alarm(`${name} errors`, `The ${name} function failed`, fn.metricErrors(options), 1),
      );
      alarm(
        `${name} throttles`,
        `The ${name} function was throttled`,
        fn.metricThrottles(options),
        1,
      );
    }
    alarm(
      "api 5xx",
      "The API answered 5xx: a function failed or timed out",
      props.restApi.metricServerError({ period: ALARM_PERIOD, statistic: "Sum" }),
      1,
    );
    const urgencies = escalatingUrgencies(region);
    if (urgencies.length > 0) {
      // One metric per urgency (its dimension): their sum, a missing one counting as none.
      alarm(
        "escalations",
        "An urgent case went unclaimed past the region's time and was escalated to the coordinator",
        new MathExpression({
          expression: urgencies.map((urgency) => `FILL(${urgency}, 0)`).join(" + "),
          usingMetrics: Object.fromEntries(
            urgencies.map((urgency) => [urgency, escalationsMetric(urgency)]),
          ),
          period: ALARM_PERIOD,
          label: "Escalations",
        }),
        1,
      );
    }
    alarm(
      "parked cases",
      "A case failed routing five times and was parked: it reaches nobody until ops send it on",
      intakeMetric(INTAKE_METRICS.parkedCases, {}, ALARM_PERIOD),
      1,
    );

    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `intake-${regionId}`,
      defaultInterval: Duration.days(1),
    });
    const graph = (title: string, left: IMetric[], width = 12) =>
      new GraphWidget({ title, left, width, height: 6 });
    const period = Duration.minutes(5);
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# intake ${regionId}\nAlarms go to the SNS topic \`${regionId} alarms\`. docs/deploy.md says what each one means.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph("API requests and errors", [
        props.restApi.metricCount({ period, statistic: "Sum" }),
        props.restApi.metricClientError({ period, statistic: "Sum" }),
        props.restApi.metricServerError({ period, statistic: "Sum" }),
      ]),
      graph("API latency (p50, p99)", [
        props.restApi.metricLatency({ period, statistic: "p50" }),
        props.restApi.metricLatency({ period, statistic: "p99" }),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        "Function duration (p50)",
        props.functions.map(({ function: fn }) => fn.metricDuration({ period, statistic: "p50" })),
      ),
      graph(
        "Function errors and throttles",
        props.functions.flatMap(({ function: fn }) => [
          fn.metricErrors({ period, statistic: "Sum" }),
          fn.metricThrottles({ period, statistic: "Sum" }),
        ]),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        "Escalations, by urgency",
        urgencies.map((urgency) => escalationsMetric(urgency, period)),
      ),
      graph(
        "Declines, by organisation",
        region.organisations.map((organisation) => declinesMetric(organisation.id, period)),
      ),
    );
    const alertTopics = [...props.alertTopics.values()];
    this.dashboard.addWidgets(
      graph(
        "Alerts delivered (email, SMS)",
        alertTopics.map((topic) =>
          topic.metricNumberOfNotificationsDelivered({ period, statistic: "Sum" }),
        ),
      ),
      graph(
        "Alerts that failed (SMS sandbox, opted out, a bounced address)",
        alertTopics.map((topic) =>
          topic.metricNumberOfNotificationsFailed({ period, statistic: "Sum" }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        "Messages waiting",
        props.queues.map(({ queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
        ),
      ),
      graph(
        "Dead-letter queues",
        props.queues.map(({ deadLetterQueue }) =>
          deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period,
            statistic: "Maximum",
          }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      ...props.webAcls.map((acl) =>
        graph(
          `${acl.title}: blocked and counted requests`,
          [acl.metricName, ...acl.ruleMetricNames].flatMap((rule) =>
            ["BlockedRequests", "CountedRequests"].map(
              (metricName) =>
                new Metric({
                  namespace: "AWS/WAFV2",
                  metricName,
                  region: acl.region,
                  period,
                  statistic: "Sum",
                  dimensionsMap: {
                    WebACL: acl.metricName,
                    Rule: rule === acl.metricName ? "ALL" : rule,
                    ...(acl.regionDimension ? { Region: acl.regionDimension } : {}),
                  },
                }),
            ),
          ),
        ),
      ),
    );
  }
}
