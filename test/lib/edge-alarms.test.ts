import { beforeAll, describe, expect, it } from "vitest";
import { edgeAlarmsStackName, STACK_OUTPUTS } from "../../config/resources.ts";
import {
  EDGE_5XX_RATE_PERCENT,
  EDGE_ALARM_PERIOD,
  EDGE_BLOCKED_REQUESTS,
} from "../../lib/edge-alarms.ts";
import { arnOf, logicalId, ref, type Synthesized, synthesize } from "../helpers/synth.ts";

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

const alarmNamed = (name: string) => {
  const found = Object.values(
    synthesized.edgeAlarmsTemplate.findResources("AWS::CloudWatch::Alarm"),
  ).find((alarm) => alarm.Properties.AlarmName === name);
  if (!found) throw new Error(`No alarm ${name}`);
  return found.Properties;
};

describe("the edge alarms' stack", () => {
  it("is in us-east-1, beside CloudFront's and the edge web ACL's metrics, and deploys after the region's stack", () => {
    const { edgeAlarms, stack, region } = synthesized;
    expect(edgeAlarms.region).toBe("us-east-1");
    expect(edgeAlarms.stackName).toBe(edgeAlarmsStackName(region.id));
    expect(edgeAlarms.dependencies).toContain(stack);
    expect(edgeAlarms.terminationProtection).toBe(false);
  });

  it("holds the two alarms, nothing else that watches, and nothing of a report", () => {
    const types = new Set(
      Object.values(
        synthesized.edgeAlarmsTemplate.toJSON().Resources as Record<string, { Type: string }>,
      ).map((resource) => resource.Type),
    );
    expect([...types].sort()).toEqual(
      [
        "AWS::CloudWatch::Alarm",
        "AWS::IAM::Role",
        "AWS::KMS::Alias",
        "AWS::KMS::Key",
        "AWS::Lambda::Function",
        "AWS::SNS::Topic",
        "AWS::SNS::TopicPolicy",
        "Custom::CrossRegionExportReader",
      ].sort(),
    );
    synthesized.edgeAlarmsTemplate.resourceCountIs("AWS::CloudWatch::Alarm", 2);
  });

  it("names its topic in an output, where npm run smoke and ops find it", () => {
    const { edgeAlarms, edgeAlarmsTemplate } = synthesized;
    expect(edgeAlarmsTemplate.toJSON().Outputs[STACK_OUTPUTS.edgeAlarmTopicArn].Value).toEqual(
      ref(edgeAlarms.alarms.topic),
    );
  });
});

describe("EdgeAlarms", () => {
  it("edge 5xx: the distribution's 5xx rate, in CloudFront's Global region, at or over the threshold", () => {
    const alarm = alarmNamed(`intake-${synthesized.region.id} edge 5xx`);
    expect(alarm).toMatchObject({
      Namespace: "AWS/CloudFront",
      MetricName: "5xxErrorRate",
      Statistic: "Average",
      Period: EDGE_ALARM_PERIOD.toSeconds(),
      Threshold: EDGE_5XX_RATE_PERCENT,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
      TreatMissingData: "notBreaching",
    });
    const dimensions = Object.fromEntries(
      (alarm.Dimensions as { Name: string; Value: unknown }[]).map(({ Name, Value }) => [
        Name,
        Value,
      ]),
    );
    expect(dimensions.Region).toBe("Global");
    // The region's distribution, read through the cross-region reference.
    expect(JSON.stringify(dimensions.DistributionId)).toContain(
      logicalId(synthesized.stack.web.distribution),
    );
  });

  it("edge blocked: every rule's blocked requests of the edge web ACL, at or over the threshold", () => {
    const alarm = alarmNamed(`intake-${synthesized.region.id} edge blocked`);
    expect(alarm).toMatchObject({
      Namespace: "AWS/WAFV2",
      MetricName: "BlockedRequests",
      Statistic: "Sum",
      Period: EDGE_ALARM_PERIOD.toSeconds(),
      Threshold: EDGE_BLOCKED_REQUESTS,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    });
    expect(alarm.Dimensions).toEqual([
      { Name: "Rule", Value: "ALL" },
      { Name: "WebACL", Value: synthesized.edge.protection.metricName },
    ]);
  });

  it.each(["edge 5xx", "edge blocked"])(
    "%s: tells the edge topic when it fires and when it clears",
    (name) => {
      const alarm = alarmNamed(`intake-${synthesized.region.id} ${name}`);
      const topic = ref(synthesized.edgeAlarms.alarms.topic);
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toEqual([topic]);
    },
  );

  it("encrypts the topic with a rotated key of its own that CloudWatch may use, and refuses publishing without TLS", () => {
    const { edgeAlarms, edgeAlarmsTemplate } = synthesized;
    const { topic, topicKey } = edgeAlarms.alarms;
    const topicResource = edgeAlarmsTemplate.toJSON().Resources[logicalId(topic)];
    expect(topicResource.Properties.KmsMasterKeyId).toEqual(arnOf(topicKey));
    const key = edgeAlarmsTemplate.toJSON().Resources[logicalId(topicKey)];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      }),
    );
    const policy = Object.values(edgeAlarmsTemplate.findResources("AWS::SNS::TopicPolicy"))[0];
    const statements = policy?.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    const publish = statements.find(
      (statement: { Sid?: string }) => statement.Sid === "CloudWatchAlarmsOfThisAccount",
    );
    expect(JSON.stringify(publish.Condition.ArnLike)).toContain(":cloudwatch:us-east-1:");
  });
});
