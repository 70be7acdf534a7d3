import { beforeAll, describe, expect, it } from "vitest";
import { queuesOf } from "../../lib/resources.ts";
import {
  arnOf,
  logicalId,
  ref,
  type Synthesized,
  sampleRegion,
  synthesize,
} from "../helpers/synth.ts";

const region = sampleRegion();
const FUNCTIONS = ["challenge", "intake", "router", "sweeper"];

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

  it("all go to the ops topic, when they fire and when they clear, and missing data is fine", () => {
    const all = alarms();
    expect(all.length).toBe(queuesOf(region).length * 2 + FUNCTIONS.length * 2 + 1);
    for (const alarm of all) {
      expect(alarm.AlarmActions).toEqual([topic()]);
      expect(alarm.OKActions).toEqual([topic()]);
      expect(alarm.TreatMissingData).toBe("notBreaching");
      expect(alarm.Period).toBe(300);
    }
  });
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
    const [policy] = Object.values(synthesized.template.findResources("AWS::SNS::TopicPolicy"));
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
    synthesized.template.resourceCountIs("AWS::SNS::Subscription", 0);
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
});
