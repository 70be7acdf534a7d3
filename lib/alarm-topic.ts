/**
 * An SNS topic that CloudWatch alarms publish to, for ops: encrypted with a KMS key of its own
 * whose policy lets CloudWatch use it (an alarm cannot publish to a topic under the AWS-managed
 * SNS key), a policy that refuses publishing without TLS and lets only this account's alarms in
 * the topic's own AWS region publish. Nobody is subscribed by the template: ops subscribe their
 * own address or chat channel (docs/deploy.md, "How alarms reach the on-call person").
 *
 * The region has two: `Observability/Alarms` in the region's AWS region, and
 * `EdgeAlarms/Alarms` in us-east-1, beside CloudFront's and the edge web ACL's metrics (an
 * alarm reads metrics of its own AWS region only).
 */
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

export interface AlarmTopicProps {
  /** the topic's display name: `intake be alarms` */
  displayName: string;
  /** the key's description: `intake be: the ops alarm topic` */
  keyDescription: string;
  /** the key's alias: `alias/intake/be/alarms` */
  keyAlias: string;
}

/** The key (`TopicKey`) and the topic (`Alarms`), made in the scope given. */
export function addAlarmTopic(
  scope: Construct,
  { displayName, keyDescription, keyAlias }: AlarmTopicProps,
): { key: Key; topic: Topic } {
  const stack = Stack.of(scope);
  const key = new Key(scope, "TopicKey", {
    description: keyDescription,
    alias: keyAlias,
    enableKeyRotation: true,
    // An SNS topic keeps no message: nothing encrypted with this key outlives its topic.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // CloudWatch encrypts the alarm notification with this key when it publishes.
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: "CloudWatchAlarmsPublishToTheTopic",
      principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
    }),
  );
  const topic = new Topic(scope, "Alarms", {
    displayName,
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: "CloudWatchAlarmsOfThisAccount",
      principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["sns:Publish"],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { "aws:SourceAccount": stack.account },
        ArnLike: {
          "aws:SourceArn": `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
        },
      },
    }),
  );
  return { key, topic };
}

/**
 * A paging alarm on a topic: at or over its threshold in one period, missing data not a
 * breach, and both the alarm and its return to OK sent to the topic.
 */
export function alarmOnTopic(
  scope: Construct,
  topic: Topic,
  regionId: string,
): (alarmId: string, description: string, metric: IMetric, threshold: number) => Alarm {
  const action = new SnsAction(topic);
  return (alarmId, description, metric, threshold) => {
    const created = new Alarm(scope, alarmId, {
      alarmName: `intake-${regionId} ${alarmId}`,
      alarmDescription: `${description} (docs/deploy.md, "Read an alarm")`,
      metric,
      threshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(action);
    created.addOkAction(action);
    return created;
  };
}
