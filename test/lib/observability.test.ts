import { beforeAll, describe, expect, it, vi } from "vitest";
import { queuesOf } from "../../config/resources.ts";
import { metrics } from "../../functions/adapters/cloudwatch-metrics.ts";
import { escalatingUrgencies, INTAKE_METRICS } from "../../lib/observability.ts";
import {
  arnOf,
  logicalId,
  ref,
  referencedIds,
  type Synthesized,
  sampleRegion,
  synthesize,
} from "../helpers/synth.ts";

const region = sampleRegion();
const FUNCTIONS = [
  "challenge",
  "intake",
  "router",
  "sweeper",
  "org api",
  "status",
  "escalation",
  "monitor",
];

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize(region);
});

const alarms = () =>
  Object.values(synthesized.template.findResources("AWS::CloudWatch::Alarm")).map(
    (alarm) => alarm.Properties,
  );
const alarmNamed = (name: string) => {
  const found = alarms().find((alarm) => alarm.AlarmName === `intake-${region.id} ${name}`);
  if (!found) throw new Error(`No alarm ${name}`);
  return found;
};
const topic = () => ref(synthesized.stack.observability.topic);

describe("Observability: alarms", () => {
  it("alarm every dead-letter queue with a message in it", () => {
    for (const { declaration, deadLetterQueue } of synthesized.stack.routing.queues) {
      expect(alarmNamed(`${declaration.deadLetterName} has messages`)).toMatchObject({
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [
          { Name: "QueueName", Value: { "Fn::GetAtt": [logicalId(deadLetterQueue), "QueueName"] } },
        ],
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    }
    expect(synthesized.stack.routing.queues).toHaveLength(queuesOf(region).length);
  });

  it.each(FUNCTIONS)("alarm the %s function's errors and throttles", (name) => {
    expect(alarmNamed(`${name} errors`)).toMatchObject({ MetricName: "Errors", Threshold: 1 });
    expect(alarmNamed(`${name} throttles`)).toMatchObject({
      MetricName: "Throttles",
      Threshold: 1,
    });
  });

  it("alarm the API's 5xx answers", () => {
    expect(alarmNamed("api 5xx")).toMatchObject({
      Namespace: "AWS/ApiGateway",
      MetricName: "5XXError",
      Statistic: "Sum",
      Threshold: 1,
    });
  });

  it("alarm a stuck routing queue and a delivery queue nobody reads", () => {
    expect(alarmNamed("routing stuck")).toMatchObject({
      MetricName: "ApproximateAgeOfOldestMessage",
      Threshold: 600,
    });
    expect(alarmNamed(`${region.id}-deliver-legal-aid unread`)).toMatchObject({
      MetricName: "ApproximateAgeOfOldestMessage",
      Threshold: 4 * 24 * 3600,
    });
  });

  it("alarm a parked case (routing failed too often), as the router counts it", () => {
    expect(alarmNamed("parked cases")).toMatchObject({
      Namespace: "Intake",
      MetricName: "ParkedCases",
      Dimensions: [{ Name: "service", Value: "intake" }],
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("alarm any escalation of an unclaimed case, of either urgency, in five minutes", () => {
    const alarm = alarmNamed("escalations");
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
    });
    expect(escalatingUrgencies(region)).toEqual(["emergency", "high"]);
    expect(alarm.Metrics).toEqual([
      {
        Id: "expr_1",
        Expression: "FILL(emergency, 0) + FILL(high, 0)",
        Label: "Escalations",
        ReturnData: true,
      },
      ...["emergency", "high"].map((urgency) => ({
        Id: urgency,
        // As powertools writes it: the service is a dimension of every metric.
        MetricStat: {
          Metric: {
            Namespace: "Intake",
            MetricName: "Escalations",
            Dimensions: [
              { Name: "service", Value: "intake" },
              { Name: "urgency", Value: urgency },
            ],
          },
          Period: 300,
          Stat: "Sum",
        },
        ReturnData: false,
      })),
    ]);
  });

  it("all go to the ops topic, when they fire and when they clear, and missing data is fine", () => {
    // The canary's alarm, whose missing data is a breach, is lib/canary.ts's (test/lib/canary.test.ts).
    const all = alarms().filter((alarm) => alarm.AlarmName !== `intake-${region.id} canary failed`);
    expect(alarms().length - all.length).toBe(1);
    expect(all.length).toBe(queuesOf(region).length * 2 + FUNCTIONS.length * 2 + 3);
    for (const alarm of all) {
      expect(alarm.AlarmActions).toEqual([topic()]);
      expect(alarm.OKActions).toEqual([topic()]);
      expect(alarm.TreatMissingData).toBe("notBreaching");
      const periods = alarm.Metrics
        ? alarm.Metrics.filter((metric: { MetricStat?: unknown }) => metric.MetricStat).map(
            (metric: { MetricStat: { Period: number } }) => metric.MetricStat.Period,
          )
        : [alarm.Period];
      expect(new Set(periods)).toEqual(new Set([300]));
    }
  });
});

describe("Observability: the functions' own metrics", () => {
  /** What powertools writes for one count, as the functions call it. */
  type MetricName = Parameters<typeof metrics.count>[0];
  async function emitted(name: MetricName, dimensions: Record<string, string>) {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await metrics.count(name, dimensions);
      const lines = write.mock.calls
        .map(([chunk]) => String(chunk))
        .filter((line) => line.includes("_aws"));
      expect(lines).toHaveLength(1);
      return JSON.parse(lines[0] ?? "{}");
    } finally {
      write.mockRestore();
    }
  }

  it.each<{ name: MetricName; dimensions: Record<string, string> }>([
    { name: INTAKE_METRICS.escalations, dimensions: { urgency: "high" } },
    { name: INTAKE_METRICS.declines, dimensions: { organisation: "legal-aid" } },
    { name: INTAKE_METRICS.parkedCases, dimensions: {} },
  ])(
    "$name: is written in the namespace and with the dimensions the alarms and the dashboard read",
    async ({ name, dimensions }) => {
      const record = await emitted(name, dimensions);
      expect(record._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: INTAKE_METRICS.namespace,
          Dimensions: [["service", ...Object.keys(dimensions)]],
          Metrics: [{ Name: name, Unit: "Count" }],
        },
      ]);
      expect(record).toMatchObject({ service: INTAKE_METRICS.service, ...dimensions, [name]: 1 });
    },
  );
});

describe("Observability: the ops topic", () => {
  it("is encrypted with a key of its own that CloudWatch may use", () => {
    const { template, stack } = synthesized;
    template.hasResourceProperties("AWS::SNS::Topic", {
      KmsMasterKeyId: arnOf(stack.observability.topicKey),
    });
    const key = template.findResources("AWS::KMS::Key")[logicalId(stack.observability.topicKey)];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: "CloudWatchAlarmsPublishToTheTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
  });

  it("refuses publishing without TLS, and lets this account's alarms publish", () => {
    const policy = Object.values(synthesized.template.findResources("AWS::SNS::TopicPolicy")).find(
      (candidate) =>
        referencedIds(candidate.Properties.Topics).has(
          logicalId(synthesized.stack.observability.topic),
        ),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "sns:Publish",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: "CloudWatchAlarmsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: expect.objectContaining({
          StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
        }),
      }),
    );
  });

  it("has no subscription in the template: ops subscribe their own", () => {
    const onOpsTopic = Object.values(
      synthesized.template.findResources("AWS::SNS::Subscription"),
    ).filter((subscription) =>
      referencedIds(subscription.Properties.TopicArn).has(
        logicalId(synthesized.stack.observability.topic),
      ),
    );
    expect(onOpsTopic).toEqual([]);
  });
});

describe("Observability: the dashboard", () => {
  it("is one dashboard per region, with the edge web ACL's metrics from us-east-1", () => {
    const { template } = synthesized;
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    const [dashboard] = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    expect(dashboard?.Properties.DashboardName).toBe(`intake-${region.id}`);
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    expect(body).toContain("us-east-1");
    expect(body).toContain(`intake-${region.id}-edge`);
    expect(body).toContain("ApproximateNumberOfMessagesVisible");
  });

  it("shows every function, the escalations by urgency and the declines by organisation", () => {
    const [dashboard] = Object.values(
      synthesized.template.findResources("AWS::CloudWatch::Dashboard"),
    );
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const handler of [
      synthesized.stack.api.organisations.function,
      synthesized.stack.schedules.escalator.function,
    ]) {
      expect(body).toContain(logicalId(handler));
    }
    for (const urgency of ["emergency", "high"]) {
      expect(body).toContain(
        `[\\"${INTAKE_METRICS.namespace}\\",\\"${INTAKE_METRICS.escalations}\\",\\"service\\",\\"intake\\",\\"urgency\\",\\"${urgency}\\"`,
      );
    }
    for (const organisation of region.organisations) {
      expect(body).toContain(`\\"organisation\\",\\"${organisation.id}\\"`);
      // Each organisation's alert topic: alerts delivered, and alerts that failed.
      const topic = logicalId(synthesized.stack.alerts.topic(organisation.id));
      for (const metric of ["NumberOfNotificationsDelivered", "NumberOfNotificationsFailed"]) {
        expect(body).toMatch(new RegExp(`${metric}.{0,80}${topic}`));
      }
    }
  });
});
